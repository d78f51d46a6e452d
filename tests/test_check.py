"""`l10n check`: the shipped project passes; each planted problem fails with exactly its check."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from helpers.checkutil import edit, header_line, msgstr_line, po_path
from helpers import run, snapshot

CASES = sorted((Path(__file__).parent / "data" / "check").glob("*.toml"))
FORMATS = ("text", "json", "junit", "github")
GITHUB_COMMAND = re.compile(r"^::(error|warning|notice)(?: ((?:[a-zA-Z]+=[^,:]*)(?:,[a-zA-Z]+=[^,:]*)*))?::(.*)$")


@pytest.mark.parametrize("fmt", FORMATS)
def test_shipped_project_passes_without_warnings(project, fmt):
    result = run(project, "check", "--format", fmt)
    assert result.exit_code == 0, result.stdout + result.stderr
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report == {**report, "passed": True, "problems": [], "waivers": []}
    elif fmt == "text":
        assert result.stdout.strip().startswith("l10n check passed")
        assert "0 errors, 0 warnings, 0 waivers" in result.stdout
    elif fmt == "github":
        assert not re.search(r"^::(error|warning)", result.stdout, re.M)
    else:
        root = ET.fromstring(result.stdout)
        assert root.get("failures") == "0"
        assert not list(root.iter("failure")) and not list(root.iter("system-out"))


def test_the_shipped_project_in_the_repository_passes():
    repo = Path(__file__).resolve().parent.parent
    result = run(repo, "check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["problems"] == []


def _plant(project: Path, case: Path) -> tuple[dict, str, int]:
    spec = tomllib.loads(case.read_text(encoding="utf-8"))
    if spec.get("needs") and not shutil.which(spec["needs"]):
        pytest.skip(f"{spec['needs']} is not installed (.ci/run installs it)")
    msgid = edit(project, spec["language"], spec.get("entry"), msgstr=spec.get("msgstr"),
                 replace=tuple(spec["replace"]) if "replace" in spec else None, flags=spec.get("flags"),
                 previous_msgid=spec.get("previous_msgid"), header=spec.get("header"))
    if "encoding" in spec:
        path = po_path(project, spec["language"])
        path.write_bytes(path.read_text(encoding="utf-8").encode(spec["encoding"]))
    if spec.get("line") == "header":
        line = header_line(project, spec["language"])
    else:
        line = msgstr_line(project, spec["language"], msgid)
    return spec, f"locales/{spec['language']}/LC_MESSAGES/ecuador-military-support.po", line


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_planted_problem_fails_with_exactly_its_check_json(project, case):
    spec, path, line = _plant(project, case)
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["passed"] is False
    problems = report["problems"]
    assert problems, "nothing found"
    assert {p["check"] for p in problems} == {spec["check"]}, problems
    assert {p["path"] for p in problems} == {path}
    assert {p["language"] for p in problems} == {spec["language"]}
    assert line in {p["line"] for p in problems}, (line, problems)
    assert {p["line"] for p in problems} <= {line, None}, problems
    assert all(set(p) >= {"path", "line", "language", "document", "check", "severity", "message", "msgid"}
               for p in problems)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_planted_problem_text_output(project, case):
    spec, path, line = _plant(project, case)
    result = run(project, "check")
    assert result.exit_code == 1
    lines = [l for l in result.stdout.splitlines() if l.startswith(path)]
    assert f"{path}:{line}: [{spec['check']}] " in result.stdout
    for l in lines:
        assert re.match(rf"^{re.escape(path)}(:\d+)?: \[{spec['check']}\] ", l), l
    assert result.stdout.rstrip().splitlines()[-1].startswith("l10n check FAILED in 1 of 3 catalogs")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_planted_problem_junit_output(project, case):
    spec, path, line = _plant(project, case)
    result = run(project, "check", "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)  # parses as XML
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {f"locales/{lang}/LC_MESSAGES/ecuador-military-support.po" for lang in ("en", "es", "de")}
    failed = [(s.get("name"), c.get("name")) for s in suites.values() for c in s.findall("testcase")
              if c.find("failure") is not None]
    assert failed == [(path, spec["check"])]
    assert root.get("failures") == "1"
    failure = suites[path].find(f"testcase[@name='{spec['check']}']/failure")
    assert f"{path}:{line}:" in failure.text
    assert all(len(s.findall("testcase")) == 10 for s in suites.values())


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_planted_problem_github_output(project, case):
    spec, path, line = _plant(project, case)
    result = run(project, "check", "--format", "github")
    assert result.exit_code == 1
    commands = result.stdout.strip().splitlines()
    for command in commands:
        assert GITHUB_COMMAND.match(command), command
    errors = [c for c in commands if c.startswith("::error")]
    assert errors
    for command in errors:
        properties = dict(p.split("=", 1) for p in GITHUB_COMMAND.match(command).group(2).split(","))
        assert properties["file"] == path
        assert properties["title"] == f"l10n {spec['check']}"
    assert any(f"file={path},line={line}," in c for c in errors)
    assert commands[-1].startswith("::notice title=l10n check::")


def test_waiver_silences_exactly_one_check_on_one_entry(project):
    # One entry has two problems (numbers and punctuation) and a numbers waiver; another has a
    # numbers problem and no waiver.
    waived = edit(project, "de", "Some 1,300 murders", replace=("2023.", "2024"),
                  flags=["l10n-ignore-numbers"])
    other = edit(project, "de", "In the first round of voting", replace=("44,2", "45,2"))
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    found = {(p["msgid"], p["check"]) for p in report["problems"]}
    assert found == {(waived, "punctuation"), (other, "numbers")}
    assert len(report["waivers"]) == 1 and report["summary"]["waivers"] == 1
    waiver = report["waivers"][0]
    assert (waiver["check"], waiver["msgid"], waiver["silenced"]) == ("numbers", waived, 1)
    assert waiver["line"] == msgstr_line(project, "de", waived)
    # Without the waiver the same entry fails numbers too.
    text = run(project, "check").stdout
    assert "waiver l10n-ignore-numbers (silenced 1)" in text
    assert "1 waiver" in text


def test_waiver_counted_when_nothing_to_silence(project):
    edit(project, "es", "Ecuador is currently experiencing", flags=["l10n-ignore-unchanged"])
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 0
    assert [w["silenced"] for w in json.loads(result.stdout)["waivers"]] == [0]


def test_unknown_waiver_flag_is_a_catalog_warning(project):
    edit(project, "es", "Ecuador is currently experiencing", flags=["l10n-ignore-nmbers"])
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 0  # a warning does not fail the gate
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["check"], problem["severity"]) == ("catalog", "warning")
    assert "l10n-ignore-nmbers" in problem["message"]


@pytest.mark.parametrize("damage", [
    # an unquoted msgstr (polib alone would silently misread it)
    lambda text: text.replace('msgstr "Ecuador erlebt', 'msgstr Ecuador erlebt', 1),
    lambda text: text.replace("charset=UTF-8", "charset=NOPE-42", 1),
    # a duplicate entry
    lambda text: text + '\nmsgid "Ecuador is currently experiencing an unparalleled wave of violence."\n'
                        'msgstr "x"\n',
], ids=["unquoted", "charset", "duplicate"])
def test_malformed_catalog_exits_2_not_1(project, damage):
    path = po_path(project, "de")
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project)
    for fmt in FORMATS:
        result = run(project, "check", "--format", fmt)
        assert result.exit_code == 2, (fmt, result.stdout, result.stderr)
        (message,) = result.stderr.strip().splitlines()
        assert re.match(r"^l10n: error: \S*locales/de/LC_MESSAGES/ecuador-military-support\.po:\d+: ", message)
        assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_missing_catalog_fails_completeness(project):
    po_path(project, "es").unlink()
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["check"] == "completeness" and "l10n update" in problem["message"]


def test_source_language_catalog_held_to_the_same_rules(project):
    msgid = edit(project, "en", "Ecuador is currently experiencing", msgstr="")
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {(p["language"], p["check"]) for p in problems} == {("en", "completeness")}
    assert msgstr_line(project, "en", msgid) in {p["line"] for p in problems}


def test_catalog_out_of_date_with_its_source_fails(project):
    source = project / "source" / "ecuador-military-support.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA brand new closing sentence.\n", encoding="utf-8")
    result = run(project, "check", "--lang", "de", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["check"] == "completeness" and "run 'l10n update'" in problem["message"]
    assert "A brand new closing sentence." in problem["message"]


def test_catalog_with_entries_removed_from_the_source_fails(project):
    source = project / "source" / "ecuador-military-support.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        " It also makes sense to look at other Latin American countries.", ""), encoding="utf-8")
    result = run(project, "check", "--lang", "es", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["check"] == "completeness" and "1 entry is no longer in the source" in problem["message"]
    assert run(project, "update").exit_code == 0
    assert run(project, "check").exit_code == 0  # the entry is obsolete now


def test_quiet_text_prints_nothing_when_passing(project):
    result = run(project, "-q", "check")
    assert result.exit_code == 0 and result.stdout == ""


def test_locale_formatted_numbers_pass_and_a_changed_number_fails(project):
    edit(project, "de", "Some 1,300 murders", replace=("1300", "1.300"))
    edit(project, "de", "In the first round of voting", replace=("44,2 Prozent", "44,2 %"))
    edit(project, "es", "Some 1,300 murders", replace=("1300", "1.300"))
    assert run(project, "check").exit_code == 0
    msgid = edit(project, "de", "Some 1,300 murders", replace=("1.300", "1.400"))
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["check"], problem["msgid"]) == ("numbers", msgid)
    assert "1,300" in problem["message"] and "1.400" in problem["message"]


def test_junit_stays_valid_xml_when_a_message_holds_control_characters():
    from l10n_tool.checks.model import CatalogResult, CheckReport, Problem
    from l10n_tool.checks.output import as_junit

    path = "locales/de/LC_MESSAGES/x.po"
    report = CheckReport([Problem(path, 3, "de", "x", "numbers", "error", "bell \x07 here", "m")], [],
                         [CatalogResult(path, "de", "x", ("numbers",))])
    (failure,) = ET.fromstring(as_junit(report)).iter("failure")
    assert "bell \ufffd here" in failure.text


def test_control_character_in_a_translation_is_a_whitespace_problem(project):
    msgid = edit(project, "de", "Ecuador is currently experiencing", replace=("erlebt", "erlebt\x07"))
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["check"], problem["msgid"]) == ("whitespace", msgid)
    assert "U+0007" in problem["message"]


@pytest.mark.parametrize("language, forms", [
    # What Weblate 5.14 writes: equivalent to Babel's formulas, spelled differently.
    ("es", "nplurals=3; plural=(n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2);"),
    ("de", "nplurals=2; plural=n != 1;"),
])
def test_plural_forms_compared_by_meaning_not_text(project, language, forms):
    edit(project, language, header={"Plural-Forms": forms})
    result = run(project, "check", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["problems"]) == (0, [])


@pytest.mark.parametrize("forms", [
    "nplurals=3; plural=(n == 1) ? 0 : ((n != 0 && n % 1000 == 0) ? 1 : 2);",  # differs only at n = 1000
    "nplurals=3; plural=(n == 1) ? 0 : ((n != 0 && n % 1000000 == 1) ? 1 : 2);",  # differs beyond 1000
    "nplurals=2; plural=(n > 1);",  # French's, not Spanish's
    "nplurals=3; plural=__import__('os').getpid();",
])
def test_plural_forms_that_mean_something_else_fail(project, forms):
    edit(project, "es", header={"Plural-Forms": forms})
    report = json.loads(run(project, "check", "--format", "json").stdout)
    assert {(p["check"], p["language"]) for p in report["problems"]} == {("catalog", "es")}
    assert any("Plural-Forms" in p["message"] for p in report["problems"])


def test_plural_formula_reader_refuses_anything_but_c_arithmetic_on_n():
    from l10n_tool.checks.plural_forms import plural_function

    assert plural_function("n % 10 == 1 && n % 100 != 11 ? 0 : 1")(21) == 0
    for text in ("__import__('os').getpid()", "n.__class__", "lambda: 1", "n ? 1", "(" * 50 + "n" + ")" * 50):
        assert plural_function(text) is None, text
