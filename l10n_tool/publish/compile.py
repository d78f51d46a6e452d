"""Compiling catalogs: a ``.mo`` file next to each ``.po``."""

from __future__ import annotations

import polib

from ..fsutil import Staging
from ..workspace import Workspace


def compile_catalogs(ws: Workspace, language: str | None = None) -> list[tuple[str, bool]]:
    """A .mo next to every .po; fuzzy entries are left out, as msgfmt does.

    Each .mo is staged as soon as its catalog is read, and the catalog forgotten, so memory
    holds one document; all are renamed into place only once every catalog was read, so a
    bad one changes no file.
    """
    results = []
    with Staging(root=ws.config.root) as staging:
        for doc in ws.documents():
            for lang in ws.config.selected_languages(language):
                path = ws.config.po_path(lang, doc.name)
                catalog = ws.catalog(path)
                compiled = polib.POFile()
                compiled.metadata = catalog.metadata
                compiled.extend(e for e in catalog if e.translated())
                target = path.with_suffix(".mo")
                results.append((ws.relative(target), staging.stage(target, compiled.to_binary())))
            ws.forget(doc)
    return results
