"""The source side as one model: one Markdown dialect, formats by suffix, front matter by one reader."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "l10n_tool"


def test_one_markdown_parser_factory_and_one_figure_rule():
    """Segmenting, checks and publishing read Markdown alike: only sources/markdown.py builds a parser."""
    makers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bMarkdownIt\(", text) or re.search(r'children\[0\]\.type == "image"', text):
            makers.append(path.relative_to(PACKAGE).as_posix())
    assert makers == ["sources/markdown.py"]


# --- front matter: one reader, positions from the YAML composer's marks ----------------------

import yaml  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.textformat import TXT_FORMAT  # noqa: E402
from l10n_tool.plugins import format_references, source_format  # noqa: E402
from l10n_tool.sources.frontmatter import front_matter, read_front_matter  # noqa: E402
from l10n_tool.sources.reassemble import reassemble  # noqa: E402
from l10n_tool.sources.segmenting import segment_document  # noqa: E402

KEYS = ("title", "teaser")
_WORDS = st.lists(st.sampled_from(["Noboa", "said", "it's", "a:", "#tag", "up 50%.", "über", "año", "- x", "[y]"]),
                  min_size=1, max_size=6).map(" ".join)


def _layouts(value: str) -> list[str]:
    single = "'" + value.replace("'", "''") + "'"
    double = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return [f"title: {single}", f"title: {double}", f"title:\n  {double}", f"title: >-\n  {value}",
            f"title: |\n  {value}\n", f"title: {double}  # a comment", f"'title': {single}",
            f"title: {single[:-1]}\n  continued'", f"title: {double[:-1]}\n\n  next\"",
            "title: Plain start\n  continued"]


@settings(max_examples=30, deadline=None)
@given(_WORDS, st.sampled_from(["\n", "\r\n"]))
def test_segmenting_and_publishing_read_the_same_front_matter(value, newline):
    for layout in _layouts(value):
        text = newline.join(["---", *layout.split("\n"), "other: [1, two]", "---", "", "Body.", ""])
        data, _ = read_front_matter(text)
        assert data == yaml.safe_load(text.split("---")[1])
        segments = segment_document(text, mode="paragraph", front_matter_keys=KEYS)
        titles = [s for s in segments if s.kind == "title"]
        assert [s.field.value for s in titles] == [data["title"].strip()]
        rebuilt = reassemble(text, segments, lambda s: "Ein: neuer #Titel" if s.kind == "title" else None)
        again = read_front_matter(rebuilt)[0]
        assert again.pop("title").strip() == "Ein: neuer #Titel"  # "|" keeps its final newline
        assert again == {k: v for k, v in data.items() if k != "title"}


def test_a_comment_after_a_value_stays_when_it_is_translated():
    text = "---\ntitle: Plain title  # keep me\nteaser: 'Quoted' # and me\n---\n"
    segments = segment_document(text, front_matter_keys=KEYS)
    assert [(s.text, s.line) for s in segments] == [("Plain title", 2), ("Quoted", 3)]
    rebuilt = reassemble(text, segments, lambda s: s.text.upper())
    assert rebuilt == "---\ntitle: PLAIN TITLE  # keep me\nteaser: 'QUOTED' # and me\n---\n"


def test_front_matter_is_composed_once_per_text():
    text = "---\ntitle: Once\n---\n"
    assert front_matter(text) is front_matter(text)


# --- source formats by suffix ----------------------------------------------------------------



def test_a_second_source_format_is_one_module(project, cli, tmp_path, monkeypatch):
    (tmp_path / "txtformat.py").write_text(TXT_FORMAT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(format_references(), ".txt", "txtformat:FORMAT")
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'sources = ["source/*.md"]', 'sources = ["source/*.md", "notes/*.txt"]'), encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "memo.txt").write_text("First block\nstill first.\n\nSecond block.\n", encoding="utf-8")
    assert cli(project, "update").exit_code == 0
    pot = (project / "locales" / "memo.pot").read_text(encoding="utf-8")
    assert '#: notes/memo.txt:1\nmsgid ""\n"First block\\n"\n"still first."' in pot
    assert "#: notes/memo.txt:4\nmsgid \"Second block.\"" in pot
    po = project / "locales" / "es" / "LC_MESSAGES" / "memo.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "Second block."\nmsgstr ""', 'msgid "Second block."\nmsgstr "Segundo bloque."'), encoding="utf-8")
    assert cli(project, "build", "--format", "md", "--min-percent", "0", "--outdated", "source").exit_code == 0
    assert (project / "build" / "es" / "memo.md").read_text(encoding="utf-8") == \
        "First block\nstill first.\n\nSegundo bloque.\n"
    assert source_format("notes/memo.txt").name == "text"


def test_a_source_without_a_format_is_exit_2_naming_it(project, cli):
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'sources = ["source/*.md"]', 'sources = ["source/*"]'), encoding="utf-8")
    (project / "source" / "notes.rst").write_text("Title\n=====\n", encoding="utf-8")
    result = cli(project, "update")
    assert result.exit_code == 2
    assert "source/notes.rst: no source format reads .rst (known: .markdown, .md)" in result.stderr
