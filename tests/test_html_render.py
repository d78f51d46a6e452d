"""Golden files: a source and its translation (tests/data/html_render/<case>/) rendered to HTML.

Set L10N_REGOLD=1 to rewrite the expected files after a deliberate change, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import html5lib
import pytest

from l10n_tool.publish.article_body import render_markdown

DATA = Path(__file__).parent / "data" / "html_render"
CASES = sorted(p for p in DATA.iterdir() if (p / "source.md").is_file())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_render_matches_golden(case: Path):
    html, notes = render_markdown((case / "translation.md").read_text(encoding="utf-8"),
                                  (case / "source.md").read_text(encoding="utf-8"), case, case)
    notes_text = "".join(f"{note}\n" for note in notes)
    if os.environ.get("L10N_REGOLD") == "1":
        (case / "expected.html").write_text(html, encoding="utf-8")
        (case / "expected-notes.txt").write_text(notes_text, encoding="utf-8")
    assert html == (case / "expected.html").read_text(encoding="utf-8")
    assert notes_text == (case / "expected-notes.txt").read_text(encoding="utf-8")
    # Every golden output is valid HTML5 inside a page.
    page = f"<!DOCTYPE html><html lang=es><head><title>t</title></head><body>{html}</body></html>"
    html5lib.HTMLParser(strict=True).parse(page)


def test_source_rendered_against_itself_neutralizes_nothing():
    for case in CASES:
        source = (case / "source.md").read_text(encoding="utf-8")
        assert render_markdown(source, source, case, case)[1] == [], case.name
