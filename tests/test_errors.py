"""Bad input: one line naming the file (and line), exit code 2, and no file changed."""

from __future__ import annotations

import os

import pytest

from helpers import DOC, run, snapshot
from helpers.bad_input import CASES, PO_ES, broken_front_matter, source_not_utf8


@pytest.mark.parametrize("command", [["update"], ["build"], ["status"], ["diff"], ["extract"]])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(project, case, command):
    run(project, "build", "--format", "md")  # so build/ exists and must stay as it is
    culprit, line = case(project)
    if command == ["extract"] and culprit == PO_ES:
        pytest.skip("extract does not read language catalogs")
    if command in (["status"], ["diff"]) and case in (source_not_utf8, broken_front_matter):
        pytest.skip("status and diff read catalogs, not sources, when the catalogs exist")
    before = snapshot(project.parent)
    result = run(project, *command)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("l10n: error: ")
    assert "Traceback" not in result.stderr
    assert culprit in lines[0]
    if line is not None:
        assert f"{culprit}:{line}:" in lines[0]
    if command == ["build"] and culprit == PO_ES:
        # A malformed catalog holds back its own language only: the others are published.
        def outside_build(files):
            return {k: v for k, v in files.items() if not k.startswith("project/build/")}
        assert outside_build(snapshot(project.parent)) == outside_build(before)
        assert not (project / "build" / "es").exists()
        assert (project / "build" / "de" / f"{DOC}.html").is_file()
        return
    assert snapshot(project.parent) == before


def test_missing_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(None, "update")
    assert result.exit_code == 2
    assert "l10n.toml" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_unknown_language_option(project):
    before = snapshot(project)
    result = run(project, "update", "--lang", "xx")
    assert result.exit_code == 2
    # A typo on the command line is a usage error naming the option, not an error in l10n.toml.
    assert "'--lang'" in result.stderr and "unknown language 'xx'" in result.stderr
    assert "l10n.toml" not in result.stderr
    assert snapshot(project) == before


def test_project_found_by_walking_up(project, monkeypatch):
    monkeypatch.chdir(project / "source")
    result = run(None, "status")
    assert result.exit_code == 0, result.stderr


def test_pyproject_table_is_a_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["en", "pt_BR"]\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("Hello there.\n", encoding="utf-8")
    assert run(tmp_path, "update").exit_code == 0
    assert (tmp_path / "locales" / "pt_BR" / "LC_MESSAGES" / "a.po").is_file()


def test_failed_write_leaves_the_old_file(project, monkeypatch):
    """An interrupted write (here: os.replace failing) leaves the old file and no temp files."""
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Some 1,300", "Some 1,400"), encoding="utf-8")
    before = snapshot(project)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run(project, "update")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert snapshot(project) == before
