"""Big blocks: tables of many columns map every cell, and a block past the limit is a clear error.

How the time grows with the size (linear) is shown by benchmarks/sentences.py, not timed here.
"""

from __future__ import annotations

from helpers import run
from l10n_tool.sources import segmenting


def test_every_cell_of_a_wide_table_is_found_in_order():
    columns = 300
    header = "| " + " | ".join(f"Head {i}" for i in range(columns)) + " |\n"
    row = "| " + " | ".join(f"Cell {i}. More {i}." for i in range(columns)) + " |\n"
    text = header + "|" + "---|" * columns + "\n" + row
    segments = segmenting.segment_document(text)
    assert [s.text for s in segments] == [f"Head {i}" for i in range(columns)] + [
        f"Cell {i}. More {i}." for i in range(columns)]
    assert all(text[s.start:s.end] == s.text for s in segments)


def test_a_block_past_the_limit_is_an_error_naming_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setattr(segmenting, "MAX_BLOCK_CHARS", 1_000)  # this test only; the real limit is 4,000,000
    assert run(tmp_path, "init").exit_code == 0
    source = tmp_path / "source" / "long.md"
    source.write_text("# Title\n\nShort.\n\n" + "A sentence. " * 200 + "\n", encoding="utf-8")
    result = run(tmp_path, "extract")
    assert result.exit_code == 2
    assert "long.md" in result.stderr and ":5" in result.stderr and "limit is 1,000" in result.stderr
    assert not (tmp_path / "locales" / "long.pot").exists()
