"""Shared fixtures: a copy of the shipped project, a CLI runner, file snapshots."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10n_tool.cli import main

REPO = Path(__file__).resolve().parent.parent
DOC = "ecuador-military-support"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the shipped content project (configuration, sources, catalogs)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "l10n.toml", root / "l10n.toml")
    shutil.copy(REPO / "glossary.toml", root / "glossary.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    return root


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


def run(root: Path | None, *args: str) -> Result:
    """Run the CLI in-process; ``root`` becomes --root."""
    runner = CliRunner()
    argv = (["--root", str(root)] if root is not None else []) + list(args)
    result = runner.invoke(main, argv, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove a command changed nothing."""
    # .l10n-cache/ is the tool's private cache (content hashes), not a project file.
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".l10n-cache" not in p.relative_to(root).parts}


@pytest.fixture
def cli():
    return run


PYTHON = sys.executable

# tests/test_sentences_gold.py leaves each language's score here; the summary prints them.
SEGMENTATION_SCORES = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter, config):
    scores = config.stash.get(SEGMENTATION_SCORES, {})
    if scores:
        terminalreporter.section("sentence segmentation gold set")
        for language, score in sorted(scores.items()):
            terminalreporter.write_line(f"{language}: {score}")
