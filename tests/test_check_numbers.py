"""The numbers check reads numbers and dates with Babel's locale data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from l10n_tool.checks.numbers import check_numbers


@pytest.mark.parametrize("source, translation, language", [
    ("Some 1,300 murders.", "Rund 1.300 Morde.", "de"),
    ("Some 1,300 murders.", "Rund 1300 Morde.", "de"),  # no group separator for four digits
    ("Some 1,300 murders.", "Unos 1300 asesinatos.", "es"),  # RAE style
    ("Some 1,300 murders.", "Unos 1.300 asesinatos.", "es"),
    ("Noboa won 44.2%.", "Noboa erhielt 44,2 %.", "de"),
    ("Noboa won 44.2%.", "Noboa erhielt 44,2 Prozent.", "de"),
    ("Noboa won 44.2%.", "Noboa obtuvo el 44,2 %.", "es"),
    ("Noboa won 44.2%.", "Noboa won 44.2%.", "de"),  # as in the source
    ("It happened on March 23, 2025.", "Es geschah am 23. März 2025.", "de"),
    ("It happened on March 23, 2025.", "Ocurrió el 23 de marzo de 2025.", "es"),
    ("It happened on March 23, 2025.", "Es geschah am 23.03.2025.", "de"),
    ("Runoff due on April 13", "Stichwahl am 13. April", "de"),
    ("Runoff due on April 13", "Segunda vuelta, el 13 de abril", "es"),
    ("On February 9, Noboa won 44.2% and Gonzalez 44%.",
     "Am 9. Februar erhielt Noboa 44,2 Prozent, Gonzalez 44 Prozent.", "de"),
    ("A population of 18 million.", "18 Millionen Einwohner.", "de"),
    ("See [the report](https://example.org/2024/report-7).", "Siehe [den Bericht](https://example.org/2024/report-7).", "de"),
    ("It costs 1,234,567.89 dollars.", "Es kostet 1.234.567,89 Dollar.", "de"),
    ("It costs 12,500 dollars.", "Cuesta 12\u00a0500 dólares.", "es"),
    ("It costs 12,500 dollars.", "Cuesta 12 500 dólares.", "es"),  # RAE: a plain space
    ("Of the 50, 100 were new.", "De los 50, 100 eran nuevos.", "es"),
    ("Of 50 100 were new.", "Von 50 waren 100 neu.", "de"),
    ("Runoff due on April 13", "Stichwahl am 13.4.", "de"),
    ("Runoff due on April 13, 2025", "Stichwahl am 13.04.2025", "de"),
])
def test_locale_correct_numbers_pass(source, translation, language):
    assert check_numbers(source, translation, "en", language) == []


@pytest.mark.parametrize("source, translation, language, shown", [
    ("Some 1,300 murders.", "Rund 1.400 Morde.", "de", "1,300"),
    ("Some 1,300 murders.", "Rund 1400 Morde.", "de", "1,300"),
    ("Some 1,300 murders.", "Rund 13 Morde.", "de", "1,300"),
    ("Noboa won 44.2%.", "Noboa erhielt 42,2 Prozent.", "de", "44.2%"),
    ("Noboa won 44.2%.", "Noboa obtuvo el 44 %.", "es", "44.2%"),
    ("It happened on March 23, 2025.", "Es geschah am 23. April 2025.", "de", "March 23, 2025"),
    ("It happened on March 23, 2025.", "Es geschah am 24. März 2025.", "de", "23"),
    ("It happened on March 23, 2025.", "Es geschah am 23. März 2024.", "de", "2025"),
    ("In the first 50 days.", "In den ersten Tagen.", "de", "50"),
    ("In the first days.", "In den ersten 50 Tagen.", "de", "50"),  # a number added
    ("Runoff due on April 13", "Stichwahl am 13.3.", "de", "April 13"),
    ("It costs 12,500 dollars.", "Cuesta 12 600 dólares.", "es", "12,500"),
])
def test_changed_numbers_fail_and_show_the_number(source, translation, language, shown):
    (message,) = check_numbers(source, translation, "en", language)
    assert shown in message


def test_message_shows_the_target_locale_form():
    (message,) = check_numbers("Some 1,300 murders.", "Rund 1.400 Morde.", "en", "de")
    assert "1.300" in message and "1.400" in message
    (message,) = check_numbers("April 13", "13. März", "en", "de")
    assert "13. April" in message


_numbers = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999999"), places=1, allow_nan=False)


@given(value=_numbers, language=st.sampled_from(["de", "es", "fr", "it", "pt", "ru"]))
def test_any_number_in_the_target_locale_format_passes(value, language):
    source = f"There were {format_decimal(value, locale='en', decimal_quantization=False)} cases."
    translation = f"x {format_decimal(value, locale=language, decimal_quantization=False)} y."
    assert check_numbers(source, translation, "en", language) == []


@given(value=_numbers, delta=st.integers(min_value=1, max_value=999), language=st.sampled_from(["de", "es"]))
def test_any_changed_number_fails(value, delta, language):
    source = f"There were {format_decimal(value, locale='en', decimal_quantization=False)} cases."
    changed = value + delta
    translation = f"x {format_decimal(changed, locale=language, decimal_quantization=False)} y."
    assert check_numbers(source, translation, "en", language) != []


@given(percent=st.decimals(min_value=0, max_value=100, places=1), language=st.sampled_from(["de", "es", "fr"]))
def test_any_percent_in_the_target_locale_format_passes(percent, language):
    source = f"A share of {format_decimal(percent, locale='en', decimal_quantization=False)}%."
    translation = f"x {format_percent(percent / 100, locale=language, decimal_quantization=False)}."
    assert check_numbers(source, translation, "en", language) == []


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       language=st.sampled_from(["de", "es", "fr", "it", "pt"]))
def test_any_date_in_the_target_locale_long_format_passes(day, language):
    source = f"It happened on {format_date(day, 'MMMM d, y', locale='en')}."
    translation = f"x {format_date(day, 'long', locale=language)}."
    assert check_numbers(source, translation, "en", language) == []
