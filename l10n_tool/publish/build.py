"""``build``: each language's document reassembled from the source and its catalog.

``build_dir`` is deployed as it is, so it holds exactly the editions published now:
what ``build`` writes is listed in a manifest, and the files of editions no longer
published are removed (only those). What an edition publishes passed the
error-level checks of ``l10n check`` against the current source; an entry that
fails falls back to the source text.
"""

from __future__ import annotations

from ..checks.entries import EntryGate
from ..errors import L10nError
from ..fsutil import project_lock, write_many
from ..parallel import fork_map
from ..links import LinkRule
from ..sources.frontmatter import read_front_matter
from ..sources.reassemble import reassemble
from ..sources.segmenting import Segment
from ..workspace import ParsedSource, Workspace
from .edition import (FALLBACK_END, FALLBACK_START, Origin, drop_origin_note, keep_references, local_files,
                      reference_labels)
from .manifest import MANIFEST_NAME, Manifest, remove_files
from .safe_html import Policy, refused_destinations
from .model import (DEFAULT_MIN_PERCENT, Asset, BuildOutput, BuildReport, BuildSettings, Edition, Publication,
                    Registry, SiteFile, as_page)
from .writers import default_registry

# Segments whose fallback text the HTML page marks with the source's language (body text, not
# front matter, alt texts or link titles, which are attributes).
_MARKED_STYLES = ("inline", "heading", "table")


def available_formats() -> list[str]:
    return default_registry().formats()


def localize(ws: Workspace, source: ParsedSource, language: str, *, use_stale: bool = False,
             gate: EntryGate | None = None) -> Edition | None:
    """The document in ``language`` (None without a catalog); a malformed catalog raises CatalogError."""
    path = ws.config.po_path(language, source.document.name)
    translations = ws.translations(path)  # cached by content hash; parsed only when changed
    if translations is None:
        return None
    entries = translations.entries
    checks = None
    if gate is not None and language != ws.config.source_language:
        flags: dict[str, list[str]] | None = None

        def checks(source: str, translation: str) -> list[str]:
            nonlocal flags
            problems = gate.errors(source, translation, language)
            if problems:
                # Waivers are read only when a check fails, so an unchanged catalog is parsed
                # only when it holds something to waive (its translations come from the cache).
                if flags is None:
                    flags = {e.msgid: e.flags for e in ws.catalog(path) if not e.obsolete and e.flags}
                problems = gate.errors(source, translation, language, flags.get(source, ()))
            return [f"{p.check}: {p.message}" for p in problems]
    # One rule for both outputs: a destination the page would neutralize is not published in the
    # Markdown edition either (the entry falls back), whatever severity the checks have.
    _, source_body = read_front_matter(source.text, source.document.relpath)
    policy = Policy.from_source(source_body)
    rule = LinkRule.of(ws.config.links, language)

    def refused(msgstr: str) -> list[str]:
        if "](" not in msgstr and "<" not in msgstr and "]:" not in msgstr and "][" not in msgstr:
            return []
        return [f"link to a destination neither the source's nor in [links]: {url!r}"
                for url in refused_destinations(policy, msgstr, lambda url: rule.accepts(url, policy.urls))]

    labels = reference_labels(source)
    fallbacks = 0
    failed: list[tuple[str, str]] = []
    chosen: dict[int, str | None] = {}

    def replacement(segment: Segment) -> str | None:
        nonlocal fallbacks
        if id(segment) in chosen:
            return chosen[id(segment)]
        msgstr, fuzzy, stale = entries.get(segment.text, ("", False, False))
        result = None
        if msgstr and (not fuzzy or (use_stale and stale)):
            # Stale entries are checked against the current source, which is what they stand for now.
            errors = checks(segment.text, msgstr) if checks is not None else []
            # The source's own text (the source language's identity catalog) and front matter
            # (text on the page, never a link) publish no destination the source lacks.
            if not errors and msgstr != segment.text and segment.field is None:
                errors = refused(msgstr)
            if errors:
                failed.append((segment.text, "; ".join(errors)))
            else:
                result = keep_references(segment.text, msgstr, labels)
        if result is None:
            fallbacks += 1
        chosen[id(segment)] = result
        return result

    def marked(segment: Segment) -> str | None:
        new = replacement(segment)
        if new is None and segment.field is None and segment.style in _MARKED_STYLES:
            return f"{FALLBACK_START}{segment.text}{FALLBACK_END}"
        return new

    text = reassemble(source.text, source.segments, replacement)
    origin = Origin.of(source)
    html_text = text
    if fallbacks and language != ws.config.source_language:
        html_text = reassemble(source.text, source.segments, marked)
    if origin.language == language:
        # The note says the article was written in another language: false in the original's own.
        relpath = source.document.relpath
        text, html_text = drop_origin_note(text, relpath), drop_origin_note(html_text, relpath)
    percent = translations.counts.percent
    return Edition(source.document.name, language, source, text, percent, fallbacks,
                   catalog=ws.relative(path), failed=failed, html_markdown=html_text,
                   publishable=_publishable(translations.counts, len(failed)))


def _publishable(counts, failed: int) -> float:
    """Percent of entries that will be shown translated: translated ones that pass the checks."""
    if counts.total == 0:
        return 100.0
    return round(max(counts.translated - failed, 0) / counts.total * 100, 2)


def decide(ws: Workspace, settings: BuildSettings) -> tuple[list[Publication], list[L10nError]]:
    """Every document in every language: published (with its edition) or held back, and why.

    A malformed catalog holds back its own edition only; its error is returned beside the decisions.
    """
    decisions: list[Publication] = []
    errors: list[L10nError] = []
    gate = EntryGate.for_config(ws.config)
    for doc in ws.documents():
        source = ws.source(doc)
        for lang in ws.config.languages:
            try:
                edition = localize(ws, source, lang, use_stale=settings.use_stale, gate=gate)
            except L10nError as error:
                errors.append(error)
                decisions.append(Publication(doc.name, lang, 0.0, None, f"malformed catalog: {error}"))
                continue
            if edition is None:
                decisions.append(Publication(doc.name, lang, 0.0, None, "no catalog"))
            elif edition.percent < settings.min_percent:
                decisions.append(Publication(
                    doc.name, lang, edition.percent, None,
                    f"{edition.percent:g}% translated, below {settings.min_percent:g}%"))
            elif edition.publishable < settings.min_percent:
                decisions.append(Publication(
                    doc.name, lang, edition.percent, None,
                    f"{len(edition.failed)} translations fail checks: {edition.publishable:g}% publishable, "
                    f"below {settings.min_percent:g}%"))
            else:
                decisions.append(Publication(doc.name, lang, edition.percent, edition))
    return decisions, errors


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
    build_path = ws.config.build_path
    manifest = Manifest.read(build_path)
    # Every document and language is decided first: each page links to all published editions,
    # and the dashboard shows every document x language whatever was selected.
    decisions, errors = decide(ws, settings)
    for decision in decisions:
        # Pages link only to pages there will be: built now, or built before and still published.
        built_now = decision.document in chosen and decision.language in languages and "html" in formats
        decision.linked = decision.published and (
            built_now or (build_path / decision.language / f"{decision.document}.html").is_file())
    report = BuildReport(publications=decisions, errors=[str(e) for e in errors])
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
        report.assets.extend(item for item, _, _ in files if isinstance(item, Asset))
        pending.extend(files)
    for name, data in zip(site_formats, results):
        path = build_path / registry.site[name][0]
        site_file = SiteFile(ws.relative(path))
        pending.append((site_file, path, data))
        report.site.append(site_file)
    # Files of editions no longer published leave the manifest and the folder.
    published = {(p.document, p.language) for p in decisions if p.published}
    gone = sorted(name for name, owner in manifest.files.items()
                  if owner is not None and owner not in published)
    for name in gone:
        del manifest.files[name]
    for output, path, _ in pending:
        owner = None if isinstance(output, SiteFile) else (output.document, output.language)
        manifest.files[path.relative_to(build_path).as_posix()] = owner
    # Everything is computed before the first write, so bad input leaves the build folder as it was.
    written = write_many([(path, data) for _, path, data in pending]
                         + [(build_path / MANIFEST_NAME, manifest.encode())])
    for (output, _, _), was_written in zip(pending, written):
        output.written = was_written
    report.removed = [ws.relative(build_path / name) for name in remove_files(build_path, gone)]
    return report


def _document_outputs(ws: Workspace, doc, decisions, languages, formats, registry: Registry):
    """One document's pages in every selected language and format, and what was held back."""
    mine = [p for p in decisions if p.document == doc.name]
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
        linked = [p.edition for p in mine if p.edition is not None and (p.linked or p.edition is edition)]
        for name in formats:
            suffix, writer = registry.pages[name]
            path = ws.config.build_path / edition.language / f"{doc.name}{suffix}"
            page = as_page(writer(edition, linked, ws))
            output = BuildOutput(doc.name, edition.language, name, ws.relative(path),
                                 percent=edition.percent, fallbacks=edition.fallbacks,
                                 neutralized=page.neutralized, failed=edition.failed)
            files.append((output, path, page.text.encode("utf-8")))
            outputs.append(output)
        # Relative links and images of the Markdown edition resolve from its folder: copy them there.
        for relative, original in local_files(edition.source, ws.config.root):
            path = ws.config.build_path / edition.language / relative
            files.append((Asset(doc.name, edition.language, ws.relative(path)), path, original.read_bytes()))
    return outputs, held, files
