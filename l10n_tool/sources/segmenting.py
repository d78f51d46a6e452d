"""Splitting a Markdown document into translatable segments.

A segment is a run of source text (a sentence, a paragraph, a heading, an alt
text, a front-matter value) together with its exact character span in the
source.  Rebuilding a document replaces spans and copies every other character
as it was, so everything that is not a segment survives byte for byte.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from .markdown import closing_bracket, entirely, is_figure, note_of, origin_note_index, shared_parser
from .frontmatter import FrontMatterField, front_matter
from .segment import Segment
from .sentences import has_prose, sentence_splitter
from .text import Line, split_lines

# The longest paragraph, heading or table cell accepted (README, "Sentences"): far above any
# article, and low enough that a runaway file fails with a clear error instead of running on.
MAX_BLOCK_CHARS = 4_000_000


def segment_document(text: str, *, mode: str = "sentence", language: str = "en",
                     front_matter_keys: tuple[str, ...] = ("title", "teaser"),
                     path: Path | str | None = None) -> list[Segment]:
    """Every translatable segment of a Markdown document, in document order."""
    lines = split_lines(text)
    splitter = sentence_splitter(language) if mode == "sentence" else None
    segments: list[Segment] = []
    header = front_matter(text, path)
    body_first_line = header.body_line
    for fm in header.fields:
        if fm.key in front_matter_keys:
            segments.extend(_front_matter_segments(fm, splitter))
    body = "\n".join("" if i < body_first_line else line.text for i, line in enumerate(lines))
    try:
        tokens = shared_parser().parse(body)
    except Exception as exc:  # markdown-it is total on strings; this is a guard, not a path
        raise SourceError(f"cannot parse Markdown: {exc}", path) from None
    containers: list[str] = []
    origin_note = origin_note_index(tokens)
    notes = _Notes()
    row_cursor = [0]  # where the next cell of the current table row is searched from
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1:
            containers.pop()
        notes.see(token)
        if token.type == "tr_open":
            row_cursor = [0]
        if token.type != "inline" or token.map is None:
            continue
        if len(token.content) > MAX_BLOCK_CHARS:
            raise SourceError(f"block of {len(token.content):,} characters; the limit is {MAX_BLOCK_CHARS:,}"
                              " (split it)", path, token.map[0] + 1)
        parent = containers[-1] if containers else ""
        first = len(segments)
        try:
            if parent in ("th_open", "td_open"):
                segments.extend(_table_cell(token, row_cursor, lines))
            elif parent == "heading_open":
                segments.extend(_block(token, lines, "heading", "heading", None))
            else:
                segments.extend(_paragraph(token, lines, _kind(token, containers, index == origin_note),
                                           splitter))
        except _Unmappable as exc:
            raise SourceError(f"cannot locate text {str(exc)!r} in the source", path,
                              token.map[0] + 1) from None
        if notes.active:
            segments[first:] = [replace(s, note=notes.active) for s in segments[first:]]
    segments.sort(key=lambda s: s.start)
    return segments


class _Unmappable(Exception):
    pass


def _kind(token, containers: list[str], origin_note: bool) -> str:
    """What a paragraph is in a news article (the "#. type:" comment)."""
    if "list_item_open" in containers:
        return "list item"
    if "blockquote_open" in containers:
        return "quote"  # INTERFACE.md: "#. type: quote"
    if len(containers) == 1:  # a paragraph of the article itself
        if origin_note:
            return "origin note"
        if "\n" not in token.content and entirely(token.children or [], "strong"):
            return "related"  # a related article's title, set in bold on a line of its own
    return "paragraph"


class _Notes:
    """``<!-- l10n: ... -->`` before a block: the note of every segment of that block."""

    def __init__(self):
        self.pending: list[str] = []
        self.level = -1
        self.active = ""

    def see(self, token) -> None:
        note = note_of(token)
        if note is not None:
            self.pending.append(note)
            self.level = token.level
            self.active = ""
            return
        if self.active and token.level == self.level and token.nesting <= 0:
            self.active = ""  # the noted block closes (or was a leaf: a fence, a rule)
        if self.pending and token.level == self.level and token.nesting >= 0 and token.type != "inline":
            if token.nesting == 1:  # a block with content: the notes are its own
                self.active = " ".join(self.pending)
            self.pending = []


# --- mapping inline content back to source offsets -------------------------------


class _ContentMap:
    """Maps offsets in an inline token's content to offsets in the source text."""

    def __init__(self, content: str, lines: list[Line], first_line: int, heading: bool = False):
        self.content = content
        self.first_line = first_line
        self.rows: list[tuple[int, int]] = []  # (content offset, source offset) per line
        self.prefixes: list[str] = []
        offset = 0
        for number, piece in enumerate(content.split("\n")):
            line = lines[first_line + number]
            position = _locate(piece, line.text, heading)
            self.rows.append((offset, line.start + position))
            self.prefixes.append(line.text[:position])
            offset += len(piece) + 1

        self.starts = [content_start for content_start, _ in self.rows]

    def source(self, index: int) -> int:
        content_start, source_start = self.rows[self.row_of(index)]
        return source_start + index - content_start

    def row_of(self, index: int) -> int:
        # A binary search: a paragraph of many lines and many sentences stays linear.
        return max(bisect.bisect_right(self.starts, index) - 1, 0)


def _locate(piece: str, line: str, heading: bool) -> int:
    wanted = piece.rstrip()
    if not wanted:
        return len(line)
    if not heading:
        trimmed = line.rstrip()
        if trimmed.endswith(wanted):
            return len(trimmed) - len(wanted)
    position = line.find(wanted.strip())
    if position < 0:
        raise _Unmappable(wanted)
    return position


_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")


def _continuation_prefix(prefix: str) -> str:
    """What a new line inside the same block needs: quote markers kept, list markers blanked."""
    return _LIST_MARKER.sub(lambda m: " " * len(m.group()), prefix)


# --- blocks ---------------------------------------------------------------------


def _block(token, lines, kind, style, splitter) -> list[Segment]:
    content = token.content
    cmap = _ContentMap(content, lines, token.map[0], heading=(style == "heading"))
    return _spans_to_segments(content, cmap, [(0, len(content))], kind, style, splitter)


def _paragraph(token, lines, kind, splitter) -> list[Segment]:
    content = token.content
    if is_figure(token):
        return _figure(token, lines, kind, splitter)
    cmap = _ContentMap(content, lines, token.map[0])
    return _spans_to_segments(content, cmap, [(0, len(content))], kind, "inline", splitter)


def _figure(token, lines, kind, splitter) -> list[Segment]:
    """An image on its own line, then a caption and, on the last line, a credit."""
    content = token.content
    cmap = _ContentMap(content, lines, token.map[0])
    first, _, rest = content.partition("\n")
    segments = []
    close = closing_bracket(first, 1)
    if close is not None:
        segments += _spans_to_segments(content, cmap, [(2, close)], "alt text", "alt", None)
        title = _IMAGE_TITLE.match(first, close)
        if title:
            segments += _spans_to_segments(content, cmap, [title.span("title")], "image title", "title", None)
    if rest:
        body_start = len(first) + 1
        rows = rest.split("\n")
        if len(rows) >= 2:
            credit_start = len(content) - len(rows[-1])
            segments += _spans_to_segments(content, cmap, [(body_start, credit_start - 1)], "caption",
                                           "inline", None)
            segments += _spans_to_segments(content, cmap, [(credit_start, len(content))], "credit",
                                           "inline", None)
        else:
            segments += _spans_to_segments(content, cmap, [(body_start, len(content))], "caption",
                                           "inline", None)
    return segments


_IMAGE_TITLE = re.compile(r"""\]\(\s*(?:<[^>\n]*>|[^\s()]+)\s+(?P<q>["'(])(?P<title>(?:\\.|[^\\])*?)["')]\s*\)""")


def _table_cell(token, row_cursor: list[int], lines) -> list[Segment]:
    content = token.content
    if not content:
        return []
    row_line = token.map[0]
    line = lines[row_line]
    # Cells of one row come in order: each is found after the one before (row_cursor).
    # markdown-it unescapes "\|" in cells, so search for the escaped form too.
    position = _find_cell(line.text, content, row_cursor[0])
    raw = content if line.text.startswith(content, position) else content.replace("|", "\\|")
    row_cursor[0] = position + len(raw)
    if not has_prose(raw):
        return []
    return [Segment(_normalize(raw), line.start + position, line.start + position + len(raw),
                    row_line + 1, "table cell", "table")]


def _find_cell(line: str, content: str, cursor: int) -> int:
    position = line.find(content, cursor)
    if position < 0:
        position = line.find(content.replace("|", "\\|"), cursor)
    if position < 0:
        raise _Unmappable(content)
    return position


# --- sentences ------------------------------------------------------------------


def _spans_to_segments(content, cmap, spans, kind, style, splitter) -> list[Segment]:
    segments = []
    for start, end in spans:
        pieces = [(start, end)] if splitter is None else splitter(content, start, end)
        sentences = _prose_pieces(content, pieces)
        for number, (a, b) in enumerate(sentences, 1):
            source_start = cmap.source(a)
            prefix = _continuation_prefix(cmap.prefixes[cmap.row_of(a)])
            segments.append(Segment(_normalize(content[a:b]), source_start, cmap.source(b - 1) + 1,
                                    _line_number(cmap, a), kind, style, prefix,
                                    place=_place(number, len(sentences))))
    return segments


def _prose_pieces(text: str, pieces) -> list[tuple[int, int]]:
    """The pieces with prose in them, without surrounding white space."""
    kept = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and has_prose(text[a:b]):
            kept.append((a, b))
    return kept


def _place(number: int, count: int) -> str:
    """Where a sentence stands in its block, so that a quote continued after its attribution
    has its context; nothing for a block of one sentence."""
    return f"sentence {number} of {count}" if count > 1 else ""


def _line_number(cmap: _ContentMap, index: int) -> int:
    return cmap.first_line + cmap.row_of(index) + 1


_LINE_BREAK_IN_CONTENT = re.compile(r"(?P<hard> {2,}|\\)?[ \t]*\n[ \t]*")


def _normalize(raw: str) -> str:
    """A segment's msgid: soft line breaks become spaces, hard breaks a backslash break."""
    if "\n" not in raw:  # a sentence within one line of its paragraph: most of them
        return raw
    return _LINE_BREAK_IN_CONTENT.sub(lambda m: "\\\n" if m.group("hard") else " ", raw)


def _front_matter_segments(fm: FrontMatterField, splitter) -> list[Segment]:
    pieces = [(0, len(fm.value))]
    if splitter is not None and fm.offsets_exact:
        pieces = splitter(fm.value, 0, len(fm.value))
    sentences = _prose_pieces(fm.value, pieces)
    segments = []
    for number, (a, b) in enumerate(sentences, 1):
        if fm.offsets_exact:
            start, end = fm.value_start + fm.inner + a, fm.value_start + fm.inner + b
        else:
            start, end = fm.value_start, fm.value_end
        segments.append(Segment(_normalize(fm.value[a:b]), start, end, fm.line, fm.key, "yaml",
                                "", fm, place=_place(number, len(sentences))))
    return segments
