"""YAML front matter: which values are prose, where they are, how to write them back."""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .text import split_lines

_BLOCK_SCALAR = re.compile(r"^[|>][+-]?\d?[+-]?$")
# What a front-matter value may be: the publisher shows them as text, nothing more.
_SCALARS = (str, int, float, bool, type(None), dt.date)


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


@dataclass(frozen=True)
class FrontMatter:
    """A document's front matter: its values, where each text value is, where the body starts."""

    data: dict  # key -> scalar or list of scalars
    fields: tuple[FrontMatterField, ...]  # every top-level text value, in document order
    body_line: int  # index of the first line after the front matter (0 when there is none)


def front_matter(text: str, path: Path | str | None = None) -> FrontMatter:
    """The front matter of ``text``, read once per text (its data is shared: copy before changing)."""
    return _front_matter(text, None if path is None else str(path))


@functools.lru_cache(maxsize=64)  # every page reads the front matter of each edition of its document
def _front_matter(text: str, path: str | None) -> FrontMatter:
    lines = split_lines(text)
    if not lines or lines[0].text.rstrip() != "---":
        return FrontMatter({}, (), 0)
    closing = next((i for i in range(1, len(lines)) if lines[i].text.rstrip() in ("---", "...")), None)
    if closing is None:
        return FrontMatter({}, (), 0)
    block = _Block(text, lines, closing, path)
    root = block.compose()
    if root is None:
        return FrontMatter({}, (), closing + 1)
    import yaml

    if not isinstance(root, yaml.MappingNode):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    data: dict = {}
    fields: list[FrontMatterField] = []
    for key_node, value_node in root.value:
        key = block.scalar(key_node, None)
        if isinstance(key, (list, dict)) or key in data:
            raise SourceError(f"front matter key {key!r} is given twice" if key in data
                              else "front matter keys must be plain words", path, block.line(key_node))
        data[key] = value = block.value(value_node, key, block.line(key_node))
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            fields.append(block.field(key, key_node, value_node, value))
    return FrontMatter(data, tuple(fields), closing + 1)


class _Block:
    """The YAML between the ``---`` lines, composed into nodes whose marks lead back to the source."""

    def __init__(self, text: str, lines, closing: int, path: str | None):
        self.text, self.lines, self.path = text, lines[1:closing], path
        self.source = "\n".join(line.text for line in self.lines)
        self.starts = []  # offset of each line in ``source``
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line.text) + 1

    def compose(self):
        import yaml

        if not self.source.strip():
            return None
        self.loader = loader = _loader_class()(self.source)
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise SourceError(f"invalid YAML front matter: {problem}", self.path,
                              None if mark is None else self._row(mark.index) + 2) from None
        self._refuse_aliases(root)
        return root

    def _refuse_aliases(self, root) -> None:
        """An alias is composed as the very node its anchor names: a node met twice is one.

        A few lines of nested aliases describe billions of values (the "billion laughs"), so
        they are refused before any value is constructed or written out.
        """
        import yaml

        if not isinstance(root, yaml.MappingNode):
            return
        seen: set[int] = set()
        for key_node, value_node in root.value:
            nodes = [key_node, value_node] + (list(value_node.value) if isinstance(
                value_node, (yaml.SequenceNode, yaml.MappingNode)) else [])
            for node in nodes:
                for one in (node if isinstance(node, tuple) else (node,)):
                    if id(one) in seen:
                        raise SourceError("front matter may not use YAML aliases (*name)", self.path,
                                          self.line(key_node))
                    seen.add(id(one))

    def _row(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1

    def offset(self, index: int) -> int:
        """The source text offset of ``index`` in the YAML block."""
        row = self._row(index)
        return self.lines[row].start + index - self.starts[row]

    def line(self, node) -> int:
        return self._row(node.start_mark.index) + 2

    def scalar(self, node, key, line: int | None = None):
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            return []  # not a scalar: the caller names the problem
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            # int() refuses numbers of more than 4,300 digits; dates can be impossible ones.
            what = f"the value of {key!r}" if key is not None else "a key"
            problem = (str(exc).splitlines() or [type(exc).__name__])[0].split(";")[0]
            raise SourceError(f"front matter: {what} cannot be read: {problem}", self.path,
                              line or self.line(node)) from None
        if not isinstance(value, _SCALARS):
            raise SourceError(f"front matter: the value of {key!r} may be text, a number or a date",
                              self.path, line or self.line(node))
        return value

    def value(self, node, key, line: int):
        import yaml

        if isinstance(node, yaml.SequenceNode):
            items = [self.scalar(item, key, line) for item in node.value]
            if all(not isinstance(item, list) for item in items):
                return items
        else:
            value = self.scalar(node, key, line)
            if not isinstance(value, list):
                return value
        raise SourceError(f"front matter: {key!r} may be text, a number, a date or a list of them",
                          self.path, line)

    def field(self, key: str, key_node, node, value: str) -> FrontMatterField:
        start, end = self.offset(node.start_mark.index), self.offset(node.end_mark.index)
        raw = self.text[start:end]
        line = self.line(key_node)
        if node.style in ("|", ">"):
            header = raw.split("\n", 1)[0].split("\r", 1)[0].rstrip()
            body = raw.rstrip()
            if _BLOCK_SCALAR.match(header) and len(body) > len(header):
                row = self._row(node.start_mark.index) + 1
                first = self.lines[row].text
                last = self._row(self._index_of(start + len(body) - 1))
                end = self.lines[last].start + len(self.lines[last].text)
                return FrontMatterField(key, line, value.strip(), start, end,
                                        "literal" if header.startswith("|") else "folded", False,
                                        first[: len(first) - len(first.lstrip())], header=header)
        elif "\n" not in raw and "\r" not in raw:
            style = {"'": "single", '"': "double"}.get(node.style or "", "plain")
            inner = 0 if style == "plain" else 1
            return FrontMatterField(key, line, value, start, end, style,
                                    raw[inner:len(raw) - inner] == value, inner=inner)
        # A plain or quoted scalar continued over several lines.
        return FrontMatterField(key, line, value, start, self.offset(node.end_mark.index), "multiline", False)

    def _index_of(self, offset: int) -> int:
        """The block index of a source offset inside the block (the inverse of ``offset``)."""
        row = next(r for r in range(len(self.lines) - 1, -1, -1) if self.lines[r].start <= offset)
        return self.starts[row] + offset - self.lines[row].start


def _loader_class():
    """libyaml's safe loader where PyYAML has it (every page reads front matter), else PyYAML's."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    # A tab: libyaml takes "0\t0" as a plain scalar, PyYAML's own reader refuses it; quoted, both read it.
    if not value or value != value.strip() or "\n" in value or "\t" in value:
        return False
    if value[0] in "-?:,[]{}#&*!|>'\"%@`" or ": " in value or " #" in value or value.endswith(":"):
        return False
    import yaml

    try:
        return yaml.load(f"k: {value}", Loader=_loader_class()) == {"k": value}
    except yaml.YAMLError:
        return False


def read_front_matter(text: str, path: Path | str | None = None) -> tuple[dict, str]:
    """The whole front matter as data, and the body after it (blank lines keep line numbers)."""
    fm = front_matter(text, path)
    if not fm.body_line:
        return {}, text
    return copy.deepcopy(fm.data), _body(text, fm.body_line)


@functools.lru_cache(maxsize=64)  # asked for by each page of each edition, as the front matter is
def _body(text: str, body_line: int) -> str:
    lines = split_lines(text)
    return "\n" * body_line + "\n".join(line.text for line in lines[body_line:])
