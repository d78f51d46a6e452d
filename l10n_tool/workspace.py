"""A loaded project: configuration plus parsed sources and catalogs, each read once."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache, digest, read_bytes
from . import languages
from .config import Config
from .documents import Document, find_documents
from .project import config_file, find_root, load_config
from .errors import L10nError

if TYPE_CHECKING:  # the parsers are imported where used: a run served from the cache needs none
    import polib

    from .catalogs.pofile import Counts
    from .sources import SourceFormat
    from .sources.segment import Segment


@dataclass
class ParsedSource:
    document: Document
    text: str
    segments: list[Segment]
    format: SourceFormat  # reads the source and writes translations back into it
    key: str = ""  # the cache's key of the source's content (``Cache.key`` of its digest)
    cached: bool = False  # segments came from the cache
    digest: str = ""  # the source file's content hash, as ``Cache.file_digest`` gives it


@dataclass
class Translations:
    """What building and reporting need from a catalog: msgid -> (msgstr, fuzzy, stale, previous
    msgid or ""), counts. A stale entry is published (``[build] outdated = "keep"``) when it passes
    the checks against the source it was translated from."""

    entries: dict[str, tuple[str, bool, bool, str]]
    counts: Counts

    @classmethod
    def of(cls, catalog: polib.POFile) -> "Translations":
        from .catalogs.pofile import count, is_stale

        entries = {e.msgid: (e.msgstr, e.fuzzy, is_stale(e), e.previous_msgid or "") for e in catalog
                   if not e.obsolete}
        return cls(entries, count(catalog))


@dataclass
class Workspace:
    config: Config
    _sources: dict[str, ParsedSource] = field(default_factory=dict)
    _catalogs: dict[Path, polib.POFile | None] = field(default_factory=dict)
    _cache: Cache | None = None
    _documents: list[Document] | None = None
    _unmatched: list[str] = field(default_factory=list)
    _named: dict[str, Document] | None = None  # documents by name and by source path
    # Problems that do not stop the command (a damaged memory file), each said once, by the CLI.
    warnings: list[str] = field(default_factory=list)

    def warn_once(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    @classmethod
    def open(cls, root: Path | None = None) -> "Workspace":
        # The cache comes first, keyed by the configuration's bytes: it remembers which locales
        # Babel knows, so validating the configuration need not import Babel.
        root = find_root(Path.cwd()) if root is None else Path(root)
        cache = Cache(root.resolve(), read_bytes(config_file(root)))
        languages.assume_known(cache.known_locales())
        return cls(load_config(root), _cache=cache)

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = Cache(self.config.root, read_bytes(self.config.config_path))
        return self._cache

    def documents(self, name: str | Iterable[str] | None = None) -> list[Document]:
        """Every document, or those named (by name or source path), in the project's order."""
        documents = list(self._matched()[0])
        if not name:
            return documents
        wanted = [name] if isinstance(name, str) else list(name)
        for item in wanted:
            if self.document_named(item) is None:
                known = ", ".join(d.name for d in documents) or "none"
                raise L10nError(f"unknown document {item!r}; documents: {known}", self.config.config_path)
        chosen = {self.document_named(item).name for item in wanted}
        return [d for d in documents if d.name in chosen]

    def unmatched_sources(self) -> list[str]:
        """The ``sources`` patterns of the configuration that match no file."""
        return list(self._matched()[1])

    def _matched(self) -> tuple[list[Document], list[str]]:
        if self._documents is None:  # globbing and resolving every source once per command
            self._documents, self._unmatched = find_documents(self.config)
        return self._documents, self._unmatched

    def document_named(self, name: str) -> Document | None:
        """The document called ``name``, or whose source is at the path ``name``."""
        if self._named is None:  # asked once per document by reports: an index, not a scan
            self._named = {}
            for doc in self.documents():
                for key in (doc.name, doc.relpath):
                    self._named.setdefault(key, doc)
        doc = self._named.get(name)
        if doc is None:
            path = Path(name).resolve()
            doc = next((d for d in self.documents() if d.path == path), None)
        return doc

    def source(self, document: Document) -> ParsedSource:
        parsed = self._sources.get(document.name)
        if parsed is None:
            from .plugins import source_format
            from .sources.text import decode_source, read_source_bytes

            data = read_source_bytes(document.path)
            text = decode_source(data, document.relpath)
            file_digest = digest(data)
            key = self.cache.key(file_digest)
            segments = self.cache.segments(document.name, key)
            cached = segments is not None
            reader = source_format(document.relpath)
            if segments is None:
                segments = reader.segment(
                    text, mode=self.config.segment, language=self.config.source_language,
                    front_matter_keys=self.config.front_matter, path=document.relpath)
            parsed = self._sources[document.name] = ParsedSource(document, text, segments, reader, key, cached,
                                                                       file_digest)
        return parsed

    def catalog(self, path: Path, *, required: bool = True) -> polib.POFile | None:
        from .catalogs.pofile import load_catalog

        if path not in self._catalogs:
            self._catalogs[path] = load_catalog(path, required=False)
        catalog = self._catalogs[path]
        if catalog is None and required:
            return load_catalog(path, required=True)
        return catalog

    def parsed(self, path: Path) -> polib.POFile | None:
        """The catalog at ``path`` if it was read already (else None; nothing is read)."""
        return self._catalogs.get(path)

    def forget(self, document: Document) -> None:
        """Drop what was read of ``document`` (its source and catalogs): a command that walks
        every document once keeps memory bounded by one document, not the whole project."""
        self._sources.pop(document.name, None)
        for path in self._catalog_paths(document):
            self._catalogs.pop(path, None)

    @contextlib.contextmanager
    def reading(self, document: Document):
        """Forget, after the block, what it read of ``document``, unless the document was held
        before it: a report walking every document holds one at a time, and a caller that holds
        the document (``build`` deciding it) keeps it instead of having it read twice."""
        held = document.name in self._sources or any(p in self._catalogs for p in self._catalog_paths(document))
        try:
            yield
        finally:
            if not held:
                self.forget(document)

    def _catalog_paths(self, document: Document) -> list[Path]:
        return [self.config.pot_path(document.name)] + [self.config.po_path(language, document.name)
                                                         for language in self.config.languages]

    def catalog_key(self, path: Path) -> str | None:
        """The cache's key of a catalog's content (None: no catalog), known by its stat while
        unchanged (``Cache.file_digest``): the key ``update`` stores translations and counts under."""
        file_digest = self.cache.file_digest(path)
        return None if file_digest is None else self.cache.key(file_digest)

    def translations(self, path: Path) -> Translations | None:
        """A catalog's translations and counts: from the cache when its bytes are known, else parsed."""
        if path not in self._catalogs:
            key = self.catalog_key(path)
            if key is None:
                return None
            relpath = self.relative(path)
            counts = self.cache.counts(relpath, key)
            entries = self.cache.translations(relpath, key) if counts is not None else None
            if entries is not None:
                return Translations(entries, counts)
        catalog = self.catalog(path, required=False)
        return None if catalog is None else Translations.of(catalog)

    def memory_pairs(self, path: Path) -> list[tuple[str, str]]:
        """A catalog's reviewed translations for the translation memory (``pofile.reviewed_pairs``):
        from the cache when its bytes are known, else parsed and not kept."""
        from .catalogs.pofile import load_catalog, reviewed_pairs

        catalog = self._catalogs.get(path)
        if catalog is None:
            key = self.catalog_key(path)
            if key is None:
                return []
            pairs = self.cache.memory_pairs(self.relative(path), key)
            if pairs is not None:
                return pairs
            catalog = load_catalog(path, required=False)
        return [] if catalog is None else reviewed_pairs(catalog)

    def counts(self, path: Path) -> Counts | None:
        """A catalog's counts: from the cache when its bytes are known, else parsed."""
        if path not in self._catalogs:
            key = self.catalog_key(path)
            if key is None:
                return None
            counts = self.cache.counts(self.relative(path), key)
            if counts is not None:
                return counts
        catalog = self.catalog(path, required=False)
        from .catalogs.pofile import count

        return None if catalog is None else count(catalog)

    def relative(self, path: Path) -> str:
        return self.config.relative(path)

    def unlisted_languages(self) -> list[UnlistedLanguage]:
        """Catalog folders of languages the configuration does not list (Weblate adds ``locales/pt_BR/``
        when a translator starts Portuguese): reported with the fix, so that no catalog is ignored unseen."""
        listed = {languages.gettext_form(code) for code in self.config.languages}
        found = []
        locales = self.config.locales_path
        for folder in sorted(locales.glob("*/LC_MESSAGES")) if locales.is_dir() else ():
            name = folder.parent.name
            if name not in listed and any(folder.glob("*.po")):
                found.append(UnlistedLanguage(name, self.relative(folder.parent) + "/"))
        return found


@dataclass(frozen=True)
class UnlistedLanguage:
    code: str  # the folder's name
    folder: str  # relative to the project root, with a trailing slash

    @property
    def fix(self) -> str:
        return f"l10n init --lang {self.code}"

    @property
    def message(self) -> str:
        return (f"{self.folder}: catalogs of {self.code!r}, a language the configuration does not list, "
                f"are not updated or checked; add it with '{self.fix}' (or remove the folder)")

    def as_json(self) -> dict:
        return {"language": self.code, "folder": self.folder, "fix": self.fix}
