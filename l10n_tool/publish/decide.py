"""What ``build`` publishes of one document in each language, and why an edition is held back.

What an edition publishes passed the error-level checks of ``l10n check`` against the
current source (a stale entry: against its previous source, and its numbers agree with the
current one); an entry that does not is left out or falls back to the source text, and an
edition that may not go out so is held back, as ``[build] outdated`` says.
"""

from __future__ import annotations

from urllib.parse import quote

from ..checks.entries import EntryGate
from ..checks.numbers import check_numbers
from ..documents import Document
from ..errors import L10nError
from ..links import LinkRule
from ..sources.content import protected_for
from ..sources.frontmatter import read_front_matter
from ..sources.segment import Segment
from ..workspace import ParsedSource, Workspace
from .edition import FALLBACK_END, FALLBACK_START, Origin, drop_origin_note, keep_references, reference_labels
from .leave_out import LEFT_OUT, drop_left_out
from .model import BuildSettings, Edition, Publication
from .notices import wording
from ..safe_html import Policy, foreign_html, refused_destinations

# Segments whose fallback text the HTML page marks with the source's language (body text, not
# front matter, alt texts or link titles, which are attributes).
_MARKED_STYLES = ("inline", "heading", "table", "alt")
# Emphasis delimiters stay outside the marks: next to a mark, a closing ``*`` after punctuation
# ("*…German.*") would not close, and the page would show it literally.
_DELIMITERS = "*_"


def localize(ws: Workspace, source: ParsedSource, language: str, *, outdated: str = "keep",
             gate: EntryGate | None = None, markdown_notice: bool = False) -> Edition | None:
    """The document in ``language`` (None without a catalog); a malformed catalog raises CatalogError.

    ``outdated`` (``[build] outdated``) says what stands where a segment has no translation that
    may be published: "keep" leaves it out (a stale entry publishes its previous translation when
    it passes the checks against the source it was translated from and its numbers agree with
    the current one); "source" and "hold" show the source text (a held edition is not published).
    """
    path = ws.config.po_path(language, source.document.name)
    translations = ws.translations(path)  # cached by content hash; parsed only when changed
    if translations is None:
        return None
    entries = translations.entries
    own = language == ws.config.source_language
    keep = outdated == "keep" and not own
    leave = outdated != "source" and not own  # what has no publishable translation is left out
    checks = None
    if gate is not None and not own:
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
    fallbacks = left_out = 0
    failed: list[tuple[str, str]] = []
    chosen: dict[int, str | None] = {}
    missing_fields: set[str] = set()
    page_only: dict[int, str] = {}  # translations the page shows (its raw HTML as text), the .md not

    def replacement(segment: Segment) -> str | None:
        nonlocal fallbacks, left_out
        if id(segment) in chosen:
            return chosen[id(segment)]
        msgstr, fuzzy, stale, previous = entries.get(segment.text, ("", False, False, ""))
        result = None
        if msgstr and (not fuzzy or (keep and stale)):
            protected = protected_for([segment.kind], segment.text)
            errors: list[str] = []
            if checks is not None:
                # A stale translation says what its previous source said: it is checked against
                # that, and its numbers against the current source, so no figure that changed is
                # published (the segment is then left out, as a new one).
                errors = checks(previous if fuzzy and previous else segment.text, msgstr, protected)
                if fuzzy and not errors and check_numbers(segment.text, msgstr, ws.config.source_language, language):
                    errors = None
            # The source's own text (the source language's identity catalog) and front matter
            # (text on the page, never a link) publish no destination the source lacks.
            if errors == [] and msgstr != segment.text and segment.field is None:
                errors = refused(msgstr)
            if errors:
                failed.append((segment.text, "; ".join(errors)))
            elif errors is not None and msgstr != segment.text and (foreign := foreign_html(policy, msgstr)):
                failed.append((segment.text, "Markdown edition: " + "; ".join(foreign)))
                page_only[id(segment)] = keep_references(segment.text, msgstr, labels)
            elif errors == []:
                result = keep_references(segment.text, msgstr, labels)
        if result is None:
            if segment.field is not None and id(segment) not in page_only:  # the page shows a page-only one
                missing_fields.add(segment.field.key)
            if leave:
                left_out += 1
                result = "" if segment.field is not None else LEFT_OUT
            else:
                fallbacks += 1
        chosen[id(segment)] = result
        return result

    def marked(segment: Segment) -> str | None:
        new = replacement(segment)
        if id(segment) in page_only:
            return page_only[id(segment)]
        if new is None and segment.field is None and segment.style in _MARKED_STYLES:
            return _fallback_marked(segment.text)
        return new

    text = source.format.reassemble(source.text, source.segments, replacement)
    relpath = source.document.relpath
    text = drop_left_out(text, relpath)
    origin = Origin.of(source)
    html_text = text
    if page_only or (fallbacks and not own):
        html_text = drop_left_out(source.format.reassemble(source.text, source.segments, marked), relpath)
    if origin.language == language:
        # The note says the article was written in another language: false in the original's own.
        text, html_text = drop_origin_note(text, relpath), drop_origin_note(html_text, relpath)
    counts = translations.counts
    behind = 0 if own else counts.total - counts.translated
    hold = ""
    if not own:
        data, _ = read_front_matter(source.text, relpath)
        if str(data.get("correction") or "").strip() and (behind or "correction" in missing_fields):
            hold = (f"a correction is out and {behind} {'entry is' if behind == 1 else 'entries are'} behind the "
                    "source: the correction is published in every language with its translation, or not at all")
        elif leave and "title" in missing_fields:
            hold = "the title has no reviewed translation"
        elif outdated == "hold" and behind:
            hold = f"{behind} {'entry' if behind == 1 else 'entries'} behind the source (outdated = \"hold\")"
    fields = {} if own else _fallback_fields(source, replacement)
    notice = keep and behind > 0
    if notice and markdown_notice:
        text = _with_markdown_notice(text, relpath, language, ws.config.source_language, source.document.name)
    return Edition(source.document.name, language, source, text, counts.percent, fallbacks,
                   catalog=ws.relative(path), failed=failed, html_markdown=html_text,
                   publishable=_publishable(counts, len(failed)), reviewed=_reviewed(counts),
                   behind=behind, left_out=left_out, fallback_fields=fields, outdated_notice=notice, hold=hold)


def _fallback_marked(text: str) -> str:
    """``text`` between the fallback marks, inside its leading and trailing emphasis delimiters."""
    inner = text.strip(_DELIMITERS)
    if not inner:
        return text
    start = text.index(inner)
    return f"{text[:start]}{FALLBACK_START}{inner}{FALLBACK_END}{text[start + len(inner):]}"


def _fallback_fields(source: ParsedSource, replacement) -> dict[str, list[tuple[str, bool]]]:
    """Front-matter values shown (partly) in the source language: their pieces, for the page to mark."""
    pieces: dict[str, list[tuple[str, bool]]] = {}
    for segment in source.segments:
        if segment.field is None:
            continue
        new = replacement(segment)
        pieces.setdefault(segment.field.key, []).append((segment.text if new is None else new, new is None))
    return {key: [p for p in value if p[0]] for key, value in pieces.items() if any(f for _, f in value)}


def _with_markdown_notice(text: str, relpath: str, language: str, source_language: str, document: str) -> str:
    """The Markdown edition with the outdated notice as its body's first paragraph (``markdown_notice``)."""
    words = wording(language)
    _, body = read_front_matter(text, relpath)
    head = text[:len(text) - len(body.lstrip("\n"))]
    link = f"../{quote(source_language)}/{quote(document)}.md"
    return f"{head}*{words.outdated}* [{words.original}]({link})\n\n{text[len(head):]}"


def _reviewed(counts) -> float:
    """Percent of entries with a reviewed translation, current or previous (translated or stale)."""
    if counts.total == 0:
        return 100.0
    return round((counts.translated + counts.stale) / counts.total * 100, 2)


def _publishable(counts, failed: int) -> float:
    """Percent of entries with a reviewed translation (translated or stale) that passes the checks."""
    if counts.total == 0:
        return 100.0
    return round(max(counts.translated + counts.stale - failed, 0) / counts.total * 100, 2)


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
            edition = localize(ws, source, lang, outdated=settings.outdated, gate=gate,
                               markdown_notice=settings.markdown_notice)
        except L10nError as error:
            errors.append(error)
            decisions.append(Publication(doc.name, lang, 0.0, None, f"malformed catalog: {error}"))
            continue
        if edition is None:
            decisions.append(Publication(doc.name, lang, 0.0, None, "no catalog"))
        elif edition.reviewed < settings.min_percent:
            decisions.append(Publication(
                doc.name, lang, edition.percent, None,
                f"{edition.reviewed:g}% translated or stale, below {settings.min_percent:g}%", behind=edition.behind))
        elif edition.hold:
            decisions.append(Publication(doc.name, lang, edition.percent, None, edition.hold,
                                         behind=edition.behind))
        elif edition.publishable < settings.min_percent:
            decisions.append(Publication(
                doc.name, lang, edition.percent, None,
                f"{len(edition.failed)} translations fail checks: {edition.publishable:g}% publishable, "
                f"below {settings.min_percent:g}%", behind=edition.behind))
        else:
            decisions.append(Publication(doc.name, lang, edition.percent, edition))
    return decisions, errors
