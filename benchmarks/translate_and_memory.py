"""How long pre-translation and translation-memory prefill take on a synthetic newsroom.

    python benchmarks/translate_and_memory.py [--sentences N] [--delay SECONDS]

1. ``l10n update`` of a new document of N sentences, half of which are near
   repeats of an N-sentence article already translated (prefill from memory).
2. ``l10n translate`` of N untranslated entries against an imitation
   LibreTranslate on 127.0.0.1 that takes DELAY seconds per answer, with 1 and
   with 8 requests in flight, then again from the cache.
Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

from fakeservers import Behaviour, FakeService  # noqa: E402

from l10n_tool.catalogs.pofile import load_catalog, serialize  # noqa: E402
from l10n_tool.mt.translate import translate  # noqa: E402
from l10n_tool.updating import update  # noqa: E402
from l10n_tool.workspace import Workspace  # noqa: E402

WORDS = ("the government said police army cartel election voters city region report experts violence "
         "president minister support international security crime drug trafficking border court").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + f" in {rng.randint(1990, 2030)}."


def project(root: Path, sentences: int) -> tuple[list[str], list[str]]:
    rng = random.Random(7)
    article = [sentence(rng) for _ in range(sentences)]
    follow_up = [s.replace("the", "a", 1) if i % 2 else sentence(rng) for i, s in enumerate(article)]
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["en", "es"]\n', encoding="utf-8")
    (root / "source" / "article.md").write_text("\n\n".join(article) + "\n", encoding="utf-8")
    return article, follow_up


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.01)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "newsroom"
        article, follow_up = project(root, args.sentences)
        update(Workspace.open(root))
        path = root / "locales" / "es" / "LC_MESSAGES" / "article.po"
        catalog = load_catalog(path)
        for entry in catalog:
            entry.msgstr = "ES " + entry.msgid
        path.write_bytes(serialize(catalog))
        (root / "source" / "follow-up.md").write_text("\n\n".join(follow_up) + "\n", encoding="utf-8")
        changes = timed(f"update with prefill ({args.sentences} new segments)", lambda: update(Workspace.open(root)))
        print(f"  prefilled from memory: {sum(c.prefilled for c in changes)}")

        target = root / "locales" / "es" / "LC_MESSAGES" / "follow-up.po"
        catalog = load_catalog(target)
        for entry in catalog:
            entry.msgstr, entry.flags = "", []
        empty = serialize(catalog)
        with FakeService("libre", Behaviour(delay=args.delay)) as service:
            config = root / "l10n.toml"
            base = config.read_text(encoding="utf-8")
            for concurrency in (1, 8):
                config.write_text(base + f'[translate.libre]\nurl = "{service.endpoint}"\n'
                                  f"concurrency = {concurrency}\n", encoding="utf-8")
                target.write_bytes(empty)
                for cached in (root / ".l10n-cache").glob("*.sqlite3"):
                    cached.unlink()
                report = timed(f"translate {args.sentences} entries, {concurrency} in flight",
                               lambda: translate(Workspace.open(root), "es", "libre"))
                print(f"  requests: {report.requests}, most in flight: {service.max_in_flight}")
                service.max_in_flight = 0
            target.write_bytes(empty)
            report = timed("translate again, answered from the cache", lambda: translate(Workspace.open(root), "es", "libre"))
            print(f"  requests: {report.requests}, from the cache: {report.cached}")


if __name__ == "__main__":
    main()
