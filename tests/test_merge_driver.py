"""``l10n merge-driver``: catalogs merged entry by entry in a real ``git merge``."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import polib
import pytest

from helpers import DOC, run

pytestmark = pytest.mark.skipif(not (shutil.which("git") and shutil.which("msgcat")),
                                reason="needs git and GNU gettext")

ES = f"locales/es/LC_MESSAGES/{DOC}.po"
CHANGED = "The speed with which drug cartels have gained power in Ecuador is unprecedented."
EDITED = "The speed with which drug cartels have gained power in Ecuador is without precedent."
DRIVER = f"{shlex.quote(sys.executable)} -m l10n_tool merge-driver %O %A %B %P"


def git(root, *args, check=True):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check)


def _repo(root, emptied: int = 6):
    """The shipped project in a git repository whose es catalog lacks ``emptied`` translations."""
    catalog = polib.pofile(str(root / ES))
    removed = {}
    for entry in [e for e in catalog if e.msgstr and not e.obsolete and e.msgid != CHANGED][:emptied]:
        removed[entry.msgid] = entry.msgstr
        entry.msgstr = ""
    catalog.save(str(root / ES))
    assert run(root, "update").exit_code == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.org")
    git(root, "config", "user.name", "T")
    (root / ".gitattributes").write_text("*.po merge=l10n\n", encoding="utf-8")
    git(root, "config", "merge.l10n.driver", DRIVER)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root, removed


def _translator_branch(root, removed):
    """Branch A: a translator fills the entries, and the tool re-wraps the file as Weblate may."""
    git(root, "checkout", "-q", "-b", "translator", "main")
    catalog = polib.pofile(str(root / ES))
    for entry in catalog:
        if entry.msgid in removed:
            entry.msgstr = removed[entry.msgid]
    catalog.save(str(root / ES))
    subprocess.run(["msgcat", "--no-wrap", "-o", ES, ES], cwd=root, check=True)
    git(root, "commit", "-qam", "translations")


def _editor_branch(root):
    """Branch B: a source edit and `l10n update`."""
    git(root, "checkout", "-q", "-b", "editor", "main")
    source = root / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(CHANGED, EDITED) + "\nA paragraph added at the end. It is new.\n",
                      encoding="utf-8")
    assert run(root, "update").exit_code == 0
    git(root, "commit", "-qam", "source edit")


def _translations(path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and not e.obsolete}


@pytest.mark.parametrize("into", ["translator", "editor"])
def test_a_translator_branch_and_an_update_branch_merge_without_losing_a_translation(project, into):
    root, removed = _repo(project)
    _translator_branch(root, removed)
    translated = _translations(root / ES)
    _editor_branch(root)
    updated = _translations(root / ES)
    other = "editor" if into == "translator" else "translator"
    git(root, "checkout", "-q", into)
    merged = git(root, "merge", "--no-edit", other, check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout
    result = _translations(root / ES)
    for msgid, msgstr in {**translated, **updated}.items():
        if msgid == CHANGED:  # the edited sentence: its translation is kept, stale
            continue
        assert result.get(msgid) == msgstr, msgid
    stale = polib.pofile(str(root / ES)).find(EDITED)
    assert stale.fuzzy and stale.previous_msgid == CHANGED and stale.msgstr == translated[CHANGED]
    assert polib.pofile(str(root / ES)).find("A paragraph added at the end.") is not None
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", ES], cwd=root, check=True)
    # and the merged catalog is what update would leave: a second update finds nothing to merge
    status = run(root, "status", "--lang", "es", "--format", "json")
    assert status.exit_code == 0


def test_both_branches_translating_one_entry_differently_is_a_conflict_with_both_kept(project):
    root, removed = _repo(project, emptied=1)
    (msgid,) = removed
    for branch, text in (("one", "Primera versión."), ("two", "Segunda versión.")):
        git(root, "checkout", "-q", "-b", branch, "main")
        catalog = polib.pofile(str(root / ES))
        catalog.find(msgid).msgstr = text
        catalog.save(str(root / ES))
        git(root, "commit", "-qam", branch)
    git(root, "checkout", "-q", "one")
    merged = git(root, "merge", "--no-edit", "two", check=False)
    assert merged.returncode == 1
    assert ES in git(root, "diff", "--name-only", "--diff-filter=U").stdout  # git reports the conflict
    entry = polib.pofile(str(root / ES)).find(msgid)
    assert entry.msgstr == "Primera versión." and entry.fuzzy
    assert "Segunda versión." in entry.tcomment
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", ES], cwd=root, check=True)


PLURAL_HEADER = '''msgid ""
msgstr ""
"PO-Revision-Date: {date}\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
'''


def _plural(date, one, other, extra=""):
    return (PLURAL_HEADER.format(date=date) + f'''
msgid "{{n}} murder"
msgid_plural "{{n}} murders"
msgstr[0] "{one}"
msgstr[1] "{other}"
''' + extra)


def test_plural_entries_and_the_newer_revision_date(tmp_path):
    base = tmp_path / "base.po"
    ours = tmp_path / "ours.po"
    theirs = tmp_path / "theirs.po"
    base.write_text(_plural("2026-01-01 10:00+0000", "", ""), encoding="utf-8")
    ours.write_text(_plural("2026-01-02 10:00+0000", "", "", '\nmsgid "Added"\nmsgstr "Añadido"\n'),
                    encoding="utf-8")
    theirs.write_text(_plural("2026-01-03 10:00+0000", "{n} asesinato", "{n} asesinatos"), encoding="utf-8")
    result = run(None, "merge-driver", str(base), str(ours), str(theirs), "x.po")
    assert result.exit_code == 0, result.stderr
    catalog = polib.pofile(str(ours))
    entry = catalog.find("{n} murder")
    assert entry.msgstr_plural == {0: "{n} asesinato", 1: "{n} asesinatos"}
    assert catalog.find("Added").msgstr == "Añadido"
    assert catalog.metadata["PO-Revision-Date"] == "2026-01-03 10:00+0000"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(ours)], check=True)


def test_untouched_entries_keep_their_lines(project, tmp_path):
    root, removed = _repo(project, emptied=1)
    original = (root / ES).read_bytes()
    # theirs changes one translation; everything else comes out byte for byte as ours had it
    (msgid,) = removed
    theirs = tmp_path / "theirs.po"
    catalog = polib.pofile(str(root / ES))
    catalog.find(msgid).msgstr = "Traducido."
    catalog.save(str(theirs))
    base = tmp_path / "base.po"
    base.write_bytes(original)
    assert run(None, "merge-driver", str(base), str(root / ES), str(theirs), ES).exit_code == 0
    merged = (root / ES).read_bytes().decode("utf-8").splitlines()
    before = original.decode("utf-8").splitlines()
    changed = [line for line in merged if line not in before]
    assert changed == ['msgstr "Traducido."']


def test_a_malformed_side_is_exit_2_and_ours_is_left_alone(tmp_path):
    good = tmp_path / "good.po"
    good.write_text(_plural("2026-01-01 10:00+0000", "", ""), encoding="utf-8")
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    before = good.read_bytes()
    result = run(None, "merge-driver", str(good), str(good), str(bad), "x.po")
    assert result.exit_code == 2 and "x.po (theirs)" in result.stderr
    assert good.read_bytes() == before
