"""Reading, decoding and cleaning the files of a large import on every core; the writes stay in this process.

:func:`prepared` yields ``(index, batch, warnings)`` for each job of an import, in order, where ``batch`` is what
``prepare`` made of the file (for plain articles the packed, cleaned text with its sha256) or a :class:`Failed`
naming why it was refused. With many files, several cores and a process that runs no other threads (the
command line; the window imports in a worker thread and keeps the serial path), the work runs in forked worker
processes, which inherit the open project's plugins and never touch the project file: the cleaners' settings
are read before the fork, and each worker only reads its input files. See :func:`workers` for how many.

How the work is shared: the jobs are cut into chunks of :data:`CHUNK` files; each worker takes the next chunk
(a shared counter), prepares its files (``many``: each cleaning step over the whole chunk in turn, see
``importing._steps_in_turn``) and sends them back in one message (one pickle of plain tuples through
its own pipe); this process puts the chunks back in order and writes them, and while it has nothing to write
and nothing has arrived, it takes the next chunk itself rather than wait (8 alternating runs of 10,000
articles: 4-6 % less time). Workers run at most
:data:`AHEAD` chunks ahead of the writes, so memory stays bounded however large the import. No helper thread
runs in this process (``multiprocessing.Pool`` has three, and its per-result hand-over cost about what
cleaning a file does). If a worker dies, the pool is stopped and the files not yet received are prepared
here, one after another; the results are the same either way (tests/unit/test_import_pool.py).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

#: fewer files than this are prepared in this process (starting workers costs more than they save)
POOL_MIN_FILES = 200
#: files per message from a worker
CHUNK = 32
#: chunks the workers may have prepared beyond those written (per worker)
AHEAD = 4
_STATE: dict[str, Any] = {}  # what the forked workers inherit: the prepare function
_DONE = -1
#: what :func:`prepared` yields as ``(-1, IDLE, [])`` when the next chunk is not ready yet: the caller may
#: write what it holds meanwhile (its own work, done while it would otherwise wait)
IDLE = object()
#: the size each worker's pipe is given (Linux; 64 KiB by default): a chunk of 32 articles is about 300 KB of
#: text and raw bytes, and a worker whose pipe is full waits for this process to read
PIPE_BYTES = 1 << 20


@dataclass
class Failed:
    """Why a file was refused (exceptions are not sent between processes: their fields are)."""

    path: str | None
    reason: str
    cancelled: bool = False


def workers() -> int:
    """How many worker processes a large import uses: ``ANNOTATOR_IMPORT_WORKERS`` (``1``: none, ``0``: one per
    core), else one per core, at most 4. On the shared 2-core development machine, 2 workers beat the serial path
    in 9 of 12 runs of 10,000 articles at load averages of 2-4 (benchmarks/README.md)."""
    given = os.environ.get("ANNOTATOR_IMPORT_WORKERS", "")
    if given.isdigit():
        return int(given) or os.cpu_count() or 1
    return max(1, min(4, os.cpu_count() or 1))


def _only_thread() -> bool:
    """No other thread runs (forking a process with threads may copy a lock some thread holds)."""
    return threading.active_count() == 1


def _claim(counter, count: int) -> tuple[int, range] | None:
    """The next chunk no process has taken, taken from the shared counter: ``(its number, its files)``, or
    None when none is left (the workers and this process take chunks the same way)."""
    with counter.get_lock():
        k = counter.value
        if k * CHUNK >= count:
            return None
        counter.value = k + 1
    return k, range(k * CHUNK, min((k + 1) * CHUNK, count))


def _work(conn, counter, ahead, count: int) -> None:
    """A worker: take the next chunk, prepare its files, send them; ``_DONE`` when no chunk is left."""
    many = _STATE["many"]
    # Ctrl-C reaches the whole process group: this process stops the workers itself (no traceback from each)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while True:
            ahead.acquire()
            if (claimed := _claim(counter, count)) is None:
                break
            k, files = claimed
            out = many(files)
            conn.send_bytes(pickle.dumps((k, out), protocol=pickle.HIGHEST_PROTOCOL))
        conn.send_bytes(pickle.dumps((_DONE, None)))
    finally:
        conn.close()


def prepared(count: int, prepare: Callable[[int, list[str]], tuple[Any, list[str]]],
             many: Callable[[range], list[tuple[Any, list[str]]]] | None = None,
             ) -> Iterator[tuple[int, Any, list[str]]]:
    """``prepare(index, warnings) -> (batch or Failed, warnings)`` for ``range(count)``, in order: in forked
    workers when that helps and is safe, else here. ``many(indices)``, if given, prepares a chunk of files at
    once (``[prepare(index, []) for index in indices]``, in its own order of work)."""
    if many is None:
        def many(indices):
            return [prepare(index, []) for index in indices]
    n = min(workers(), -(-count // CHUNK))
    use_pool = (n > 1 and count >= POOL_MIN_FILES and _only_thread()
                and "fork" in multiprocessing.get_all_start_methods())
    procs: list = []
    if use_pool:
        try:
            _STATE["many"] = many
            ctx = multiprocessing.get_context("fork")
            counter = ctx.Value("q", 0)
            ahead = ctx.Semaphore(AHEAD * n)
            conns = []
            # what the workers inherit is left out of their garbage collections: a collection that walked it
            # would touch (and so copy) every page of this process's objects in each worker
            gc.freeze()
            for _ in range(n):
                receiving, sending = ctx.Pipe(duplex=False)
                _widen(sending)
                proc = ctx.Process(target=_work, args=(sending, counter, ahead, count), daemon=True)
                proc.start()
                sending.close()
                procs.append(proc)
                conns.append(receiving)
        except (OSError, ValueError):
            _stop(procs)
            use_pool = False
        finally:
            gc.unfreeze()
    if not use_pool:
        for start in range(0, count, CHUNK):
            for j, (batch, warnings) in enumerate(many(range(start, min(start + CHUNK, count)))):
                yield (start + j, batch, warnings)
        return
    try:
        yield from _collect(count, many, conns, ahead, procs, counter)
    finally:  # also when the caller stops early (cancel)
        _stop(procs)
        for conn in conns:
            conn.close()
        _STATE.clear()


def _widen(conn) -> None:
    """Give the pipe behind ``conn`` ``PIPE_BYTES`` (or as much as the system allows), where that can be set."""
    import fcntl

    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is None:
        return
    for size in (PIPE_BYTES, PIPE_BYTES // 4):
        try:
            fcntl.fcntl(conn.fileno(), setsize, size)
            return
        except OSError:  # (over /proc/sys/fs/pipe-max-size, or over the user's pipe quota)
            continue


def _collect(count, many, conns, ahead, procs, counter) -> Iterator[tuple[int, Any, list[str]]]:
    chunks = -(-count // CHUNK)
    received: dict[int, list] = {}
    local: set[int] = set()  # chunks this process prepared itself, while it would have waited for a worker
    live = list(conns)
    k = 0

    def receive(timeout: float | None) -> None:
        """Take in the chunks the workers have sent (waiting up to ``timeout`` for one): a worker whose message
        is not read waits, so this runs before each chunk is written."""
        for conn in wait(live, timeout):
            try:
                got, out = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):  # the worker died before it said it was done: the chunk it held is
                _stop(procs)  # lost; stop them all, and what is missing is prepared here
                live.clear()
                return
            if got == _DONE:
                live.remove(conn)
            else:
                received[got] = out

    idle_told = True  # (IDLE is said once per wait, and only after something was yielded)
    while k < chunks:
        if live:
            receive(0)
            if k not in received and live:
                if not idle_told:
                    idle_told = True
                    yield (-1, IDLE, [])
                    continue
                # nothing to write and nothing received: prepare the next chunk here rather than wait (at
                # most AHEAD chunks held; a chunk prepared here is neither pickled nor sent)
                if len(received) < AHEAD and (claimed := _claim(counter, count)) is not None:
                    mine, files = claimed
                    received[mine] = many(files)
                    local.add(mine)
                    continue
                receive(None)
                continue
        out = received.pop(k, None)
        start = k * CHUNK
        if out is None:  # (no worker left to send it)
            out = many(range(start, min(start + CHUNK, count)))
        elif k in local:
            local.discard(k)
        else:
            ahead.release()
        for j, (batch, warnings) in enumerate(out):
            yield (start + j, batch, warnings)
        idle_told = False
        k += 1


def _stop(procs) -> None:
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join()
