"""What a page says about its article besides the body: headline, teaser, byline, date, section,
and the original it was translated from.

Only front-matter prose keys come from the edition (they are segments); every other value
is read from the source, where no translator can change it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from .. import languages
from ..sources.frontmatter import read_front_matter
from ..workspace import Workspace
from .edition import Origin, safe_url
from .model import Edition


@dataclass
class Metadata:
    title: str
    teaser: str
    authors: list[str]
    date: dt.date | None
    canonical_url: str | None
    section: str | None
    correction: str = ""  # front matter ``correction``: shown on every edition as a notice


def metadata(edition: Edition, ws: Workspace) -> Metadata:
    """The edition's metadata (shared: do not change it).

    Every page of a document shows the headline of each of its editions, so each edition's
    metadata is asked for once per language: it is remembered by the texts it comes from.
    """
    # The page's text: a title with raw HTML is shown there as text, not in the Markdown edition.
    return _metadata(edition.document, edition.source.text, edition.html_markdown or edition.markdown,
                     edition.source.document.relpath, tuple(ws.config.front_matter))


@functools.lru_cache(maxsize=64)
def _metadata(document: str, source_text: str, markdown: str, relpath: str,
              prose_keys: tuple[str, ...]) -> Metadata:
    source_data, _ = read_front_matter(source_text, relpath)
    localized, _ = read_front_matter(markdown, relpath)
    # Only prose keys are segments; every other value is taken from the source, where no
    # translator can change it.
    data = dict(source_data)
    data.update({k: v for k, v in localized.items() if k in prose_keys})
    authors = data.get("authors") or data.get("author") or []
    if not isinstance(authors, list):  # "authors: Jane Doe" (or a number): one author
        authors = [authors]
    return Metadata(
        title=_text(data.get("title")) or document,
        teaser=_text(data.get("teaser") or data.get("description")),
        authors=[_text(a) for a in authors if _text(a)],
        date=_date(data.get("date")),
        # Only http(s): a javascript: or data: URL never reaches <link rel=canonical> or JSON-LD.
        canonical_url=safe_url(data.get("canonical_url")),
        section=_text(data.get("section")) or None,
        correction=_text(data.get("correction")),
    )


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def origin_link(edition: Edition) -> dict | None:
    """The link to the published original, for every edition but the original's own language."""
    origin = Origin.of(edition.source)
    if not origin.url:
        return None
    tag = name = None
    if origin.language:
        try:
            tag, name = languages.bcp47(origin.language), languages.display_name(origin.language)
        except (ValueError, TypeError):  # a language Babel does not know (LanguageCodeError)
            pass
    return {"href": origin.url, "tag": tag, "name": name}
