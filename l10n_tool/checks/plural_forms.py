"""Plural-Forms headers: which formulas a language accepts, and what a header means.

Two authorities disagree for some languages, and both are right for the tools that follow
them: GNU gettext's table (what ``msginit``, Translate Toolkit and older Poedit write:
``nplurals=2; plural=(n != 1);`` for Spanish) and CLDR's data as Babel has it (three forms
for es, fr, it, pt since CLDR 42, the extra one for 1000000). A header that means the same
as either is accepted; formulas are compared by what they compute, not by their spelling.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .. import languages

# GNU gettext's table of known plural formulas, as gettext-tools/src/plural-table.c holds it
# (taken there from the gettext manual, node "Plural forms"; GNU gettext 0.25). Keyed by
# gettext's language code; a regional code (pt_BR) is looked up first, then its language.
GNU_PLURAL_FORMS = {
    "ja": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    **dict.fromkeys(("en", "de", "nl", "sv", "da", "no", "nb", "nn", "fo", "es", "pt", "it", "bg", "el",
                     "fi", "et", "he", "eo", "hu", "tr", "ca"), "nplurals=2; plural=(n != 1);"),
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"),
                    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                    "(n%100<10 || n%100>=20) ? 1 : 2);"),
    **dict.fromkeys(("cs", "sk"), "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}

_HEADER = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")

# Plural formulas are compared by what they compute for these n: every n a rule of CLDR's
# data distinguishes (remainders mod 10, 100 and 1000 within 0..1000) and the large values
# where some languages have a "many" form (1000000 in es, fr, it, pt).
_PLURAL_SAMPLES = (*range(1001), 1001, 1100, 10_000, 100_000, 999_999, 1_000_000, 1_000_001,
                   2_000_000, 10_000_000, 100_000_000, 1_000_000_000)


@dataclass(frozen=True)
class PluralForms:
    """A Plural-Forms value taken apart; ``source`` names who writes it (for messages)."""

    nplurals: int
    formula: str
    source: str = ""

    @property
    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.formula};"


def parse(text: str) -> PluralForms | None:
    found = _HEADER.match(text or "")
    return PluralForms(int(found.group(1)), found.group(2)) if found else None


@lru_cache(maxsize=256)
def plural_function(formula: str) -> Callable[[int], int] | None:
    """The C plural expression as a function of n, or None when it is not one.

    ``gettext.c2py`` is the standard library's reader for exactly this (it loads every
    ``.mo`` file's Plural-Forms): it accepts only ``n``, integers, C operators and
    parentheses, and refuses anything else before it compiles the expression.
    """
    try:
        return gettext.c2py(formula.strip().rstrip(";"))
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        return None


@lru_cache(maxsize=256)  # every catalog of a language asks the same question
def same_plural_rule(nplurals_a: int, formula_a: str, nplurals_b: int, formula_b: str) -> bool:
    """Whether two Plural-Forms mean the same: equal counts and the same form for every sample n.

    Weblate, Poedit and msginit write equivalent formulas differently
    (``n != 1`` and ``(n != 1)``; ``n==1 ? 0 : …`` with more or fewer parentheses).
    """
    if nplurals_a != nplurals_b:
        return False
    a, b = plural_function(formula_a), plural_function(formula_b)
    if a is None or b is None:
        return False
    try:
        return all(a(n) == b(n) for n in _PLURAL_SAMPLES)
    except ArithmeticError:  # "n % 0"
        return False


@lru_cache(maxsize=256)
def defect(forms: PluralForms) -> str | None:
    """Why msgfmt would refuse this header whatever the language, or None."""
    if forms.nplurals < 1:
        return f"nplurals={forms.nplurals}; a language has at least one form"
    function = plural_function(forms.formula)
    if function is None:
        return f"plural={forms.formula!r} is not a C expression of n"
    try:
        beyond = next((n for n in _PLURAL_SAMPLES if not 0 <= function(n) < forms.nplurals), None)
    except ArithmeticError:
        return f"plural={forms.formula!r} divides by zero"
    if beyond is not None:
        return f"plural={forms.formula!r} gives form {function(beyond)} for n={beyond}, beyond nplurals={forms.nplurals}"
    return None


def cldr_plural_forms(language: str) -> PluralForms | None:
    """CLDR's formula for the language, as Babel writes it into new catalogs."""
    from babel import UnknownLocaleError
    from babel.messages.plurals import get_plural  # slow to import: only when a header is checked

    try:
        plural = get_plural(languages.locale_of(language))
    except (UnknownLocaleError, ValueError):
        return None
    return PluralForms(plural.num_plurals, plural.plural_expr, "CLDR (Babel, Weblate)")


def gnu_plural_forms(language: str) -> PluralForms | None:
    """GNU gettext's formula for the language (what msginit writes), when its table has one."""
    try:
        parsed = languages.parse(language)
    except languages.LanguageCodeError:
        return None
    for key in (parsed.gettext, f"{parsed.language}_{parsed.region}" if parsed.region else None, parsed.language):
        if key in GNU_PLURAL_FORMS:
            forms = parse(GNU_PLURAL_FORMS[key])
            return PluralForms(forms.nplurals, forms.formula, "GNU gettext (msginit)")
    return None


def accepted(language: str) -> list[PluralForms]:
    """The formulas a catalog of ``language`` may declare: GNU gettext's and CLDR's (one when they agree)."""
    found = []
    for forms in (gnu_plural_forms(language), cldr_plural_forms(language)):
        if forms and not any(same_plural_rule(f.nplurals, f.formula, forms.nplurals, forms.formula)
                             for f in found):
            found.append(forms)
    return found


@dataclass(frozen=True)
class Verdict:
    message: str
    severity: str | None  # None: the catalog check's configured severity; "warning": at most a warning


def judge(text: str, language: str, *, has_plurals: bool) -> Verdict | None:
    """What is wrong with a catalog's Plural-Forms value for ``language``, or None.

    A formula that is valid but agrees with neither authority only matters to entries with
    plural forms: without any it is a warning.
    """
    choices = accepted(language)
    fix = " or ".join(f"'Plural-Forms: {f.header}\\n' ({f.source})" for f in choices)
    forms = parse(text)
    if forms is None:
        return Verdict(f"Plural-Forms {text!r} cannot be read" + (f"; write {fix} in the header" if fix else ""),
                       None)
    broken = defect(forms)
    if broken:
        return Verdict(f"Plural-Forms {text!r}: {broken}" + (f"; write {fix} in the header" if fix else ""), None)
    if not choices or any(same_plural_rule(forms.nplurals, forms.formula, f.nplurals, f.formula) for f in choices):
        return None
    return Verdict(f"Plural-Forms {text!r} disagrees with GNU gettext's table and CLDR's data for {language}; "
                   f"write {fix} in the header", None if has_plurals else "warning")


def declared_nplurals(text: str | None) -> int | None:
    """The number of forms a header declares, when it can be read."""
    forms = parse(text) if text else None
    return forms.nplurals if forms else None
