"""YAML front matter: which values are prose, where they are, how to write them back."""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .text import split_lines

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?\d?[+-]?$")


@dataclass(frozen=True)
class FrontMatterField:
    key: str
    line: int  # 1-based
    value: str  # the decoded string
    value_start: int  # span of the whole raw value (quotes included) in the source text
    value_end: int
    style: str  # plain, single, double, literal, folded, multiline
    offsets_exact: bool  # value[i] is source[value_start + inner + i]
    indent: str = ""  # indentation of block scalar lines
    inner: int = 0  # 1 for quoted scalars: where the decoded text starts in the raw value
    header: str = ""  # a block scalar's indicator, such as ">" or "|-"


def parse_front_matter(lines, keys: tuple[str, ...], path: Path | str | None):
    """The prose fields of the front matter, and the index of the first body line."""
    if not lines or lines[0].text.rstrip() != "---":
        return [], 0
    closing = next((i for i in range(1, len(lines)) if lines[i].text.rstrip() in ("---", "...")), None)
    if closing is None:
        return [], 0
    block = "\n".join(line.text for line in lines[1:closing])
    import yaml  # imported when first needed: a skipped update never is

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
        inner = 0 if style == "plain" else 1
        exact = raw[inner:len(raw) - inner] == value
        return FrontMatterField(match.group("key"), index + 1, value, start, start + len(raw), style, exact,
                                inner=inner)
    if _BLOCK_SCALAR.match(raw or "-") and last > index:
        first = lines[index + 1]
        indent = first.text[: len(first.text) - len(first.text.lstrip())]
        start = line.start + match.start("value")
        end = lines[last].start + len(lines[last].text)
        style = "literal" if raw.startswith("|") else "folded"
        return FrontMatterField(match.group("key"), index + 1, value.strip(), start, end, style, False,
                                indent, header=raw)
    # A plain or quoted scalar continued over several lines.
    start = line.start + match.start("value") if raw else lines[index + 1].start
    end = lines[last].start + len(lines[last].text)
    return FrontMatterField(match.group("key"), index + 1, value, start, end, "multiline", False)


def encode_value(fm: FrontMatterField, value: str) -> str:
    """The raw YAML scalar for ``value`` in the place of ``fm``, in its style where that is safe."""
    if fm.style == "plain" and _plain_safe(value):
        return value
    if fm.style == "single" and _printable_line(value):
        return "'" + value.replace("'", "''") + "'"
    if fm.style in ("literal", "folded") and _printable_line(value) and value.strip() == value:
        return f"{fm.header}\n{fm.indent}{value}"
    return _double_quoted(value)


def _printable_line(value: str) -> bool:
    return all(_yaml_printable(c) and c not in "\n\r\x85\u2028\u2029" for c in value)


def _yaml_printable(char: str) -> bool:
    code = ord(char)
    return (code in (0x09, 0x0A, 0x0D, 0x85) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


def _double_quoted(value: str) -> str:
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif not _yaml_printable(char) or char in "\r\x85\u2028\u2029":
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _plain_safe(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    if value[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value or value.endswith(":"):
        return False
    import yaml

    try:
        return yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return False


def read_front_matter(text: str, path: Path | str | None = None) -> tuple[dict, str]:
    """The whole front matter as data, and the body after it (blank lines keep line numbers)."""
    # Publishing reads the front matter of every edition for every page: remember the last
    # few documents, and hand out a copy of the data, which callers may change.
    data, body = _read_front_matter(text, None if path is None else str(path))
    return copy.deepcopy(data), body


@functools.lru_cache(maxsize=64)
def _read_front_matter(text: str, path: str | None) -> tuple[dict, str]:

    lines = split_lines(text)
    if not lines or lines[0].text.rstrip() != "---":
        return {}, text
    closing = next((i for i in range(1, len(lines)) if lines[i].text.rstrip() in ("---", "...")), None)
    if closing is None:
        return {}, text
    import yaml

    try:
        data = _load_yaml("\n".join(line.text for line in lines[1:closing])) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter: {exc}".splitlines()[0], path) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    body = "\n" * (closing + 1) + "\n".join(line.text for line in lines[closing + 1:])
    return data, body


def _load_yaml(block: str):
    """``yaml.safe_load``, with libyaml's parser when PyYAML has it, and each block parsed once
    per process (every page reads the front matter of several editions); a fresh copy each time."""
    return copy.deepcopy(_load_yaml_once(block))


@functools.lru_cache(maxsize=4096)
def _load_yaml_once(block: str):
    import yaml

    return yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
