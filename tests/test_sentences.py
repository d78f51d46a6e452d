"""The sentence splitter's own rules: quotations, per-language data, and spans that tile the text."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n_tool.sources import sentences
from l10n_tool.sources.sentences import sentence_splitter


def split(language: str, text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_splitter(language)(text, 0, len(text))]


# --- one rule for quotations (README, "Sentences") -----------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("de", "„Wir sind bereit. Die Armee steht hinter uns“, sagte der Minister. Dann ging er.",
     ["„Wir sind bereit. Die Armee steht hinter uns“, sagte der Minister.", "Dann ging er."]),
    ("de", "Der Minister sagte: „Wir sind bereit. Die Armee steht hinter uns.“ Dann ging er.",
     ["Der Minister sagte: „Wir sind bereit. Die Armee steht hinter uns.“", "Dann ging er."]),
    ("de", "Sie nannte den Plan »unrealistisch. Er wird scheitern.« Die Regierung schwieg.",
     ["Sie nannte den Plan »unrealistisch. Er wird scheitern.«", "Die Regierung schwieg."]),
    ("es", "«Estamos listos. Nos respaldan», dijo el ministro. Luego se fue.",
     ["«Estamos listos. Nos respaldan», dijo el ministro.", "Luego se fue."]),
    ("es", "El ministro dijo: «Estamos listos. Nos respaldan». Luego se fue.",
     ["El ministro dijo: «Estamos listos. Nos respaldan».", "Luego se fue."]),
    ("en", "“We are ready. The army is with us,” the minister said. Then he left.",
     ["“We are ready. The army is with us,” the minister said.", "Then he left."]),
    ("en", '"We are ready. The army is with us," the minister said. Then he left.',
     ['"We are ready. The army is with us," the minister said.', "Then he left."]),
])
def test_a_quotation_is_one_entry_with_its_attribution(language, text, expected):
    assert split(language, text) == expected


def test_a_quotation_that_never_closes_does_not_hold_sentences_together():
    assert split("en", "He said: “We are ready. The army is with us. Then he left.") == [
        "He said: “We are ready.", "The army is with us.", "Then he left."]


def test_apostrophes_are_not_quotation_marks():
    assert split("en", "The boys’ plan failed. It’s over. They went home.") == [
        "The boys’ plan failed.", "It’s over.", "They went home."]


# --- per-language data ---------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_each_abbreviation_file_names_its_sources_and_has_both_lists(language):
    text = resources.files("l10n_tool.sources").joinpath("abbreviations", f"{language}.txt").read_text("utf-8")
    assert "Sources:" in text and "CLDR" in text
    rules = sentences._rules(language)
    assert len(rules.exact | rules.folded) > 100 and len(rules.starters) > 30


def test_the_same_text_splits_by_the_rules_of_its_language():
    # German writes ordinals with a period; English does not.
    assert split("de", "Er kam am 3. Mai an.") == ["Er kam am 3. Mai an."]
    assert split("en", "The score was 3. Mai scored twice.") == ["The score was 3.", "Mai scored twice."]


def test_a_language_without_a_list_uses_the_english_one():
    assert split("pt-BR", "Dr. Silva chegou. Ela falou.") == ["Dr. Silva chegou.", "Ela falou."]
    assert sentences._rules("pt") == sentences._rules("en")


# --- spans tile the text -------------------------------------------------------------------

_WORDS = ["Dr.", "z. B.", "Sra.", "a. m.", "EE. UU.", "U.S.", "4.", "1945.", "etc.", "word", "Word", "Die",
          "El", "The", "„", "“", "”", "«", "»", "(", ")", "'", '"', "’", "…", "...", "?", "!", "¿", "¡",
          "*", "_", "[", "](https://x.org/a.b)", "`code.`", "www.dw.com.", "a@b.org.", "x.Y"]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["en", "de", "es"]),
       st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", " ", "", "  ", "\n"])), min_size=1, max_size=40))
def test_spans_cover_the_text_in_order_without_gaps(language, words):
    text = "".join(w + s for w, s in words)
    spans = sentence_splitter(language)(text, 0, len(text))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b for a, b in spans)
    assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
