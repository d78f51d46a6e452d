"""Shared fixtures: a copy of the shipped project, a CLI runner.

Plain helpers (``run``, ``snapshot``, ``REPO``, ``DOC``) live in the ``helpers`` package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import REPO, run
from helpers.sentence_gold import SEGMENTATION_SCORES


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


@pytest.fixture
def cli():
    return run


def pytest_terminal_summary(terminalreporter, config):
    """tests/test_sentences_gold.py leaves each language's score in the stash; print them."""
    scores = config.stash.get(SEGMENTATION_SCORES, {})
    if scores:
        terminalreporter.section("sentence segmentation gold set")
        for language, score in sorted(scores.items()):
            terminalreporter.write_line(f"{language}: {score}")
