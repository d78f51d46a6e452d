"""Project-level operations that fit no other concept: creating a project, compiling catalogs."""

from __future__ import annotations

from pathlib import Path

import polib

from ..config import CONFIG_NAME, DEFAULT_CONFIG_TEXT, PYPROJECT_NAME, _pyproject_has_table
from ..errors import ConfigError
from ..fsutil import write_if_changed
from ..workspace import Workspace


def init_project(root: Path) -> list[str]:
    """Create the configuration and folders; refuse to overwrite an existing project."""
    root = Path(root)
    config = root / CONFIG_NAME
    if config.exists():
        raise ConfigError("already a project: the configuration exists", config)
    pyproject = root / PYPROJECT_NAME
    if pyproject.is_file() and _pyproject_has_table(pyproject):
        raise ConfigError("already a project: [tool.l10n] exists", pyproject)
    created = []
    root.mkdir(parents=True, exist_ok=True)
    write_if_changed(config, DEFAULT_CONFIG_TEXT.encode("utf-8"))
    created.append(CONFIG_NAME)
    for folder in ("source", "locales"):
        if not (root / folder).exists():
            (root / folder).mkdir()
            created.append(folder + "/")
    return created


def compile_catalogs(ws: Workspace, language: str | None = None) -> list[tuple[str, bool]]:
    """A .mo next to every .po; fuzzy entries are left out, as msgfmt does."""
    results = []
    for doc in ws.documents():
        for lang in ws.config.selected_languages(language):
            path = ws.config.po_path(lang, doc.name)
            catalog = ws.catalog(path)
            compiled = polib.POFile()
            compiled.metadata = catalog.metadata
            compiled.extend(e for e in catalog if e.translated())
            target = path.with_suffix(".mo")
            results.append((ws.relative(target), _write_mo(compiled, target)))
    return results


def _write_mo(catalog: polib.POFile, target: Path) -> bool:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "out.mo"
        catalog.save_as_mofile(str(scratch))
        return write_if_changed(target, scratch.read_bytes())
