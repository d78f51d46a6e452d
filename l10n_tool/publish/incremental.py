"""Build's memory: what the last build made of each document, so an unchanged one is not rendered again.

A document's decisions (published or held back, and why) depend on the tool and its
configuration (the cache's salt), the glossary and entry checks registered from outside,
``min_percent`` and ``[build]``'s settings, its source and EVERY language's catalog of it (pages
link all published editions). Its pages depend on those decisions and, besides, on the
formats and writers, the languages built, which editions are linked, the project files its
links and images point to, and on the pages still being in the build folder as written.
Both are keyed by hashes of those inputs, and the record keeps what the report needs, so a
build that renders nothing reports exactly what a full build would.

The dashboard is keyed on what it shows (counts, decisions, stale entries, titles), not on
catalog bytes. This module imports no parser: a build served from here needs none.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..cache import digest
from ..documents import Document
from ..errors import L10nError
from ..workspace import Workspace
from .model import Asset, BuildOutput, BuildSettings, Publication, Registry


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class BuildMemory:
    """The keys of one build, and the records earlier builds left under them."""

    def __init__(self, ws: Workspace, settings: BuildSettings, formats: list[str], registry: Registry,
                 languages: list[str]):
        from ..checks.keys import plug_in_checks

        self.ws = ws
        config = ws.config
        # Every input is known by its content hash, taken from its stat while that is unchanged
        # (``Cache.file_digest``), and every key has the cache's one form (``Cache.key``).
        self.file_digest = ws.cache.file_digest
        glossary = self.file_digest(config.check.glossary) if config.check.glossary is not None else None
        self.decisions_base = ws.cache.key(glossary, plug_in_checks(), _json([settings.min_percent, settings.outdated, settings.markdown_notice]))
        writers = [[name, *_writer_id(*registry.pages[name])] for name in formats]
        site = [[name, *_writer_id(*registry.site[name])] for name in formats if name in registry.site]
        self.pages_base = digest(self.decisions_base, _json([writers, site, list(languages)]))
        self._languages = _json(list(config.languages))

    # --- one document ------------------------------------------------------------

    def decisions_key(self, doc: Document) -> str | None:
        """The hash of what the document's decisions depend on; None when an input cannot be read
        (the build then decides again and reports it)."""
        config = self.ws.config
        try:
            parts = [self.file_digest(doc.path)] + [self.file_digest(config.po_path(lang, doc.name))
                                                    for lang in config.languages]
        except L10nError:
            return None
        return digest(self.decisions_base, doc.relpath, self._languages, *parts)

    def recall(self, doc: Document, key: str | None) -> dict | None:
        """The record of ``doc`` when its decisions still hold (``key``: its ``decisions_key``), else None."""
        entry = self.ws.cache.build_entry(doc.name)
        if key is None or entry is None or entry.get("decisions_key") != key:
            return None
        return entry

    def pages_key(self, entry: dict, linked: list[bool]) -> str:
        root = self.ws.config.root
        files = [self.file_digest(root / name) if (root / name).is_file() else None for name in entry["files"]]
        return digest(self.pages_base, entry["decisions_key"], _json(linked), _json(entry["files"]), *files)

    def pages_intact(self, entry: dict, linked: list[bool]) -> bool:
        """Whether the document's pages are in the build folder as the last build wrote them,
        from the same inputs."""
        if entry.get("pages_key") != self.pages_key(entry, linked):
            return False
        build_path = self.ws.config.build_path
        # A page whose stat is what it was when last hashed is not read again (thousands per
        # build); one written moments ago is, once (the same-tick guard of ``file_digest``).
        return all(self._page_digest(build_path / name) == value for name, value in entry["written"].items())

    def _page_digest(self, path: Path) -> str | None:
        try:
            return self.file_digest(path)
        except (L10nError, OSError):  # a folder where the page belongs, or no access: not the page written
            return None

    @staticmethod
    def record(doc: Document, key: str | None, publications: list[Publication], errors: list[str],
               shown: dict, files: list[str]) -> dict:
        """A document's record after deciding it again."""
        return {"document": doc.name, "decisions_key": key, "errors": errors, "shown": shown, "files": files,
                "publications": [[p.language, p.percent, p.reason, p.published, p.fallbacks, p.behind, p.left_out]
                                 for p in publications]}

    def record_pages(self, entry: dict, outputs: list[BuildOutput], assets: list[Asset],
                     written: dict[str, str]) -> None:
        """Add the document's pages (and the digests of the bytes written) to its record."""
        entry["pages_key"] = self.pages_key(entry, linked_of(entry))
        entry["outputs"] = [asdict(o) for o in outputs]
        entry["assets"] = [[a.language, a.path] for a in assets]
        entry["written"] = written

    def remember(self, entry: dict) -> None:
        if entry["decisions_key"] is not None:
            self.ws.cache.set_build_entry(entry["document"], entry)

    # --- the site ----------------------------------------------------------------

    def site_key(self, entries: list[dict]) -> str:
        shown = [[e["shown"], e["publications"], e.get("linked")] for e in entries]
        return digest(self.pages_base, _json(shown))

    def site_intact(self, key: str, path: Path) -> bool:
        entry = self.ws.cache.build_entry("")
        return entry is not None and entry.get("key") == key and self._page_digest(path) == entry.get("digest")

    def remember_site(self, key: str, data: bytes) -> None:
        self.ws.cache.set_build_entry("", {"key": key, "digest": digest(data)})


def publications(entry: dict) -> list[Publication]:
    linked = linked_of(entry)
    return [Publication(entry["document"], lang, percent, None, reason, linked[i], published, fallbacks, behind, left_out)
            for i, (lang, percent, reason, published, fallbacks, behind, left_out) in enumerate(entry["publications"])]


def linked_of(entry: dict) -> list[bool]:
    return list(entry.get("linked") or [False] * len(entry["publications"]))


def outputs(entry: dict, written: set[str]) -> tuple[list[BuildOutput], list[Asset]]:
    """The report's lines for a document's pages; ``written``: the paths written now."""
    pages = []
    for data in entry["outputs"]:
        output = BuildOutput(**{**data, "failed": [tuple(f) for f in data["failed"]]})
        output.written = output.path in written
        pages.append(output)
    assets = [Asset(entry["document"], lang, path, path in written) for lang, path in entry["assets"]]
    return pages, assets


def _writer_id(suffix: str, writer) -> list[str]:
    return [suffix, f"{getattr(writer, '__module__', '')}.{getattr(writer, '__qualname__', repr(writer))}"]
