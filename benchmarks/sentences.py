"""Sentence splitting: accuracy on the gold set, speed against pysbd, linear time, cold update.

    python benchmarks/sentences.py [--articles 200] [--languages en,es,de] [--skip-update] [--accuracy-only]

1. Every installed splitter (ours, pysbd, sentencex, syntok, blingfire) on the gold set
   (tests/data/segmentation/) and on the held-out set (its heldout/ folder, never tuned on):
   paragraphs exact, and precision and recall of boundaries.
2. Speed on the realistic corpus (``generate.py --corpus realistic``: quotations, parentheses
   and abbreviations in most paragraphs) and on the plain one: ours against pysbd alone.
3. Linear time: ``segment_document`` on one paragraph of 0.25, 0.5 and 1 MB and on a table of
   5,000, 10,000 and 20,000 columns, best of three; the ratio to the size before is about 2
   when linear (4 when quadratic).
4. A cold ``l10n update`` of the realistic corpus (catalogs translated, no cache) against GNU
   ``msgmerge`` over the same catalogs, in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests"), str(HERE)]

import generate  # noqa: E402
import run  # noqa: E402
from helpers import sentence_gold as gold  # noqa: E402
from l10n_tool.sources import segmenting, sentences  # noqa: E402


# --- the splitters, each as text -> list of sentences ---------------------------------------

def splitters(language: str) -> dict:
    def ours(text):
        return gold.pieces(text, sentences.sentence_splitter(language)(text, 0, len(text)))

    found = {"l10n": ours}
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language=language, clean=False)
        found["pysbd 0.3.4"] = segmenter.segment
    except ImportError:
        pass
    try:
        import sentencex

        found["sentencex"] = lambda text: list(sentencex.segment(language, text))
    except ImportError:
        pass
    try:
        from syntok import segmenter as syntok

        def split_syntok(text):
            return [text[s[0].offset:s[-1].offset + len(s[-1].value)]
                    for paragraph in syntok.analyze(text) for s in paragraph]
        found["syntok"] = split_syntok
    except ImportError:
        pass
    try:
        import blingfire

        found["blingfire"] = lambda text: [text[a:b] for a, b in blingfire.text_to_sentences_and_offsets(text)[1]]
    except ImportError:
        pass
    return found


def accuracy(folder=gold.GOLD_DIR) -> None:
    print(f"\n{folder.relative_to(HERE.parent)}:\n")
    print("| language | splitter | paragraphs exact | precision | recall | seconds |")
    print("|---|---|---:|---:|---:|---:|")
    for language in ("en", "de", "es"):
        cases = gold.load(language, folder)
        for name, split in splitters(language).items():
            score = gold.Score()
            started = time.perf_counter()
            for case in cases:
                got = split(case.text)
                try:
                    found = gold.boundaries(case.text, got)
                except AssertionError:  # the splitter changed the text
                    found = set()
                score.add(gold.boundaries(case.text, case.sentences), found)
            seconds = time.perf_counter() - started
            print(f"| {language} | {name} | {score.exact}/{score.total} | {score.precision:.3f} | "
                  f"{score.recall:.3f} | {seconds:.3f} |", flush=True)


def corpus_paragraphs(work: Path, articles: int, corpus: str) -> list[str]:
    root = work / f"paragraphs-{corpus}"
    shutil.rmtree(root, ignore_errors=True)
    generate.generate(root, articles, ["en"], catalogs=False, corpus=corpus)
    texts = []
    for path in sorted((root / "source").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        texts += [block.replace("\n", " ") for block in body.split("\n\n")
                  if block and not block.startswith(("#", "!["))]
    return texts


def speed(work: Path, articles: int) -> None:
    import pysbd

    print("\n| corpus | paragraphs | l10n seconds | pysbd seconds | pysbd / l10n |")
    print("|---|---:|---:|---:|---:|")
    for corpus in ("realistic", "plain"):
        texts = corpus_paragraphs(work, articles, corpus)
        sentences.sentence_splitter.cache_clear()  # nothing remembered from an earlier run
        split = sentences.sentence_splitter("en")
        started = time.perf_counter()
        for text in texts:
            split(text, 0, len(text))
        ours = time.perf_counter() - started
        segmenter = pysbd.Segmenter(language="en", clean=False)
        started = time.perf_counter()
        for text in texts:
            segmenter.segment(text)
        theirs = time.perf_counter() - started
        print(f"| {corpus} | {len(texts)} | {ours:.3f} | {theirs:.3f} | {theirs / ours:.1f}x |", flush=True)


def linear_time() -> None:
    rng = random.Random(5)
    prose = " ".join(generate.paragraph(rng, "realistic") for _ in range(400))
    lines = []  # soft-wrapped at about 80 characters, as Markdown paragraphs are
    for start in range(0, len(prose), 80):
        lines.append(prose[start:start + 80])
    wrapped = "\n".join(lines)

    def paragraph(size: int) -> str:
        text = (wrapped + "\n") * (size // len(wrapped) + 1)
        return text[:size].rsplit("\n", 1)[0] + "\n"

    def table(columns: int) -> str:
        row = "| " + " | ".join(f"Cell {i}. Next {i}." for i in range(columns)) + " |\n"
        return row + "|" + "---|" * columns + "\n" + row

    print("\n| input | size | seconds (best of 3) | ratio to the size before |")
    print("|---|---:|---:|---:|")
    for name, make, sizes in (("one paragraph", paragraph, (250_000, 500_000, 1_000_000)),
                              ("one table", table, (5_000, 10_000, 20_000))):
        before = None
        for size in sizes:
            text = make(size)
            seconds = float("inf")
            for _ in range(3):  # the best of three: a shared CPU only ever adds time
                sentences.sentence_splitter.cache_clear()
                started = time.perf_counter()
                segmenting.segment_document(text, language="en")
                seconds = min(seconds, time.perf_counter() - started)
            unit = "characters" if name == "one paragraph" else "columns"
            ratio = f"{seconds / before:.2f}" if before else ""
            print(f"| {name} | {size:,} {unit} | {seconds:.2f} | {ratio} |", flush=True)
            before = seconds


def cold_update(work: Path, articles: int, languages: list[str]) -> None:
    root = work / "cold-update"
    shutil.rmtree(root, ignore_errors=True)
    project = root / "l10n"
    generate.generate(project, articles, languages, corpus="realistic")  # catalogs filled
    shutil.rmtree(project / run.generate_cache_dir(), ignore_errors=True)
    catalogs = len(list((project / "locales").rglob("*.po")))
    ours, _ = run.measure(run.l10n(project, "update"))
    if shutil.which("msgmerge"):
        theirs = run.peer_msgmerge(project, root)["merge all, no change"]
        print(f"\ncold update, {articles} realistic articles, {catalogs} catalogs: l10n update {ours:.2f} s, "
              f"msgmerge over the same catalogs {theirs:.2f} s, ratio {ours / theirs:.2f}", flush=True)
    else:
        print(f"\ncold update, {articles} realistic articles: l10n update {ours:.2f} s (msgmerge not installed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--languages", default="en,es,de")
    parser.add_argument("--skip-update", action="store_true", help="leave out the cold update against msgmerge")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "l10n-bench")
    parser.add_argument("--accuracy-only", action="store_true",
                        help="the gold set and the held-out set only, no timings")
    args = parser.parse_args()
    accuracy()
    accuracy(gold.HELDOUT_DIR)  # never tuned on (benchmarks/README.md, "Held-out")
    if args.accuracy_only:
        return
    speed(args.workdir, args.articles)
    linear_time()
    if not args.skip_update:
        cold_update(args.workdir, args.articles, args.languages.split(","))


if __name__ == "__main__":
    main()
