"""``build --format html``: each edition as a standalone, publishable HTML page.

The page needs nothing but itself: CSS is inline, local images are embedded as
data URIs and an image that cannot be embedded is shown as its alt text in a
box (``article_body.py``). Its head and header come from ``metadata.py``,
``json_ld.py`` and ``urls.py``; this module puts them together.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup

from .. import languages
from ..languages import locale_of
from ..workspace import Workspace
from .article_body import render_body
from .json_ld import json_script, structured_data
from .metadata import metadata, origin_link
from .model import Edition, Page
from .templating import render, stylesheet
from .urls import base_url, page_href


def write_page(edition: Edition, editions: list[Edition], ws: Workspace) -> Page:
    meta = metadata(edition, ws)
    body, notes = render_body(edition, ws)
    lang = edition.language
    doc = edition.document
    base = base_url(ws)
    own = page_href(doc, lang, base)
    canonical = meta.canonical_url if (meta.canonical_url and lang == ws.config.source_language) else own
    original = next((e for e in editions if e.language == ws.config.source_language), None)
    locale = locale_of(lang)
    text = render(
        "page.html.j2",
        tag=languages.bcp47(lang), direction=languages.direction(lang), meta=meta, canonical=canonical,
        alternates=[{"tag": languages.bcp47(other.language), "href": page_href(doc, other.language, base),
                     "name": languages.display_name(other.language), "current": other is edition}
                    for other in editions],
        x_default=page_href(doc, original.language, base) if original is not None else None,
        origin=origin_link(edition),
        css=stylesheet("page.css"),
        json_ld=Markup(json_script(structured_data(edition, editions, meta, ws))),
        language_name=languages.display_name(lang),
        authors=format_list(meta.authors, locale=locale) if meta.authors else "",
        date={"iso": meta.date.isoformat(), "text": format_date(meta.date, format="long", locale=locale)}
        if meta.date else None,
        body=Markup(body.rstrip("\n")))
    return Page(text, notes)
