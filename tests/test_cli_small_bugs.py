"""The rough edges of issue 23 item 6, each shown by a test that failed before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import run
from helpers.checkutil import edit
from l10n_tool.wording import clip, counted


def test_update_check_does_not_also_print_files_written(project):
    result = run(project, "update", "--check")
    assert result.exit_code == 0, result.stderr
    assert "files written" not in result.stdout
    assert "0 of 4 files would change" in result.stdout


def test_a_closed_pipe_ends_quietly(project):
    # ``l10n -v status | head -1``: the reader is gone before l10n writes (deterministically so).
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "l10n_tool", "--root", str(project), "-v", "status"],
                                stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert "Broken pipe" not in result.stderr and "Traceback" not in result.stderr
    assert "error" not in result.stderr
    assert result.returncode == 141  # as a shell reports a Unix tool that SIGPIPE ended


def test_an_unknown_provider_is_a_usage_error_of_the_option(project):
    result = run(project, "translate", "--lang", "es", "--provider", "nope")
    assert result.exit_code == 2
    assert "'--provider'" in result.stderr and "'nope'" in result.stderr and "pseudo" in result.stderr
    assert "l10n.toml" not in result.stderr


def test_an_unknown_build_format_is_a_usage_error_of_the_option(project):
    result = run(project, "build", "--format", "md,pdf")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr and "'pdf'" in result.stderr
    assert "html" in result.stderr and not (project / "build").exists()


@pytest.mark.parametrize("option", ["--lang", "--doc"])
@pytest.mark.parametrize("command", ["status", "diff", "check", "build"])
def test_an_empty_selection_is_a_usage_error_not_everything(project, command, option):
    for value in ("", " , "):
        result = run(project, command, option, value)
        assert result.exit_code == 2, (command, option, value, result.stdout)
        assert f"'{option}'" in result.stderr and "empty" in result.stderr


def test_update_with_an_empty_lang_is_a_usage_error(project):
    result = run(project, "update", "--lang", "")
    assert result.exit_code == 2 and "'--lang'" in result.stderr


def test_status_shows_two_decimals(project):
    edit(project, "es", "Ecuador is currently experiencing", msgstr="")
    report = json.loads(run(project, "status", "--format", "json", "--lang", "es").stdout)
    percent = report["catalogs"][0]["percent"]
    assert percent != round(percent, 1)  # one untranslated entry of many: two decimals matter
    assert f"{percent:.2f}%" in run(project, "status", "--lang", "es").stdout


def test_a_project_without_catalogs_does_not_fail_in_one_of_zero(tmp_path):
    assert run(tmp_path, "init").exit_code == 0
    result = run(tmp_path, "check")
    assert result.exit_code == 1
    assert "of 0" not in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == "l10n check FAILED: 0 catalogs checked; 1 error, 0 warnings, 0 waivers"


def _make_stale(project, fragment: str, previous: str) -> str:
    return edit(project, "es", fragment, flags=["fuzzy"], previous_msgid=previous)


def test_one_stale_entry_is_singular(project):
    _make_stale(project, "Ecuador is currently experiencing", "Ecuador was experiencing")
    diff = run(project, "diff")
    assert diff.stdout.rstrip().endswith("\n1 stale entry")
    check = run(project, "check", "--min-percent", "0")
    assert "1 stale entries" not in check.stdout


def test_a_stale_message_cuts_the_old_source_at_a_word(project):
    previous = "In the first 50 days of 2024 alone, the government declared an internal armed conflict"
    _make_stale(project, "Ecuador is currently experiencing", previous)
    report = json.loads(run(project, "check", "--format", "json").stdout)
    (problem,) = [p for p in report["problems"] if p["check"] == "stale"]
    assert "'In the first 50 days of 2024 alone, the government declared…'" in problem["message"]


def test_diff_and_check_name_the_same_line_for_an_entry(project):
    msgid = _make_stale(project, "Ecuador is currently experiencing", "Ecuador was experiencing")
    report = json.loads(run(project, "check", "--format", "json").stdout)
    (problem,) = [p for p in report["problems"] if p["check"] == "stale"]
    assert problem["msgid"] == msgid
    where = f"{problem['path']}:{problem['line']}"
    assert run(project, "diff").stdout.splitlines()[0] == where
    lines = (project / problem["path"]).read_text(encoding="utf-8").splitlines()
    assert lines[problem["line"] - 1].startswith("msgstr")  # README: reports name the msgstr line


@given(st.text(alphabet=st.sampled_from("ab 12,."), max_size=120), st.integers(min_value=2, max_value=80))
def test_clip_never_cuts_inside_a_word_when_a_word_fits(text, width):
    normal = " ".join(text.split())
    clipped = clip(text, width)
    assert len(clipped) <= width
    if clipped == normal:
        return
    assert clipped.endswith("…")
    head = clipped[:-1]
    assert normal.startswith(head)
    words = normal.split(" ")
    if len(words[0]) < width:  # a first word too long for the width is the one cut that must be made
        assert normal[len(head):len(head) + 1] in (" ", ",", ";", ":") or head == ""


def test_counted_says_one_entry():
    assert counted(1, "stale entry", "stale entries") == "1 stale entry"
    assert counted(2, "catalog") == "2 catalogs" and counted(0, "entry") == "0 entries"
