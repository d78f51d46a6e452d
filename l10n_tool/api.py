"""The Python API: one keyword-only function per command, returning the result the CLI prints.

    import l10n_tool
    changes = l10n_tool.update("path/to/project", languages=["es"])
    report = l10n_tool.check("path/to/project")
    assert report.passed

``root`` is the project folder (default: found by walking up from the current folder to
``l10n.toml``), or a ``Workspace`` already open. ``languages`` and ``documents`` take a
name or a list of names; they pass through the one selection step (``selection.py``): an
unknown one raises ``errors.UsageError``, and the result is in the configured order.
Bad input raises an ``errors.L10nError`` naming the file and line. The CLI calls exactly
these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checks.model import CheckReport
    from .importing import ImportResult
    from .memory import ExportResult, ImportResult as TMImportResult
    from .mt.translate import TranslateReport
    from .publish.model import BuildReport
    from .reporting import StaleEntry, StatusReport
    from .scaffold import InitResult
    from .updating import CatalogChange
    from .workspace import Workspace

Names = str | Iterable[str] | None


def workspace(root: Path | str | Workspace | None = None) -> Workspace:
    """The project at ``root`` opened (its configuration validated), or ``root`` if it is one."""
    from .workspace import Workspace

    return root if isinstance(root, Workspace) else Workspace.open(None if root is None else Path(root))


def init(root: Path | str | None = None, *, source_language: str = "en",
         languages: Iterable[str] = ()) -> InitResult:
    """``l10n init``: a new project's configuration and folders, or ``languages`` added to an existing one."""
    from .scaffold import init as run

    return run(Path.cwd() if root is None else Path(root), source_language=source_language, languages=languages)


def extract(root: Path | str | Workspace | None = None) -> list[CatalogChange]:
    """``l10n extract``: every source segmented into its ``.pot``."""
    from .updating import extract as run

    return run(workspace(root))


def update(root: Path | str | Workspace | None = None, *, languages: Names = None, check: bool = False,
           dry_run: bool = False, drop_obsolete: bool = False, fuzzy_matching: bool | None = None
           ) -> list[CatalogChange]:
    """``l10n update``: extract, then merge into every catalog. With ``check`` or ``dry_run`` nothing
    is written (each change says whether its file would change)."""
    from .selection import select_languages
    from .updating import update as run

    ws = workspace(root)
    return run(ws, select_languages(ws, languages), write=not (check or dry_run), drop_obsolete=drop_obsolete,
               fuzzy_matching=fuzzy_matching)


def status(root: Path | str | Workspace | None = None, *, languages: Names = None,
           documents: Names = None) -> StatusReport:
    """``l10n status``: each catalog's counts."""
    from .reporting import status as run
    from .selection import select

    ws = workspace(root)
    chosen = select(ws, languages, documents)
    return run(ws, chosen.languages, chosen.documents)


def diff(root: Path | str | Workspace | None = None, *, languages: Names = None,
         documents: Names = None) -> list[StaleEntry]:
    """``l10n diff``: every stale entry, what changed in its source, and the kept translation."""
    from .reporting import diff as run
    from .selection import select

    ws = workspace(root)
    chosen = select(ws, languages, documents)
    return run(ws, chosen.languages, chosen.documents)


def check(root: Path | str | Workspace | None = None, *, languages: Names = None, documents: Names = None,
          min_percent: float | None = None, completeness: bool = True) -> CheckReport:
    """``l10n check``: the gate; ``report.passed`` says whether it passed."""
    from .checks import run_checks
    from .selection import select

    ws = workspace(root)
    chosen = select(ws, languages, documents)
    return run_checks(ws, chosen.languages, min_percent, chosen.documents, completeness=completeness)


def build(root: Path | str | Workspace | None = None, *, languages: Names = None, documents: Names = None,
          formats: Iterable[str] | None = None, min_percent: float | None = None,
          outdated: str | None = None, use_stale: bool = False) -> BuildReport:
    """``l10n build``: the localized documents, pages and dashboard under ``build_dir``.

    ``outdated``: "keep", "source" or "hold" for this build (default ``[build] outdated``);
    ``use_stale`` is a synonym of ``outdated="keep"``."""
    from .publish.build import DEFAULT_MIN_PERCENT
    from .publish.build import build as run
    from .selection import select

    ws = workspace(root)
    chosen = select(ws, languages, documents)
    return run(ws, chosen.languages, None if formats is None else list(formats),
               DEFAULT_MIN_PERCENT if min_percent is None else min_percent,
               outdated or ("keep" if use_stale else None), chosen.documents)


def compile(root: Path | str | Workspace | None = None, *,  # noqa: A001 - the command's name
            languages: Names = None) -> list[tuple[str, bool]]:
    """``l10n compile``: a ``.mo`` beside each ``.po``; each path and whether it was written."""
    from .publish.compile import compile_catalogs
    from .selection import select_languages

    ws = workspace(root)
    return compile_catalogs(ws, select_languages(ws, languages))


def translate(root: Path | str | Workspace | None = None, *, language: str, provider: str | None = None,
              documents: Names = None, include_stale: bool = False,
              progress: Callable[[int, int], None] | None = None) -> TranslateReport:
    """``l10n translate``: machine suggestions for one language, written as fuzzy."""
    from .mt.translate import translate as run
    from .selection import one_language, select_documents

    ws = workspace(root)
    return run(ws, one_language(ws, language), provider, select_documents(ws, documents), include_stale, progress)


def import_translation(root: Path | str | Workspace | None = None, *, language: str, file: Path | str,
                       document: str | None = None, reviewed: bool = False) -> ImportResult:
    """``l10n import``: an existing translation of one document aligned with its source into the catalog."""
    from .importing import import_translation as run
    from .selection import one_document, one_language

    ws = workspace(root)
    return run(ws, one_language(ws, language), Path(file), document=one_document(ws, document), reviewed=reviewed)


def tm_export(root: Path | str | Workspace | None = None, *, language: str, file: Path | str) -> ExportResult:
    """``l10n tm export``: a language's reviewed translations as TMX."""
    from .memory import export_tmx
    from .selection import one_language

    ws = workspace(root)
    return export_tmx(ws, one_language(ws, language), Path(file))


def tm_import(root: Path | str | Workspace | None = None, *, file: Path | str) -> TMImportResult:
    """``l10n tm import``: a TMX file's units added to the project's translation memory."""
    from .memory import import_tmx

    return import_tmx(workspace(root), Path(file))
