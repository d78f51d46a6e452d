"""``l10n check``: the CI gate for completeness and translation quality.

``run_checks`` is the one entry point; it reads every selected catalog and returns a
CheckReport (a malformed catalog is in it as a ``malformed`` error, and the others are
still checked). A catalog's
results are reused from ``.l10n-cache/`` while nothing they depend on changed (see
``keys.py``), so a repeated run costs reading and hashing; this module imports the
checks themselves (``runner.py``) only when something must be checked.
"""

from __future__ import annotations

import os
from dataclasses import astuple

from ..documents import Document
from ..workspace import Workspace
from .keys import CheckKeys
from .model import CatalogResult, CheckReport, Problem, Waiver
from ..plugins import check_names
from .registry import entry_check

__all__ = ["CheckReport", "EntryGate", "EntryProblem", "Problem", "Waiver", "check_names", "entry_check",
           "run_checks"]


def __getattr__(name: str):
    # The per-entry gate imports every check (markdown-it, Babel); load it when asked for.
    if name in ("EntryGate", "EntryProblem"):
        from . import entries

        return getattr(entries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# What ``completeness=False`` leaves out: whether catalogs are finished and caught up with the
# sources, which a commit in progress never is; syntax and translation quality stay.
COMPLETENESS_CHECKS = ("completeness", "stale")


def run_checks(ws: Workspace, languages: list[str] | str | None = None, min_percent: float | None = None,
               documents: list[str] | None = None, *, completeness: bool = True) -> CheckReport:
    """Check the catalogs of ``languages`` × ``documents`` (default: all), e.g. one CI shard.

    ``completeness=False`` (``check --no-completeness``, the pre-commit hook) drops the
    completeness and staleness problems: an editor's source edit leaves entries stale
    and new, and must still be committable; CI keeps the full gate."""
    settings = ws.config.check
    glossary = settings.load_glossary()
    chosen_languages = _languages(ws, languages)
    chosen_documents = _documents(ws, documents)
    cache = ws.cache
    keys = CheckKeys(ws.config, settings, glossary, min_percent, cache.file_digest)

    found: dict[tuple[str, str], CheckReport] = {}
    wanted: dict[tuple[str, str], tuple[str, str]] = {}  # (document, language) -> (relpath, key)
    todo: list[tuple[Document, list[str]]] = []
    # Catalog paths as strings, each language's folder worked out once: a cached run is
    # mostly this loop, and pathlib's joins and relative_to cost it a tenth of its time.
    root = str(ws.config.root)
    folders = {language: ws.relative(ws.config.po_folder(language)) for language in chosen_languages}
    for document in chosen_documents:
        document_key = keys.document(document)
        missing = []
        for language in chosen_languages:
            relpath = f"{folders[language]}/{document.name}.po"
            key = keys.catalog(language, document_key, relpath, os.path.join(root, relpath))
            wanted[(document.name, language)] = (relpath, key)
            stored = _load(cache.check_result(relpath, key))
            if stored is None:
                missing.append(language)
            else:
                found[(document.name, language)] = stored
        if missing:
            todo.append((document, missing))

    if todo:
        from .runner import check_documents

        for (document, missing), parts in zip(todo, check_documents(ws, settings, glossary, todo, min_percent,
                                                                     keys.entry_scope)):
            for language in missing:
                part = found[(document.name, language)] = parts[language]
                relpath, key = wanted[(document.name, language)]
                if not part.malformed:  # read again next time: the reader reports from the file itself
                    cache.set_check_result(relpath, key, _dump(part))

    report = CheckReport()
    for document in chosen_documents:
        for language in chosen_languages:
            part = found[(document.name, language)]
            report.problems += part.problems
            report.waivers += part.waivers
            report.catalogs += part.catalogs
    report.unlisted = ws.unlisted_languages()
    if not completeness:
        report.problems = [p for p in report.problems if p.check not in COMPLETENESS_CHECKS]
    if not ws.documents():
        # A gate that checked nothing must not pass: no source, so no catalog, is a failure.
        patterns = ", ".join(ws.config.sources)
        report.problems.append(Problem(ws.relative(ws.config.config_path), None, "", "", "completeness", "error",
                                       f"no catalogs to check: no source document matches {patterns}"))
    # The checks' order as each catalog's result lists them (asking the registry would import them).
    order = {name: index for catalog in report.catalogs for index, name in enumerate(catalog.checks)}
    report.problems.sort(key=lambda p: (p.path, p.line or 0, order.get(p.check, len(order))))
    if languages is None and documents is None:
        cache.keep_check_results({relpath for relpath, _ in wanted.values()})
    cache.save()
    return report


def _languages(ws: Workspace, languages: list[str] | str | None) -> list[str]:
    if not languages:
        return list(ws.config.languages)
    if isinstance(languages, str):
        languages = [languages]
    return [ws.config.check_language(language) for language in dict.fromkeys(languages)]


def _documents(ws: Workspace, names: list[str] | None) -> list[Document]:
    if not names:
        return ws.documents()
    chosen = {d.name: d for name in names for d in ws.documents(name)}
    return [d for d in ws.documents() if d.name in chosen]  # in project order, as a full run lists them


def _dump(part: CheckReport) -> dict:
    (catalog,) = part.catalogs
    return {"catalog": astuple(catalog), "problems": [astuple(p) for p in part.problems],
            "waivers": [astuple(w) for w in part.waivers]}


def _load(stored) -> CheckReport | None:
    if stored is None:
        return None
    try:
        path, language, document, checks, percent, counts = stored["catalog"]
        return CheckReport([Problem(*row) for row in stored["problems"]],
                           [Waiver(*row) for row in stored["waivers"]],
                           [CatalogResult(path, language, document, tuple(checks), percent, dict(counts))])
    except (TypeError, ValueError, KeyError):
        return None  # written by another version: check again
