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


def fork_map(function: Callable, items: Sequence, minimum: int | None = None, *,
             undo: Callable | None = None) -> list:
    """``[function(item) for item in items]``, in up to four worker processes when worthwhile.

    If an item fails, ``undo`` is called on every result already made (say, to remove the
    files it staged) and the error of the first failing item is raised.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < (MINIMUM if minimum is None else minimum) or workers < 2 \
            or "fork" not in mp.get_all_start_methods():
        done: list = []
        try:
            for item in items:
                done.append(function(item))
        except BaseException:
            _undo(undo, done)
            raise
        return done
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
    failures = []
    for chunk, failure in results:
        for index, value in chunk:
            ordered[index] = value
        if failure is not None:
            failures.append(failure)
    if failures:
        _undo(undo, [value for chunk, _ in results for _, value in chunk])
        raise min(failures, key=lambda failure: failure[0])[1]
    return ordered


def _undo(undo: Callable | None, results: list) -> None:
    for result in results if undo is not None else ():
        undo(result)


def _run_chunk(chunk):
    """The results of a chunk's items, and the first failure (index, error) if one failed:
    the results made before it still come back, for ``undo``."""
    done = []
    for index, item in chunk:
        try:
            done.append((index, _WORK(item)))
        except Exception as error:
            return done, (index, error)
    return done, None
