"""``l10n import``: a translated edition aligned with its source fills the catalog back."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from helpers import DOC, REPO, run
from l10n_tool.importing import MERGED_NOTE, align_sentences

MERGE_FROM = "Ecuador vive actualmente una ola de violencia sin precedentes. En los primeros"
MERGE_TO = "Ecuador vive actualmente una ola de violencia sin precedentes: en los primeros"
DROPPED = "Pocos días antes, Noboa había anunciado"
ADDED = ("Este párrafo no está en el original: lo añadió la redacción en español, "
         "con un dato más sobre la violencia en Guayaquil.")


def _po(root, lang):
    return root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"


def _shipped(lang) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(_po(REPO, lang))) if not e.obsolete}


@pytest.fixture
def emptied(project):
    """The shipped es and de editions built, then every translation of their catalogs removed."""
    assert run(project, "build", "--format", "md", "--lang", "es,de").exit_code == 0
    for lang in ("es", "de"):
        catalog = polib.pofile(str(_po(project, lang)))
        for entry in catalog:
            entry.msgstr = ""
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
        catalog.save(str(_po(project, lang)))
    return project


def _compare(root, lang):
    imported = {e.msgid: e for e in polib.pofile(str(_po(root, lang))) if not e.obsolete}
    exact, wrong, missing = [], [], []
    for msgid, msgstr in _shipped(lang).items():
        got = imported[msgid].msgstr
        (exact if got == msgstr else missing if not got else wrong).append(msgid)
    return exact, wrong, missing


def test_importing_the_built_editions_gives_back_their_translations(emptied):
    totals = [0, 0]
    for lang in ("es", "de"):
        edition = emptied / "build" / lang / f"{DOC}.md"
        result = run(emptied, "import", "--lang", lang, str(edition))
        assert result.exit_code == 0, result.stderr
        exact, wrong, missing = _compare(emptied, lang)
        assert wrong == []
        for msgid in missing:  # the report names every entry it could not fill
            assert msgid[:40] in result.stdout
        totals[0] += len(exact)
        totals[1] += len(exact) + len(missing)
        catalog = polib.pofile(str(_po(emptied, lang)))
        filled = [e for e in catalog if e.msgstr and not e.obsolete]
        assert all(e.fuzzy and f"imported from {edition}" in e.tcomment for e in filled)
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(_po(emptied, lang))], check=True)
    assert totals[0] / totals[1] >= 0.98, totals


def test_reviewed_imports_are_translated_and_existing_translations_are_never_overwritten(emptied):
    catalog = polib.pofile(str(_po(emptied, "es")))
    first = next(e for e in catalog if e.msgid and not e.obsolete)
    first.msgstr = "Una traducción que ya estaba."
    catalog.save(str(_po(emptied, "es")))
    result = run(emptied, "import", "--lang", "es", "--reviewed", str(emptied / "build" / "es" / f"{DOC}.md"))
    assert result.exit_code == 0, result.stderr
    assert "kept the existing translation" in result.stdout
    catalog = polib.pofile(str(_po(emptied, "es")))
    assert catalog.find(first.msgid).msgstr == "Una traducción que ya estaba."
    assert catalog.percent_translated() == 100 and not any(e.fuzzy for e in catalog)


def test_a_hand_edited_file_aligns_every_other_block(emptied, tmp_path):
    edition = (emptied / "build" / "es" / f"{DOC}.md").read_text(encoding="utf-8")
    assert MERGE_FROM in edition and DROPPED in edition
    paragraphs = edition.split("\n\n")
    dropped = next(i for i, p in enumerate(paragraphs) if p.startswith(DROPPED))
    del paragraphs[dropped]
    added_after = len(paragraphs) - 8
    paragraphs.insert(added_after, ADDED)
    edited = "\n\n".join(paragraphs).replace(MERGE_FROM, MERGE_TO)
    file = tmp_path / "mano.md"  # named unlike the document: --doc names it
    file.write_text(edited, encoding="utf-8")
    assert run(emptied, "import", "--lang", "es", str(file)).exit_code == 2
    result = run(emptied, "import", "--lang", "es", "--doc", DOC, str(file))
    assert result.exit_code == 0, result.stderr
    exact, wrong, missing = _compare(emptied, "es")
    catalog = {e.msgid: e for e in polib.pofile(str(_po(emptied, "es")))}
    shipped = _shipped("es")
    merged_first = next(m for m, s in shipped.items() if s.startswith("Ecuador vive actualmente"))
    merged_second = next(m for m, s in shipped.items() if s.startswith("En los primeros 50"))
    dropped_msgid = next(m for m, s in shipped.items() if s.startswith(DROPPED))
    # the 2:1 merge: one entry holds the merged sentence, with a note naming the other
    assert catalog[merged_first].msgstr.startswith(MERGE_TO)
    assert MERGED_NOTE in catalog[merged_first].tcomment
    assert merged_second[:40] in catalog[merged_first].tcomment
    assert wrong == [merged_first]
    assert set(missing) == {merged_second, dropped_msgid}
    assert len(exact) == len(shipped) - 3
    # both line numbers of each unaligned block: the dropped paragraph and the added one
    source_line = 1 + next(i for i, line in enumerate((emptied / "source" / f"{DOC}.md").read_text(
        encoding="utf-8").splitlines()) if line.startswith(dropped_msgid[:30]))
    added_line = 1 + next(i for i, line in enumerate(edited.splitlines()) if line == ADDED)
    lines = result.stdout.splitlines()
    assert any(f"source/{DOC}.md:{source_line}, {file}:" in line and "in the source, not in the file" in line
               for line in lines)
    assert any(f", {file}:{added_line}: unaligned paragraph (in the file, not in the source)" in line
               for line in lines)
    assert ADDED not in "".join(e.msgstr for e in catalog.values())


def test_gale_church_moves():
    # lengths of two source sentences, a translation that split the second in two
    assert align_sentences([100, 120], [105, 60, 64]) == [(0, 1, 0, 1), (1, 1, 1, 2)]
    # two source sentences rendered as one
    assert align_sentences([50, 60, 200], [118, 210]) == [(0, 2, 0, 1), (2, 1, 1, 1)]
    # a source sentence the translation left out
    assert align_sentences([80, 40], [82]) in ([(0, 1, 0, 1), (1, 1, 1, 0)], [(0, 2, 0, 1)])
    assert align_sentences([80], []) == [(0, 1, 0, 0)]
    # and a sentence the translation added
    assert align_sentences([], [50]) == [(0, 0, 0, 1)]


def test_bad_input_is_one_line_and_changes_nothing(emptied, tmp_path):
    before = _po(emptied, "es").read_bytes()
    for args in (["--lang", "xx", str(emptied / "build" / "es" / f"{DOC}.md")],  # usage errors
                 ["--lang", "es", str(tmp_path / "nope.md")]):
        result = run(emptied, "import", *args)
        assert result.exit_code == 2 and "Error:" in result.stderr, args
    result = run(emptied, "import", "--lang", "en", str(emptied / "build" / "es" / f"{DOC}.md"))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    broken = tmp_path / f"{DOC}.md"
    broken.write_bytes(b"\xff\xfe not utf-8")
    result = run(emptied, "import", "--lang", "es", str(broken))
    assert result.exit_code == 2 and str(broken) in result.stderr
    assert _po(emptied, "es").read_bytes() == before
