"""Gettext catalogs (.pot and .po): reading (reader.py), counting, headers, templates, writing (writer.py)."""

from __future__ import annotations

import codecs
import functools
import re
import textwrap
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polib

from ..languages import gettext_form, locale_of
from ..errors import CatalogError
from ..fsutil import read_file
from ..sources.content import NOTE_COMMENT, TYPE_COMMENT
from ..sources.segment import Segment
from . import writer
from .reader import Catalog, Entry, Origin, header_meaning, metadata_of, parse

WRAP_WIDTH = writer.DEFAULT_WIDTH
GENERATOR = "l10n"


@dataclass
class Counts:
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    stale: int = 0
    untranslated: int = 0
    obsolete: int = 0
    words_total: int = 0
    words_translated: int = 0
    auto_updated: int = 0  # translated entries whose number edit update carried, not yet reviewed

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else round(self.translated / self.total * 100, 2)


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


# The translator comment ``update`` puts on an entry whose number edit it carried; deleting
# it is the translator's review.
AUTO_MARK = "updated automatically:"


def is_auto_updated(entry: polib.POEntry) -> bool:
    return any(line.startswith(AUTO_MARK) for line in (entry.tcomment or "").split("\n"))


def with_mark(comment: str | None, note: str) -> str:
    """A translator comment with ``note`` as its one review mark (an older mark replaced)."""
    lines = [line for line in (comment or "").split("\n") if line and not line.startswith(AUTO_MARK)]
    return "\n".join(lines + [note])


def is_stale(entry: polib.POEntry) -> bool:
    return entry.fuzzy and entry.previous_msgid is not None


def report_line(entry: polib.POEntry) -> int | None:
    """The line every report names for an entry (check, diff, translate): its ``msgstr``, where a
    translator edits; the entry's first line when it was not read from a file with lines."""
    return getattr(entry, "msgstr_line", None) or entry.linenum


def has_text(entry: polib.POEntry) -> bool:
    """A translation is there: the msgstr, or every plural form of a plural entry."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_translated(entry: polib.POEntry) -> bool:
    return has_text(entry) and not entry.fuzzy


def reviewed_pairs(catalog: polib.POFile) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every reviewed singular translation, obsolete ones included, in file
    order: what the translation memory takes from a catalog."""
    return [(e.msgid, e.msgstr) for e in catalog if e.msgid and e.msgstr and not e.fuzzy and not e.msgid_plural]


@functools.lru_cache(maxsize=1 << 16)  # the same msgid is counted in every language
def count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


def count(catalog: polib.POFile) -> Counts:
    counts = Counts()
    for entry in catalog:
        if entry.obsolete:
            counts.obsolete += 1
            continue
        counts.total += 1
        words = count_words(entry.msgid)
        counts.words_total += words
        translated = has_text(entry)
        if entry.fuzzy and translated:
            counts.fuzzy += 1
            counts.stale += is_stale(entry)
        elif translated:
            counts.translated += 1
            counts.words_translated += words
            counts.auto_updated += is_auto_updated(entry)
        else:
            counts.untranslated += 1
    return counts


def load_catalog(path: Path, *, required: bool = True) -> polib.POFile | None:
    """Parse and validate a catalog; every defect is a CatalogError naming file and line."""
    if not path.exists():
        if required:
            raise CatalogError("catalog does not exist; run 'l10n update'", path)
        return None
    if path.is_dir():
        raise CatalogError("a folder stands where this catalog belongs", path)
    data = read_file(path)
    return read_catalog(data, path)


def read_catalog(data: bytes, path: Path) -> Catalog:
    """A catalog from its bytes; ``path`` names it in errors."""
    text = _decode(data, path)
    entries, header = parse(text, path)
    catalog = Catalog(check_for_duplicates=False)
    catalog.fpath = str(path)
    # A BOM is not part of the file gettext tools expect: such a file is written again without it.
    catalog.source_bytes = None if data.startswith(codecs.BOM_UTF8) else data
    catalog.file_bytes = data
    catalog.entry_count = len(entries)
    if header is None:
        if entries:
            raise CatalogError('no header entry (msgid "")', path, 1)
    else:
        catalog.metadata = metadata_of(header, path)
        catalog.header = header.tcomment
        catalog.metadata_is_fuzzy = "fuzzy" in header.flags
        if "charset=" not in catalog.metadata.get("Content-Type", ""):
            raise CatalogError("header has no Content-Type charset", path, header.linenum)
        catalog.header_origin = Origin(header.origin.index, header.origin.lines, header_meaning(catalog))
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:  # msgfmt refuses two entries with one key, obsolete or not
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(f"duplicate entry {entry.msgid[:40]!r} (first at line {seen[key]})",
                               path, entry.linenum)
        seen[key] = entry.linenum
        catalog.append(entry)
    return catalog


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    charset = "utf-8"
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
    if match:
        charset = match.group(1).decode("ascii")
        if charset.upper() == "CHARSET":  # an unfilled template header
            charset = "utf-8"
        try:
            codecs.lookup(charset)
        except LookupError:
            line = data[: match.start()].count(b"\n") + 1
            raise CatalogError(f"unknown charset {charset!r} in the header", path, line) from None
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(f"not valid {charset}", path, line) from None


def header_metadata(language: str | None, doc: str, pot_date: str, revision: str | None = None) -> dict:
    metadata = {
        "Project-Id-Version": doc,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": pot_date,
        "PO-Revision-Date": revision or "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": language or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language:
        locale = locale_of(language)
        language = gettext_form(language)  # as gettext tools expect it: pt_BR, sr@latin
        metadata["Language"] = language
        metadata["Language-Team"] = f"{locale.english_name} <{language}@li.org>"
        metadata["Last-Translator"] = f"{locale.english_name} translators <{language}@li.org>"
        from babel.messages.plurals import get_plural  # slow to import; needed only here

        metadata["Plural-Forms"] = str(get_plural(locale))
    metadata["X-Generator"] = GENERATOR
    return metadata


def build_template(doc: str, relpath: str, segments: list[Segment], locations: str = "full") -> list[polib.POEntry]:
    """Template entries in document order; identical segments share one entry.

    The extracted comments say what each occurrence is ("type: paragraph, sentence 2 of 3")
    and carry the source's notes for translators ("l10n: ..."), as xgettext keeps its tag.
    ``locations`` is gettext's ``--add-location``: "full" (``#: file:line``), "file" (the file
    once, so an inserted line moves no other entry) or "never" (no ``#:``).
    """
    entries: dict[str, polib.POEntry] = {}
    kinds: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for segment in segments:
        entry = entries.get(segment.text)
        if entry is None:
            entry = entries[segment.text] = Entry(msgid=segment.text, msgstr="")
            kinds[segment.text], notes[segment.text] = [], []
        if locations == "full":
            entry.occurrences.append((relpath, str(segment.line)))
        elif locations == "file" and not entry.occurrences:
            entry.occurrences.append((relpath, ""))
        if segment.description not in kinds[segment.text]:
            kinds[segment.text].append(segment.description)
        if segment.note and segment.note not in notes[segment.text]:
            notes[segment.text].append(segment.note)
    for text, entry in entries.items():
        entry.comment = "\n".join(_comment_lines(TYPE_COMMENT, [", ".join(kinds[text])], kinds[text])
                                  + _comment_lines(NOTE_COMMENT, notes[text], notes[text], wrap=True))
    return list(entries.values())


# A wrapped "#." line (polib and Translate Toolkit wrap them) would no longer start with the
# prefix that tells ``merge`` it is ours: so long comments are cut into prefixed lines first.
_COMMENT_WIDTH = WRAP_WIDTH - len("#. ")


def _comment_lines(prefix: str, joined: list[str], parts: list[str], *, wrap: bool = False) -> list[str]:
    """``prefix`` + each of ``joined`` when that fits the width, else one line per part
    (each wrapped into several prefixed lines when ``wrap``)."""
    if all(len(prefix + text) <= _COMMENT_WIDTH for text in joined):
        return [prefix + text for text in joined]
    width = _COMMENT_WIDTH - len(prefix)
    return [prefix + line for part in parts
            for line in (textwrap.wrap(part, width, break_long_words=False) if wrap else [part])]


def new_catalog(metadata: dict, header_comment: str, fuzzy_header: bool = False, *,
                po_width: int = WRAP_WIDTH) -> Catalog:
    catalog = Catalog()
    catalog.po_width = po_width
    catalog.metadata = metadata
    catalog.header = header_comment
    catalog.metadata_is_fuzzy = fuzzy_header
    return catalog


def serialize(catalog: polib.POFile, width: int | None = None) -> bytes:
    """The catalog's bytes: unchanged entries as read, others as GNU msgcat writes them."""
    return writer.serialize(catalog, width)


def continue_file(catalog: Catalog, old: polib.POFile | None) -> Catalog:
    """Let ``catalog`` give back what it did not change as ``old``, the file it replaces, had it."""
    if isinstance(old, Catalog):
        catalog.source_bytes = old.source_bytes
        catalog.header_origin = old.header_origin
        catalog.entry_count = old.entry_count
        by_key = {(e.msgctxt, e.msgid): e.origin for e in old if not e.obsolete}
        for entry in catalog:
            if getattr(entry, "origin", None) is None and not entry.obsolete:
                entry.origin = by_key.get((entry.msgctxt, entry.msgid))
    return catalog


def template_comment(doc: str) -> str:
    return (f"Translation template for the document {doc!r}.\n"
            "Generated by l10n from the source document; edit the source, not this file.")


def catalog_comment(doc: str, language: str) -> str:
    name = locale_of(language).english_name
    return (f"{name} translation of the document {doc!r}.\n"
            "Maintained with l10n: 'l10n update' merges source changes into this file.")
