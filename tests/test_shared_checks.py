"""Issue 25 goal 1: the checks ``build`` runs are the checks ``check`` runs, one result per entry
and its inputs, kept in the cache and shared by both commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import DOC, run, snapshot

from l10n_tool.checks import entries

CATALOG = Path("locales") / "de" / "LC_MESSAGES" / f"{DOC}.po"


@pytest.fixture
def computed(monkeypatch) -> list[tuple[str, str]]:
    """The pairs whose findings were computed rather than taken from the cache. (A translation
    identical to its source is always checked afresh: ``unchanged`` weighs the whole catalog.)"""
    seen: list[tuple[str, str]] = []
    real = entries.findings

    def counting(source, translation, *args):
        if translation.strip() != source.strip():
            seen.append((source, translation))
        return real(source, translation, *args)

    monkeypatch.setattr(entries, "findings", counting)
    return seen


def _failing(project: Path) -> None:
    """Two German translations that fail an error-level check: build falls back to the source for them."""
    path = project / CATALOG
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "Stichwahl am 13. April"' in text
    text = text.replace('msgstr "Stichwahl am 13. April"', 'msgstr "Stichwahl am 18. April"')
    assert "gegen die Drogenbanden" in text
    text = text.replace("gegen die Drogenbanden", "gegen die Drogenbanden (2024)")
    path.write_text(text, encoding="utf-8")


def test_a_check_before_a_build_leaves_build_nothing_to_check(project, computed):
    _failing(project)
    assert run(project, "check").exit_code == 1
    assert computed  # check computed them...
    computed.clear()
    result = run(project, "build")
    assert result.exit_code == 0, result.stderr
    assert "numbers" in result.stdout  # ...and build reports what they found
    assert computed == []


def test_an_edited_entry_is_checked_again_alone(project, computed):
    assert run(project, "check").exit_code == 0
    assert run(project, "build").exit_code == 0
    path = project / CATALOG
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("gegen die Drogenbanden", "gegen die Drogenkartelle"), encoding="utf-8")
    computed.clear()
    assert run(project, "build").exit_code == 0
    assert [translation for _, translation in computed] == ["**Kokainkriege: Deutschlands Kampf gegen die "
                                                            "Drogenkartelle**"]


def test_findings_are_checked_again_when_the_glossary_changes(project, computed):
    assert run(project, "check").exit_code == 0
    computed.clear()
    glossary = project / "glossary.toml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace('"USAID",', '"USAID", "Quito",'),
                        encoding="utf-8")
    assert run(project, "build").exit_code == 0
    assert computed


def test_a_build_with_shared_check_results_writes_what_one_without_writes(project, tmp_path):
    _failing(project)
    with_check = tmp_path / "with-check"
    shutil.copytree(project, with_check)
    assert run(with_check, "check").exit_code == 1
    shared = run(with_check, "build")
    alone = run(project, "build")
    assert shared.exit_code == alone.exit_code == 0
    assert shared.stdout == alone.stdout and "fallback" in alone.stdout
    assert snapshot(with_check / "build") == snapshot(project / "build")


def test_findings_of_pairs_no_longer_in_a_catalog_are_dropped_by_check(project):
    from l10n_tool.cache import CACHE_DIR
    from l10n_tool.checks.entry_cache import pair_key

    old = ("**The cocaine wars: Germany's fight against drug gangs**",
           "**Kokainkriege: Deutschlands Kampf gegen die Drogenbanden**")
    stored = project / CACHE_DIR / "entries" / (CATALOG.as_posix().replace("/", "%") + ".json")
    assert run(project, "check").exit_code == 0
    assert pair_key(*old, ()) in stored.read_text(encoding="utf-8")
    path = project / CATALOG
    path.write_text(path.read_text(encoding="utf-8").replace("Drogenbanden", "Drogenkartelle"), encoding="utf-8")
    assert run(project, "check").exit_code == 0
    text = stored.read_text(encoding="utf-8")
    assert pair_key(*old, ()) not in text and pair_key(old[0], old[1].replace("banden", "kartelle"), ()) in text
