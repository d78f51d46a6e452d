"""``check`` runs ``msgfmt --check`` only on catalogs with format-flagged entries (see
``checks/catalog.py``): everything else msgfmt rejects, our reader refuses or the
``catalog`` check reports without it.

Corpus: tests/data/msgfmt-check/*.po, one defect each, every one rejected by GNU msgfmt
(syntax, duplicates, header, Plural-Forms, plural counts, newlines, directives).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from l10n_tool.catalogs.pofile import read_catalog
from l10n_tool.checks.catalog import catalog_nplurals, check_entry, check_header, needs_msgfmt
from l10n_tool.errors import CatalogError

CASES = sorted((Path(__file__).parent / "data" / "msgfmt-check").glob("*.po"))


def our_findings(path: Path) -> list[str]:
    """What the reader and the ``catalog`` check say of ``path``, msgfmt aside."""
    try:
        catalog = read_catalog(path.read_bytes(), path)
    except CatalogError as error:
        return [str(error)]
    language = catalog.metadata.get("Language", "")
    found = [message for message, _ in check_header(catalog, language)]
    for entry in catalog:
        if not entry.obsolete:
            found += check_entry(entry, catalog_nplurals(catalog, language))
    return found


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_what_msgfmt_rejects_is_found_without_it(path):
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode != 0, "the corpus holds only catalogs msgfmt --check rejects"
    assert our_findings(path), f"msgfmt rejects {path.name}, and nothing else would report it"


def test_the_corpus_is_there():
    assert len(CASES) >= 12


@pytest.mark.parametrize("flags, needed", [
    ([], False), (["fuzzy"], False), (["no-c-format"], False), (["c-format"], True),
    (["fuzzy", "python-brace-format"], True), (["possible-c-format"], True),
])
def test_msgfmt_runs_only_where_a_format_is_flagged(tmp_path, flags, needed):
    path = tmp_path / "de.po"
    flag_line = f"#, {', '.join(flags)}\n" if flags else ""
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    f'{flag_line}msgid "40% more"\nmsgstr "40 % mehr"\n', encoding="utf-8")
    assert needs_msgfmt(read_catalog(path.read_bytes(), path)) is needed
