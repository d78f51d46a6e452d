"""Markdown with YAML front matter as a source format (see ``l10n_tool.sources``)."""

from __future__ import annotations

from pathlib import Path

from . import reassemble as _reassemble
from . import segmenting
from .frontmatter import read_front_matter
from .segment import Replacement, Segment


class MarkdownFormat:
    """Segments from ``segmenting``, translations written back by ``reassemble``."""

    name = "markdown"

    def segment(self, text: str, *, mode: str = "sentence", language: str = "en",
                front_matter_keys: tuple[str, ...] = ("title", "teaser"),
                path: Path | str | None = None) -> list[Segment]:
        return segmenting.segment_document(text, mode=mode, language=language,
                                           front_matter_keys=front_matter_keys, path=path)

    def reassemble(self, text: str, segments: list[Segment], replacement: Replacement) -> str:
        return _reassemble.reassemble(text, segments, replacement)

    def metadata(self, text: str, path: Path | str | None = None) -> dict:
        return read_front_matter(text, path)[0]


FORMAT = MarkdownFormat()
