"""Writes stay inside the project: a symbolic link out of it is refused, and nothing is written there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import DOC, run, snapshot
from helpers.fakeservers import FakeService
from l10n_tool.fsutil import OutsideProjectError, write_if_changed
from l10n_tool.mt.cache import SuggestionCache


def _link(project: Path, rel: str, elsewhere: Path) -> None:
    link = project / rel
    if link.is_dir() and not link.is_symlink():
        for path in sorted(link.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        link.rmdir()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _refused(result, rel: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    (message,) = result.stderr.strip().splitlines()
    assert rel in message and "symbolic link" in message, message


def test_build_into_a_linked_language_folder(project, elsewhere):
    _link(project, "build/es", elsewhere)
    result = run(project, "build")
    _refused(result, "build/es")
    assert list(elsewhere.iterdir()) == []


def test_update_into_a_linked_catalog_folder(project, elsewhere):
    real = project / "locales" / "de" / "LC_MESSAGES"
    for path in real.iterdir():
        (elsewhere / path.name).write_bytes(path.read_bytes())
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    _link(project, "locales/de/LC_MESSAGES", elsewhere)
    outside = snapshot(elsewhere)
    result = run(project, "update")
    _refused(result, "locales/de/LC_MESSAGES")
    assert snapshot(elsewhere) == outside


def test_translate_into_a_linked_cache(project, elsewhere):
    _link(project, ".l10n-cache", elsewhere)
    with FakeService("libre") as service:
        config = project / "l10n.toml"
        config.write_text(config.read_text(encoding="utf-8") + f"[translate.libre]\nurl = '{service.endpoint}'\n",
                          encoding="utf-8")
        (project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po").write_bytes(
            (project / "locales" / f"{DOC}.pot").read_bytes())
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    _refused(result, ".l10n-cache")
    assert list(elsewhere.iterdir()) == []


def test_status_does_not_write_its_cache_through_a_link(project, elsewhere):
    _link(project, ".l10n-cache", elsewhere)
    result = run(project, "status")
    assert result.exit_code in (0, 2)
    assert list(elsewhere.iterdir()) == []


def test_a_target_outside_the_root_is_refused(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(OutsideProjectError):
        write_if_changed(tmp_path / "outside.txt", b"x", root=root)
    with pytest.raises(OutsideProjectError):
        write_if_changed(root / ".." / "outside.txt", b"x", root=root)
    assert not (tmp_path / "outside.txt").exists()
    assert write_if_changed(root / "a" / "inside.txt", b"x", root=root)


def test_a_linked_root_itself_is_fine(tmp_path, project):
    alias = tmp_path / "alias"
    os.symlink(project, alias)
    assert run(alias, "build", "--format", "md").exit_code == 0


def test_one_owner_of_the_cache_folder(project):
    """update's content hashes and translate's suggestions share .l10n-cache/ and its one .gitignore."""
    assert run(project, "update").exit_code == 0
    ignore = (project / ".l10n-cache" / ".gitignore").read_bytes()
    (project / ".l10n-cache" / ".gitignore").unlink()
    SuggestionCache(project.resolve())
    assert (project / ".l10n-cache" / ".gitignore").read_bytes() == ignore
    package = Path(__file__).resolve().parent.parent / "l10n_tool"
    owners = [p.name for p in package.rglob("*.py") if '".l10n-cache"' in p.read_text(encoding="utf-8")]
    assert owners == ["cache.py"]
