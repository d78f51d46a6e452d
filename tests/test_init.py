"""``l10n init``: a new project's files, and a language added to an existing project."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import polib
import pytest

from helpers import DOC, run

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def test_init_writes_gitignore_with_compiled_catalogs_and_prints_next_steps(tmp_path):
    result = run(tmp_path, "init")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines() == ["/build/", "/.l10n-cache/", "*.mo"]
    assert (tmp_path / ".gitattributes").read_text(encoding="utf-8") == "*.po merge=l10n\n"
    assert "next steps:" in result.stdout
    assert "l10n update" in result.stdout and "l10n build" in result.stdout


def test_the_configuration_comment_points_to_documentation_an_installed_tool_has(tmp_path):
    assert run(tmp_path, "init").exit_code == 0
    comments = [line for line in (tmp_path / "l10n.toml").read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    assert not any("README" in line for line in comments)
    pointers = re.findall(r"`(l10n [^`]*--help)`", "\n".join(comments))
    assert pointers
    for pointer in pointers:  # each one works
        args = pointer.split()[1:]
        if "COMMAND" in args:
            args[args.index("COMMAND")] = "init"
        shown = run(None, *args)
        assert shown.exit_code == 0 and "Usage:" in shown.stdout


@needs_git
def test_init_in_a_git_repository_sets_up_the_merge_driver(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = run(tmp_path, "init")
    assert result.exit_code == 0, result.stderr
    driver = subprocess.run(["git", "config", "--get", "merge.l10n.driver"], cwd=tmp_path,
                            capture_output=True, text=True).stdout.strip()
    assert driver == "l10n merge-driver %O %A %B %P"
    attr = subprocess.run(["git", "check-attr", "merge", "locales/de/LC_MESSAGES/x.po"], cwd=tmp_path,
                          capture_output=True, text=True).stdout
    assert attr.strip().endswith("merge: l10n")


def test_init_lang_adds_a_language_keeping_every_comment_and_creates_its_catalogs(project):
    config = project / "l10n.toml"
    before = config.read_text(encoding="utf-8")
    result = run(project, "init", "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    after = config.read_text(encoding="utf-8")
    assert after == before.replace('languages = ["en", "es", "de"]', 'languages = ["en", "es", "de", "fr"]')
    fr = polib.pofile(str(project / "locales" / "fr" / "LC_MESSAGES" / f"{DOC}.po"))
    assert fr.metadata["Language"] == "fr" and len(fr) > 0
    assert f"locales/fr/LC_MESSAGES/{DOC}.po" in result.stdout
    # as `update` made it: a second update changes nothing
    assert "0 of" in run(project, "update").stdout
    again = run(project, "init", "--lang", "fr")
    assert again.exit_code == 0 and "already configured" in again.stdout
    assert config.read_text(encoding="utf-8") == after


def test_init_lang_in_pyproject_keeps_the_rest_of_the_file(project):
    text = (project / "l10n.toml").read_text(encoding="utf-8")
    (project / "l10n.toml").unlink()
    pyproject = "# a content project\n[project]\nname = \"news\"  # kept\n\n[tool.l10n]\n" + text
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert run(project, "init", "--lang", "it").exit_code == 0
    assert (project / "pyproject.toml").read_text(encoding="utf-8") == pyproject.replace(
        '"es", "de"]', '"es", "de", "it"]')
    assert (project / "locales" / "it" / "LC_MESSAGES" / f"{DOC}.po").is_file()


def test_init_lang_refuses_a_bad_code_and_changes_nothing(project):
    before = (project / "l10n.toml").read_bytes()
    result = run(project, "init", "--lang", "xx-!!")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert (project / "l10n.toml").read_bytes() == before


def test_an_unlisted_catalog_folder_is_reported_by_status_and_check(project):
    (project / "locales" / "pt_BR" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(project / "locales" / f"{DOC}.pot", project / "locales" / "pt_BR" / "LC_MESSAGES" / f"{DOC}.po")
    for command in (["status"], ["check"]):
        text = run(project, *command)
        assert "locales/pt_BR/" in text.stderr and "l10n init --lang pt_BR" in text.stderr, command
        report = json.loads(run(project, *command, "--format", "json").stdout)
        assert report["unlisted_languages"] == [
            {"language": "pt_BR", "folder": "locales/pt_BR/", "fix": "l10n init --lang pt_BR"}], command
    assert run(project, "init", "--lang", "pt_BR").exit_code == 0
    assert json.loads(run(project, "status", "--format", "json").stdout)["unlisted_languages"] == []
