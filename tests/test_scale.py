"""The speed-ups are exact: fast paths agree with the libraries, and the cache never lies."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import polib
import pytest

from helpers import REPO, run, snapshot
from l10n_tool import parallel
from l10n_tool.sources import segmenting
from l10n_tool import updating
from l10n_tool.cache import CACHE_DIR
from l10n_tool.workspace import Workspace

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py: the synthetic corpus)

# --- the cache: skips what is unchanged, sees every change, survives corruption ----------

@pytest.fixture
def corpus(tmp_path) -> Path:
    """14 generated articles with es and de catalogs: enough for the parallel merge."""
    root = tmp_path / "corpus"
    generate.generate(root, 14, ["en", "es", "de"])
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(root).items() if k.startswith(("locales", "build"))}


@pytest.mark.slow
def test_second_update_parses_nothing(corpus, monkeypatch):
    assert run(corpus, "update").exit_code == 0
    before = _files(corpus)

    def refuse(*args, **kwargs):
        raise AssertionError("parsed although nothing changed")

    monkeypatch.setattr("l10n_tool.catalogs.pofile.load_catalog", refuse)
    monkeypatch.setattr("l10n_tool.sources.segmenting.segment_document", refuse)
    result = run(corpus, "update")
    assert result.exit_code == 0, result.stderr
    assert "0 of 56 files written" in result.stdout
    assert run(corpus, "status").exit_code == 0
    assert run(corpus, "build", "--format", "md").exit_code == 0
    assert _files(corpus).items() >= before.items()


@pytest.mark.slow
def test_only_the_edited_document_is_merged_again(corpus, monkeypatch):
    run(corpus, "update")
    source = corpus / "source" / "article-0003.md"
    source.write_text(source.read_text(encoding="utf-8").replace("\n\n", "\n\nA new opening line here.\n\n", 1),
                      encoding="utf-8")
    planned = []
    real = updating._plan_document
    monkeypatch.setattr(updating, "_plan_document", lambda ws, d, *args: planned.append(d.name) or real(ws, d, *args))
    monkeypatch.setattr(parallel, "MINIMUM", 10**6)
    assert run(corpus, "update").exit_code == 0
    assert planned == ["article-0003"]
    po = corpus / "locales" / "es" / "LC_MESSAGES" / "article-0003.po"
    assert "A new opening line here." in po.read_text(encoding="utf-8")


@pytest.mark.slow
def test_translator_edits_are_seen_by_status_and_build(corpus):
    run(corpus, "update")
    run(corpus, "build", "--format", "md")
    po = corpus / "locales" / "es" / "LC_MESSAGES" / "article-0001.po"
    catalog = polib.pofile(str(po))
    entry = next(e for e in catalog if e.msgstr and not e.obsolete)
    entry.msgstr = "TRADUCCIÓN NUEVA"
    po.write_text(str(catalog), encoding="utf-8")
    run(corpus, "build", "--format", "md")
    assert "TRADUCCIÓN NUEVA" in (corpus / "build" / "es" / "article-0001.md").read_text(encoding="utf-8")
    entry.msgstr = ""
    po.write_text(str(catalog), encoding="utf-8")
    rows = json.loads(run(corpus, "status", "--format", "json", "--lang", "es").stdout)["catalogs"]
    assert next(r for r in rows if r["document"] == "article-0001")["untranslated"] == 1


@pytest.mark.slow
def test_results_are_the_same_with_or_without_the_cache_and_in_parallel_or_not(corpus, tmp_path, monkeypatch):
    twin = tmp_path / "twin"
    shutil.copytree(corpus, twin)
    run(corpus, "update")  # parallel: 14 documents
    run(corpus, "build", "--min-percent", "0")  # every format, pages rendered in parallel
    monkeypatch.setattr(parallel, "MINIMUM", 10**6)
    run(twin, "update")
    shutil.rmtree(twin / CACHE_DIR)
    run(twin, "build", "--min-percent", "0")
    assert _files(corpus) == _files(twin)


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["garbage", "empty", "wrong-shape", "wrong-key"])
def test_a_damaged_cache_means_recompute(corpus, damage):
    run(corpus, "update")
    run(corpus, "build", "--format", "md")
    expected = _files(corpus)
    for path in (corpus / CACHE_DIR).rglob("*.json"):
        data = {"garbage": b"\x00{not json", "empty": b"", "wrong-shape": b"[1, 2, 3]",
                "wrong-key": path.read_bytes().replace(b'"key":"', b'"key":"0')}[damage]
        path.write_bytes(data)
    shutil.rmtree(corpus / "build")
    assert run(corpus, "update").exit_code == 0
    assert run(corpus, "build", "--format", "md").exit_code == 0
    assert run(corpus, "status").exit_code == 0
    assert _files(corpus) == expected


@pytest.mark.slow
def test_an_error_in_a_worker_process_is_reported_like_any_other(corpus):
    run(corpus, "update")
    bad = corpus / "source" / "article-0009.md"
    bad.write_text("---\ntitle: [unclosed\n---\n\nBody text here.\n", encoding="utf-8")
    for path in corpus.glob("source/*.md"):  # every document must be merged again, in workers
        path.write_bytes(path.read_bytes() + b"\nOne more closing sentence.\n")
    before = snapshot(corpus)
    result = run(corpus, "update")
    assert result.exit_code == 2
    assert "source/article-0009.md:2" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(corpus) == before


@pytest.mark.slow
def test_workspace_sources_come_from_the_cache_after_update(corpus):
    run(corpus, "update")
    ws = Workspace.open(corpus)
    parsed = ws.source(ws.documents()[0])
    assert parsed.cached
    fresh = segmenting.segment_document(parsed.text, front_matter_keys=ws.config.front_matter)
    assert parsed.segments == fresh


@pytest.mark.parametrize("language, folder", [("es", "es"), ("pt-BR", "pt_BR")])
def test_a_translation_added_elsewhere_still_prefills_a_skipped_document(tmp_path, language, folder):
    """Translation memory reads every catalog: the cache must not hide a new match (whichever
    form of the code the configuration uses: the catalogs are in gettext's)."""
    root = tmp_path / "tm"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text(f'languages = ["en", "{language}"]\n', encoding="utf-8")
    for name in ("a", "b"):
        (root / "source" / f"{name}.md").write_text(
            f"The shared sentence about the harbor.\n\nA sentence only in {name}.\n", encoding="utf-8")
    assert run(root, "update").exit_code == 0
    po_b = root / "locales" / folder / "LC_MESSAGES" / "b.po"
    catalog = polib.pofile(str(po_b))
    catalog.find("The shared sentence about the harbor.").msgstr = "La frase compartida sobre el puerto."
    po_b.write_text(str(catalog), encoding="utf-8")
    assert run(root, "update").exit_code == 0
    entry = polib.pofile(str(root / "locales" / folder / "LC_MESSAGES" / "a.po")).find(
        "The shared sentence about the harbor.")
    assert entry.msgstr == "La frase compartida sobre el puerto." and entry.fuzzy
