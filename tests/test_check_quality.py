"""Entry checks one by one: markup (including raw HTML for the HTML publisher), URLs,
unchanged, whitespace, punctuation with each language's quotation marks, glossary."""

from __future__ import annotations

import pytest

from l10n_tool.glossary import Glossary
from l10n_tool.checks.quality import (check_markup, check_punctuation, check_unchanged, check_urls,
                                      check_whitespace, words_translators_change)

SOURCE = "See [the report](https://example.org/r) and `code` with *some* **bold** text."


def test_markup_kept_passes():
    assert check_markup(SOURCE, "Siehe *etwas* `code` und [den Bericht](https://example.org/r) **fett**.") == []


@pytest.mark.parametrize("translation, shown", [
    ("Siehe [den Bericht](https://example.org/x) `code` *etwas* **fett**.", "https://example.org/r"),
    ("Siehe [den Bericht](javascript:alert(1)) `code` *etwas* **fett**.", "javascript:alert(1)"),
    ("Siehe [den Bericht](https://example.org/r) `Code` *etwas* **fett**.", "`code`"),
    ("Siehe [den Bericht](https://example.org/r) `code` etwas **fett**.", "emphasis"),
    ("Siehe [den Bericht](https://example.org/r) `code` *etwas* fett.", "strong"),
    ("Siehe [den Bericht](https://example.org/r) `code` *etwas* **fett** ![x](evil.png).", "evil.png"),
    ("Siehe <script>alert(1)</script>[den Bericht](https://example.org/r) `code` *etwas* **fett**.", "<script>"),
    ('Siehe <img src="x" onerror="alert(1)">[den Bericht](https://example.org/r) `code` *etwas* **fett**.',
     "onerror"),
])
def test_markup_changes_are_shown(translation, shown):
    messages = check_markup(SOURCE, translation)
    assert messages and any(shown in m for m in messages), messages


def test_link_reference_definitions_are_compared():
    assert check_markup("See [it][1].", "[1]: javascript:alert(1)\nSiehe [es][1].") != []
    assert check_markup("[1]: https://example.org\nSee [it][1].", "[1]: https://example.org\nSiehe [es][1].") == []


def test_raw_html_present_in_the_source_may_stay():
    assert check_markup("Line<br>break", "Zeilen<br>umbruch") == []
    assert check_markup("Line<br>break", "Zeilen<br onclick=x>umbruch") != []


def test_urls_and_emails_verbatim():
    source = "Write to desk@example.org or see https://example.org/a."
    assert check_urls(source, "Schreiben Sie an desk@example.org oder siehe https://example.org/a.") == []
    assert check_urls(source, "Schreiben Sie an desk@example.de oder siehe https://example.org/a.") != []
    assert check_urls(source, "Schreiben Sie an desk@example.org oder siehe https://example.de/a.") != []


@pytest.mark.parametrize("source", ["InSight Crime", "Image: Marcos Pin/AFP/Getty Images", "`l10n check`",
                                    "2025", "USAID, BBC, DW"])
def test_unchanged_names_numbers_and_code_pass(source):
    assert check_unchanged(source, source) == []


def test_unchanged_capitalized_word_that_translators_translate_fails():
    translated = words_translators_change([
        ("Image: Rodrigo Buendia/AFP/Getty Images", "Bild: Rodrigo Buendia/AFP/Getty Images"),
        ("Image: Agencia Prensa-Independiente/IMAGO", "Bild: Agencia Prensa-Independiente/IMAGO"),
        ("Daniel Noboa spoke.", "Daniel Noboa sprach."),
        ("Noboa won.", "Er gewann."),
    ])
    assert "Image" in translated and "Noboa" not in translated and "Daniel" not in translated
    credit = "Image: Marcos Pin/AFP/Getty Images"
    assert check_unchanged(credit, credit, (), translated) != []
    assert check_unchanged("Daniel Noboa", "Daniel Noboa", (), translated) == []


def test_unchanged_prose_fails():
    assert check_unchanged("The army ended the violence.", "The army ended the violence.") != []
    assert check_unchanged("The army ended the violence.", "Die Armee beendete die Gewalt.") == []


def test_whitespace():
    assert check_whitespace("a b", "a b") == []
    assert check_whitespace("a b", "a  b") != []
    assert check_whitespace("a b", " a b") != []
    assert check_whitespace("a b", "a b\n") != []
    assert check_whitespace("a  b", "x  y") == []  # doubled in the source too


@pytest.mark.parametrize("source, translation, language", [
    ('He said "yes."', "Er sagte „ja“.", "de"),
    ('He said "yes."', "Dijo «sí».", "es"),
    ('He said "yes."', "Dijo “sí”.", "es"),
    ('"Experience shows this. And more.', "„Die Erfahrung zeigt das. Und mehr.", "de"),  # opens here,
    ('It ends here."', "Hier endet es.“", "de"),  # ... closes in the next segment
    ('It ends here."', "Aquí termina».", "es"),
    ("Can the army end the violence?", "¿Puede el Ejército acabar con la violencia?", "es"),
    ("Daniel Ponton, dean at the Institute, said so.", "Daniel Pontón, decano del Instituto (IAEN), lo dijo.", "es"),
])
def test_punctuation_passes(source, translation, language):
    assert check_punctuation(source, translation, "en", language) == []


@pytest.mark.parametrize("source, translation, language", [
    ('He said "yes."', "Er sagte „ja.", "de"),
    ('He said "yes."', "Dijo «sí.", "es"),
    ('He said "yes."', "Er sagte ja", "de"),
    ("It ends.", "Es endet", "de"),
    ("It ends", "Es endet.", "de"),
    ("Does it end?", "Es endet.", "de"),
    ("It (really) ends.", "Es (wirklich endet.", "de"),
    ('"It opens here.', "Es öffnet hier.", "de"),  # the opening quote was dropped
])
def test_punctuation_fails(source, translation, language):
    assert check_punctuation(source, translation, "en", language) != []


def test_glossary():
    glossary = Glossary(("USAID",), {"Friedrich Ebert Foundation": {"de": "Friedrich-Ebert-Stiftung"}})
    assert glossary.check("USAID at the Friedrich Ebert Foundation", "USAID bei der Friedrich-Ebert-Stiftung",
                          "en", "de") == []
    assert glossary.check("USAID helps", "Die US-Behörde hilft", "en", "de") != []
    assert glossary.check("the Friedrich Ebert Foundation", "die Friedrich Ebert Stiftung", "en", "de") != []
    # No rendering for Spanish: nothing required.
    assert glossary.check("the Friedrich Ebert Foundation", "la Fundación", "en", "es") == []
    # A substring is not the term: "USAIDS" does not contain the word USAID.
    assert glossary.check("USAIDS", "x", "en", "de") == []


# What `build` would neutralize when publishing HTML (safe_html.find_unsafe), `check` reports first.
PUBLISHING_CASES = [
    ("See [x](https://a.example/).", "Vea [x](https://b.example/)."),
    ("Plain text.", "Texto <script>alert(1)</script>."),
    ("Plain text.", "<script>alert(1)</script>"),
    ("Bold <b>text</b>.", "Texto <b onclick=x>negrita</b>."),
    ("Bold <b>text</b>.", "Texto <b>negrita."),
    ("Bold <b>text</b>.", "Texto</b> <b>negrita</b>."),
    ("Go [x](javascript:void(0)).", "Vaya [x](javascript:void(0))."),  # unsafe even in the source
    ("An ![image](a.png).", "Una ![imagen](b.png)."),
    ("Plain text.", "También dijo [haga clic aquí](javascript:alert(1)) algo <javascript:alert(2)>."),
    ("Plain text.", 'Pocos días antes <a href="javascript:alert(3)">Noboa</a> anunció '
                    "![píxel](https://tracker.example/p.png) una alianza."),
    ("Plain text.", '<b onmouseover="alert(5)">Los analistas</b> advierten'),
    ("Plain text.", 'Unos 1300 asesinatos <img src=x onerror="alert(1)"> en 50 días.'),
    ("Plain text.", "Texto ![x](data:image/svg+xml;base64,PHN2Zz4=)"),
]


@pytest.mark.parametrize("source, translation", PUBLISHING_CASES)
def test_check_reports_whatever_publishing_would_neutralize(source, translation):
    safe_html = pytest.importorskip("l10n_tool.safe_html")
    assert safe_html.find_unsafe(source, translation), "the case should be unsafe to publish"
    assert check_markup(source, translation)


@pytest.mark.parametrize("source, translation", [
    ("See [x](https://a.example/).", "Vea [x](https://a.example/)."),
    ("Bold <b>text</b>.", "Texto <b>negrita</b>."),
    ("Plain text.", "Texto &lt;script&gt;"),
])
def test_check_and_publishing_agree_on_safe_markup(source, translation):
    safe_html = pytest.importorskip("l10n_tool.safe_html")
    assert safe_html.find_unsafe(source, translation) == []
    assert check_markup(source, translation) == []
