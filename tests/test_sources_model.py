"""The source side as one model: one Markdown dialect, formats by suffix, front matter by one reader."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "l10n_tool"


def test_one_markdown_parser_factory_and_one_figure_rule():
    """Segmenting, checks and publishing read Markdown alike: only sources/markdown.py builds a parser."""
    makers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bMarkdownIt\(", text) or re.search(r'children\[0\]\.type == "image"', text):
            makers.append(path.relative_to(PACKAGE).as_posix())
    assert makers == ["sources/markdown.py"]
