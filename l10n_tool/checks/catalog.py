"""The ``catalog`` check: what makes a catalog unusable beyond its single entries.

Header fields, Plural-Forms against GNU gettext's and CLDR's formulas for the language
(``plural_forms.py``), the encoding, plural and newline consistency of entries, and (when
GNU gettext is installed) whatever ``msgfmt --check`` rejects. Syntax errors and duplicate entries never get
here: loading the catalog already rejects them as malformed input (exit 2).

Everything else ``msgfmt --check`` rejects is checked here too, except format strings
(entries flagged ``c-format``, ``python-brace-format``, ...), so ``msgfmt`` runs only
on catalogs with such an entry: a process per catalog would otherwise cost more than
all the other checks together (``tests/test_check_msgfmt_oracle.py`` holds us to it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib

from .. import languages
from . import plural_forms

REQUIRED_HEADERS = ("Project-Id-Version", "Language", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding", "Plural-Forms")
_MSGFMT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def expected_plural_forms(language: str) -> tuple[int, str] | None:
    """CLDR's (nplurals, formula) for the language: the forms of entries where the header says none."""
    forms = plural_forms.cldr_plural_forms(language)
    return (forms.nplurals, forms.formula) if forms else None


def catalog_nplurals(catalog: polib.POFile, language: str) -> int | None:
    """How many forms the catalog's plural entries must have: what its header declares (msgfmt's
    rule), else CLDR's count for the language."""
    declared = plural_forms.declared_nplurals(catalog.metadata.get("Plural-Forms"))
    if declared is not None:
        return declared
    expected = expected_plural_forms(language)
    return expected[0] if expected else None


def check_header(catalog: polib.POFile, language: str) -> list[tuple[str, str | None]]:
    """(message, severity) about the header entry, reported at the header's line; severity None
    is the ``catalog`` check's own, "warning" at most a warning."""
    metadata = catalog.metadata
    findings: list[tuple[str, str | None]] = []
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
    findings += [(message, None) for message in messages]
    forms = metadata.get("Plural-Forms")
    if forms:
        verdict = plural_forms.judge(forms, language, has_plurals=any(e.msgid_plural for e in catalog if not e.obsolete))
        if verdict:
            findings.append((verdict.message, verdict.severity))
    return findings


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
