"""The one Markdown dialect of the tool, and the one figure rule.

Segmenting, the checks and the publisher must read a document the same way: a
table the segmenter sees but a check does not (or a figure the page renders that
the segmenter split differently) would make them disagree about what a segment
is. So every parser comes from ``parser()`` and every figure test is ``is_figure``.
"""

from __future__ import annotations

import functools
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
