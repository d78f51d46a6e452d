"""Translation memory: prefill on ``l10n update``, TMX 1.4 export and import."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from helpers import DOC, run, snapshot
from l10n_tool.catalogs.pofile import load_catalog

DATA = Path(__file__).parent / "data" / "tmx"
DTD = etree.DTD(str(DATA / "tmx14.dtd"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

EXACT_1 = "Ecuador is currently experiencing an unparalleled wave of violence."
EXACT_2 = "Election runoff due on April 13"
NEAR = ("Noboa's popularity has fallen in recent weeks, leading to speculation that his call for military "
        "intervention could also be driven by the upcoming election.")
NEAR_OF = ("Noboa's popularity has fallen in recent months, leading to speculation that his call for military "
           "intervention could also be driven by the upcoming election.")
NEW = "Markets in Guayaquil reopened on Monday."
FOLLOW_UP = f"""\
---
title: {EXACT_2}
---

{EXACT_1} {NEAR} {NEW}
"""


def _po(root: Path, lang: str, doc: str):
    return load_catalog(root / "locales" / lang / "LC_MESSAGES" / f"{doc}.po")


def _entries(root: Path, lang: str, doc: str) -> dict:
    return {e.msgid: e for e in _po(root, lang, doc) if e.msgid}


def test_new_document_repeating_the_article_is_prefilled(project):
    (project / "source" / "follow-up.md").write_text(FOLLOW_UP, encoding="utf-8")
    result = run(project, "update")
    assert result.exit_code == 0, result.stderr
    article = _entries(project, "es", DOC)
    new = _entries(project, "es", "follow-up")
    for msgid in (EXACT_1, EXACT_2):
        entry = new[msgid]
        assert entry.msgstr == article[msgid].msgstr and entry.fuzzy
        assert f"translation memory: {DOC} (100%)" in entry.comment.split("\n")
    near = new[NEAR]
    assert near.msgstr == article[NEAR_OF].msgstr and near.fuzzy
    (line,) = [line for line in near.comment.split("\n") if line.startswith("translation memory:")]
    score = int(line.rsplit("(", 1)[1].rstrip("%)"))
    assert 90 <= score < 100
    assert new[NEW].msgstr == "" and not new[NEW].fuzzy
    assert "es/LC_MESSAGES/follow-up.po: 4 new, 0 stale, 0 obsolete, 3 from translation memory" in result.stdout
    # German too, from the German article; the source language stays an identity catalog.
    assert _entries(project, "de", "follow-up")[EXACT_1].msgstr == _entries(project, "de", DOC)[EXACT_1].msgstr
    english = _entries(project, "en", "follow-up")
    assert all(e.msgstr == e.msgid and not e.fuzzy for e in english.values())
    # The prefill is stable: a second update rewrites nothing.
    before = snapshot(project)
    assert run(project, "update").exit_code == 0
    assert snapshot(project) == before


def test_similarity_threshold_and_switch_are_configurable(project):
    (project / "source" / "follow-up.md").write_text(FOLLOW_UP, encoding="utf-8")
    with (project / "l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tm]\nmin_similarity = 99.5\n")
    assert run(project, "update", "--lang", "es").exit_code == 0
    new = _entries(project, "es", "follow-up")
    assert new[EXACT_1].msgstr and new[NEAR].msgstr == ""
    (project / "source" / "other.md").write_text(FOLLOW_UP, encoding="utf-8")
    config = (project / "l10n.toml").read_text(encoding="utf-8")
    (project / "l10n.toml").write_text(config + "prefill = false\n", encoding="utf-8")
    assert run(project, "update", "--lang", "es").exit_code == 0
    assert all(e.msgstr == "" for e in _entries(project, "es", "other").values())


def test_fuzzy_suggestions_are_not_memory(project):
    (project / "source" / "follow-up.md").write_text(FOLLOW_UP, encoding="utf-8")
    catalog_path = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = load_catalog(catalog_path)
    for entry in catalog:
        if entry.msgid == EXACT_1:
            entry.flags.append("fuzzy")
    catalog.save(str(catalog_path))
    assert run(project, "update", "--lang", "es").exit_code == 0
    assert _entries(project, "es", "follow-up")[EXACT_1].msgstr == ""


def test_unknown_tm_key_is_reported_with_its_line(project):
    config = project / "l10n.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\n[tm]\nthreshold = 80\n", encoding="utf-8")
    before = snapshot(project)
    result = run(project, "update")
    assert result.exit_code == 2
    assert f"l10n.toml:{text.count(chr(10)) + 3}: [tm]: unknown key 'threshold'" in result.stderr
    assert snapshot(project) == before


def _units(path: Path) -> list[tuple]:
    root = ET.parse(path).getroot()
    out = []
    for tu in root.iter("tu"):
        props = tuple((p.get("type"), p.text) for p in tu.findall("prop"))
        tuvs = tuple((t.get(XML_LANG), t.find("seg").text) for t in tu.findall("tuv"))
        out.append((props, tuvs))
    return out


def test_export_validates_against_tmx_1_4(project, tmp_path):
    out = tmp_path / "es.tmx"
    result = run(project, "tm", "export", "--lang", "es", str(out))
    assert result.exit_code == 0, result.stderr
    tree = etree.parse(str(out))
    assert DTD.validate(tree), DTD.error_log.filter_from_errors()
    assert tree.docinfo.doctype == '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    header = tree.getroot().find("header")
    assert tree.getroot().get("version") == "1.4" and header.get("srclang") == "en"
    units = _units(out)
    catalog = [e for e in _po(project, "es", DOC) if e.msgid and e.msgstr and not e.fuzzy]
    assert len(units) == len(catalog)
    assert units[0] == (((("x-l10n-document", DOC),)), (("en", catalog[0].msgid), ("es", catalog[0].msgstr)))


def test_the_validator_catches_a_broken_tmx(tmp_path):
    broken = tmp_path / "broken.tmx"
    broken.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>'
                      '<tu><seg>no tuv</seg></tu></body></tmx>', encoding="utf-8")
    assert not DTD.validate(etree.parse(str(broken)))


def test_export_reimports_into_an_empty_project_unchanged(project, tmp_path):
    exported = tmp_path / "es.tmx"
    assert run(project, "tm", "export", "--lang", "es", str(exported)).exit_code == 0
    empty = tmp_path / "empty"
    assert run(None, "--root", str(empty), "init").exit_code == 0
    result = run(empty, "tm", "import", str(exported))
    assert result.exit_code == 0, result.stderr
    assert "es: " in result.stdout and "new units" in result.stdout
    again = tmp_path / "again.tmx"
    assert run(empty, "tm", "export", "--lang", "es", str(again)).exit_code == 0
    assert _units(again) == _units(exported)
    assert again.read_bytes() == exported.read_bytes()
    # Importing the same file twice adds nothing.
    before = snapshot(empty)
    result = run(empty, "tm", "import", str(exported))
    assert "es: 0 new units" in result.stdout
    assert snapshot(empty) == before


def test_imported_memory_from_a_cat_tool_prefills(project):
    result = run(project, "tm", "import", str(DATA / "cat-tool.tmx"))
    assert result.exit_code == 0, result.stderr
    assert "es: 2 new units" in result.stdout and "de: 1 new units" in result.stdout
    assert "skipped 2 units" in result.stdout and "FR-FR" in result.stdout and "IT" in result.stdout
    memory = project / "tm" / "es.tmx"
    assert DTD.validate(etree.parse(str(memory)))
    (project / "source" / "runoff.md").write_text(
        "The runoff is due on **April 13**.\n\nVoters queue in Quito.\n", encoding="utf-8")
    assert run(project, "update").exit_code == 0
    es = _entries(project, "es", "runoff")
    # Inline tags of the CAT tool's segment come back as the Markdown they stand for.
    assert es["The runoff is due on **April 13**."].msgstr == "La segunda vuelta será el **13 de abril**."
    assert es["Voters queue in Quito."].msgstr == "Los votantes hacen cola en Quito."
    assert "translation memory: tm:cat-tool.tmx (100%)" in es["Voters queue in Quito."].comment
    assert _entries(project, "de", "runoff")["The runoff is due on **April 13**."].msgstr == \
        "Die Stichwahl ist am **13. April**."


@pytest.mark.parametrize("content, line", [
    ('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu></body>\n</tmx>\n', 4),
    ('<?xml version="1.0"?>\n<html><body/></html>\n', 1),
])
def test_malformed_tmx_is_exit_2_and_changes_nothing(project, tmp_path, content, line):
    bad = tmp_path / "bad.tmx"
    bad.write_text(content, encoding="utf-8")
    before = snapshot(project)
    result = run(project, "tm", "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"l10n: error: {bad}:{line}: ")
    assert snapshot(project) == before


def test_export_of_the_source_language_is_refused(project, tmp_path):
    result = run(project, "tm", "export", "--lang", "en", str(tmp_path / "en.tmx"))
    assert result.exit_code == 2 and not (tmp_path / "en.tmx").exists()


@pytest.mark.parametrize("blocked", ["es", "de"])
def test_an_import_that_cannot_write_one_language_writes_none(project, blocked):
    """Each language's memory is staged as it is made; a failure later leaves every file as it was."""
    (project / "tm" / f"{blocked}.tmx").mkdir(parents=True)  # a folder where the memory file belongs
    before = snapshot(project)
    result = run(project, "tm", "import", str(DATA / "cat-tool.tmx"))
    assert result.exit_code == 2 and f"{blocked}.tmx" in result.stderr
    assert snapshot(project) == before
    assert not [p for p in (project / "tm").iterdir() if p.name.endswith(".tmp")]


def test_adding_a_document_parses_no_other_catalog(project, monkeypatch):
    """Issue 25 goal 5: the memory of an unchanged catalog comes from what update stored in the
    cache when it wrote it; the new document is prefilled all the same."""
    from l10n_tool.catalogs import pofile

    assert run(project, "update").exit_code == 0
    parsed: list[str] = []
    real = pofile.read_catalog

    def reading(data, path):
        parsed.append(Path(path).name)
        return real(data, path)

    monkeypatch.setattr(pofile, "read_catalog", reading)
    (project / "source" / "follow-up.md").write_text(FOLLOW_UP, encoding="utf-8")
    assert run(project, "update").exit_code == 0
    assert f"{DOC}.po" not in parsed and f"{DOC}.pot" not in parsed
    new = _entries(project, "es", "follow-up")
    assert new[EXACT_1].msgstr == _entries(project, "es", DOC)[EXACT_1].msgstr and new[EXACT_1].fuzzy
