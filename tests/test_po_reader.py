"""The catalog reader refuses what GNU msgfmt refuses, and reads what it reads, with file and line.

Corpora: tests/data/po/malformed/*.po (each refused by msgfmt and by us) and
tests/data/po/valid/*.po (each accepted by both); new files are picked up by glob.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run, snapshot
from helpers.checkutil import po_path
from l10n_tool.catalogs.pofile import load_catalog, serialize
from l10n_tool.errors import CatalogError

DATA = Path(__file__).parent / "data" / "po"
MALFORMED = sorted((DATA / "malformed").glob("*.po"))
VALID = sorted((DATA / "valid").glob("*.po"))
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")


def msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


@needs_msgfmt
@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.stem)
def test_malformed_catalogs_are_refused_by_msgfmt_and_by_us(path):
    assert not msgfmt_accepts(path)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert caught.value.path == str(path) and caught.value.line is not None


@needs_msgfmt
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_catalogs_are_accepted_by_msgfmt_and_by_us(path):
    assert msgfmt_accepts(path)
    catalog = load_catalog(path)
    assert serialize(catalog) == path.read_bytes()  # read, then given back unchanged


def test_every_field_is_read():
    catalog = load_catalog(DATA / "valid" / "previous-and-comments.po")
    entry, obsolete = list(catalog)
    assert (entry.msgctxt, entry.msgid, entry.msgstr) == ("ctx", "new text", "texto nuevo")
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("old ctx", "old text")
    assert entry.tcomment == "translator note" and entry.comment == "type: paragraph"
    assert entry.occurrences == [("source/a.md", "3"), ("source/a.md", "9")]
    assert entry.flags == ["fuzzy", "python-format"]
    assert obsolete.obsolete and obsolete.previous_msgid == "older" and obsolete.fuzzy
    plural = list(load_catalog(DATA / "valid" / "obsolete-sharing-msgid.po"))[-1]
    assert plural.obsolete and plural.msgctxt == "old" and plural.msgid_plural == "Gones"
    assert plural.msgstr_plural == {0: "Ido", 1: "Idos"}


def test_escapes_are_read_as_msgfmt_reads_them():
    entry = list(load_catalog(DATA / "valid" / "escapes.po"))[0]
    assert entry.msgid == 'tab\there "quoted" back\\slash\nnewline \a\b\f\v\r A A'


@pytest.mark.parametrize("name, line", [("invalid-escape", 6), ("plural-index-without-msgid-plural", 7),
                                        ("unterminated-previous", 7), ("unterminated-obsolete", 6)])
def test_issue_9_cases_name_file_and_line(name, line):
    path = DATA / "malformed" / f"{name}.po"
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert caught.value.line == line


@pytest.mark.parametrize("name", ["invalid-escape", "plural-index-without-msgid-plural",
                                  "unterminated-previous", "unterminated-obsolete"])
def test_update_refuses_a_malformed_catalog_and_changes_nothing(project, name):
    target = po_path(project, "es")
    body = (DATA / "malformed" / f"{name}.po").read_text(encoding="utf-8").split("\n", 4)[4]
    target.write_text(target.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")
    before = snapshot(project)
    result = run(project, "update")
    assert result.exit_code == 2
    assert "locales/es/LC_MESSAGES/ecuador-military-support.po:" in result.stderr
    assert snapshot(project) == before
