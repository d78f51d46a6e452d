"""Shell completion (issue 23 item 8): ``--lang`` and ``--doc`` complete the project's values,
through Click's completion API, as ``_L10N_COMPLETE=bash_source l10n`` wires it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.shell_completion import BashComplete

from helpers import DOC, REPO
from l10n_tool.cli import main


def _complete(args: list[str], incomplete: str) -> list[str]:
    completion = BashComplete(main, {}, "l10n", "_L10N_COMPLETE")
    return [item.value for item in completion.get_completions(args, incomplete)]


@pytest.mark.parametrize("command", ["status", "check", "build", "update", "diff"])
def test_lang_completes_the_configured_languages(project, command):
    assert _complete(["--root", str(project), command, "--lang"], "") == ["en", "es", "de"]
    assert _complete(["--root", str(project), command, "--lang"], "d") == ["de"]


def test_a_comma_separated_value_completes_its_last_part(project):
    assert _complete(["--root", str(project), "status", "--lang"], "es,") == ["es,en", "es,de"]


def test_doc_completes_the_documents(project):
    assert _complete(["--root", str(project), "status", "--doc"], "") == [DOC]
    assert _complete(["--root", str(project), "check", "--doc"], "nothing") == []


def test_the_project_is_found_from_the_current_folder(project, monkeypatch):
    monkeypatch.chdir(project / "source")
    assert _complete(["translate", "--lang"], "e") == ["en", "es"]


def test_outside_a_project_nothing_is_offered(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _complete(["status", "--lang"], "") == []


def test_bash_source_prints_the_completion_script():
    result = subprocess.run([sys.executable, "-c", "from l10n_tool.cli import main; main(prog_name='l10n')"],
                            env={"_L10N_COMPLETE": "bash_source", "PATH": ""}, capture_output=True, text=True)
    assert result.returncode == 0 and "_l10n_completion" in result.stdout


def test_the_readme_says_how_to_turn_it_on():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_L10N_COMPLETE=bash_source l10n)"' in readme
