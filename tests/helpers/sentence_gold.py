"""Reading the segmentation gold set (tests/data/segmentation/*.txt) and scoring a splitter on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "segmentation"
# Never tuned on: measured by benchmarks/sentences.py only (benchmarks/README.md, "Held-out").
HELDOUT_DIR = GOLD_DIR / "heldout"
# Each language's score, left by tests/test_sentences_gold.py for the terminal summary (conftest.py).
SEGMENTATION_SCORES = pytest.StashKey[dict]()


@dataclass(frozen=True)
class Case:
    line: int  # of the paragraph's first line in the file
    text: str
    sentences: tuple[str, ...]


def languages() -> list[str]:
    return sorted(p.stem for p in GOLD_DIR.glob("*.txt"))


def load(language: str, folder: Path = GOLD_DIR) -> list[Case]:
    cases = []
    lines = (folder / f"{language}.txt").read_text(encoding="utf-8").split("\n")
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*lines, ""], 1):
        if line.strip():
            if not line.startswith("#"):
                block.append((number, line))
            continue
        if block:
            text = block[0][1][2:] if block[0][1].startswith("= ") else None
            sentences = tuple(s for _, s in (block[1:] if text is not None else block))
            cases.append(Case(block[0][0], text if text is not None else " ".join(sentences), sentences))
            block = []
    return cases


def boundaries(text: str, sentences) -> set[int]:
    """Where each sentence but the last ends in ``text``."""
    ends, position = set(), 0
    for sentence in list(sentences)[:-1]:
        found = text.find(sentence.strip(), position)
        assert found >= 0, (sentence, text)
        position = found + len(sentence.strip())
        ends.add(position)
    return ends


@dataclass
class Score:
    exact: int = 0
    total: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    def add(self, expected: set[int], got: set[int]) -> None:
        self.total += 1
        self.exact += expected == got
        self.true_positive += len(expected & got)
        self.false_positive += len(got - expected)
        self.false_negative += len(expected - got)

    def __str__(self) -> str:
        return (f"{self.exact}/{self.total} paragraphs exact, boundary precision {self.precision:.3f}, "
                f"recall {self.recall:.3f}")


def pieces(text: str, spans) -> list[str]:
    return [text[a:b].strip() for a, b in spans if text[a:b].strip()]


