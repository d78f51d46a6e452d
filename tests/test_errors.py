"""Bad input: one line naming the file (and line), exit code 2, and no file changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import DOC, run, snapshot

PO_ES = f"locales/es/LC_MESSAGES/{DOC}.po"


def _break_po(root: Path, old: str, new: str, count: int = 1) -> None:
    path = root / PO_ES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def unterminated_string(root):
    good = 'msgstr "¿Puede el Ejército acabar con la violencia?"'
    _break_po(root, good, good[:-1])
    return PO_ES, _line_of(root, PO_ES, good[:-1])


def bad_header(root):
    _break_po(root, '"Language: es\\n"', '"Language es\\n"')
    return PO_ES, None


def duplicate_entry(root):
    path = root / PO_ES
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgid "Can the army end the violence?"\nmsgstr "Otra vez"\n', encoding="utf-8")
    return PO_ES, len(path.read_text(encoding="utf-8").splitlines()) - 1


def missing_header_charset(root):
    _break_po(root, '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Type: text/plain\\n"')
    return PO_ES, None


def toml_syntax_error(root):
    (root / "l10n.toml").write_text('languages = ["en", "es"\nsegment = "sentence"\n', encoding="utf-8")
    return "l10n.toml", None


def unknown_key(root):
    # Top-level keys must come before any [table]; put it first.
    path = root / "l10n.toml"
    path.write_text('segmentation = "sentence"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    return "l10n.toml", _line_of(root, "l10n.toml", "segmentation")


def bad_segment_mode(root):
    text = (root / "l10n.toml").read_text(encoding="utf-8").replace('segment = "sentence"', 'segment = "word"')
    (root / "l10n.toml").write_text(text, encoding="utf-8")
    return "l10n.toml", _line_of(root, "l10n.toml", "segment =")


def unknown_language(root):
    text = (root / "l10n.toml").read_text(encoding="utf-8").replace('"de"]', '"xx"]')
    (root / "l10n.toml").write_text(text, encoding="utf-8")
    return "l10n.toml", _line_of(root, "l10n.toml", "languages")


def source_outside_project(root):
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n", encoding="utf-8")
    text = (root / "l10n.toml").read_text(encoding="utf-8").replace(
        'sources = ["source/*.md"]', 'sources = ["source/*.md", "../outside/*.md"]')
    (root / "l10n.toml").write_text(text, encoding="utf-8")
    return "l10n.toml", _line_of(root, "l10n.toml", "sources")


def source_not_utf8(root):
    path = root / "source" / f"{DOC}.md"
    path.write_bytes(path.read_bytes().replace(b"Noboa says", b"Noboa \xff says", 1))
    return f"source/{DOC}.md", 3


def broken_front_matter(root):
    path = root / "source" / f"{DOC}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("section: Politics", "section: [Politics"),
                    encoding="utf-8")
    return f"source/{DOC}.md", None


CASES = [unterminated_string, bad_header, duplicate_entry, missing_header_charset, toml_syntax_error,
         unknown_key, bad_segment_mode, unknown_language, source_outside_project, source_not_utf8,
         broken_front_matter]


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
    assert "unknown language 'xx'" in result.stderr and "l10n.toml" in result.stderr
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
