"""``build``: each language's document reassembled from the source and its catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import L10nError
from .fsutil import project_lock, write_many
from .rendering import reassemble
from .segmenting import Segment
from .workspace import ParsedSource, Workspace

DEFAULT_MIN_PERCENT = 80.0


@dataclass
class Edition:
    """One document in one language, as it will be published."""

    document: str
    language: str
    source: ParsedSource
    markdown: str
    percent: float
    fallbacks: int  # segments shown in the source language


@dataclass
class BuildOutput:
    document: str
    language: str
    format: str
    path: str | None
    written: bool = False
    held_back: bool = False
    reason: str = ""
    percent: float = 100.0
    fallbacks: int = 0


@dataclass
class BuildReport:
    outputs: list[BuildOutput] = field(default_factory=list)

    @property
    def held_back(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.held_back]

    @property
    def fell_back(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.fallbacks]

    @property
    def strict_failures(self) -> bool:
        return bool(self.held_back or self.fell_back)


# A writer turns the editions of one document into files: (edition, all published editions) -> text.
Writer = Callable[[Edition, list[Edition], Workspace], str]


def _markdown_writer(edition: Edition, editions: list[Edition], ws: Workspace) -> str:
    return edition.markdown


WRITERS: dict[str, tuple[str, Writer]] = {"md": (".md", _markdown_writer)}


def available_formats() -> list[str]:
    return list(WRITERS)


def localize(ws: Workspace, source: ParsedSource, language: str, *, use_stale: bool = False):
    """The document in ``language`` and how many segments fell back to the source text."""
    path = ws.config.po_path(language, source.document.name)
    translations = ws.translations(path)  # cached by content hash; parsed only when changed
    entries = translations.entries if translations is not None else {}
    fallbacks = 0

    def replacement(segment: Segment) -> str | None:
        nonlocal fallbacks
        msgstr, fuzzy, stale = entries.get(segment.text, ("", False, False))
        if msgstr and (not fuzzy or (use_stale and stale)):
            return msgstr
        fallbacks += 1
        return None

    text = reassemble(source.text, source.segments, replacement)
    percent = translations.counts.percent if translations is not None else 0.0
    return text, percent, fallbacks, translations is not None


def build(ws: Workspace, language: str | None = None, formats: list[str] | None = None,
          min_percent: float = DEFAULT_MIN_PERCENT, use_stale: bool = False,
          document: str | None = None) -> BuildReport:
    with project_lock(ws.config.root):  # a concurrent update cannot change catalogs mid-build
        return _build(ws, language, formats, min_percent, use_stale, document)


def _build(ws: Workspace, language: str | None, formats: list[str] | None, min_percent: float,
           use_stale: bool, document: str | None) -> BuildReport:
    formats = formats or available_formats()
    for name in formats:
        if name not in WRITERS:
            raise L10nError(f"unknown format {name!r}; available: {', '.join(available_formats())}")
    languages = ws.config.selected_languages(language)
    report = BuildReport()
    pending = []
    for doc in ws.documents(document):
        source = ws.source(doc)
        published: list[Edition] = []
        held: list[BuildOutput] = []
        # Every language is localized first so each page can link to all published editions.
        for lang in ws.config.languages:
            text, percent, fallbacks, exists = localize(ws, source, lang, use_stale=use_stale)
            if not exists or percent < min_percent:
                reason = "no catalog" if not exists else f"{percent:g}% translated, below {min_percent:g}%"
                if lang in languages:
                    held += [BuildOutput(doc.name, lang, f, None, held_back=True, reason=reason,
                                         percent=percent) for f in formats]
                continue
            published.append(Edition(doc.name, lang, source, text, percent, fallbacks))
        for edition in published:
            if edition.language not in languages:
                continue
            for name in formats:
                suffix, writer = WRITERS[name]
                path = ws.config.build_path / edition.language / f"{doc.name}{suffix}"
                data = writer(edition, published, ws).encode("utf-8")
                output = BuildOutput(doc.name, edition.language, name, ws.relative(path),
                                     percent=edition.percent, fallbacks=edition.fallbacks)
                pending.append((output, path, data))
                report.outputs.append(output)
        report.outputs.extend(held)
    written = write_many([(path, data) for _, path, data in pending])
    for (output, _, _), was_written in zip(pending, written):
        output.written = was_written
    return report
