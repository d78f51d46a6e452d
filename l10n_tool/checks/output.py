"""``l10n check`` reports for people and machines: text, json, junit, github."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from itertools import groupby

from ..wording import counted
from .model import NEEDS_REVIEW, UNTRANSLATED, CheckReport, Problem

FORMATS = ("text", "json", "junit", "github")


def render(report: CheckReport, fmt: str) -> str:
    return {"text": as_text, "json": as_json, "junit": as_junit, "github": as_github}[fmt](report)


def _plain(text: str, role: str) -> str:
    return text


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def summary(report: CheckReport) -> str:
    counts = (f"{counted(len(report.errors), 'error')}, {counted(len(report.warnings), 'warning')}, "
              f"{counted(len(report.waivers), 'waiver')}")
    if report.passed:
        return f"l10n check passed: {counted(len(report.catalogs), 'catalog')} checked; {counts}"
    checked = {c.path for c in report.catalogs}
    failed = len({p.path for p in report.errors} & checked)
    if not failed:  # the errors are the project's (no source, so no catalog), not a catalog's
        return f"l10n check FAILED: {counted(len(report.catalogs), 'catalog')} checked; {counts}"
    return f"l10n check FAILED in {failed} of {counted(len(report.catalogs), 'catalog')}: {counts}"


# Entries listed per catalog before "… and N more": a new language on 200 articles is
# 10,000 untranslated entries, and a person reads the first few (``-v`` lists every one).
FIRST_FEW = 5


def _listed(problem: Problem) -> bool:
    """An entry ``completeness`` lists as not done (untranslated or needing review)."""
    return problem.check == "completeness" and problem.msgid is not None and \
        problem.message.startswith((UNTRANSLATED + ":", NEEDS_REVIEW + ":"))


def as_text(report: CheckReport, *, verbose: bool = False, quiet: bool = False,
            clean: Callable[[str], str] = str, style: Callable[[str, str], str] = _plain) -> str:
    """``path:line: [check] message``, grouped by catalog, then a summary.

    The entries a catalog still lacks are counted and the first few listed (all of them with
    ``verbose``), as ``msgfmt --statistics`` and ``pocount`` users expect; ``quiet`` gives one
    line per catalog with problems. ``clean`` makes text from catalogs safe for a terminal;
    ``style(text, role)`` colours it (roles: error, warning, path, passed, failed).
    """
    if quiet:
        return _as_quiet_text(report, clean, style)
    blocks = []
    for path, problems in groupby(report.problems, key=lambda p: p.path):
        problems = list(problems)
        listed = [p for p in problems if _listed(p)]
        lines = [_line(p, clean, style) for p in problems if not _listed(p)]
        if len(listed) <= FIRST_FEW and not verbose:
            lines += [_line(p, clean, style) for p in listed]
        elif listed:
            states = Counter(p.message.split(":", 1)[0] for p in listed)
            what = ", ".join(part for part in (
                states[UNTRANSLATED] and counted(states[UNTRANSLATED], "entry untranslated", "entries untranslated"),
                states[NEEDS_REVIEW] and (f"{states[NEEDS_REVIEW]} "
                                          f"{'entry needs' if states[NEEDS_REVIEW] == 1 else 'entries need'} "
                                          "review (fuzzy)")) if part)
            head = "all" if verbose else f"the first {FIRST_FEW} ('-v' lists all)"
            lines.append(f"{style(clean(path), 'path')}: [completeness] {_level(listed[0], style)}{what}; {head}:")
            shown = listed if verbose else listed[:FIRST_FEW]
            lines += ["  " + _line(p, clean, style) for p in shown]
            if len(shown) < len(listed):
                lines.append(f"  … and {len(listed) - len(shown)} more")
        blocks.append("\n".join(lines))
    if report.waivers:
        blocks.append("\n".join(f"{clean(w.path)}:{w.line}: waiver l10n-ignore-{w.check} "
                                f"(silenced {w.silenced})" for w in report.waivers))
    blocks.append(style(summary(report), "passed" if report.passed else "failed"))
    return "\n\n".join(blocks)


def _level(problem: Problem, style: Callable[[str, str], str]) -> str:
    return "" if problem.severity == "error" else style(f"{problem.severity}: ", problem.severity)


def _line(problem: Problem, clean: Callable[[str], str], style: Callable[[str, str], str]) -> str:
    check = style(f"[{problem.check}]", problem.severity)
    return f"{style(clean(_where(problem)), 'path')}: {check} {_level(problem, style)}{clean(problem.message)}"


def _as_quiet_text(report: CheckReport, clean: Callable[[str], str], style: Callable[[str, str], str]) -> str:
    """One line per catalog with problems, as ``msgfmt --statistics`` prints one per file."""
    errors = Counter(p.path for p in report.errors)
    warnings = Counter(p.path for p in report.warnings)
    lines = []
    for catalog in report.catalogs:
        if not (errors[catalog.path] or warnings[catalog.path]):
            continue
        c = catalog.counts
        state = (f"{c.get('translated', 0)} translated, {c.get('fuzzy', 0)} fuzzy, "
                 f"{c.get('untranslated', 0)} untranslated ({catalog.percent:.2f}%)") if c else "not read"
        found = f"{counted(errors[catalog.path], 'error')}, {counted(warnings[catalog.path], 'warning')}"
        lines.append(f"{style(clean(catalog.path), 'path')}: {state}; "
                     f"{style(found, 'error' if errors[catalog.path] else 'warning')}")
    checked = {c.path for c in report.catalogs}
    lines += [_line(p, clean, style) for p in report.problems if p.path not in checked]  # the project's own
    lines.append(style(summary(report), "passed" if report.passed else "failed"))
    return "\n".join(lines)


def as_json(report: CheckReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)


# Characters XML 1.0 cannot carry; a message quoting a broken translation may hold them. The
# pattern's class spans all of Unicode, slow to compile: only JUnit output compiles it.
_NOT_XML = "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _xml_text(text: str) -> str:
    return re.sub(_NOT_XML, "\ufffd", text)


def as_junit(report: CheckReport) -> str:
    """One test suite per catalog, one test case per check: a CI dashboard shows which failed."""
    from xml.etree import ElementTree as ET  # imported where used: every check run starts without it

    root = ET.Element("testsuites", name="l10n check", tests="0", failures="0")
    total = failures = 0
    for catalog in report.catalogs:
        mine = [p for p in report.problems if p.path == catalog.path]
        suite = ET.SubElement(root, "testsuite", name=catalog.path, tests=str(len(catalog.checks)))
        suite_failures = 0
        for check in catalog.checks:
            found = [p for p in mine if p.check == check]
            case = ET.SubElement(suite, "testcase", classname=catalog.path.replace("/", ".").removesuffix(".po"),
                                 name=check, file=catalog.path)
            errors = [p for p in found if p.severity == "error"]
            details = "\n".join(f"{_where(p)}: [{p.check}] {p.severity}: {p.message}" for p in found)
            if errors:
                suite_failures += 1
                failure = ET.SubElement(case, "failure", type=check,
                                        message=_xml_text(f"{counted(len(errors), 'problem')}: {errors[0].message}"))
                failure.text = _xml_text(details)
            elif found:
                ET.SubElement(case, "system-out").text = _xml_text(details)
        suite.set("failures", str(suite_failures))
        total += len(catalog.checks)
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: an annotation on the .po line of every problem."""
    lines = []
    for p in report.problems:
        properties = [f"file={_escape_property(p.path)}"]
        if p.line:
            properties.append(f"line={p.line}")
        properties.append(f"title={_escape_property(f'l10n {p.check}')}")
        lines.append(f"::{p.severity} {','.join(properties)}::{_escape_data(p.message)}")
    lines.append(f"::notice title=l10n check::{_escape_data(summary(report))}")
    return "\n".join(lines)
