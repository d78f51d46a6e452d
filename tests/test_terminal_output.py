"""Text from translations and sources reaches a terminal inert (issue 9, case 13: `diff`)."""

from __future__ import annotations

import polib

from helpers import DOC, run

HOSTILE = "\x1b]0;owned\x07\x1b[2J\r\u202eevil"


def _stale_entry_with_hostile_translation(project) -> None:
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    catalog = polib.pofile(str(project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"))
    sentence = next(e.msgid for e in catalog if e.msgid in text and len(e.msgid) > 60 and "." in e.msgid)
    # A changed word (a changed space alone is carried, not stale: issue 19).
    edited = sentence.replace(" ", "  ", 1).replace(" ", " indeed ", 2).replace(" indeed ", " ", 1)
    source.write_text(text.replace(sentence, edited, 1), encoding="utf-8")
    assert run(project, "update").exit_code == 0
    path = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = polib.pofile(str(path))
    stale = next(e for e in catalog if e.previous_msgid)
    stale.msgstr = HOSTILE + stale.msgstr
    catalog.save(str(path))


def test_diff_prints_control_characters_as_escapes(project):
    _stale_entry_with_hostile_translation(project)
    result = run(project, "diff", "--lang", "es")
    assert result.exit_code == 0, result.stderr
    assert "stale" in result.stdout
    for char in "\x1b\x07\r\u202e":
        assert char not in result.stdout
    assert "\\x1b[2J" in result.stdout and "\\u202e" in result.stdout


def test_check_text_report_prints_control_characters_as_escapes(project):
    _stale_entry_with_hostile_translation(project)
    result = run(project, "check", "--lang", "es")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
