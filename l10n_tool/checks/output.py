"""``l10n check`` reports for people and machines: text, json, junit, github."""

from __future__ import annotations

import json
import re
from itertools import groupby

from ..wording import counted
from .model import CheckReport, Problem

FORMATS = ("text", "json", "junit", "github")


def render(report: CheckReport, fmt: str) -> str:
    return {"text": as_text, "json": as_json, "junit": as_junit, "github": as_github}[fmt](report)


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


def as_text(report: CheckReport) -> str:
    """``path:line: [check] message``, grouped by catalog, then a summary."""
    blocks = []
    for path, problems in groupby(report.problems, key=lambda p: p.path):
        lines = []
        for p in problems:
            level = "" if p.severity == "error" else f"{p.severity}: "
            lines.append(f"{_where(p)}: [{p.check}] {level}{p.message}")
        blocks.append("\n".join(lines))
    if report.waivers:
        blocks.append("\n".join(f"{w.path}:{w.line}: waiver l10n-ignore-{w.check} "
                                f"(silenced {w.silenced})" for w in report.waivers))
    blocks.append(summary(report))
    return "\n\n".join(blocks)


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
