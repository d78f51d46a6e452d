"""Work across documents in forked worker processes, where that pays.

Workers are forked, so they share everything the parent has read so far; each drops
the project lock it inherited and dies with its parent (see ``fsutil.detach_worker``).
Results come back pickled; an ``L10nError`` keeps its file and line.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence

from .fsutil import detach_worker

# Below this many items, starting worker processes costs more than it saves.
MINIMUM = 12
_WORK: Callable | None = None  # the function of the running map, inherited by forked workers


def fork_map(function: Callable, items: Sequence, minimum: int | None = None) -> list:
    """``[function(item) for item in items]``, in up to four worker processes when worthwhile."""
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < (MINIMUM if minimum is None else minimum) or workers < 2 \
            or "fork" not in mp.get_all_start_methods():
        return [function(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor

    global _WORK
    _WORK = function
    chunks = [list(range(i, len(items), workers * 2)) for i in range(workers * 2)]
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=detach_worker,
                                 initargs=(os.getpid(),)) as pool:
            results = list(pool.map(_run_chunk, [[(i, items[i]) for i in chunk] for chunk in chunks]))
    finally:
        _WORK = None
    ordered: list = [None] * len(items)
    for chunk in results:
        for index, value in chunk:
            ordered[index] = value
    return ordered


def _run_chunk(chunk):
    return [(index, _WORK(item)) for index, item in chunk]
