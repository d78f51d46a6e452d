"""Merging a template into a catalog without ever losing a translation.

Entries are keyed by (msgctxt, msgid).  Order of matching, for each template entry:
1. the same key among the current entries: kept as it is;
2. the same key as a stale entry's previous source: the translation is current again;
3. the same key among obsolete entries: revived;
4. an unmatched reviewed entry whose source differs only in what ``carry`` carries
   (whitespace, typography, link destinations, numbers): translated, its translation
   rewritten where needed (a number edit marked for review);
5. the most similar unmatched current entry without plural forms (character similarity,
   at least ``similarity`` %, 60 by default, nearest position breaking ties; ``None``: no
   similarity matching, as ``msgmerge -N``): stale, with the previous source recorded.
Every field an entry has (plural forms, context, comments, flags, previous source) is
carried through.  Unmatched current entries with a translation become obsolete; an
obsolete entry is dropped only when revived or when its translation is exactly that of
another entry with the same key that stays.  Nothing else is dropped except entries
without any translation and identity entries of the source-language catalog.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import polib

from .carry import Carrier
from .pofile import with_mark
from .reader import Entry

SIMILARITY_THRESHOLD = 60.0
_MANAGED_COMMENT = ("type:", "l10n:")  # written from the source by every extract


@dataclass
class MergeResult:
    entries: list[polib.POEntry]  # current entries in template order, then obsolete ones
    new: int = 0
    stale: int = 0
    obsolete: int = 0
    revived: int = 0
    carried: int = 0  # changed segments whose translation was carried (step 4)
    auto_updated: int = 0  # of those, number edits: marked for review

    @property
    def changed_counts(self) -> bool:
        return bool(self.new or self.stale or self.obsolete or self.revived or self.carried)


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def translation(entry: polib.POEntry) -> tuple:
    """What a translator wrote in an entry: its msgstr and every plural form."""
    forms = tuple(v for _, v in sorted((int(k), v) for k, v in (entry.msgstr_plural or {}).items()))
    return (entry.msgstr or "",) + forms


def has_translation(entry: polib.POEntry) -> bool:
    return any(translation(entry))


def merge(template: list[polib.POEntry], old: polib.POFile | None, *, identity: bool = False,
          carrier: Carrier | None = None, similarity: float | None = SIMILARITY_THRESHOLD) -> MergeResult:
    """Entries of the merged catalog; ``identity`` fills untranslated entries with the msgid (msgen).

    ``carrier`` (a target language's) carries cosmetic and number edits; ``similarity`` is the
    threshold of similarity matching, ``None`` to turn it off.
    """
    old_entries = [e for e in old if e.msgid or e.msgctxt is not None] if old is not None else []
    current = [e for e in old_entries if not e.obsolete]
    obsolete = [e for e in old_entries if e.obsolete]
    by_key = {key(e): e for e in current}
    by_previous: dict[tuple, polib.POEntry] = {}
    for e in current + obsolete:
        if e.fuzzy and has_translation(e) and e.previous_msgid is not None:
            by_previous.setdefault((e.previous_msgctxt, e.previous_msgid), e)
    obsolete_by_key: dict[tuple, polib.POEntry] = {}
    for e in reversed(obsolete):  # of two with the same key, the later (newer) one is revived
        obsolete_by_key.setdefault(key(e), e)

    result = MergeResult(entries=[])
    merged: list[polib.POEntry | None] = [None] * len(template)
    used: set[int] = set()
    revived: set[int] = set()

    for index, entry in enumerate(template):
        match = by_key.get(key(entry))
        if match is not None:
            merged[index] = _carry(entry, match)
            used.add(id(match))
    for index, entry in enumerate(template):
        if merged[index] is not None:
            continue
        match = by_previous.get(key(entry))
        if match is not None and id(match) not in used and id(match) not in revived:
            merged[index] = _carry(entry, match, fuzzy=False)
            used.add(id(match))
            result.revived += match.obsolete
            revived.add(id(match))
            continue
        match = obsolete_by_key.get(key(entry))
        if match is not None and id(match) not in revived:
            merged[index] = _carry(entry, match)
            revived.add(id(match))
            result.revived += 1

    if carrier is not None and not identity:
        for index, match, carried in _carried(template, merged, current, used, carrier):
            merged[index] = entry = _carry(template[index], match, fuzzy=False, msgstr=carried.msgstr)
            if carried.note:
                entry.tcomment = with_mark(entry.tcomment, carried.note)
                result.auto_updated += 1
            used.add(id(match))
            result.carried += 1

    unmatched_new = [i for i, e in enumerate(merged) if e is None]
    candidates = [e for e in current if id(e) not in used and e.msgstr and not e.msgid_plural]
    pairs = [] if similarity is None else _similar_pairs(template, unmatched_new, candidates, current, similarity)
    for index, match in pairs:
        entry = template[index]
        if identity and match.msgstr == match.msgid and not match.fuzzy:
            merged[index] = _carry(entry, match, fuzzy=False, msgstr=entry.msgid)
        else:
            previous = (match.previous_msgctxt, match.previous_msgid) if is_previous_kept(match) \
                else key(match)
            merged[index] = _carry(entry, match, fuzzy=True, previous=previous)
            result.stale += 1
        used.add(id(match))

    for index, entry in enumerate(template):
        if merged[index] is None:
            merged[index] = _carry(entry, None, msgstr=entry.msgid if identity else "")
            result.new += not identity

    newly_obsolete = []
    for entry in current:
        if id(entry) in used or not has_translation(entry):
            continue
        if identity and entry.msgstr == entry.msgid and not entry.fuzzy and not entry.msgid_plural:
            continue
        gone = copy.copy(entry)
        gone.obsolete = True
        gone.occurrences = []  # where it stood, and what it was there, no longer exist
        gone.comment = "\n".join(line for line in (entry.comment or "").split("\n")
                                 if line and not line.startswith(_MANAGED_COMMENT))
        newly_obsolete.append(gone)
        result.obsolete += 1
    active = [e for e in merged if e is not None]
    holder = {key(e): e for e in active}
    kept_obsolete = []
    for entry in obsolete + newly_obsolete:
        if id(entry) in revived or not has_translation(entry):
            continue
        other = holder.get(key(entry))
        if other is None:
            holder[key(entry)] = entry
            kept_obsolete.append(entry)
        elif translation(other) != translation(entry):
            # msgfmt refuses two entries with one key: the translation goes where the
            # translator sees it, in the comment of the entry that keeps the key.
            other.tcomment = "\n".join(filter(None, [other.tcomment, *kept_translation(entry)]))
    result.entries = active + kept_obsolete
    return result


KEPT_LABEL = "obsolete translation:"


def kept_translation(entry: polib.POEntry) -> list[str]:
    """Translator-comment lines that keep an entry's translation, each form quoted and escaped."""
    lines = []
    for text in translation(entry):  # each form under its own label, as translate keeps texts
        if text:
            lines += [KEPT_LABEL] + [f'"{part}"' for part in _pieces(text)]
    return lines


def _pieces(text: str, width: int = 70) -> list[str]:
    from .wrapping import escape

    return [escape(text[i:i + width])[0] for i in range(0, len(text), width)] or [""]


def is_previous_kept(entry: polib.POEntry) -> bool:
    """A stale entry that goes stale again keeps the source its translation was made for."""
    return entry.fuzzy and entry.previous_msgid is not None


def _carried(template, merged, current, used, carrier: Carrier):
    """(template index, old entry, Carried) for each changed segment whose edit is carried.

    Only reviewed entries (translated, not fuzzy, no plural forms) are carried; old entries
    are found by their skeleton (``carry.skeleton``), so this is one pass over each side.
    """
    if all(e is not None for e in merged):
        return []  # every segment matched exactly: the usual update
    by_skeleton: dict[str, list[polib.POEntry]] = {}
    for entry in current:
        if id(entry) not in used and entry.msgstr and not entry.fuzzy and not entry.msgid_plural:
            by_skeleton.setdefault(carrier.skeleton(entry.msgid), []).append(entry)
    if not by_skeleton:
        return []
    taken: set[int] = set()
    found = []
    for index, entry in enumerate(template):
        if merged[index] is not None or entry.msgid_plural:
            continue
        for old in by_skeleton.get(carrier.skeleton(entry.msgid), ()):
            if id(old) in taken or old.msgctxt != entry.msgctxt:
                continue
            carried = carrier.carry(old.msgid, entry.msgid, old.msgstr)
            if carried is not None:
                taken.add(id(old))
                found.append((index, old, carried))
                break
    return found


def _similar_pairs(template, new_indexes, candidates, current, threshold: float = SIMILARITY_THRESHOLD):
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
                                        score_cutoff=threshold, limit=None):
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
           previous: tuple[str | None, str] | None = None, msgstr: str | None = None) -> polib.POEntry:
    """A new entry with the template's key, references and type, and everything else ``old`` had."""
    entry = Entry(msgid=template_entry.msgid, msgstr="", msgctxt=template_entry.msgctxt)
    entry.occurrences = list(template_entry.occurrences)
    comment_lines = template_entry.comment.split("\n") if template_entry.comment else []
    if old is not None:
        entry.origin = getattr(old, "origin", None)  # so an unchanged entry keeps its lines
        entry.msgstr = old.msgstr
        entry.msgid_plural = old.msgid_plural
        entry.msgstr_plural = dict(old.msgstr_plural or {})
        entry.tcomment = old.tcomment
        entry.flags = [f for f in old.flags if f != "fuzzy"]
        for line in (old.comment or "").split("\n"):
            if line and not line.startswith(_MANAGED_COMMENT) and line not in comment_lines:
                comment_lines.append(line)
        keep_fuzzy = old.fuzzy if fuzzy is None else fuzzy
        if keep_fuzzy:
            entry.flags.append("fuzzy")
            if previous is not None:
                entry.previous_msgctxt, entry.previous_msgid = previous
            elif fuzzy is None:
                entry.previous_msgctxt = old.previous_msgctxt
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgid_plural = old.previous_msgid_plural
    if msgstr is not None:
        entry.msgstr = msgstr
    entry.comment = "\n".join(comment_lines)
    return entry
