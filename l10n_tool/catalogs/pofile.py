"""Reading, validating and writing gettext catalogs (.pot and .po) with polib."""

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
from ..sources.segmenting import Segment

WRAP_WIDTH = 79
GENERATOR = "l10n"
_HEADER_LINE = re.compile(r"^[A-Za-z][\w-]*:[ \t]?.*$")
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")


# polib wraps every field with textwrap each time it writes, and the same msgid is written
# to the template and to every language's catalog.  Two savings, both exact:
# - the lines of each field are remembered (the method reads nothing from the entry);
# - the wrapping polib asks for (no hyphen breaking needed, whitespace kept, long words
#   whole) is, for text without hyphens or special whitespace, "the longest run of whole
#   words and spaces that fits", which one regular expression finds.  Anything else goes
#   to textwrap.  tests/test_scale.py compares both with textwrap on random text.
_POLIB_STR_FIELD = getattr(getattr(polib, "_BaseEntry", None), "_str_field", None)


@functools.lru_cache(maxsize=1 << 16)
def _field_lines(fieldname, delflag, plural_index, field, wrapwidth) -> tuple[str, ...]:
    return tuple(_POLIB_STR_FIELD(None, fieldname, delflag, plural_index, field, wrapwidth))


def _remembered_str_field(self, fieldname, delflag, plural_index, field, wrapwidth=78):
    return list(_field_lines(fieldname, delflag, plural_index, field, wrapwidth))


@functools.lru_cache(maxsize=64)
def _line_pattern(width: int) -> re.Pattern:
    # A line ends where a word meets a space (or at the end); a word longer than the line
    # stands alone, as does a run of spaces longer than the line.
    return re.compile(rf"[^\n]{{1,{width}}}(?:(?<= )(?=[^ ])|(?<=[^ ])(?= )|$)|[^ ]+| +")


_TEXTWRAP_SPECIAL = re.compile(r"[-\t\n\x0b\x0c\r]")


class _FastTextwrap:
    """Stands in for the ``textwrap`` module inside polib; same results, faster."""

    @staticmethod
    def wrap(text, width=70, **options):
        if (options == {"drop_whitespace": False, "break_long_words": False} and width > 0
                and not _TEXTWRAP_SPECIAL.search(text)):
            return _line_pattern(width).findall(text)
        return textwrap.wrap(text, width, **options)


if _POLIB_STR_FIELD is not None and getattr(polib, "textwrap", None) is textwrap:
    polib._BaseEntry._str_field = _remembered_str_field
    polib.textwrap = _FastTextwrap


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

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else round(self.translated / self.total * 100, 2)


def now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def is_stale(entry: polib.POEntry) -> bool:
    return entry.fuzzy and entry.previous_msgid is not None


def is_translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and not entry.fuzzy


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
        if entry.fuzzy and entry.msgstr:
            counts.fuzzy += 1
            counts.stale += is_stale(entry)
        elif entry.msgstr and not entry.fuzzy:
            counts.translated += 1
            counts.words_translated += words
        else:
            counts.untranslated += 1
    return counts


def load_catalog(path: Path, *, required: bool = True) -> polib.POFile | None:
    """Parse and validate a catalog; every defect is a CatalogError naming file and line."""
    if not path.exists():
        if required:
            raise CatalogError("catalog does not exist; run 'l10n update'", path)
        return None
    data = path.read_bytes()
    text = _decode(data, path)
    _lint(text, path)
    try:
        catalog = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    except (OSError, ValueError, UnicodeError) as exc:
        message = str(exc)
        match = _SYNTAX_LINE.search(message)
        detail = message.split(":", 1)[1].strip() if ":" in message and match else ""
        raise CatalogError("syntax error" + (f": {detail}" if detail else ""), path,
                           int(match.group(1)) if match else None) from None
    catalog.fpath = str(path)
    _validate(catalog, text, path)
    previous = _obsolete_previous_msgids(text)
    if previous:
        for entry in catalog:
            if entry.obsolete and entry.previous_msgid is None and entry.msgid in previous:
                entry.previous_msgid = previous[entry.msgid]
    return catalog


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _obsolete_previous_msgids(text: str) -> dict[str, str]:
    """``#~| msgid`` of obsolete entries, which polib does not read: obsolete msgid -> previous."""
    if "#~|" not in text:
        return {}
    found: dict[str, str] = {}
    previous: list[str] | None = None
    current: list[str] | None = None
    for line in text.split("\n") + [""]:
        line = line.rstrip("\r")
        if line.startswith("#~| msgid "):
            previous, current = _QUOTED.findall(line), None
        elif line.startswith('#~| "') and previous is not None and current is None:
            previous += _QUOTED.findall(line)
        elif line.startswith("#~ msgid ") and previous is not None:
            current = _QUOTED.findall(line)
        elif line.startswith('#~ "') and current is not None:
            current += _QUOTED.findall(line)
        else:
            if previous is not None and current is not None:
                found[polib.unescape("".join(current))] = polib.unescape("".join(previous))
                previous = current = None
            elif not line.startswith("#~|"):
                previous = None if not line.startswith("#") else previous
    return found


_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf'^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+{_STRING}[ \t]*$')
_CONTINUATION_LINE = re.compile(rf"^[ \t]*{_STRING}[ \t]*$")


def _lint(text: str, path: Path) -> None:
    """Line-level syntax, which polib is lenient about (it drops an unterminated string)."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _KEYWORD_LINE.match(stripped) or _CONTINUATION_LINE.match(stripped):
            continue
        if stripped.count('"') % 2 or re.search(r'"(?:[^"\\]|\\.)*$', stripped):
            raise CatalogError("syntax error: unterminated string", path, number)
        raise CatalogError(f"syntax error: unexpected {stripped[:30]!r}", path, number)


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


def _validate(catalog: polib.POFile, text: str, path: Path) -> None:
    header_line = _header_line(text)
    header = _header_text(text)
    if header is None:
        if catalog or text.strip():
            raise CatalogError('no header entry (msgid "")', path, 1)
    else:
        for line in header.split("\n"):
            if line and not _HEADER_LINE.match(line):
                raise CatalogError(f"bad header line {line!r}", path, header_line)
        content_type = catalog.metadata.get("Content-Type", "")
        if "charset=" not in content_type:
            raise CatalogError("header has no Content-Type charset", path, header_line)
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(f"duplicate entry {entry.msgid[:40]!r} (first at line {seen[key]})",
                               path, entry.linenum)
        seen[key] = entry.linenum


def _header_line(text: str) -> int | None:
    match = re.search(r'^msgid ""\s*\nmsgstr', text, re.M)
    return text[: match.start()].count("\n") + 1 if match else None


def _header_text(text: str) -> str | None:
    """The header's msgstr, unescaped; None when there is no header entry."""
    match = re.search(r'^msgid ""\s*\nmsgstr ((?:".*"\s*\n?)+)', text, re.M)
    if not match:
        return None
    parts = re.findall(r'"((?:\\.|[^"\\])*)"', match.group(1))
    return polib.unescape("".join(parts))


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


def build_template(doc: str, relpath: str, segments: list[Segment]) -> list[polib.POEntry]:
    """Template entries in document order; identical segments share one entry."""
    entries: dict[str, polib.POEntry] = {}
    kinds: dict[str, list[str]] = {}
    for segment in segments:
        entry = entries.get(segment.text)
        if entry is None:
            entry = entries[segment.text] = polib.POEntry(msgid=segment.text, msgstr="")
            kinds[segment.text] = []
        entry.occurrences.append((relpath, str(segment.line)))
        if segment.kind not in kinds[segment.text]:
            kinds[segment.text].append(segment.kind)
    for text, entry in entries.items():
        entry.comment = "type: " + ", ".join(kinds[text])
    return list(entries.values())


def new_catalog(metadata: dict, header_comment: str, fuzzy_header: bool = False) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.metadata = metadata
    catalog.header = header_comment
    catalog.metadata_is_fuzzy = fuzzy_header
    return catalog


def serialize(catalog: polib.POFile) -> bytes:
    return (str(catalog).rstrip("\n") + "\n").encode("utf-8")


def template_comment(doc: str) -> str:
    return (f"Translation template for the document {doc!r}.\n"
            "Generated by l10n from the source document; edit the source, not this file.")


def catalog_comment(doc: str, language: str) -> str:
    name = locale_of(language).english_name
    return (f"{name} translation of the document {doc!r}.\n"
            "Maintained with l10n: 'l10n update' merges source changes into this file.")
