"""Masking what a machine must not translate, and rejecting suggestions that break it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n_tool.mt.masking import PLACEHOLDER, MaskError, mask, unmask
from l10n_tool.mt.providers import PseudoProvider

CASES = [
    ("Some `inline code` and a [link](https://example.com/a.b \"Link title\") here.",
     ["`inline code`", "[", '](https://example.com/a.b "Link title")']),
    ("See the [reference link][ref] and <https://example.org>.", ["[", "][ref]", "<https://example.org>"]),
    ("**Ecuador tackles growing influence of drug cartels**", ["**", "**"]),
    ("Noboa won 44.2% while Gonzalez received 44% on 13/04/2025 at 18:30.",
     ["44.2", "44", "13/04/2025", "18:30"]),
    ("Mail desk@example.org or visit www.dw.com/es, then https://p.dw.com/p/4s8JP.",
     ["desk@example.org", "www.dw.com/es", "https://p.dw.com/p/4s8JP"]),
    ("Press <kbd>Ctrl</kbd> &amp; go\\* now", ["<kbd>", "</kbd>", "&amp;", "\\*"]),
    ("![Alt *text*](img/a.jpg) and a literal {0}", ["![", "*", "*](img/a.jpg)", "{0}"]),
]


@pytest.mark.parametrize("text, protected", CASES)
def test_protected_spans_become_placeholders(text, protected):
    masked = mask(text)
    assert list(masked.values) == protected
    assert unmask(masked, masked.text) == text


def test_do_not_translate_terms_are_masked_whole_words_longest_first():
    masked = mask("The US think tank InSight Crime and USAID.", ("InSight Crime", "US", "InSight", "USAID"))
    assert masked.values == ("US", "InSight Crime", "USAID")
    assert "InSight" not in masked.text


def test_a_suggestion_may_move_placeholders_but_not_lose_repeat_or_invent_them():
    masked = mask("Read the **full report** before April 20.")
    assert masked.text == "Read the {0}full report{1} before April {2}."
    assert unmask(masked, "Antes del {2} de abril, lea el {0}informe completo{1}.") == \
        "Antes del 20 de abril, lea el **informe completo**."
    with pytest.raises(MaskError, match="lost '20'"):
        unmask(masked, "Lea el {0}informe{1} antes de abril.")
    with pytest.raises(MaskError, match="repeated"):
        unmask(masked, "{0}{0}informe{1} {2}")
    with pytest.raises(MaskError, match="invented"):
        unmask(masked, "{0}informe{1} {2} {3}")


def test_nothing_to_translate_when_only_markup_and_numbers():
    assert not mask("**1,300** — 40%").needs_translation
    assert mask("**1,300** murders").needs_translation


markdownish = st.lists(st.sampled_from([
    "word", " ", "**", "*", "_", "`code`", "[", "](https://x.org/a?b=1)", "44.2%", "1,300", "\n",
    "https://dw.com/x", "{3}", "\\*", "<b>", "ä", "!", ".", "&amp;", "{", "}", "~~"]), max_size=30).map("".join)


@given(markdownish)
def test_mask_round_trips_and_hides_what_is_protected(text):
    masked = mask(text)
    assert unmask(masked, masked.text) == text
    visible = PLACEHOLDER.sub("", masked.text)
    assert not re.search(r"\d|`|https?:|\*\*|\]\(", visible)


@given(markdownish)
def test_pseudo_keeps_every_placeholder(text):
    settings = PseudoProvider.Settings()
    masked = mask(text)
    suggestion = unmask(masked, PseudoProvider(settings, "en", "es").translate(masked.text))
    # Bracketed, but whitespace at either end and the final punctuation stay outside, last.
    assert re.fullmatch(r"\s*⟦.*⟧(?:[.!?…:;,\"'”’»›)\]*_~]\S*)?\s*", suggestion, re.S), suggestion
    pseudo = PseudoProvider(settings, "en", "es").translate(masked.text)
    assert len(pseudo) >= len(masked.text) * 1.25  # about 30 % longer than what is translated
