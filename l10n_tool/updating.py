"""``extract`` and ``update``: sources into templates, templates into catalogs."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalogs.pofile import (Counts, build_template, catalog_comment, continue_file, header_metadata, new_catalog,
                               now_stamp, reviewed_pairs, serialize, template_comment)
from .cache import digest, read_bytes
from .fsutil import Staged, Staging, project_lock, read_file
from .memory import memory_path, memory_with, prefill
from .catalogs.carry import Carrier
from .catalogs.merge import SIMILARITY_THRESHOLD, merge
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
    carried: int = 0  # changed segments that stay translated (cosmetic or number edits)
    auto_updated: int = 0  # of those, number edits written by update: marked for review


@dataclass
class _Pending:
    change: CatalogChange
    path: Path
    data: bytes
    expected: bytes | None  # the file's bytes when it was read (None: it did not exist)


def extract(ws: Workspace) -> list[CatalogChange]:
    with project_lock(ws.config.root), Staging() as staging:
        changes = []
        for document in ws.documents():
            item = _plan_template(ws, document)[0]
            item.change.written = staging.stage(item.path, item.data, item.expected)
            changes.append(item.change)
            ws.forget(document)
        return changes


def update(ws: Workspace, language: str | None = None, *, write: bool = True,
           drop_obsolete: bool = False, fuzzy_matching: bool | None = None) -> list[CatalogChange]:
    """Extract, then merge every template into its catalogs; no file changes unless all merged.

    Each document is merged and its files staged (written beside their targets) before the
    next is read, so memory holds one document, not the project; every staged file is
    renamed into place only once all are (``fsutil.Staging``).  A document whose source,
    template and catalogs are byte for byte what the last update left (content hashes in
    the cache) is skipped: merging it again would change nothing.  ``write=False``
    (``--check``, ``--dry-run``) reports what would change and writes nothing, not even the
    cache.  ``drop_obsolete`` removes obsolete entries after adding their translations to
    the translation memory.  ``fuzzy_matching`` (``-N``: False) overrides ``[update]
    fuzzy_matching``: without it, a changed segment no cosmetic or number carry explains is
    new, and its old entry obsolete, as with ``msgmerge -N``.  A file saved by someone else while the update ran is never
    overwritten (ChangedMeanwhileError names it).
    """
    languages = ws.config.selected_languages(language)
    with project_lock(ws.config.root):
        cache = ws.cache
        documents = ws.documents()
        inputs = _Inputs(ws, documents, languages)
        todo = [d for d in documents
                if drop_obsolete or cache.document_key(d.name) != inputs.key(d, cache)]
        with Staging() as staging:
            settings = ws.config.update
            similarity = settings.similarity if (settings.fuzzy_matching if fuzzy_matching is None
                                                 else fuzzy_matching) else None
            merged = {m.document: m for m in _plan_documents(ws, todo, languages, drop_obsolete, write,
                                                             similarity)}
            for result in merged.values():
                staging.adopt(result.staged)
            changes: list[CatalogChange] = []
            if drop_obsolete:
                for item in _memory_writes(ws, merged.values()):
                    _stage(staging, item, write)
            for document in documents:
                result = merged.get(document.name)
                changes += result.changes if result is not None else _unchanged(ws, document, languages)
            if not write:
                return changes
        for result in merged.values():  # renamed into place: these are the bytes on disk now
            inputs.files.update(result.digests)
        inputs.memory_keys.clear()
        for document in todo:
            _remember(ws, document, merged[document.name], inputs)
        cache.save()
        return changes


def _stage(staging: Staging, item: _Pending, write: bool) -> CatalogChange:
    item.change.changed = item.expected != item.data
    if write:
        item.change.written = staging.stage(item.path, item.data, item.expected)
    return item.change


def _memory_writes(ws: Workspace, plans) -> list[_Pending]:
    """``tm/<lang>.tmx`` with the translations of the obsolete entries about to be dropped."""
    dropped: dict[str, list] = {}
    for result in plans:
        for lang, entries in result.dropped.items():
            dropped.setdefault(lang, []).extend((result.document, e) for e in entries)
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
        # Content hashes (``Cache.file_digest``: a file whose stat is unchanged is not read), not
        # contents: memory stays small, and a warm update reads nothing.
        self.files: dict[Path, str | None] = {}
        for document in documents:
            for path in self.paths(document):
                self.files[path] = ws.cache.file_digest(path)
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
            folder = config.po_folder(language)  # gettext's form of the code: pt_BR for pt-BR
            catalogs = sorted(p for p in self.files if p.parent == folder)
            key = self.memory_keys[language] = digest(
                *(self.files[p] for p in catalogs), self.ws.cache.file_digest(memory_path(config, language)))
        return key

    def key(self, document, cache, untranslated: dict[str, int] | None = None) -> str:
        """``untranslated`` per language, when known; else read from the cached counts."""
        parts = [",".join(self.languages)] + [self.files[p] for p in self.paths(document)]
        for lang in self.languages:
            if not self.prefill or lang == self.ws.config.source_language:
                continue
            if untranslated is not None:
                left = untranslated.get(lang, 1)
            else:
                path = self.ws.config.po_path(lang, document.name)
                key = self.files[path]
                counts = None if key is None else cache.counts(self.ws.relative(path), cache.key(key))
                left = 1 if counts is None else counts.untranslated
            if left:
                parts.append(self.memory_key(lang))
        return cache.key(*parts)


def _unchanged(ws: Workspace, document, languages) -> list[CatalogChange]:
    entries = ws.cache.state.get("entries", {}).get(document.name, 0)
    changes = [CatalogChange(document.name, None, ws.relative(ws.config.pot_path(document.name)),
                             created=False, written=False, entries=entries)]
    changes += [CatalogChange(document.name, lang, ws.relative(ws.config.po_path(lang, document.name)),
                              created=False, written=False, entries=entries) for lang in languages]
    return changes


@dataclass
class _Merged:
    """What remains of one document's update while the others are merged: a report and names.

    Its files are already staged (``staged``: temporaries, not bytes) and its cache files
    written; the parent keeps only this, so memory does not grow with the project.
    """

    document: str
    source_digest: str  # content hash of the source that was segmented (``Cache.file_digest``'s form)
    changes: list[CatalogChange]
    staged: list[Staged]
    digests: dict[Path, str]  # content hash of each file as the update leaves it (``file_digest``'s form)
    counts: dict[str, Counts]  # by language
    entries: int
    dropped: dict[str, list]  # by language: obsolete entries removed (for the memory)


def _plan_document(ws: Workspace, document, languages, memories: dict | None = None,
                   drop_obsolete: bool = False, write: bool = True,
                   similarity: float | None = SIMILARITY_THRESHOLD) -> _Merged:
    """Merge one document and stage its files (``write``); then forget what was parsed of it."""
    cache = ws.cache
    counts = {}
    dropped = {}
    digests = {}
    with Staging() as staging:
        try:
            pot, (entries, pot_date) = _plan_template(ws, document)
            changes = [_stage(staging, pot, write)]
            digests[pot.path] = digest(pot.data)
            for lang in languages:
                item, catalog = _plan_catalog(ws, document.name, lang, entries, pot_date, memories,
                                              drop_obsolete=drop_obsolete, similarity=similarity)
                changes.append(_stage(staging, item, write))
                digests[item.path] = digest(item.data)
                translations = Translations.of(catalog)
                counts[lang] = translations.counts
                if write:  # keyed by content: right whether or not this run completes
                    key = cache.key(digests[item.path])
                    cache.set_translations(item.change.path, key, translations.entries)
                    cache.set_memory_pairs(item.change.path, key, reviewed_pairs(catalog))
                gone = [e for e in getattr(catalog, "dropped", []) if e.msgstr or e.msgstr_plural]
                if gone:
                    dropped[lang] = gone
            parsed = ws.source(document)
            if write and not parsed.cached:
                cache.set_segments(document.name, parsed.key, parsed.segments)
        finally:
            ws.forget(document)
        staged = staging.detach()  # renamed by the caller, with every other document's
    return _Merged(document.name, parsed.digest, changes, staged, digests, counts, len(entries), dropped)


def _remember(ws: Workspace, document, result: _Merged, inputs: _Inputs) -> None:
    """Record the hashes of what is now on disk, so the next run can skip this document."""
    cache = ws.cache
    untranslated = {}
    for lang, counts in result.counts.items():
        path = ws.config.po_path(lang, document.name)
        cache.set_counts(ws.relative(path), cache.key(inputs.files[path]), counts)
        untranslated[lang] = counts.untranslated
    if inputs.files.get(document.path) != result.source_digest:
        return  # the source changed while we worked: let the next run look again
    cache.set_document_key(document.name, inputs.key(document, cache, untranslated))
    cache.state.setdefault("entries", {})[document.name] = result.entries


def _plan_documents(ws: Workspace, documents, languages, drop_obsolete: bool = False,
                    write: bool = True, similarity: float | None = SIMILARITY_THRESHOLD) -> list[_Merged]:
    memories: dict = {}  # translation memory per language and process, read before any rename
    return fork_map(lambda document: _plan_document(ws, document, languages, memories, drop_obsolete, write,
                                                    similarity),
                    documents, undo=_discard)


def _discard(result: _Merged) -> None:
    """Another document failed: remove this one's staged files."""
    staging = Staging()
    staging.adopt(result.staged)
    staging.discard()


def _plan_template(ws: Workspace, document) -> tuple[_Pending, tuple[list[polib.POEntry], str]]:
    parsed = ws.source(document)
    entries = build_template(document.name, document.relpath, parsed.segments, ws.config.locations)
    path = ws.config.pot_path(document.name)
    old = ws.catalog(path, required=False)
    date = (old.metadata.get("POT-Creation-Date") if old is not None else None) or now_stamp()
    data = _template_bytes(ws, document.name, entries, date, old)
    if old is not None and read_file(path) != data:
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
                  memories: dict | None = None, *, drop_obsolete: bool = False,
                  similarity: float | None = SIMILARITY_THRESHOLD):
    path = ws.config.po_path(lang, doc)
    old = ws.catalog(path, required=False)
    identity = lang == ws.config.source_language  # the source language's catalog follows the source
    carrier = None if identity else Carrier(lang, ws.config.source_language)
    result = merge(template, old, identity=identity, carrier=carrier, similarity=similarity)
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
                           dropped=len(dropped), carried=result.carried, auto_updated=result.auto_updated)
    pending = _Pending(change, path, serialize(catalog), old.file_bytes if old is not None else None)
    return pending, catalog
