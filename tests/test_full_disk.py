"""Issue 9, case 13: a full disk is one line naming the file being written, exit 2, nothing torn."""

from __future__ import annotations

import errno
import os

from helpers import DOC, run, snapshot


_fdopen = os.fdopen


class _FullDisk:
    def __init__(self, fd, mode):
        self.handle = _fdopen(fd, mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_names_the_file(project, monkeypatch):
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph for the update.\n",
                      encoding="utf-8")
    before = snapshot(project)
    monkeypatch.setattr("l10n_tool.fsutil.os.fdopen", _FullDisk)
    result = run(project, "update")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0]
    assert f"{DOC}.pot" in lines[0] or f"{DOC}.po" in lines[0]
    after = snapshot(project)
    assert after == before  # no temporary left behind, no file changed
