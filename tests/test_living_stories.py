"""Issue 19 items 1-2: edits that cannot change what a translation says are carried by ``update``.

Scenarios on a copy of the repository's article (source + es/de catalogs): a number edit is
written into each translation in its language's form and marked for review; a number edit
that changes the target's plural category goes stale; cosmetic edits (quotes, apostrophes, a
reflowed line, a link destination) leave every entry translated.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import DOC, run, snapshot

from l10n_tool.catalogs.pofile import AUTO_MARK

TARGETS = ("es", "de")


def edit_source(root: Path, old: str, new: str) -> None:
    path = root / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def catalog(root: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"))


def entry_with(root: Path, lang: str, start: str) -> polib.POEntry:
    (entry,) = [e for e in catalog(root, lang) if not e.obsolete and e.msgid.startswith(start)]
    return entry


def review(root: Path, lang: str, start: str, msgstr: str) -> None:
    """What a translator's tool does: a new translation, no longer fuzzy, no previous source."""
    po = catalog(root, lang)
    (entry,) = [e for e in po if not e.obsolete and e.msgid.startswith(start)]
    entry.msgstr = msgstr
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgid = None
    entry.tcomment = ""
    po.save()


def status(root: Path) -> dict[str, dict]:
    result = run(root, "status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {row["language"]: row for row in json.loads(result.stdout)["catalogs"]}


def update_twice(root: Path) -> None:
    first = run(root, "update")
    assert first.exit_code == 0, first.stderr
    before = snapshot(root)
    second = run(root, "update")
    assert second.exit_code == 0 and "0 of 4 files written" in second.stdout
    assert snapshot(root) == before
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        for lang in ("en", *TARGETS):
            path = root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"
            subprocess.run([msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(path)], check=True)


def test_a_changed_figure_is_written_into_every_translation_in_its_form(project):
    edit_source(project, "Some 1,300 murders", "Some 1,350 murders")
    update_twice(project)

    rows = status(project)
    for lang in TARGETS:
        assert rows[lang]["percent"] == 100.0 and rows[lang]["stale"] == 0
        assert rows[lang]["auto_updated"] == 1
    assert rows["en"]["auto_updated"] == 0  # the identity catalog follows the source
    assert "unos 1350 asesinatos" in entry_with(project, "es", "Some 1,350").msgstr
    assert "rund 1350 Morde" in entry_with(project, "de", "Some 1,350").msgstr
    for lang in TARGETS:  # the mark translators find in Poedit and Weblate
        assert entry_with(project, lang, "Some 1,350").tcomment.startswith(AUTO_MARK + " 1,300 → 1,350")

    text = run(project, "status").stdout
    assert text.count("(1 updated automatically)") == 2
    diff = run(project, "diff")
    assert "(updated automatically)" in diff.stdout and "[-1,300-]{+1,350+}" in diff.stdout
    assert "0 stale entries, 2 updated automatically" in diff.stdout

    build = run(project, "build", "--strict")
    assert build.exit_code == 0, build.stdout + build.stderr
    for lang in TARGETS:  # whole pages: no sentence fell back to the source language
        page = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
        assert '<span lang="en"' not in page and "1350" in page and "1,300" not in page
    dashboard = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert dashboard.count('data-auto-updated="1"') == 2

    review(project, "de", "Some 1,350", entry_with(project, "de", "Some 1,350").msgstr)
    assert status(project)["de"]["auto_updated"] == 0  # the translator's save that drops the mark


def test_a_figure_that_changes_the_plural_category_goes_stale(project):
    edit_source(project, "an increase of 40% since 2023", "an increase of 1% since 2023")
    update_twice(project)
    rows = status(project)
    for lang in TARGETS:  # 40 -> 1: "other" -> "one" in es and de
        assert rows[lang]["stale"] == 1 and rows[lang]["auto_updated"] == 0
    review(project, "es", "Some 1,300", "En los primeros 50 días de 2025 se registraron unos 1300 asesinatos "
           "—es decir, uno por hora—, lo que supone un aumento del 1 % con respecto a 2023.")
    review(project, "de", "Some 1,300", "In den ersten 50 Tagen des Jahres 2025 wurden rund 1300 Morde "
           "registriert – das ist ein Mord pro Stunde und entspricht einem Anstieg um 1 Prozent seit 2023.")
    update_twice(project)
    assert all(status(project)[lang]["percent"] == 100.0 for lang in TARGETS)

    edit_source(project, "an increase of 1% since 2023", "an increase of 2% since 2023")
    update_twice(project)
    rows = status(project)
    for lang in TARGETS:  # 1 -> 2: "one" -> "other"
        assert rows[lang]["stale"] == 1 and rows[lang]["auto_updated"] == 0
        entry = entry_with(project, lang, "Some 1,300")
        assert "fuzzy" in entry.flags and " 1 " in entry.msgstr


def test_quotes_a_reflowed_line_and_a_link_destination_leave_every_entry_translated(project):
    edit_source(project, "British broadcaster BBC,", "British broadcaster [BBC](https://www.bbc.com/news),")
    run(project, "update")
    review(project, "es", "In an interview", "En una entrevista con la cadena británica [BBC](https://www.bbc.com/news), "
           "el presidente ecuatoriano, Daniel Noboa, pidió apoyo militar a la comunidad internacional.")
    review(project, "de", "In an interview", "In einem Interview mit dem britischen Sender "
           "[BBC](https://www.bbc.com/news/) bat Ecuadors Präsident Daniel Noboa die internationale "
           "Gemeinschaft um militärische Unterstützung.")  # another destination: matched by position
    update_twice(project)
    assert all(status(project)[lang]["percent"] == 100.0 for lang in TARGETS)

    edit_source(project, 'Ecuador is "one of the region’s most significant drug trafficking hubs."',
                "Ecuador is “one of the region's most significant drug trafficking hubs.”")
    edit_source(project, "unparalleled wave of violence. Some 1,300 murders were recorded",
                "unparalleled wave of violence. Some 1,300 murders\nwere recorded")
    edit_source(project, "Ecuador's Institute", "Ecuador’s Institute")
    edit_source(project, "(https://www.bbc.com/news)", "(https://www.bbc.co.uk/news)")
    update_twice(project)

    rows = status(project)
    for lang in ("en", *TARGETS):
        assert rows[lang]["percent"] == 100.0 and rows[lang]["fuzzy"] == 0 and rows[lang]["auto_updated"] == 0
    for lang in TARGETS:
        msgstr = entry_with(project, lang, "In an interview").msgstr
        assert "(https://www.bbc.co.uk/news)" in msgstr and "bbc.com" not in msgstr
    assert entry_with(project, "es", "According to").msgstr.endswith("«uno de los centros de narcotráfico "
                                                                      "más importantes de la región».")
    build = run(project, "build", "--strict")
    assert build.exit_code == 0, build.stdout + build.stderr
    for lang in TARGETS:
        page = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
        assert 'href="https://www.bbc.co.uk/news"' in page and '<span lang="en"' not in page


@pytest.mark.parametrize("edit", [
    ("more human rights violations", "more serious human rights violations"),  # a word
    ("Daniel Noboa asked", "Daniel Noboa *asked*"),  # emphasis
])
def test_other_edits_still_go_stale(project, edit):
    edit_source(project, *edit)
    update_twice(project)
    rows = status(project)
    for lang in TARGETS:
        assert rows[lang]["stale"] == 1 and rows[lang]["auto_updated"] == 0


# --- issue 23 items 2 and 3: location comments that do not churn; the similarity switch --------

INSERTED = "The army was deployed in Guayaquil on Monday.\n\n"


def _set_config(root: Path, text: str) -> None:
    config = root / "l10n.toml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("segment"))  # top level, before any table
    config.write_text("\n".join(lines[:at + 1] + [text] + lines[at + 1:]), encoding="utf-8")


def _blocks(root: Path, lang: str) -> list[str]:
    return (root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po").read_text(encoding="utf-8").split("\n\n")


def _insert_at_top(root: Path) -> None:
    path = root / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + len("\n---\n\n")
    path.write_text(text[:body] + INSERTED + text[body:], encoding="utf-8")


@pytest.mark.parametrize("locations", ["file", "never"])
def test_an_inserted_sentence_changes_no_other_entry_under_file_or_never_locations(project, locations):
    _set_config(project, f'locations = "{locations}"')
    update_twice(project)
    for lang in ("en", *TARGETS):
        references = [line for block in _blocks(project, lang) for line in block.split("\n") if line.startswith("#:")]
        if locations == "never":
            assert references == []
        else:  # the file once per entry, no line numbers
            assert references and set(references) == {f"#: source/{DOC}.md"}
    before = {lang: _blocks(project, lang) for lang in ("en", *TARGETS)}

    _insert_at_top(project)
    update_twice(project)
    for lang in ("en", *TARGETS):
        after = _blocks(project, lang)
        old_entries, new_entries = before[lang][1:], after[1:]  # the header's date moves
        assert [b for b in new_entries if b not in old_entries] == [
            b for b in new_entries if INSERTED.strip().replace('"', '\\"') in b]
        assert [b for b in old_entries if b not in new_entries] == []


def test_full_locations_move_with_an_inserted_sentence(project):
    """The default, as before: ``#: file:line`` (what "file" and "never" avoid)."""
    before = _blocks(project, "de")
    _insert_at_top(project)
    update_twice(project)
    moved = [b for b in _blocks(project, "de")[1:] if b not in before[1:]]
    assert len(moved) > 40


def test_bad_locations_value_is_a_config_error(project):
    _set_config(project, 'locations = "sometimes"')
    result = run(project, "update")
    assert result.exit_code == 2 and "locations" in result.stderr and "l10n.toml" in result.stderr


REWORDED = ("Ecuador is currently experiencing an unparalleled wave of violence.",
            "Ecuador is currently suffering an unprecedented wave of violence.")


@pytest.mark.parametrize("how", ["-N", "--no-fuzzy-matching", "config"])
def test_similarity_matching_can_be_turned_off(project, how):
    edit_source(project, *REWORDED)
    if how == "config":
        project.joinpath("l10n.toml").write_text(
            project.joinpath("l10n.toml").read_text(encoding="utf-8") + "\n[update]\nfuzzy_matching = false\n",
            encoding="utf-8")
        args = ("update",)
    else:
        args = ("update", how)
    result = run(project, *args)
    assert result.exit_code == 0, result.stderr
    rows = status(project)
    for lang in TARGETS:  # no stale entry: a new one (at most a memory suggestion), the old one obsolete
        assert rows[lang]["stale"] == 0 and rows[lang]["obsolete"] == 1
        assert entry_with(project, lang, REWORDED[1]).previous_msgid is None
        (gone,) = [e for e in catalog(project, lang) if e.obsolete]
        assert gone.msgid == REWORDED[0] and gone.msgstr


def test_the_similarity_threshold_is_a_setting(project):
    edit_source(project, *REWORDED)
    run(project, "update", "--dry-run")
    project.joinpath("l10n.toml").write_text(
        project.joinpath("l10n.toml").read_text(encoding="utf-8") + "\n[update]\nsimilarity = 95\n", encoding="utf-8")
    assert run(project, "update").exit_code == 0
    assert all(status(project)[lang]["stale"] == 0 and status(project)[lang]["obsolete"] == 1 for lang in TARGETS)


def test_the_default_threshold_makes_the_reworded_sentence_stale(project):
    edit_source(project, *REWORDED)
    assert run(project, "update").exit_code == 0
    assert all(status(project)[lang]["stale"] == 1 and status(project)[lang]["obsolete"] == 0 for lang in TARGETS)


@pytest.mark.parametrize("value", ["101", "-1", '"high"'])
def test_a_bad_similarity_is_a_config_error(project, value):
    project.joinpath("l10n.toml").write_text(
        project.joinpath("l10n.toml").read_text(encoding="utf-8") + f"\n[update]\nsimilarity = {value}\n",
        encoding="utf-8")
    result = run(project, "update")
    assert result.exit_code == 2 and "similarity" in result.stderr
