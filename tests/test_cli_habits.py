"""CLI habits of the ecosystem: global options anywhere, repeatable --lang/--doc, colour, -v, init."""

from __future__ import annotations

import json

import pytest

from helpers import DOC, run


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_global_options_also_follow_the_command(project):
    before = run(project, "-q", "build", "--format", "md")
    after = run(None, "build", "--format", "md", "-q", "--root", str(project))
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout == ""
    loud = run(None, "status", "--root", str(project))
    assert loud.exit_code == 0 and DOC in loud.stdout


@pytest.mark.parametrize("args", [["--lang", "es", "--lang", "de"], ["--lang", "es,de"], ["--lang", "de, es"]])
def test_lang_is_repeatable_and_comma_separated(project, args):
    report = _json(run(project, "status", *args, "--format", "json"))
    assert [c["language"] for c in report["catalogs"]] == ["es", "de"]


def test_doc_takes_a_name_or_its_source_path(project):
    by_name = _json(run(project, "status", "--doc", DOC, "--format", "json"))
    by_path = _json(run(project, "status", "--doc", f"source/{DOC}.md", "--format", "json"))
    assert by_name == by_path and {c["document"] for c in by_name["catalogs"]} == {DOC}


@pytest.mark.parametrize("command", [["status"], ["diff"], ["update"], ["build"], ["check"], ["compile"]])
def test_a_language_typo_is_a_usage_error_naming_the_option(project, command):
    result = run(project, *command, "--lang", "es,xx")
    assert result.exit_code == 2
    assert "'--lang'" in result.stderr and "'xx'" in result.stderr and "en, es, de" in result.stderr
    assert "l10n.toml" not in result.stderr


def test_an_unknown_document_is_a_usage_error(project):
    result = run(project, "status", "--doc", "nope")
    assert result.exit_code == 2 and "'--doc'" in result.stderr and DOC in result.stderr


def test_colour_follows_the_flags_and_no_color(project):
    # The runner stands in for a terminal (color=True): colour is on unless turned off.
    assert "\x1b[" in run(project, "status", color=True).stdout
    assert "\x1b[" in run(project, "status", "--color").stdout
    assert "\x1b[" not in run(project, "status", color=True, env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run(project, "status", "--no-color", color=True).stdout
    assert "\x1b[" not in run(project, "--no-color", "status", color=True).stdout
    assert "\x1b[" in run(project, "status", "--color", env={"NO_COLOR": "1"}).stdout


def test_verbose_says_what_was_read(project):
    result = run(project, "status", "-v")
    assert "read " in result.stderr and "l10n.toml" in result.stderr
    assert f"source source/{DOC}.md" in result.stderr
    assert "read " not in run(project, "status").stderr


def test_init_writes_the_configuration_and_a_gitignore(tmp_path):
    root = tmp_path / "new"
    result = run(root, "init", "--source-language", "de", "--lang", "en", "--lang", "es")
    assert result.exit_code == 0, result.stderr
    assert 'source_language = "de"' in (root / "l10n.toml").read_text(encoding="utf-8")
    assert 'languages = ["de", "en", "es"]' in (root / "l10n.toml").read_text(encoding="utf-8")
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines() == ["/build/", "/.l10n-cache/", "*.mo"]
    assert (root / "source").is_dir() and (root / "locales").is_dir()
    assert run(root, "status").exit_code == 0
    again = run(root, "init")
    assert again.exit_code == 2 and "already a project" in again.stderr


def test_init_keeps_an_existing_gitignore(tmp_path):
    (tmp_path / ".gitignore").write_text("*.pyc\n/build/\n", encoding="utf-8")
    assert run(tmp_path, "init").exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n/build/\n/.l10n-cache/\n*.mo\n"


def test_init_refuses_a_bad_language(tmp_path):
    result = run(tmp_path, "init", "--lang", "de./../x")
    assert result.exit_code == 2 and not (tmp_path / "l10n.toml").exists()


def test_a_source_glob_that_matches_nothing_is_reported(project):
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('sources = ["source/*.md"]',
                                                                 'sources = ["source/*.md", "articles/*.md"]'),
                      encoding="utf-8")
    result = run(project, "status")
    assert result.exit_code == 0
    assert "'articles/*.md' matches no file" in result.stderr


def test_check_on_a_project_without_catalogs_fails(tmp_path):
    assert run(tmp_path, "init").exit_code == 0
    result = run(tmp_path, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [p["check"] for p in problems] == ["completeness"]
