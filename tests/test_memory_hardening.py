"""Issue 22, categories 2, 3 and 7: the translation memory loses nothing, is always valid TMX,
and what comes into it from outside (a TMX file) is data, checked."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from lxml import etree

from helpers import DOC, run, snapshot
from l10n_tool.catalogs.pofile import load_catalog

DATA = Path(__file__).parent / "data" / "tmx"
DTD = etree.DTD(str(DATA / "tmx14.dtd"))
ES = Path("locales") / "es" / "LC_MESSAGES" / f"{DOC}.po"


def _set(project: Path, texts: dict[str, str]) -> polib.POFile:
    catalog = polib.pofile(str(project / ES), wrapwidth=0)
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalog.save(str(project / ES))
    return catalog


def _first(project: Path) -> polib.POEntry:
    return next(e for e in load_catalog(project / ES) if e.msgid and e.msgstr and not e.fuzzy and not e.obsolete)


def _memory(project: Path, tmp_path: Path, lang: str = "es") -> dict[str, str]:
    """What ``tm export`` gives for ``lang`` (validated against the TMX 1.4 DTD): source -> target."""
    out = tmp_path / f"export-{lang}.tmx"
    result = run(project, "tm", "export", "--lang", lang, str(out))
    assert result.exit_code == 0, result.stderr
    assert DTD.validate(etree.parse(str(out))), DTD.error_log.filter_from_errors()
    from l10n_tool.memory import read_tmx

    return {u.source: u.target for u in read_tmx(out, "en")[0].get(lang, [])}


# --- category 3: the memory is always valid TMX --------------------------------------------------

CONTROL = ["\f", "\x01", "\x00", "\x1b", "\ufffe", "\x7f"]


@pytest.mark.parametrize("char", CONTROL)
def test_a_control_character_round_trips_through_the_memory(project, tmp_path, char):
    entry = _first(project)
    translation = f"Antes{char}después {entry.msgstr}"
    from l10n_tool.memory import Unit, read_tmx, tmx_bytes

    path = tmp_path / "m.tmx"
    path.write_bytes(tmx_bytes([Unit(entry.msgid, translation, "es", DOC)], "en"))
    assert DTD.validate(etree.parse(str(path))), DTD.error_log.filter_from_errors()
    assert [(u.source, u.target) for u in read_tmx(path, "en")[0]["es"]] == [(entry.msgid, translation)]


@pytest.mark.parametrize("char", ["\f", "\x01"])
def test_no_obsolete_with_a_control_character_keeps_update_working(project, tmp_path, char):
    entry = _first(project)
    _set(project, {entry.msgid: f"Antes{char}después"})
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(entry.msgid, "A new sentence."), encoding="utf-8")
    result = run(project, "update", "--no-obsolete")
    assert result.exit_code == 0, result.stderr
    memory = project / "tm" / "es.tmx"
    assert DTD.validate(etree.parse(str(memory))), DTD.error_log.filter_from_errors()
    result = run(project, "update")
    assert result.exit_code == 0, result.stderr
    assert _memory(project, tmp_path)[entry.msgid] == f"Antes{char}después"


def test_a_damaged_memory_is_reported_once_and_blocks_no_update(project):
    memory = project / "tm" / "es.tmx"
    memory.parent.mkdir()
    memory.write_bytes(b'<?xml version="1.0"?>\n<tmx version="1.4"><body><tu>\x0c</tu></body></tmx>\n')
    (project / "source" / "more.md").write_text("A sentence nobody translated.\n\nAnother one.\n", encoding="utf-8")
    result = run(project, "update")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "tm/es.tmx" in line]
    assert len(warnings) == 1 and warnings[0].startswith("l10n: warning: ") and ":2:" in warnings[0], result.stderr
    assert (project / "locales" / "es" / "LC_MESSAGES" / "more.po").exists()
    assert memory.read_bytes().startswith(b'<?xml')  # left as it was for someone to fix


def test_no_obsolete_never_overwrites_a_damaged_memory(project):
    memory = project / "tm" / "es.tmx"
    memory.parent.mkdir()
    memory.write_bytes(b"<tmx><body><tu>")
    entry = _first(project)
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(entry.msgid, "A new sentence."), encoding="utf-8")
    run(project, "update")
    before = snapshot(project)
    result = run(project, "update", "--no-obsolete")
    assert result.exit_code == 2 and "tm/es.tmx" in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(project) == before


# --- category 7: a TMX file is data, checked ------------------------------------------------------

@pytest.mark.parametrize("encoding", ["x-no-such-encoding", "shift_jis", "utf-16", "utf-32"])
def test_a_tmx_declaring_an_encoding_it_cannot_be_read_in_is_one_line(project, tmp_path, encoding):
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n<tmx version="1.4"><header srclang="en"/>'
                    '<body/></tmx>\n'.encode())
    before = snapshot(project)
    result = run(project, "tm", "import", str(bad))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"l10n: error: {bad}:1: ") and len(result.stderr.splitlines()) == 1
    assert snapshot(project) == before
