"""schema.org structured data for a page: the NewsArticle, its translations and its original."""

from __future__ import annotations

import json

from .. import languages
from ..workspace import Workspace
from .edition import Origin
from .metadata import Metadata, metadata, origin_link
from .model import Edition
from .urls import base_url, page_href


def json_script(data: dict) -> str:
    """JSON for a <script> element: <, > and & escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def structured_data(edition: Edition, editions: list[Edition], meta: Metadata, ws: Workspace) -> dict:
    """schema.org NewsArticle; each edition names the work it translates and that work's translations."""
    base = base_url(ws)

    def summary(other: Edition) -> dict:
        return {"@type": "NewsArticle", "@id": page_href(other.document, other.language, base),
                "url": page_href(other.document, other.language, base),
                "headline": metadata(other, ws).title, "inLanguage": languages.bcp47(other.language)}

    data: dict = {"@context": "https://schema.org", "@type": "NewsArticle",
                  "@id": page_href(edition.document, edition.language, base),
                  "url": page_href(edition.document, edition.language, base),
                  "headline": meta.title}
    if meta.teaser:
        data["description"] = meta.teaser
    if meta.date:
        data["datePublished"] = meta.date.isoformat()
    if meta.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in meta.authors]
    if meta.section:
        data["articleSection"] = meta.section
    data["inLanguage"] = languages.bcp47(edition.language)
    if meta.canonical_url and edition.language == ws.config.source_language:
        data["sameAs"] = meta.canonical_url
    origin = Origin.of(edition.source)
    link = origin_link(edition) if origin.url else None
    original = next((e for e in editions if e.language == ws.config.source_language), None)
    # Written in another language than the source's (origin_language): the edition in that
    # language stands in for the original, and is nobody's translation, least of all the source's.
    first = next((e for e in editions if origin.language and e is not original
                  and languages.same(e.language, origin.language)), None)
    translations = [e for e in editions if e is not original and e is not first]
    if edition is first:
        if original is not None or translations:
            data["workTranslation"] = [summary(e) for e in [original, *translations] if e is not None and e is not edition]
    elif edition is original:
        if translations:
            data["workTranslation"] = [summary(e) for e in translations]
        if origin.url and origin.language and not languages.same(origin.language, edition.language):
            # The source is itself a translation: of the original at origin_url (else none is named).
            data["translationOfWork"] = {"@type": "NewsArticle", "url": origin.url,
                                         **({"inLanguage": link["tag"]} if link and link["tag"] else {})}
    elif original is not None:
        work = summary(original)
        siblings = [e for e in translations if e is not edition]
        if siblings:
            work["workTranslation"] = [summary(e) for e in siblings]
        data["translationOfWork"] = work
    else:  # the source language is held back: name the other translations directly
        data["workTranslation"] = [summary(e) for e in translations if e is not edition]
    if origin.url:
        data["isBasedOn"] = {"@type": "NewsArticle", "url": origin.url}
        if link and link["tag"]:
            data["isBasedOn"]["inLanguage"] = link["tag"]
    return data

