"""``fsutil.Staging``: files written beside their targets as produced, all renamed at the end."""

from __future__ import annotations

import os

import pytest

from l10n_tool.errors import ChangedMeanwhileError, L10nError
from l10n_tool.fsutil import OutsideProjectError, Staging, write_many


def _temporaries(folder):
    return sorted(p.name for p in folder.rglob(".*.tmp"))


def test_staged_files_appear_only_at_the_end(tmp_path):
    old = tmp_path / "old.po"
    old.write_bytes(b"old")
    with Staging(durable=False) as staging:
        assert staging.stage(old, b"new")
        assert staging.stage(tmp_path / "sub" / "created.po", b"created")
        assert old.read_bytes() == b"old" and not (tmp_path / "sub" / "created.po").exists()
        assert len(_temporaries(tmp_path)) == 2
        assert all(isinstance(item.temporary, str) for item in staging.staged)  # paths, not bytes
    assert old.read_bytes() == b"new" and (tmp_path / "sub" / "created.po").read_bytes() == b"created"
    assert not _temporaries(tmp_path)


def test_unchanged_data_makes_no_temporary_and_no_write(tmp_path):
    same = tmp_path / "same.po"
    same.write_bytes(b"same")
    before = same.stat().st_mtime_ns
    with Staging() as staging:
        assert not staging.stage(same, b"same")
        assert not staging.staged and not _temporaries(tmp_path)
    assert same.stat().st_mtime_ns == before


def test_an_error_removes_every_temporary_and_changes_no_target(tmp_path):
    first = tmp_path / "first.po"
    first.write_bytes(b"first")
    with pytest.raises(L10nError, match="malformed"):
        with Staging() as staging:
            staging.stage(first, b"first, merged")
            staging.stage(tmp_path / "second.po", b"second")
            raise L10nError("malformed catalog", tmp_path / "last.po")
    assert first.read_bytes() == b"first" and not (tmp_path / "second.po").exists()
    assert not _temporaries(tmp_path)


def test_a_target_saved_meanwhile_stops_every_rename(tmp_path):
    saved, other = tmp_path / "saved.po", tmp_path / "other.po"
    saved.write_bytes(b"read")
    other.write_bytes(b"other")
    with pytest.raises(ChangedMeanwhileError) as caught:
        with Staging(durable=False) as staging:
            staging.stage(other, b"other, merged", b"other")
            staging.stage(saved, b"merged", b"read")
            saved.write_bytes(b"the translator's save")
    assert caught.value.path == str(saved)
    assert saved.read_bytes() == b"the translator's save" and other.read_bytes() == b"other"
    assert not _temporaries(tmp_path)


def test_a_file_outside_the_project_is_refused_and_nothing_is_left(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    with pytest.raises(OutsideProjectError):
        with Staging(root=root) as staging:
            staging.stage(root / "inside.po", b"x")
            staging.stage(tmp_path / "outside.po", b"x")
    assert not (root / "inside.po").exists() and not _temporaries(tmp_path)


def test_a_failed_write_names_the_file_and_cleans_up(tmp_path, monkeypatch):
    first = tmp_path / "first.po"
    with Staging(durable=False) as staging:
        staging.stage(first, b"first")

        def full_disk(fd, mode):
            os.close(fd)
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("l10n_tool.fsutil.os.fdopen", full_disk)
        with pytest.raises(L10nError, match="No space left") as caught:
            staging.stage(tmp_path / "second.po", b"second")
    assert caught.value.path == str(tmp_path / "second.po")
    assert not first.exists() and not _temporaries(tmp_path)


def test_temporaries_staged_elsewhere_are_adopted(tmp_path):
    """What a forked worker does: stage, detach, and the parent renames them with its own."""
    worker = Staging()
    worker.stage(tmp_path / "from-worker.po", b"worker")
    handed = worker.detach()
    worker.discard()  # the worker's own cleanup no longer touches what it handed over
    with Staging(durable=False) as parent:
        parent.adopt(handed)
        parent.stage(tmp_path / "from-parent.po", b"parent")
    assert (tmp_path / "from-worker.po").read_bytes() == b"worker"
    assert (tmp_path / "from-parent.po").read_bytes() == b"parent"
    assert not _temporaries(tmp_path)


def test_write_many_keeps_its_answers(tmp_path):
    same = tmp_path / "same"
    same.write_bytes(b"x")
    assert write_many([(same, b"x"), (tmp_path / "new", b"y")], durable=False) == [False, True]
