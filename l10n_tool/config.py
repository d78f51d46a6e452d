"""Project configuration: finding the project, reading and validating ``l10n.toml``."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .errors import ConfigError

CONFIG_NAME = "l10n.toml"
PYPROJECT_NAME = "pyproject.toml"

DEFAULTS = {
    "source_language": "en",
    "languages": ["en", "es", "de"],
    "sources": ["source/*.md"],
    "locales_dir": "locales",
    "build_dir": "build",
    "segment": "sentence",
    "front_matter": ["title", "teaser", "description", "summary", "subtitle"],
    "po_width": 79,
}
# Tables owned by features that validate their own contents.
TABLES = {"translate", "check", "tm", "build"}
SEGMENT_MODES = ("sentence", "paragraph")


@dataclass(frozen=True)
class Document:
    name: str  # the gettext domain: the file's stem
    path: Path  # absolute
    relpath: str  # POSIX path relative to the project root, used in references


@dataclass(frozen=True)
class Config:
    root: Path
    config_path: Path
    source_language: str
    languages: tuple[str, ...]
    sources: tuple[str, ...]
    locales_dir: str
    build_dir: str
    segment: str
    front_matter: tuple[str, ...]
    po_width: int = 79  # catalogs' line width, as msgcat's --width; 0 = no wrapping
    tables: dict = field(default_factory=dict, compare=False)

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    def pot_path(self, doc: str) -> Path:
        return self.locales_path / f"{doc}.pot"

    def po_path(self, lang: str, doc: str) -> Path:
        return self.locales_path / lang / "LC_MESSAGES" / f"{doc}.po"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def documents(self) -> list[Document]:
        """Every source document, in a stable order; paths outside the root are errors."""
        root = self.root.resolve()
        found: dict[str, Document] = {}
        for pattern in self.sources:
            if Path(pattern).is_absolute():
                raise ConfigError(f"sources: {pattern!r} must be relative to the project root",
                                  self.config_path, _key_line(self.config_path, "sources"))
            for path in sorted(self.root.glob(pattern)):
                if not path.is_file():
                    continue
                resolved = path.resolve()
                if not resolved.is_relative_to(root):
                    raise ConfigError(f"sources: {pattern!r} matches {path}, which is outside the project",
                                      self.config_path, _key_line(self.config_path, "sources"))
                doc = Document(path.stem, resolved, resolved.relative_to(root).as_posix())
                other = found.get(doc.name)
                if other and other.path != doc.path:
                    raise ConfigError(f"two sources share the document name {doc.name!r}: "
                                      f"{other.relpath} and {doc.relpath}", self.config_path)
                found[doc.name] = doc
        return list(found.values())

    def document(self, name: str) -> Document:
        for doc in self.documents():
            if doc.name == name:
                return doc
        raise ConfigError(f"unknown document {name!r}", self.config_path)

    def check_language(self, lang: str) -> str:
        if lang not in self.languages:
            raise ConfigError(f"unknown language {lang!r}; configured: {', '.join(self.languages)}",
                              self.config_path, _key_line(self.config_path, "languages"))
        return lang

    def selected_languages(self, lang: str | None) -> list[str]:
        return [self.check_language(lang)] if lang else list(self.languages)


def find_root(start: Path) -> Path:
    """The first folder, walking up from ``start``, that holds the configuration."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
        pyproject = folder / PYPROJECT_NAME
        if pyproject.is_file() and _pyproject_has_table(pyproject):
            return folder
    raise ConfigError(f"no {CONFIG_NAME} (or {PYPROJECT_NAME} with [tool.l10n]) here or above; "
                      "run 'l10n init' or pass --root", start)


def _pyproject_has_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "l10n" in data["tool"]


def load_config(root: Path | None = None, start: Path | None = None) -> Config:
    """Read and validate the configuration of the project at ``root`` (or found from ``start``)."""
    if root is None:
        root = find_root(start or Path.cwd())
    root = Path(root)
    if not root.is_dir():
        raise ConfigError("project root is not a folder", root)
    path = root / CONFIG_NAME
    if path.is_file():
        data = _read_toml(path)
    elif (root / PYPROJECT_NAME).is_file() and _pyproject_has_table(root / PYPROJECT_NAME):
        path = root / PYPROJECT_NAME
        data = _read_toml(path)["tool"]["l10n"]
    else:
        raise ConfigError(f"no {CONFIG_NAME} (or {PYPROJECT_NAME} with [tool.l10n]); run 'l10n init'", root)
    return _validate(root.resolve(), path, data)


def _read_toml(path: Path) -> dict:
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


def _key_line(path: Path, key: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\]|\.)")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return number
    return None


def table_key_line(path: Path, table: str, key: str | None = None) -> int | None:
    """The line of ``[table]`` (a dotted name such as ``translate.libre``), or of ``key`` inside it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
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
    if key:  # written as a dotted key at the top level: ``check.min_percent = 100``
        dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(rf"[\"']?{re.escape(p)}[\"']?" for p in wanted + [key])
                            + r"\s*=")
        found = next((n for n, line in enumerate(lines, 1) if dotted.match(line)), None)
        if found is not None:
            return found
    return _key_line(path, key or wanted[-1])


@functools.lru_cache(maxsize=64)
def locale_of(code: str) -> Locale:
    """Babel's locale for a configured language code; "pt-BR" and "pt_BR" are the same."""
    return Locale.parse(code.replace("-", "_"))


def validate_language(code: object, path: Path, key: str) -> str:
    if not isinstance(code, str) or not code:
        raise ConfigError(f"{key}: language codes are strings, got {code!r}", path, _key_line(path, key))
    try:
        locale_of(code)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ConfigError(f"{key}: unknown language code {code!r}", path, _key_line(path, key)) from None
    return code


def _string_list(data: dict, key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, DEFAULTS[key])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{key}: expected a list of strings", path, _key_line(path, key))
    return tuple(value)


def _string(data: dict, key: str, path: Path) -> str:
    value = data.get(key, DEFAULTS[key])
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{key}: expected a non-empty string", path, _key_line(path, key))
    return value


def _validate(root: Path, path: Path, data: dict) -> Config:
    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"[{key}] must be a table", path, _key_line(path, key))
            continue
        if key not in DEFAULTS:
            raise ConfigError(f"unknown key {key!r}", path, _key_line(path, key))
    source_language = validate_language(data.get("source_language", DEFAULTS["source_language"]),
                                        path, "source_language")
    languages = _string_list(data, "languages", path)
    for code in languages:
        validate_language(code, path, "languages")
    if len(set(languages)) != len(languages):
        raise ConfigError("languages: a language is listed twice", path, _key_line(path, "languages"))
    segment = _string(data, "segment", path)
    if segment not in SEGMENT_MODES:
        raise ConfigError(f"segment: expected one of {', '.join(SEGMENT_MODES)}, got {segment!r}",
                          path, _key_line(path, "segment"))
    po_width = data.get("po_width", DEFAULTS["po_width"])
    if not isinstance(po_width, int) or isinstance(po_width, bool) or not (po_width == 0 or 20 <= po_width <= 10000):
        raise ConfigError("po_width: expected 0 (no wrapping) or a line width from 20 to 10000", path,
                          _key_line(path, "po_width"))
    folders = {}
    for key in ("locales_dir", "build_dir"):
        folders[key] = _string(data, key, path)
        target = (root / folders[key]).resolve()
        if not target.is_relative_to(root):
            raise ConfigError(f"{key}: {folders[key]!r} is outside the project", path, _key_line(path, key))
    return Config(
        root=root,
        config_path=path,
        source_language=source_language,
        languages=languages,
        sources=_string_list(data, "sources", path),
        locales_dir=folders["locales_dir"],
        build_dir=folders["build_dir"],
        segment=segment,
        front_matter=_string_list(data, "front_matter", path),
        po_width=po_width,
        tables={key: data[key] for key in TABLES if key in data},
    )


DEFAULT_CONFIG_TEXT = """\
# l10n project configuration; see README.md for every key.
source_language = "en"
languages = ["en", "es", "de"]
sources = ["source/*.md"]
locales_dir = "locales"
build_dir = "build"
# "sentence" or "paragraph"
segment = "sentence"
"""
