"""The ``catalog`` check: what makes a catalog unusable beyond its single entries.

Header fields, Plural-Forms against Babel's data for the language, the encoding,
plural and newline consistency of entries, and (when GNU gettext is installed)
whatever ``msgfmt --check`` rejects. Syntax errors and duplicate entries never get
here: loading the catalog already rejects them as malformed input (exit 2).

Everything else ``msgfmt --check`` rejects is checked here too, except format strings
(entries flagged ``c-format``, ``python-brace-format``, ...), so ``msgfmt`` runs only
on catalogs with such an entry: a process per catalog would otherwise cost more than
all the other checks together (``tests/test_check_msgfmt_oracle.py`` holds us to it).
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import polib
from babel import UnknownLocaleError
from babel.messages.plurals import get_plural

from ..languages import locale_of
from .. import languages

REQUIRED_HEADERS = ("Project-Id-Version", "Language", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding", "Plural-Forms")
_MSGFMT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


# Plural formulas are compared by what they compute for these n: every n a rule of CLDR's
# data distinguishes (remainders mod 10, 100 and 1000 within 0..1000) and the large values
# where some languages have a "many" form (1000000 in es, fr, it, pt).
_PLURAL_SAMPLES = (*range(1001), 1001, 1100, 10_000, 100_000, 999_999, 1_000_000, 1_000_001,
                   2_000_000, 10_000_000, 100_000_000, 1_000_000_000)


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


def expected_plural_forms(language: str) -> tuple[int, str] | None:
    try:
        plural = get_plural(locale_of(language))
    except (UnknownLocaleError, ValueError):
        return None
    return plural.num_plurals, plural.plural_expr


def check_header(catalog: polib.POFile, language: str) -> list[str]:
    """Messages about the header entry (reported at the header's line)."""
    metadata = catalog.metadata
    messages = [f"header field {name!r} is missing" for name in REQUIRED_HEADERS if name not in metadata]
    declared = metadata.get("Language")
    if declared is not None and not languages.same(declared, language):
        messages.append(f"Language is {declared!r}, but the catalog is for {language!r}")
    match = re.search(r"charset=([\w.:-]+)", metadata.get("Content-Type", ""))
    if match and match.group(1).lower() not in ("utf-8", "utf_8", "utf8"):
        messages.append(f"encoding is {match.group(1)}; catalogs are written as UTF-8, declare charset=UTF-8")
    if metadata.get("Content-Transfer-Encoding", "8bit") != "8bit":
        messages.append(f"Content-Transfer-Encoding is {metadata['Content-Transfer-Encoding']!r}, expected '8bit'")
    if catalog.metadata_is_fuzzy:
        messages.append("the header is marked fuzzy; msgfmt would ignore it")
    forms = metadata.get("Plural-Forms")
    expected = expected_plural_forms(language)
    if forms and expected:
        found = re.match(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", forms)
        wanted = f"nplurals={expected[0]}; plural={expected[1]};"
        if not found:
            messages.append(f"Plural-Forms {forms!r} cannot be read; Babel's data for {language}: {wanted!r}")
        elif not same_plural_rule(int(found.group(1)), found.group(2), *expected):
            messages.append(f"Plural-Forms {forms!r} disagrees with Babel's data for {language}: {wanted!r}")
    return messages


def check_entry(entry: polib.POEntry, nplurals: int | None) -> list[str]:
    """Entry-level defects msgfmt rejects: plural form counts and newline consistency."""
    messages = []
    if entry.msgid_plural and nplurals is not None and entry.msgstr_plural:
        if len(entry.msgstr_plural) != nplurals:
            messages.append(f"{len(entry.msgstr_plural)} plural forms; the language has {nplurals}")
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    for text in translations:
        if not text:
            continue
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(text, "\n"):
                messages.append(f"source and translation do not both {where} with a newline")
    return messages


def needs_msgfmt(catalog: polib.POFile) -> bool:
    """Whether ``msgfmt --check`` could find what this module does not: a format-string mismatch,
    which it checks in entries flagged with a format (``c-format``, not ``no-c-format``)."""
    return any(flag.endswith("-format") and not flag.startswith("no-")
               for entry in catalog if not entry.obsolete for flag in entry.flags)


def start_msgfmt(path: Path) -> Callable[[], list[tuple[int | None, str]]]:
    """Start ``msgfmt --check`` on ``path`` and return what waits for its findings: (line, message)
    pairs, none when GNU gettext is not installed.

    The gate starts it before checking the entries, so the subprocess runs while Python works.
    """
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return lambda: []
    try:
        process = subprocess.Popen([msgfmt, "--check", "--output-file=/dev/null", str(path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError:
        return lambda: []

    def findings() -> list[tuple[int | None, str]]:
        try:
            _, stderr = process.communicate(timeout=60)
        except subprocess.SubprocessError:
            process.kill()
            process.communicate()
            return []
        return [] if process.returncode == 0 else _msgfmt_findings(stderr, path, msgfmt)

    return findings


def _msgfmt_findings(stderr: str, path: Path, msgfmt: str) -> list[tuple[int | None, str]]:
    found = []
    for line in stderr.splitlines():
        match = _MSGFMT_LINE.match(line)
        if match and Path(match.group("path")).name == path.name:
            found.append((int(match.group("line")), "msgfmt: " + match.group("message")))
        elif line and not line.startswith(("msgfmt: found", f"{msgfmt}: found")) and "fatal error" not in line:
            found.append((None, "msgfmt: " + line))
    return found or [(None, "msgfmt --check rejects this catalog")]
