"""Source text as the tool reads it: bytes decoded, lines with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..fsutil import read_file

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the line's first character in the source text
    text: str  # without the line break


def read_source(path: Path) -> str:
    """Decode a source file; newline style and BOM are kept so rebuilding is exact."""
    return decode_source(read_source_bytes(path), path)


def read_source_bytes(path: Path) -> bytes:
    try:
        return read_file(path)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path) from None


def decode_source(data: bytes, path: Path | str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not valid UTF-8", path, line) from None


def split_lines(text: str) -> list[Line]:
    lines = []
    position = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(Line(position, text[position:match.start()]))
        position = match.end()
    lines.append(Line(position, text[position:]))
    if text.startswith("\ufeff"):
        lines[0] = Line(1, lines[0].text[1:])
    return lines
