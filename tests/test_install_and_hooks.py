"""CI that installs and hooks an editor can live with: the README's install line and the
shipped ``.pre-commit-hooks.yaml``, run as documented, and ``check --no-completeness``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DOC, REPO, run
from helpers.checkutil import edit

needs_git = pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(),
                               reason="needs git and a git checkout")
SENTENCE = "The speed with which drug cartels have gained power in Ecuador is unprecedented."
STRONG = "**Ecuador tackles growing influence"


def readme_install_command() -> str:
    """The ``pip install`` line of the README's GitHub Actions example."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### In CI and before commits", 1)[1].split("\n## ", 1)[0]
    (line,) = [line for line in section.splitlines() if "- run: pip install" in line]
    return line.split("- run: ", 1)[1].strip()


def _pinned(command: str, url: str, rev: str) -> str:
    """The README's command with its repository URL pointed at ``url`` and its pin at ``rev``."""
    found = re.search(r'git\+(https://[^@"\s]+)@([0-9A-Za-z._-]+)', command)
    assert found, command
    return command[:found.start(1)] + url + "@" + rev + command[found.end(2):]


def _git(cwd, *args, check=True):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[str, str]:
    """This repository served as a bare Git repository path, and the commit to pin."""
    bare = tmp_path_factory.mktemp("server") / "l10n.git"
    _git(REPO, "clone", "-q", "--bare", str(REPO), str(bare))
    rev = _git(REPO, "rev-parse", "HEAD").stdout.strip()
    # file://localhost/...: the packaging version older pips carry wants a host in a file URL
    return f"file://localhost{bare}", rev


def test_the_readme_install_command_is_a_pinned_git_install():
    command = readme_install_command()
    assert command.startswith('pip install "l10n-tool @ git+https://')
    rev = re.search(r"@([0-9A-Za-z._-]+)\"", command).group(1)
    assert re.fullmatch(r"[0-9a-f]{7,40}|v\d[\w.]*", rev)  # a commit or a tag, not a moving branch


@needs_git
@pytest.mark.slow
def test_the_readme_install_command_installs_l10n_in_a_fresh_venv(served, tmp_path, project):
    url, rev = served
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    command = _pinned(readme_install_command(), url, rev)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    installed = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                               timeout=900)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    status = subprocess.run([str(venv / "bin" / "l10n"), "--root", str(project), "status", "--format", "json"],
                            capture_output=True, text=True, env=env)
    assert status.returncode == 0, status.stderr
    assert {c["language"] for c in json.loads(status.stdout)["catalogs"]} == {"en", "es", "de"}


def test_check_without_completeness_lets_stale_entries_through_but_not_broken_markup(project):
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(SENTENCE, SENTENCE.replace(
        "unprecedented", "without precedent")) + "\nA new paragraph.\n", encoding="utf-8")
    assert run(project, "update").exit_code == 0
    assert run(project, "check").exit_code == 1  # the full gate: stale and untranslated entries
    light = run(project, "check", "--no-completeness", "--format", "json")
    assert light.exit_code == 0, light.stdout
    assert json.loads(light.stdout)["problems"] == []
    edit(project, "de", STRONG, replace=("**", ""))
    broken = run(project, "check", "--no-completeness", "--format", "json")
    assert broken.exit_code == 1
    assert {p["check"] for p in json.loads(broken.stdout)["problems"]} == {"markup"}


def _hooks_repo(project: Path, hooks_yaml: str) -> Path:
    root = project
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "editor@example.org")
    _git(root, "config", "user.name", "Editor")
    (root / ".pre-commit-config.yaml").write_text(hooks_yaml, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "the project")
    return root


def _pre_commit(root: Path, home: Path, path_prefix: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["PRE_COMMIT_HOME"] = str(home)
    env["PATH"] = path_prefix + env["PATH"]
    pre_commit = Path(sys.executable).parent / "pre-commit"
    subprocess.run([str(pre_commit), "install"], cwd=root, env=env, check=True, capture_output=True)
    return env


def _editor_and_translator(root: Path, env: dict) -> None:
    """An editor's source edit is committed (after the update hook brought the catalogs along);
    a translator's commit with broken markup is refused."""
    source = root / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(SENTENCE, SENTENCE.replace(
        "unprecedented", "without precedent")), encoding="utf-8")
    _git(root, "add", str(source))
    first = subprocess.run(["git", "commit", "-m", "source edit"], cwd=root, env=env, capture_output=True, text=True)
    assert first.returncode != 0  # like a formatter: the hook updated the catalogs
    assert "l10n update" in first.stdout + first.stderr
    assert _git(root, "status", "--porcelain").stdout.strip()
    _git(root, "add", "-A")
    second = subprocess.run(["git", "commit", "-m", "source edit"], cwd=root, env=env, capture_output=True,
                            text=True)
    assert second.returncode == 0, second.stdout + second.stderr
    assert _git(root, "log", "-1", "--format=%s").stdout.strip() == "source edit"
    edit(root, "de", STRONG, replace=("**", ""))
    _git(root, "add", "-A")
    refused = subprocess.run(["git", "commit", "-m", "translation"], cwd=root, env=env, capture_output=True,
                             text=True)
    assert refused.returncode != 0
    assert "markup" in refused.stdout + refused.stderr
    assert _git(root, "log", "-1", "--format=%s").stdout.strip() == "source edit"


def _local_hooks() -> str:
    """The shipped hooks as ``repo: local`` hooks running the l10n of this environment."""
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        hook["language"] = "system"
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


@needs_git
def test_the_shipped_hooks_accept_a_source_edit_and_refuse_broken_markup(project, tmp_path):
    root = _hooks_repo(project, _local_hooks())
    env = _pre_commit(root, tmp_path / "pre-commit-home", f"{Path(sys.executable).parent}{os.pathsep}")
    _editor_and_translator(root, env)


@needs_git
@pytest.mark.slow
def test_pre_commit_installs_the_hooks_from_a_pinned_clone(served, project, tmp_path):
    url, rev = served
    config = (f"repos:\n  - repo: {url}\n    rev: {rev}\n    hooks:\n"
              "      - id: l10n-update\n      - id: l10n-check\n")
    root = _hooks_repo(project, config)
    env = _pre_commit(root, tmp_path / "pre-commit-home")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                  if Path(p) != Path(sys.executable).parent)  # pre-commit's own l10n only
    _editor_and_translator(root, env)
