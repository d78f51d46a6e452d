"""Segmentation and reassembly, shown on golden files under tests/data/roundtrip/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from l10n_tool.catalogs.pofile import build_template
from l10n_tool.sources.frontmatter import encode_value
from l10n_tool.sources.reassemble import reassemble
from l10n_tool.sources.segmenting import _markdown, segment_document
from l10n_tool.sources.text import read_source

DATA = Path(__file__).parent / "data" / "roundtrip"
GOLDEN = sorted(DATA.glob("*.md"))
KEYS = ("title", "teaser", "description", "summary", "subtitle")


def pseudo(segment) -> str:
    return "‹" + segment.text + "›"


def _segments(path: Path):
    text = read_source(path)
    return text, segment_document(text, front_matter_keys=KEYS)


def test_golden_files_cover_every_construct():
    names = {p.stem for p in GOLDEN}
    assert {"front-matter", "lists", "quotes-tables", "code-html", "crlf", "no-final-newline",
            "figure", "abbreviations"} <= names


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_identity_round_trip_is_byte_exact(path: Path):
    text, segments = _segments(path)
    rebuilt = reassemble(text, segments, lambda s: s.text)
    assert rebuilt.encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_segments_match_golden(path: Path):
    _, segments = _segments(path)
    expected = path.with_suffix(".expected.segments").read_text(encoding="utf-8").splitlines()
    got = [f"{s.line}\t{s.kind}\t{json.dumps(s.text, ensure_ascii=False)}" for s in segments]
    assert got == expected


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_pseudo_translation_is_reassembled_in_place(path: Path):
    text, segments = _segments(path)
    rebuilt = reassemble(text, segments, pseudo)
    assert rebuilt.encode("utf-8") == path.with_suffix(".expected.pseudo").read_bytes()


def _block_structure(text: str) -> list[tuple[str, int]]:
    body = text.lstrip("\ufeff")
    if body.startswith("---"):
        body = body.split("\n---", 1)[1].split("\n", 1)[1]
    return [(t.type, t.level) for t in _markdown().parse(body) if t.type != "inline"]


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_pseudo_translation_keeps_document_structure(path: Path):
    text, segments = _segments(path)
    rebuilt = reassemble(text, segments, pseudo)
    assert _block_structure(rebuilt) == _block_structure(text)
    if text.lstrip("\ufeff").startswith("---\n"):
        before = yaml.safe_load(text.split("---\n")[1])
        after = yaml.safe_load(rebuilt.split("---\n")[1])
        for segment in segments:
            if segment.field is not None:
                assert "‹" in after[segment.field.key]
        assert {k: v for k, v in before.items() if k not in KEYS} == \
               {k: v for k, v in after.items() if k not in KEYS}


def test_abbreviations_and_decimals_do_not_split():
    text = "The U.S. envoy met Dr. Smith. Turnout was 44.2% in the first round. It rose."
    texts = [s.text for s in segment_document(text)]
    assert texts == ["The U.S. envoy met Dr. Smith.", "Turnout was 44.2% in the first round.", "It rose."]


def test_sentence_never_ends_inside_markup():
    text = "*One sentence. Two sentences.* Then [a link. With a dot](https://x.org/a.b). End."
    texts = [s.text for s in segment_document(text)]
    assert texts == ["*One sentence. Two sentences.*", "Then [a link. With a dot](https://x.org/a.b).", "End."]


def test_paragraph_mode_keeps_paragraphs_whole():
    text = "One. Two. Three.\n\nFour.\n"
    assert [s.text for s in segment_document(text, mode="paragraph")] == ["One. Two. Three.", "Four."]


def test_code_html_and_numbers_only_are_not_segments():
    text = "```\ncode here\n```\n\n<div>html</div>\n\n| a |\n|---|\n| 1,300 |\n\nhttps://example.com/x\n"
    assert [s.text for s in segment_document(text)] == ["a"]


def test_identical_segments_share_one_entry_with_every_reference():
    text = "# Same\n\nSame\n\nOther.\n"
    entries = build_template("doc", "source/doc.md", segment_document(text))
    assert [e.msgid for e in entries] == ["Same", "Other."]
    assert entries[0].occurrences == [("source/doc.md", "1"), ("source/doc.md", "3")]
    assert entries[0].comment == "type: heading, paragraph"


def test_translation_with_newline_keeps_block_quote_prefix():
    text = "> Quoted text.\n"
    segments = segment_document(text)
    assert reassemble(text, segments, lambda s: "Line one\\\nline two") == "> Line one\\\n> line two\n"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n\x85\u2028\u2029"),
               min_size=1).filter(lambda s: s.strip()))
def test_any_translated_front_matter_value_stays_valid_yaml(value):
    for raw in ("Plain value here", "'Single quoted'", '"Double quoted"'):
        text = f"---\ntitle: {raw}\nother: 1\n---\n\nBody.\n"
        segments = segment_document(text, mode="paragraph")
        rebuilt = reassemble(text, segments, lambda s: value if s.kind == "title" else None)
        loaded = yaml.safe_load(rebuilt.split("---\n")[1])
        assert loaded == {"title": value, "other": 1}


def test_encode_value_keeps_plain_style_when_safe():
    text = "---\ntitle: Plain\n---\n"
    field = segment_document(text)[0].field
    assert encode_value(field, "Ecuador pide apoyo militar") == "Ecuador pide apoyo militar"
    assert encode_value(field, "Titel: mit Doppelpunkt") == '"Titel: mit Doppelpunkt"'
