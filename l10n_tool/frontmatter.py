"""YAML front matter: which values are prose, where they are, how to write them back."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import SourceError

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?\d?[+-]?$")


@dataclass(frozen=True)
class FrontMatterField:
    key: str
    line: int  # 1-based
    value: str  # the decoded string
    value_start: int  # span of the raw value in the source text
    value_end: int
    style: str  # plain, single, double, literal, folded, multiline
    offsets_exact: bool  # value[i] is source[value_start + i]
    indent: str = ""  # indentation of block scalar lines


def parse_front_matter(lines, keys: tuple[str, ...], path: Path | str | None):
    """The prose fields of the front matter, and the index of the first body line."""
    if not lines or lines[0].text.rstrip() != "---":
        return [], 0
    closing = next((i for i in range(1, len(lines)) if lines[i].text.rstrip() in ("---", "...")), None)
    if closing is None:
        return [], 0
    block = "\n".join(line.text for line in lines[1:closing])
    try:
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"invalid YAML front matter: {problem}", path, line) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    fields = []
    for index in range(1, closing):
        match = _KEY_LINE.match(lines[index].text)
        if not match or match.group("key") not in keys:
            continue
        key = match.group("key")
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        fields.append(_field(lines, index, closing, match, value))
    return fields, closing + 1


def _field(lines, index, closing, match, value) -> FrontMatterField:
    line = lines[index]
    raw = match.group("value") or ""
    following = index + 1
    while following < closing and (not lines[following].text.strip() or lines[following].text[:1] in " \t"):
        following += 1
    last = following - 1
    while last > index and not lines[last].text.strip():
        last -= 1
    if raw and not _BLOCK_SCALAR.match(raw) and last == index:
        start = line.start + match.start("value")
        style = {"'": "single", '"': "double"}.get(raw[0], "plain")
        inner = raw[1:-1] if style != "plain" else raw
        exact = inner == value
        if exact and style != "plain":
            start += 1
        end = start + (len(inner) if exact else len(raw))
        return FrontMatterField(match.group("key"), index + 1, value, start, end, style, exact)
    if _BLOCK_SCALAR.match(raw or "-") and last > index:
        first = lines[index + 1]
        indent = first.text[: len(first.text) - len(first.text.lstrip())]
        start = first.start + len(indent)
        end = lines[last].start + len(lines[last].text)
        style = "literal" if raw.startswith("|") else "folded"
        exact = last == index + 1 and first.text.strip() == value.strip()
        return FrontMatterField(match.group("key"), index + 1, value.strip(), start, end, style, exact, indent)
    # A plain or quoted scalar continued over several lines.
    start = line.start + match.start("value") if raw else lines[index + 1].start
    end = lines[last].start + len(lines[last].text)
    return FrontMatterField(match.group("key"), index + 1, value, start, end, "multiline", False)


def encode_value(fm: FrontMatterField, value: str) -> str:
    """The raw YAML for ``value`` in the place of ``fm``, in its style where that is safe."""
    if fm.style == "plain" and _plain_safe(value):
        return value
    if fm.style == "single" and "\n" not in value:
        return value.replace("'", "''") if fm.offsets_exact else "'" + value.replace("'", "''") + "'"
    if fm.style in ("literal", "folded") and "\n" not in value:
        return value
    encoded = json.dumps(value, ensure_ascii=False)
    if fm.style == "double" and fm.offsets_exact:
        return encoded[1:-1]
    if fm.style in ("literal", "folded"):
        # A block scalar cannot become a quoted one in place; keep it a block, one line.
        return value.replace("\n", " ")
    if fm.style == "single" and fm.offsets_exact:
        return value.replace("'", "''").replace("\n", " ")
    return encoded


def _plain_safe(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    if value[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value or value.endswith(":"):
        return False
    try:
        return yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return False


def read_front_matter(text: str, path: Path | str | None = None) -> tuple[dict, str]:
    """The whole front matter as data, and the body after it (blank lines keep line numbers)."""
    from .segmenting import split_lines

    lines = split_lines(text)
    if not lines or lines[0].text.rstrip() != "---":
        return {}, text
    closing = next((i for i in range(1, len(lines)) if lines[i].text.rstrip() in ("---", "...")), None)
    if closing is None:
        return {}, text
    try:
        data = yaml.safe_load("\n".join(line.text for line in lines[1:closing])) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {exc}".splitlines()[0], path) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    body = "\n" * (closing + 1) + "\n".join(line.text for line in lines[closing + 1:])
    return data, body
