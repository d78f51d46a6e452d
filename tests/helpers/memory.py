"""Peak allocation of a command in one process, and a synthetic corpus cut to size (issue 14.4)."""

from __future__ import annotations

import gc
import shutil
import sys
import tracemalloc
from pathlib import Path

from helpers import run


def copy_corpus(corpus: Path, dest: Path, documents: int) -> Path:
    """The first ``documents`` articles of the corpus, with their catalogs."""
    shutil.copytree(corpus, dest)
    for source in sorted((dest / "source").glob("*.md"))[documents:]:
        source.unlink()
        for catalog in dest.glob(f"locales/*/LC_MESSAGES/{source.stem}.po*"):
            catalog.unlink()
    return dest


def bounded_caches() -> list:
    """The tool's ``lru_cache``s: each holds at most a fixed number of entries, full long
    before N = 1,000, so at small N they would pass for growth with the project."""
    return [value for name, module in list(sys.modules.items()) if name.startswith("l10n_tool")
            for value in vars(module).values() if hasattr(value, "cache_clear")]


def peak_allocation(root: Path, *args: str) -> int:
    """The peak of what ``l10n ARGS`` allocates (``tracemalloc``), run in this process."""
    for function in bounded_caches():
        function.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        result = run(root, *args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code in (0, 1), result.stderr  # check: 1 is a report, not a failure
    return peak
