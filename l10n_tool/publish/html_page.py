"""``build --format html``: each edition as a standalone, publishable HTML page.

The page needs nothing but itself: CSS is inline, local images are embedded as
data URIs and an image that cannot be embedded is shown as its alt text in a
box (``article_body.py``). Its head and header come from ``metadata.py``,
``json_ld.py`` and ``urls.py``; this module puts them together.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup, escape

from .. import languages
from ..languages import locale_of
from ..workspace import Workspace
from .article_body import render_body
from .json_ld import json_script, structured_data
from .metadata import metadata, origin_link
from .model import Edition, Page
from .notices import wording
from .templating import render, stylesheet
from .urls import base_url, page_href


def write_page(edition: Edition, editions: list[Edition], ws: Workspace) -> Page:
    meta = metadata(edition, ws)
    body, notes = render_body(edition, ws)
    lang = edition.language
    doc = edition.document
    base = base_url(ws)
    own = page_href(doc, lang, base)
    source_language = ws.config.source_language
    canonical = meta.canonical_url if (meta.canonical_url and lang == source_language) else own
    original = next((e for e in editions if e.language == source_language), None)
    locale = locale_of(lang)
    direction = languages.direction(lang)
    # Text in another language (the source's fallbacks, notices the tool has no wording for) is marked
    # with its lang and, where its direction differs from the page's, isolated with its own dir.
    foreign = _foreign_attributes(direction)
    words = wording(lang)
    notice = None
    if edition.outdated_notice:
        notice = {"text": words.outdated, "link": words.original, "attributes": foreign(words.language, lang),
                  "href": page_href(doc, source_language, base) if original is not None and original is not edition
                  else None, "hreflang": languages.bcp47(source_language)}
    text = render(
        "page.html.j2",
        tag=languages.bcp47(lang), direction=direction, meta=meta, canonical=canonical,
        alternates=[{"tag": languages.bcp47(other.language), "href": page_href(doc, other.language, base),
                     "name": languages.display_name(other.language), "current": other is edition}
                    for other in editions],
        x_default=page_href(doc, original.language, base) if original is not None else None,
        origin=origin_link(edition),
        css=stylesheet("page.css"),
        json_ld=Markup(json_script(structured_data(edition, editions, meta, ws))),
        language_name=languages.display_name(lang),
        fields={key: _marked(pieces, foreign(source_language, lang))
                for key, pieces in edition.fallback_fields.items()},
        notice=notice,
        correction={"label": words.correction, "attributes": foreign(words.language, lang)} if meta.correction else None,
        authors=_byline_names(meta.authors, locale, isolate=direction == "rtl") if meta.authors else "",
        isolate=direction == "rtl",
        date={"iso": meta.date.isoformat(), "text": format_date(meta.date, format="long", locale=locale)}
        if meta.date else None,
        body=Markup(body.rstrip("\n")))
    return Page(text, notes)


def _foreign_attributes(direction: str):
    def attributes(language: str, page_language: str) -> Markup:
        """` lang="…" dir="…"` for text in ``language`` on a page in ``page_language`` ("" when the same)."""
        if languages.same(language, page_language):
            return Markup("")
        out = f' lang="{escape(languages.bcp47(language))}"'
        if languages.direction(language) != direction:
            out += f' dir="{languages.direction(language)}"'
        return Markup(out)
    return attributes


def _marked(pieces: list[tuple[str, bool]], attributes: Markup) -> Markup:
    """A front-matter value whose segments are partly in the source language: those in spans."""
    return Markup(" ").join(Markup(f"<span{attributes}>{escape(text)}</span>") if foreign else escape(text)
                            for text, foreign in pieces)


def _byline_names(names: list[str], locale, *, isolate: bool) -> Markup:
    """The authors as a list in the edition's language; on a right-to-left page each name is
    isolated (``<bdi>``), so a Latin name's punctuation is not reordered with the Arabic around it."""
    if not isolate:
        return Markup(escape(format_list(names, locale=locale)))
    marks = [f"\ue010{index}\ue011" for index in range(len(names))]
    text = str(escape(format_list(marks, locale=locale)))
    for mark, name in zip(marks, names):
        text = text.replace(mark, f"<bdi>{escape(name)}</bdi>")
    return Markup(text)
