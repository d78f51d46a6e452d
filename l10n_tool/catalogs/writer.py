"""Writing catalogs: GNU gettext's layout, and no churn for entries that did not change.

An entry read from a file and still meaning what it meant is written back with the lines
it was read from, whichever tool wrapped them; a whole catalog whose entries and header
are unchanged is its original bytes.  Other entries are written as ``msgcat`` writes them,
at the width the file already uses (found by trying the usual widths on the entries read)
or, for a file l10n creates, at ``po_width``.
"""

from __future__ import annotations

import polib

from .kept import entry_translations
from .reader import header_meaning, meaning
from .wrapping import escape, wrap_field

DEFAULT_WIDTH = 79
_CANDIDATE_WIDTHS = (79, 0, 76, 77, 78, 80)


def serialize(catalog: polib.POFile, width: int | None = None) -> bytes:
    width = getattr(catalog, "po_width", DEFAULT_WIDTH) if width is None else width
    entries = [e for e in catalog if not (e.obsolete and not _has_translation(e))]
    unchanged = [_unchanged(e) for e in entries]
    header_same = _header_unchanged(catalog)
    source = getattr(catalog, "source_bytes", None)
    if (source is not None and header_same and all(unchanged)
            and [e.origin.index for e in entries] == _read_order(catalog)):
        return source  # nothing changed: the file as it is, byte for byte
    style = format_entry
    if source is not None and not all(unchanged):
        width, style = detect_style(catalog, width)
    blocks = [_header_lines(catalog, width, header_same)]
    for entry, same in zip(entries, unchanged):
        blocks.append(list(entry.origin.lines) if same else style(entry, width))
    return ("\n\n".join("\n".join(block) for block in blocks if block) + "\n").encode("utf-8")


def _read_order(catalog) -> list[int]:
    start = 1 if catalog.header_origin is not None else 0
    return list(range(start, start + catalog.entry_count))


def _unchanged(entry: polib.POEntry) -> bool:
    origin = getattr(entry, "origin", None)
    return origin is not None and origin.meaning == meaning(entry)


def _has_translation(entry: polib.POEntry) -> bool:
    """An obsolete entry worth writing: it holds a translation, in a msgstr or only in a comment."""
    if entry.msgstr or (entry.msgstr_plural and entry.msgstr_plural.get(0)):
        return True
    return bool(entry.tcomment) and bool(entry_translations(entry))


def polib_entry(entry: polib.POEntry, width: int) -> list[str]:
    """An entry as polib writes it, for files polib saved."""
    return polib.POEntry.__unicode__(entry, width).rstrip("\n").split("\n")


def detect_style(catalog: polib.POFile, default: int):
    """The width and writer that reproduce most of the entries as read (``default`` on a tie)."""
    # Only entries with long or continued lines tell the styles apart; a few dozen suffice.
    samples = [e for e in catalog if _unchanged(e) and any(len(line) > 60 or line.startswith(('"', '#~ "'))
                                                           for line in e.origin.lines)][:40]
    candidates = [(default, format_entry)] + [(w, format_entry) for w in _CANDIDATE_WIDTHS if w != default]
    candidates += [(78, polib_entry), (79, polib_entry)]  # polib's default width, and l10n's before 0.2
    best, best_score = candidates[0], -1
    for width, style in candidates:
        score = sum(tuple(style(e, width)) == e.origin.lines for e in samples)
        if score > best_score:
            best, best_score = (width, style), score
        if score == len(samples):
            break  # the first style that reproduces every sample is the file's
    return best


def format_entry(entry: polib.POEntry, width: int) -> list[str]:
    """An entry's lines as GNU ``msgcat`` writes them (write-po.c's message_print)."""
    lines = _comment_lines("#", entry.tcomment) + _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences, width or DEFAULT_WIDTH)
    obsolete = bool(entry.obsolete)
    translated = _has_translation(entry)
    flags = [f for f in entry.flags if f != "fuzzy"]
    if obsolete:
        flags = []
    if "fuzzy" in entry.flags and translated:
        flags.insert(0, "fuzzy")
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if obsolete else "#| "
    for name in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, "previous_" + name, None)
        if value is not None:
            lines += wrap_field(previous, name, value, width)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines += wrap_field(prefix, "msgctxt", entry.msgctxt, width)
    lines += wrap_field(prefix, "msgid", entry.msgid, width)
    if entry.msgid_plural:
        lines += wrap_field(prefix, "msgid_plural", entry.msgid_plural, width)
        forms = entry.msgstr_plural or {0: ""}
        for index in sorted(int(k) for k in forms):
            lines += wrap_field(prefix, f"msgstr[{index}]", forms.get(index, forms.get(str(index), "")), width)
    else:
        lines += wrap_field(prefix, "msgstr", entry.msgstr, width)
    return lines


def _comment_lines(marker: str, text: str | None) -> list[str]:
    if not text:
        return []
    return [marker + (" " + line if line else "") for line in text.split("\n")]


def _reference_lines(occurrences, width: int) -> list[str]:
    if not occurrences:
        return []
    lines, line, column = [], "#:", 2
    for name, number in occurrences:
        reference = f"{name}:{number}" if number not in (None, "") else str(name)
        length = len(reference) + 1
        if column > 2 and column + length > width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += length
    lines.append(line)
    return lines


def _header_entry(catalog: polib.POFile) -> polib.POEntry:
    entry = polib.POEntry(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in catalog.metadata.items()))
    entry.tcomment = catalog.header or ""
    if catalog.metadata_is_fuzzy:
        entry.flags = ["fuzzy"]
    return entry


def _header_unchanged(catalog: polib.POFile) -> bool:
    origin = getattr(catalog, "header_origin", None)
    return origin is not None and origin.meaning == header_meaning(catalog)


def _header_lines(catalog: polib.POFile, width: int, unchanged: bool) -> list[str]:
    if not catalog.metadata and not catalog.header and not catalog.metadata_is_fuzzy:
        return []
    origin = getattr(catalog, "header_origin", None)
    if origin is None:
        return format_entry(_header_entry(catalog), width)
    if unchanged:
        return list(origin.lines)
    patched = _patch_header(origin, catalog)
    return patched if patched is not None else format_entry(_header_entry(catalog), width)


def _patch_header(origin, catalog: polib.POFile) -> list[str] | None:
    """The header as read with only the changed values replaced, where each is one whole line."""
    old_items, old_comment, old_fuzzy = origin.meaning
    old = dict(old_items)
    new = catalog.metadata
    if (list(old) != list(new) or old_comment != (catalog.header or "")
            or old_fuzzy != bool(catalog.metadata_is_fuzzy)):
        return None
    lines = list(origin.lines)
    for key, value in new.items():
        if old[key] == value:
            continue
        was = f'"{escape(f"{key}: {old[key]}")[0]}\\n"'
        found = [i for i, line in enumerate(lines) if line.strip() in (was, "msgstr " + was)]
        if len(found) != 1:
            return None
        line = lines[found[0]]
        lines[found[0]] = line.replace(was, f'"{escape(f"{key}: {value}")[0]}\\n"')
    return lines
