"""Language codes, in every form the tool meets them; the only module that takes a code apart.

A project may write ``pt-BR`` (BCP 47, as the web does) or ``pt_BR`` (gettext's POSIX form,
as Weblate and Poedit do); both mean the same language.  Catalog folders and the
``Language:`` header use the gettext form, HTML ``lang``/``hreflang`` the BCP 47 form,
Babel its own locale object, and the sentence splitter the bare language subtag.

The syntax is checked before Babel sees a code: Babel's ``parse_locale`` drops everything
after a ``.``, so ``de.\\" onmouseover=…`` or ``de./../../elsewhere`` would otherwise pass
as German and reach attributes and file paths.

Babel is imported when a locale is first needed: importing it costs a run served from the
cache a tenth of its time, so locale names Babel accepted in an earlier run (remembered in
the project's cache, keyed by Babel's installed files) are taken as known.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# language[_-]Script[_-]REGION[@modifier]; BCP 47 variants are taken only as gettext modifiers.
_SYNTAX = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:(?:@|-)(?P<modifier>[A-Za-z]{4,8}))?"
)
# gettext names scripts by modifiers (sr@latin); BCP 47 by script subtags (sr-Latn).
_SCRIPT_MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Deva": "devanagari"}
_MODIFIER_SCRIPTS = {modifier: script for script, modifier in _SCRIPT_MODIFIERS.items()}


# Locale names (pt_BR, zh_Hans) Babel has accepted, in this run or (see assume_known) an earlier one.
_KNOWN_LOCALES: set[str] = set()


class LanguageCodeError(ValueError):
    """Not a language code, or one Babel has no data for."""


@dataclass(frozen=True)
class Language:
    """One language, as configured, with each form derived from it once."""

    code: str  # as written in the configuration
    language: str  # ISO 639 subtag, lower case
    script: str | None  # ISO 15924, title case
    region: str | None  # ISO 3166 or UN M.49, upper case
    variant: str | None  # a gettext modifier that names no script (ca@valencia)

    @property
    def gettext(self) -> str:
        """gettext's POSIX form, for catalog folders and the ``Language:`` header: pt_BR, sr@latin."""
        modifier = _SCRIPT_MODIFIERS.get(self.script) if self.script else None
        name = self.language
        if self.script and modifier is None:
            name += f"_{self.script}"
        if self.region:
            name += f"_{self.region}"
        if modifier or self.variant:
            name += f"@{modifier or self.variant}"
        return name

    @property
    def bcp47(self) -> str:
        """The BCP 47 tag, for HTML ``lang`` and ``hreflang``: pt-BR, sr-Latn."""
        parts = [self.language, self.script, self.region, self.variant]
        return "-".join(part for part in parts if part)

    @property
    def locale(self) -> Locale:
        return _locale(self.language, self.script, self.region)

    @property
    def segmenter(self) -> str:
        """The code the sentence splitter's abbreviation lists are named by: the bare language subtag."""
        return self.language

    @property
    def display_name(self) -> str:
        """The language named in itself: English, Español, Deutsch."""
        locale = self.locale
        name = locale.get_display_name(locale) or self.code
        return name[:1].upper() + name[1:]

    @property
    def direction(self) -> str:
        """``ltr`` or ``rtl``."""
        return self.locale.text_direction


@functools.lru_cache(maxsize=256)
def parse(code: str) -> Language:
    """The language named by ``code``; LanguageCodeError if it is not a code Babel knows."""
    if not isinstance(code, str):
        raise LanguageCodeError(f"language codes are strings, got {code!r}")
    match = _SYNTAX.fullmatch(code)
    if match is None:
        raise LanguageCodeError(f"not a language code: {code!r} (expected e.g. es, pt-BR, pt_BR, sr@latin)")
    script = match["script"].title() if match["script"] else None
    modifier = match["modifier"].lower() if match["modifier"] else None
    variant = None
    if modifier:
        named = _MODIFIER_SCRIPTS.get(modifier)
        if named and script and named != script:
            raise LanguageCodeError(f"{code!r} names two scripts")
        script, variant = (named, None) if named else (script, modifier)
    language = Language(code, match["language"].lower(), script,
                        match["region"].upper() if match["region"] else None, variant)
    name = _locale_name(language.language, language.script, language.region)
    if name not in _KNOWN_LOCALES:
        from babel import UnknownLocaleError

        try:
            _locale(language.language, language.script, language.region)
        except (UnknownLocaleError, ValueError) as exc:
            raise LanguageCodeError(f"unknown language code {code!r}") from exc
        _KNOWN_LOCALES.add(name)
    return language


def known_locales() -> list[str]:
    """The locale names Babel accepted (or was trusted to accept) in this run, for the cache to remember."""
    return sorted(_KNOWN_LOCALES)


def assume_known(names: Iterable[str]) -> None:
    """Take ``names`` as locales Babel accepts, without asking it: the cache remembers them from an
    earlier run with the same Babel, so a run served from the cache does not import it."""
    _KNOWN_LOCALES.update(name for name in names if isinstance(name, str))


def is_valid(code: object) -> bool:
    try:
        parse(code)  # type: ignore[arg-type]
    except LanguageCodeError:
        return False
    return True


def same(a: str, b: str) -> bool:
    """Whether two codes name the same language (pt-BR, pt_BR and PT-br do)."""
    try:
        return _key(parse(a)) == _key(parse(b))
    except LanguageCodeError:  # codes from other tools' files (TMX): compare them loosely
        return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def configured(choices: Iterable[str], code: str) -> str | None:
    """The code among ``choices`` (the configured languages) naming the language ``code`` names
    (pt_BR finds pt-BR), else None: the one lookup of a configured language for a code."""
    return next((choice for choice in choices if same(choice, code)), None)


def covers(language: str, code: str) -> bool:
    """Whether ``code`` names ``language`` or, for a bare language, a regional form of it (EN-US for en)."""
    if same(language, code):
        return True
    try:
        bare = parse(language)
    except LanguageCodeError:
        return False
    return not (bare.script or bare.region or bare.variant) and primary(code) == bare.language


def primary(code: str) -> str:
    """The bare language subtag of any code, even one Babel does not know: ``ES-es`` -> ``es``."""
    match = _SYNTAX.match(code)
    return match["language"].lower() if match else code.lower()


def gettext_form(code: str) -> str:
    return parse(code).gettext


def bcp47(code: str) -> str:
    return parse(code).bcp47


def display_name(code: str) -> str:
    """The language's name in itself, as a language switcher shows it: English, Español, Deutsch."""
    return parse(code).display_name


def direction(code: str) -> str:
    """``ltr`` or ``rtl``, for a page's ``dir``."""
    return parse(code).direction


def locale_of(code: str) -> Locale:
    """Babel's locale for a language code; "pt-BR" and "pt_BR" are the same."""
    return parse(code).locale


def _key(language: Language) -> tuple:
    return language.language, language.script, language.region, language.variant


def _locale_name(language: str, script: str | None, region: str | None) -> str:
    return "_".join(part for part in (language, script, region) if part)


@functools.lru_cache(maxsize=256)
def _locale(language: str, script: str | None, region: str | None) -> Locale:
    from babel import Locale

    return Locale.parse(_locale_name(language, script, region))
