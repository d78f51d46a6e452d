"""A malformed catalog in CI output (issue 23 item 4): every format still prints a valid document
naming the broken file and line as a failure, the other catalogs are still checked, stderr keeps
its one line and the exit code stays 2 (bad input)."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest

from helpers import run
from helpers.checkutil import edit, po_path

DE = "locales/de/LC_MESSAGES/ecuador-military-support.po"
ES = "locales/es/LC_MESSAGES/ecuador-military-support.po"


@pytest.fixture
def broken(project):
    """de's catalog with an unquoted msgstr; es with a real problem the gate must still find."""
    path = po_path(project, "de")
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "Ecuador erlebt' in text
    path.write_text(text.replace('msgstr "Ecuador erlebt', 'msgstr Ecuador erlebt', 1), encoding="utf-8")
    line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if l.startswith("msgstr Ecuador erlebt"))
    edit(project, "es", "Ecuador is currently experiencing", msgstr="")
    return project, line


def _stderr_line(result, line):
    (message,) = result.stderr.strip().splitlines()
    assert message.startswith(f"l10n: error: {DE}:{line}: "), message


def test_json_has_the_malformed_catalog_as_a_problem(broken):
    project, line = broken
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 2
    _stderr_line(result, line)
    report = json.loads(result.stdout)
    assert report["passed"] is False
    (bad,) = [p for p in report["problems"] if p["path"] == DE]
    assert (bad["check"], bad["severity"], bad["line"], bad["language"]) == ("malformed", "error", line, "de")
    # the other catalogs were still checked
    assert any(p["path"] == ES and p["check"] == "completeness" for p in report["problems"])
    assert {c["path"] for c in report["catalogs"]} >= {DE, ES}


def test_junit_parses_and_has_the_failure(broken):
    project, line = broken
    result = run(project, "check", "--format", "junit")
    assert result.exit_code == 2
    _stderr_line(result, line)
    root = ET.fromstring(result.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    (case,) = suites[DE].iter("testcase")
    (failure,) = case.iter("failure")
    assert case.get("name") == "malformed" and f"{DE}:{line}" in failure.text
    assert [f for f in suites[ES].iter("failure")], "es was still checked"


def test_github_annotates_the_broken_file_and_line(broken):
    project, line = broken
    result = run(project, "check", "--format", "github")
    assert result.exit_code == 2
    _stderr_line(result, line)
    annotations = result.stdout.splitlines()
    assert any(re.match(rf"^::error file={re.escape(DE)},line={line},title=l10n malformed::.+", a)
               for a in annotations), annotations
    assert any(a.startswith(f"::error file={ES},") for a in annotations)


def test_text_lists_it_too(broken):
    project, line = broken
    result = run(project, "check")
    assert result.exit_code == 2
    _stderr_line(result, line)
    assert f"{DE}:{line}: [malformed] " in result.stdout


def test_the_malformed_result_is_not_cached(broken):
    project, line = broken
    assert run(project, "check", "--format", "json").exit_code == 2
    again = run(project, "check", "--format", "json")
    assert again.exit_code == 2
    _stderr_line(again, line)
