"""One parse of a segment's inline Markdown, shared by the checks that look inside it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..sources.markdown import parser

_MD = parser()
# See every destination as written: the checks must notice a "javascript:" link, which
# markdown-it would otherwise leave as plain text, and compare URLs without re-encoding.
_MD.validateLink = lambda url: True
_MD.normalizeLink = lambda url: url
_URL = re.compile(r"""\b(?:https?|ftp)://[^\s<>"'«»“”„]+|\bwww\.[^\s<>"'«»“”„]+\.[a-z]{2,}[^\s<>"'«»“”„]*""",
                  re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_TRAILING = ".,;:!?)]}'’"


@dataclass
class Inline:
    """What a segment is made of: its prose, and the markup around it."""

    text: str  # the prose alone: no link destinations, code spans or HTML
    links: Counter = field(default_factory=Counter)  # link destinations
    images: Counter = field(default_factory=Counter)  # image sources
    code: Counter = field(default_factory=Counter)  # inline code spans, verbatim
    emphasis: int = 0
    strong: int = 0
    strikethrough: int = 0
    html: list[str] = field(default_factory=list)  # raw inline HTML, as written
    references: Counter = field(default_factory=Counter)  # "[label]: destination" definitions
    urls: Counter = field(default_factory=Counter)  # bare URLs in the prose
    emails: Counter = field(default_factory=Counter)

    def prose_without_addresses(self) -> str:
        """The prose with URLs and e-mail addresses blanked out (they hold digits, not numbers)."""
        return self._prose_without_addresses

    @cached_property  # asked for by several checks of the same (cached) parse
    def _prose_without_addresses(self) -> str:
        if not self.urls and not self.emails:  # found on this text: nothing to blank out
            return self.text
        return _EMAIL.sub(" ", _URL.sub(" ", self.text))


# Every character that can start inline markup (escapes, code, emphasis, strikethrough, links,
# autolinks, HTML, entities, line breaks) or that markdown-it's normalization rewrites. Not
# "!": an image is "![", and "[" is here (an exclamation is prose, and common in quotes).
_MARKUP_CHARS = frozenset("\\`*_~[]<>&\n\r\0")


def is_plain(text: str) -> bool:
    """Whether ``text`` holds no inline markup at all (no link, code, emphasis, HTML, ...)."""
    return _MARKUP_CHARS.isdisjoint(text)


@lru_cache(maxsize=1 << 16)  # every msgid is checked in every language
def parse_inline(source: str) -> Inline:
    if _MARKUP_CHARS.isdisjoint(source):
        # Plain prose, as most segments are: markdown-it would return it as one text token.
        return _with_addresses(Inline(text=source))
    return _parsed(source)


def _parsed(source: str) -> Inline:
    """What markdown-it makes of ``source`` (the plain-prose shortcut above must agree with it)."""
    tokens = _MD.parseInline(source)
    children = tokens[0].children or [] if tokens else []
    result = Inline(text="")
    parts: list[str] = []
    for token in children:
        if token.type == "text":
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "code_inline":
            result.code[token.content] += 1
            parts.append(" ")
        elif token.type == "link_open":
            result.links[str(token.attrGet("href") or "")] += 1
        elif token.type == "image":
            result.images[str(token.attrGet("src") or "")] += 1
            parts.append(token.content)  # the alt text is prose
        elif token.type == "em_open":
            result.emphasis += 1
        elif token.type == "strong_open":
            result.strong += 1
        elif token.type == "s_open":
            result.strikethrough += 1
        elif token.type == "html_inline":
            result.html.append(token.content)
            parts.append(" ")
    result.text = "".join(parts)
    # A segment that starts a paragraph could also define a link reference ("[x]: url"). Its
    # label always ends in "]:", so text without that needs no second (block-level) parse.
    if "]:" in source:
        env: dict = {}
        _MD.parse(source, env)
        for reference in env.get("references", {}).values():
            result.references[str(reference.get("href", ""))] += 1
    return _with_addresses(result)


def may_hold_address(text: str) -> bool:
    """Whether ``text`` may hold a URL or an e-mail address: every one has "://", "www." or "@"
    (three substring tests, several times faster than one search of the expressions)."""
    return "@" in text or _may_hold_url(text)


def _may_hold_url(text: str) -> bool:
    """Whether ``_URL`` can match in ``text``: it needs "://" or "www." (in any case)."""
    return "://" in text or "www." in text.lower()


def _with_addresses(result: Inline) -> Inline:
    text = result.text
    # Prose without an address's marks, most of it, is not scanned.
    if _may_hold_url(text):
        for match in _URL.finditer(text):
            result.urls[match.group(0).rstrip(_TRAILING)] += 1
        text = _URL.sub(" ", text)
    if "@" in text:
        for match in _EMAIL.finditer(text):
            result.emails[match.group(0)] += 1
    return result

