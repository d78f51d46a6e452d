"""Zero churn with translators' tools (issue 12, items 1, 2, 3, 7, 9), real tools as oracles.

Each writer (GNU msgcat with and without wrapping, msgmerge, polib, Translate Toolkit) saves
every catalog of the shipped project; ``l10n update`` then changes no byte and
``update --check`` exits 0.  After one source sentence changes, only that entry's lines
change.  Catalogs l10n creates are what msgcat makes of them, at po_width 79 and 0.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from helpers import DOC, run, snapshot

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")


def catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po")) + sorted((root / "locales").glob("*.pot"))


def _msgcat(*options):
    def save(path: Path, root: Path):
        subprocess.run(["msgcat", *options, "-o", str(path), str(path)], check=True)
    return save


def _msgmerge(path: Path, root: Path):
    if path.suffix == ".po":
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path),
                        str(root / "locales" / f"{DOC}.pot")], check=True)


def _polib(path: Path, root: Path):
    polib.pofile(str(path)).save()


def _translate_toolkit(path: Path, root: Path):
    po = pytest.importorskip("translate.storage.po")
    path.write_bytes(bytes(po.pofile(path.read_bytes())))


WRITERS = {"msgcat": _msgcat(), "msgcat --no-wrap": _msgcat("--no-wrap"), "msgmerge": _msgmerge,
           "polib": _polib, "translate-toolkit": _translate_toolkit}


@needs_gettext
@pytest.mark.parametrize("writer", WRITERS)
def test_update_changes_nothing_after_a_tool_saved_every_catalog(project, writer):
    assert run(project, "update").exit_code == 0
    for path in catalogs(project):
        WRITERS[writer](path, project)
    before = snapshot(project)
    check = run(project, "update", "--check")
    assert check.exit_code == 0, check.stdout + check.stderr
    result = run(project, "update")
    assert result.exit_code == 0, result.stderr
    assert snapshot(project) == before
    assert "0 of" in result.stdout


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().split("\n"), after.decode().split("\n"), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@needs_gettext
def test_one_sentence_edit_after_msgcat_changes_only_that_entry(project):
    for path in catalogs(project):
        _msgcat()(path, project)
    assert run(project, "update", "--check").exit_code == 0
    before = {p: p.read_bytes() for p in catalogs(project)}
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    assert "unparalleled wave" in text
    source.write_text(text.replace("unparalleled wave", "unprecedented wave"), encoding="utf-8")

    check = run(project, "update", "--check")
    assert check.exit_code == 1
    for path in catalogs(project):
        assert f"would change: {path.relative_to(project).as_posix()}" in check.stdout
    assert {p: p.read_bytes() for p in catalogs(project)} == before  # --check wrote nothing

    assert run(project, "update").exit_code == 0
    for path in catalogs(project):
        changed = _changed_lines(before[path], path.read_bytes())
        entry_lines = [line for line in changed if "POT-Creation-Date" not in line]
        assert entry_lines, path
        # Only the edited entry's lines: its msgid (old and new), and in catalogs the stale
        # markers (#, fuzzy and the #| previous source).
        for line in entry_lines:
            assert ("unparalleled" in line or "unprecedented" in line or line[1:] == "#, fuzzy"
                    or line[1:].startswith('#| "') or line[1:].startswith('"')), (path, line)
        assert len(entry_lines) < 20, (path, entry_lines)


@needs_gettext
@pytest.mark.parametrize("width, options", [(79, []), (0, ["--no-wrap"])])
def test_catalogs_created_by_l10n_are_what_msgcat_writes(project, width, options):
    shutil.rmtree(project / "locales")
    with (project / "l10n.toml").open("a", encoding="utf-8") as config:
        config.write(f"po_width = {width}\n")
    assert run(project, "update").exit_code == 0
    created = catalogs(project)
    assert len(created) == 4
    for path in created:
        gnu = subprocess.run(["msgcat", *options, str(path)], capture_output=True, check=True).stdout
        assert path.read_bytes() == gnu, path


def test_shipped_catalogs_are_stable(project):
    before = snapshot(project)
    assert run(project, "update", "--check").exit_code == 0
    assert run(project, "update").exit_code == 0
    assert snapshot(project) == before


def test_dry_run_prints_the_summary_and_writes_nothing(project):
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("unparalleled wave", "unprecedented wave"),
                      encoding="utf-8")
    before = snapshot(project)
    result = run(project, "update", "--dry-run")
    assert result.exit_code == 0
    assert "locales/es/LC_MESSAGES/ecuador-military-support.po: 0 new, 1 stale" in result.stdout
    assert "would be updated" in result.stdout and "(dry run)" in result.stdout
    assert snapshot(project) == before
    assert not (project / ".l10n-cache").exists()


def test_no_obsolete_drops_obsolete_entries_into_translation_memory(project):
    source = project / "source" / f"{DOC}.md"
    sentence = "It also makes sense to look at other Latin American countries."
    text = source.read_text(encoding="utf-8")
    assert sentence in text
    source.write_text(text.replace(sentence, ""), encoding="utf-8")
    assert run(project, "update").exit_code == 0
    es = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    obsolete = [e for e in polib.pofile(str(es)) if e.obsolete]
    assert obsolete and all(e.msgstr for e in obsolete)

    result = run(project, "update", "--no-obsolete")
    assert result.exit_code == 0, result.stderr
    assert not [e for e in polib.pofile(str(es)) if e.obsolete]
    memory = (project / "tm" / "es.tmx").read_text(encoding="utf-8")
    for entry in obsolete:
        assert polib.escape(entry.msgstr).replace('\\"', '"') in memory.replace("&quot;", '"')
    # Without the flag, obsolete entries stay (nothing to drop now, nothing rewritten).
    before = snapshot(project)
    assert run(project, "update").exit_code == 0
    assert snapshot(project) == before
