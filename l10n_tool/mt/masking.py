"""Protecting what a machine must not translate: markup, URLs, code, numbers, fixed terms.

Before a segment is sent to a provider, every protected span becomes a numbered
placeholder such as ``{0}``; after, the placeholders are put back. Engines keep
short brace tokens far more reliably than raw Markdown, and a suggestion whose
placeholders did not come back exactly once each is rejected rather than written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..sources.references import links

PLACEHOLDER = re.compile(r"\{(\d+)\}")

# Order matters where two alternatives could start at the same position: the
# longer, more specific construct comes first.
_PROTECTED = [
    r"(?P<ticks>`+)[\s\S]*?(?<!`)(?P=ticks)(?!`)",  # inline code, any fence length
    r"<!--[\s\S]*?-->",                                 # HTML comment
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",        # inline HTML tag
    r"<(?:https?|mailto|ftp):[^<>\s]*>",                # autolink
    r"<[^<>\s@]+@[^<>\s@]+>",                           # e-mail autolink
    r"\]\((?:[^()\\]|\\.|\([^()]*\))*\)",               # link or image destination and title
    r"\]\[[^\]]*\]",                                    # reference link label
    r"!?\[|\]",                                         # link and image brackets
    r"https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’”»]",  # bare URL
    r"www\.[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’”»]",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",                    # e-mail address
    r"\{\d+\}",                                         # text that looks like a placeholder
    r"(?: {2,}|\\)\n",                                  # hard line break
    r"\\[!-/:-@\[-`{-~]",                               # backslash escape
    r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);",  # HTML entity
    r"\*+|~~|(?<!\w)_+|_+(?!\w)",                       # emphasis delimiters
    r"\d+(?:[.,:/]\d+)*",                               # numbers, dates, times, also in A320
]


@dataclass(frozen=True)
class Masked:
    text: str  # what the provider sees
    values: tuple[str, ...]  # placeholder n stands for values[n]
    source: str

    @property
    def needs_translation(self) -> bool:
        """False when nothing but placeholders, spaces and punctuation is left."""
        return any(c.isalpha() for c in PLACEHOLDER.sub("", self.text))


class MaskError(ValueError):
    """A suggestion whose placeholders did not come back intact."""


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    parts = list(_PROTECTED)
    if terms:
        # Longest first, so "Friedrich Ebert Foundation" wins over "Friedrich Ebert".
        words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
        term_pattern = r"(?<!\w)(?:" + "|".join(re.escape(t) for t in words) + r")(?!\w)"
        parts.insert(11, term_pattern)  # after code, tags, links, URLs, e-mail; before the rest
    return re.compile("|".join(f"(?:{p})" for p in parts))


_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def mask(text: str, terms: tuple[str, ...] = (), labels: frozenset[str] = frozenset()) -> Masked:
    """``text`` with each protected span (adjacent spans merged) replaced by ``{n}``.

    With the document's reference ``labels``, the parse says which brackets are links: the text
    of a shortcut or collapsed reference (``[DW]``, ``[DW][]``) is its label and is masked whole,
    and in ``[foo][bar][baz]`` the label is the one the parse takes (``[baz]`` when only it is
    defined), not the one a pattern would guess.
    """
    pattern = _CACHE.get(terms)
    if pattern is None:
        pattern = _CACHE[terms] = _pattern(terms)
    fixed = _reference_spans(text, labels) if labels and "[" in text else []
    matches = [(m.start(), m.end()) for m in pattern.finditer(text) if m.start() < m.end()]
    if fixed:
        inside = [(a, b) for a, b in matches if any(a < end and start < b for start, end in fixed)]
        # A bracket of a match that overlapped a reference ("]" of "[foo]" in "[foo][bar][baz]")
        # stays masked on its own.
        brackets = [(i, i + 1) for a, b in inside for i in range(a, b) if text[i] in "[]"
                    and not any(start <= i < end for start, end in fixed)]
        matches = sorted(fixed + brackets + [m for m in matches if m not in inside])
    spans: list[list[int]] = []
    for start, end in matches:
        if spans and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    out, values, position = [], [], 0
    for start, end in spans:
        out.append(text[position:start])
        out.append("{%d}" % len(values))
        values.append(text[start:end])
        position = end
    out.append(text[position:])
    return Masked("".join(out), tuple(values), text)


def _reference_spans(text: str, labels: frozenset[str]) -> list[tuple[int, int]]:
    """What of each reference the parse finds is label: a shortcut or collapsed one whole (its
    image's "!" too), a full one's ``][label]``."""
    spans = []
    for link in links(text, labels):
        if link.kind in ("shortcut", "collapsed"):
            spans.append((link.start, link.end))
        elif link.kind == "full":
            spans += [(link.start, link.text_start), (link.text_end, link.end)]
    return spans


def unmask(masked: Masked, translation: str) -> str:
    """The translation with its placeholders restored; MaskError unless each came back once."""
    found = Counter(int(m.group(1)) for m in PLACEHOLDER.finditer(translation))
    expected = Counter(range(len(masked.values)))
    if found != expected:
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        doubled = sorted(n for n, k in found.items() if k > 1 and n in expected)
        problems = []
        if missing:
            problems.append("lost " + ", ".join(repr(masked.values[n]) for n in missing))
        if doubled:
            problems.append("repeated " + ", ".join(repr(masked.values[n]) for n in doubled))
        if extra:
            problems.append("invented " + ", ".join("{%d}" % n for n in extra))
        raise MaskError("; ".join(problems))
    return PLACEHOLDER.sub(lambda m: masked.values[int(m.group(1))], translation)
