"""``status`` and ``diff``: what state every catalog is in, and what changed in stale entries."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .catalogs.pofile import AUTO_MARK, Counts, is_auto_updated, is_stale, report_line
from .errors import L10nError
from .workspace import UnlistedLanguage, Workspace


@dataclass
class CatalogStatus:
    document: str
    language: str
    path: str
    counts: Counts
    exists: bool = True
    error: str = ""  # a malformed catalog, when the caller asked to go on past it

    def as_json(self) -> dict:
        c = self.counts
        return {"document": self.document, "language": self.language, "path": self.path,
                "total": c.total, "translated": c.translated, "fuzzy": c.fuzzy, "stale": c.stale,
                "untranslated": c.untranslated, "obsolete": c.obsolete, "percent": c.percent,
                "words": {"total": c.words_total, "translated": c.words_translated},
                "auto_updated": c.auto_updated, "exists": self.exists}


@dataclass
class StatusReport:
    source_language: str
    catalogs: list[CatalogStatus]
    unlisted: list[UnlistedLanguage] = field(default_factory=list)  # catalog folders not in the configuration

    def as_json(self) -> dict:
        return {"source_language": self.source_language, "catalogs": [c.as_json() for c in self.catalogs],
                "unlisted_languages": [u.as_json() for u in self.unlisted]}


def status(ws: Workspace, language: str | None = None, document: str | None = None, *,
           skip_malformed: bool = False) -> StatusReport:
    """Every catalog's counts; with ``skip_malformed`` a malformed catalog is a row carrying its error."""
    rows = []
    for doc in ws.documents(document):
        with ws.reading(doc):  # a fresh clone parses every catalog: hold one document's at a time
            for lang in ws.config.selected_languages(language):
                path = ws.config.po_path(lang, doc.name)
                try:
                    counts = ws.counts(path)  # cached by content hash; parsed only when changed
                except L10nError as error:
                    if not skip_malformed:
                        raise
                    rows.append(CatalogStatus(doc.name, lang, ws.relative(path), Counts(), error=str(error)))
                    continue
                if counts is None:
                    # A catalog not created yet: every segment of the source is untranslated.
                    total = len({s.text for s in ws.source(doc).segments})
                    counts = Counts(total=total, untranslated=total)
                    rows.append(CatalogStatus(doc.name, lang, ws.relative(path), counts, exists=False))
                else:
                    rows.append(CatalogStatus(doc.name, lang, ws.relative(path), counts))
    return StatusReport(ws.config.source_language, rows, ws.unlisted_languages())


@dataclass
class StaleEntry:
    document: str
    language: str
    path: str
    line: int | None
    previous: str
    current: str
    translation: str
    changes: list[tuple[str, str]]  # ("equal" | "delete" | "insert", text)
    kind: str = "stale"  # or "updated automatically": a number edit update carried, not yet reviewed


# Numbers keep their separators and words their hyphens, so "1,300" -> "1,400" is one change.
_TOKENS = re.compile(r"\d+(?:[.,]\d+)*%?|\w+(?:[-'’]\w+)*|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff: runs of equal, deleted and inserted text."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    changes: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            changes.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            changes.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            changes.append(("insert", "".join(b[j1:j2])))
    return changes


def diff(ws: Workspace, language: str | None = None, document: str | None = None, *,
         skip_malformed: bool = False) -> list[StaleEntry]:
    found = []
    for doc in ws.documents(document):
        with ws.reading(doc):
            for lang in ws.config.selected_languages(language):
                path = ws.config.po_path(lang, doc.name)
                # Counts come from the cache when the catalog is unchanged; one with no stale (and
                # no untranslated, which may hide an emptied stale entry) need not be parsed.
                try:
                    counts = ws.counts(path)
                except L10nError:
                    if not skip_malformed:
                        raise
                    continue
                if counts is None or (counts.stale == 0 and counts.untranslated == 0 and counts.auto_updated == 0):
                    continue
                catalog = ws.catalog(path, required=False)
                for entry in catalog or []:
                    if entry.obsolete:
                        continue
                    if is_stale(entry):
                        previous, kind = entry.previous_msgid, "stale"
                    elif is_auto_updated(entry) and not entry.fuzzy:
                        previous, kind = _before_auto_update(entry), AUTO_UPDATED
                    else:
                        continue
                    found.append(StaleEntry(doc.name, lang, ws.relative(path), report_line(entry), previous,
                                            entry.msgid, entry.msgstr, word_diff(previous, entry.msgid), kind))
    return found


AUTO_UPDATED = "updated automatically"
# A number as the review mark names it ("1,300 → 1,350, 40 → 45"): digits first and last.
_MARKED_CHANGE = re.compile(r"(\d(?:[\d.,]*\d)?) → (\d(?:[\d.,]*\d)?)")


def _before_auto_update(entry) -> str:
    """The source a carried number edit replaced, from its review mark: each new number, in
    order, back to the old one."""
    mark = next(line for line in entry.tcomment.split("\n") if line.startswith(AUTO_MARK))
    text, position = entry.msgid, 0
    for old, new in _MARKED_CHANGE.findall(mark):
        found = re.compile(rf"(?<![\d.,]){re.escape(new)}(?![\d]|[.,]\d)").search(text, position)
        if found is None:
            break
        text = text[:found.start()] + old + text[found.end():]
        position = found.start() + len(old)
    return text
