"""Translation memory: pre-filling new segments from earlier work, and TMX 1.4 exchange.

The memory of a language is every translated (reviewed, not fuzzy) entry of every
catalog of that language in the project, obsolete ones included, plus the units
imported from CAT tools with ``l10n tm import`` (kept in ``tm/<lang>.tmx``).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from .version import __version__
from .languages import bcp47, covers, gettext_form, is_valid, same
from .config import Config
from .errors import ConfigError, L10nError
from .fsutil import Staging, ensure_regular, write_if_changed
from .workspace import Workspace

MEMORY_COMMENT = "translation memory: "
MACHINE_COMMENT = "machine translation: "
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCUMENT_PROP = "x-l10n-document"


@dataclass(frozen=True, slots=True)  # slots: a memory holds every translation of a language
class Unit:
    source: str
    target: str
    language: str
    document: str  # where the translation came from: a document name, or the imported file


def memory_path(config: Config, language: str) -> Path:
    return config.root / config.tm.dir / f"{language}.tmx"


class Memory:
    """Units of one language, searchable by exact and by similar source text."""

    def __init__(self, units: list[Unit]):
        self._by_source: dict[str, Unit] = {}
        for unit in units:
            self._by_source.setdefault(unit.source, unit)  # the first one (document order) wins
        self._sources = list(self._by_source)

    def best(self, text: str, min_similarity: float) -> tuple[Unit, float] | None:
        unit = self._by_source.get(text)
        if unit is not None:
            return unit, 100.0
        found = process.extractOne(text, self._sources, scorer=fuzz.ratio, score_cutoff=min_similarity)
        if found is None:
            return None
        source, score, _ = found
        return self._by_source[source], score


def project_units(ws: Workspace, language: str) -> list[Unit]:
    """Every reviewed translation of ``language`` in the project's catalogs, then imported ones.

    An unchanged catalog's share comes from the cache (what ``update`` stored when it wrote it),
    so adding one article does not parse every catalog of the language."""
    units = []
    for doc in ws.documents():
        # Read, not kept: the workspace would otherwise hold every catalog of the language.
        for msgid, msgstr in ws.memory_pairs(ws.config.po_path(language, doc.name)):
            units.append(Unit(msgid, msgstr, language, doc.name))
    units.extend(stored_units(ws, language))
    return _unique(units)


def stored_units(ws: Workspace, language: str) -> list[Unit]:
    """The units of ``tm/<lang>.tmx``; a damaged file is reported once (a warning naming it) and
    read as empty, so it blocks no work that merely consults the memory (pre-filling)."""
    path = memory_path(ws.config, language)
    try:
        return read_tmx(path, ws.config.source_language)[0].get(language, [])
    except L10nError as error:
        ws.warn_once(f"{error}; translation memory not used (fix or remove the file)")
        return []


def _unique(units: list[Unit]) -> list[Unit]:
    return list({(u.source, u.target): u for u in reversed(units)}.values())[::-1]


def prefill(ws: Workspace, language: str, entries: list[polib.POEntry], memories: dict) -> int:
    """Fill untranslated ``entries`` from the language's memory, fuzzy; how many were filled."""
    settings = ws.config.tm
    if not settings.prefill or language == ws.config.source_language:
        return 0
    wanted = [e for e in entries if not e.obsolete and e.msgid and not e.msgstr and not e.msgid_plural]
    if not wanted:
        return 0
    memory = memories.get(language)
    if memory is None:
        memory = memories[language] = Memory(project_units(ws, language))
    filled = 0
    for entry in wanted:
        found = memory.best(entry.msgid, settings.min_similarity)
        if found is None:
            continue
        unit, score = found
        entry.msgstr = unit.target
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        lines = [line for line in (entry.comment or "").split("\n")
                 if line and not line.startswith((MEMORY_COMMENT, MACHINE_COMMENT))]
        entry.comment = "\n".join(lines + [f"{MEMORY_COMMENT}{unit.document} ({int(score)}%)"])
        filled += 1
    return filled


# --- TMX 1.4 -----------------------------------------------------------------------------


@dataclass
class ExportResult:
    path: str
    units: int
    written: bool


@dataclass
class ImportResult:
    path: str
    added: dict[str, int] = field(default_factory=dict)  # language -> new units
    files: list[tuple[str, bool]] = field(default_factory=list)  # memory files and whether written
    skipped: int = 0  # units in a language the project does not have
    skipped_languages: list[str] = field(default_factory=list)


def _tmx_lang(code: str) -> str:
    return bcp47(code)


def _same_language(a: str, b: str) -> bool:
    return same(a, b)


# Characters XML 1.0 cannot hold, even as references (control characters, lone surrogates,
# U+FFFE/U+FFFF): a translation may hold them (a form feed, U+0001), the memory file may not. Each
# is written as a placeholder element naming its code point, which ``_seg_text`` turns back into
# the character: the memory stays valid TMX and keeps the translation whole.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CHAR_PH = "x-l10n-char"


def _fill_seg(seg: ET.Element, text: str) -> None:
    pieces = _NOT_XML.split(text)
    seg.text = pieces[0]
    for char, after in zip(_NOT_XML.findall(text), pieces[1:]):
        ph = ET.SubElement(seg, "ph", {"type": CHAR_PH})
        ph.text = f"U+{ord(char):04X}"
        ph.tail = after


def _seg_text(seg: ET.Element) -> str:
    """A segment's text, inline codes (``<ph>``, ``<bpt>``…) as their native text, and the
    characters ``_fill_seg`` wrote as placeholders as themselves."""
    out = [seg.text or ""]
    for child in seg:
        if child.tag == "ph" and child.get("type") == CHAR_PH:
            try:
                out.append(chr(int((child.text or "").removeprefix("U+"), 16)))
            except ValueError:
                out.append(child.text or "")
        else:
            out.append("".join(child.itertext()))
        out.append(child.tail or "")
    return "".join(out)


def tmx_bytes(units: list[Unit], source_language: str, segtype: str = "sentence") -> bytes:
    """A TMX 1.4 document; no creation date, so the same memory gives the same bytes.

    Written a unit at a time, each as ElementTree indents and serializes it within the whole
    document: a tree of every unit of a language took 500 MB at 1,000 articles.
    """
    header = ET.Element("header", {
        "creationtool": "l10n", "creationtoolversion": __version__, "segtype": segtype,
        "o-tmf": "gettext PO", "adminlang": "en", "srclang": _tmx_lang(source_language),
        "datatype": "plaintext"})
    start = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n  '
             + ET.tostring(header, encoding="unicode"))
    if not units:
        return (start + "\n  <body />\n</tmx>\n").encode("utf-8")
    # Into one buffer as they come: a list of pieces joined at the end would be two copies.
    out = io.BytesIO()
    out.write((start + "\n  <body>\n").encode("utf-8"))
    for unit in units:
        tu = ET.Element("tu")
        prop = ET.SubElement(tu, "prop", {"type": DOCUMENT_PROP})
        prop.text = unit.document
        for language, text in ((source_language, unit.source), (unit.language, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: _tmx_lang(language)})
            _fill_seg(ET.SubElement(tuv, "seg"), text)
        ET.indent(tu, level=2)  # <tmx>, <body>, then the unit
        out.write(("    " + ET.tostring(tu, encoding="unicode") + "\n").encode("utf-8"))
    out.write(b"  </body>\n</tmx>\n")
    return out.getvalue()


def memory_with(ws: Workspace, language: str, entries: list[polib.POEntry], document: str) -> tuple[Path, bytes]:
    """``tm/<lang>.tmx`` as it is plus the translations of ``entries`` (the path and its new bytes).

    ``update --no-obsolete`` writes this before it drops obsolete entries, so none is lost.
    """
    config = ws.config
    target = memory_path(config, language)
    targets = tuple(lang for lang in config.languages if lang != config.source_language)
    existing = read_tmx(target, config.source_language, targets)[0].get(language, [])
    units = []
    for entry in entries:
        forms = [entry.msgstr] if not entry.msgid_plural else \
            [v for _, v in sorted((int(k), v) for k, v in entry.msgstr_plural.items())]
        for source, text in zip([entry.msgid, entry.msgid_plural or entry.msgid], forms):
            if source and text:
                units.append(Unit(source, text, language, document))
        for text in forms[2:]:  # more plural forms than sources: the last source takes them
            if text:
                units.append(Unit(entry.msgid_plural, text, language, document))
    segtype = "paragraph" if config.segment == "paragraph" else "sentence"
    return target, tmx_bytes(_unique(existing + units), config.source_language, segtype)


def read_tmx(path: Path, source_language: str,
             languages: tuple[str, ...] | None = None) -> tuple[dict[str, list[Unit]], list[str], int]:
    """Units by project language, the languages skipped, and how many units they held.

    Read as a stream, each unit dropped once read: a memory of a thousand articles is a file
    of tens of megabytes, and its tree ten times that.
    """
    if not path.exists():
        return {}, [], 0
    ensure_regular(path)  # a FIFO would block the parser forever
    by_language: dict[str, list[Unit]] = {}
    skipped: dict[str, int] = {}
    fallback_doc = f"tm:{path.name}"
    declared = ""
    open_elements: list[ET.Element] = []  # from <tmx> down to the element being read
    body_seen = False
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                if not open_elements and element.tag != "tmx":
                    raise L10nError("not a TMX file (no <tmx> with a <body>)", path, 1)
                open_elements.append(element)
                body_seen = body_seen or (len(open_elements) == 2 and element.tag == "body")
                continue
            open_elements.pop()
            if len(open_elements) == 1 and element.tag == "header":
                declared = element.get("srclang", "")
            elif element.tag == "tu" and len(open_elements) >= 2 and open_elements[1].tag == "body":
                _read_unit(element, declared, source_language, languages, fallback_doc, by_language, skipped)
                open_elements[-1].remove(element)  # read: let it go
    except ET.ParseError as exc:
        raise L10nError(f"not a well-formed TMX file: {exc.msg if hasattr(exc, 'msg') else exc}",
                        path, exc.position[0]) from None
    except (LookupError, ValueError, UnicodeError) as exc:  # an encoding Python or expat cannot read
        raise L10nError(f"a TMX file in an encoding that cannot be read: {exc}", path, 1) from None
    if not body_seen:
        raise L10nError("not a TMX file (no <tmx> with a <body>)", path, 1)
    return by_language, sorted(skipped), sum(skipped.values())


def _read_unit(tu: ET.Element, declared: str, source_language: str, languages: tuple[str, ...] | None,
               fallback_doc: str, by_language: dict[str, list[Unit]], skipped: dict[str, int]) -> None:
    srclang = tu.get("srclang") or declared
    if not srclang or srclang == "*all*":
        srclang = source_language
    document = next((p.text or "" for p in tu.findall("prop") if p.get("type") == DOCUMENT_PROP),
                    fallback_doc) or fallback_doc
    variants = []
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if seg is not None:
            variants.append((lang, _seg_text(seg)))
    source = next((text for lang, text in variants if _same_language(lang, srclang)), None)
    if source is None or not _matches(srclang, source_language):
        for lang, _ in variants:  # no source text in the project's source language
            skipped[lang] = skipped.get(lang, 0) + 1
        return
    for lang, text in variants:
        if _same_language(lang, srclang) or not text:
            continue
        project_lang = _project_language(lang, languages)
        if project_lang is None:
            skipped[lang] = skipped.get(lang, 0) + 1
            continue
        by_language.setdefault(project_lang, []).append(Unit(source, text, project_lang, document))


def _matches(code: str, language: str) -> bool:
    """A TMX language code names a project language: the same, or a region of it (EN-US for en)."""
    return _same_language(code, language) or covers(language, code)


def _project_language(code: str, languages: tuple[str, ...] | None) -> str | None:
    if languages is None:
        return gettext_form(code) if is_valid(code) else code
    exact = [language for language in languages if _same_language(code, language)]
    near = [language for language in languages if _matches(code, language)]
    return (exact or near or [None])[0]


def export_tmx(ws: Workspace, language: str, path: Path) -> ExportResult:
    ws.config.check_language(language)
    if language == ws.config.source_language:
        raise ConfigError(f"{language!r} is the source language; export another language",
                          ws.config.config_path)
    units = project_units(ws, language)
    segtype = "paragraph" if ws.config.segment == "paragraph" else "sentence"
    written = write_if_changed(path, tmx_bytes(units, ws.config.source_language, segtype))
    return ExportResult(str(path), len(units), written)


def import_tmx(ws: Workspace, path: Path) -> ImportResult:
    """Add a TMX file's units to the project's memory; nothing is written until all is read.

    Each language's new memory is staged beside its file as soon as it is made (one
    language's memory in hand at a time) and every file is renamed into place at the end.
    """
    config = ws.config
    targets = tuple(lang for lang in config.languages if lang != config.source_language)
    incoming, skipped_languages, skipped = read_tmx(path, config.source_language, targets)
    result = ImportResult(str(path), skipped=skipped, skipped_languages=skipped_languages)
    segtype = "paragraph" if config.segment == "paragraph" else "sentence"
    with Staging(root=config.root) as staging:
        for language in list(incoming):
            target = memory_path(config, language)
            existing = read_tmx(target, config.source_language, targets)[0].get(language, [])
            known = {(u.source, u.target) for u in existing}
            merged = _unique(existing + incoming.pop(language))
            result.added[language] = sum(1 for u in merged if (u.source, u.target) not in known)
            del existing, known
            written = staging.stage(target, tmx_bytes(merged, config.source_language, segtype))
            result.files.append((config.relative(target), written))
    return result
