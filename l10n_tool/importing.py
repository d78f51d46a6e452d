"""``l10n import``: an existing translation of one document brought into its catalog.

The translation (Markdown in the target language: a hand-translated edition, or the original
an article was translated from) is segmented by the same format and rules as the source, in
the target language.  Its blocks (headings, paragraphs, list items, figure parts, front-matter
values) are then paired with the source's: front-matter values by key, the body by a sequence
alignment over block kinds and lengths (dynamic programming with a cost for a skipped block,
so a paragraph added or dropped in the translation leaves the others paired).  Inside a
paired block in sentence mode, sentences are paired by length, the way Gale and Church align
sentences (1:1, 1:2, 2:1, 1:0 and 0:1 moves).  Nothing is guessed: blocks and sentences that
do not pair are reported (with the line in each file), and an entry that already has a
translation is never overwritten.  Imported entries are fuzzy, with a comment naming the
file, unless the import is marked reviewed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .catalogs.pofile import serialize
from .errors import L10nError, SourceError
from .fsutil import project_lock, write_if_unchanged_since
from .sources.segment import Segment
from .workspace import Workspace

IMPORT_NOTE = "imported from"
MERGED_NOTE = "this translation also covers the next source sentence"


@dataclass(frozen=True)
class Unaligned:
    """A block or sentence of one side with no counterpart in the other, and where it stands in both."""

    side: str  # "source" (not found in the translation) or "translation" (not in the source)
    kind: str
    text: str
    source_line: int  # the line in the source (of the block, or where the translation's block would go)
    file_line: int  # the line in the imported file (likewise)


@dataclass(frozen=True)
class Kept:
    """An entry that already had a translation: left as it was."""

    msgid: str
    existing: str
    imported: str
    line: int | None  # in the catalog


@dataclass
class ImportResult:
    document: str
    language: str
    path: str  # the catalog
    file: str  # the imported file, as given
    imported: int = 0  # entries filled
    same: int = 0  # entries that already held exactly the imported translation
    merged: int = 0  # 2:1 pairs: one target sentence for two source sentences (noted on the first)
    kept: list[Kept] = field(default_factory=list)
    unaligned: list[Unaligned] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)  # msgids the file gave no translation
    written: bool = False


@dataclass
class _Block:
    kind: str
    key: str | None  # the front-matter key, for front-matter values
    segments: list[Segment]

    @property
    def line(self) -> int:
        return self.segments[0].line

    @cached_property
    def chars(self) -> int:
        return sum(len(_plain(s.text)) for s in self.segments)

    @cached_property
    def numbers(self) -> tuple[str, ...]:
        return tuple(sorted(re.sub(r"\D", "", n) for s in self.segments for n in _NUMBER.findall(s.text)))

    @cached_property
    def links(self) -> frozenset[str]:
        return frozenset(u for s in self.segments for u in _LINK.findall(s.text))


_NUMBER = re.compile(r"\d[\d.,\u00a0\u202f]*\d|\d")
_LINK = re.compile(r"\]\(([^)\s]+)")
_MARKUP = re.compile(r"\]\([^)]*\)|[*_`\[\]]")


def _plain(text: str) -> str:
    return _MARKUP.sub("", text)


def import_translation(ws: Workspace, language: str, file: Path, *, document: str | None = None,
                       reviewed: bool = False) -> ImportResult:
    """Align ``file`` (a translation into ``language`` of one document) and fill the catalog."""
    config = ws.config
    language = config.check_language(language)
    if language == config.source_language:
        raise L10nError(f"{language!r} is the source language: its catalog is filled from the source itself",
                        config.config_path)
    doc = _document(ws, file, document)
    source = ws.source(doc)
    from .plugins import source_format
    from .sources.text import decode_source, read_source_bytes

    text = decode_source(read_source_bytes(file), str(file))
    target = source_format(file).segment(text, mode=config.segment, language=language,
                                         front_matter_keys=config.front_matter, path=str(file))
    path = config.po_path(language, doc.name)
    result = ImportResult(doc.name, language, ws.relative(path), str(file))
    pairs = _align(_blocks(source.segments), _blocks(target), result)
    with project_lock(config.root):
        catalog = ws.catalog(path, required=True)
        _fill(catalog, pairs, result, note=f"{IMPORT_NOTE} {file}", reviewed=reviewed)
        if result.imported:
            result.written = write_if_unchanged_since(path, catalog.file_bytes, serialize(catalog))
    return result


def _document(ws: Workspace, file: Path, name: str | None):
    if name is not None:
        doc = ws.document_named(name)
        if doc is None:
            known = ", ".join(d.name for d in ws.documents()) or "none"
            raise L10nError(f"unknown document {name!r}; documents: {known}", ws.config.config_path)
        return doc
    for doc in ws.documents():
        if doc.name == file.stem:
            return doc
    raise SourceError("no document of the project is called like this file; name it with --doc", file)


def _blocks(segments: list[Segment]) -> list[_Block]:
    """Segments grouped by the block they come from: a block's sentences share it."""
    blocks: list[_Block] = []
    for segment in segments:
        key = segment.field.key if segment.field is not None else None
        continues = segment.place and not segment.place.startswith("sentence 1 of")
        if blocks and continues and blocks[-1].kind == segment.kind and blocks[-1].key == key:
            blocks[-1].segments.append(segment)
        else:
            blocks.append(_Block(segment.kind, key, [segment]))
    return blocks


# --- blocks -------------------------------------------------------------------------------

_SKIP = 1.5  # a block with no counterpart; a pair dearer than two skips is no pair


def _pair_cost(s: _Block, t: _Block, ratio: float) -> float:
    if s.kind != t.kind:
        return math.inf
    cost = 2 * abs(math.log((t.chars + 5) / ((s.chars + 5) * ratio)))
    cost += 0.25 * abs(len(s.segments) - len(t.segments))
    if s.numbers != t.numbers:
        cost += 1.0
    if s.links != t.links:
        cost += 1.0
    return cost


def _align(source: list[_Block], target: list[_Block], result: ImportResult) -> list[tuple[_Block, _Block]]:
    pairs: list[tuple[_Block, _Block]] = []
    # Front-matter values pair by key; the body by the sequence alignment.
    by_key = {b.key: b for b in target if b.key is not None}
    used = set()
    for block in (b for b in source if b.key is not None):
        match = by_key.get(block.key)
        if match is not None and match.kind == block.kind:
            pairs.append((block, match))
            used.add(block.key)
        else:
            result.unaligned.append(Unaligned("source", block.kind, block.segments[0].text, block.line, 1))
    for block in (b for b in target if b.key is not None and b.key not in used):
        if block.key in {b.key for b in source}:
            continue
        result.unaligned.append(Unaligned("translation", block.kind, block.segments[0].text, 1, block.line))
    body_s = [b for b in source if b.key is None]
    body_t = [b for b in target if b.key is None]
    ratio = (sum(b.chars for b in body_t) + 1) / (sum(b.chars for b in body_s) + 1)
    pairs += _sequence(body_s, body_t, ratio, result)
    return pairs


def _sequence(source: list[_Block], target: list[_Block], ratio: float,
              result: ImportResult) -> list[tuple[_Block, _Block]]:
    """The cheapest alignment of two block sequences: pairs, and skips on either side."""
    n, m = len(source), len(target)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == math.inf:
                continue
            if i < n and j < m:
                pair = here + _pair_cost(source[i], target[j], ratio)
                if pair < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1], move[i + 1][j + 1] = pair, "pair"
            if i < n and here + _SKIP < cost[i + 1][j]:
                cost[i + 1][j], move[i + 1][j] = here + _SKIP, "source"
            if j < m and here + _SKIP < cost[i][j + 1]:
                cost[i][j + 1], move[i][j + 1] = here + _SKIP, "target"
    steps = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        steps.append((step, i, j))
        i, j = (i - 1, j - 1) if step == "pair" else (i - 1, j) if step == "source" else (i, j - 1)
    pairs = []
    for step, i, j in reversed(steps):
        if step == "pair":
            pairs.append((source[i - 1], target[j - 1]))
        elif step == "source":
            block = source[i - 1]
            near = target[j].line if j < m else (target[-1].line if target else 1)
            result.unaligned.append(Unaligned("source", block.kind, block.segments[0].text, block.line, near))
        else:
            block = target[j - 1]
            near = source[i].line if i < n else (source[-1].line if source else 1)
            result.unaligned.append(Unaligned("translation", block.kind, block.segments[0].text, near, block.line))
    return pairs


# --- sentences (Gale & Church 1993) -------------------------------------------------------

# Prior probabilities of the moves, from Gale and Church's counts.
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0055, (0, 1): 0.0055, (2, 1): 0.0445, (1, 2): 0.0445}
_VARIANCE = 6.8  # of the target/source length ratio per source character


def _match_cost(source_chars: int, target_chars: int, ratio: float) -> float:
    if source_chars == 0 and target_chars == 0:
        return 0.0
    mean = (source_chars + target_chars / ratio) / 2
    z = (ratio * source_chars - target_chars) / math.sqrt(max(mean, 1) * _VARIANCE)
    p = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))
    return -math.log(max(p, 1e-12))


def align_sentences(source: list[int], target: list[int], ratio: float = 1.0) -> list[tuple[int, int, int, int]]:
    """Gale-Church: the cheapest path of moves over two lists of sentence lengths, as
    ``(source index, source count, target index, target count)`` steps."""
    n, m = len(source), len(target)
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == math.inf:
                continue
            for (ds, dt), prior in _PRIORS.items():
                if i + ds > n or j + dt > m:
                    continue
                step = cost[i][j] - math.log(prior) + _match_cost(sum(source[i:i + ds]), sum(target[j:j + dt]), ratio)
                if step < cost[i + ds][j + dt]:
                    cost[i + ds][j + dt], back[i + ds][j + dt] = step, (ds, dt)
    steps = []
    i, j = n, m
    while i or j:
        ds, dt = back[i][j]
        i, j = i - ds, j - dt
        steps.append((i, ds, j, dt))
    return steps[::-1]


def _fill(catalog, pairs: list[tuple[_Block, _Block]], result: ImportResult, *, note: str, reviewed: bool) -> None:
    entries = {e.msgid: e for e in catalog if not e.obsolete and e.msgctxt is None}
    found: dict[str, tuple[str, str | None]] = {}  # msgid -> (translation, extra note)
    for source, target in pairs:
        s, t = source.segments, target.segments
        if len(s) == 1 and len(t) == 1:
            steps = [(0, 1, 0, 1)]
        else:
            ratio = (target.chars + 1) / (source.chars + 1)
            steps = align_sentences([len(_plain(x.text)) for x in s], [len(_plain(x.text)) for x in t], ratio)
        for i, ds, j, dt in steps:
            if ds == 0:
                seg = t[j]
                result.unaligned.append(Unaligned("translation", target.kind, seg.text, s[min(i, len(s) - 1)].line,
                                                  seg.line))
                continue
            if dt == 0:
                result.unaligned.append(Unaligned("source", source.kind, s[i].text, s[i].line, t[min(j, len(t) - 1)].line))
                continue
            text = " ".join(x.text for x in t[j:j + dt])
            extra = None
            if ds == 2:
                extra = f"{MERGED_NOTE}: {s[i + 1].text}"
                result.merged += 1
                result.unaligned.append(Unaligned("source", source.kind, s[i + 1].text, s[i + 1].line, t[j].line))
            found.setdefault(s[i].text, (text, extra))
    for msgid, (text, extra) in found.items():
        entry = entries.get(msgid)
        if entry is None:
            continue  # the catalog is behind its source: `l10n update` first brings the entry
        if entry.msgstr:
            if entry.msgstr == text:
                result.same += 1
            else:
                result.kept.append(Kept(msgid, entry.msgstr, text, entry.linenum))
            continue
        entry.msgstr = text
        comment = note if extra is None else f"{note}; {extra}"
        entry.tcomment = f"{entry.tcomment}\n{comment}" if entry.tcomment else comment
        if reviewed:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        elif "fuzzy" not in entry.flags:
            entry.flags = ["fuzzy", *entry.flags]
        result.imported += 1
    result.untranslated = [e.msgid for e in entries.values() if not e.msgstr]
