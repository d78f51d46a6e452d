"""The [check] configuration, --lang and --min-percent, and bad input for `l10n check`."""

from __future__ import annotations

import json

import pytest

from helpers.bad_input import CASES as BAD_INPUT
from helpers.checkutil import edit
from helpers import run, snapshot


def _configure(project, text: str) -> None:
    with (project / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + text)


def _set(project, key: str, value: str) -> None:
    path = project / "l10n.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [l for l in lines if not l.startswith(f"{key} =")] + [f"{key} = {value}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _json(project, *args):
    result = run(project, "check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout) if result.stdout else None


def _untranslate(project, language):
    return edit(project, language, "Ecuador is currently experiencing", msgstr="")


def test_min_percent_per_language_and_untranslated_listed_as_warnings(project):
    _untranslate(project, "es")
    _untranslate(project, "de")
    _configure(project, "[check.languages.es]\nmin_percent = 90\n")
    code, report = _json(project)
    assert code == 1
    es = [p for p in report["problems"] if p["language"] == "es"]
    de = [p for p in report["problems"] if p["language"] == "de"]
    assert [(p["check"], p["severity"]) for p in es] == [("completeness", "warning")]  # listed, not failing
    assert {p["severity"] for p in de} == {"error"}
    assert any("below the minimum 100%" in p["message"] for p in de)


def test_global_min_percent_and_command_line_override(project):
    _untranslate(project, "de")
    _set(project, "check.min_percent", "95")
    assert _json(project)[0] == 0
    code, report = _json(project, "--min-percent", "99")
    assert code == 1
    assert any("below the minimum 99%" in p["message"] for p in report["problems"])
    assert _json(project, "--min-percent", "90")[0] == 0


def test_allow_stale(project):
    edit(project, "de", "Ecuador is currently experiencing", flags=["fuzzy"],
         previous_msgid="Ecuador is experiencing violence.")
    assert _json(project)[0] == 1
    _configure(project, "[check.languages.de]\nallow_stale = true\n")
    code, report = _json(project)
    assert (code, report["problems"]) == (0, [])


def test_allowed_stale_entries_are_checked_against_the_current_source(project):
    # 'build --use-stale' publishes them in place of the current source, so raw HTML in one
    # must still be caught, and so must a number that the source changed since.
    msgid = edit(project, "de", "Ecuador is currently experiencing", flags=["fuzzy"],
                 previous_msgid="Ecuador is currently experiencing an unparalleled wave of violence.",
                 replace=("derzeit ", "derzeit <img src=x onerror=alert(1)> "))
    _configure(project, "[check.languages.de]\nallow_stale = true\n")
    code, report = _json(project)
    assert code == 1
    assert [(p["check"], p["msgid"]) for p in report["problems"]] == [("markup", msgid)]


def test_allowed_stale_entry_whose_number_the_source_changed_fails_numbers(project):
    source = project / "source" / "ecuador-military-support.md"
    # A word changes too: a number-only edit would be carried into the translations (issue 19).
    source.write_text(source.read_text(encoding="utf-8").replace("Some 1,300 murders", "Nearly 1,400 murders"),
                      encoding="utf-8")
    assert run(project, "update").exit_code == 0
    _set(project, "check.allow_stale", "true")
    code, report = _json(project)
    assert code == 1
    problems = [(p["language"], p["check"]) for p in report["problems"]]
    # en is identity-filled again by update; es and de keep "1300" in a stale entry.
    assert sorted(problems) == [("de", "numbers"), ("es", "numbers")], report["problems"]
    assert all("1,400" in p["message"] and "Nearly 1,400 murders" in p["msgid"] for p in report["problems"])


def test_severity_warning_and_off(project):
    edit(project, "de", "Ecuador is currently experiencing", replace=("erlebt derzeit", "erlebt  derzeit"))
    _configure(project, '[check.severity]\nwhitespace = "warning"\n')
    code, report = _json(project)
    assert code == 0
    assert [(p["check"], p["severity"]) for p in report["problems"]] == [("whitespace", "warning")]
    text = run(project, "check").stdout
    assert "[whitespace] warning: doubled space" in text
    (project / "l10n.toml").write_text((project / "l10n.toml").read_text().replace('"warning"', '"off"'))
    code, report = _json(project)
    assert (code, report["problems"]) == (0, [])
    assert "whitespace" not in run(project, "check", "--format", "junit").stdout


def test_lang_selects_catalogs(project):
    _untranslate(project, "de")
    assert _json(project, "--lang", "es")[0] == 0
    code, report = _json(project, "--lang", "de")
    assert code == 1 and report["summary"]["catalogs"] == 1


@pytest.mark.parametrize("text, culprit, needle", [
    ("check.min_percentage = 90\n", "l10n.toml", "min_percentage"),
    ("check.min_percent = 120\n", "l10n.toml", "check.min_percent = 120"),
    ("check.allow_stale = \"yes\"\n", "l10n.toml", "check.allow_stale = \"yes\""),
    ('[check.severity]\nnumbres = "error"\n', "l10n.toml", "numbres"),
    ('[check.severity]\nnumbers = "fatal"\n', "l10n.toml", "numbers"),
    ("[check.languages.xx]\nmin_percent = 90\n", "l10n.toml", "[check.languages.xx]"),
    ("[check.languages.de]\nminimum = 90\n", "l10n.toml", "minimum"),
])
def test_bad_check_configuration_exits_2_with_the_line(project, text, culprit, needle):
    if text.startswith("check."):
        key, value = text.split("=", 1)
        _set(project, key.strip(), value.strip())
    else:
        _configure(project, text)
    lines = (project / "l10n.toml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, l in enumerate(lines, 1) if needle in l)
    result = run(project, "check")
    assert result.exit_code == 2, result.stdout
    (message,) = result.stderr.strip().splitlines()
    assert f"{culprit}:{line}: " in message, (message, line)


@pytest.mark.parametrize("glossary, line", [
    ('do_not_translate = ["USAID"]\nterminology = {}\n', 2),
    ('do_not_translate = "USAID"\n', 1),
    ('[terms."Friedrich Ebert Foundation"]\nxx = "Stiftung"\n', 2),
    ('do_not_translate = ["USAID"\n', None),
])
def test_bad_glossary_exits_2(project, glossary, line):
    (project / "glossary.toml").write_text(glossary, encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 2
    (message,) = result.stderr.strip().splitlines()
    assert "glossary.toml" + (f":{line}:" if line else "") in message


def test_missing_glossary_exits_2(project):
    (project / "glossary.toml").unlink()
    result = run(project, "check")
    assert result.exit_code == 2 and "glossary.toml" in result.stderr


@pytest.mark.parametrize("case", BAD_INPUT, ids=lambda c: c.__name__)
def test_check_reports_bad_input_in_one_line_with_exit_2(project, case):
    culprit, line = case(project)
    before = snapshot(project.parent)
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    (message,) = result.stderr.strip().splitlines()
    assert message.startswith("l10n: error: ") and culprit in message
    if line is not None:
        assert f"{culprit}:{line}:" in message
    if culprit.endswith(".po"):  # a catalog's bad input is in the report as well (test_check_malformed_outputs)
        (problem,) = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "malformed"]
        assert problem["path"] == culprit and (line is None or problem["line"] == line)
    else:
        assert result.stdout == ""
    assert snapshot(project.parent) == before


def test_check_configured_in_pyproject(project):
    config = (project / "l10n.toml").read_text(encoding="utf-8")
    (project / "l10n.toml").unlink()
    (project / "pyproject.toml").write_text("[tool.l10n]\n" + config.replace("check.", "check."),
                                            encoding="utf-8")
    assert run(project, "check").exit_code == 0
    _untranslate(project, "de")
    assert run(project, "check").exit_code == 1
