"""Splitting a Markdown document into translatable segments.

A segment is a run of source text (a sentence, a paragraph, a heading, an alt
text, a front-matter value) together with its exact character span in the
source.  Rebuilding a document replaces spans and copies every other character
as it was, so everything that is not a segment survives byte for byte.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .frontmatter import FrontMatterField, parse_front_matter

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the line's first character in the source text
    text: str  # without the line break


def read_source(path: Path) -> str:
    """Decode a source file; newline style and BOM are kept so rebuilding is exact."""
    return decode_source(read_source_bytes(path), path)


def read_source_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path) from None


def decode_source(data: bytes, path: Path | str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not valid UTF-8", path, line) from None


def split_lines(text: str) -> list[_Line]:
    lines = []
    position = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(_Line(position, text[position:match.start()]))
        position = match.end()
    lines.append(_Line(position, text[position:]))
    if text.startswith("\ufeff"):
        lines[0] = _Line(1, lines[0].text[1:])
    return lines


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt  # imported when first needed: a skipped update never is

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def segment_document(text: str, *, mode: str = "sentence", language: str = "en",
                     front_matter_keys: tuple[str, ...] = ("title", "teaser"),
                     path: Path | str | None = None) -> list[Segment]:
    """Every translatable segment of a Markdown document, in document order."""
    lines = split_lines(text)
    splitter = _sentence_splitter(language) if mode == "sentence" else None
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
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1:
            containers.pop()
        if token.type != "inline" or token.map is None:
            continue
        parent = containers[-1] if containers else ""
        try:
            if parent in ("th_open", "td_open"):
                segments.extend(_table_cell(token, tokens, index, lines))
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

    def __init__(self, content: str, lines: list[_Line], first_line: int, heading: bool = False):
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

    def source(self, index: int) -> int:
        for content_start, source_start in reversed(self.rows):
            if index >= content_start:
                return source_start + index - content_start
        raise AssertionError(index)

    def row_of(self, index: int) -> int:
        for row, (content_start, _) in reversed(list(enumerate(self.rows))):
            if index >= content_start:
                return row
        return 0


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


def _table_cell(token, tokens, index, lines) -> list[Segment]:
    content = token.content
    if not content:
        return []
    row_line = token.map[0]
    line = lines[row_line]
    # Cells of one row come in order; find this one after the previous cells of the row.
    cursor = 0
    for previous in reversed(tokens[:index]):
        if previous.type == "tr_open":
            break
        if previous.type == "inline" and previous.content:
            found = _find_cell(line.text, previous.content, cursor)
            cursor = found + len(previous.content)
    # markdown-it unescapes "\|" in cells, so search for the escaped form too.
    position = _find_cell(line.text, content, cursor)
    raw = content if line.text.startswith(content, position) else content.replace("|", "\\|")
    if not _has_prose(raw):
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
            if not _has_prose(raw):
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


_PROTECTED = re.compile(
    r"(`+)(?:(?!\1).)+?\1"  # code spans
    r"|<[A-Za-z][^<>\n]*>|</[A-Za-z][^<>\n]*>"  # inline HTML and autolinks
    r"|\]\([^)\n]*\)|\]\[[^\]\n]*\]"  # link destinations and references
    r"|(?:https?|ftp)://[^\s<>()]+|www\.[^\s<>()]+",  # bare URLs
    re.S)
_NOT_PROSE = re.compile(r"[^\W\d_]")


def _has_prose(raw: str) -> bool:
    return bool(_NOT_PROSE.search(_PROTECTED.sub(" ", raw)))


def _mask(text: str) -> str:
    """Same length as ``text``; protected spans are hidden from the sentence splitter."""
    return _PROTECTED.sub(lambda m: "x" * len(m.group()), text).replace("\n", " ")


def _balanced(text: str) -> bool:
    """True when no link, emphasis or code run is left open at the end of ``text``."""
    text = re.sub(r"\\.", "", _PROTECTED.sub(lambda m: " " if m.group().startswith("`") else "]", text))
    if text.count("[") > text.count("]"):
        return False
    stars = re.findall(r"\*+", text)
    if sum(len(run) for run in stars) % 2:
        return False
    underscores = re.findall(r"(?<![0-9A-Za-z])_+|_+(?![0-9A-Za-z])", text)
    if sum(len(run) for run in underscores) % 2:
        return False
    return text.count("~~") % 2 == 0


_CLOSING_DELIMITERS = re.compile(r"[*_~]+(?=\s|$)")

_PYSBD_LANGUAGES = {"en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa",
                    "nl", "da", "fr", "my", "el", "it", "ja", "de", "kk", "sk"}


@functools.lru_cache(maxsize=None)
def _sentence_splitter(language: str):
    import pysbd

    code = language.replace("-", "_").split("_")[0].lower()
    code = code if code in _PYSBD_LANGUAGES else "en"
    segmenter = pysbd.Segmenter(language=code, clean=False)
    abbreviations = _abbreviations(code) if code == "en" else None

    @functools.lru_cache(maxsize=8192)
    def sentences(masked: str) -> tuple[tuple[int, int], ...]:
        if abbreviations is not None:
            return _fast_sentences(masked, abbreviations, segmenter)
        return _pysbd_sentences(segmenter, masked)

    def split(content: str, start: int, end: int) -> list[tuple[int, int]]:
        text = content[start:end]
        if not re.search(r"[.!?…。]\W*\s", text):
            return [(start, end)]
        pieces: list[tuple[int, int]] = []
        for a, b in sentences(_mask(text)):
            a, b = a + start, b + start
            # pysbd hands a closing emphasis delimiter to the next sentence; give it back.
            closing = _CLOSING_DELIMITERS.match(content, a, b)
            if pieces and closing:
                pieces[-1] = (pieces[-1][0], closing.end())
                a = closing.end()
            if pieces and (not _balanced(content[pieces[-1][0]:pieces[-1][1]])
                           or not _has_prose(content[a:b])):
                pieces[-1] = (pieces[-1][0], b)
            else:
                pieces.append((a, b))
        if pieces:
            pieces[0] = (start, pieces[0][1])
            pieces[-1] = (pieces[-1][0], end)
        return pieces or [(start, end)]

    return split


def _pysbd_sentences(segmenter, masked: str) -> tuple[tuple[int, int], ...]:
    spans = []
    cursor = 0
    for sentence in segmenter.segment(masked):
        found = masked.find(sentence, cursor)
        if found < 0:  # pysbd changed the text: keep the run whole rather than guess
            return ((0, len(masked)),)
        spans.append((found, found + len(sentence)))
        cursor = found + len(sentence)
    return tuple(spans)


def _abbreviations(code: str) -> frozenset[str]:
    from pysbd.languages import Language

    return frozenset(a.strip().lower() for a in Language.get_language_code(code).Abbreviation.ABBREVIATIONS)


# pysbd costs milliseconds a paragraph (it tries every abbreviation and list rule).  Most
# news prose is plain: a sentence ends in a word, a stop, a space and a capital.  Such a
# boundary is cut without asking pysbd, and only the runs between cuts that hold anything
# else -- abbreviations, initials, numbers before a stop -- go to pysbd.  Text with quotes,
# parentheses or ellipses goes to pysbd whole.  tests/test_sentences.py checks that the
# result is what pysbd alone says.
_STOP = re.compile(r"[.!?]")
_WORD_BEFORE = re.compile(r"(?:(?<=\s)|^)([^\W\d_]{3,})$")
# An opening bracket alone is safe: a link's "](url)" is masked, so pysbd sees no bracketed run.
_UNSAFE = re.compile(r"[()\]{}…“”«»‘’\"]|(?:^|\s)'|\.\.|--|[.!?][.!?]")
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)


@functools.lru_cache(maxsize=1)
def _exclamation_words() -> re.Pattern:
    """Words pysbd keeps whole although they hold a stop ("Yahoo!"); it matches them anywhere."""
    from pysbd.exclamation_words import ExclamationWords

    return re.compile(ExclamationWords.EXCLAMATION_REGEX)


def _fast_sentences(masked: str, abbreviations: frozenset[str], segmenter) -> tuple[tuple[int, int], ...]:
    if _UNSAFE.search(masked) or _exclamation_words().search(masked):
        return _pysbd_sentences(segmenter, masked)
    spans: list[tuple[int, int]] = []

    def emit(start: int, end: int, unsure: bool) -> None:
        if unsure:
            spans.extend((start + a, start + b) for a, b in _pysbd_sentences(segmenter, masked[start:end]))
        elif start < end:
            spans.append((start, end))

    start, unsure = 0, False
    for stop in _STOP.finditer(masked):
        at = stop.start()
        after = masked[at + 1:at + 3]
        if stop.group() == "." and masked[at - 1:at].isdigit() and after[:1].isdigit():
            continue  # a decimal
        word = _WORD_BEFORE.search(masked, 0, at)
        plain_word = (word is not None and word.group(1).lower() not in abbreviations
                      and not _ROMAN.fullmatch(word.group(1)))
        if plain_word and len(after) == 2 and after[0] == " " and after[1].isupper():
            emit(start, at + 2, unsure)
            start, unsure = at + 2, False
        elif not (plain_word and at + 1 == len(masked)):
            unsure = True
    emit(start, len(masked), unsure)
    return tuple(spans)


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
        if a >= b or not _has_prose(fm.value[a:b]):
            continue
        if fm.offsets_exact:
            start, end = fm.value_start + fm.inner + a, fm.value_start + fm.inner + b
        else:
            start, end = fm.value_start, fm.value_end
        segments.append(Segment(_normalize(fm.value[a:b]), start, end, fm.line, fm.key, "yaml",
                                "", fm))
    return segments
