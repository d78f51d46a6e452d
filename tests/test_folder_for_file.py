"""Issue 9, case 13: a folder where a catalog belongs is bad input, not a missing catalog."""

from __future__ import annotations

import pytest

from helpers import DOC, run, snapshot


@pytest.mark.parametrize("command", [["status"], ["diff"], ["check"], ["update"], ["build"], ["compile"]])
def test_a_folder_where_a_catalog_belongs_is_named_with_exit_2(project, command):
    catalog = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    catalog.unlink()
    catalog.mkdir()
    before = {k: v for k, v in snapshot(project).items() if not k.startswith("build")}
    result = run(project, *command)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.startswith("l10n: error:")]
    assert len(lines) == 1 and f"es/LC_MESSAGES/{DOC}.po" in lines[0] and "folder" in lines[0]
    assert {k: v for k, v in snapshot(project).items() if not k.startswith("build")} == before
    if command == ["build"]:  # the other languages are still published
        assert (project / "build" / "de" / f"{DOC}.html").is_file()
        assert not (project / "build" / "es").exists()
