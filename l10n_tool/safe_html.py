"""Markdown to HTML that is safe when the Markdown comes from translators.

Translations come from outside the newsroom, so a localized document may only
contain the markup its source contains: raw HTML that is not, character for
character, raw HTML of the source is shown as text, and a link or image may
only point to a URL the source points to (and never to a script URL, even
then). Everything that is refused is reported in words an editor can act on.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink as _scheme_is_safe
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from .sources.markdown import parser
from .wording import clip


@dataclass(frozen=True)
class Policy:
    """What a localized document may contain: the source's URLs and raw HTML, nothing else."""

    urls: frozenset[str]
    html_blocks: frozenset[str]
    html_inline: frozenset[str]
    # Inline raw-text elements (<script>…</script>) of the source, each whole, with its content.
    raw_text: frozenset[tuple] = frozenset()

    @classmethod
    def from_source(cls, markdown: str, tokens: list[Token] | None = None) -> "Policy":
        """The policy of a source; ``tokens``, when given, are its parse, which spares a second one
        (publishing the source language renders a body identical to its source)."""
        policy = _POLICIES.get(markdown)
        if policy is None:
            if len(_POLICIES) >= 64:  # a document's editions are built together: keep the last few
                _POLICIES.clear()
            policy = _POLICIES[markdown] = cls.from_tokens(parse_source(markdown)[0] if tokens is None else tokens)
        return policy

    @classmethod
    def from_tokens(cls, tokens: list[Token]) -> "Policy":
        """The policy of a source already parsed (with ``markdown()``'s rules), without a second parse."""
        urls: set[str] = set()
        blocks: set[str] = set()
        inline: set[str] = set()
        raw_text: set[tuple] = set()
        for token in walk(tokens):
            if token.children:
                raw_text.update(element for _, _, element in _raw_text_elements(token.children))
            if token.type == "html_block":
                blocks.add(token.content)
            elif token.type == "html_inline":
                inline.add(token.content)
            elif token.type == "link_open":
                urls.add(str(token.attrGet("href") or ""))
            elif token.type == "image":
                urls.add(str(token.attrGet("src") or ""))
        return cls(frozenset(urls), frozenset(blocks), frozenset(inline), frozenset(raw_text))

    def allows_url(self, url: str) -> bool:
        return url in self.urls and safe_destination(url)


def safe_destination(url: str) -> bool:
    """A destination a published page may link to: no script URL and no ``data:`` URL at all.

    markdown-it lets ``data:image/…`` through; a page's own images are embedded by the
    publisher, so a ``data:`` destination written in a document is never needed.
    """
    return _scheme_is_safe(url) and not url.strip().lower().startswith("data:")


def markdown() -> MarkdownIt:
    """A parser with the segmenter's options whose raw HTML rules honour ``sanitize``.

    Link validation is left to ``sanitize`` (markdown-it's own validator would
    silently drop a ``javascript:`` link as text, and we want to report it).
    """
    md = parser()
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("html_inline", _html_inline)
    md.add_render_rule("image", _image)
    return md


_POLICIES: dict[str, Policy] = {}


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return markdown()


@functools.lru_cache(maxsize=4)
def parse_source(body: str) -> tuple[list[Token], dict]:
    """A source's body parsed once, with its environment (the link reference definitions): its
    policy, the files it links and its reference labels are all read from this one parse, which
    its readers never change."""
    env: dict = {}
    return _parser().parse(body, env), env


def walk(tokens: list[Token]):
    """Every token and, depth first, its children."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def sanitize(tokens: list[Token], policy: Policy, accept=None) -> list[str]:
    """Neutralize in place whatever ``policy`` does not allow; return what was neutralized.

    ``accept(url)``, when given, allows destinations beyond the source's (the ``[links]`` rule);
    never a script or ``data:`` URL.
    """
    notes: list[str] = []
    for token in tokens:
        if token.type == "html_block" and token.content not in policy.html_blocks:
            token.meta["escape"] = True
            # A block can be a whole paragraph: name its tags, which is what an editor looks for.
            tags = list(dict.fromkeys(_TAG.findall(token.content))) or [token.content]
            notes.append(f"raw HTML shown as text: {', '.join(_short(t) for t in tags)}")
        if token.children:
            notes += _sanitize_inline(token.children, policy, accept)
    return notes


def _sanitize_inline(children: list[Token], policy: Policy, accept=None) -> list[str]:
    def allows(url: str) -> bool:
        return _allowed(policy, url, accept)

    notes = _sanitize_raw_text(children, policy)
    open_links: list[tuple[Token, bool]] = []
    for token in children:
        if token.meta.get("escape"):
            continue
        if token.type == "html_inline" and token.content not in policy.html_inline:
            token.meta["escape"] = True
            notes.append(f"raw HTML shown as text: {_short(token.content)}")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            allowed = allows(href)
            if not allowed:
                notes.append(f"link to a URL the source does not have, shown as text: {_short(href)}")
                _neutralize_link(token)
            open_links.append((token, allowed))
        elif token.type == "link_close" and open_links:
            _, allowed = open_links.pop()
            if not allowed:
                _neutralize_link(token)
        elif token.type == "image":
            src = str(token.attrGet("src") or "")
            if not allows(src):
                token.meta["blocked"] = True
                notes.append(f"image from a URL the source does not have, not shown: {_short(src)}")
    for token in _unbalanced([t for t in children if (t.type == "html_inline" and not t.meta.get("escape"))
                              or t.type in _MARKDOWN_PAIRS]):
        token.meta["escape"] = True
        notes.append(f"raw HTML without its partner tag shown as text: {_short(token.content)}")
    return notes


# Elements whose content the browser reads as raw text (script, CSS, a frame's fallback...):
# whatever a translation puts between their tags escapes Markdown's rendering entirely.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                      "noscript", "plaintext"})


RAW_TEXT_NOTE = "a script or raw-text element not in the source, content and all"


def _sanitize_raw_text(children: list[Token], policy: Policy) -> list[str]:
    """Raw-text elements not in the source whole, content and all, have their tags shown as text.

    Comparing each tag alone would let a translation put any script between the
    source's own ``<script>`` and ``</script>``.
    """
    notes = []
    for start, end, element in _raw_text_elements(children):
        if element in policy.raw_text:
            continue
        for index in (start, end):
            if index is not None:
                children[index].meta["escape"] = True
        notes.append(f"raw HTML shown as text: {_short(children[start].content)} ({RAW_TEXT_NOTE})")
    return notes


def _raw_text_elements(children: list[Token]) -> list[tuple[int, int | None, tuple]]:
    """Each inline raw-text element: where its start and end tags are (None: never closed), and
    the element whole, as a value two parses can be compared by."""
    found = []
    index = 0
    while index < len(children):
        name = tag_name(children[index])
        if name is None or name[0] or name[1] not in RAW_TEXT:
            index += 1
            continue
        end = next((j for j in range(index + 1, len(children)) if tag_name(children[j]) == (True, name[1])),
                   None)
        stop = len(children) - 1 if end is None else end
        element = tuple((t.type, t.content, t.markup, tuple(sorted((t.attrs or {}).items())))
                        for t in children[index:stop + 1])
        found.append((index, end, element))
        index = stop + 1
    return found


def tag_name(token: Token) -> tuple[bool, str] | None:
    """(is an end tag, lower-case name) of an inline HTML tag."""
    if token.type != "html_inline":
        return None
    match = _TAG_NAME.match(token.content)
    return (bool(match.group(1)), match.group(2).lower()) if match else None


_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Markdown's own inline elements: raw HTML must nest with them too (`<em>~~</em>~~` would not).
_MARKDOWN_PAIRS = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close",
                   "link_open", "link_close"}


def _unbalanced(tags: list[Token]) -> list[Token]:
    """Source tags a translation opens without closing, or closes without opening, or crosses
    with Markdown's own emphasis and links.

    Each tag is one the source has, but a lone ``<span>`` or ``</em>`` would
    still change the structure of the page around the translation.
    """
    stack: list[tuple[str, Token]] = []
    unmatched: list[Token] = []
    for token in tags:
        if token.type in _MARKDOWN_PAIRS:
            name = token.type.rsplit("_", 1)[0]
            if token.nesting == 1:
                stack.append(("md:" + name, token))
                continue
            # Markdown's pairs are balanced among themselves: raw tags still open inside are crossed.
            while stack and stack[-1][0] != "md:" + name:
                crossed, token_ = stack.pop()
                if not crossed.startswith("md:"):
                    unmatched.append(token_)
            if stack:
                stack.pop()
            continue
        match = _TAG_NAME.match(token.content)
        if not match or token.content.rstrip().endswith("/>") or match.group(2).lower() in _VOID:
            continue
        name = match.group(2).lower()
        if not match.group(1):
            stack.append((name, token))
        elif stack and stack[-1][0] == name:
            stack.pop()
        else:
            unmatched.append(token)
    unmatched += [token for name, token in stack if not name.startswith("md:")]
    return sorted(unmatched, key=tags.index)


_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->|<[?!][^<>]*>", re.S)


def _neutralize_link(token: Token) -> None:
    token.tag = "span"
    token.attrs = {"class": "neutralized"} if token.nesting == 1 else {}


def _short(text: str, width: int = 80) -> str:
    return repr(clip(text, width))


def _html_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.meta.get("escape"):
        return f"<p>{escapeHtml(token.content.strip())}</p>\n"
    return token.content


def _html_inline(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return escapeHtml(token.content) if token.meta.get("escape") else token.content


def _image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.meta.get("blocked"):
        return escapeHtml(self.renderInlineAsText(token.children or [], options, env))
    return self.image(tokens, idx, options, env)


def refused_destinations(policy: Policy, translation: str, accept=None) -> list[str]:
    """The link and image destinations of ``translation`` a page would neutralize."""
    return [str(url) for token in walk(_parser().parse(translation))
            if (url := token.attrGet("href") if token.type == "link_open" else (
                token.attrGet("src") if token.type == "image" else None)) is not None
            and not _allowed(policy, str(url), accept)]


def foreign_html(policy: Policy, translation: str) -> list[str]:
    """The raw HTML of ``translation`` the source does not have (script, event handlers, frames...).

    The HTML page shows it as text; a Markdown edition cannot, since other sites render it with
    their CommonMark renderers, raw HTML and all: there the segment falls back to the source.
    Raw HTML the source has anywhere (as a block or inline) is allowed, since one segment
    parsed alone may parse either way. A lone partner tag is left to ``check``: a sentence may
    hold one of the source's pair.
    """
    if "<" not in translation:
        return []
    known = {html.strip() for html in policy.html_blocks | policy.html_inline}
    notes = []
    for token in walk(_parser().parse(translation)):
        if token.type in ("html_block", "html_inline") and token.content.strip() not in known:
            notes.append(f"raw HTML the source does not have: {_short(token.content)}")
        elif token.children:
            notes += [f"raw HTML the source does not have: {_short(token.children[start].content)} "
                      f"({RAW_TEXT_NOTE})" for start, _, element in _raw_text_elements(token.children)
                      if element not in policy.raw_text]
    return notes


def _allowed(policy: Policy, url: str, accept=None) -> bool:
    return policy.allows_url(url) or (accept is not None and safe_destination(url) and accept(url))


def find_unsafe(source: str, translation: str) -> list[str]:
    """What publishing ``translation`` would neutralize, given its ``source`` text (for ``check``)."""
    return sanitize(_parser().parse(translation), Policy.from_source(source))


def find_raw_text(source: str, translation: str) -> list[str]:
    """Raw-text elements (``<script>``…) of ``translation`` that publishing would show as text.

    ``check``'s markup rule compares raw HTML tag by tag; this is the part of the page's rule it
    cannot see that way, so both report the same translations.
    """
    return [note for note in find_unsafe(source, translation) if RAW_TEXT_NOTE in note]
