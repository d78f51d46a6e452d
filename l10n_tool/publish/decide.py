"""What ``build`` publishes of one document in each language, and why an edition is held back.

What an edition publishes passed the error-level checks of ``l10n check`` against the
current source; an entry that fails falls back to the source text.
"""

from __future__ import annotations

from ..checks.entries import EntryGate
from ..documents import Document
from ..errors import L10nError
from ..links import LinkRule
from ..sources.content import protected_for
from ..sources.frontmatter import read_front_matter
from ..sources.segment import Segment
from ..workspace import ParsedSource, Workspace
from .edition import FALLBACK_END, FALLBACK_START, Origin, drop_origin_note, keep_references, reference_labels
from .model import BuildSettings, Edition, Publication
from ..safe_html import Policy, foreign_html, refused_destinations

# Segments whose fallback text the HTML page marks with the source's language (body text, not
# front matter, alt texts or link titles, which are attributes).
_MARKED_STYLES = ("inline", "heading", "table")


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

        def checks(source: str, translation: str, protected: tuple[str, ...]) -> list[str]:
            nonlocal flags
            problems = gate.errors(source, translation, language, protected=protected)
            if problems:
                # Waivers are read only when a check fails, so an unchanged catalog is parsed
                # only when it holds something to waive (its translations come from the cache).
                if flags is None:
                    flags = {e.msgid: e.flags for e in ws.catalog(path) if not e.obsolete and e.flags}
                problems = gate.errors(source, translation, language, flags.get(source, ()), protected)
            return [f"{p.check}: {p.message}" for p in problems]
    # One rule for every output, whatever severity the checks have and whatever a waiver says: a
    # destination the page would neutralize falls back in both outputs; raw HTML the page would
    # show as text falls back in the Markdown edition, which other sites render raw HTML and all.
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
    page_only: dict[int, str] = {}  # translations the page shows (its raw HTML as text), the .md not

    def replacement(segment: Segment) -> str | None:
        nonlocal fallbacks
        if id(segment) in chosen:
            return chosen[id(segment)]
        msgstr, fuzzy, stale = entries.get(segment.text, ("", False, False))
        result = None
        if msgstr and (not fuzzy or (use_stale and stale)):
            # Stale entries are checked against the current source, which is what they stand for now.
            protected = protected_for([segment.kind], segment.text)
            errors = checks(segment.text, msgstr, protected) if checks is not None else []
            # Whatever is not the source's own text, in any language (the source language's
            # catalog is an editor's override, gated like the others); front matter is text on
            # the page, never a link.
            if not errors and msgstr != segment.text and segment.field is None:
                errors = refused(msgstr)
            if errors:
                failed.append((segment.text, "; ".join(errors)))
            elif msgstr != segment.text and (foreign := foreign_html(policy, msgstr)):
                failed.append((segment.text, "Markdown edition: " + "; ".join(foreign)))
                page_only[id(segment)] = keep_references(segment.text, msgstr, labels)
            else:
                result = keep_references(segment.text, msgstr, labels)
        if result is None:
            fallbacks += 1
        chosen[id(segment)] = result
        return result

    def marked(segment: Segment) -> str | None:
        new = replacement(segment)
        if id(segment) in page_only:
            return page_only[id(segment)]
        if new is None and segment.field is None and segment.style in _MARKED_STYLES:
            return f"{FALLBACK_START}{segment.text}{FALLBACK_END}"
        return new

    text = source.format.reassemble(source.text, source.segments, replacement)
    origin = Origin.of(source)
    html_text = text
    if page_only or (fallbacks and language != ws.config.source_language):
        html_text = source.format.reassemble(source.text, source.segments, marked)
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


def decide(ws: Workspace, doc: Document, settings: BuildSettings,
           gate: EntryGate) -> tuple[list[Publication], list[L10nError]]:
    """One document in every language: published (with its edition) or held back, and why.

    A malformed catalog holds back its own edition only; its error is returned beside the decisions.
    """
    decisions: list[Publication] = []
    errors: list[L10nError] = []
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
