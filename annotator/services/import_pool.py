"""Reading, decoding and cleaning the files of a large import on every core; the writes stay in this process.

:func:`prepared` yields ``(index, batch, warnings)`` for each job of an import, in order, where ``batch`` is the
file's cleaned :class:`~annotator.ImportBatch` or a :class:`Failed` naming why it was refused. With many files,
several cores, ``ANNOTATOR_IMPORT_WORKERS`` set (see :func:`workers`: off by default) and a process that runs no
other threads (the command line; the window imports in a worker thread and keeps the serial path), the work runs
in forked worker processes, which inherit the open project's plugins and never touch the project file: the
cleaners' settings are read before the fork, and each worker only reads its input files.
Otherwise (or if a pool cannot be started) the same function runs here, one file after another;
the results are the same either way (tests/unit/test_import_pool.py).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: fewer files than this are prepared in this process (starting workers costs more than they save)
POOL_MIN_FILES = 64
_STATE: dict[str, Any] = {}  # what the forked workers inherit: the prepare function and the jobs


@dataclass
class Failed:
    """Why a file was refused (exceptions are not sent between processes: their fields are)."""

    path: str | None
    reason: str
    cancelled: bool = False


def workers() -> int:
    """How many worker processes an import may use: ``ANNOTATOR_IMPORT_WORKERS`` (``0``: one per core), else
    1 (none). Off by default: on the shared 2-core development machine the pool was slower than the serial
    path (2,000 articles: 2.76 s vs 2.27 s, medians of 3, load about 2; benchmarks/README.md), since sending
    each cleaned file back costs about what cleaning it in this process does. Try it on an idle machine
    with more cores."""
    given = os.environ.get("ANNOTATOR_IMPORT_WORKERS", "1")
    if not given.isdigit():
        return 1
    return int(given) or os.cpu_count() or 1


def _only_thread() -> bool:
    """No other thread runs (forking a process with threads may copy a lock some thread holds)."""
    return threading.active_count() == 1


def _run(index: int):
    prepare = _STATE["prepare"]
    warnings: list[str] = []
    return (index, *prepare(index, warnings))


def prepared(count: int, prepare: Callable[[int, list[str]], tuple[Any, list[str]]],
             ) -> Iterator[tuple[int, Any, list[str]]]:
    """``prepare(index, warnings) -> (batch or Failed, warnings)`` for ``range(count)``, in order: in a pool of
    forked workers when that helps and is safe, else here."""
    n = min(workers(), count)
    use_pool = (n > 1 and count >= POOL_MIN_FILES and _only_thread()
                and "fork" in multiprocessing.get_all_start_methods())
    if use_pool:
        try:
            _STATE["prepare"] = prepare
            pool = multiprocessing.get_context("fork").Pool(n)
        except (OSError, ValueError):
            use_pool = False
    if not use_pool:
        for index in range(count):
            warnings: list[str] = []
            yield (index, *prepare(index, warnings))
        return
    try:
        yield from pool.imap(_run, range(count), chunksize=8)
    finally:  # also when the caller stops early (cancel)
        pool.terminate()
        pool.join()
        _STATE.clear()
