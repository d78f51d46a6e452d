"""Checks as a registry: one decorated function adds an entry check everywhere; the per-entry
gate that ``build`` asks before publishing agrees with ``check``."""

from __future__ import annotations

import json

import pytest

from helpers.checkutil import edit
from helpers import run
from l10n_tool.checks import EntryGate, check_names, entry_check
from l10n_tool.checks.registry import unregister
from l10n_tool.project import load_config


@pytest.fixture
def shouting():
    """A new entry check, defined once: translations in capitals where the source is not."""

    @entry_check("shouting")
    def check_shouting(source: str, translation: str, language: str) -> list[str]:
        loud = [w for w in translation.split() if len(w) > 4 and w.isalpha() and w.isupper() and w not in source]
        return [f"{language}: capitals {', '.join(loud)}"] if loud else []

    yield check_shouting
    unregister("shouting")


def test_a_new_entry_check_is_one_definition(project, shouting):
    assert "shouting" in check_names()
    msgid = edit(project, "de", "Ecuador is currently experiencing", replace=("erlebt", "ERLEBT"))
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["check"], problem["msgid"], problem["severity"]) == ("shouting", msgid, "error")
    assert problem["message"] == "de: capitals ERLEBT"
    junit = run(project, "check", "--format", "junit").stdout
    assert 'name="shouting"' in junit
    # ... and it is a [check.severity] key and a waiver like any built-in check.
    with (project / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[check.severity]\nshouting = "warning"\n')
    result = run(project, "check", "--format", "json")
    assert result.exit_code == 0
    assert [p["severity"] for p in json.loads(result.stdout)["problems"]] == ["warning"]
    edit(project, "de", "Ecuador is currently experiencing", flags=["l10n-ignore-shouting"])
    report = json.loads(run(project, "check", "--format", "json").stdout)
    assert report["problems"] == [] and [w["check"] for w in report["waivers"]] == ["shouting"]


def test_an_unregistered_check_is_unknown_to_the_configuration(project):
    assert "shouting" not in check_names()
    with (project / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[check.severity]\nshouting = "warning"\n')
    result = run(project, "check")
    assert result.exit_code == 2 and "shouting" in result.stderr


def test_an_entry_check_asking_for_unknown_context_is_refused():
    with pytest.raises(TypeError, match="unknown parameter"):
        @entry_check("bad")
        def check_bad(source, translation, catalog):
            return []
    assert "bad" not in check_names()
    with pytest.raises(ValueError, match="already registered"):
        entry_check("numbers")(lambda source, translation: [])


def test_entry_gate_reports_what_check_reports_at_error_level(project):
    gate = EntryGate.for_config(load_config(project))
    source = "Some 1,300 murders were recorded in 2025."
    assert gate.errors(source, "Rund 1.300 Morde wurden 2025 registriert.", "de") == []
    (problem,) = gate.errors(source, "Rund 1.400 Morde wurden 2025 registriert.", "de")
    assert problem.check == "numbers" and "1,300" in problem.message
    assert gate.errors(source, "Rund 1.400 Morde wurden 2025 registriert.", "de",
                       flags=["fuzzy", "l10n-ignore-numbers"]) == []
    # The glossary of l10n.toml is part of the gate.
    assert [p.check for p in gate.errors("USAID helps.", "Die US-Behörde hilft.", "de")] == ["glossary"]
    assert {p.check for p in gate.errors("See [it](https://a.example).", "Siehe <script>x</script>.", "de")} \
        == {"markup"}


def test_entry_gate_leaves_out_warnings_and_checks_turned_off(project):
    with (project / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[check.severity]\nnumbers = "warning"\nglossary = "off"\n')
    gate = EntryGate.for_config(load_config(project))
    assert gate.errors("Some 1,300 murders.", "Rund 1.400 Morde.", "de") == []
    assert gate.errors("USAID helps.", "Die US-Behörde hilft.", "de") == []
