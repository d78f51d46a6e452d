"""Reassembling a document from its source text and segment replacements."""

from __future__ import annotations

from .frontmatter import encode_value
from .segment import Replacement, Segment


def reassemble(text: str, segments: list[Segment], replacement: Replacement) -> str:
    """The source text with each segment's span replaced; None keeps the source text.

    Only segment spans change, so front matter layout, blank lines, list markers,
    code and line endings are copied as they are.
    """
    out: list[str] = []
    position = 0
    index = 0
    while index < len(segments):
        segment = segments[index]
        if segment.field is not None:
            group = [segment]
            while index + 1 < len(segments) and segments[index + 1].field is segment.field:
                index += 1
                group.append(segments[index])
            fm = segment.field
            out.append(text[position:fm.value_start])
            out.append(_front_matter_value(text, group, replacement))
            position = fm.value_end
        else:
            out.append(text[position:segment.start])
            new = replacement(segment)
            position = segment.end
            if new is None or new == segment.text:
                out.append(text[segment.start:segment.end])
            else:
                out.append(_format(text, segment, new))
                if segment.style == "alt":
                    position = _keep_image_reference(text, segment, out)
        index += 1
    out.append(text[position:])
    return "".join(out)


def _front_matter_value(text: str, group: list[Segment], replacement: Replacement) -> str:
    fm = group[0].field
    raw = text[fm.value_start:fm.value_end]
    news = [replacement(s) for s in group]
    if all(new is None or new == s.text for new, s in zip(news, group)):
        return raw
    if fm.offsets_exact:
        value, cursor = [], 0
        for segment, new in zip(group, news):
            start = segment.start - fm.value_start - fm.inner
            end = segment.end - fm.value_start - fm.inner
            value.append(fm.value[cursor:start])
            value.append(fm.value[start:end] if new is None else new)
            cursor = end
        value.append(fm.value[cursor:])
        new_value = "".join(value)
    else:
        new_value = " ".join(s.text if new is None else new for s, new in zip(group, news))
    return encode_value(fm, new_value)


def _format(text: str, segment: Segment, new: str) -> str:
    if segment.style == "inline":
        return new.replace("\n", "\n" + segment.prefix)
    new = new.replace("\n", " ")
    if segment.style == "table":
        return _escape_unescaped(new, "|")
    if segment.style == "title":
        quote = text[segment.start - 1] if segment.start else '"'
        return _escape_unescaped(new, ")" if quote == "(" else quote)
    return new


def _keep_image_reference(text: str, segment: Segment, out: list[str]) -> int:
    """After an image's changed alt text: a shortcut or collapsed reference (``![foo]``,
    ``![foo][]``), whose alt text was its label, becomes a full one to the source's label
    (``![texto][foo]``); returns where copying the source goes on."""
    after = segment.end
    if not text.startswith("]", after) or text.startswith(("](", "][", "]:"), after) \
            and not text.startswith("][]", after):
        return after
    out.append(f"][{text[segment.start:segment.end]}")
    return after + 2 if text.startswith("][]", after) else after


def _escape_unescaped(text: str, char: str) -> str:
    out = []
    escaped = False
    for c in text:
        if c == char and not escaped:
            out.append("\\")
        out.append(c)
        escaped = c == "\\" and not escaped
    return "".join(out)
