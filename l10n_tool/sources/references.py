"""Links and images of a segment as CommonMark parses them, and references kept after translation.

A shortcut or collapsed reference (``[DW]``, ``[DW][]``, ``![photo]``) has no label of its own:
its text is the label, so a translation that changes the text would lose the link.  The parse
(markdown-it, with the document's reference labels) says which brackets are links and which are
only text (``\\[foo]``, ``[foo]`` without a definition), so a rewrite never makes text a link
nor a link text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline

from ..safe_html import parse_source  # the one parse of a source's body, shared with build
from .frontmatter import read_front_matter
from .markdown import closing_bracket, parser


@dataclass(frozen=True)
class Link:
    start: int  # of the construct, at "[" or "!["
    end: int
    text_end: int  # of its text: the "]" that closes it
    kind: str  # "inline", "full", "collapsed" or "shortcut"
    image: bool
    target: str  # where it points (for a reference, its label, normalized)

    @property
    def text_start(self) -> int:
        return self.start + (2 if self.image else 1)


def reference_labels(text: str, relpath: str) -> frozenset[str]:
    """The (normalized) labels of a source's link reference definitions."""
    return _reference_labels(text, relpath)


@functools.lru_cache(maxsize=64)
def _reference_labels(text: str, relpath: str) -> frozenset[str]:
    _, body = read_front_matter(text, relpath)
    return frozenset(parse_source(body)[1].get("references", {}))


def links(text: str, labels: frozenset[str]) -> list[Link]:
    """The outermost links and images of ``text`` (one run of inline Markdown), in order."""
    if "[" not in text:
        return []
    return list(_links(text, labels))


@functools.lru_cache(maxsize=4096)
def _links(text: str, labels: frozenset[str]) -> tuple[Link, ...]:
    # Each label points at itself: what matters is which label, not where it leads.
    env = {"references": {label: {"href": label, "title": ""} for label in labels}, "_found": [],
           "_depth": 0}
    _recording_parser().parseInline(text, env)
    return tuple(env["_found"])


@functools.lru_cache(maxsize=1)
def _recording_parser():
    md = parser()
    for name, image in (("link", False), ("image", True)):
        md.inline.ruler.at(name, _recording(md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn,
                                            image))
    return md


def _recording(rule, image: bool):
    def record(state: StateInline, silent: bool) -> bool:
        env = state.env
        start = state.pos
        text_end = parseLinkLabel(state, start + 1 if image else start, True) \
            if state.src.startswith("![" if image else "[", start) else -1
        before = len(state.tokens)
        env["_depth"] += 1
        try:
            matched = rule(state, silent)
        finally:
            env["_depth"] -= 1
        if matched and not silent and env["_depth"] == 0 and text_end >= 0:
            rest = state.src[text_end + 1:state.pos]
            kind = "shortcut" if not rest else "collapsed" if rest == "[]" else \
                "inline" if rest.startswith("(") else "full"
            opened = [t for t in state.tokens[before:] if t.type in ("link_open", "image")]
            target = str(opened[0].attrGet("src" if image else "href") or "") if opened else ""
            env["_found"].append(Link(start, state.pos, text_end, kind, image, target))
        return matched
    return record


def keep_references(source: str, translation: str, labels: frozenset[str]) -> str:
    """``translation`` with each shortcut or collapsed reference whose text it changed written as a
    full reference to the source's label (``[Deutsche Welle][DW]``), so it still resolves.

    The source's bracketed texts are paired in order with the translation's; when they do not pair
    up one to one, the references the translation lost are paired with its bracketed texts that
    are no links.  A rewrite is kept only when the translation then has the source's links and
    images, in order; else the translation is left as it is (``check`` reports it).
    """
    if not labels or "[" not in translation:
        return translation
    wanted = links(source, labels)
    if not any(link.kind in ("shortcut", "collapsed") for link in wanted):
        return translation
    expected = [(link.image, link.target) for link in wanted]
    got = links(translation, labels)
    if [(link.image, link.target) for link in got] == expected:
        return translation
    source_groups, groups = _bracketed(source), _bracketed(translation)
    starts = {link.text_start - 1: link for link in wanted if link.kind in ("shortcut", "collapsed")}
    linked = {link.text_start - 1 for link in got}
    if len(source_groups) == len(groups):
        pairs = [(groups[i], starts[g]) for i, g in enumerate(source_groups) if g in starts]
    else:
        kept = {link.target for link in got}
        lost = [link for link in wanted if link.kind in ("shortcut", "collapsed") and link.target not in kept]
        free = [g for g in groups if g not in linked]
        if len(lost) != len(free):
            return translation
        pairs = list(zip(free, lost))
    out, position = [], 0
    for opening, link in pairs:
        if opening in linked:
            continue  # still a link: the translation kept the label
        close = closing_bracket(translation, opening)
        if close is None:
            return translation
        after = close + 1 + (2 if translation.startswith("[]", close + 1) else 0)
        out.append(translation[position:close + 1])
        out.append(f"[{source[link.text_start:link.text_end]}]")
        position = after
    out.append(translation[position:])
    rewritten = "".join(out)
    if [(link.image, link.target) for link in links(rewritten, labels)] == expected:
        return rewritten
    return translation


def _bracketed(text: str) -> list[int]:
    """Where each bracketed text of ``text`` opens (its "["), outside code spans and escapes."""
    found, index, length = [], 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            run = len(text) - len(text[index:].lstrip("`"))
            ticks = text[index:run]
            close = text.find(ticks, run)
            while close >= 0 and text.startswith("`", close + len(ticks)):
                close = text.find(ticks, close + len(ticks) + 1)
            index = run if close < 0 else close + len(ticks)
            continue
        if char == "[" and closing_bracket(text, index) is not None:
            found.append(index)
        index += 1
    return found
