"""Our PO writer wraps exactly as GNU msgcat does (write-po.c), checked against msgcat itself.

Hypothesis draws strings of prose with spaces, quotes, backslashes, tabs, newlines, long
words, dashes, European punctuation and CJK; one msgcat run per example batch formats
them all, at the default width 79, at a narrow width and with --no-wrap.
"""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n_tool.catalogs import pofile
from l10n_tool.catalogs.reader import Entry
from l10n_tool.catalogs.writer import format_entry, serialize

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")

ALPHABET = list("abcdefghij ABC      0123456789.,;:!?-–—/\\\"'()[]{}%$€+#&*@…«»“”„‘’¿¡\n\t") + \
    ["中", "文", "字", "é", "ü", "ñ", "\u00a0", "word", "x" * 30, "  "]
texts = st.lists(st.sampled_from(ALPHABET), max_size=120).map("".join)


def _catalog(entries: list[Entry], width: int) -> bytes:
    catalog = pofile.new_catalog({"Content-Type": "text/plain; charset=UTF-8"}, "", po_width=width)
    catalog.extend(entries)
    return serialize(catalog)


def _msgcat(data: bytes, width: int) -> bytes:
    options = ["--no-wrap"] if width == 0 else [f"--width={width}"]
    return subprocess.run(["msgcat", *options, "-"], input=data, capture_output=True, check=True).stdout


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(texts, texts, st.booleans()), min_size=1, max_size=25), st.sampled_from([79, 0, 40]))
def test_entries_are_written_as_msgcat_writes_them(pairs, width):
    entries = []
    for number, (msgid, msgstr, fuzzy) in enumerate(pairs):
        entry = Entry(msgctxt=str(number), msgid=msgid, msgstr=msgstr,
                      occurrences=[("source/a-rather-long-document-name.md", str(n)) for n in range(number % 7)],
                      comment="type: paragraph", tcomment="a note\n\nmore")
        if fuzzy:
            entry.flags.append("fuzzy")
            entry.previous_msgid = msgid[::-1]
        entries.append(entry)
    data = _catalog(entries, width)
    assert data == _msgcat(data, width)


def test_plural_and_obsolete_entries_are_written_as_msgcat_writes_them():
    plural = Entry(msgid="One file in the folder that was opened", msgid_plural="%d files " * 12,
                   msgstr_plural={0: "Un fichero", 1: "%d ficheros " * 12})
    obsolete = Entry(msgid="Gone " * 20, msgstr="Ido " * 25, obsolete=True, flags=["fuzzy"],
                     previous_msgid="Old " * 22, msgctxt="ctx")
    for width in (79, 0):
        data = _catalog([plural, obsolete], width)
        assert data == _msgcat(data, width)


def test_the_writer_patches_nothing_in_polib():
    # The old writer replaced polib._BaseEntry._str_field and polib.textwrap for the whole process.
    import textwrap

    assert polib.textwrap is textwrap
    assert polib._BaseEntry._str_field.__module__ == "polib"


def test_a_changed_entry_follows_the_wrapping_the_file_uses():
    long = "A sentence long enough that it needs more than one line in any catalog. " * 2
    entries = [Entry(msgid=f"{n} {long}", msgstr=f"{n} {long}") for n in range(3)]
    for width in (79, 0):
        data = _catalog(entries, width)
        catalog = pofile.read_catalog(data, pofile.Path("x.po"))
        list(catalog)[1].msgstr = "changed " + long
        rewritten = serialize(catalog, 79)  # the configured width loses to the file's own
        lines = format_entry(list(catalog)[1], width)
        assert "\n".join(lines) in rewritten.decode()


def test_a_changed_entry_in_a_file_polib_saved_is_written_as_polib_writes_it(tmp_path):
    from helpers import REPO

    path = tmp_path / "es.po"
    shutil.copy(REPO / "locales" / "es" / "LC_MESSAGES" / "ecuador-military-support.po", path)
    saved = polib.pofile(str(path))
    saved.save()  # polib's default width, 78
    catalog = pofile.read_catalog(path.read_bytes(), path)
    mine = max((e for e in catalog if not e.obsolete), key=lambda e: len(e.msgstr))
    mine.msgstr = "Cambiado: " + mine.msgstr
    theirs = next(e for e in saved if e.msgid == mine.msgid)
    theirs.msgstr = "Cambiado: " + theirs.msgstr
    assert serialize(catalog).decode("utf-8").rstrip("\n") == str(saved).rstrip("\n")
