"""Three-way merge of catalogs, entry by entry: the Git merge driver (``l10n merge-driver``).

Git's text merge sees a ``.po`` file as lines, so a translator's commit (Weblate's, which may
also re-wrap every entry) and an ``l10n update`` after a source edit conflict on lines that
mean nothing to each other.  Here every entry is keyed by msgctxt + msgid (plurals included)
and each part of it (translation, flags, comments, references, previous source, obsolete) is
merged three-way: what one side changed is taken, what both changed alike is taken once.
When both sides translated one entry differently, ours is kept, marked fuzzy, and theirs is
put in a translator comment: a real conflict, which the driver reports (exit 1).  No
translation is lost: an entry one side translated while the other side's ``update`` retired
it gives its translation to the stale entry that replaced it, or stays as obsolete.  Entries
that come through unchanged are written with the lines they had (the side that re-wrapped
them wins), everything else as ``update`` writes it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polib

from ..fsutil import read_file, write_if_changed
from .pofile import read_catalog, serialize
from .reader import Catalog, Origin, meaning

_CONFLICT_NOTE = "l10n merge conflict: the other branch translated this as:"
_THEIRS = -1  # origin index of an entry taken from theirs: never mistaken for ours's file order


@dataclass
class MergeResult:
    path: str  # the catalog's name in the repository (%P)
    conflicts: list[str] = field(default_factory=list)  # msgids both sides translated differently
    carried: int = 0  # translations moved onto the stale entry that replaced their entry
    kept_obsolete: int = 0  # translations whose entry the other side removed, kept as obsolete
    written: bool = False


def merge_driver(base: Path, ours: Path, theirs: Path, name: str | None = None) -> MergeResult:
    """Merge ``theirs`` into ``ours`` (rewritten in place, as Git expects) against ``base``."""
    label = name or str(ours)
    catalogs = [_read(path, f"{label} ({side})") for path, side in ((base, "base"), (ours, "ours"),
                                                                      (theirs, "theirs"))]
    result = MergeResult(label)
    merged = merge_catalogs(*catalogs, result)
    result.written = write_if_changed(ours, serialize(merged))
    return result


def _read(path: Path, label: str) -> Catalog:
    data = read_file(path)
    return read_catalog(data, Path(label))


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _translation(entry: polib.POEntry | None):
    if entry is None:
        return None
    plural = tuple(sorted((int(k), v) for k, v in (entry.msgstr_plural or {}).items()))
    return entry.msgstr, plural, "fuzzy" in entry.flags


def _has_text(translation) -> bool:
    return translation is not None and bool(translation[0] or any(v for _, v in translation[1]))


# The parts of an entry merged on their own, as (getter, setter) pairs.
_PARTS = {
    "comment": (lambda e: e.comment or "", lambda e, v: setattr(e, "comment", v)),
    "tcomment": (lambda e: e.tcomment or "", lambda e, v: setattr(e, "tcomment", v)),
    "occurrences": (lambda e: tuple(tuple(o) for o in e.occurrences),
                    lambda e, v: setattr(e, "occurrences", [tuple(o) for o in v])),
    "previous": (lambda e: (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural),
                 lambda e, v: (setattr(e, "previous_msgctxt", v[0]), setattr(e, "previous_msgid", v[1]),
                               setattr(e, "previous_msgid_plural", v[2]))),
    "obsolete": (lambda e: bool(e.obsolete), lambda e, v: setattr(e, "obsolete", v)),
    "msgid_plural": (lambda e: e.msgid_plural or "", lambda e, v: setattr(e, "msgid_plural", v)),
}


def _three(base, ours, theirs):
    """The three-way choice for one value, and whether it is a conflict (both changed it, differently:
    then ours)."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def merge_catalogs(base: Catalog, ours: Catalog, theirs: Catalog, result: MergeResult) -> Catalog:
    old = {_key(e): e for e in base}
    mine = {_key(e): e for e in ours}
    other = {_key(e): e for e in theirs}
    entries: dict[tuple, polib.POEntry] = {}
    orphans: list[tuple[polib.POEntry, polib.POEntry | None]] = []  # translated on one side, removed on the other
    for key in _order(ours, theirs):
        o, a, b = old.get(key), mine.get(key), other.get(key)
        if a is not None and b is not None:
            entries[key] = _merge_entry(o, a, b, result)
        elif o is None:  # added on one side
            entries[key] = a if a is not None else _from_theirs(b)
        else:  # removed on one side: the other side's change of translation must not be lost
            kept = a if a is not None else b
            if _translation(kept) != _translation(o) and _has_text(_translation(kept)):
                orphans.append((kept if a is not None else _from_theirs(kept), o))
            # else: the removal stands (the side that kept it changed no translation)
    for entry, previous in orphans:
        _carry(entry, previous, entries, result)
    catalog = Catalog(check_for_duplicates=False)
    catalog.extend(entries.values())
    catalog.source_bytes = ours.source_bytes
    catalog.header_origin = ours.header_origin
    catalog.entry_count = ours.entry_count
    _merge_header(base, ours, theirs, catalog)
    return catalog


def _order(ours: Catalog, theirs: Catalog) -> list[tuple]:
    """Ours's order, with each entry only theirs has placed after its predecessor in theirs."""
    order = [_key(e) for e in ours]
    seen = set(order)
    inserted: dict[tuple | None, list[tuple]] = {}
    previous = None
    for entry in theirs:
        key = _key(entry)
        if key not in seen:
            inserted.setdefault(previous, []).append(key)
            seen.add(key)
        else:
            previous = key
    result = list(inserted.get(None, []))
    for key in order:
        result.append(key)
        result += inserted.get(key, [])
    return result


def _from_theirs(entry: polib.POEntry) -> polib.POEntry:
    """``entry`` with its lines, but an origin that cannot pass for a line of ours's file."""
    entry = copy.copy(entry)
    origin = getattr(entry, "origin", None)
    if origin is not None:
        entry.origin = Origin(_THEIRS, origin.lines, origin.meaning)
    return entry


def _merge_entry(o, a, b, result: MergeResult) -> polib.POEntry:
    if meaning(a) == meaning(b):
        return _lines_from(o, a, b)
    if o is not None and meaning(a) == meaning(o):
        return _from_theirs(b)
    if o is not None and meaning(b) == meaning(o):
        return a
    merged = copy.copy(a)
    merged.flags = list(a.flags)
    for get, put in _PARTS.values():
        value, _ = _three(get(o) if o is not None else None, get(a), get(b))
        put(merged, value)
    base_flags = set(o.flags) if o is not None else set()
    others = (set(a.flags) | set(b.flags)) - {"fuzzy"}
    others -= (base_flags - set(a.flags)) | (base_flags - set(b.flags))  # a side removed it
    t_o, t_a, t_b = _translation(o), _translation(a), _translation(b)
    chosen, conflict = _three(t_o, t_a, t_b)
    if conflict:
        if not _has_text(t_b):
            chosen, conflict = t_a, False
        elif not _has_text(t_a):
            chosen, conflict = t_b, False
        elif t_a[:2] == t_b[:2]:  # the same words: fuzzy if either side still doubts them
            chosen, conflict = (t_a[0], t_a[1], t_a[2] or t_b[2]), False
    msgstr, plural, fuzzy = chosen
    merged.msgstr = msgstr
    merged.msgstr_plural = dict(plural)
    if conflict:
        fuzzy = True
        theirs_text = t_b[0] if not t_b[1] else "\n".join(f"msgstr[{k}]: {v}" for k, v in t_b[1])
        note = f"{_CONFLICT_NOTE}\n{theirs_text}"
        merged.tcomment = f"{merged.tcomment}\n{note}" if merged.tcomment else note
        result.conflicts.append(a.msgid)
    merged.flags = (["fuzzy"] if fuzzy else []) + [f for f in a.flags if f in others] + \
        sorted(others - set(a.flags))
    return merged


def _lines_from(o, a, b) -> polib.POEntry:
    """Both sides mean the same: ours's lines, unless only theirs changed them (a re-wrap)."""
    lines = lambda e: getattr(getattr(e, "origin", None), "lines", None)  # noqa: E731
    if o is not None and lines(a) == lines(o) and lines(b) is not None and lines(b) != lines(o):
        return _from_theirs(b)
    return a


def _carry(entry: polib.POEntry, previous: polib.POEntry, entries: dict, result: MergeResult) -> None:
    """A translation whose entry the other side retired: onto the stale entry that replaced it
    (``#| msgid`` naming it, still holding the old translation or none), else kept as obsolete."""
    was = _translation(previous)
    for key, candidate in entries.items():
        if (candidate.previous_msgid == previous.msgid and candidate.previous_msgctxt == previous.msgctxt
                and not candidate.obsolete
                and (not _has_text(_translation(candidate)) or _translation(candidate)[:2] == was[:2])):
            stale = copy.copy(candidate)
            stale.msgstr = entry.msgstr
            stale.msgstr_plural = dict(entry.msgstr_plural or {})
            stale.flags = ["fuzzy"] + [f for f in candidate.flags if f != "fuzzy"]
            entries[key] = stale
            result.carried += 1
            return
    kept = copy.copy(entry)
    kept.obsolete = True
    entries[_key(kept)] = kept
    result.kept_obsolete += 1


def _revision(catalog: Catalog) -> datetime | None:
    value = catalog.metadata.get("PO-Revision-Date", "")
    for pattern in ("%Y-%m-%d %H:%M%z", "%Y-%m-%d %H:%M:%S%z"):
        try:
            return datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
    return None


def _merge_header(base: Catalog, ours: Catalog, theirs: Catalog, catalog: Catalog) -> None:
    """Header fields merged three-way; where both changed one, the newer PO-Revision-Date wins."""
    mine, other = _revision(ours), _revision(theirs)
    theirs_newer = mine is None and other is not None or (mine is not None and other is not None and other > mine)
    metadata = {}
    for key in list(ours.metadata) + [k for k in theirs.metadata if k not in ours.metadata]:
        o, a, b = base.metadata.get(key), ours.metadata.get(key), theirs.metadata.get(key)
        value, conflict = _three(o, a, b)
        if conflict and theirs_newer:
            value = b
        if key == "POT-Creation-Date" and a and b:
            value = max(a, b)  # same format, written by l10n: the later template
        if value is not None:
            metadata[key] = value
    catalog.metadata = metadata
    catalog.header = _three(base.header or "", ours.header or "", theirs.header or "")[0]
    catalog.metadata_is_fuzzy = _three(base.metadata_is_fuzzy, ours.metadata_is_fuzzy, theirs.metadata_is_fuzzy)[0]
