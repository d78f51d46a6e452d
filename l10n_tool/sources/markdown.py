"""The one Markdown dialect of the tool, and the one figure rule.

Segmenting, the checks and the publisher must read a document the same way: a
table the segmenter sees but a check does not (or a figure the page renders that
the segmenter split differently) would make them disagree about what a segment
is. So every parser comes from ``parser()`` and every figure test is ``is_figure``.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


def parser() -> "MarkdownIt":
    """A new parser of the dialect (CommonMark with raw HTML, tables and strikethrough).

    A fresh instance each call: callers add render rules or link validators to theirs.
    """
    from markdown_it import MarkdownIt  # imported when first needed: a skipped update never is

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


@functools.lru_cache(maxsize=1)
def shared_parser() -> "MarkdownIt":
    """One parser for readers that change nothing on it (segmenting)."""
    return parser()


def is_figure(inline: "Token") -> bool:
    """A paragraph whose first line is an image alone: the image, then a caption and a credit."""
    children = inline.children or []
    return bool(children) and children[0].type == "image" and (
        len(children) == 1 or children[1].type in ("softbreak", "hardbreak"))


# A note for translators: an HTML comment before a block. It becomes a "#." comment on the
# block's entries and is never published (the HTML page drops it).
_NOTE = re.compile(r"\A<!--[ \t]*l10n:(?P<text>.*?)-->\s*\Z", re.S)


def note_of(token: "Token") -> str | None:
    """The text of a ``<!-- l10n: ... -->`` block, on one line; None for any other token."""
    if token.type != "html_block":
        return None
    match = _NOTE.match(token.content)
    return " ".join(match.group("text").split()) if match else None


def origin_note_index(tokens: list["Token"]) -> int | None:
    """The inline token of the origin note: the last paragraph set entirely in italics."""
    for index in range(len(tokens) - 2, 0, -1):
        inline = tokens[index]
        if tokens[index - 1].type == "paragraph_open" and inline.type == "inline" \
                and entirely(inline.children or [], "em"):
            return index
    return None


def entirely(children: list["Token"], markup: str) -> bool:
    """True when one ``markup`` span ("em", "strong") wraps all of the inline content."""
    opening, closing = f"{markup}_open", f"{markup}_close"
    children = [c for c in children if c.type != "text" or c.content]  # "**a**" has empty texts around
    if len(children) < 3 or children[0].type != opening or children[-1].type != closing:
        return False
    depth = 0
    for child in children[:-1]:
        depth += {opening: 1, closing: -1}.get(child.type, 0)
        if depth == 0:
            return False
    return True


def closing_bracket(text: str, opening: int) -> int | None:
    """The "]" that closes the "[" at ``opening`` (nested brackets counted, escapes skipped)."""
    depth = 0
    index = opening
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None
