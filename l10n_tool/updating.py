"""``extract`` and ``update``: sources into templates, templates into catalogs."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalogs.pofile import (build_template, catalog_comment, continue_file, header_metadata, new_catalog,
                               now_stamp, serialize, template_comment)
from .cache import digest, read_bytes
from .fsutil import project_lock, write_many
from .memory import memory_path, memory_with, prefill
from .catalogs.merge import merge
from .parallel import fork_map
from .workspace import Translations, Workspace


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
    changed: bool = False  # the file differs (or would differ, with --check) from what is on disk
    dropped: int = 0  # obsolete entries removed by --no-obsolete (their translations kept in memory)


@dataclass
class _Pending:
    change: CatalogChange
    path: Path
    data: bytes
    expected: bytes | None  # the file's bytes when it was read (None: it did not exist)


def extract(ws: Workspace) -> list[CatalogChange]:
    with project_lock(ws.config.root):
        return _write([_plan_template(ws, document)[0] for document in ws.documents()])


def update(ws: Workspace, language: str | None = None, *, write: bool = True,
           drop_obsolete: bool = False) -> list[CatalogChange]:
    """Extract, then merge every template into its catalogs; nothing is written until all parsed.

    A document whose source, template and catalogs are byte for byte what the last update
    left (content hashes in the cache) is skipped: merging it again would change nothing.
    ``write=False`` (``--check``, ``--dry-run``) reports what would change and writes nothing,
    not even the cache.  ``drop_obsolete`` removes obsolete entries after adding their
    translations to the translation memory.  A file saved by someone else while the update
    ran is never overwritten (ChangedMeanwhileError names it).
    """
    languages = ws.config.selected_languages(language)
    with project_lock(ws.config.root):
        cache = ws.cache
        documents = ws.documents()
        inputs = _Inputs(ws, documents, languages)
        todo = [d for d in documents
                if drop_obsolete or cache.document_key(d.name) != inputs.key(d, cache)]
        plans = {plan.document: plan for plan in _plan_documents(ws, todo, languages, drop_obsolete)}
        changes: list[CatalogChange] = []
        pending: list[_Pending] = _memory_writes(ws, plans.values()) if drop_obsolete else []
        for document in documents:
            plan = plans.get(document.name)
            if plan is None:
                changes += _unchanged(ws, document, languages)
            else:
                pending += plan.pending
                changes += [item.change for item in plan.pending]
        for item in pending:
            item.change.changed = inputs.files.get(item.path, read_bytes(item.path)) != item.data
        if not write:
            return changes
        written = write_many([(item.path, item.data) for item in pending], expected=[i.expected for i in pending])
        for item, was_written in zip(pending, written):
            item.change.written = was_written
        inputs.files.update((item.path, item.data) for item in pending)  # what is on disk now
        inputs.memory_keys.clear()
        for plan in plans.values():
            _remember(ws, plan, inputs)
        cache.save()
        return changes


def _memory_writes(ws: Workspace, plans) -> list[_Pending]:
    """``tm/<lang>.tmx`` with the translations of the obsolete entries about to be dropped."""
    dropped: dict[str, list] = {}
    for plan in plans:
        for lang, entries in plan.dropped.items():
            dropped.setdefault(lang, []).extend((plan.document, e) for e in entries)
    pending = []
    for lang, items in dropped.items():
        path, data = memory_with(ws, lang, [e for _, e in items], items[0][0])
        change = CatalogChange("", lang, ws.relative(path), created=not path.exists(), written=False,
                               entries=len(items))
        pending.append(_Pending(change, path, data, read_bytes(path)))
    return pending


class _Inputs:
    """Every file an update reads, hashed into one key per document.

    A document's key covers its source, template and catalogs.  Pre-filling from
    translation memory reads every catalog of a language (and ``tm/<lang>.tmx``), so
    while a document still has untranslated entries in a language, that language's
    memory is part of its key too: a translation added elsewhere can fill it.
    """

    def __init__(self, ws: Workspace, documents, languages):
        self.ws = ws
        self.languages = list(languages)
        self.files: dict[Path, bytes | None] = {}
        for document in documents:
            for path in self.paths(document):
                self.files[path] = read_bytes(path)
        self.memory_keys: dict[str, str] = {}
        settings = ws.config.tm
        self.prefill = settings.prefill

    def paths(self, document) -> list[Path]:
        config = self.ws.config
        return [document.path, config.pot_path(document.name)] + [
            config.po_path(lang, document.name) for lang in self.languages]

    def memory_key(self, language: str) -> str:
        key = self.memory_keys.get(language)
        if key is None:
            config = self.ws.config
            catalogs = sorted(p for p in self.files if p.parent == config.locales_path / language / "LC_MESSAGES")
            key = self.memory_keys[language] = digest(
                *(self.files[p] for p in catalogs), read_bytes(memory_path(config, language)))
        return key

    def key(self, document, cache, untranslated: dict[str, int] | None = None) -> str:
        """``untranslated`` per language, when known; else read from the cached counts."""
        parts = [cache.salt, ",".join(self.languages)] + [self.files[p] for p in self.paths(document)]
        for lang in self.languages:
            if not self.prefill or lang == self.ws.config.source_language:
                continue
            if untranslated is not None:
                left = untranslated.get(lang, 1)
            else:
                path = self.ws.config.po_path(lang, document.name)
                data = self.files[path]
                counts = None if data is None else cache.counts(self.ws.relative(path), digest(cache.salt, data))
                left = 1 if counts is None else counts.untranslated
            if left:
                parts.append(self.memory_key(lang))
        return digest(*parts)


def _unchanged(ws: Workspace, document, languages) -> list[CatalogChange]:
    entries = ws.cache.state.get("entries", {}).get(document.name, 0)
    changes = [CatalogChange(document.name, None, ws.relative(ws.config.pot_path(document.name)),
                             created=False, written=False, entries=entries)]
    changes += [CatalogChange(document.name, lang, ws.relative(ws.config.po_path(lang, document.name)),
                              created=False, written=False, entries=entries) for lang in languages]
    return changes


@dataclass
class _DocumentPlan:
    """Everything an update of one document will write, and what the cache should learn."""

    document: str
    source_bytes: bytes
    pending: list[_Pending]
    segments: list | None  # None when they came from the cache
    translations: dict[str, Translations]  # by catalog path, as relative string
    entries: int
    dropped: dict[str, list]  # by language: obsolete entries removed (for the memory)


def _plan_document(ws: Workspace, document, languages, memories: dict | None = None,
                   drop_obsolete: bool = False) -> _DocumentPlan:
    pot, (entries, pot_date) = _plan_template(ws, document)
    pending = [pot]
    translations = {}
    dropped = {}
    for lang in languages:
        item, catalog = _plan_catalog(ws, document.name, lang, entries, pot_date, memories,
                                      drop_obsolete=drop_obsolete)
        pending.append(item)
        translations[item.change.path] = Translations.of(catalog)
        gone = [e for e in getattr(catalog, "dropped", []) if e.msgstr or e.msgstr_plural]
        if gone:
            dropped[lang] = gone
    parsed = ws.source(document)
    return _DocumentPlan(document.name, read_bytes(document.path) or b"", pending,
                         None if parsed.cached else parsed.segments, translations, len(entries), dropped)


def _remember(ws: Workspace, plan: _DocumentPlan, inputs: _Inputs) -> None:
    """Record the hashes of what is now on disk, so the next run can skip this document."""
    cache = ws.cache
    document = next(d for d in ws.documents() if d.name == plan.document)
    if inputs.files.get(document.path) != plan.source_bytes:
        return  # the source changed while we worked: let the next run look again
    if plan.segments is not None:
        cache.set_segments(plan.document, digest(cache.salt, plan.source_bytes), plan.segments)
    untranslated = {}
    for lang in inputs.languages:
        path = ws.config.po_path(lang, plan.document)
        relpath = ws.relative(path)
        translations = plan.translations[relpath]
        catalog_key = digest(cache.salt, inputs.files[path])
        cache.set_counts(relpath, catalog_key, translations.counts)
        cache.set_translations(relpath, catalog_key, translations.entries)
        untranslated[lang] = translations.counts.untranslated
    cache.set_document_key(plan.document, inputs.key(document, cache, untranslated))
    cache.state.setdefault("entries", {})[plan.document] = plan.entries


def _plan_documents(ws: Workspace, documents, languages, drop_obsolete: bool = False) -> list[_DocumentPlan]:
    memories: dict = {}  # translation memory per language and process, read before any write
    return fork_map(lambda document: _plan_document(ws, document, languages, memories, drop_obsolete),
                    documents)


def _plan_template(ws: Workspace, document) -> tuple[_Pending, tuple[list[polib.POEntry], str]]:
    parsed = ws.source(document)
    entries = build_template(document.name, document.relpath, parsed.segments)
    path = ws.config.pot_path(document.name)
    old = ws.catalog(path, required=False)
    date = (old.metadata.get("POT-Creation-Date") if old is not None else None) or now_stamp()
    data = _template_bytes(ws, document.name, entries, date, old)
    if old is not None and path.read_bytes() != data:
        date = now_stamp()  # the template changed: only then does its date move
        data = _template_bytes(ws, document.name, entries, date, old)
    change = CatalogChange(document.name, None, ws.relative(path), created=old is None, written=False,
                           entries=len(entries))
    return _Pending(change, path, data, old.file_bytes if old is not None else None), (entries, date)


def _template_bytes(ws: Workspace, doc: str, entries: list[polib.POEntry], date: str, old) -> bytes:
    catalog = new_catalog(header_metadata(None, doc, date), template_comment(doc), fuzzy_header=True,
                          po_width=ws.config.po_width)
    catalog.extend(copy.copy(e) for e in entries)
    return serialize(continue_file(catalog, old))


def _plan_catalog(ws: Workspace, doc: str, lang: str, template, pot_date: str,
                  memories: dict | None = None, *, drop_obsolete: bool = False):
    path = ws.config.po_path(lang, doc)
    old = ws.catalog(path, required=False)
    result = merge(template, old, identity=(lang == ws.config.source_language))
    dropped = [e for e in result.entries if e.obsolete] if drop_obsolete else []
    if dropped:
        result.entries = [e for e in result.entries if not e.obsolete]
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
    catalog = new_catalog(metadata, header, fuzzy_header=bool(old is not None and old.metadata_is_fuzzy),
                          po_width=ws.config.po_width)
    catalog.extend(result.entries)
    continue_file(catalog, old)
    catalog.dropped = dropped
    change = CatalogChange(doc, lang, ws.relative(path), created=old is None, written=False,
                           new=result.new, stale=result.stale, obsolete=result.obsolete,
                           revived=result.revived, entries=len(template), prefilled=prefilled,
                           dropped=len(dropped))
    pending = _Pending(change, path, serialize(catalog), old.file_bytes if old is not None else None)
    return pending, catalog


def _write(pending: list[_Pending]) -> list[CatalogChange]:
    written = write_many([(item.path, item.data) for item in pending], expected=[i.expected for i in pending])
    for item, was_written in zip(pending, written):
        item.change.written = was_written
    return [item.change for item in pending]
