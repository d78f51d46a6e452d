"""``build --format html``: each edition as a standalone, publishable HTML page.

The page needs nothing but itself: CSS is inline, local images are embedded as
data URIs and an image that cannot be embedded is shown as its alt text in a
box. Titles and teasers come from the localized front matter; every other
front-matter key is not translatable and is read from the source.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from babel import UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .edition import FALLBACK_END, FALLBACK_START, Origin, origin_note, safe_url
from .model import Edition, Page
from .. import languages
from ..languages import locale_of
from ..links import LinkRule
from ..sources.frontmatter import read_front_matter
from ..sources.markdown import is_figure, note_of
from ..safe_html import RAW_TEXT, Policy, markdown, sanitize, tag_name
from .templating import escape_attribute, macro, render, stylesheet
from ..workspace import Workspace


# --- languages -------------------------------------------------------------------


def language_tag(lang: str) -> str:
    """The BCP 47 tag for ``lang`` attributes and hreflang: pt_BR -> pt-BR."""
    return languages.bcp47(lang)


def language_name(lang: str) -> str:
    """The language's name in itself, as a switcher shows it: English, Español, Deutsch."""
    return languages.parse(lang).display_name


def text_direction(lang: str) -> str:
    return languages.parse(lang).direction


def page_href(document: str, language: str, base_url: str | None = None) -> str:
    """Where an edition's page is: relative to any other page, or absolute under ``base_url``."""
    if base_url:
        return urljoin(base_url, site_path(document, language))
    return f"../{site_path(document, language)}"


def base_url(ws: Workspace) -> str | None:
    return ws.config.base_url


def site_path(document: str, language: str) -> str:
    """An edition's page relative to the build folder, as a URL path."""
    return f"{quote(language)}/{quote(document)}.html"


# --- metadata --------------------------------------------------------------------


@dataclass
class Metadata:
    title: str
    teaser: str
    authors: list[str]
    date: dt.date | None
    canonical_url: str | None
    section: str | None


def metadata(edition: Edition, ws: Workspace) -> Metadata:
    """The edition's metadata (shared: do not change it).

    Every page of a document shows the headline of each of its editions, so each edition's
    metadata is asked for once per language: it is remembered by the texts it comes from.
    """
    return _metadata(edition.document, edition.source.text, edition.markdown,
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


# --- the article body ------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = markdown()
    md.add_render_rule("image", _image_rule)
    md.add_render_rule("figure", lambda self, tokens, idx, options, env: tokens[idx].content)
    return md


def render_body(edition: Edition, ws: Workspace) -> tuple[str, list[str]]:
    """The localized body as HTML, and what was neutralized to make it safe."""
    # The same path as ``metadata`` passes: the front matter read there is remembered under it.
    relpath = edition.source.document.relpath
    _, source_body = read_front_matter(edition.source.text, relpath)
    _, body = read_front_matter(edition.html_markdown or edition.markdown, relpath)
    return render_markdown(body, source_body, edition.source.document.path.parent, ws.config.root,
                           fallback_language=language_tag(ws.config.source_language),
                           links=LinkRule.of(ws.config.links, edition.language))


def render_markdown(body: str, source_body: str, base: Path, root: Path, *,
                    fallback_language: str | None = None, links: LinkRule | None = None) -> tuple[str, list[str]]:
    """``body`` as HTML, allowed only what ``source_body`` has; images are looked up from ``base``.

    Text between FALLBACK_START and FALLBACK_END is in the source language: it is set in
    elements with ``fallback_language`` as their lang.
    """
    md = _renderer()
    env = {"base": base, "root": root.resolve()}
    # Notes for translators are never published.
    tokens = [token for token in md.parse(body, env) if note_of(token) is None]
    # Policy extraction only reads tokens, so an edition identical to its source (the source
    # language) lends its own parse to the policy before sanitizing it.
    policy = Policy.from_source(source_body, tokens if body == source_body else None)
    accept = (lambda url: links.accepts(url, policy.urls)) if links is not None else None
    notes = sanitize(tokens, policy, accept)
    note = origin_note(tokens)
    if note is not None:
        tokens[note].attrSet("class", "origin-note")
    if fallback_language and FALLBACK_START in body:
        for token in tokens:
            if token.children:
                token.children = _mark_fallbacks(token.children, fallback_language)
    tokens = _figures(tokens, md, env)
    html = md.renderer.render(tokens, md.options, env)
    # Marks that fell where no element can hold them (an attribute, a code span) are dropped.
    return html.replace(FALLBACK_START, "").replace(FALLBACK_END, ""), notes


def _mark_fallbacks(children: list[Token], language: str) -> list[Token]:
    """Text between the fallback marks in ``<span lang=…>`` elements.

    A span holds only text: it is closed before any other token and opened again before the
    next text, so spans nest in whatever Markdown and the source's raw HTML build around them,
    and never inside a raw-text element (``<script>``), where a tag would be text.
    """
    out: list[Token] = []
    inside = span_open = False
    raw: str | None = None
    opening = f'<span lang="{escape_attribute(language)}">'

    def tag(html: str) -> Token:
        token = Token("html_inline", "", 0)
        token.content = html
        return token

    def close() -> None:
        nonlocal span_open
        if span_open:
            out.append(tag("</span>"))
            span_open = False

    for child in children:
        if child.type != "text":
            close()
            name = tag_name(child) if not child.meta.get("escape") else None
            if name is not None and name[1] in RAW_TEXT:
                raw = None if name[0] else name[1]
            out.append(child)
            continue
        for piece in re.split(f"([{FALLBACK_START}{FALLBACK_END}])", child.content):
            if piece in (FALLBACK_START, FALLBACK_END):
                inside = piece == FALLBACK_START
                if not inside:
                    close()
            elif piece:
                if inside and raw is None and not span_open:
                    out.append(tag(opening))
                    span_open = True
                text = Token("text", "", 0)
                text.content = piece
                out.append(text)
    close()
    return out


def _figures(tokens: list[Token], md: MarkdownIt, env: dict) -> list[Token]:
    """Paragraphs that start with an image alone on a line become <figure> (see README)."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (token.type == "paragraph_open" and index + 2 < len(tokens)
                and tokens[index + 2].type == "paragraph_close" and is_figure(tokens[index + 1])):
            figure = Token("figure", "figure", 0)
            figure.content = _figure_html(tokens[index + 1].children or [], md, env)
            figure.block = True
            out.append(figure)
            index += 3
            continue
        out.append(token)
        index += 1
    return out


def _figure_html(children: list[Token], md: MarkdownIt, env: dict) -> str:
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    image, rest = lines[0][0], [line for line in lines[1:] if line]
    credit = rest.pop() if len(rest) >= 2 else None
    caption = " ".join(md.renderer.renderInline(line, md.options, env) for line in rest)
    return str(macro("parts.html.j2", "figure")(
        Markup(image_html(image, md.renderer, env)), Markup(caption),
        Markup(md.renderer.renderInline(credit, md.options, env)) if credit else ""))


def _image_rule(self, tokens, idx, options, env) -> str:
    return image_html(tokens[idx], self, env)


def image_html(token: Token, renderer, env: dict) -> str:
    """The image embedded when it is a local file next to the source, else its alt text in a box."""
    alt = renderer.renderInlineAsText(token.children or [], {}, env)
    data = None if token.meta.get("blocked") else _embedded(str(token.attrGet("src") or ""), env)
    # Without data the image is missing or not ours to embed: its alt text, in a box the size of a photo.
    return str(macro("parts.html.j2", "image")(alt, data, token.attrGet("title")))


def _embedded(src: str, env: dict) -> str | None:
    """A local image next to the source as a data: URI; None when it is missing or remote."""
    parts = urlsplit(src)
    if not src or parts.scheme or parts.netloc or src.startswith("/"):
        return None
    root: Path = env["root"]
    path = (env["base"] / unquote(parts.path)).resolve()
    mime = mimetypes.guess_type(path.name)[0] or ""
    if not path.is_relative_to(root) or not path.is_file() or not mime.startswith("image/"):
        return None
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# --- the page --------------------------------------------------------------------


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
                "headline": metadata(other, ws).title, "inLanguage": language_tag(other.language)}

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
    data["inLanguage"] = language_tag(edition.language)
    if meta.canonical_url and edition.language == ws.config.source_language:
        data["sameAs"] = meta.canonical_url
    original = next((e for e in editions if e.language == ws.config.source_language), None)
    translations = [e for e in editions if e is not original]
    if edition is original:
        if translations:
            data["workTranslation"] = [summary(e) for e in translations]
    elif original is not None:
        work = summary(original)
        siblings = [e for e in translations if e is not edition]
        if siblings:
            work["workTranslation"] = [summary(e) for e in siblings]
        data["translationOfWork"] = work
    else:  # the source language is held back: name the other translations directly
        data["workTranslation"] = [summary(e) for e in translations if e is not edition]
    origin = Origin.of(edition.source)
    if origin.url:
        link = _origin_link(edition)
        data["isBasedOn"] = {"@type": "NewsArticle", "url": origin.url}
        if link and link["tag"]:
            data["isBasedOn"]["inLanguage"] = link["tag"]
    return data


def _origin_link(edition: Edition) -> dict | None:
    """The link to the published original, for every edition but the original's own language."""
    origin = Origin.of(edition.source)
    if not origin.url:
        return None
    tag = name = None
    if origin.language:
        try:
            tag, name = language_tag(origin.language), language_name(origin.language)
        except (UnknownLocaleError, ValueError, TypeError):  # a language Babel does not know
            pass
    return {"href": origin.url, "tag": tag, "name": name}


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
        tag=language_tag(lang), direction=text_direction(lang), meta=meta, canonical=canonical,
        alternates=[{"tag": language_tag(other.language), "href": page_href(doc, other.language, base),
                     "name": language_name(other.language), "current": other is edition}
                    for other in editions],
        x_default=page_href(doc, original.language, base) if original is not None else None,
        origin=_origin_link(edition),
        css=stylesheet("page.css"),
        json_ld=Markup(json_script(structured_data(edition, editions, meta, ws))),
        language_name=language_name(lang),
        authors=format_list(meta.authors, locale=locale) if meta.authors else "",
        date={"iso": meta.date.isoformat(), "text": format_date(meta.date, format="long", locale=locale)}
        if meta.date else None,
        body=Markup(body.rstrip("\n")))
    return Page(text, notes)
