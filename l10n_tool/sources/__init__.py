"""Source formats, chosen by file suffix as Babel maps files to extractors.

A format turns a source text into segments and writes translations back into it:

    segment(text, *, mode, language, front_matter_keys, path) -> list[Segment]
    reassemble(text, segments, replacement) -> str
    metadata(text, path) -> dict          (front matter or the format's equivalent)

Markdown is the first format. Another one (HTML, DOCX) is one module whose
``FORMAT`` object has those three methods, named under its suffixes in
``plugins.BUILTIN_FORMATS`` (or, from another package, in the ``l10n.formats`` entry
point); it is imported only when a source of that kind is read, by
``plugins.source_format``. (A format object crosses to worker processes with the
parsed source: it must pickle.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .segment import Replacement, Segment


class SourceFormat(Protocol):
    name: str

    def segment(self, text: str, *, mode: str = "sentence", language: str = "en",
                front_matter_keys: tuple[str, ...] = (), path: Path | str | None = None) -> list[Segment]: ...

    def reassemble(self, text: str, segments: list[Segment], replacement: Replacement) -> str: ...

    def metadata(self, text: str, path: Path | str | None = None) -> dict: ...
