"""Time l10n on a synthetic newsroom, and the same jobs with po4a, mdpo and GNU msgmerge.

    python benchmarks/run.py                      # N = 200 and 1000, peers at N = 200
    python benchmarks/run.py --sizes 200 --peers none
    python benchmarks/run.py --sizes 50 --markdown table.md
    python benchmarks/run.py --sizes 100,1000 --peers msgfmt,msgmerge    # the issue-14 rows
    python benchmarks/run.py --sizes 200 --languages 30 --peers msgfmt,msgmerge
    python benchmarks/run.py --sizes 20 --languages 3 --languages 30 --corpus plain,realistic

Every step runs in its own subprocess, started by a small measuring process that
reports wall time and the peak resident memory of the biggest process of the step
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``, worker processes included).  The steps with
nothing to do ("nothing changed") run five times: their median time and highest peak.  Peer tools
run only when installed (po4a and msgmerge from Debian, ``md2po``/``po2md`` from the
``mdpo`` package on PyPI), on a copy of the same corpus; the ratio column is our time
divided by theirs (below 1 means l10n is faster).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

PYTHON = sys.executable
# Steps with nothing to do take a fraction of a second, where one busy moment of a shared
# machine doubles a single run: they are run this many times and the median is reported.
NOOP_RUNS = 5
MEASURE = textwrap.dedent("""
    import resource, subprocess, sys, time
    start = time.perf_counter()
    code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
""")


@dataclass
class Row:
    size: int
    step: str
    seconds: float
    peak_mb: float
    peer: str = ""
    peer_seconds: float | None = None
    goal: str = ""
    languages: int = 3
    corpus: str = "plain"

    @property
    def ratio(self) -> str:
        return f"{self.seconds / self.peer_seconds:.3f}" if self.peer_seconds else ""


def measure(argv: list[str], cwd: Path | None = None, ok: tuple[str, ...] = ("0",)) -> tuple[float, float]:
    out = subprocess.run([PYTHON, "-c", MEASURE, *argv], cwd=cwd, capture_output=True, text=True, check=True)
    seconds, kilobytes, code = out.stdout.split()
    if code not in ok:
        raise SystemExit(f"step failed ({code}): {' '.join(argv)}")
    return float(seconds), int(kilobytes) / 1024


def l10n(root: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "l10n_tool", "--root", str(root), "-q", *args]


# DW publishes in about 30 languages; "30" is that set (scripts and plural rules of every kind:
# Arabic's six forms, Chinese's one, right-to-left Arabic, Persian, Pashto and Urdu).
LANGUAGE_PRESETS = {
    "3": "en,es,de",
    "30": "en,de,es,fr,pt_BR,ru,uk,tr,ar,fa,fa_AF,ps,ur,hi,bn,zh_Hans,zh_Hant,id,sw,ha,am,sq,bs,bg,hr,"
          "mk,sr,el,pl,ro",
}


def languages_of(value: str) -> list[str]:
    return LANGUAGE_PRESETS.get(value, value).split(",")


def has_check() -> bool:
    probe = subprocess.run([PYTHON, "-m", "l10n_tool", "check", "--help"], capture_output=True)
    return probe.returncode == 0


def formats() -> list[str]:
    code = "from l10n_tool.publish.build import available_formats as f; print(','.join(f()))"
    return subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True).stdout.strip().split(",")


def translate_catalogs(root: Path, languages: list[str]) -> None:
    """Fill every catalog of ``languages`` with pseudo-translations (a translator's work)."""
    import polib

    for language in languages:
        for path in sorted(root.glob(f"locales/{language}/LC_MESSAGES/*.po")):
            catalog = polib.pofile(str(path), wrapwidth=79)
            for entry in catalog:
                if not entry.obsolete:
                    entry.msgstr = generate.pseudo_translate(entry.msgid, language)
            path.write_text(str(catalog).rstrip("\n") + "\n", encoding="utf-8")


def edit_one_percent(root: Path, seed: int = 7) -> int:
    """Change one word in 1% of all paragraphs, spread over the corpus."""
    rng = random.Random(seed)
    sources = sorted((root / "source").glob("*.md"))
    paragraphs = []
    for path in sources:
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        paragraphs += [(path, i) for i, block in enumerate(blocks) if block[:1].isalpha()]
    chosen = rng.sample(paragraphs, max(1, len(paragraphs) // 100))
    by_path: dict[Path, list[int]] = {}
    for path, index in chosen:
        by_path.setdefault(path, []).append(index)
    for path, indexes in by_path.items():
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        for index in indexes:
            words = blocks[index].split(" ")
            spot = rng.randrange(1, len(words) - 1)
            words[spot] = rng.choice(generate.WORDS)
            blocks[index] = " ".join(words)
        path.write_text("\n\n".join(blocks), encoding="utf-8")
    return len(chosen)


# --- the peers ----------------------------------------------------------------------------

def po4a_config(root: Path, languages: list[str]) -> Path:
    lines = [f"[po4a_langs] {' '.join(languages)}",
             "[po4a_paths] po/$master.pot $lang:po/$lang/$master.po",
             '[options] opt:"-o markdown -o yfm_keys=title,teaser" opt:"-k 0"']
    for path in sorted((root / "source").glob("*.md")):
        lines.append(f"[type: text] source/{path.name} $lang:out/$lang/{path.name} pot={path.stem}")
    config = root / "po4a.cfg"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


MDPO_UPDATE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mdpo.md2po import markdown_to_pofile
    root, languages = Path(sys.argv[1]), sys.argv[2].split(",")
    for source in sorted((root / "source").glob("*.md")):
        for language in languages:
            po = root / "po" / language / (source.stem + ".po")
            po.parent.mkdir(parents=True, exist_ok=True)
            markdown_to_pofile(str(source), po_filepath=str(po), save=True)
""")
MDPO_BUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mdpo.po2md import pofile_to_markdown
    root, languages = Path(sys.argv[1]), sys.argv[2].split(",")
    for source in sorted((root / "source").glob("*.md")):
        for language in languages:
            out = root / "out" / language / source.name
            out.parent.mkdir(parents=True, exist_ok=True)
            pofile_to_markdown(str(source), str(root / "po" / language / (source.stem + ".po")), save=str(out))
""")
MSGMERGE_ALL = textwrap.dedent("""
    import subprocess, sys
    from pathlib import Path
    root = Path(sys.argv[1])
    for po in sorted(root.glob("locales/*/LC_MESSAGES/*.po")):
        pot = root / "locales" / (po.stem + ".pot")
        subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--previous", str(po), str(pot)], check=True)
""")


def peer_po4a(base: Path, work: Path, languages: list[str]) -> dict[str, float]:
    root = work / "po4a"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base / "source", root / "source")
    config = po4a_config(root, languages)
    times = {}
    times["create"], _ = measure(["po4a", "--no-translations", "-q", str(config)], cwd=root)
    translate_po4a(root, languages)
    times["first full run"], _ = measure(["po4a", "-q", str(config)], cwd=root)
    times["no-change run"], _ = measure(["po4a", "-q", str(config)], cwd=root)
    return times


def translate_po4a(root: Path, languages: list[str]) -> None:
    import polib

    for language in languages:
        for path in sorted(root.glob(f"po/{language}/*.po")):
            catalog = polib.pofile(str(path))
            for entry in catalog:
                entry.msgstr = generate.pseudo_translate(entry.msgid, language)
            catalog.save()


def peer_mdpo(base: Path, work: Path, languages: list[str]) -> dict[str, float]:
    root = work / "mdpo"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base / "source", root / "source")
    langs = ",".join(languages)
    times = {}
    times["create"], _ = measure([PYTHON, "-c", MDPO_UPDATE, str(root), langs])
    times["no-change update"], _ = measure([PYTHON, "-c", MDPO_UPDATE, str(root), langs])
    times["build"], _ = measure([PYTHON, "-c", MDPO_BUILD, str(root), langs])
    return times


MSGFMT_ALL = textwrap.dedent("""
    import subprocess, sys
    from pathlib import Path
    root = Path(sys.argv[1])
    for po in sorted(root.glob("locales/*/LC_MESSAGES/*.po")):
        subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(po)], check=False)
""")


# The floor of `build`: markdown-it-py rendering the localized Markdown `build` wrote (the tool's
# dialect) and writing it and its HTML, in one process; no page template, no checks.
RENDER_FLOOR = textwrap.dedent("""
    import sys
    from pathlib import Path
    from markdown_it import MarkdownIt
    built, out = Path(sys.argv[1]), Path(sys.argv[2])
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    for page in sorted(built.glob("*/*.md")):
        text = page.read_text(encoding="utf-8")
        folder = out / page.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / page.name).write_text(text, encoding="utf-8")
        (folder / (page.stem + ".html")).write_text(md.render(text), encoding="utf-8")
""")
# gettext's fastest merge: one msgmerge per language over msgcat concatenations (made beforehand,
# not timed) of that language's catalogs and of the templates.
MSGMERGE_CONCAT = textwrap.dedent("""
    import subprocess, sys
    from pathlib import Path
    root = Path(sys.argv[1])
    for po in sorted(root.glob("*.po")):
        subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--previous", str(po),
                        str(root / "all.pot")], check=True)
""")


def peer_render(project: Path, work: Path, runs: int = 3) -> float:
    out = work / "render-floor"
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times.append(measure([PYTHON, "-c", RENDER_FLOOR, str(project / "build"), str(out)])[0])
    return statistics.median(times)


def peer_msgmerge_concat(project: Path, work: Path, languages: list[str]) -> float:
    root = work / "msgmerge-concat"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    templates = sorted(str(p) for p in (project / "locales").glob("*.pot"))
    subprocess.run(["msgcat", "--use-first", "-o", str(root / "all.pot"), *templates], check=True)
    for language in languages:
        catalogs = sorted(str(p) for p in (project / "locales" / language / "LC_MESSAGES").glob("*.po"))
        subprocess.run(["msgcat", "--use-first", "-o", str(root / f"{language}.po"), *catalogs], check=True)
    return measure([PYTHON, "-c", MSGMERGE_CONCAT, str(root)])[0]


def peer_msgfmt(project: Path, runs: int = 3) -> float:
    """``msgfmt --check`` over the same catalogs, one process each: what a gettext CI gate runs.

    The median of three runs: starting hundreds of processes takes from 1.5 to 2.5 s for the
    same 300 catalogs on a shared machine, and one fast run would halve every ratio to it."""
    return statistics.median(measure([PYTHON, "-c", MSGFMT_ALL, str(project)])[0] for _ in range(runs))


def peer_msgmerge(project: Path, work: Path) -> dict[str, float]:
    root = work / "msgmerge"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(project / "locales", root / "locales")
    seconds, _ = measure([PYTHON, "-c", MSGMERGE_ALL, str(root)])
    return {"merge all, no change": seconds}


# --- our steps ----------------------------------------------------------------------------

def bench(size: int, work: Path, languages: list[str], peers: set[str], corpus: str = "plain") -> list[Row]:
    base = work / f"n{size}-{len(languages)}-{corpus}"
    project = base / "l10n"
    shutil.rmtree(base, ignore_errors=True)
    # The realistic corpus (quotes, parentheses, abbreviations) comes with generate.py's --corpus.
    generate.generate(project, size, languages, catalogs=False, **({"corpus": corpus} if corpus != "plain" else {}))
    rows: list[Row] = []
    tag = f"N={size:<5} L={len(languages):<3}"

    def step(name: str, *args: str, goal: str = "", repeat: int = 1) -> Row:
        # check exits 1 when its gate fails, as it should after the 1% edit (stale entries)
        runs = [measure(l10n(project, *args), ok=("0", "1") if args[0] == "check" else ("0",))
                for _ in range(repeat)]
        seconds, peak = statistics.median(s for s, _ in runs), max(p for _, p in runs)
        row = Row(size, name, seconds, peak, goal=goal, languages=len(languages), corpus=corpus)
        rows.append(row)
        print(f"  {tag} {name:<36} {seconds:8.2f} s {peak:8.1f} MB", flush=True)
        return row

    def compare(row: Row, peer: str, peer_seconds: float, goal: str = "") -> None:
        rows.append(Row(size, row.step, row.seconds, row.peak_mb, peer, peer_seconds, goal, len(languages), corpus))
        print(f"  {tag} {row.step:<36} vs {peer}: {peer_seconds:.2f} s, ratio {rows[-1].ratio} {goal}", flush=True)

    memory_goal = "< 300 MB at N=1000"
    create = step("update: create every catalog", "update", goal=memory_goal)
    # Machine pre-translation of one language, on a copy (its fuzzy suggestions stay out of the corpus).
    suggested = base / "translate"
    shutil.copytree(project, suggested)
    seconds, peak = measure(l10n(suggested, "translate", "--lang", languages[1], "--provider", "pseudo"))
    rows.append(Row(size, f"translate --lang {languages[1]} --provider pseudo", seconds, peak,
                    goal=memory_goal, languages=len(languages), corpus=corpus))
    print(f"  {tag} {rows[-1].step:<36} {seconds:8.2f} s {peak:8.1f} MB", flush=True)
    shutil.rmtree(suggested)
    translate_catalogs(project, languages[1:])
    shutil.rmtree(project / generate_cache_dir(), ignore_errors=True)
    cold = step("update: translated, no cache", "update", goal=memory_goal)
    noop = step("update: nothing changed", "update", goal=memory_goal, repeat=NOOP_RUNS)
    if has_check():
        # A fresh clone has no cache at all (not even the segments update remembered).
        shutil.rmtree(project / generate_cache_dir(), ignore_errors=True)
        fresh = step("check: fresh clone", "check", goal=memory_goal)
        again = step("check: nothing changed", "check", repeat=NOOP_RUNS)
        step("update: cache deleted before check", "update")  # refills the cache of segments
        if shutil.which("msgfmt") and "msgfmt" in peers:
            msgfmt = peer_msgfmt(project)
            compare(fresh, "msgfmt --check, one process per catalog", msgfmt, "<= 1.0x")
            compare(again, "msgfmt --check, one process per catalog", msgfmt, "<= 0.1x")
    edited = edit_one_percent(project)
    step(f"update: 1% edited ({edited} paragraphs)", "update", goal=memory_goal)
    step("status", "status", goal=memory_goal)
    # The other commands, for their peak memory at N = 1000 (every command stays below 300 MB).
    step("diff", "diff", goal=memory_goal)
    step("extract", "extract", goal=memory_goal)
    step("compile", "compile", goal=memory_goal)
    tmx = base / f"{languages[1]}.tmx"
    step(f"tm export --lang {languages[1]}", "tm", "export", "--lang", languages[1], str(tmx), goal=memory_goal)
    step("tm import", "tm", "import", str(tmx), goal=memory_goal)
    if has_check():
        step("check: after the 1% edit", "check", goal=memory_goal)
    shutil.rmtree(project / "build", ignore_errors=True)
    available = formats()
    build = step(f"build: {','.join(available)}", "build", "--min-percent", "0", goal=memory_goal)
    floor = peer_render(project, base)
    compare(build, "markdown-it-py render + write, one process", floor, "<= 2x")
    # The same build without the entry findings a check left (a build that checks every entry).
    shutil.rmtree(project / "build", ignore_errors=True)
    shutil.rmtree(project / generate_cache_dir() / "entries", ignore_errors=True)
    unchecked = step(f"build: {','.join(available)}, no check before", "build", "--min-percent", "0",
                     goal=memory_goal)
    compare(unchecked, "markdown-it-py render + write, one process", floor)
    by_format = {}
    for name in available:
        shutil.rmtree(project / "build", ignore_errors=True)
        by_format[name] = step(f"build: {name}", "build", "--format", name, "--min-percent", "0")
    build_md = by_format.get("md", build)  # the peers write Markdown only
    step("build: every format again", "build", "--min-percent", "0")
    noop_build = step("build: nothing changed", "build", "--min-percent", "0", goal=memory_goal,
                      repeat=NOOP_RUNS)
    noop_update = step("update: nothing changed, before build", "update", repeat=NOOP_RUNS)
    compare(noop_build, "l10n update, nothing changed", noop_update.seconds, "<= 2x")

    if "msgmerge" in peers and shutil.which("msgmerge"):
        times = peer_msgmerge(project, base)
        # A fresh clone's update parses and merges every catalog, as msgmerge does.
        compare(cold, "msgmerge, one process per catalog", times["merge all, no change"], "<= 0.3x")
        compare(noop, "msgmerge, one process per catalog", times["merge all, no change"])
        if shutil.which("msgcat"):
            concat = peer_msgmerge_concat(project, base, languages)
            compare(cold, "msgmerge once per language over msgcat", concat, "<= 1.0x")
    if "po4a" in peers and shutil.which("po4a"):
        times = peer_po4a(project, base, languages[1:])
        compare(create, "po4a --no-translations", times["create"])
        both = Row(size, "update + build md, nothing changed", noop.seconds + build_md.seconds, build_md.peak_mb)
        compare(both, "po4a (full run, nothing changed)", times["no-change run"])
    if "mdpo" in peers and importlib.util.find_spec("mdpo") is not None:
        times = peer_mdpo(project, base, languages[1:])
        compare(create, "mdpo md2po", times["create"])
        compare(noop, "mdpo md2po", times["no-change update"])
        compare(build_md, "mdpo po2md", times["build"])
    # Adding one article costs that article, not the project.
    rng = random.Random(size + 1)
    new = project / "source" / f"article-{size + 1:04d}.md"
    new.write_text(generate.article(rng, size + 1, corpus=corpus), encoding="utf-8")
    added = step("update: one new article", "update", goal=memory_goal)
    compare(added, "update: create every catalog", create.seconds, "<= 0.1x")
    return rows


def compile_bytecode() -> None:
    """Measure the tool as installed: pip compiles an installed package's modules, while an
    editable install under PYTHONDONTWRITEBYTECODE (set on our CI machines) would compile
    every module again in every run, a fixed cost msgfmt does not pay."""
    import compileall

    import l10n_tool

    compileall.compile_dir(Path(l10n_tool.__file__).parent, quiet=1)


def generate_cache_dir() -> str:
    from l10n_tool.cache import CACHE_DIR

    return CACHE_DIR


def table(rows: list[Row]) -> str:
    """Our steps, then each comparison with a peer measured in the same run, as its ratio."""
    lines = ["| N | languages | corpus | step | seconds | peak MB | goal |",
             "|---:|---:|---|---|---:|---:|---|"]
    for r in rows:
        if not r.peer:
            lines.append(f"| {r.size} | {r.languages} | {r.corpus} | {r.step} | {r.seconds:.2f} | "
                         f"{r.peak_mb:.0f} | {r.goal} |")
    lines += ["", "| N | languages | corpus | step | seconds | peer | peer seconds | ratio | goal |",
              "|---:|---:|---|---|---:|---|---:|---:|---|"]
    for r in rows:
        if r.peer:
            lines.append(f"| {r.size} | {r.languages} | {r.corpus} | {r.step} | {r.seconds:.2f} | {r.peer} | "
                         f"{r.peer_seconds:.2f} | {r.ratio} | {r.goal} |")
    return "\n".join(lines)


def scaling(rows: list[Row]) -> list[str]:
    """Cost per catalog at each number of languages: constant when cost is linear in languages."""
    lines = []
    by_languages = sorted({r.languages for r in rows})
    if len(by_languages) < 2:
        return lines
    for step in dict.fromkeys(r.step for r in rows if not r.peer):
        for size in sorted({r.size for r in rows}):
            found = {r.languages: r for r in rows if r.step == step and r.size == size and not r.peer}
            if len(found) == len(by_languages):
                per = [f"{found[n].seconds / (size * n) * 1000:.2f} ms at {n}" for n in by_languages]
                lines.append(f"N={size} {step}: per catalog {', '.join(per)}")
    return lines


FLAT = 1.25  # "flat": the cost per catalog (or of one step) grows at most this much between two sizes


def _verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "NOT met"


def goal_lines(rows: list[Row]) -> list[str]:
    """Each goal of issue 25 that these rows measure: its ratio, and whether it is met."""
    lines = []

    def where(r: Row) -> str:
        return f"N={r.size} x {r.languages} ({r.corpus})"

    def ratios(title: str, step: str, peer: str, limit: float) -> None:
        for r in rows:
            if r.peer.startswith(peer) and r.step == step and r.peer_seconds:
                value = r.seconds / r.peer_seconds
                lines.append(f"{title}, {where(r)}: {value:.3f}x (goal <= {limit}x): {_verdict(value, limit)}")

    def flat(title: str, step: str, per_catalog: bool = True, memory: bool = False) -> None:
        groups: dict[tuple[int, str], dict[int, Row]] = {}
        for r in rows:
            if r.step == step and not r.peer:
                groups.setdefault((r.languages, r.corpus), {})[r.size] = r
        for (languages, corpus), by_size in groups.items():
            if len(by_size) < 2:
                continue
            small, big = by_size[min(by_size)], by_size[max(by_size)]
            scale = (big.size / small.size) if per_catalog else 1.0
            value = big.seconds / small.seconds / scale
            what = "cost per catalog" if per_catalog else "time"
            lines.append(f"{title}: {what} N={big.size} / N={small.size} x {languages} ({corpus}): {value:.2f}x "
                         f"(goal <= {FLAT}x): {_verdict(value, FLAT)}")
            if memory:
                grown = big.peak_mb / small.peak_mb
                lines.append(f"{title}: peak memory N={big.size} / N={small.size} x {languages} ({corpus}): "
                             f"{grown:.2f}x (goal <= {FLAT}x): {_verdict(grown, FLAT)}")

    build = next((r.step for r in rows if r.step.startswith("build: ") and "," in r.step
                  and not r.step.endswith("no check before")), "build: md,html")
    ratios("goal 1: build into an empty build/ / markdown-it-py floor", build, "markdown-it-py", 2.0)
    flat("goal 1: build", build)
    ratios("goal 2: cold update / msgmerge over msgcat, per language", "update: translated, no cache",
           "msgmerge once per language", 1.0)
    ratios("goal 2: cold update / msgmerge per catalog", "update: translated, no cache",
           "msgmerge, one process per catalog", 0.3)
    ratios("goal 3: fresh check / msgfmt --check per catalog", "check: fresh clone", "msgfmt", 1.0)
    flat("goal 3: fresh check", "check: fresh clone")
    ratios("goal 4: creating catalogs / mdpo md2po", "update: create every catalog", "mdpo md2po", 1.0)
    ratios("goal 4: localized Markdown / mdpo po2md", "build: md", "mdpo po2md", 1.0)
    ratios("goal 5: update after one new article / cold update", "update: one new article",
           "update: create every catalog", 0.1)
    flat("goal 5: update after one new article", "update: one new article", per_catalog=False, memory=True)
    for size in sorted({r.size for r in rows if r.size >= 1000}):
        for languages in sorted({r.languages for r in rows if r.size == size}):
            mine = [r for r in rows if r.size == size and r.languages == languages and not r.peer]
            top = max(mine, key=lambda r: r.peak_mb)
            lines.append(f"goal 6: peak memory, every command, N={size} x {languages}: {top.peak_mb:.0f} MB "
                         f"({top.step}) (goal < 300 MB): {'met' if top.peak_mb < 300 else 'NOT met'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,1000", help="numbers of articles (default 200,1000)")
    parser.add_argument("--languages", action="append",
                        help="a preset (3 or 30) or a comma-separated list; repeat to compare (default 3)")
    parser.add_argument("--corpus", default="plain", help="plain, realistic, or both: plain,realistic")
    parser.add_argument("--peers", default="po4a,mdpo,msgmerge,msgfmt", help="peer tools to compare, or 'none'")
    parser.add_argument("--peer-max", type=int, default=200, help="run po4a and mdpo only up to this N (slow)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "l10n-bench")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    peers = set() if args.peers == "none" else set(args.peers.split(","))
    rows: list[Row] = []
    print(f"l10n benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    compile_bytecode()
    for preset in args.languages or ["3"]:
        languages = languages_of(preset)
        for corpus in args.corpus.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                # msgfmt and msgmerge are fast enough for every N; po4a and mdpo only for small ones.
                chosen = peers if size <= args.peer_max else peers & {"msgfmt", "msgmerge"}
                rows += bench(size, args.workdir, languages, chosen, corpus)
    sizes = sorted({r.size for r in rows})
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        for name in ("update: create every catalog", "update: nothing changed", f"build: {','.join(formats())}"):
            a = next((r for r in rows if r.size == small and r.step == name and not r.peer), None)
            b = next((r for r in rows if r.size == big and r.step == name and not r.peer), None)
            if a and b:
                print(f"scaling N={big} / N={small}, {name}: {b.seconds / a.seconds:.2f}x")
    for line in scaling(rows):
        print(line)
    goals = goal_lines(rows)
    print()
    print("\n".join(goals))
    print()
    print(table(rows))
    if args.markdown:
        args.markdown.write_text(table(rows) + "\n\n" + "\n".join(f"- {line}" for line in goals) + "\n",
                                 encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
