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
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from babel.dates import format_date
from babel.lists import format_list
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .build import WRITERS, Edition, Page
from ..config import locale_of
from ..sources.frontmatter import read_front_matter
from .safe_html import Policy, markdown, sanitize
from ..workspace import Workspace


# --- languages -------------------------------------------------------------------


def language_tag(lang: str) -> str:
    """The BCP 47 tag for ``lang`` attributes and hreflang: pt_BR -> pt-BR."""
    return lang.replace("_", "-")


@functools.lru_cache(maxsize=64)
def language_name(lang: str) -> str:
    """The language's name in itself, as a switcher shows it: English, Español, Deutsch."""
    name = locale_of(lang).get_display_name(locale_of(lang)) or lang
    return name[:1].upper() + name[1:]


@functools.lru_cache(maxsize=64)
def text_direction(lang: str) -> str:
    return locale_of(lang).text_direction


def page_href(document: str, language: str) -> str:
    """Where an edition's page is, relative to any other page."""
    return f"../{site_path(document, language)}"


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
    if isinstance(authors, str):
        authors = [authors]
    return Metadata(
        title=_text(data.get("title")) or document,
        teaser=_text(data.get("teaser") or data.get("description")),
        authors=[_text(a) for a in authors if _text(a)],
        date=_date(data.get("date")),
        canonical_url=_text(data.get("canonical_url")) or None,
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
    _, body = read_front_matter(edition.markdown, relpath)
    return render_markdown(body, source_body, edition.source.document.path.parent, ws.config.root)


def render_markdown(body: str, source_body: str, base: Path, root: Path) -> tuple[str, list[str]]:
    """``body`` as HTML, allowed only what ``source_body`` has; images are looked up from ``base``."""
    md = _renderer()
    env = {"base": base, "root": root.resolve()}
    tokens = md.parse(body, env)
    # Policy extraction only reads tokens, so an edition identical to its source (the source
    # language) lends its own parse to the policy before sanitizing it.
    notes = sanitize(tokens, Policy.from_source(source_body, tokens if body == source_body else None))
    _mark_origin_note(tokens)
    tokens = _figures(tokens, md, env)
    return md.renderer.render(tokens, md.options, env), notes


def _mark_origin_note(tokens: list[Token]) -> None:
    """The last paragraph set entirely in italics is the note on the article's original language."""
    for index in range(len(tokens) - 2, 0, -1):
        inline = tokens[index]
        if tokens[index - 1].type != "paragraph_open" or inline.type != "inline":
            continue
        children = inline.children or []
        if _entirely_emphasized(children):
            tokens[index - 1].attrSet("class", "origin-note")
            return


def _entirely_emphasized(children: list[Token]) -> bool:
    if len(children) < 3 or children[0].type != "em_open" or children[-1].type != "em_close":
        return False
    depth = 0
    for child in children[:-1]:
        depth += {"em_open": 1, "em_close": -1}.get(child.type, 0)
        if depth == 0:
            return False
    return True


def _figures(tokens: list[Token], md: MarkdownIt, env: dict) -> list[Token]:
    """Paragraphs that start with an image alone on a line become <figure> (see README)."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (token.type == "paragraph_open" and index + 2 < len(tokens)
                and tokens[index + 2].type == "paragraph_close" and _is_figure(tokens[index + 1])):
            figure = Token("figure", "figure", 0)
            figure.content = _figure_html(tokens[index + 1].children or [], md, env)
            figure.block = True
            out.append(figure)
            index += 3
            continue
        out.append(token)
        index += 1
    return out


def _is_figure(inline: Token) -> bool:
    children = inline.children or []
    return bool(children) and children[0].type == "image" and (
        len(children) == 1 or children[1].type in ("softbreak", "hardbreak"))


def _figure_html(children: list[Token], md: MarkdownIt, env: dict) -> str:
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    image, rest = lines[0][0], [line for line in lines[1:] if line]
    credit = rest.pop() if len(rest) >= 2 else None
    parts = ["<figure>", image_html(image, md.renderer, env)]
    if rest or credit:
        caption = []
        if rest:
            text = " ".join(md.renderer.renderInline(line, md.options, env) for line in rest)
            caption.append(f'<span class="caption">{text}</span>')
        if credit:
            caption.append(f'<span class="credit">{md.renderer.renderInline(credit, md.options, env)}</span>')
        parts.append(f"<figcaption>{' '.join(caption)}</figcaption>")
    parts.append("</figure>")
    return "\n".join(parts) + "\n"


def _image_rule(self, tokens, idx, options, env) -> str:
    return image_html(tokens[idx], self, env)


def image_html(token: Token, renderer, env: dict) -> str:
    """The image embedded when it is a local file next to the source, else its alt text in a box."""
    alt = renderer.renderInlineAsText(token.children or [], {}, env)
    title = token.attrGet("title")
    title_attr = f' title="{escape(str(title))}"' if title else ""
    data = None if token.meta.get("blocked") else _embedded(str(token.attrGet("src") or ""), env)
    if data is None:
        # The image is missing or not ours to embed: its alt text, in a box the size of a photo.
        return (f'<span class="image-missing" role="img" aria-label="{escape(alt)}"{title_attr}>'
                f'<span class="image-missing-text" aria-hidden="true">{escape(alt)}</span></span>')
    return f'<img src="{escape(data)}" alt="{escape(alt)}"{title_attr}>'


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
    def summary(other: Edition) -> dict:
        return {"@type": "NewsArticle", "@id": page_href(other.document, other.language),
                "url": page_href(other.document, other.language),
                "headline": metadata(other, ws).title, "inLanguage": language_tag(other.language)}

    data: dict = {"@context": "https://schema.org", "@type": "NewsArticle",
                  "@id": page_href(edition.document, edition.language),
                  "url": page_href(edition.document, edition.language),
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
    return data


def write_page(edition: Edition, editions: list[Edition], ws: Workspace) -> Page:
    meta = metadata(edition, ws)
    body, notes = render_body(edition, ws)
    lang = edition.language
    doc = edition.document
    own = page_href(doc, lang)
    canonical = meta.canonical_url if (meta.canonical_url and lang == ws.config.source_language) else own
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(meta.title)}</title>",
    ]
    if meta.teaser:
        head.append(f'<meta name="description" content="{escape(meta.teaser)}">')
    head.append(f'<link rel="canonical" href="{escape(canonical)}">')
    for other in editions:
        head.append(f'<link rel="alternate" hreflang="{language_tag(other.language)}" '
                    f'href="{escape(page_href(doc, other.language))}">')
    original = next((e for e in editions if e.language == ws.config.source_language), None)
    if original is not None:
        head.append(f'<link rel="alternate" hreflang="x-default" href="{escape(page_href(doc, original.language))}">')
    head.append(f"<style>\n{PAGE_CSS}</style>")
    head.append(f'<script type="application/ld+json">\n{json_script(structured_data(edition, editions, meta, ws))}\n'
                "</script>")

    switcher = []
    for other in editions:
        name = escape(language_name(other.language))
        tag = language_tag(other.language)
        if other is edition:
            switcher.append(f'<li><span aria-current="page" lang="{tag}">{name}</span></li>')
        else:
            switcher.append(f'<li><a href="{escape(page_href(doc, other.language))}" hreflang="{tag}" '
                            f'lang="{tag}" rel="alternate">{name}</a></li>')
    byline = []
    if meta.authors:
        byline.append(f'<span class="authors">{escape(format_list(meta.authors, locale=locale_of(lang)))}</span>')
    if meta.date:
        byline.append(f'<time datetime="{meta.date.isoformat()}">'
                      f'{escape(format_date(meta.date, format="long", locale=locale_of(lang)))}</time>')

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language_tag(lang)}" dir="{text_direction(lang)}">',
        "<head>", *head, "</head>",
        "<body>",
        '<header class="masthead">',
        f'<nav class="language-switcher" aria-label="{escape(language_name(lang))}">',
        "<ul>", *switcher, "</ul>",
        "</nav>",
        "</header>",
        "<main>",
        "<article>",
        "<header>",
        f"<h1>{escape(meta.title)}</h1>",
    ]
    if meta.teaser:
        parts.append(f'<p class="teaser">{escape(meta.teaser)}</p>')
    if byline:
        parts.append(f'<p class="byline">{BYLINE_SEPARATOR.join(byline)}</p>')
    parts += ["</header>", body.rstrip("\n"), "</article>", "</main>", "</body>", "</html>", ""]
    return Page("\n".join(parts), notes)


BYLINE_SEPARATOR = ' <span aria-hidden="true">·</span> '

PAGE_CSS = """\
:root {
  color-scheme: light;
  --ink: #1b1b1b; --muted: #5c5f66; --rule: #d9dce1; --accent: #0b5cad; --paper: #fff;
  --placeholder: #eef1f5;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 1.125rem/1.65 Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "DejaVu Serif", serif;
  overflow-wrap: break-word;
}
.masthead, main { max-width: 42rem; margin: 0 auto; padding: 0 1.25rem; }
.masthead { padding-top: 1rem; padding-bottom: .5rem; border-bottom: 1px solid var(--rule); }
.language-switcher ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.language-switcher, .byline, figcaption, .neutralized-note {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
.language-switcher { font-size: .95rem; }
.language-switcher a { color: var(--accent); text-decoration: none; padding: .25rem 0; display: inline-block; }
.language-switcher a:hover, .language-switcher a:focus { text-decoration: underline; }
.language-switcher [aria-current] { font-weight: 600; padding: .25rem 0; display: inline-block;
  border-bottom: 2px solid var(--ink); }
article > header { margin: 2rem 0 1.5rem; }
h1 { font-size: clamp(1.75rem, 1.2rem + 2.6vw, 2.6rem); line-height: 1.15; margin: 0 0 .75rem; letter-spacing: -.01em; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 2.25rem 0 .75rem; }
h3 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
.teaser { font-size: 1.25rem; line-height: 1.5; color: #33363b; margin: 0 0 1rem; }
.byline { font-size: .9rem; color: var(--muted); margin: 0; }
.byline .authors { font-weight: 600; color: var(--ink); }
.byline time { white-space: nowrap; }
p { margin: 0 0 1.15rem; }
a { color: var(--accent); }
blockquote { margin: 1.5rem 0; padding-inline-start: 1rem; border-inline-start: 3px solid var(--rule); color: #33363b; }
figure { margin: 2rem 0; }
figure img, figure .image-missing { display: block; width: 100%; }
img { max-width: 100%; height: auto; }
.image-missing {
  display: inline-flex; align-items: center; justify-content: center; min-height: 6rem; padding: 1.5rem;
  background: var(--placeholder); color: var(--muted); border-radius: 4px; text-align: center;
  font: italic 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
figure .image-missing { display: flex; aspect-ratio: 16 / 9; min-height: 0; }
.image-missing-text { max-width: 30rem; }
figcaption { font-size: .9rem; line-height: 1.45; color: var(--muted); margin-top: .6rem; }
figcaption .caption { color: #33363b; }
figcaption .credit { display: block; font-size: .8rem; margin-top: .15rem; }
.origin-note { color: var(--muted); border-top: 1px solid var(--rule); padding-top: 1rem; margin-top: 2rem; }
.neutralized { text-decoration: underline dotted; }
table { border-collapse: collapse; width: 100%; margin: 1.5rem 0; font-size: .95rem; display: block; overflow-x: auto; }
th, td { border-bottom: 1px solid var(--rule); padding: .4rem .6rem; text-align: start; vertical-align: top; }
pre { overflow-x: auto; background: #f5f6f8; padding: .75rem; border-radius: 4px; font-size: .9rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; }
main { padding-bottom: 3rem; }
@media (max-width: 30rem) {
  body { font-size: 1.0625rem; }
  .masthead, main { padding: 0 1rem; }
  .masthead { padding-top: .75rem; padding-bottom: .5rem; }
  .teaser { font-size: 1.125rem; }
}
@media print {
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; line-height: 1.5; color: #000; }
  .masthead { display: none; }
  main { max-width: none; padding: 0; }
  article > header { margin-top: 0; }
  a { color: inherit; }
  figure, blockquote, table { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .image-missing { border: 1px solid #999; background: none; }
  figure .image-missing { aspect-ratio: auto; min-height: 5rem; }
}
"""


WRITERS["html"] = (".html", write_page)
