"""``merge()`` on its own, table-driven: each row is a template, an old catalog and what must come out.

Catalogs in the table are written in PO syntax (read with the tool's own reader), so a row
reads like the files translators see.  The last column lists the merged entries as
``(state, msgctxt, msgid, translation)`` where state is current, stale, fuzzy or obsolete.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n_tool.catalogs.merge import KEPT_LABEL, merge, translation
from l10n_tool.catalogs.pofile import read_catalog
from l10n_tool.catalogs.reader import Entry

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def catalog(body: str):
    return read_catalog((HEADER + body).encode("utf-8"), Path("old.po"))


def template(*msgids: str) -> list[Entry]:
    return [Entry(msgid=m, msgstr="", occurrences=[("source/a.md", str(i + 1))], comment="type: paragraph")
            for i, m in enumerate(msgids)]


def state(entry) -> str:
    if entry.obsolete:
        return "obsolete"
    if entry.fuzzy and entry.previous_msgid is not None:
        return "stale"
    return "fuzzy" if entry.fuzzy else "current"


ROWS = {
    "exact match kept": (
        ["Hello."], 'msgid "Hello."\nmsgstr "Hola."\n',
        [("current", None, "Hello.", ("Hola.",))]),
    "plural entry kept with every form": (
        ["One file."], 'msgid "One file."\nmsgid_plural "%d files."\nmsgstr[0] "Un fichero."\nmsgstr[1] "%d ficheros."\n',
        [("current", None, "One file.", ("", "Un fichero.", "%d ficheros."))]),
    "plural entry gone becomes obsolete with every form": (
        ["Other."], 'msgid "One file."\nmsgid_plural "%d files."\nmsgstr[0] "Un fichero."\nmsgstr[1] "%d ficheros."\n',
        [("current", None, "Other.", ("",)),
         ("obsolete", None, "One file.", ("", "Un fichero.", "%d ficheros."))]),
    "obsolete plural entry kept": (
        ["Other."], '#~ msgid "One file."\n#~ msgid_plural "%d files."\n#~ msgstr[0] "Un fichero."\n'
                    '#~ msgstr[1] "%d ficheros."\n',
        [("current", None, "Other.", ("",)),
         ("obsolete", None, "One file.", ("", "Un fichero.", "%d ficheros."))]),
    "same msgid, two contexts: both survive": (
        ["Open."], 'msgctxt "menu"\nmsgid "Open."\nmsgstr "Abrir."\n\nmsgctxt "state"\nmsgid "Open."\n'
                   'msgstr "Abierto."\n',
        [("stale", None, "Open.", ("Abrir.",)), ("obsolete", "state", "Open.", ("Abierto.",))]),
    "context entry and plain entry with one msgid": (
        ["Open."], 'msgctxt "menu"\nmsgid "Open."\nmsgstr "Abrir."\n\nmsgid "Open."\nmsgstr "Abre."\n',
        [("current", None, "Open.", ("Abre.",)), ("obsolete", "menu", "Open.", ("Abrir.",))]),
    "obsolete entry revived": (
        ["Hello."], '#~ msgid "Hello."\n#~ msgstr "Hola."\n',
        [("current", None, "Hello.", ("Hola.",))]),
    "obsolete with another context survives beside the active msgid": (
        ["Open."], 'msgid "Open."\nmsgstr "Abre."\n\n#~ msgctxt "old"\n#~ msgid "Open."\n#~ msgstr "Abierto."\n',
        [("current", None, "Open.", ("Abre.",)), ("obsolete", "old", "Open.", ("Abierto.",))]),
    "changed sentence becomes stale with its previous source": (
        ["The minister said no on Monday."], 'msgid "The minister said yes on Monday."\nmsgstr "El ministro dijo sí."\n',
        [("stale", None, "The minister said no on Monday.", ("El ministro dijo sí.",))]),
    "stale entry back to its previous source is current again": (
        ["The minister said yes on Monday."],
        '#, fuzzy\n#| msgid "The minister said yes on Monday."\nmsgid "The minister said no on Monday."\n'
        'msgstr "El ministro dijo sí."\n',
        [("current", None, "The minister said yes on Monday.", ("El ministro dijo sí.",))]),
    "removed sentence becomes obsolete": (
        ["Completely different."], 'msgid "Hello there, friend."\nmsgstr "Hola, amigo."\n',
        [("current", None, "Completely different.", ("",)),
         ("obsolete", None, "Hello there, friend.", ("Hola, amigo.",))]),
    "untranslated removed entry is dropped": (
        ["Completely different."], 'msgid "Hello there, friend."\nmsgstr ""\n',
        [("current", None, "Completely different.", ("",))]),
    "machine suggestion keeps its flag": (
        ["Hello."], '#, fuzzy\nmsgid "Hello."\nmsgstr "Hola."\n',
        [("fuzzy", None, "Hello.", ("Hola.",))]),
}


@pytest.mark.parametrize("name", ROWS)
def test_merge_table(name):
    msgids, old, expected = ROWS[name]
    result = merge(template(*msgids), catalog(old))
    got = [(state(e), e.msgctxt, e.msgid, translation(e)) for e in result.entries]
    assert got == expected


def test_every_field_is_carried_through():
    old = catalog('# translator note\n#. Translator: keep the agency names\n#. type: quote\n#: old.md:1\n'
                  '#, fuzzy, python-format\n#| msgid "Hola"\nmsgid "Hello."\nmsgstr "Hola."\n')
    entry = merge(template("Hello."), old).entries[0]
    assert entry.tcomment == "translator note"
    # The template's type (and notes from the source, "l10n:", which it owns); other notes kept.
    assert entry.comment == "type: paragraph\nTranslator: keep the agency names"
    assert entry.occurrences == [("source/a.md", "1")]
    assert sorted(entry.flags) == ["fuzzy", "python-format"] and entry.previous_msgid == "Hola"


def test_an_obsolete_translation_that_would_duplicate_a_key_is_kept_in_a_comment():
    # The stale entry's previous source comes back, and an obsolete entry has that same msgid:
    # msgfmt refuses two entries with one key, so the obsolete translation moves into a comment.
    old = catalog('#, fuzzy\n#| msgid "Back again."\nmsgid "Changed."\nmsgstr "De vuelta."\n\n'
                  '#~ msgid "Back again."\n#~ msgstr "Otra vez."\n')
    entries = merge(template("Back again."), old).entries
    assert [(e.msgid, e.msgstr, e.obsolete) for e in entries] == [("Back again.", "De vuelta.", False)]
    assert KEPT_LABEL in entries[0].tcomment and '"Otra vez."' in entries[0].tcomment


def test_identity_catalog_fills_and_drops_identities():
    old = catalog('msgid "Gone."\nmsgstr "Gone."\n')
    result = merge(template("New."), old, identity=True)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in result.entries] == [("New.", "New.", False)]


def test_update_keeps_what_msgfmt_accepts(project):
    """Issue 9, 'Translations lost' 1: through the command, plural, msgctxt and obsolete entries survive."""
    import subprocess

    from helpers import run
    from helpers.checkutil import po_path
    from l10n_tool.catalogs.pofile import load_catalog
    from l10n_tool.catalogs.wrapping import escape

    path = po_path(project, "es")
    shared = escape(next(e.msgid for e in load_catalog(path) if not e.obsolete and e.msgstr))[0]
    extra = ('\nmsgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichero"\nmsgstr[1] "%d ficheros"\n'
             'msgstr[2] "%d de ficheros"\n'
             f'\nmsgctxt "menu"\nmsgid "{shared}"\nmsgstr "En el menú"\n'
             '\n#~ msgid "Old file"\n#~ msgid_plural "Old files"\n#~ msgstr[0] "Fichero viejo"\n'
             '#~ msgstr[1] "Ficheros viejos"\n#~ msgstr[2] "De ficheros viejos"\n'
             f'\n#~ msgctxt "old"\n#~ msgid "{shared}"\n#~ msgstr "Traducción anterior"\n')
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    assert run(project, "update").exit_code == 0
    text = path.read_text(encoding="utf-8")
    for kept in ("Un fichero", "%d ficheros", "En el menú", "Fichero viejo", "Ficheros viejos",
                 "Traducción anterior"):
        assert f'"{kept}"' in text, kept
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0


def test_a_translated_plural_entry_counts_as_translated():
    from l10n_tool.catalogs.pofile import count

    counts = count(catalog('msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichero"\n'
                           'msgstr[1] "%d ficheros"\n\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[1] ""\n'))
    assert (counts.translated, counts.untranslated) == (1, 1)
