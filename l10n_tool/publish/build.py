"""``build``: each language's document reassembled from the source and its catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import L10nError
from ..fsutil import project_lock, write_many
from ..parallel import fork_map
from ..sources.reassemble import reassemble
from ..sources.segmenting import Segment
from ..workspace import ParsedSource, Workspace

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
    # What a writer refused to publish from a translation (raw HTML, links to unknown places).
    neutralized: list[str] = field(default_factory=list)


@dataclass
class Publication:
    """The build's decision for one document in one language: its edition, or why it is held back."""

    document: str
    language: str
    percent: float
    edition: Edition | None
    reason: str = ""

    @property
    def published(self) -> bool:
        return self.edition is not None


@dataclass
class SiteFile:
    """A file about the whole build (the editors' dashboard), not about one edition."""

    path: str
    written: bool = False


@dataclass
class BuildReport:
    outputs: list[BuildOutput] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    site: list[SiteFile] = field(default_factory=list)

    @property
    def held_back(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.held_back]

    @property
    def fell_back(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.fallbacks]

    @property
    def neutralized(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.neutralized]

    @property
    def strict_failures(self) -> bool:
        return bool(self.held_back or self.fell_back)


@dataclass
class Page:
    """What a writer may return instead of plain text: the text and what it neutralized."""

    text: str
    neutralized: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildSettings:
    min_percent: float = DEFAULT_MIN_PERCENT
    use_stale: bool = False


# A writer turns one edition into a file's text: (edition, all published editions of the document, ws).
Writer = Callable[[Edition, list[Edition], Workspace], "str | Page"]
# A site writer turns every publication decision into one file under the build folder.
SiteWriter = Callable[[list[Publication], Workspace, BuildSettings], "str | Page"]


def _markdown_writer(edition: Edition, editions: list[Edition], ws: Workspace) -> str:
    return edition.markdown


WRITERS: dict[str, tuple[str, Writer]] = {"md": (".md", _markdown_writer)}
# Files written once per build when their format is built: format -> (file name, writer).
SITE_WRITERS: dict[str, tuple[str, SiteWriter]] = {}


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


def decide(ws: Workspace, settings: BuildSettings) -> list[Publication]:
    """Every document in every language: published (with its edition) or held back, and why."""
    decisions = []
    for doc in ws.documents():
        source = ws.source(doc)
        for lang in ws.config.languages:
            text, percent, fallbacks, exists = localize(ws, source, lang, use_stale=settings.use_stale)
            if not exists or percent < settings.min_percent:
                reason = ("no catalog" if not exists
                          else f"{percent:g}% translated, below {settings.min_percent:g}%")
                decisions.append(Publication(doc.name, lang, percent, None, reason))
            else:
                edition = Edition(doc.name, lang, source, text, percent, fallbacks)
                decisions.append(Publication(doc.name, lang, percent, edition))
    return decisions


def _page(result: "str | Page") -> Page:
    return Page(result) if isinstance(result, str) else result


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
    chosen = {d.name for d in ws.documents(document)}
    settings = BuildSettings(min_percent, use_stale)
    # Every document and language is decided first: each page links to all published editions,
    # and the dashboard shows every document x language whatever was selected.
    decisions = decide(ws, settings)
    report = BuildReport(publications=decisions)
    documents = [doc for doc in ws.documents() if doc.name in chosen]

    site_formats = [name for name in formats if name in SITE_WRITERS]

    def work(job):
        kind, item = job
        if kind == "site":
            _, writer = SITE_WRITERS[item]
            return _page(writer(decisions, ws, settings)).text.encode("utf-8")
        return _document_outputs(ws, item, decisions, languages, formats)

    # Pages of different documents are independent: render them in worker processes. A site
    # file (the dashboard parses every catalog with stale entries) is one more job among them,
    # first, so it runs alongside the pages instead of after them.
    jobs = [("site", name) for name in site_formats] + [("document", doc) for doc in documents]
    results = fork_map(work, jobs)
    pending = []
    for outputs, held, files in results[len(site_formats):]:
        report.outputs.extend(outputs)
        report.outputs.extend(held)
        pending.extend(files)
    for name, data in zip(site_formats, results):
        path = ws.config.build_path / SITE_WRITERS[name][0]
        site_file = SiteFile(ws.relative(path))
        pending.append((site_file, path, data))
        report.site.append(site_file)
    # Everything is computed before the first write, so bad input leaves the build folder as it was.
    written = write_many([(path, data) for _, path, data in pending])
    for (output, _, _), was_written in zip(pending, written):
        output.written = was_written
    return report


def _document_outputs(ws: Workspace, doc, decisions, languages, formats):
    """One document's pages in every selected language and format, and what was held back."""
    mine = [p for p in decisions if p.document == doc.name]
    published = [p.edition for p in mine if p.edition is not None]
    outputs: list[BuildOutput] = []
    held: list[BuildOutput] = []
    files = []
    for decision in mine:
        if decision.language not in languages:
            continue
        if decision.edition is None:
            held += [BuildOutput(doc.name, decision.language, f, None, held_back=True,
                                 reason=decision.reason, percent=decision.percent) for f in formats]
            continue
        edition = decision.edition
        for name in formats:
            suffix, writer = WRITERS[name]
            path = ws.config.build_path / edition.language / f"{doc.name}{suffix}"
            page = _page(writer(edition, published, ws))
            output = BuildOutput(doc.name, edition.language, name, ws.relative(path),
                                 percent=edition.percent, fallbacks=edition.fallbacks,
                                 neutralized=page.neutralized)
            files.append((output, path, page.text.encode("utf-8")))
            outputs.append(output)
    return outputs, held, files


# The HTML writers register themselves in WRITERS and SITE_WRITERS.
from . import dashboard, html_page  # noqa: E402,F401
