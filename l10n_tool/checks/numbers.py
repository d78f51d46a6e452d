"""The ``numbers`` check: every number and date of the source, in the source's or the target's format.

Numbers are read with Babel's locale data, so "1,300" in English matches "1.300" or
"1300" in German, and "44.2%" matches "44,2 %" or "44,2 Prozent". A date written with a
month name ("April 13", "March 23, 2025") must keep its day and year as numbers and its
month as one of the target language's month names ("13. April", "13 de abril") or a
numeric date ("23.03.2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_skeleton, get_month_names
from babel.numbers import (NumberFormatError, format_decimal, format_percent, get_decimal_symbol,
                           parse_decimal)

from ..languages import locale_of
from .. import languages
from .inline import parse_inline
from .registry import entry_check

_DIGIT = re.compile(r"\d")
# Digits with group or decimal separators between them; "9." before "Februar" is just 9.
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,'\u00a0\u202f\u2009]\d+)*")
_SPACES = re.compile(r"[\u00a0\u202f\u2009']")
# Numeric dates in a translation: 23.03.2025, 23/03/2025, 2025-03-23.
_NUMERIC_DATE = re.compile(r"(?<![\w.,/-])(?:(\d{1,2})([./])(\d{1,2})\2(\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))(?![\w/-])")
# "13.4." without a year, read as a date only where "." is not the decimal point.
_DAY_MONTH = re.compile(r"(?<![\w.,/-])(\d{1,2})\.(\d{1,2})\.(?![\w/-])")
# Groups of three digits after a plain space ("12 500", as the RAE writes it): one number
# when the source has that number, else the separate numbers they also could be.
_SPACED = re.compile(r"(?<![\w.,])\d{1,3}(?: \d{3})+(?![\w.,]?\d)")


@dataclass
class _Number:
    token: str
    values: frozenset[Decimal]
    percent: bool = False
    month_of_date: bool = False  # the month of a numeric date: may stand in for a month name


@dataclass(frozen=True)
class SourceDate:
    text: str
    month: int
    day: int
    year: int | None


def _locale(language: str) -> Locale:
    return locale_of(language)  # cached: asked for on every number of every entry


@lru_cache(maxsize=64)  # asked for on every entry
def _decimal_symbol(language: str) -> str:
    return get_decimal_symbol(_locale(language))


@lru_cache(maxsize=1 << 16)  # the same numbers (years, small counts) recur across entries
def _parse(token: str, language: str, strict: bool) -> Decimal | None:
    try:
        return parse_decimal(_SPACES.sub("", token), locale=_locale(language), strict=strict)
    except (NumberFormatError, ValueError, ArithmeticError):
        return None


def _is_percent(text: str, end: int) -> bool:
    return bool(re.match(r"\s?(%|\u00a0%|\u202f%)", text[end:end + 2]))


@lru_cache(maxsize=1 << 14)  # a source is checked once per language
def source_numbers(text: str, language: str) -> tuple[_Number, ...]:
    return tuple(_Number(text[start:end], frozenset({value}), _is_percent(text, end))
                 for start, end, value in number_spans(text, language))


def number_spans(text: str, language: str) -> list[tuple[int, int, Decimal]]:
    """Where each number of a source text stands, and its value (read as ``language`` writes numbers)."""
    spans = []
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        value = _parse(token, language, strict=True) or _parse(token, language, strict=False)
        if value is None:
            value = Decimal(re.sub(r"\D", "", token))
        spans.append((match.start(), match.end(), value))
    return spans


def translation_spans(text: str, language: str, source_language: str) -> list[tuple[int, int, frozenset[Decimal]]]:
    """Where each number of a translation stands, with every value it can be read as."""
    spans = []
    for match in _NUMBER.finditer(text):
        spans.append((match.start(), match.end(), _values(match.group(0), language, source_language)))
    return spans


def _values(token: str, language: str, source_language: str) -> frozenset[Decimal]:
    values = {_parse(token, language, False), _parse(token, source_language, False)}
    values.discard(None)
    return frozenset(values or {Decimal(re.sub(r"\D", "", token))})


def spaced_groups(text: str, values) -> str:
    """``text`` with digit groups after plain spaces ("12 500") joined by non-breaking spaces
    where they make one of ``values``: one number then, as the RAE writes it (lengths kept)."""
    return _SPACED.sub(
        lambda m: m.group(0).replace(" ", "\u00a0") if Decimal(m.group(0).replace(" ", "")) in values
        else m.group(0), text)


def translation_numbers(text: str, language: str, source_language: str) -> tuple[list[_Number], set[int]]:
    """The numbers of a translation, each with every value it can be read as; and the months of its numeric dates."""
    numbers: list[_Number] = []
    months: set[int] = set()

    def numeric_date_parts(day: str, month: str, original: str) -> str:
        if not 1 <= int(month) <= 12:
            return original
        months.add(int(month))
        numbers.append(_Number(month, frozenset({Decimal(month)}), month_of_date=True))
        return f" {day} "

    def numeric_date(match: re.Match) -> str:
        if match.group(1):
            day, month, year = match.group(1), match.group(3), match.group(4)
        else:
            year, month, day = match.group(5), match.group(6), match.group(7)
        if not 1 <= int(month) <= 12:
            return match.group(0)
        months.add(int(month))
        numbers.append(_Number(month, frozenset({Decimal(month)}), month_of_date=True))
        return f" {day} {year} "

    text = _NUMERIC_DATE.sub(numeric_date, text)
    if _decimal_symbol(language) != ".":
        text = _DAY_MONTH.sub(lambda m: numeric_date_parts(m.group(1), m.group(2), m.group(0)), text)
    for start, end, values in translation_spans(text, language, source_language):
        numbers.append(_Number(text[start:end], values))
    return numbers, months


@lru_cache(maxsize=64)
def _month_names(language: str) -> dict[str, int]:
    """Every way the language names a month (wide and abbreviated, in running text and alone)."""
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, _locale(language)).items():
                names[name.casefold().rstrip(".")] = number
    return names


@lru_cache(maxsize=64)
def _date_pattern(language: str) -> re.Pattern:
    names = "|".join(re.escape(n) for n in sorted(_month_names(language), key=len, reverse=True) if len(n) > 2)
    return re.compile(
        rf"\b(?P<m1>{names})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
        rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.|º)?\s+(?:de\s+)?(?P<m2>{names})\b\.?(?:,?\s+(?:de\s+)?(?P<y2>\d{{4}})\b)?",
        re.IGNORECASE)


@lru_cache(maxsize=1 << 14)  # a source is checked once per language
def source_dates(text: str, language: str) -> tuple[SourceDate, ...]:
    months = _month_names(language)
    dates = []
    for match in _date_pattern(language).finditer(text):
        month = match.group("m1") or match.group("m2")
        # Month names that are also words ("May", "March") count only when capitalized.
        if not month[0].isupper() and languages.primary(language) == "en":
            continue
        day = int(match.group("d1") or match.group("d2"))
        year = match.group("y1") or match.group("y2")
        if 1 <= day <= 31:
            dates.append(SourceDate(match.group(0), months[month.casefold()], day, int(year) if year else None))
    return tuple(dates)


def mentioned_months(text: str, language: str) -> set[int]:
    names = _month_names(language)
    return {names[match.group(1)] for match in _month_pattern(language).finditer(text.casefold())}


@lru_cache(maxsize=64)
def _month_pattern(language: str) -> re.Pattern:
    """Every month name of more than two letters as a whole word, in one expression (checked
    on every entry, so one search instead of one per name); longer names first."""
    names = sorted((n for n in _month_names(language) if len(n) > 2), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)") if names else re.compile(r"(?!)")


def _display(number: _Number, language: str) -> str:
    """How the target language would write a source number, for the message."""
    (value,) = number.values
    forms = [number.token + ("%" if number.percent else "")]
    try:
        if number.percent:
            forms.append(format_percent(value / 100, locale=_locale(language), decimal_quantization=False))
        elif re.search(r"[.,\u00a0\u202f']", number.token):
            forms.append(format_decimal(value, locale=_locale(language), decimal_quantization=False))
            if value == value.to_integral_value():
                forms.append(format_decimal(value, locale=_locale(language), group_separator=False))
    except (ValueError, ArithmeticError):
        pass
    return " or ".join(dict.fromkeys(forms))


def _display_date(date: SourceDate, language: str) -> str:
    try:
        skeleton = "yMMMMd" if date.year else "MMMMd"
        return format_skeleton(skeleton, Date(date.year or 2000, date.month, date.day), locale=_locale(language))
    except (ValueError, KeyError):
        return date.text


@entry_check("numbers")
def check_numbers(source: str, translation: str, source_language: str, language: str) -> list[str]:
    """Messages for numbers and dates of ``source`` that ``translation`` lost or changed."""
    if not _DIGIT.search(source) and not _DIGIT.search(translation):
        return []  # no number, and no date (its day is a number): most segments
    # Only the prose: link destinations, code spans, HTML, URLs and e-mail addresses hold digits too.
    source = parse_inline(source).prose_without_addresses()
    translation = parse_inline(translation).prose_without_addresses()
    wanted = source_numbers(source, source_language)
    wanted_values = {value for number in wanted for value in number.values}
    translation = spaced_groups(translation, wanted_values)
    offered, date_months = translation_numbers(translation, language, source_language)
    used = [False] * len(offered)
    missing = []
    for number in wanted:
        (value,) = number.values
        # Prefer real numbers; the month of a numeric date matches only what nothing else does.
        order = sorted(range(len(offered)), key=lambda i: offered[i].month_of_date)
        for index in order:
            if not used[index] and value in offered[index].values:
                used[index] = True
                break
        else:
            missing.append(number)
    extra = [n for n, u in zip(offered, used) if not u and not n.month_of_date]

    messages = []
    if missing:
        messages.append("missing " + "; ".join(f"{n.token}{'%' if n.percent else ''} "
                                               f"(write {_display(n, language)})" for n in missing))
    if extra:
        messages.append("not in the source: " + ", ".join(n.token for n in extra))
    dates = source_dates(source, source_language)
    months = (mentioned_months(translation, language) | mentioned_months(translation, source_language)
              | date_months) if dates else set()
    for date in dates:
        if date.month not in months:
            messages.append(f"the month of {date.text!r} is missing (write {_display_date(date, language)!r})")
    return ["; ".join(messages)] if messages else []
