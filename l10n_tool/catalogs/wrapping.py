"""Quoting and line-breaking PO strings exactly as GNU gettext's ``msgcat`` does.

GNU writes each ``\\n``-terminated portion of a string separately, escapes it, finds the
break opportunities of Unicode line breaking (UAX #14, through gnulib's unilbrk) and then
breaks greedily at the page width, counting display columns (CJK characters take two).
A string that needs more than one line starts with an empty ``msgid ""`` line.

The line-break classes below cover what catalogs of prose contain (letters, digits,
spaces, the punctuation of European languages, quotes, dashes, CJK ideographs); anything
else is treated as a letter (class AL), which is UAX #14's own default.
tests/test_po_writer.py compares the result with ``msgcat`` on generated text.
"""

from __future__ import annotations

import functools
import unicodedata

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}

# Classes by character, where the general category does not tell (UAX #14, LineBreak.txt).
_CLASS = {
    " ": "SP", "\u00a0": "GL", "\u202f": "GL", "\u2007": "GL", "\u2011": "GL", "\u180e": "GL",
    "-": "HY", "\u2013": "BA", "\u2010": "BA", "\u2012": "BA", "\u00ad": "BA", "|": "BA",
    "\u2014": "B2", "\u2026": "IN", "\u2025": "IN", "\u2024": "IN",
    ".": "IS", ",": "IS", ":": "IS", ";": "IS", "!": "EX", "?": "EX", "/": "SY",
    "%": "PO", "\u2030": "PO", "\u00b0": "PO", "\u00a2": "PO", "\u2032": "PO", "\u2033": "PO",
    "\\": "PR", "+": "PR", "\u00b1": "PR", "\u2212": "PR", "#": "AL", "\u2116": "PR",
    '"': "QU", "'": "QU", "\u00a1": "OP", "\u00bf": "OP", ")": "CP", "]": "CP",
    "\u3001": "CL", "\u3002": "CL", "\uff0c": "CL", "\uff0e": "CL",
}
_BY_CATEGORY = {"Nd": "NU", "Ps": "OP", "Pe": "CL", "Pi": "QU", "Pf": "QU", "Sc": "PR",
                "Mn": "CM", "Me": "CM", "Mc": "CM"}


@functools.lru_cache(maxsize=4096)
def line_class(char: str) -> str:
    found = _CLASS.get(char)
    if found is not None:
        return found
    category = unicodedata.category(char)
    found = _BY_CATEGORY.get(category)
    if found is not None:
        return found
    if unicodedata.east_asian_width(char) in ("W", "F") and category.startswith(("L", "N", "S")):
        return "ID"
    if category == "Zs":
        return "BA"
    return "AL"


@functools.lru_cache(maxsize=4096)
def display_width(char: str) -> int:
    category = unicodedata.category(char)
    if category in ("Mn", "Me") or (category == "Cf" and char != "\u00ad"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_NO_BREAK_BEFORE = {"CL", "CP", "EX", "IS", "SY"}  # LB13, even after spaces


def _direct_break(before: str, after: str) -> bool:
    """May a line break between two adjacent characters of these classes (no space between)?"""
    if after in _NO_BREAK_BEFORE or after in ("GL", "QU", "BA", "HY", "IN", "NS", "CM"):
        return False  # LB11-13, LB19, LB21, LB22 (GL after SP, BA, HY is the exception, below)
    if before in ("OP", "QU", "GL"):
        return False  # LB14, LB19, LB12
    pair = (before, after)
    if pair in _PROHIBITED:
        return False
    return True


_PROHIBITED = {
    ("B2", "B2"),  # LB17
    ("AL", "NU"), ("NU", "AL"),  # LB23
    ("PR", "ID"), ("ID", "PO"),  # LB23a
    ("PR", "AL"), ("PO", "AL"), ("AL", "PR"), ("AL", "PO"),  # LB24
    ("CL", "PO"), ("CP", "PO"), ("CL", "PR"), ("CP", "PR"), ("NU", "PO"), ("NU", "PR"),  # LB25
    ("PO", "OP"), ("PO", "NU"), ("PR", "OP"), ("PR", "NU"), ("HY", "NU"), ("IS", "NU"),
    ("NU", "NU"), ("SY", "NU"),
    ("AL", "AL"),  # LB28; gnulib has no LB29 (IS × AL)
    ("AL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "NU"),  # LB30
}


def _indirect_break(before: str, after: str) -> bool:
    """May a line break before ``after`` when spaces separate it from ``before``?"""
    if after in _NO_BREAK_BEFORE:
        return False
    if before == "OP" or (before == "QU" and after == "OP") or (before == after == "B2"):
        return False  # LB14, LB15, LB17
    if before in ("CL", "CP") and after == "NS":
        return False  # LB16
    return True


def break_opportunities(text: str) -> list[bool]:
    """``result[i]``: a line may break before ``text[i]``."""
    result = [False] * len(text)
    before: str | None = None  # class of the last character that is not a space
    spaces = False
    for index, char in enumerate(text):
        cls = line_class(char)
        if cls == "CM":
            if before is None or spaces:
                cls = "AL"  # LB10: a combining mark with nothing to attach to
            else:
                continue  # LB9: it takes the class of what it combines with
        if cls == "SP":
            if before is not None:
                spaces = True
            continue
        if before is not None:
            if spaces:
                result[index] = _indirect_break(before, cls)
            elif cls == "GL":
                result[index] = before in ("BA", "HY")  # LB12a
            else:
                result[index] = _direct_break(before, cls)
        before = cls
        spaces = False
    return result


def escape(text: str) -> tuple[str, list[bool]]:
    """The escaped text, and for each of its characters whether it starts an escape."""
    out = []
    starts = []
    for char in text:
        code = _ESCAPES.get(char)
        if code is None:
            out.append(char)
            starts.append(True)
        else:
            out.append("\\" + code)
            starts += [True, False]
    return "".join(out), starts


@functools.lru_cache(maxsize=1 << 16)
def wrap_field(prefix: str, keyword: str, value: str, width: int) -> tuple[str, ...]:
    """The lines GNU writes for ``keyword "value"`` after ``prefix`` (``#~ ``, ``#| ``...).

    ``width`` is the page width (79 by default); 0 means no wrapping, as ``--no-wrap``.
    """
    portions = _portions(value)
    limit = (width if width > 0 else 1 << 30) - 1 - (len(prefix) + 1)  # room for the quotes
    lines: list[str] = []
    first = True
    for number, portion in enumerate(portions):
        escaped, starts = escape(portion)
        more = number < len(portions) - 1
        startcol = len(keyword) + 1 if first else 0
        if (not first or not more) and _width(escaped) + startcol <= limit:
            # It fits: the greedy breaker would break nowhere (most strings, worth the shortcut).
            lines.append(f'{prefix}{keyword} "{escaped}"' if first else f'{prefix}"{escaped}"')
            first = False
            continue
        chars = list(escaped)
        allowed = break_opportunities(escaped)
        for index, start in enumerate(starts):
            if not start:
                allowed[index] = False  # never inside an escape sequence
        if portion.endswith("\n"):
            allowed[len(chars) - 2] = False  # not just before the final \n
        breaks = _choose(chars, allowed, limit, startcol)
        if first and chars and (more or startcol > limit or any(breaks)):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            startcol = 0
            breaks = _choose(chars, allowed, limit, startcol)
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        piece = []
        for char, cut in zip(chars, breaks):
            if cut:
                lines.append(f'{head}"{"".join(piece)}"')
                head, piece = prefix, []
            piece.append(char)
        lines.append(f'{head}"{"".join(piece)}"')
    return tuple(lines)


def _width(text: str) -> int:
    return len(text) if text.isascii() else sum(display_width(c) for c in text)


def _portions(value: str) -> list[str]:
    if not value:
        return [""]
    portions = value.split("\n")
    result = [p + "\n" for p in portions[:-1]]
    if portions[-1]:
        result.append(portions[-1])
    return result


def _choose(chars: list[str], allowed: list[bool], width: int, start_column: int) -> list[bool]:
    """gnulib's greedy choice: break at the last opportunity before the line overflows."""
    breaks = [False] * len(chars)
    last: int | None = None
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(chars):
        if allowed[index]:
            if last is not None and last_column + piece_width > width:
                breaks[last] = True
                last_column = 0
            last = index
            last_column += piece_width
            piece_width = 0
        piece_width += display_width(char)
    if last is not None and last_column + piece_width > width:
        breaks[last] = True
    return breaks
