"""``build``: each language's document reassembled from the source and its catalog."""

from __future__ import annotations

from ..errors import L10nError
from ..fsutil import project_lock, write_many
from ..parallel import fork_map
from ..sources.reassemble import reassemble
from ..sources.segmenting import Segment
from ..workspace import ParsedSource, Workspace
from .model import (DEFAULT_MIN_PERCENT, BuildOutput, BuildReport, BuildSettings, Edition, Publication,
                    Registry, SiteFile, as_page)
from .writers import default_registry

def available_formats() -> list[str]:
    return default_registry().formats()


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


def build(ws: Workspace, language: str | None = None, formats: list[str] | None = None,
          min_percent: float = DEFAULT_MIN_PERCENT, use_stale: bool = False,
          document: str | None = None, registry: Registry | None = None) -> BuildReport:
    with project_lock(ws.config.root):  # a concurrent update cannot change catalogs mid-build
        return _build(ws, language, formats, min_percent, use_stale, document, registry or default_registry())


def _build(ws: Workspace, language: str | None, formats: list[str] | None, min_percent: float,
           use_stale: bool, document: str | None, registry: Registry) -> BuildReport:
    formats = formats or registry.formats()
    for name in formats:
        if name not in registry.pages:
            raise L10nError(f"unknown format {name!r}; available: {', '.join(registry.formats())}")
    languages = ws.config.selected_languages(language)
    chosen = {d.name for d in ws.documents(document)}
    settings = BuildSettings(min_percent, use_stale)
    # Every document and language is decided first: each page links to all published editions,
    # and the dashboard shows every document x language whatever was selected.
    decisions = decide(ws, settings)
    report = BuildReport(publications=decisions)
    documents = [doc for doc in ws.documents() if doc.name in chosen]

    site_formats = [name for name in formats if name in registry.site]

    def work(job):
        kind, item = job
        if kind == "site":
            _, writer = registry.site[item]
            return as_page(writer(decisions, ws, settings)).text.encode("utf-8")
        return _document_outputs(ws, item, decisions, languages, formats, registry)

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
        path = ws.config.build_path / registry.site[name][0]
        site_file = SiteFile(ws.relative(path))
        pending.append((site_file, path, data))
        report.site.append(site_file)
    # Everything is computed before the first write, so bad input leaves the build folder as it was.
    written = write_many([(path, data) for _, path, data in pending])
    for (output, _, _), was_written in zip(pending, written):
        output.written = was_written
    return report


def _document_outputs(ws: Workspace, doc, decisions, languages, formats, registry: Registry):
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
            suffix, writer = registry.pages[name]
            path = ws.config.build_path / edition.language / f"{doc.name}{suffix}"
            page = as_page(writer(edition, published, ws))
            output = BuildOutput(doc.name, edition.language, name, ws.relative(path),
                                 percent=edition.percent, fallbacks=edition.fallbacks,
                                 neutralized=page.neutralized)
            files.append((output, path, page.text.encode("utf-8")))
            outputs.append(output)
    return outputs, held, files

