"""The one selection step: the languages and documents a command was asked for.

Every command (and every function of ``api.py``) passes ``--lang`` and ``--doc`` through
``select``: each name is validated here, a typo is a ``UsageError`` naming the option, and
the result is in the configured order (languages) and the project's order (documents),
whatever order the user typed them in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import UsageError
from .workspace import Workspace


@dataclass(frozen=True)
class Selection:
    """None means "all", so a full run stays a full run (check's cache keeps only a full run's results)."""

    languages: list[str] | None = None
    documents: list[str] | None = None


def _names(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def select_languages(ws: Workspace, codes: str | Iterable[str] | None, option: str = "--lang") -> list[str] | None:
    """The configured languages ``codes`` name, in configured order; None when none are named."""
    codes = _names(codes)
    if not codes:
        return None
    chosen = set()
    for code in codes:
        found = ws.config.language(code)
        if found is None:
            raise UsageError(f"unknown language {code!r}; configured: {', '.join(ws.config.languages)}", option)
        chosen.add(found)
    return [code for code in ws.config.languages if code in chosen]


def select_documents(ws: Workspace, names: str | Iterable[str] | None, option: str = "--doc") -> list[str] | None:
    """The documents ``names`` name (by name or source path), in project order; None when none are named."""
    names = _names(names)
    if not names:
        return None
    chosen = set()
    for name in names:
        doc = ws.document_named(name)
        if doc is None:
            known = ", ".join(d.name for d in ws.documents()) or "none"
            raise UsageError(f"unknown document {name!r}; documents: {known}", option)
        chosen.add(doc.name)
    return [doc.name for doc in ws.documents() if doc.name in chosen]


def select(ws: Workspace, languages: str | Iterable[str] | None = None,
           documents: str | Iterable[str] | None = None) -> Selection:
    return Selection(select_languages(ws, languages), select_documents(ws, documents))


def one_language(ws: Workspace, code: str, option: str = "--lang") -> str:
    """The configured language ``code`` names, for commands that work on exactly one."""
    (language,) = select_languages(ws, [code], option)
    return language


def one_document(ws: Workspace, name: str | None, option: str = "--doc") -> str | None:
    if name is None:
        return None
    (document,) = select_documents(ws, [name], option)
    return document
