"""Segments left out of an edition (``[build] outdated = "keep"``), the page kept well-formed.

A segment with no publishable translation is written as LEFT_OUT while the edition is
reassembled; this module then takes the marks out of the Markdown. A block whose every
segment is left out goes with its container when it is the container's only content (a
list item, a block quote), so no empty item, heading or quote remains; a table cell is
left empty, which keeps the table's shape; a line of a figure (its caption) goes, the
rest of the figure stays; the sentences that remain in a paragraph keep one space
between them.
"""

from __future__ import annotations

import functools
import re

from ..safe_html import markdown
from ..sources.frontmatter import read_front_matter

LEFT_OUT = "\ue002"

_CONTAINERS = ("list_item", "blockquote", "bullet_list", "ordered_list")
_BLANK_OR_QUOTE = re.compile(r"[ \t>]*")

_parser = functools.lru_cache(maxsize=1)(markdown)


def drop_left_out(text: str, relpath: str) -> str:
    """``text`` without its LEFT_OUT marks and the blocks that hold nothing else."""
    if LEFT_OUT not in text:
        return text
    _, body = read_front_matter(text, relpath)  # the body keeps the text's line numbers
    tokens = _parser().parse(body)
    lines = text.split("\n")
    gone: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != "inline" or LEFT_OUT not in token.content or token.content.replace(LEFT_OUT, "").strip():
            continue
        start = index - 1
        if tokens[start].type in ("th_open", "td_open") or tokens[start].map is None:
            continue  # an empty cell keeps the table's rows and columns in line
        end = index + 1
        # A container whose only content this is goes with it (and its list, when it was the only item).
        while (start > 0 and end + 1 < len(tokens) and tokens[start - 1].type.removesuffix("_open") in _CONTAINERS
               and tokens[end + 1].type == tokens[start - 1].type.replace("_open", "_close")
               and tokens[start - 1].map is not None):
            start, end = start - 1, end + 1
        first, last = tokens[start].map
        gone.update(range(first, last))
        # The blank line that separated the block from the next goes with it, when one is left before.
        if last < len(lines) and not lines[last].strip() and (first == 0 or not lines[first - 1].strip()):
            gone.add(last)
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in gone:
            continue
        if LEFT_OUT in line:
            line = re.sub(f"[ \t]*{LEFT_OUT}(?=[ \t{LEFT_OUT}]*$)", "", line)
            line = re.sub(f"{LEFT_OUT}[ \t]*", "", line)
            if _BLANK_OR_QUOTE.fullmatch(line):
                continue  # a line of a block that keeps other lines (a figure's caption)
        out.append(line)
    return "\n".join(out)
