"""What every source format hands out: segments, each with its exact span in the source text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .frontmatter import FrontMatterField


@dataclass(frozen=True)
class Segment:
    text: str  # the msgid
    start: int  # span in the source text
    end: int
    line: int  # 1-based line of ``start``
    kind: str  # "heading", "paragraph", "alt text", "caption", ... (the "#. type:" comment)
    # How a replacement is written back; only the format that made the segment reads it
    # (Markdown: inline, heading, table, alt, title, yaml).
    style: str = "inline"
    prefix: str = ""  # what a continuation line needs in front (block quote markers, list indent)
    field: FrontMatterField | None = None  # set for front-matter values
    place: str = ""  # where a sentence stands in its block: "sentence 2 of 3"
    note: str = ""  # the note for translators before the block (<!-- l10n: ... -->)

    @property
    def description(self) -> str:
        """The "#. type:" text of this occurrence: "paragraph, sentence 2 of 3"."""
        return f"{self.kind}, {self.place}" if self.place else self.kind


# A translation for a segment, or None to keep the source text.
Replacement = Callable[[Segment], "str | None"]
