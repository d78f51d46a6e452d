"""The checks' shortcut for plain prose (no markdown-it parse) must read text exactly as
markdown-it does: whatever it calls plain, markdown-it finds no markup in."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n_tool.checks.inline import _parsed, is_plain, parse_inline

# Prose, and every character markdown-it's inline rules stop at, markup or not (texts with
# markup are drawn too: the property holds of whatever the shortcut lets through).
_ALPHABET = st.sampled_from([chr(c) for c in range(32, 127)] + ["ß", "ñ", "\u00a0", "! ", "a", "e", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
@example("Wow! Really!")
@example("!important")
@example("Hola!! ¡Qué!")
@example("www.example.org! and mail@example.org!")
def test_what_the_shortcut_calls_plain_markdown_it_reads_as_plain(text):
    if is_plain(text):
        assert parse_inline(text) == _parsed(text)


def test_an_image_is_never_plain():
    assert not is_plain("![a chart](chart.png)") and _parsed("![a](b.png)").images


_PIECES = st.sampled_from(["www.", "WwW.", "http://", "HTTPS://", "ftp://", "@", "a", "b.c", ".org", ".de", " ",
                           "mail", "/path", "?q=1", "!", ")", ",", "«", "”", "x@y", "example", ":"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
@example("See www.dw.com/es, or write to info@dw.com.")
@example("Mail info@dw.com")
def test_addresses_are_found_as_a_full_scan_finds_them(text):
    from collections import Counter

    from l10n_tool.checks.inline import _EMAIL, _TRAILING, _URL, Inline, _with_addresses

    found = _with_addresses(Inline(text=text))
    without_urls = _URL.sub(" ", text)
    assert found.urls == Counter(m.group(0).rstrip(_TRAILING) for m in _URL.finditer(text))
    assert found.emails == Counter(m.group(0) for m in _EMAIL.finditer(without_urls))
    assert found.prose_without_addresses() == _EMAIL.sub(" ", without_urls)
