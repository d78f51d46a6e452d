"""TOML files the tool reads (l10n.toml, pyproject.toml, glossary.toml): decoding, and lines for errors.

``tomllib`` gives values without positions, so the line of a key is found again in the text;
an error names the line where the key is written, or the table's header, or nothing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .errors import ConfigError

PYPROJECT_NAME = "pyproject.toml"


def read_toml(path: Path) -> dict:
    """The parsed file; ConfigError naming the file (and line) when it is not UTF-8 TOML."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8: {exc.reason}", path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise ConfigError(f"invalid TOML: {message}", path, line) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: 5,000 levels exhaust the stack.
        raise ConfigError("invalid TOML: nested too deeply", path) from None


def pyproject_has_l10n_table(path: Path) -> bool:
    """Whether ``pyproject.toml`` configures l10n (``[tool.l10n]``); a broken file does not."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(data.get("tool"), dict) and "l10n" in data["tool"]


def key_line(path: Path, key: str) -> int | None:
    """The first line that sets ``key`` or opens a table named ``key``."""
    lines = _lines(path)
    pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\]|\.)")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return number
    return None


def table_key_line(path: Path, table: str, key: str | None = None) -> int | None:
    """The line of ``[table]`` (a dotted name such as ``translate.libre``), or of ``key`` inside it."""
    if not table:
        return key_line(path, key) if key else None
    lines = _lines(path)
    header = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
    key_pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    wanted = [part.strip().strip("\"'") for part in table.split(".")]
    inside = False
    for number, line in enumerate(lines, 1):
        match = header.match(line)
        if match:
            parts = [part.strip().strip("\"'") for part in match.group(1).split(".")]
            if path.name == PYPROJECT_NAME and parts[:2] == ["tool", "l10n"]:
                parts = parts[2:]
            inside = parts == wanted
            if inside and key_pattern is None:
                return number
            if key and parts[:len(wanted)] == wanted and key in parts[len(wanted):]:
                return number  # a sub-table named by the key, such as [check.languages.xx]
            continue
        if inside and key_pattern is not None and key_pattern.match(line):
            return number
    if key:  # written as a dotted key: ``check.min_percent = 100``, or inline in the parent table
        dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(rf"[\"']?{re.escape(p)}[\"']?" for p in wanted + [key])
                            + r"\s*=")
        found = next((n for n, line in enumerate(lines, 1) if dotted.match(line)), None)
        if found is not None:
            return found
    return key_line(path, key or wanted[-1])


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
