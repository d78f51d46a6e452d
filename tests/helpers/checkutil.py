"""Planting problems in a copy of the shipped catalogs, for the check tests."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from l10n_tool.catalogs.pofile import WRAP_WIDTH, serialize

DOC = "ecuador-military-support"


def po_path(root: Path, language: str) -> Path:
    return root / "locales" / language / "LC_MESSAGES" / f"{DOC}.po"


def find_entry(catalog: polib.POFile, fragment: str) -> polib.POEntry:
    matches = [e for e in catalog if not e.obsolete and fragment in e.msgid]
    assert len(matches) == 1, f"{fragment!r} matches {len(matches)} entries"
    return matches[0]


def edit(root: Path, language: str, fragment: str | None = None, *, msgstr: str | None = None,
         replace: tuple[str, str] | None = None, flags: list[str] | None = None,
         previous_msgid: str | None = None, header: dict | None = None) -> str | None:
    """Change one entry (or the header) of a catalog in place; return the entry's msgid."""
    path = po_path(root, language)
    catalog = polib.pofile(str(path), wrapwidth=WRAP_WIDTH)
    msgid = None
    if header:
        catalog.metadata.update(header)
    if fragment is not None:
        entry = find_entry(catalog, fragment)
        msgid = entry.msgid
        if replace is not None:
            assert replace[0] in entry.msgstr, f"{replace[0]!r} not in {entry.msgstr!r}"
            entry.msgstr = entry.msgstr.replace(replace[0], replace[1], 1)
        if msgstr is not None:
            entry.msgstr = msgstr
        for flag in flags or []:
            entry.flags.append(flag)
        if previous_msgid is not None:
            entry.previous_msgid = previous_msgid
    path.write_bytes(serialize(catalog))
    return msgid


def msgstr_line(root: Path, language: str, msgid: str) -> int:
    """The line of the entry's ``msgstr`` keyword, found in the file's text (not through polib)."""
    lines = po_path(root, language).read_bytes().decode("utf-8", "replace").splitlines()
    first_words = polib.escape(msgid)[:30]
    for number, line in enumerate(lines, 1):
        if line.startswith("msgid ") and (first_words in line or first_words in lines[number]):
            for offset in range(number, len(lines)):
                if re.match(r"msgstr[ \[]", lines[offset]):
                    return offset + 1
    raise AssertionError(f"no entry for {msgid!r}")


def header_line(root: Path, language: str) -> int:
    lines = po_path(root, language).read_bytes().decode("utf-8", "replace").splitlines()
    return lines.index('msgid ""') + 1
