"""Source formats, chosen by file suffix as Babel maps files to extractors.

A format turns a source text into segments and writes translations back into it:

    segment(text, *, mode, language, front_matter_keys, path) -> list[Segment]
    reassemble(text, segments, replacement) -> str
    metadata(text, path) -> dict          (front matter or the format's equivalent)

Markdown is the first format. Another one (HTML, DOCX) is one new module whose
``FORMAT`` object has those three methods, named in ``FORMATS`` under its
suffixes; it is imported only when a source of that kind is read. (A format
object crosses to worker processes with the parsed source: it must pickle.)
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path
from typing import Protocol

from ..errors import SourceError
from .segment import Replacement, Segment

# suffix -> module whose FORMAT implements the format (imported when first needed)
FORMATS: dict[str, str] = {
    ".md": "l10n_tool.sources.markdown_format",
    ".markdown": "l10n_tool.sources.markdown_format",
}


class SourceFormat(Protocol):
    name: str

    def segment(self, text: str, *, mode: str = "sentence", language: str = "en",
                front_matter_keys: tuple[str, ...] = (), path: Path | str | None = None) -> list[Segment]: ...

    def reassemble(self, text: str, segments: list[Segment], replacement: Replacement) -> str: ...

    def metadata(self, text: str, path: Path | str | None = None) -> dict: ...


def source_format(path: Path | str) -> SourceFormat:
    """The format of a source file, by its suffix; an unknown suffix is an error naming the file.

    A control character in the name is refused too: the name becomes each entry's ``#:``
    reference, which must stay on one line of the catalog.
    """
    name = str(path)
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in name):
        shown = name.encode("unicode_escape").decode("ascii")
        raise SourceError("a source file name may not contain a line break or other control character "
                          "(rename the file)", shown)
    suffix = Path(path).suffix.lower()
    name = FORMATS.get(suffix)
    if name is None:
        known = ", ".join(sorted(FORMATS))
        raise SourceError(f"no source format reads {suffix or 'files without a suffix'} (known: {known})", path)
    return importlib.import_module(name).FORMAT
