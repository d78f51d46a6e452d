"""A catalog a translator saves while ``update`` or ``translate`` runs is never written over.

Deterministic: the translator's save happens inside the command, between its read and its
write, through a hook (the merge for ``update``; the fake service's answer for ``translate``).
The command stops with exit 2 naming the file; the save survives; nothing is lost, and a
second run completes on top of the translator's version.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import DOC, run
from helpers.fakeservers import Behaviour, FakeService, fake_translate
from l10n_tool import updating
from l10n_tool.catalogs.pofile import load_catalog, serialize
from l10n_tool.errors import ChangedMeanwhileError
from l10n_tool.fsutil import write_if_unchanged_since

ES = Path("locales/es/LC_MESSAGES") / f"{DOC}.po"
SAVED = "TRADUCCIÓN GUARDADA POR LA TRADUCTORA"


def _translator_saves(path: Path) -> str:
    """Change one translated entry the way an editor would; return its msgid."""
    catalog = load_catalog(path)
    entry = next(e for e in catalog if not e.obsolete and e.msgstr and not e.fuzzy)
    entry.msgstr = SAVED
    path.write_bytes(serialize(catalog))
    return entry.msgid


def test_write_if_unchanged_since_refuses_to_write_over_a_change(tmp_path):
    target = tmp_path / "a.po"
    target.write_bytes(b"read")
    assert write_if_unchanged_since(target, b"read", b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(ChangedMeanwhileError) as caught:
        write_if_unchanged_since(target, b"read", b"newer")
    assert caught.value.path == str(target) and target.read_bytes() == b"new"
    assert not list(tmp_path.glob(".a.po.*"))  # no temporary file left behind
    assert write_if_unchanged_since(tmp_path / "b.po", None, b"created")
    assert not write_if_unchanged_since(target, b"new", b"new")  # nothing to write


def test_a_save_during_update_survives(project, monkeypatch):
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("unparalleled wave", "unprecedented wave"),
                      encoding="utf-8")
    real_merge = updating.merge
    saved = {}

    def merge_while_the_translator_saves(template, old, **options):
        if old is not None and old.fpath.endswith(str(ES)) and not saved:
            saved["msgid"] = _translator_saves(project / ES)
        return real_merge(template, old, **options)

    monkeypatch.setattr(updating, "merge", merge_while_the_translator_saves)
    result = run(project, "update")
    assert result.exit_code == 2
    assert str(ES) in result.stderr and "changed while l10n was working on it" in result.stderr
    assert {e.msgid: e.msgstr for e in load_catalog(project / ES)}[saved["msgid"]] == SAVED

    monkeypatch.setattr(updating, "merge", real_merge)
    assert run(project, "update").exit_code == 0  # the next run merges on top of the save
    catalog = load_catalog(project / ES)
    assert {e.msgid: e.msgstr for e in catalog}[saved["msgid"]] == SAVED
    assert any(e.fuzzy and e.previous_msgid and "unparalleled" in e.previous_msgid for e in catalog)


def test_a_save_during_translate_survives(project, monkeypatch):
    path = project / ES
    catalog = load_catalog(path)
    emptied = [e for e in catalog if not e.obsolete and e.msgstr][-3:]
    for entry in emptied:
        entry.msgstr = ""
    path.write_bytes(serialize(catalog))
    saved = {}

    def answer_while_the_translator_saves(text: str) -> str:
        if not saved:
            saved["msgid"] = _translator_saves(path)
        return fake_translate(text)

    monkeypatch.setenv("LIBRE_API_KEY", "key")
    with FakeService("libre", Behaviour(translate=answer_while_the_translator_saves)) as service:
        config = project / "l10n.toml"
        config.write_text(config.read_text(encoding="utf-8") +
                          f'\n[translate]\nbackoff = 0.01\n[translate.libre]\nurl = "{service.endpoint}"\n',
                          encoding="utf-8")
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
        assert result.exit_code == 2
        assert str(ES) in result.stderr
        assert {e.msgid: e.msgstr for e in load_catalog(path)}[saved["msgid"]] == SAVED
        again = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert again.exit_code == 0, again.stderr
    after = {e.msgid: e for e in load_catalog(path)}
    assert after[saved["msgid"]].msgstr == SAVED
    for entry in emptied:
        assert after[entry.msgid].msgstr and after[entry.msgid].fuzzy
