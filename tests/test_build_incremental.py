"""Issue 14.3: an incremental build renders only what changed, and writes what a full build writes.

Each change below is made to a built project; the project is built again (incrementally,
from its cache and build/) and a fresh copy of it (no cache, no build/) is built in full.
Every file of build/ and the report must be the same.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import polib
import pytest
from helpers import DOC, REPO, run
from helpers.memory import bounded_caches, copy_corpus, peak_allocation

from l10n_tool import parallel
from l10n_tool.cache import CACHE_DIR
from l10n_tool.errors import L10nError
from l10n_tool.fsutil import Staging
from l10n_tool.publish import build as build_module
from l10n_tool.publish.build import build
from l10n_tool.publish.model import Registry
from l10n_tool.publish.writers import default_registry
from l10n_tool.workspace import Workspace

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py: the synthetic corpus)

SECOND = "second-article"
PHOTO = b"\xff\xd8\xff\xe0 a photo of the president"


class Counting:
    """The default writers, counting the pages and dashboards they render."""

    def __init__(self):
        self.calls: list[tuple[str, ...]] = []
        self.registry = Registry()
        base = default_registry()
        for name, (suffix, writer) in base.pages.items():
            self.registry.add_page(name, suffix, self._page(name, writer))
        for name, (filename, writer) in base.site.items():
            self.registry.add_site(name, filename, self._site(writer))

    def _page(self, name, writer):
        def page(edition, editions, ws):
            self.calls.append((name, edition.document, edition.language))
            return writer(edition, editions, ws)
        return page

    def _site(self, writer):
        def site(publications, ws, settings, summaries):
            self.calls.append(("site",))
            return writer(publications, ws, settings, summaries)
        return site


@pytest.fixture
def project(project: Path) -> Path:
    """The shipped project with one photo its source shows, and a second document."""
    (project / "source" / "images").mkdir()
    (project / "source" / "images" / "noboa-podium.jpg").write_bytes(PHOTO)
    text = (project / "source" / f"{DOC}.md").read_text(encoding="utf-8")
    (project / "source" / f"{SECOND}.md").write_text(text.replace("Noboa", "Noboa's government", 1),
                                                      encoding="utf-8")
    for lang in ("en", "es", "de"):
        folder = project / "locales" / lang / "LC_MESSAGES"
        shutil.copy(folder / f"{DOC}.po", folder / f"{SECOND}.po")
    return project


def run_build(root: Path, counting: Counting | None = None, min_percent: float = 80.0, **options):
    counting = counting or Counting()
    return build(Workspace.open(root), None, None, min_percent, False, None, counting.registry, **options)


def build_files(root: Path) -> dict[str, bytes]:
    # A malformed catalog's error, shown on the dashboard, names it by its absolute path.
    return {p.relative_to(root / "build").as_posix(): p.read_bytes().replace(str(root).encode(), b"<root>")
            for p in sorted((root / "build").rglob("*")) if p.is_file()}


def summary(report, root: Path) -> str:
    """The report as the CLI shows it, less which files were written now (a full build writes all)."""
    outputs = [{k: v for k, v in asdict(o).items() if k != "written"} for o in report.outputs]
    publications = [(p.document, p.language, p.percent, p.reason, p.linked, p.published, p.fallbacks)
                    for p in report.publications]
    text = repr((outputs, [a.path for a in report.assets], [s.path for s in report.site], publications,
                 report.errors))
    return text.replace(str(root), "<root>")


def assert_same_as_full_build(project: Path, tmp_path: Path, min_percent: float = 80.0) -> Counting:
    counting = Counting()
    incremental = run_build(project, counting, min_percent)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("build", CACHE_DIR))
    full = run_build(fresh, min_percent=min_percent)
    assert build_files(project) == build_files(fresh)
    assert summary(incremental, project) == summary(full, fresh)
    return counting


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def catalog(root: Path, lang: str, doc: str = DOC) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"


def edit_translation(root: Path, lang: str) -> None:
    po = polib.pofile(str(catalog(root, lang)))
    entry = next(e for e in po if e.msgstr and not e.fuzzy and "Noboa" in e.msgid)
    entry.msgstr = entry.msgstr + " (Actualizado.)"
    po.save()


def empty_translations(root: Path, lang: str) -> None:
    po = polib.pofile(str(catalog(root, lang)))
    for entry in list(po)[: len(po) // 2]:
        entry.msgstr = ""
    po.save()


CHANGES = {
    "source edit": lambda root: edit(root / "source" / f"{DOC}.md", "Noboa", "President Noboa"),
    "catalog edit": lambda root: edit_translation(root, "es"),
    "setting: [links.map]": lambda root: (root / "l10n.toml").write_text(
        (root / "l10n.toml").read_text(encoding="utf-8")
        + '\n[links.map]\n"https://www.dw.com/en/" = { es = "https://www.dw.com/es/", de = "https://www.dw.com/de/" }\n',
        encoding="utf-8"),
    "setting: segment by paragraph": lambda root: edit(root / "l10n.toml", 'segment = "sentence"',
                                                        'segment = "paragraph"'),
    "setting: a check turned off": lambda root: (root / "l10n.toml").write_text(
        (root / "l10n.toml").read_text(encoding="utf-8") + 'check.severity.glossary = "off"\n', encoding="utf-8"),
    "image change": lambda root: (root / "source" / "images" / "noboa-podium.jpg").write_bytes(PHOTO + b" v2"),
    "image added": lambda root: (root / "source" / "images" / "soldiers-police.jpg").write_bytes(PHOTO),
    "held back: below min_percent": lambda root: empty_translations(root, "de"),
    "held back: malformed catalog": lambda root: catalog(root, "de").write_text('msgid "x"\nmsgstr\n',
                                                                                 encoding="utf-8"),
    "language removed from config": lambda root: edit(root / "l10n.toml", 'languages = ["en", "es", "de"]',
                                                      'languages = ["en", "es"]'),
    "catalog deleted": lambda root: catalog(root, "es", SECOND).unlink(),
    "document removed": lambda root: (root / "source" / f"{SECOND}.md").unlink(),
    "document added": lambda root: shutil.copy(root / "source" / f"{SECOND}.md", root / "source" / "third.md"),
    "build file deleted": lambda root: (root / "build" / "es" / f"{DOC}.html").unlink(),
    "build file edited": lambda root: (root / "build" / "de" / f"{DOC}.md").write_text("edited by hand\n"),
    "image copy edited": lambda root: (root / "build" / "de" / "images" / "noboa-podium.jpg").write_bytes(b"x"),
    "dashboard edited": lambda root: (root / "build" / "index.html").write_text("edited by hand\n"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_incremental_build_writes_what_a_full_build_writes(project, tmp_path, change):
    run_build(project)
    CHANGES[change](project)
    assert_same_as_full_build(project, tmp_path)


def test_a_changed_min_percent_is_a_full_build_too(project, tmp_path):
    run_build(project)
    counting = assert_same_as_full_build(project, tmp_path, min_percent=99.5)
    assert counting.calls  # it was decided again


def test_only_the_changed_document_is_rendered_again(project, tmp_path):
    run_build(project)
    edit(project / "source" / f"{SECOND}.md", "Noboa's government", "Noboa's cabinet")
    counting = assert_same_as_full_build(project, tmp_path)
    assert {call[1] for call in counting.calls if call[0] != "site"} == {SECOND}


def test_a_build_of_some_languages_or_documents_then_of_all_is_a_full_build(project, tmp_path):
    run_build(project)
    edit(project / "source" / f"{DOC}.md", "Noboa", "President Noboa")
    edit_translation(project, "es")
    ws = Workspace.open(project)
    build(ws, ["es"], ["md"], 80.0, False, [SECOND], Counting().registry)
    (project / "build" / "de" / f"{DOC}.html").unlink()
    assert_same_as_full_build(project, tmp_path)


def _mtimes(root: Path) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_mtime_ns for p in sorted((root / "build").rglob("*"))}


def test_a_build_with_nothing_changed_renders_nothing_and_writes_nothing(project):
    first = run_build(project)
    before = _mtimes(project)
    counting = Counting()
    again = run_build(project, counting)
    assert counting.calls == []
    assert _mtimes(project) == before
    assert not any(o.written for o in again.outputs) and not any(a.written for a in again.assets)
    assert not any(s.written for s in again.site)
    assert summary(again, project) == summary(first, project)


def test_pages_are_known_by_their_stat_and_read_only_when_it_changed(project, monkeypatch):
    """Thousands of pages are not read and hashed on every build: the one rule of every command
    (``cache.file_digest``) takes a page whose size, times and inode are those it had when last
    hashed as it was, except moments after it was written (a second write in the same clock
    tick would not show); one touched is read, found intact and not rendered again; one
    rewritten with other bytes of the same size is rendered again."""
    from l10n_tool import cache as cache_module

    run_build(project)
    build_dir = project / "build"
    page = build_dir / "es" / f"{DOC}.html"
    read: list[Path] = []
    real = cache_module.read_bytes
    monkeypatch.setattr(cache_module, "read_bytes",
                        lambda path: (Path(path).is_relative_to(build_dir) and read.append(Path(path))) or real(path))
    counting = Counting()
    run_build(project, counting)
    assert page in read and counting.calls == []  # written moments ago: not trusted by its stat yet
    monkeypatch.setattr(cache_module, "_SAME_TICK_NS", 0)  # as two seconds later
    run_build(project, counting)
    read.clear()
    run_build(project, counting)
    assert read == [] and counting.calls == []
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns - 10**9))  # touched (in the past)
    run_build(project, counting)
    assert read == [page] and counting.calls == []
    read.clear()
    run_build(project, counting)
    assert read == []  # the touched page's new stat was remembered
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<html", b"<HTML", 1))
    run_build(project, counting)
    assert counting.calls and page.read_bytes() == original


def test_a_build_with_nothing_changed_imports_no_parser(project):
    """No catalog, Markdown or front-matter parser, no template engine (Babel's core is the
    configuration's: it knows the language codes)."""
    run_build(project)
    code = ("import sys; from l10n_tool.cli import main\n"
            "try:\n    main(['--root', sys.argv[1], '-q', 'build'])\nexcept SystemExit as e:\n    code = e.code\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'polib', 'markdown_it', 'jinja2', 'yaml'})\n"
            "print(code, heavy)")
    # The CLI's own build (the default writers) must be what is cached: build once with it.
    subprocess.run([sys.executable, "-c", code, str(project)], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", code, str(project)], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "0 []"


def test_the_dashboard_is_rebuilt_only_when_what_it_shows_changed(project, tmp_path):
    run_build(project)
    dashboard = project / "build" / "index.html"
    before = dashboard.stat().st_mtime_ns
    edit_translation(project, "es")  # new wording: same counts, same decisions, no stale entry
    counting = assert_same_as_full_build(project, tmp_path)
    assert ("site",) not in counting.calls and ("html", DOC, "es") in counting.calls
    assert dashboard.stat().st_mtime_ns == before
    shutil.rmtree(tmp_path / "fresh")
    empty_translations(project, "de")  # counts change, the edition is held back
    counting = assert_same_as_full_build(project, tmp_path)
    assert ("site",) in counting.calls


def test_a_damaged_build_record_means_render_again(project, tmp_path):
    run_build(project)
    for path in (project / CACHE_DIR / "build").glob("*.json"):
        path.write_bytes(b"\x00{not json")
    (project / CACHE_DIR / "build-site.json").write_bytes(b"[1, 2]")
    assert_same_as_full_build(project, tmp_path)


def test_bad_input_leaves_build_as_it_was_and_no_temporary_behind(project):
    run_build(project)
    before = build_files(project)
    source = project / "source" / f"{SECOND}.md"
    source.write_bytes(source.read_bytes() + b"\xff\xfe not UTF-8\n")  # bad input
    edit_translation(project, "es")  # a page of the other document would change
    with pytest.raises(L10nError):
        run_build(project)
    assert build_files(project) == before
    assert not [p for p in (project / "build").rglob("*.tmp")]


def test_files_staged_in_a_worker_process_are_renamed_by_the_parent(tmp_path):
    """Staged files cross the process boundary pickled; "no expectation" must survive that."""
    staging = Staging(root=tmp_path)
    staging.stage(tmp_path / "page.html", b"new")
    (tmp_path / "page.html").write_bytes(b"old")  # an earlier build's file; UNREAD: not checked
    parent = Staging(root=tmp_path)
    parent.adopt(pickle.loads(pickle.dumps(staging.detach())))
    parent.commit()
    assert (tmp_path / "page.html").read_bytes() == b"new"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "corpus"
    generate.generate(root, 20, ["en", "es", "de"])
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    return root


@pytest.mark.slow
def test_build_peak_memory_does_not_grow_with_the_project(corpus, tmp_path, monkeypatch):
    """Pages are staged a document at a time: holding every page until the end would make the
    peak grow with the number of documents (item 4)."""
    monkeypatch.setattr(parallel, "MINIMUM", 10**6)  # one process: tracemalloc sees everything
    render_one = build_module._document

    def with_empty_caches(*args, **kwargs):
        # Bounded caches (lru_cache) and cyclic garbage not collected yet (how much of it there
        # is depends on when the collector last ran, not on the project) would pass for growth.
        for function in bounded_caches():
            function.cache_clear()
        gc.collect()
        return render_one(*args, **kwargs)

    monkeypatch.setattr(build_module, "_document", with_empty_caches)
    peaks = []
    for name, documents in (("warm", 1), ("small", 5), ("large", 20)):
        root = copy_corpus(corpus, tmp_path / name, documents)
        assert run(root, "update").exit_code == 0
        peaks.append(peak_allocation(root, "build", "--min-percent", "0"))
    _, small, large = peaks
    assert large < 1.5 * small, (small, large)


def test_a_full_build_reads_each_catalog_and_segments_each_source_once(project, monkeypatch):
    """Deciding a document reads its catalogs; the dashboard's counts and stale entries of that
    document come from what was read, not from reading it all again."""
    from collections import Counter

    from l10n_tool.catalogs import pofile
    from l10n_tool.sources import segmenting

    shutil.rmtree(project / ".l10n-cache", ignore_errors=True)  # a fresh clone: nothing known yet
    parsed: Counter = Counter()
    read_catalog, segment_document = pofile.read_catalog, segmenting.segment_document

    def reading(data, path):
        parsed[f"{Path(path).parent.parent.name}/{Path(path).name}"] += 1
        return read_catalog(data, path)

    def segmenting_(*args, **kwargs):
        parsed["sources segmented"] += 1
        return segment_document(*args, **kwargs)

    monkeypatch.setattr(pofile, "read_catalog", reading)
    monkeypatch.setattr(segmenting, "segment_document", segmenting_)
    run_build(project)
    assert parsed.pop("sources segmented") == len(list((project / "source").glob("*.md"))) == 2
    assert len(parsed) == 6 and set(parsed.values()) == {1}, parsed  # 2 documents x 3 languages
