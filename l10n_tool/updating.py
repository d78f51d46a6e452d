"""``extract`` and ``update``: sources into templates, templates into catalogs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .catalogs import (build_template, catalog_comment, header_metadata, new_catalog, now_stamp,
                       serialize, template_comment)
from .fsutil import write_if_changed
from .memory import prefill
from .merging import merge
from .workspace import Workspace


@dataclass
class CatalogChange:
    document: str
    language: str | None  # None for the template
    path: str
    created: bool
    written: bool
    new: int = 0
    stale: int = 0
    obsolete: int = 0
    revived: int = 0
    entries: int = 0
    prefilled: int = 0  # new entries given a fuzzy suggestion from translation memory


@dataclass
class _Pending:
    change: CatalogChange
    path: Path
    data: bytes


def extract(ws: Workspace) -> list[CatalogChange]:
    pending, _ = _plan_templates(ws)
    return _write(pending)


def update(ws: Workspace, language: str | None = None) -> list[CatalogChange]:
    """Extract, then merge every template into its catalogs; nothing is written until all parsed."""
    languages = ws.config.selected_languages(language)
    pending, templates = _plan_templates(ws)
    memories: dict = {}  # translation memory per language, read from the catalogs before any write
    for document in ws.documents():
        entries, pot_date = templates[document.name]
        for lang in languages:
            pending.append(_plan_catalog(ws, document.name, lang, entries, pot_date, memories))
    return _write(pending)


def _plan_templates(ws: Workspace):
    pending = []
    templates = {}
    for document in ws.documents():
        parsed = ws.source(document)
        entries = build_template(document.name, document.relpath, parsed.segments)
        path = ws.config.pot_path(document.name)
        old = ws.catalog(path, required=False)
        date = (old.metadata.get("POT-Creation-Date") if old is not None else None) or now_stamp()
        data = _template_bytes(document.name, entries, date)
        if old is not None and path.read_bytes() != data:
            date = now_stamp()  # the template changed: only then does its date move
            data = _template_bytes(document.name, entries, date)
        templates[document.name] = (entries, date)
        change = CatalogChange(document.name, None, ws.relative(path), created=old is None, written=False,
                               entries=len(entries))
        pending.append(_Pending(change, path, data))
    return pending, templates


def _template_bytes(doc: str, entries: list[polib.POEntry], date: str) -> bytes:
    catalog = new_catalog(header_metadata(None, doc, date), template_comment(doc), fuzzy_header=True)
    catalog.extend(entries)
    return serialize(catalog)


def _plan_catalog(ws: Workspace, doc: str, lang: str, template, pot_date: str,
                  memories: dict | None = None) -> _Pending:
    path = ws.config.po_path(lang, doc)
    old = ws.catalog(path, required=False)
    result = merge(template, old, identity=(lang == ws.config.source_language))
    prefilled = prefill(ws, lang, result.entries, {} if memories is None else memories)
    if old is None:
        metadata = header_metadata(lang, doc, pot_date, revision=now_stamp())
        header = catalog_comment(doc, lang)
    else:
        metadata = dict(old.metadata)
        fresh = header_metadata(lang, doc, pot_date)
        metadata["POT-Creation-Date"] = pot_date
        metadata["Content-Type"] = "text/plain; charset=UTF-8"  # we always write UTF-8
        for key in ("Language", "Plural-Forms", "MIME-Version", "Content-Transfer-Encoding"):
            metadata.setdefault(key, fresh[key])
        if not metadata.get("Language"):
            metadata["Language"] = lang
        header = old.header
    catalog = new_catalog(metadata, header, fuzzy_header=bool(old is not None and old.metadata_is_fuzzy))
    catalog.extend(result.entries)
    change = CatalogChange(doc, lang, ws.relative(path), created=old is None, written=False,
                           new=result.new, stale=result.stale, obsolete=result.obsolete,
                           revived=result.revived, entries=len(template), prefilled=prefilled)
    return _Pending(change, path, serialize(catalog))


def _write(pending: list[_Pending]) -> list[CatalogChange]:
    for item in pending:
        item.change.written = write_if_changed(item.path, item.data)
    return [item.change for item in pending]
