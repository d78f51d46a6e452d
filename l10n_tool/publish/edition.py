"""What an edition knows about its text beyond the catalog: the original it comes from, fallbacks."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from ..sources import references
from ..sources.frontmatter import read_front_matter
from ..sources.references import keep_references  # noqa: F401  (the edition's; decide.py imports it here)
from ..sources.markdown import origin_note_index
from ..workspace import ParsedSource
from ..safe_html import markdown, parse_source, walk

# Private-use characters around a segment shown in the source language, in the text the HTML
# page is rendered from: the page puts such text in an element with the source's lang.
FALLBACK_START, FALLBACK_END = "\ue000", "\ue001"


def safe_url(value: object) -> str | None:
    """An absolute http(s) URL from front matter, else None (never javascript:, data:, …)."""
    text = "".join(str(value).split()) if value is not None else ""
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


@dataclass(frozen=True)
class Origin:
    """The language an article was first written in and, optionally, where that original is."""

    language: str | None
    url: str | None

    @classmethod
    def of(cls, source: ParsedSource) -> "Origin":
        return _origin(source.text, source.document.relpath)


@functools.lru_cache(maxsize=64)
def _origin(text: str, relpath: str) -> Origin:
    data, _ = read_front_matter(text, relpath)
    language = data.get("origin_language")
    return Origin(str(language).strip() if isinstance(language, str) and language.strip() else None,
                  safe_url(data.get("origin_url")))


def origin_note(tokens: list[Token]) -> int | None:
    """Where the origin note is among a parse's tokens (its paragraph_open), if there is one."""
    index = origin_note_index(tokens)
    return None if index is None else index - 1


_parser = functools.lru_cache(maxsize=1)(markdown)


def drop_origin_note(text: str, relpath: str) -> str:
    """``text`` without its origin note."""
    _, body = read_front_matter(text, relpath)  # the body keeps the text's line numbers
    tokens = _parser().parse(body)
    index = origin_note(tokens)
    if index is None or tokens[index].map is None:
        return text
    start, end = tokens[index].map
    lines = text.split("\n")
    # The blank line before the note goes with it, so no run of blank lines is left behind.
    if start > 0 and not lines[start - 1].strip():
        start -= 1
    return "\n".join(lines[:start] + lines[end:])


def local_files(source: ParsedSource, root: Path) -> list[tuple[str, Path]]:
    """The local files (images, data) the source links to, to be copied beside its editions.

    Each is (path relative to the source's folder, the file); only files inside the project
    and below the source's folder, so a copy lands below the edition's folder too.
    """
    return list(_local_files(source.text, source.document.relpath, str(source.document.path.parent),
                             str(root.resolve())))


def _local_files(text: str, relpath: str, folder: str, root: str) -> tuple[tuple[str, Path], ...]:
    # Not cached: which of the files exist is asked anew each time (a photo may be added).
    found: dict[str, Path] = {}
    for relative in _destinations(text, relpath):
        if ".." in relative.parts:
            continue
        path = (Path(folder) / relative).resolve()
        if path.is_relative_to(root) and path.is_file():
            found[relative.as_posix()] = path
    return tuple(sorted(found.items()))


def referenced_files(source: ParsedSource, root: Path) -> list[str]:
    """Every project file the source's links and images may point to (root-relative, whether it
    exists or not): the files whose bytes an edition's pages may copy or embed."""
    base, folder = root.resolve(), source.document.path.parent
    found = set()
    for relative in _destinations(source.text, source.document.relpath):
        path = (folder / relative).resolve()
        if path.is_relative_to(base):
            found.add(path.relative_to(base).as_posix())
    return sorted(found)


@functools.lru_cache(maxsize=64)
def _destinations(text: str, relpath: str) -> tuple[PurePosixPath, ...]:
    """The relative paths the source's links and images point to."""
    _, body = read_front_matter(text, relpath)
    found = []
    for token in walk(parse_source(body)[0]):
        url = token.attrGet("href") if token.type == "link_open" else (
            token.attrGet("src") if token.type == "image" else None)
        parts = urlsplit(str(url or ""))
        if not url or parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        found.append(PurePosixPath(unquote(parts.path)))
    return tuple(found)


def reference_labels(source: ParsedSource) -> frozenset[str]:
    """The (normalized) labels of the source's link reference definitions."""
    return references.reference_labels(source.text, source.document.relpath)
