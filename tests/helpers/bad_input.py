"""Bad input cases: each breaks one file of a project copy and says where the error must point."""

from __future__ import annotations

from pathlib import Path

from helpers import DOC

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
