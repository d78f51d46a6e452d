"""The article body as HTML: the edition's Markdown parsed, its tokens sanitized against the
source, fallback text marked with the source's language, figures and embedded images.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .. import languages
from ..links import LinkRule
from ..safe_html import RAW_TEXT, Policy, markdown, sanitize, tag_name
from ..sources.frontmatter import read_front_matter
from ..sources.markdown import is_figure, note_of
from ..workspace import Workspace
from .edition import FALLBACK_END, FALLBACK_START, origin_note
from .model import Edition
from .templating import escape_attribute, macro


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
    source = ws.config.source_language
    direction = languages.direction(source)
    return render_markdown(body, source_body, edition.source.document.path.parent, ws.config.root,
                           fallback_language=languages.bcp47(source),
                           fallback_direction=direction if direction != languages.direction(edition.language) else None,
                           links=LinkRule.of(ws.config.links, edition.language))


def render_markdown(body: str, source_body: str, base: Path, root: Path, *,
                    fallback_language: str | None = None, fallback_direction: str | None = None,
                    links: LinkRule | None = None) -> tuple[str, list[str]]:
    """``body`` as HTML, allowed only what ``source_body`` has; images are looked up from ``base``.

    Text between FALLBACK_START and FALLBACK_END is in the source language: it is set in
    elements with ``fallback_language`` as their lang, and with ``fallback_direction`` as their
    ``dir`` (a left-to-right source on a right-to-left page), so it is isolated from the page's.
    """
    md = _renderer()
    attributes = ""
    if fallback_language:
        attributes = f' lang="{escape_attribute(fallback_language)}"'
        if fallback_direction:
            attributes += f' dir="{escape_attribute(fallback_direction)}"'
    env = {"base": base, "root": root.resolve(), "fallback": attributes}
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
                token.children = _mark_fallbacks(token.children, attributes)
    tokens = _figures(tokens, md, env)
    html = md.renderer.render(tokens, md.options, env)
    # Marks that fell where no element can hold them (an attribute, a code span) are dropped.
    return html.replace(FALLBACK_START, "").replace(FALLBACK_END, ""), notes


def _mark_fallbacks(children: list[Token], attributes: str) -> list[Token]:
    """Text between the fallback marks in ``<span lang=…>`` elements (``attributes``: lang and dir).

    A span holds only text: it is closed before any other token and opened again before the
    next text, so spans nest in whatever Markdown and the source's raw HTML build around them,
    and never inside a raw-text element (``<script>``), where a tag would be text.
    """
    out: list[Token] = []
    inside = span_open = False
    raw: str | None = None
    opening = f"<span{attributes}>"

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
    # An alt text shown in the source language: the image (or its box) says so with lang and dir.
    fallback = Markup(env.get("fallback", "")) if FALLBACK_START in alt else Markup("")
    alt = alt.replace(FALLBACK_START, "").replace(FALLBACK_END, "")
    data = None if token.meta.get("blocked") else _embedded(str(token.attrGet("src") or ""), env)
    # Without data the image is missing or not ours to embed: its alt text, in a box the size of a photo.
    return str(macro("parts.html.j2", "image")(alt, data, token.attrGet("title"), fallback))


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
