"""Compiling catalogs: a ``.mo`` file next to each ``.po``."""

from __future__ import annotations

from pathlib import Path

import polib

from ..fsutil import write_if_changed
from ..workspace import Workspace


def compile_catalogs(ws: Workspace, language: str | None = None) -> list[tuple[str, bool]]:
    """A .mo next to every .po; fuzzy entries are left out, as msgfmt does."""
    # Every catalog is read before any .mo is written: a bad one changes no file.
    compiled_files = []
    for doc in ws.documents():
        for lang in ws.config.selected_languages(language):
            path = ws.config.po_path(lang, doc.name)
            catalog = ws.catalog(path)
            compiled = polib.POFile()
            compiled.metadata = catalog.metadata
            compiled.extend(e for e in catalog if e.translated())
            compiled_files.append((compiled, path.with_suffix(".mo")))
    return [(ws.relative(target), _write_mo(compiled, target, ws.config.root))
            for compiled, target in compiled_files]


def _write_mo(catalog: polib.POFile, target: Path, root: Path) -> bool:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "out.mo"
        catalog.save_as_mofile(str(scratch))
        return write_if_changed(target, scratch.read_bytes(), root=root)
