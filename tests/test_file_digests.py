"""A file's content hash is taken from the cache while its stat is what it was when hashed
(as git's index does), and never when a change could hide behind an unchanged stat."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import DOC, run
from l10n_tool import cache as cache_module
from l10n_tool.cache import Cache, digest

OLD = 1_600_000_000 * 10**9  # a time long past


@pytest.fixture
def trusting(monkeypatch):
    """Files written by the test itself are trusted by their stat at once (they would be two
    seconds after their last change): what is tested is what a changed stat reveals."""
    monkeypatch.setattr(cache_module, "_SAME_TICK_NS", 0)


def _old_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    os.utime(path, ns=(OLD, OLD))
    return path


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = cache_module.read_bytes

    def counting(path):
        seen.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(cache_module, "read_bytes", counting)
    return seen


def _reopened(tmp_path: Path) -> Cache:
    return Cache(tmp_path, b"")


def test_an_unchanged_file_is_not_read_again(tmp_path, reads, trusting):
    path = _old_file(tmp_path / "a.po", b"msgid \"x\"\nmsgstr \"y\"\n")
    first = _reopened(tmp_path)
    assert first.file_digest(path) == digest(path.read_bytes())
    first.save()
    reads.clear()
    assert _reopened(tmp_path).file_digest(path) == digest(path.read_bytes()) and reads == []


@pytest.mark.parametrize("change", ["content", "same size, time put back", "replaced by a copy, time kept"])
def test_a_changed_file_is_read_again(tmp_path, reads, change, trusting):
    path = _old_file(tmp_path / "a.po", b"msgstr \"one\"\n")
    first = _reopened(tmp_path)
    first.file_digest(path)
    first.save()
    if change == "content":
        path.write_bytes(b"msgstr \"one, and two\"\n")
    elif change == "same size, time put back":  # what an editor preserving times, or touch -r, does
        path.write_bytes(b"msgstr \"two\"\n")
        os.utime(path, ns=(OLD, OLD))
    else:  # cp -p / rsync -t: another inode, the old times
        other = _old_file(tmp_path / "b.po", b"msgstr \"six\"\n")
        os.replace(other, path)
    reads.clear()
    assert _reopened(tmp_path).file_digest(path) == digest(path.read_bytes())
    assert reads == [os.fspath(path)]


def test_a_file_changed_moments_ago_is_not_trusted_by_its_stat(tmp_path, reads):
    """A second write in the same clock tick would leave size and times as they were."""
    path = tmp_path / "a.po"
    path.write_bytes(b"msgstr \"one\"\n")
    first = _reopened(tmp_path)
    first.file_digest(path)
    first.save()
    reads.clear()
    assert _reopened(tmp_path).file_digest(path) == digest(path.read_bytes())
    assert reads == [os.fspath(path)]


def test_missing_files_and_folders(tmp_path):
    cache = _reopened(tmp_path)
    assert cache.file_digest(tmp_path / "none.po") is None
    (tmp_path / "folder.po").mkdir()
    with pytest.raises(Exception, match="a folder stands where this file belongs"):
        cache.file_digest(tmp_path / "folder.po")


def test_entries_of_deleted_files_are_forgotten(tmp_path, trusting):
    kept = _old_file(tmp_path / "kept.po", b"1")
    gone = _old_file(tmp_path / "gone.po", b"2")
    first = _reopened(tmp_path)
    first.file_digest(kept)
    first.file_digest(gone)
    first.save()
    gone.unlink()
    second = _reopened(tmp_path)
    second.file_digest(_old_file(tmp_path / "new.po", b"3"))
    second.save()
    import json

    table = json.loads((tmp_path / ".l10n-cache" / "files.json").read_bytes())["files"]
    assert sorted(Path(name).name for name in table) == ["kept.po", "new.po"]


def test_check_sees_an_edit_that_kept_size_and_time(project, trusting, reads):
    """End to end: the cached gate is not fooled by an edit that puts the file's time back."""
    catalog = project / "locales" / "de" / "LC_MESSAGES" / "ecuador-military-support.po"
    for path in project.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))
    assert run(project, "check").exit_code == 0
    reads.clear()
    assert run(project, "check").exit_code == 0
    assert not [name for name in reads if name.endswith((".po", ".pot", ".md"))]  # all known by their stat
    text = catalog.read_text(encoding="utf-8")
    assert 'msgstr "Stichwahl am 13. April"' in text
    catalog.write_text(text.replace("Stichwahl am 13. April", "Stichwahl am 18. April"), encoding="utf-8")
    os.utime(catalog, ns=(OLD, OLD))
    result = run(project, "check")
    assert result.exit_code == 1 and "18" in result.stdout


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Every file opened for reading, however it is opened (``open``, ``Path.read_bytes``, ``os.open``)."""
    import builtins
    import io

    seen: list[str] = []
    real = io.open

    def counting(file, mode="r", *args, **kwargs):
        if "r" in mode and not isinstance(file, int):
            seen.append(os.fspath(file))
        return real(file, mode, *args, **kwargs)

    real_os_open = os.open

    def counting_os(path, flags, *args, **kwargs):  # fsutil.read_file opens with os.open
        if not flags & (os.O_WRONLY | os.O_RDWR) and not isinstance(path, int) and not os.path.isdir(path):
            seen.append(os.fspath(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting)
    monkeypatch.setattr(builtins, "open", counting)
    monkeypatch.setattr(os, "open", counting_os)
    return seen


def _inputs_read(project: Path, opened: list[str]) -> list[str]:
    """The sources, templates and catalogs among the files opened."""
    inputs = [project / "source", project / "locales"]
    return sorted({name for name in opened if any(Path(name).is_relative_to(folder) for folder in inputs)})


@pytest.mark.parametrize("command", ["update", "build"])
def test_a_warm_command_reads_no_source_or_catalog_whose_stat_is_unchanged(project, trusting, opened, command):
    """Issue 20.1: update and build know unchanged files by their stat, as check does."""
    assert run(project, "update").exit_code == 0
    assert run(project, command).exit_code == 0
    assert run(project, command).exit_code == 0  # every file hashed once more, now known by its stat
    opened.clear()
    assert run(project, command).exit_code == 0
    assert _inputs_read(project, opened) == []


@pytest.mark.parametrize("command", ["update", "build"])
def test_files_changed_moments_ago_are_read_again(project, opened, command):
    """The same-tick guard: what the last run wrote, or what changed in the same clock tick, is
    hashed again, not taken by a stat a second write could have left as it was."""
    assert run(project, "update").exit_code == 0
    assert run(project, command).exit_code == 0
    opened.clear()
    assert run(project, command).exit_code == 0
    catalog = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    assert os.fspath(catalog) in _inputs_read(project, opened)


def test_update_and_build_see_an_edit_that_kept_size_and_time(project, trusting):
    """A stat that moved (here only the change time) is enough to read a file again."""
    assert run(project, "update").exit_code == 0
    assert run(project, "build").exit_code == 0
    catalog = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    source = project / "source" / f"{DOC}.md"
    for path, old, new in [(catalog, "gegen die Drogenbanden", "gegen die Drogenkartel"),
                           (source, "slated for April 13", "slated for April 18")]:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert path.stat().st_size == stat.st_size
    assert run(project, "update").exit_code == 0
    template = (project / "locales" / f"{DOC}.pot").read_text(encoding="utf-8").replace('"\n"', "")
    assert "slated for April 18" in template
    assert run(project, "build").exit_code == 0
    assert "gegen die Drogenkartel" in (project / "build" / "de" / f"{DOC}.md").read_text(encoding="utf-8")
