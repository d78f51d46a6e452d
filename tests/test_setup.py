"""The README's two set-up commands are true, and .ci/run runs the test command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from helpers import DOC, REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick_start)


def test_readme_has_two_set_up_commands():
    build, tests = readme_commands()
    assert "l10n build" in build
    assert "pytest" in tests and "[test]" in tests


def test_ci_runs_the_readme_test_command_verbatim():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    _, tests = readme_commands()
    assert tests in script.splitlines()


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout")
def test_readme_build_command_works_in_a_clean_clone(tmp_path):
    """A fresh clone and a new virtual environment: the first README command builds the article."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    # Uncommitted work is not part of a clone; test what the working tree would commit.
    for rel in subprocess.run(["git", "ls-files", "--modified", "--others", "--exclude-standard"], cwd=REPO,
                              capture_output=True, text=True, check=True).stdout.splitlines():
        if (REPO / rel).is_file() and not rel.startswith((".venv", "build/")):
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, clone / rel)
    build, _ = readme_commands()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    result = subprocess.run(build, shell=True, cwd=clone, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for lang in ("en", "es", "de"):
        assert (clone / "build" / lang / f"{DOC}.md").is_file()
    assert (clone / "build" / "en" / f"{DOC}.md").read_bytes() == (clone / "source" / f"{DOC}.md").read_bytes()
