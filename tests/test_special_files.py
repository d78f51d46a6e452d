"""Issue 22, category 5: nothing outside the project, and nothing that never returns.

A FIFO (or a device) where a catalog, template, page or memory file belongs would block a
command that opens it forever; the tool refuses anything that is not a regular file before it
opens it (one line naming it, exit 2). A committed symbolic link where the machine-translation
cache belongs is refused like any other write through a link.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DOC, run

PLACES = {
    "catalog": Path("locales/es/LC_MESSAGES") / f"{DOC}.po",
    "template": Path("locales") / f"{DOC}.pot",
    "page": Path("build/es") / f"{DOC}.html",
    "markdown edition": Path("build/es") / f"{DOC}.md",
    "memory": Path("tm/es.tmx"),
}
COMMANDS = {"catalog": ["status", "update", "build", "check"], "template": ["update"], "page": ["build"],
            "markdown edition": ["build"], "memory": ["update", "tm export --lang es out.tmx"]}


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    # A subprocess with a timeout: a command that blocks must fail this test, not hang the suite.
    return subprocess.run([sys.executable, "-m", "l10n_tool", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=20, cwd=root)


@pytest.mark.parametrize("place, command", [(p, c) for p in PLACES for c in COMMANDS[p]])
def test_a_fifo_where_a_file_belongs_is_refused_not_waited_on(project, place, command):
    if place in ("page", "markdown edition"):
        assert run(project, "build").exit_code == 0
    if place == "memory":
        (project / "source" / "more.md").write_text("An untranslated sentence.\n", encoding="utf-8")
    path = project / PLACES[place]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    result = _cli(project, *command.split())
    # A memory file is consulted, not needed: a command may go on without it (saying so once).
    assert result.returncode == 2 or place == "memory" and result.returncode == 0, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(PLACES[place]) in lines[0] and "not a regular file" in lines[0], result.stderr
    assert path.is_fifo()


def test_a_device_where_a_catalog_belongs_is_refused(project):
    path = project / PLACES["catalog"]
    path.unlink()
    path.symlink_to("/dev/zero")  # endless: reading it never returns either
    result = _cli(project, "status")
    assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


def test_translate_never_creates_its_cache_through_a_committed_link(project, tmp_path):
    outside = tmp_path / "outside.sqlite3"
    cache = project / ".l10n-cache"
    cache.mkdir()
    (cache / "mt.sqlite3").symlink_to(outside)
    from helpers.fakeservers import FakeService
    from helpers.mt import configure, empty_half

    empty_half(project)
    with FakeService("libre") as service:
        configure(project, "libre", service.endpoint, concurrency=1)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 2, result.stderr
    assert "symbolic link" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not outside.exists()
