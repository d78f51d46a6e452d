"""Splitting a Markdown document into translatable segments.

A segment is a run of source text (a sentence, a paragraph, a heading, an alt
text, a front-matter value) together with its exact character span in the
source.  Rebuilding a document replaces spans and copies every other character
as it was, so everything that is not a segment survives byte for byte.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .frontmatter import FrontMatterField, parse_front_matter
from .sentences import has_prose, sentence_splitter
from .text import Line, split_lines

# The longest paragraph, heading or table cell accepted (README, "Sentences"): far above any
# article, and low enough that a runaway file fails with a clear error instead of running on.
MAX_BLOCK_CHARS = 4_000_000


@dataclass(frozen=True)
class Segment:
    text: str  # the msgid
    start: int  # span in the source text
    end: int
    line: int  # 1-based line of ``start``
    kind: str  # "heading", "paragraph", "alt text", "caption", ... (the "#. type:" comment)
    style: str = "inline"  # how a replacement is written back: inline, heading, table, alt, title
    prefix: str = ""  # what a continuation line needs in front (block quote markers, list indent)
    field: FrontMatterField | None = None  # set for front-matter values


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt  # imported when first needed: a skipped update never is

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def segment_document(text: str, *, mode: str = "sentence", language: str = "en",
                     front_matter_keys: tuple[str, ...] = ("title", "teaser"),
                     path: Path | str | None = None) -> list[Segment]:
    """Every translatable segment of a Markdown document, in document order."""
    lines = split_lines(text)
    splitter = sentence_splitter(language) if mode == "sentence" else None
    segments: list[Segment] = []
    fields, body_first_line = parse_front_matter(lines, front_matter_keys, path)
    for fm in fields:
        segments.extend(_front_matter_segments(fm, splitter))
    body = "\n".join("" if i < body_first_line else line.text for i, line in enumerate(lines))
    try:
        tokens = _markdown().parse(body)
    except Exception as exc:  # markdown-it is total on strings; this is a guard, not a path
        raise SourceError(f"cannot parse Markdown: {exc}", path) from None
    containers: list[str] = []
    row_cursor = [0]  # where the next cell of the current table row is searched from
    for token in tokens:
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1:
            containers.pop()
        if token.type == "tr_open":
            row_cursor = [0]
        if token.type != "inline" or token.map is None:
            continue
        if len(token.content) > MAX_BLOCK_CHARS:
            raise SourceError(f"block of {len(token.content):,} characters; the limit is {MAX_BLOCK_CHARS:,}"
                              " (split it)", path, token.map[0] + 1)
        parent = containers[-1] if containers else ""
        try:
            if parent in ("th_open", "td_open"):
                segments.extend(_table_cell(token, row_cursor, lines))
            elif parent == "heading_open":
                segments.extend(_block(token, lines, "heading", "heading", None))
            else:
                kind = ("list item" if "list_item_open" in containers
                        else "block quote" if "blockquote_open" in containers else "paragraph")
                segments.extend(_paragraph(token, lines, kind, splitter))
        except _Unmappable as exc:
            raise SourceError(f"cannot locate text {str(exc)!r} in the source", path,
                              token.map[0] + 1) from None
    segments.sort(key=lambda s: s.start)
    return segments


class _Unmappable(Exception):
    pass


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
    children = token.children or []
    if children and children[0].type == "image" and (
            len(children) == 1 or children[1].type in ("softbreak", "hardbreak")):
        return _figure(token, lines, kind, splitter)
    cmap = _ContentMap(content, lines, token.map[0])
    return _spans_to_segments(content, cmap, [(0, len(content))], kind, "inline", splitter)


def _figure(token, lines, kind, splitter) -> list[Segment]:
    """An image on its own line, then a caption and, on the last line, a credit."""
    content = token.content
    cmap = _ContentMap(content, lines, token.map[0])
    first, _, rest = content.partition("\n")
    segments = []
    close = _closing_bracket(first, 1)
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


def _closing_bracket(text: str, opening: int) -> int | None:
    depth = 0
    index = opening
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


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
        for a, b in pieces:
            while a < b and content[a].isspace():
                a += 1
            while b > a and content[b - 1].isspace():
                b -= 1
            raw = content[a:b]
            if not has_prose(raw):
                continue
            source_start = cmap.source(a)
            prefix = _continuation_prefix(cmap.prefixes[cmap.row_of(a)])
            segments.append(Segment(_normalize(raw), source_start, cmap.source(b - 1) + 1,
                                    _line_number(cmap, a), kind, style, prefix))
    return segments


def _line_number(cmap: _ContentMap, index: int) -> int:
    return cmap.first_line + cmap.row_of(index) + 1


_LINE_BREAK_IN_CONTENT = re.compile(r"(?P<hard> {2,}|\\)?[ \t]*\n[ \t]*")


def _normalize(raw: str) -> str:
    """A segment's msgid: soft line breaks become spaces, hard breaks a backslash break."""
    return _LINE_BREAK_IN_CONTENT.sub(lambda m: "\\\n" if m.group("hard") else " ", raw)


def _front_matter_segments(fm: FrontMatterField, splitter) -> list[Segment]:
    pieces = [(0, len(fm.value))]
    if splitter is not None and fm.offsets_exact:
        pieces = splitter(fm.value, 0, len(fm.value))
    segments = []
    for a, b in pieces:
        while a < b and fm.value[a].isspace():
            a += 1
        while b > a and fm.value[b - 1].isspace():
            b -= 1
        if a >= b or not has_prose(fm.value[a:b]):
            continue
        if fm.offsets_exact:
            start, end = fm.value_start + fm.inner + a, fm.value_start + fm.inner + b
        else:
            start, end = fm.value_start, fm.value_end
        segments.append(Segment(_normalize(fm.value[a:b]), start, end, fm.line, fm.key, "yaml",
                                "", fm))
    return segments
