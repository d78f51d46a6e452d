"""``catalogs/carry.py``: which source edits are carried into a translation, and how."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n_tool.catalogs.carry import Carrier
from l10n_tool.catalogs.merge import merge
from l10n_tool.catalogs.pofile import new_catalog, read_catalog
from l10n_tool.catalogs.reader import Entry

ES, DE = Carrier("es", "en"), Carrier("de", "en")

CARRIED = {
    "curly quotes": (ES, 'He said "no."', "He said “no.”", "Dijo «no».", "Dijo «no»."),
    "apostrophe": (ES, "Ecuador's army", "Ecuador’s army", "El ejército de Ecuador", "El ejército de Ecuador"),
    "dash": (ES, "violence - again", "violence — again", "violencia, otra vez", "violencia, otra vez"),
    "ellipsis": (ES, "and then...", "and then…", "y luego…", "y luego…"),
    "spaces": (ES, "a  b\nc", "a b c", "x", "x"),
    "nbsp": (ES, "18\u00a0million people", "18 million people", "18 millones", "18 millones"),
    "link by destination": (ES, "See [BBC](https://a.example/x).", "See [BBC](https://b.example/x).",
                            "Véase [la BBC](https://a.example/x).", "Véase [la BBC](https://b.example/x)."),
    "link by position": (DE, "See [BBC](https://a.example/en/).", "See [BBC](https://b.example/en/).",
                         "Siehe [BBC](https://a.example/de/).", "Siehe [BBC](https://b.example/en/)."),
    "image": (ES, "![A map](map1.png) here", "![A map](map2.png) here", "![Un mapa](map1.png) aquí",
              "![Un mapa](map2.png) aquí"),
    "grouped number, German": (DE, "Some 1,300 murders", "Some 1,350 murders", "Rund 1.300 Morde",
                               "Rund 1.350 Morde"),
    "ungrouped number, Spanish": (ES, "Some 1,300 murders", "Some 12,350 murders", "Unos 1300 asesinatos",
                                  "Unos 12350 asesinatos"),
    "percent, decimal comma": (ES, "won 44.2% of the vote", "won 44.25% of the vote", "obtuvo el 44,2 %",
                               "obtuvo el 44,25 %"),
    "year and day": (DE, "on April 13, 2025", "on April 14, 2026", "am 13. April 2025", "am 14. April 2026"),
    "RAE spaced groups": (ES, "12,500 people", "12,700 people", "12 500 personas", "12 700 personas"),
    "small number gets the language's grouping": (DE, "about 950 cases", "about 1,050 cases", "etwa 950 Fälle",
                                                  "etwa 1.050 Fälle"),
}


@pytest.mark.parametrize("name", CARRIED)
def test_carried(name):
    carrier, old, new, msgstr, expected = CARRIED[name]
    carried = carrier.carry(old, new, msgstr)
    assert carried is not None and carried.msgstr == expected
    numbers_changed = name.startswith(("grouped", "ungrouped", "percent", "year", "RAE", "small"))
    assert (carried.note is not None) == numbers_changed


NOT_CARRIED = {
    "a word": (ES, "The minister said yes.", "The minister said no.", "El ministro dijo sí."),
    "emphasis": (ES, "He said no.", "He said *no*.", "Dijo no."),
    "a number and a word": (ES, "Some 1,300 murders", "Some 1,350 killings", "Unos 1300 asesinatos"),
    "a number more": (ES, "Some 1,300 murders", "Some 1,300 or 1,400 murders", "Unos 1300 asesinatos"),
    "plural category": (ES, "1 person died", "2 person died", "Murió 1 persona"),
    "old number missing in the translation": (ES, "Some 1,300 murders", "Some 1,350 murders", "Mil trescientos"),
    "old number twice in the translation": (ES, "In 2024 it rose", "In 2025 it rose", "En 2024 subió, como en 2024"),
    "link text": (ES, "See [BBC](https://a.example/).", "See [CNN](https://a.example/).", "Véase [BBC](https://a.example/)."),
    "link gone from the translation": (ES, "See [BBC](https://a/).", "See [BBC](https://b/).", "Véase la BBC."),
}


@pytest.mark.parametrize("name", NOT_CARRIED)
def test_not_carried(name):
    carrier, old, new, msgstr = NOT_CARRIED[name]
    assert carrier.carry(old, new, msgstr) is None


_VARIANTS = {"'": "’", '"': "“", "-": "–", "...": "…", " ": "\u00a0"}
_WORDS = st.lists(st.sampled_from(["war", "peace", "'", '"', "-", "...", " ", "  ", "\n", "Noboa", ","]),
                  min_size=1, max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_WORDS, choices=st.lists(st.booleans(), min_size=5, max_size=5), msgstr=st.text(max_size=30))
def test_a_typographic_variant_never_changes_the_translation(text, choices, msgstr):
    new = text
    for (plain, fancy), swap in zip(_VARIANTS.items(), choices):
        if swap:
            new = new.replace(plain, fancy)
    if not new.strip() or new == text:
        return
    carried = ES.carry(text, new, msgstr)
    assert carried is not None and carried.msgstr == msgstr and carried.note is None


@settings(max_examples=100, deadline=None)
@given(before=st.sampled_from(["Véase ", "Mira ", ""]), after=st.sampled_from([".", " hoy.", ""]),
       path=st.from_regex(r"[a-z0-9/]{1,12}", fullmatch=True))
def test_a_new_destination_changes_only_the_destination(before, after, path):
    old, new = "See [BBC](https://a.example/x).", f"See [BBC](https://b.example/{path})."
    msgstr = f"{before}[la BBC](https://a.example/x){after}"
    carried = ES.carry(old, new, msgstr)
    assert carried is not None and carried.msgstr == f"{before}[la BBC](https://b.example/{path}){after}"


@settings(max_examples=100, deadline=None)
@given(old=st.integers(2, 10**7), new=st.integers(2, 10**7))
def test_number_carry_writes_the_new_value_and_nothing_else(old, new):
    source = "Some {:,} murders were recorded."
    carried = DE.carry(source.format(old), source.format(new), f"Es wurden {old} Morde registriert.")
    if old == new:
        assert carried is not None and carried.note is None
        return
    assert carried is not None and carried.msgstr == f"Es wurden {new if old >= 1000 or new < 1000 else format(new, ',').replace(',', '.')} Morde registriert."


@settings(max_examples=60, deadline=None)
@given(numbers=st.lists(st.integers(2, 99_999), min_size=1, max_size=3),
       changed=st.lists(st.integers(2, 99_999), min_size=1, max_size=3),
       quotes=st.booleans())
def test_merging_a_carried_edit_twice_changes_nothing(numbers, changed, quotes):
    new_numbers = (changed + numbers)[:len(numbers)]
    words = ["rose", "fell", "stayed", "moved"]
    old = " and ".join(f"{w} {n:,}" for w, n in zip(words, numbers)) + ' "here".'
    new = " and ".join(f"{w} {n:,}" for w, n in zip(words, new_numbers)) + (" “here”." if quotes else ' "here".')
    msgstr = " y ".join(f"{n}" for n in numbers) + "."
    po = read_catalog((HEADER + f'msgid "{old.replace(chr(34), chr(92) + chr(34))}"\nmsgstr "{msgstr}"\n')
                      .encode("utf-8"), Path("old.po"))
    first = merge(_template(new), po, carrier=ES)
    again = new_catalog({}, "")
    again.extend(first.entries)
    second = merge(_template(new), again, carrier=ES)
    assert [(e.msgid, e.msgstr, e.tcomment, e.flags) for e in second.entries] == \
        [(e.msgid, e.msgstr, e.tcomment, e.flags) for e in first.entries]
    assert second.carried == 0 and second.stale == 0
    (entry,) = [e for e in first.entries if not e.obsolete]
    if first.carried:  # a translation is never lost: carried, or stale with the old one
        assert "fuzzy" not in entry.flags
    else:
        assert msgstr in [e.msgstr for e in first.entries]


HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _template(msgid: str) -> list[Entry]:
    return [Entry(msgid=msgid, msgstr="", occurrences=[("source/a.md", "1")], comment="type: paragraph")]
