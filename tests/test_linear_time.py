"""Issue 22, category 6: linear time on hostile text.

Each pattern is segmented and made into a template at two sizes, the second four times the
first: linear work takes about four times as long, quadratic work sixteen times (the ratio is
asserted, never an absolute time: each size is timed as the best of five runs, and the bound,
8, sits halfway between the two in ratio). At a ratio of two sizes, one busy moment on a
shared machine made linear work look quadratic (0.08 s against 0.33 s).
"""

from __future__ import annotations

import time

import pytest

from l10n_tool.catalogs.pofile import build_template
from l10n_tool.sources.segmenting import segment_document

PATTERNS = {
    # A paragraph repeating one sentence: one entry with an occurrence per repetition.
    "repeated sentence": (lambda n: "One sentence here. " * n, 20_000),
    "paragraphs repeating a sentence": (lambda n: "One sentence here.\n\n" * n, 10_000),
    "link openers [a](": (lambda n: "[a](" * n, 4_000),
    "image openers ![a](": (lambda n: "![a](" * n, 3_000),
    "destination openers ](": (lambda n: "](" * n, 8_000),
    "reference openers ][": (lambda n: "][" * n, 8_000),
    "nested brackets": (lambda n: "[" * n + "a" + "]" * n, 8_000),
    "nested parentheses": (lambda n: "[a](" + "(" * n + ")" * n, 8_000),
    "backticks": (lambda n: "`" * n, 8_000),
    "backtick runs": (lambda n: " ".join("`" * (i % 40 + 1) for i in range(n // 20)), 8_000),
    "emphasis runs": (lambda n: "*a " * n, 8_000),
    "underscores": (lambda n: "_a " * n, 8_000),
    "a line of dots": (lambda n: "." * n, 8_000),
    "a line of question marks": (lambda n: "?" * n, 8_000),
    "dots and quotes": (lambda n: '."' * n, 8_000),
    "html openers": (lambda n: "<a " * n, 8_000),
}


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        build_template("doc", "source/doc.md", segment_document(text + "\n"))
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PATTERNS))
def test_doubling_hostile_text_at_most_doubles_the_time(name):
    # Four times the text: linear work takes about 4 times as long, quadratic work 16 times.
    # Limits halfway (in ratio) between the two keep a shared, busy machine's noise (a single
    # pause doubled one 0.08 s run) from deciding the verdict either way.
    make, size = PATTERNS[name]
    small, large = _seconds(make(size)), _seconds(make(4 * size))
    if large < 0.04:
        return  # too quick to time: no quadratic cost at this size
    assert large / small < 8, f"{name}: {small:.3f} s at {size}, {large:.3f} s at {4 * size}"
