"""The checks of ``l10n check`` on the catalogs of some documents, computed (not cached):
``check_documents`` parses each catalog once and runs every check on it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

import polib

from ..catalogs.pofile import count, is_stale, report_line
from ..config import CheckSettings
from ..documents import Document
from ..errors import CatalogError, L10nError
from ..fsutil import read_file
from ..glossary import Glossary
from ..links import LinkRule
from ..parallel import fork_map
from ..sources.content import protected_names
from ..workspace import Workspace
from ..wording import clip, counted
from .catalog import catalog_nplurals, check_entry, check_header, needs_msgfmt, start_msgfmt
from .entries import bound_checks, entry_pairs, finder
from .entry_cache import CatalogFindings, pair_key
from .model import MALFORMED, NEEDS_REVIEW, UNTRANSLATED, WAIVER_PREFIX, CatalogResult, CheckReport, Problem, Waiver
from .quality import TranslatedWords
from ..plugins import check_names
from .registry import EntryContext


def check_documents(ws: Workspace, settings: CheckSettings, glossary: Glossary,
                    todo: list[tuple[Document, list[str]]], min_percent: float | None,
                    entry_scope: Callable[[str], str | None]) -> list[dict[str, CheckReport]]:
    """For each (document, languages): the report of each language's catalog, by language.

    ``entry_scope``: ``CheckKeys.entry_scope``, under which each pair's findings are shared with
    ``build`` (``entry_cache.py``). A malformed catalog is reported as a ``malformed`` problem of
    its own (``malformed``), so CI output still names it and the other catalogs are still checked;
    a broken source raises its SourceError, the first in document order.
    """

    def check_document(job) -> dict[str, CheckReport] | L10nError:
        document, languages = job
        # Bad input comes back as a value, so the first one in document order is raised below,
        # as a sequential run would raise it, whichever worker process met it first.
        parts = {}
        try:
            source_segments = {segment.text for segment in ws.source(document).segments}
            for lang in languages:
                path = ws.config.po_path(lang, document.name)
                try:
                    catalog = ws.catalog(path, required=False)
                except CatalogError as error:
                    parts[lang] = malformed(ws.relative(path), lang, document.name, error)
                    continue
                part = parts[lang] = CheckReport()
                _CatalogCheck(ws, settings, glossary, part, document, lang, path, catalog,
                              min_percent, source_segments, entry_scope(lang)).run()
        except L10nError as error:
            return error
        finally:
            ws.forget(document)  # memory stays bounded by one document at any N
        return parts

    # Documents are independent: parse and check their catalogs in worker processes
    # (polib parsing, markdown-it and Babel are pure-Python CPU work).
    results = fork_map(check_document, todo)
    for result in results:
        if isinstance(result, L10nError):
            raise result
    return results


def malformed(relpath: str, language: str, document: str, error: CatalogError) -> CheckReport:
    """A catalog that cannot be read, as a report: one error at the line the reader stopped.

    Not a configurable check: bad input is never waived or turned into a warning, and the
    command still exits 2 (the CLI says it on stderr as well).
    """
    problem = Problem(relpath, error.line, language, document, MALFORMED, "error", error.message)
    return CheckReport([problem], [], [CatalogResult(relpath, language, document, (MALFORMED,))])


class _CatalogCheck:
    """Every check on one catalog; problems go through waivers and severities into the report."""

    def __init__(self, ws, settings: CheckSettings, glossary: Glossary, report: CheckReport, document,
                 language: str, path: Path, catalog: polib.POFile | None, min_percent, source_segments,
                 entry_scope: str | None = None):
        self.ws, self.settings, self.glossary, self.report = ws, settings, glossary, report
        self.document, self.language, self.path, self.catalog = document.name, language, path, catalog
        self.relpath = ws.relative(path)
        self.source_relpath = document.relpath
        self.source_language = ws.config.source_language
        self.minimum = settings.min_percent_for(language, min_percent)
        self.source_segments = source_segments
        self.entry_scope = entry_scope
        self.found: list[tuple[str, int | None, str, str | None, polib.POEntry | None, str | None]] = []

    def add(self, check: str, line: int | None, message: str, entry: polib.POEntry | None = None,
            severity: str | None = None) -> None:
        if self.settings.active(check):
            self.found.append((check, line, message, entry.msgid if entry else None, entry, severity))

    def run(self) -> None:
        checks = tuple(c for c in check_names() if self.settings.active(c))
        if self.catalog is None:
            self.add("completeness", None, f"no catalog yet (0% translated, minimum {self.minimum:g}%); "
                                           "run 'l10n update'")
            self._report(CatalogResult(self.relpath, self.language, self.document, checks, 0.0))
            return
        self.lines = _Lines(self.catalog.file_bytes or read_file(self.path), self.catalog)
        # msgfmt runs while the entries are checked, where it can find what the checks cannot.
        msgfmt = start_msgfmt(self.path) if needs_msgfmt(self.catalog) else list
        self.counts = count(self.catalog)
        percent = self._completeness()
        entries = [e for e in self.catalog if not e.obsolete]
        allow_stale = self.settings.allow_stale_for(self.language)
        self.translated_words = TranslatedWords([(e.msgid, e.msgstr) for e in entries if e.msgstr and not e.fuzzy])
        entry_checks = bound_checks(EntryContext(self.source_language, self.language, self.glossary,
                                                 self.translated_words,
                                                 LinkRule.of(self.ws.config.links, self.language)),
                                    self.settings)
        self.findings = CatalogFindings(self.ws.cache, self.relpath, self.entry_scope,
                                        finder(entry_checks, self.settings))
        identity = self.language == self.source_language
        for entry in entries:
            if identity and entry.msgstr == entry.msgid and not entry.msgid_plural:
                # The source language's catalog holding the source itself: every check compares a
                # translation with its source, and this one is its source.
                continue
            if not entry.fuzzy and (entry.msgstr or any(entry.msgstr_plural.values())):
                self._quality(entry)
            elif allow_stale and is_stale(entry) and entry.msgstr:
                # Allowed stale entries get published ('build --use-stale') in place of the
                # current source: check them against it, as build does.
                self._quality(entry)
        # What build may ask of this catalog (any of its entries' pairs) stays shared; the rest goes.
        self.findings.save(lambda: [pair_key(source, translation, _protected(e)) for e in entries if e.fuzzy
                                    for source, translation in entry_pairs(e)])
        # Last, to wait for msgfmt as little as possible; the report's order does not depend on it
        # (problems are sorted by line and check).
        self._catalog(msgfmt())
        c = self.counts
        self._report(CatalogResult(self.relpath, self.language, self.document, checks, percent, {
            "total": c.total, "translated": c.translated, "fuzzy": c.fuzzy, "stale": c.stale,
            "untranslated": c.untranslated, "obsolete": c.obsolete}))

    # -- completeness and stale ------------------------------------------------------------------
    def _completeness(self) -> float:
        """Percent translated against the minimum; every entry that keeps it below is listed.

        Stale entries count as done here: the ``stale`` check gates them (unless allowed),
        so one stale entry is one problem, not two.
        """
        counts = self.counts
        # One percent everywhere (status, build, dashboard): translated / total. Stale entries
        # are gated by the ``stale`` check or let through by allow_stale, so the gate counts them
        # as done, and says so next to that percent.
        percent = counts.percent
        done = counts.translated + counts.stale
        below = (100.0 if counts.total == 0 else done / counts.total * 100) < self.minimum
        if below:
            stale = ""
            if counts.stale:
                how = ("let through by allow_stale" if self.settings.allow_stale_for(self.language)
                       else "reported under 'stale'")
                stale = f"; {counted(counts.stale, 'stale entry', 'stale entries')} besides, {how}"
            self.add("completeness", None,
                     f"{percent:g}% translated ({counts.translated} of {counts.total}{stale}), "
                     f"below the minimum {self.minimum:g}%")
        listing = None if below else "warning"
        for entry in self.catalog:
            if entry.obsolete or (entry.msgstr and not entry.fuzzy) or is_stale(entry):
                continue
            state = NEEDS_REVIEW if entry.fuzzy and entry.msgstr else UNTRANSLATED
            self.add("completeness", self.lines.msgstr(entry), f"{state}: {clip(entry.msgid)!r}", entry,
                     listing)
        if not self.settings.allow_stale_for(self.language):
            for entry in self.catalog:
                if not entry.obsolete and is_stale(entry):
                    self.add("stale", self.lines.msgstr(entry),
                             f"the source changed since this was translated (it was "
                             f"{clip(entry.previous_msgid)!r}); review it ('l10n diff') and remove "
                             "the fuzzy flag", entry)
        in_catalog = {e.msgid for e in self.catalog if not e.obsolete}
        missing = self.source_segments - in_catalog
        gone = in_catalog - self.source_segments
        if missing or gone:
            details = []
            if missing:
                are = "is" if len(missing) == 1 else "are"
                details.append(f"{counted(len(missing), 'segment')} of the source {are} not in the catalog "
                               f"(e.g. {clip(sorted(missing)[0])!r})")
            if gone:
                details.append(f"{len(gone)} entr{'y is' if len(gone) == 1 else 'ies are'} no longer in the "
                               f"source (e.g. {clip(sorted(gone)[0])!r})")
            self.add("completeness", None,
                     f"out of date with {self.source_relpath}: {'; '.join(details)}; run 'l10n update'")
        return percent

    # -- catalog -----------------------------------------------------------------------------------
    def _catalog(self, msgfmt_findings: list[tuple[int | None, str]]) -> None:
        header_messages = check_header(self.catalog, self.language)
        for message, severity in header_messages:
            self.add("catalog", self.lines.header, message, severity=severity)
        nplurals = catalog_nplurals(self.catalog, self.language)
        flagged: set[int] = set()
        names = check_names()
        for entry in self.catalog:
            if entry.obsolete:
                continue
            for message in check_entry(entry, nplurals):
                self.add("catalog", self.lines.msgstr(entry), message, entry)
                flagged.add(id(entry))
            for flag in entry.flags:
                if flag.startswith(WAIVER_PREFIX) and flag[len(WAIVER_PREFIX):] not in names:
                    self.add("catalog", self.lines.msgstr(entry),
                             f"unknown waiver flag {flag!r}; checks: {', '.join(names)}", entry, "warning")
        for line, message in msgfmt_findings:
            entry = self.lines.entry_at(line) if line else None
            if entry is None:
                if not header_messages:
                    self.add("catalog", line or self.lines.header, message)
            elif id(entry) not in flagged:
                self.add("catalog", self.lines.msgstr(entry), message, entry)

    # -- entry quality -----------------------------------------------------------------------------
    def _quality(self, entry: polib.POEntry) -> None:
        line = self.lines.msgstr(entry)
        protected = _protected(entry)
        for source, translation in entry_pairs(entry):
            for check, message in self.findings.of(source, translation, protected):
                self.add(check, line, message, entry)

    # -- waivers and severities --------------------------------------------------------------------
    def _report(self, result: CatalogResult) -> None:
        self.report.catalogs.append(result)
        waived: dict[tuple[int, str], int] = {}
        for check, line, message, msgid, entry, severity in self.found:
            if entry is not None and f"{WAIVER_PREFIX}{check}" in entry.flags:
                waived[(id(entry), check)] = waived.get((id(entry), check), 0) + 1
                continue
            self.report.problems.append(Problem(
                self.relpath, line, self.language, self.document, check,
                severity or self.settings.severity_of(check), message, msgid))
        names = check_names()
        for entry in self.catalog or []:
            if entry.obsolete:
                continue
            for flag in entry.flags:
                check = flag[len(WAIVER_PREFIX):]
                if flag.startswith(WAIVER_PREFIX) and check in names:
                    self.report.waivers.append(Waiver(
                        self.relpath, self.lines.msgstr(entry), self.language, self.document, check,
                        entry.msgid, waived.get((id(entry), check), 0)))


def _protected(entry: polib.POEntry) -> tuple[str, ...]:
    return protected_names(entry.comment, entry.msgid)


class _Lines:
    """Line numbers in the .po file: the header's, and each entry's msgstr (where a translator edits)."""

    def __init__(self, data: bytes, catalog: polib.POFile):
        header = _HEADER_LINE.search(data)
        self.header = data.count(b"\n", 0, header.start()) + 1 if header else None
        entries = [e for e in catalog if not e.obsolete and e.linenum]
        self._starts = [e.linenum for e in entries]
        self._entries = entries

    msgstr = staticmethod(report_line)

    def entry_at(self, line: int) -> polib.POEntry | None:
        index = bisect_right(self._starts, line) - 1
        return self._entries[index] if index >= 0 else None


_HEADER_LINE = re.compile(rb'^[ \t\r\f\v]*msgid ""[ \t\r\f\v]*$', re.M)
