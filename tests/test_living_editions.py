"""Issue 19 items 3, 4 and 6 on a copy of the repository's article: what each edition shows
while the source changes (outdated = "keep", the default), corrections, and a dashboard whose
headline is the sum of its rows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polib
import pytest
from helpers import DOC, run
from helpers.html import parse_html, text_of

TARGETS = ("es", "de")
REWORDED = ("The speed with which drug cartels have gained power in Ecuador is unprecedented.",
            "The speed at which drug cartels have grown powerful in Ecuador is without precedent.")
KEPT = {"es": "La rapidez con la que los cárteles de la droga han ganado poder",
        "de": "Das Tempo, mit dem die Drogenkartelle in Ecuador an Macht gewonnen haben"}


def edit_source(root: Path, old: str, new: str) -> None:
    path = root / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def update_and_build(root: Path, *args: str):
    result = run(root, "update")
    assert result.exit_code == 0, result.stderr
    return run(root, "build", *args)


def page(root: Path, lang: str):
    return parse_html(root / "build" / lang / f"{DOC}.html")


def article(root: Path, lang: str):
    return next(page(root, lang).iter("article"))


def marked_languages(element) -> set[str]:
    return {e.get("lang") for e in element.iter() if e.get("lang")}


def notices(root: Path, lang: str) -> list[str]:
    return [e.get("data-l10n-notice") for e in page(root, lang).iter() if e.get("data-l10n-notice")]


def test_a_reworded_sentence_keeps_each_edition_in_its_own_language_with_a_notice(project):
    edit_source(project, *REWORDED)
    result = update_and_build(project)
    assert result.exit_code == 0, result.stderr
    for lang in TARGETS:
        body = article(project, lang)
        assert marked_languages(body) <= {lang}, lang
        assert KEPT[lang] in text_of(body)
        assert "grown powerful" not in text_of(body) and "gained power" not in text_of(body)
        assert notices(project, lang) == ["outdated"]
        markdown = (project / "build" / lang / f"{DOC}.md").read_text(encoding="utf-8")
        assert KEPT[lang] in markdown and "grown powerful" not in markdown
    assert notices(project, "en") == []
    assert "grown powerful" in text_of(article(project, "en"))
    assert run(project, "build", "--strict").exit_code == 1


def test_changed_figures_and_a_new_sentence_never_reach_the_translated_pages(project):
    # A reworded sentence whose number changed: its old translation states a wrong figure.
    edit_source(project, "The country, with a population of 18 million, is used to smuggle",
                "The country, home to some 18.5 million people, serves to smuggle")
    edit_source(project, "Ecuador is currently experiencing an unparalleled wave of violence.",
                "Ecuador is currently experiencing an unparalleled wave of violence. "
                "Schools in Guayaquil closed for a week.")
    result = update_and_build(project)
    assert result.exit_code == 0, result.stderr
    for lang in TARGETS:
        for output in (text_of(article(project, lang)),
                       (project / "build" / lang / f"{DOC}.md").read_text(encoding="utf-8")):
            assert "18 Millionen" not in output and "18 millones" not in output, lang
            assert "Guayaquil" not in output and "Schools" not in output, lang
            assert "18.5" not in output and "home to some" not in output, lang
        assert marked_languages(article(project, lang)) <= {lang}


def _translate_everything_new(root: Path, lang: str, prefix: str) -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid.startswith("Correction:"):
            entry.msgstr = prefix
        elif not entry.msgstr or entry.fuzzy:
            entry.msgstr = entry.msgstr or entry.msgid
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
    po.save()


def test_a_correction_holds_every_edition_back_until_it_is_translated(project):
    correction = "Correction: an earlier version gave the wrong date for the runoff."
    edit_source(project, "origin_language: de\n", f"origin_language: de\ncorrection: \"{correction}\"\n")
    edit_source(project, *REWORDED)
    result = update_and_build(project, "--format", "html")
    assert result.exit_code == 0, result.stderr
    for lang in TARGETS:
        assert not (project / "build" / lang / f"{DOC}.html").exists(), lang
    assert notices(project, "en") == ["correction"]
    assert correction in text_of(page(project, "en").find(".//*[@data-l10n-notice='correction']"))

    translated = {"es": "Corrección: una versión anterior daba una fecha errónea para la segunda vuelta.",
                  "de": "Korrektur: In einer früheren Version stand ein falsches Datum der Stichwahl."}
    for lang in TARGETS:
        _translate_everything_new(project, lang, translated[lang])
    result = update_and_build(project, "--format", "html")
    assert result.exit_code == 0, result.stderr
    for lang in TARGETS:
        notice = page(project, lang).find(".//*[@data-l10n-notice='correction']")
        assert notice is not None, lang
        assert translated[lang] in text_of(notice)
        assert correction not in text_of(page(project, lang))


def _dashboard_counts(root: Path) -> tuple[dict[str, int], Counter]:
    tree = parse_html(root / "build" / "index.html")
    headline = {e.get("data-count"): int(text_of(e)) for e in tree.iter() if e.get("data-count")}
    states = Counter(e.get("data-state") for e in tree.iter("tr") if e.get("data-state"))
    return headline, states


@pytest.mark.parametrize("selection", [(), ("--lang", "es"), ("--doc", DOC)])
def test_the_dashboard_headline_is_the_sum_of_its_rows(project, selection):
    edit_source(project, *REWORDED)
    result = update_and_build(project, "--format", "html", "--min-percent", "0", *selection)
    assert result.exit_code == 0, result.stderr
    headline, states = _dashboard_counts(project)
    assert headline == {"published": states["published"], "outdated": states["outdated"],
                        "held-back": states["held-back"]}, (headline, states)
    assert sum(states.values()) == 3
    tree = parse_html(project / "build" / "index.html")
    for row in tree.iter("tr"):
        if row.get("data-state") in ("outdated", "held-back"):
            why = [e for e in row.iter() if e.get("class") == "why" and text_of(e).strip()]
            assert why, row.get("data-language")


def test_source_fallback_on_a_right_to_left_page_is_isolated(project):
    result = run(project, "init", "--lang", "ar")
    assert result.exit_code == 0, result.stderr
    path = project / "locales" / "ar" / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid == "Politics":
            entry.msgstr = "سياسة"
    po.save()
    result = update_and_build(project, "--format", "html", "--outdated", "source", "--min-percent", "0")
    assert result.exit_code == 0, result.stderr
    tree = page(project, "ar")
    assert tree.get("dir") == "rtl"
    fallbacks = [e for e in next(tree.iter("main")).iter() if e.get("lang") == "en"]
    assert fallbacks, "the untranslated segments fall back to English"
    parents = {child: parent for parent in tree.iter() for child in parent}
    for element in fallbacks:
        isolated, node = False, element
        while node is not None and not isolated:
            isolated = node.get("dir") == "ltr" or node.tag.endswith("bdi")
            node = parents.get(node)
        assert isolated, (element.tag, text_of(element)[:40])
    byline = next(p for p in tree.iter("p") if p.get("class") == "byline")
    assert [e for e in byline.iter() if e.tag.endswith("bdi")], "the byline's names and date are isolated"
