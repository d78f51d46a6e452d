"""Merging a template into a catalog without ever losing a translation.

Order of matching, for each template entry:
1. the same msgid among the current entries: kept as it is;
2. the same text as a stale entry's previous source: the translation is current again;
3. the same msgid among obsolete entries: revived;
4. the most similar unmatched current entry (character similarity, at least 60 %,
   nearest position breaking ties): stale, with the previous source recorded.
Unmatched current entries with a translation become obsolete; nothing is dropped
except empty entries and identity entries of the source-language catalog.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import polib

SIMILARITY_THRESHOLD = 60.0
_MANAGED_COMMENT = ("type:",)


@dataclass
class MergeResult:
    entries: list[polib.POEntry]  # current entries in template order, then obsolete ones
    new: int = 0
    stale: int = 0
    obsolete: int = 0
    revived: int = 0

    @property
    def changed_counts(self) -> bool:
        return bool(self.new or self.stale or self.obsolete or self.revived)


def merge(template: list[polib.POEntry], old: polib.POFile | None, *, identity: bool = False) -> MergeResult:
    """Entries of the merged catalog; ``identity`` fills untranslated entries with the msgid (msgen)."""
    old_entries = [e for e in old if e.msgid] if old is not None else []
    current = [e for e in old_entries if not e.obsolete]
    obsolete = [e for e in old_entries if e.obsolete]
    by_msgid = {(e.msgctxt, e.msgid): e for e in current}
    by_previous = {e.previous_msgid: e for e in current + obsolete
                   if e.fuzzy and e.msgstr and e.previous_msgid is not None}
    obsolete_by_msgid = {e.msgid: e for e in obsolete}

    result = MergeResult(entries=[])
    merged: list[polib.POEntry | None] = [None] * len(template)
    used: set[int] = set()
    revived: set[int] = set()

    for index, entry in enumerate(template):
        match = by_msgid.get((None, entry.msgid))
        if match is not None:
            merged[index] = _carry(entry, match)
            used.add(id(match))
    for index, entry in enumerate(template):
        if merged[index] is not None:
            continue
        match = by_previous.get(entry.msgid)
        if match is not None:
            merged[index] = _carry(entry, match, fuzzy=False)
            used.add(id(match))
            result.revived += match.obsolete
            revived.add(id(match))
            continue
        match = obsolete_by_msgid.get(entry.msgid)
        if match is not None:
            merged[index] = _carry(entry, match)
            revived.add(id(match))
            result.revived += 1

    unmatched_new = [i for i, e in enumerate(merged) if e is None]
    candidates = [e for e in current if id(e) not in used and e.msgstr]
    for index, match in _similar_pairs(template, unmatched_new, candidates, current):
        entry = template[index]
        if identity and match.msgstr == match.msgid and not match.fuzzy:
            merged[index] = _carry(entry, match, fuzzy=False, msgstr=entry.msgid)
        else:
            previous = match.previous_msgid if is_previous_kept(match) else match.msgid
            merged[index] = _carry(entry, match, fuzzy=True, previous=previous)
            result.stale += 1
        used.add(id(match))

    for index, entry in enumerate(template):
        if merged[index] is None:
            merged[index] = _carry(entry, None, msgstr=entry.msgid if identity else "")
            result.new += not identity

    newly_obsolete = []
    for entry in current:
        if id(entry) in used or not entry.msgstr:
            continue
        if identity and entry.msgstr == entry.msgid and not entry.fuzzy:
            continue
        gone = copy.copy(entry)
        gone.obsolete = True
        gone.occurrences = []
        newly_obsolete.append(gone)
        result.obsolete += 1
    kept_obsolete = {}
    for entry in obsolete + newly_obsolete:
        if id(entry) not in revived and entry.msgstr:
            kept_obsolete[entry.msgid] = entry  # the newer one of two with the same msgid wins
    result.entries = [e for e in merged if e is not None] + list(kept_obsolete.values())
    return result


def is_previous_kept(entry: polib.POEntry) -> bool:
    """A stale entry that goes stale again keeps the source its translation was made for."""
    return entry.fuzzy and entry.previous_msgid is not None


def _similar_pairs(template, new_indexes, candidates, current):
    if not new_indexes or not candidates:
        return []
    from rapidfuzz import fuzz  # imported when first needed: most merges match exactly
    from rapidfuzz.process import extract

    choices = [c.msgid for c in candidates]
    position = {id(e): i / max(len(current), 1) for i, e in enumerate(current)}
    pairs = []
    for row, index in enumerate(new_indexes):
        where = index / max(len(template), 1)
        for _, score, column in extract(template[index].msgid, choices, scorer=fuzz.ratio,
                                        score_cutoff=SIMILARITY_THRESHOLD, limit=None):
            pairs.append((-score, abs(where - position[id(candidates[column])]), row, column))
    pairs.sort()
    taken_rows: set[int] = set()
    taken_columns: set[int] = set()
    chosen = []
    for _, _, row, column in pairs:
        if row in taken_rows or column in taken_columns:
            continue
        taken_rows.add(row)
        taken_columns.add(column)
        chosen.append((new_indexes[row], candidates[column]))
    return chosen


def _carry(template_entry: polib.POEntry, old: polib.POEntry | None, *, fuzzy: bool | None = None,
           previous: str | None = None, msgstr: str | None = None) -> polib.POEntry:
    """A new entry with the template's msgid, references and type, and what ``old`` had."""
    entry = polib.POEntry(msgid=template_entry.msgid, msgstr="")
    entry.occurrences = list(template_entry.occurrences)
    comment_lines = template_entry.comment.split("\n") if template_entry.comment else []
    if old is not None:
        entry.msgstr = old.msgstr
        entry.tcomment = old.tcomment
        entry.flags = [f for f in old.flags if f != "fuzzy"]
        for line in (old.comment or "").split("\n"):
            if line and not line.startswith(_MANAGED_COMMENT) and line not in comment_lines:
                comment_lines.append(line)
        keep_fuzzy = old.fuzzy if fuzzy is None else fuzzy
        if keep_fuzzy:
            entry.flags.append("fuzzy")
            entry.previous_msgid = previous if previous is not None else (
                old.previous_msgid if fuzzy is None else None)
    if msgstr is not None:
        entry.msgstr = msgstr
    entry.comment = "\n".join(comment_lines)
    return entry
