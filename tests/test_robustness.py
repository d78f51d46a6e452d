"""Faults and concurrency: fuzzed input, other charsets, two writers at once, SIGKILL mid-write."""

from __future__ import annotations

import codecs
import fcntl
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from helpers import DOC, PYTHON, REPO, run, snapshot
from l10n_tool.catalogs.pofile import load_catalog
from l10n_tool.cache import CACHE_DIR

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

# --- fuzzing: any bytes in a catalog or the configuration -> exit 0 or a clean exit 2 ------

SMALL_SOURCE = """---
title: A short test article
teaser: Two sentences of teaser. Here is the second one.
---

# A heading for the test

The first paragraph has two sentences. It costs 3.5% more than in 2023.

![An image of a harbor](images/harbor.jpg)
The caption of the image
Image: Someone/AFP

- A list item with [a link](https://example.org/x).
- Another list item.
"""


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "short.md").write_text(SMALL_SOURCE, encoding="utf-8")
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "es"]\n'
                                    'sources = ["source/*.md"]\nsegment = "sentence"\n', encoding="utf-8")
    assert run(root, "update").exit_code == 0
    po = root / "locales" / "es" / "LC_MESSAGES" / "short.po"
    catalog = load_catalog(po)
    for number, entry in enumerate(catalog):
        entry.msgstr = f"Traducción número {number}: ¿sí?"
        if number % 3 == 0:
            entry.flags.append("fuzzy")
    po.write_text(str(catalog), encoding="utf-8")
    assert run(root, "update").exit_code == 0
    return root


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
        kind = rng.randrange(6)
        at = rng.randrange(len(data) + 1)
        if kind == 0 and data:  # flip a byte
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif kind == 1:  # delete a run
            del data[at:at + rng.randint(1, 40)]
        elif kind == 2:  # insert syntax-ish bytes
            data[at:at] = rng.choice([b'"', b"\\", b"\n", b"#", b"msgid ", b'msgstr ""\n', b"#~ ", b"#, fuzzy\n",
                                      b"\x00", b"\xff\xfe", b"\xc3", b"[", b"]", b"=", b"'''", b"\r", b"charset="])
        elif kind == 3:  # duplicate a line
            lines = bytes(data).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        elif kind == 4:  # truncate
            del data[at:]
        else:  # swap two lines
            lines = bytes(data).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _restore(root: Path, original: dict[str, bytes]) -> None:
    for path in list(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_file() and rel not in original and CACHE_DIR not in path.parts:
            path.unlink()
    for rel, data in original.items():
        path = root / rel
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


@pytest.mark.parametrize("target, commands, rounds", [
    ("locales/es/LC_MESSAGES/short.po", [["update"], ["status"], ["build", "--format", "md"]], 2400),
    ("locales/short.pot", [["update"]], 300),
    ("l10n.toml", [["update"], ["status"]], 900),
])
@pytest.mark.slow
def test_fuzzed_input_never_crashes_nor_changes_files_on_error(small_project, target, commands, rounds):
    root = small_project
    original = snapshot(root)
    valid = original[target]
    rng = random.Random(f"{target}-6")
    outcomes = {0: 0, 2: 0}
    for round_ in range(rounds):
        command = commands[round_ % len(commands)]
        (root / target).write_bytes(_mutate(valid, rng))
        before = snapshot(root)
        result = run(root, *command)  # an uncaught exception fails the test with its traceback
        assert result.exit_code in (0, 2), (command, result.exit_code, result.stdout, result.stderr)
        outcomes[result.exit_code] += 1
        if result.exit_code == 2:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("l10n: error: "), result.stderr
            if command[0] == "build":
                # A malformed catalog holds back its own language; the others are published.
                before = {k: v for k, v in before.items() if not k.startswith("build/")}
                after = {k: v for k, v in snapshot(root).items() if not k.startswith("build/")}
                assert after == before, (command, lines)
            else:
                assert snapshot(root) == before, (command, lines)
        _restore(root, original)
    assert outcomes[2] > rounds // 4  # the mutations do exercise the error paths


# --- other charsets and byte-order marks ------------------------------------------------

def _latin1_project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "short.md").write_text(SMALL_SOURCE, encoding="utf-8")
    # The translations are one test phrase throughout: entry checks would (rightly) keep build from
    # publishing them, so here they only warn; this test is about reading the charset.
    (root / "l10n.toml").write_text('languages = ["en", "es"]\n' + "".join(
        f'check.severity.{name} = "warning"\n'
        for name in ("markup", "numbers", "urls", "unchanged", "whitespace", "punctuation", "glossary")),
        encoding="utf-8")
    assert run(root, "update").exit_code == 0
    po = root / "locales" / "es" / "LC_MESSAGES" / "short.po"
    catalog = load_catalog(po)
    for number, entry in enumerate(catalog):
        entry.msgstr = f"Año {number}: ¿qué señal? Ñandú, café, über"
    catalog.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    po.write_bytes(str(catalog).encode("iso-8859-1"))
    return po


def test_an_iso_8859_1_catalog_is_read_correctly(tmp_path):
    root = tmp_path / "project"
    po = _latin1_project(root)
    assert "ñ".encode("iso-8859-1") in po.read_bytes() and b"charset=ISO-8859-1" in po.read_bytes()
    expected = {e.msgid: e.msgstr for e in load_catalog(po) if e.msgstr}
    assert all("señal" in msgstr for msgstr in expected.values())
    result = run(root, "status", "--lang", "es", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"percent": 100.0' in result.stdout
    assert run(root, "build", "--format", "md", "--lang", "es").exit_code == 0
    built = (root / "build" / "es" / "short.md").read_text(encoding="utf-8")
    assert built.count("¿qué señal? Ñandú, café, über") == len(expected)
    assert run(root, "update").exit_code == 0  # rewritten as UTF-8, every translation kept
    updated = po.read_text(encoding="utf-8")
    assert "charset=UTF-8" in updated
    assert {e.msgid: e.msgstr for e in polib.pofile(updated) if e.msgstr} == expected


def test_files_with_a_utf8_bom_are_read_correctly(project):
    bom = codecs.BOM_UTF8
    run(project, "build", "--format", "md")
    expected = snapshot(project / "build")
    for rel in ("l10n.toml", f"locales/es/LC_MESSAGES/{DOC}.po", f"locales/{DOC}.pot"):
        path = project / rel
        path.write_bytes(bom + path.read_bytes())
    result = run(project, "status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"percent": 100.0' in result.stdout
    assert run(project, "build", "--format", "md").exit_code == 0
    assert snapshot(project / "build") == expected
    assert run(project, "update").exit_code == 0
    assert not (project / f"locales/es/LC_MESSAGES/{DOC}.po").read_bytes().startswith(bom)
    # A source with a BOM keeps it through the identity build.
    source = project / "source" / f"{DOC}.md"
    source.write_bytes(bom + source.read_bytes())
    assert run(project, "update").exit_code == 0
    assert run(project, "build", "--format", "md", "--lang", "en").exit_code == 0
    assert (project / "build" / "en" / f"{DOC}.md").read_bytes() == source.read_bytes()


# --- two writers at once ------------------------------------------------------------------

def _cli(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-m", "l10n_tool", "--root", str(root), "-q", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _edit_sources(root: Path, marker: str) -> None:
    for path in sorted((root / "source").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\nA closing sentence about {marker}.\n", encoding="utf-8")


def test_a_second_update_waits_for_the_lock(project):
    _edit_sources(project, "waiting")
    before = snapshot(project / "locales")
    fd = os.open(project, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another writer holds the project
    try:
        proc = _cli(project, "update")
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=3)
        assert snapshot(project / "locales") == before  # it waited instead of writing
    finally:
        os.close(fd)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert "closing sentence about waiting" in (project / f"locales/{DOC}.pot").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_concurrent_updates_both_finish_with_valid_catalogs(tmp_path):
    root = tmp_path / "corpus"
    generate.generate(root, 16, ["en", "es", "de"])
    _edit_sources(root, "concurrency")
    first, second = _cli(root, "update"), _cli(root, "update")
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    catalogs = sorted((root / "locales").rglob("*.po*"))
    assert len(catalogs) == 16 * 4
    for path in catalogs:
        catalog = load_catalog(path)
        assert any("concurrency" in e.msgid for e in catalog)
    assert not list((root / "locales").rglob("*.tmp"))
    if shutil.which("msgfmt"):
        for path in catalogs:
            subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", os.devnull, str(path)], check=True)
    after = snapshot(root)
    assert run(root, "update").exit_code == 0
    assert snapshot(root) == after  # the two runs left a finished state, not a half one


# --- SIGKILL mid-write --------------------------------------------------------------------

_DATES = re.compile(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*"')


def _undated(data: bytes) -> bytes:
    return _DATES.sub(rb'"\1: -"', data)


@pytest.mark.slow
def test_sigkill_leaves_every_file_old_or_new(tmp_path):
    root = tmp_path / "corpus"
    generate.generate(root, 30, ["en", "es", "de"])
    _edit_sources(root, "killing")
    old = {k: v for k, v in snapshot(root).items() if k.startswith("locales")}
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    started = time.monotonic()
    assert _cli(twin, "update").wait(timeout=600) == 0
    duration = time.monotonic() - started
    new = {k: _undated(v) for k, v in snapshot(twin).items() if k.startswith("locales")}
    assert all(_undated(old[k]) != new[k] for k in old)  # every catalog changes
    kills = 0
    for step in range(1, 10):
        proc = _cli(root, "update")
        time.sleep(duration * step / 10)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=300)  # a killed run must not leave the project locked
        for rel, data in snapshot(root).items():
            if not rel.startswith("locales") or rel.endswith(".tmp"):
                continue
            assert data == old[rel] or _undated(data) == new[rel], f"{rel} is torn after a kill at step {step}"
            load_catalog(root / rel)
        for rel in old:
            assert (root / rel).exists()
        for rel in list(old):  # start the next round from the old files again
            (root / rel).write_bytes(old[rel])
    assert kills >= 5
    assert _cli(root, "update").wait(timeout=600) == 0
    final = {k: _undated(v) for k, v in snapshot(root).items() if k.startswith("locales") and not k.endswith(".tmp")}
    assert final == new
