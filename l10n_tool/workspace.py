"""A loaded project: configuration plus parsed sources and catalogs, each read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from .catalogs import load_catalog
from .config import Config, Document, load_config
from .errors import L10nError
from .segmenting import Segment, read_source, segment_document


@dataclass
class ParsedSource:
    document: Document
    text: str
    segments: list[Segment]


@dataclass
class Workspace:
    config: Config
    _sources: dict[str, ParsedSource] = field(default_factory=dict)
    _catalogs: dict[Path, polib.POFile | None] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path | None = None) -> "Workspace":
        return cls(load_config(root))

    def documents(self, name: str | None = None) -> list[Document]:
        documents = self.config.documents()
        if name is None:
            return documents
        chosen = [d for d in documents if d.name == name]
        if not chosen:
            known = ", ".join(d.name for d in documents) or "none"
            raise L10nError(f"unknown document {name!r}; documents: {known}", self.config.config_path)
        return chosen

    def source(self, document: Document) -> ParsedSource:
        parsed = self._sources.get(document.name)
        if parsed is None:
            text = read_source(document.path)
            segments = segment_document(
                text, mode=self.config.segment, language=self.config.source_language,
                front_matter_keys=self.config.front_matter, path=document.relpath)
            parsed = self._sources[document.name] = ParsedSource(document, text, segments)
        return parsed

    def catalog(self, path: Path, *, required: bool = True) -> polib.POFile | None:
        if path not in self._catalogs:
            self._catalogs[path] = load_catalog(path, required=False)
        catalog = self._catalogs[path]
        if catalog is None and required:
            return load_catalog(path, required=True)
        return catalog

    def relative(self, path: Path) -> str:
        return self.config.relative(path)
