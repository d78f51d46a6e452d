"""The content model of a news article in the catalogs: notes for translators, where each
sentence stands, credits, related articles, the origin note and the section."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from helpers.fakeservers import FakeService
from l10n_tool.catalogs.pofile import build_template
from l10n_tool.sources.content import credit_names, protected_names
from l10n_tool.sources.segmenting import segment_document

REPO = Path(__file__).resolve().parent.parent
DOC = "ecuador-military-support"
SOURCE = f"source/{DOC}.md"
NOTE = "<!-- l10n: keep the agency names -->"


def _pot(root: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(root / "locales" / f"{DOC}.pot"))}


def _po(root: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"))


# --- notes for translators ----------------------------------------------------------------------


def test_a_note_reaches_the_entries_of_the_next_block_only():
    text = f"Before. Here.\n\n{NOTE}\n![Alt text](x.jpg)\nThe caption\nImage: A/B\n\nAfter.\n"
    notes = {s.text: s.note for s in segment_document(text)}
    assert notes == {"Before.": "", "Here.": "", "Alt text": "keep the agency names",
                     "The caption": "keep the agency names", "Image: A/B": "keep the agency names",
                     "After.": ""}


def test_a_note_before_a_list_reaches_each_item_and_a_note_before_code_reaches_nothing():
    text = f"<!-- l10n: items are\n  product names -->\n- One.\n- Two.\n\n{NOTE}\n```\ncode\n```\n\nText.\n"
    assert [(s.text, s.note) for s in segment_document(text)] == [
        ("One.", "items are product names"), ("Two.", "items are product names"), ("Text.", "")]


def test_a_note_becomes_an_extracted_comment_survives_update_and_is_never_published(project, cli):
    path = project / SOURCE
    text = path.read_text(encoding="utf-8")
    figure = "![Ecuadorian President Daniel Noboa at a podium"
    path.write_text(text.replace(figure, NOTE + "\n" + figure, 1), encoding="utf-8")
    assert cli(project, "update").exit_code == 0
    for catalog in [list(_pot(project).values()), _po(project, "de")]:
        credit = next(e for e in catalog if e.msgid == "Image: Marcos Pin/AFP/Getty Images")
        assert credit.comment.split("\n")[:2] == ["type: credit", "l10n: keep the agency names"]
        alt = next(e for e in catalog if e.msgid.startswith("Ecuadorian President Daniel Noboa at a podium"))
        assert "l10n: keep the agency names" in alt.comment.split("\n")
        paragraph = next(e for e in catalog if e.msgid.startswith("Ecuador is currently experiencing"))
        assert "l10n:" not in paragraph.comment
    po = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    assert "#. l10n: keep the agency names\n#: source/" in po.read_text(encoding="utf-8")
    assert po.read_text(encoding="utf-8").count("de.md") == 0
    # A second update changes nothing; the translations are all still there.
    before = po.read_bytes()
    assert cli(project, "update").exit_code == 0
    assert po.read_bytes() == before
    assert cli(project, "check").exit_code == 0
    assert cli(project, "build").exit_code == 0
    for page in (project / "build").rglob("*.html"):
        assert "keep the agency names" not in page.read_text(encoding="utf-8"), page
    # The note changes in the source: the old one goes, the new one comes, nothing else moves.
    path.write_text(path.read_text(encoding="utf-8").replace(NOTE, "<!-- l10n: names stay -->"),
                    encoding="utf-8")
    assert cli(project, "update").exit_code == 0
    text = po.read_text(encoding="utf-8")
    assert "keep the agency names" not in text and text.count("#. l10n: names stay") == 3  # alt text, caption, credit
    assert _po(project, "de").percent_translated() == 100


# --- where a sentence stands --------------------------------------------------------------------


def test_each_sentence_entry_says_where_it_stands():
    text = "---\nteaser: One here. Two here.\n---\n\nFirst one. Second one. Third one.\n\n# Alone\n\nSingle.\n"
    comments = [e.comment for e in build_template("doc", "source/doc.md", segment_document(
        text, front_matter_keys=("teaser",)))]
    assert comments == ["type: teaser, sentence 1 of 2", "type: teaser, sentence 2 of 2",
                        "type: paragraph, sentence 1 of 3", "type: paragraph, sentence 2 of 3",
                        "type: paragraph, sentence 3 of 3", "type: heading", "type: paragraph"]
    paragraphs = build_template("doc", "source/doc.md", segment_document(text, mode="paragraph"))
    assert [e.comment for e in paragraphs] == ["type: teaser", "type: paragraph", "type: heading",
                                               "type: paragraph"]


def test_each_kind_of_block_has_the_type_the_interface_names():
    text = ("# Title\n\nA paragraph.\n\n- An item.\n\n> A quotation.\n\n| Country |\n|---|\n| Peru |\n\n"
            "![The alt text.](a.jpg \"The image title.\")\nThe caption.\nImage: AFP\n")
    comments = {e.msgid: e.comment for e in build_template("doc", "source/doc.md", segment_document(text))}
    assert comments == {"Title": "type: heading", "A paragraph.": "type: paragraph",
                        "An item.": "type: list item", "A quotation.": "type: quote",
                        "Country": "type: table cell", "Peru": "type: table cell",
                        "The alt text.": "type: alt text", "The image title.": "type: image title",
                        "The caption.": "type: caption", "Image: AFP": "type: credit"}


def test_the_shipped_catalogs_say_where_each_sentence_stands():
    entries = _pot(REPO)
    quote = entries["\"I have never been completely against the military being used for tasks related to "
                    "internal security when the nature of the threat requires military intervention and "
                    "the police forces — as is the case in Ecuador — are overwhelmed,\" he told DW."]
    assert quote.comment.startswith("type: paragraph, sentence 1 of 2")
    for lang in ("en", "es", "de"):
        by_msgid = {e.msgid: e for e in _po(REPO, lang)}
        for msgid, entry in entries.items():
            assert by_msgid[msgid].comment.split("\n")[0] == entry.comment.split("\n")[0]


# --- the content model ----------------------------------------------------------------------------


def test_related_articles_the_origin_note_and_the_section_have_their_own_types():
    types = {msgid: e.comment.split("\n")[0] for msgid, e in _pot(REPO).items()}
    assert types["**Ecuador tackles growing influence of drug cartels**"] == "type: related"
    assert types["**The cocaine wars: Germany's fight against drug gangs**"] == "type: related"
    assert types["*This article was originally written in German.*"] == "type: origin note"
    assert types["Politics"] == "type: section"
    assert types["Image: Rodrigo Buendia/AFP/Getty Images"] == "type: credit"


def test_bold_inside_a_paragraph_or_a_list_is_not_a_related_article():
    text = "**Bold** and more.\n\n- **Item**\n\n**Related title**\n\n*Not last.*\n\nText.\n\n*Origin.*\n"
    assert [(s.kind, s.text) for s in segment_document(text)] == [
        ("paragraph", "**Bold** and more."), ("list item", "**Item**"), ("related", "**Related title**"),
        ("paragraph", "*Not last.*"), ("paragraph", "Text."), ("origin note", "*Origin.*")]


def test_the_section_is_translated_on_the_pages(project, cli):
    assert cli(project, "build", "--format", "html").exit_code == 0
    for lang, section in (("en", "Politics"), ("es", "Política"), ("de", "Politik")):
        page = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
        assert f'"articleSection": "{section}"' in page


def test_the_source_language_edition_is_still_the_source(project, cli):
    assert cli(project, "build", "--format", "md").exit_code == 0
    assert (project / "build" / "en" / f"{DOC}.md").read_bytes() == (project / SOURCE).read_bytes()


@pytest.mark.parametrize("credit, names", [
    ("Image: Marcos Pin/AFP/Getty Images", ("Marcos Pin", "AFP", "Getty Images")),
    ("Image: Agencia Prensa-Independiente/IMAGO", ("Agencia Prensa-Independiente", "IMAGO")),
    ("Photo: Jane Doe for DW", ("Jane Doe", "DW")),
    ("Images: Ana Ruiz and Luis Mora, Reuters", ("Ana Ruiz", "Luis Mora", "Reuters")),
    ("A caption without a label", ()),
])
def test_credit_names_are_what_follows_the_label(credit, names):
    assert credit_names(credit) == names
    assert protected_names("type: credit", credit) == names
    assert protected_names("type: caption", credit) == ()


@pytest.mark.parametrize("changed", ["Bild: Markus Pin/AFP/Getty Images", "Bild: Marcos Pin/APF/Getty Images",
                                     "Bild: Marcos Pin/AFP/Getty Bilder"])
def test_check_protects_the_names_in_a_credit(project, cli, changed):
    po = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    text = po.read_text(encoding="utf-8")
    old = 'msgstr "Bild: Marcos Pin/AFP/Getty Images"'
    assert old in text
    po.write_text(text.replace(old, f'msgstr "{changed}"'), encoding="utf-8")
    result = cli(project, "check", "--format", "json")
    assert result.exit_code == 1
    assert '"check": "glossary"' in result.stdout and "must stay as it is" in result.stdout


def test_translate_masks_the_names_in_a_credit(project, cli):
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if entry.msgid.startswith("Image: "):
            entry.msgstr = ""
    catalog.wrapwidth = 79
    po.write_text(str(catalog) + "\n", encoding="utf-8")
    with FakeService("libre") as service:
        config = project / "l10n.toml"
        config.write_text(config.read_text(encoding="utf-8")
                          + f'\n[translate]\nbackoff = 0.01\n[translate.libre]\nurl = "{service.endpoint}"\n',
                          encoding="utf-8")
        result = cli(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0, result.stderr
    assert set(service.texts) == {"Image: {0}/{1}", "Image: {0}/{1}/{2}"}
    assert not any("Pin" in t or "AFP" in t or "IMAGO" in t for t in service.texts)
    credits = {e.msgid: e.msgstr for e in polib.pofile(str(po)) if e.msgid.startswith("Image: ")}
    assert credits["Image: Marcos Pin/AFP/Getty Images"] == "IMAGE: Marcos Pin/AFP/Getty Images"


def test_the_build_gate_protects_credit_names_when_told_what_the_segment_is(project):
    from l10n_tool.checks import EntryGate
    from l10n_tool.project import load_config
    from l10n_tool.sources.content import protected_for

    gate = EntryGate.for_config(load_config(project))
    credit = "Image: Marcos Pin/AFP"
    names = protected_for(["credit"], credit)
    assert [p.check for p in gate.errors(credit, "Bild: Markus Pin/AFP", "de", protected=names)] == ["glossary"]
    assert gate.errors(credit, "Bild: Marcos Pin/AFP", "de", protected=names) == []


def test_long_type_and_note_comments_are_cut_into_lines_update_keeps(project, cli):
    """polib wraps a long "#." line; the pieces must still be recognisable, or every update
    would add them again (Hypothesis found three identical sentences in one paragraph)."""
    path = project / SOURCE
    note = "names " * 30
    path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- l10n: {note}-->\nSame one. Same one. Same one.\n",
                    encoding="utf-8")
    assert cli(project, "update").exit_code == 0
    entry = _pot(project)["Same one."]
    assert entry.comment.split("\n")[:3] == [f"type: paragraph, sentence {n} of 3" for n in (1, 2, 3)]
    assert all(line.startswith(("type: ", "l10n: ")) and len(line) <= 76 for line in entry.comment.split("\n"))
    assert " ".join(line[len("l10n: "):] for line in entry.comment.split("\n")[3:]) == note.strip()
    files = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    assert cli(project, "update").exit_code == 0
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == files
