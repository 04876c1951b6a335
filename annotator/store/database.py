"""The project file: one SQLite database opened through sqlite-utils. All SQL of the application lives in
this package.

- WAL journal, foreign keys on, a busy timeout: the window and a command-line export can share the file.
- Every edit runs in its own transaction and writes operation-log rows (before/after as JSON, author, time)
  grouped in a *batch*; :meth:`Store.undo` and :meth:`Store.redo` replay batches from that log, so undo works
  headless and across restarts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from ..ids import new_id, now
from ..model import Annotation, Change, Document, Entity, Link, from_dict
from . import migrations
from .review import ReviewMixin
from .rows import (
    ANNOTATION_COLUMNS,
    COLUMNS_OF,
    DOCUMENT_COLUMNS,
    ENTITY_COLUMNS,
    FROM_ROW,
    LINK_COLUMNS,
    TABLE_OF,
    annotation_from_row,
    document_from_row,
    dumps,
    entity_from_row,
    link_from_row,
    loads,
    obj_to_json,
    to_row,
)

SUFFIX = ".annotator"
BUSY_TIMEOUT_MS = 5000
#: NORMAL: in WAL mode commits are synced at checkpoints, not one by one. A crash or kill of Annotator loses
#: nothing committed; a power cut or OS crash can lose the last commits since the last checkpoint (the file
#: stays sound). FULL (sync every commit) was measured at p50 4.0 ms / p99 16 ms per interactive edit here,
#: against 0.23 / 12 ms (benchmarks/torture.py): its p99 is not under 5 ms, so edits use NORMAL.
#: ``Store(path, synchronous="FULL")`` opts in.
SYNCHRONOUS = "NORMAL"
#: the most rows per transaction of a long write (suggestion runs, imports, merges, undo of a large step);
#: steps larger than this are chunked. Chunks adapt their size to hold the write lock about CHUNK_SECONDS
#: (see benchmarks/torture.py), with a CHUNK_PAUSE gap after each; the whole run stays one step.
CHUNK_ROWS = 2000
CHUNK_SECONDS = 0.04
CHUNK_PAUSE = 0.004
CHECKPOINT_EVERY = 8
#: an import of articles checkpoints after every this many bytes of text and raw bytes it wrote
CHECKPOINT_BYTES = 8 << 20


def _next_chunk(rows: int, took: float) -> int:
    if took <= 0:
        return CHUNK_ROWS
    return max(50, min(CHUNK_ROWS, int(rows * CHUNK_SECONDS / took)))
#: this process's undo session: every Store of the process (the window and its workers) shares it
SESSION = new_id()
HOST = socket.gethostname()
_OPEN_SESSIONS: dict[str, int] = {}  # resolved path -> connections of this process that registered
_OPENED_AT: dict[str, str] = {}  # resolved path -> when this process first opened it


def _new_session() -> None:  # a forked child is another process: its own session
    global SESSION
    SESSION = new_id()
    _OPEN_SESSIONS.clear()
    _OPENED_AT.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_session)


#: seconds a write waits in all for a busy file before it fails, and before it says it is waiting
RETRY_PATIENCE = 60.0
SAVING_AFTER = 0.3
#: when a list, every write transaction of this process appends how long it held the write lock (seconds):
#: for benchmarks/torture.py
lock_holds: list[float] | None = None
#: callables told ``True`` when a write starts waiting for a busy file and ``False`` when it is done
busy_listeners: list = []


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc)
    return "locked" in msg or "busy" in msg


_LIVE: dict[str, int] = {}  # resolved path -> open connections of this process (any thread)
_LIVE_LOCK = threading.Lock()


def _forget_live(key: str) -> None:
    with _LIVE_LOCK:
        _LIVE[key] = _LIVE.get(key, 1) - 1
        if _LIVE[key] <= 0:
            del _LIVE[key]


def held_by_this_process(path: str | Path, *, resolved: bool = False) -> bool:
    """Whether ``path`` is a project file (or its -wal/-shm/-journal) this process holds a connection to:
    such a file must never be opened with Python (an import of a folder that holds the project, say).
    ``resolved``: the caller has resolved ``path`` already."""
    try:
        key = str(path) if resolved else str(Path(path).resolve())
    except OSError:
        return False
    for suffix in ("-wal", "-shm", "-journal"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    with _LIVE_LOCK:
        return bool(_LIVE.get(key))


def held_names(directory: str) -> frozenset[str]:
    """The names, in the resolved folder ``directory`` (ending with a path separator), of the project files (and
    their -wal/-shm/-journal) this process holds a connection to: :func:`held_by_this_process` for every file
    of a folder at once (an import of 10,000 files asked once per file)."""
    with _LIVE_LOCK:
        keys = [key for key, n in _LIVE.items() if n]
    names = set()
    for key in keys:
        head, _, name = key.rpartition(os.sep)
        if head + os.sep == directory:
            names.update(name + suffix for suffix in ("", "-wal", "-shm", "-journal"))
    return frozenset(names)


def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts with SQLite's header, for the wording of a refusal. It reads the file with
    Python only while this process holds no SQLite connection to it (under a process-wide lock, so no
    thread opens one meanwhile): closing that descriptor would drop SQLite's POSIX locks. Otherwise it
    answers True (and the refusal says "damaged")."""
    with _LIVE_LOCK:
        if _LIVE.get(str(path.resolve())):
            return True
        try:
            with open(path, "rb") as fh:
                return fh.read(16) == b"SQLite format 3\x00"
        except OSError:
            return True


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class FileBusy(Exception):
    """Another connection held the write lock for longer than :data:`RETRY_PATIENCE`: nothing was written."""


class UndoConflict(Exception):
    """An undo or redo would overwrite someone else's later edit: nothing was changed."""


class NotAProject(Exception):
    """The file is not an Annotator project (not SQLite, or another application's database)."""


def _q(cols: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


_ANN_SELECT = f"SELECT {_q(ANNOTATION_COLUMNS)} FROM annotations"
_LINK_SELECT = f"SELECT {_q(LINK_COLUMNS)} FROM links"
_ENT_SELECT = f"SELECT {_q(ENTITY_COLUMNS)} FROM entities"
_INSERT_DOCUMENT = f"INSERT INTO documents ({_q(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})"
_INSERT_DOCUMENT_UTF8 = (f"INSERT INTO documents ({_q(DOCUMENT_COLUMNS)}) VALUES ("
                         + ", ".join("CAST(? AS TEXT)" if c == "text" else "?" for c in DOCUMENT_COLUMNS) + ")")
_DOC_COLS_NO_RAW = tuple(c if c != "raw" else "NULL" for c in DOCUMENT_COLUMNS)
_DOC_SELECT = "SELECT " + ", ".join(c if c == "NULL" else f'"{c}"' for c in _DOC_COLS_NO_RAW) + " FROM documents"


# page size of a project file created by this version (an existing file keeps its own)
NEW_FILE_PAGE_SIZE = 8192


class Store(ReviewMixin):
    """Storage of one project file. Not thread-safe: open one Store per thread (WAL lets them share)."""

    def __init__(self, path: str | Path, *, create: bool = True, synchronous: str | None = None):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(f"no project file at {self.path}")
        if self.path.is_dir():
            raise NotAProject(f"{self.path} is a folder, not an Annotator project")
        # Only SQLite ever opens the file: a Python open()/close() of it would drop every POSIX lock SQLite
        # holds on it for the whole process (the other connections of a window and its workers), and the
        # next process would take itself for the last user and delete the WAL. SQLite checks the header
        # itself on the first read below ("file is not a database").
        with _LIVE_LOCK:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            _LIVE[self._key] = _LIVE.get(self._key, 0) + 1
        # no sqlite-utils plugins: loading them scans every installed distribution on each open
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.conn = conn
        self.closed = False
        self._depth = 0
        # when this process first opened the file: the start of its undo session
        self._opened_at = _OPENED_AT.setdefault(str(self.path.resolve()), now())
        try:
            conn.execute("PRAGMA trusted_schema = OFF")  # a crafted file's triggers/views run no functions
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            objects = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
            self._check_schema(objects)
            if not objects and conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                # a new file: 8 KiB pages (SQLite's default is 4 KiB). The articles' texts and raw bytes are
                # kilobytes each, and with larger pages fewer of them spill into overflow chains: an import
                # writes about half as long. Only possible before the first page is written (the WAL
                # switch below writes it); an existing file keeps its page size.
                conn.execute(f"PRAGMA page_size = {NEW_FILE_PAGE_SIZE}")
            # only now, once the file is known to be ours (or new), change its journal mode
            conn.execute("PRAGMA journal_mode = WAL")
            self.synchronous = synchronous or SYNCHRONOUS
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:  # a damaged file: say so rather than fail later
            conn.close()
            self.closed = True
            _forget_live(self._key)
            if "not a database" in str(exc) and not _has_sqlite_header(self.path):
                raise NotAProject(f"{self.path} is not an Annotator project (not an SQLite file)") from None
            raise NotAProject(f"{self.path} is damaged or not an Annotator project ({exc})") from None
        except NotAProject:
            conn.close()
            self.closed = True
            _forget_live(self._key)
            raise

    def _check_schema(self, objects: list[tuple[str, str, str]]) -> None:
        """Refuse, before anything is written, a file that is not ours or not ours to change: another
        application's database, a project of a newer schema, or one with triggers or views (Annotator
        creates none, so a crafted file cannot run SQL on an ordinary edit)."""
        if not objects:
            return  # a new (empty) file
        tables = {name for kind, name, _ in objects if kind == "table"}
        if "_migrations" not in tables:
            raise NotAProject(f"{self.path} is an SQLite database but not an Annotator project")
        foreign = sorted(f"{kind} {name!r}" for kind, name, _ in objects if kind in ("trigger", "view"))
        if foreign:
            raise NotAProject(f"{self.path} holds objects Annotator does not create ({', '.join(foreign)}); "
                              "refusing to open it")
        known = {fn.__name__ for fn in migrations.MIGRATIONS}
        newer = sorted(r[0] for r in self.conn.execute("SELECT name FROM _migrations")
                       if ":" not in r[0] and r[0] not in known)
        if newer:
            raise NotAProject(f"{self.path} was written by a newer Annotator (schema step(s) {', '.join(newer)}); "
                              "upgrade Annotator to open it")

    # ------------------------------------------------------------------------------------- lifecycle

    def migrate(self, extra: list[tuple[str, Any]] | None = None, on_error=None) -> list[str]:
        """Apply pending migrations (core, then ``extra`` plugin steps); see :func:`migrations.migrate`."""
        ran = migrations.migrate(self.db, extra, on_error)
        self._sessions_ready = "sessions" in self.db.table_names()
        return ran

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection (another thread's or process's)
        commits to the file; this connection's own commits leave it alone."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        if self.closed:
            return
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        with contextlib.suppress(sqlite3.Error):
            if self._session_registered:
                _OPEN_SESSIONS[self._key] -= 1
                if _OPEN_SESSIONS[self._key] <= 0:  # the process's last connection to the file: session over
                    self._retry_write(lambda: self.conn.execute(
                        "UPDATE sessions SET closed_at = ? WHERE id = ?", (now(), SESSION)), patience=2)
        self.conn.close()
        self.closed = True
        _forget_live(self._key)

    _session_registered = False

    @property
    def _key(self) -> str:
        return str(self.path.resolve())

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (BEGIN IMMEDIATE, so concurrent writers wait rather than fail); nested calls
        join the outer one (also a :meth:`snapshot`'s read transaction)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin_immediate()
        self._depth = 1
        held_from = time.perf_counter()
        try:
            if not self._session_registered and self._sessions_ready:
                self._register_session()
            yield
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self._depth = 0
            try:
                self._retry_write(lambda: self.conn.execute("COMMIT"))
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            if lock_holds is not None:
                lock_holds.append(time.perf_counter() - held_from)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees one state of the file (one read transaction): an export, the stats, the
        counts of a report. Writers go on meanwhile (WAL); nested calls and transactions join it."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN DEFERRED")
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read transaction starts here
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        """Take the write lock. Rather than SQLite's busy handler (which sleeps up to 100 ms between tries and
        so can miss the short gaps between a long write's chunks for seconds), poll every millisecond: an
        edit waits at most about one chunk. After :data:`SAVING_AFTER` seconds the busy listeners are told
        (the window shows "Saving…"); after :data:`RETRY_PATIENCE` it fails with "database is locked"."""
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            started = time.monotonic()
            told = False
            try:
                while True:
                    try:
                        self.conn.execute("BEGIN IMMEDIATE")
                        return
                    except sqlite3.OperationalError as exc:
                        waited = time.monotonic() - started
                        if not _is_busy(exc):
                            raise
                        if waited >= RETRY_PATIENCE:
                            raise FileBusy(f"{exc} for {waited:.0f} s") from None
                        if not told and waited >= SAVING_AFTER:
                            told = True
                            for cb in list(busy_listeners):
                                with contextlib.suppress(Exception):
                                    cb(True)
                        time.sleep(0.001 if waited < 1 else 0.005)
            finally:
                if told:
                    for cb in list(busy_listeners):
                        with contextlib.suppress(Exception):
                            cb(False)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")

    busy_timeout_ms = BUSY_TIMEOUT_MS

    def _retry_write(self, fn, *, patience: float | None = None):
        """Run ``fn`` (a BEGIN IMMEDIATE, a COMMIT, a one-statement write); if the file stays locked past
        SQLite's busy timeout, wait and try again, telling :data:`busy_listeners` (the window shows
        "Saving…"), for up to ``patience`` seconds in all. Long writes are chunked, so this is rare."""
        patience = RETRY_PATIENCE if patience is None else patience
        deadline = time.monotonic() + patience
        waited = False
        try:
            while True:
                try:
                    return fn()
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise
                    if not waited:
                        waited = True
                        for cb in list(busy_listeners):
                            with contextlib.suppress(Exception):
                                cb(True)
                    time.sleep(0.05)
        finally:
            if waited:
                for cb in list(busy_listeners):
                    with contextlib.suppress(Exception):
                        cb(False)

    # ------------------------------------------------------------------------------------- sessions

    _sessions_ready = False

    def _register_session(self) -> None:
        """Record this process's session in the file, in the first write transaction of this connection (an
        open that only reads writes nothing): undo tells whose steps are whose by it, and a long write of a
        session that is gone is rolled back by the next opener."""
        self.conn.execute(
            "INSERT INTO sessions(id, pid, host, opened_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET closed_at = NULL", (SESSION, os.getpid(), HOST, self._opened_at))
        self._session_registered = True
        _OPEN_SESSIONS[self._key] = _OPEN_SESSIONS.get(self._key, 0) + 1

    def _session_opened_at(self) -> str:
        row = self.conn.execute("SELECT opened_at FROM sessions WHERE id = ?", (SESSION,)).fetchone()
        return row[0] if row else self._opened_at

    def _finished_sessions(self) -> dict[str, str | None]:
        """Sessions that are over (closed, or their process is gone): id -> the time they ended (None when
        unknown: a killed process)."""
        out: dict[str, str | None] = {}
        for sid, pid, host, closed_at in self.conn.execute("SELECT id, pid, host, closed_at FROM sessions"):
            if sid == SESSION:
                continue
            if closed_at:
                out[sid] = closed_at
            elif host == HOST and not _pid_alive(pid):
                out[sid] = None
        return out

    def undo_sessions(self) -> set[str]:
        """The sessions whose steps this session may undo and redo: its own, and those that ended before it
        began (an earlier window, an earlier command); never one still running, nor one that worked while
        this one was open. A killed session's end is the time of its last step."""
        mine = self._session_opened_at()
        ok: set[str] = {SESSION}
        for sid, ended in self._finished_sessions().items():
            if ended is None:
                row = self.conn.execute("SELECT max(at) FROM batches WHERE session = ?", (sid,)).fetchone()
                ended = row[0] if row else None
            if ended is None or ended <= mine:
                ok.add(sid)
        return ok

    def schema(self) -> str:
        rows = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        return "\n".join(r[0] for r in rows)

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM _migrations ORDER BY rowid")]

    # ------------------------------------------------------------------------------------- key/values

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM project WHERE key = ?", (key,)).fetchone()
        return loads(row[0]) if row else default

    def set_meta(self, key: str, value: Any) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO project(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, dumps(value)),
            )

    def get_setting(self, scope: str, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE scope = ? AND key = ?", (scope, key)).fetchone()
        return loads(row[0]) if row else default

    def set_setting(self, scope: str, key: str, value: Any) -> None:
        with self.transaction():
            if value is None:
                self.conn.execute("DELETE FROM settings WHERE scope = ? AND key = ?", (scope, key))
            else:
                self.conn.execute(
                    "INSERT INTO settings(scope, key, value) VALUES (?, ?, ?) "
                    "ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value",
                    (scope, key, dumps(value)),
                )

    def _touch(self, at: str | None = None) -> None:
        """Record the time of a change to the content (edit, undo, redo, import, deletion) in the current
        transaction: the ``exported_at`` of exports, which must move on every change (deletions too)."""
        self.conn.execute(
            "INSERT INTO project(key, value) VALUES ('changed_at', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (dumps(at or now()),),
        )

    def settings_of(self, scope: str) -> dict[str, Any]:
        return {k: loads(v) for k, v in self.conn.execute("SELECT key, value FROM settings WHERE scope = ?", (scope,))}

    # ------------------------------------------------------------------------------------- documents

    def insert_document(self, doc: Document) -> None:
        row = (
            doc.id, doc.title, doc.source, doc.published, doc.url, doc.language, doc.text, doc.raw, doc.encoding,
            doc.sha256, doc.imported_at, dumps(doc.meta or {}),
        )
        self.conn.execute(_INSERT_DOCUMENT, row)
        self._touch()

    def insert_documents(self, docs: Iterable[Document]) -> None:
        self.insert_document_rows(
            (d.id, d.title, d.source, d.published, d.url, d.language, d.text, d.raw, d.encoding, d.sha256,
             d.imported_at, d.meta)
            for d in docs
        )

    def insert_document_rows(self, rows: Iterable[tuple], *, text_utf8: bool = False) -> None:
        """Documents as tuples in the order of ``DOCUMENT_COLUMNS`` (``meta`` a dict or None), without making a
        :class:`Document` of each (an import of many articles). ``text_utf8``: each text is given as its UTF-8
        bytes (valid UTF-8, as ``str.encode`` makes them) and stored as the same TEXT value a ``str`` would be:
        an import's worker processes encode the texts they clean, and this process neither decodes nor
        re-encodes them."""
        self.conn.executemany(_INSERT_DOCUMENT_UTF8 if text_utf8 else _INSERT_DOCUMENT,
                              ((*row[:11], dumps(row[11] or {})) for row in rows))
        self._touch()

    def document(self, doc_id: str, *, with_raw: bool = False) -> Document | None:
        if with_raw:
            row = self.conn.execute(f"SELECT {_q(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        else:
            row = self.conn.execute(f"{_DOC_SELECT} WHERE id = ?", (doc_id,)).fetchone()
        return document_from_row(row, with_raw) if row else None

    def long_write_chunk(self, n: int, *, checkpoint: bool | None = None) -> None:
        """Before the ``n``-th (1, 2, ...) transaction of a long write chunked by its caller (an import's articles),
        as :meth:`_in_chunks` does for its own: no automatic checkpoint inside the transactions (it copied the WAL
        into the file and synced it while holding the write lock), a passive one between them every
        ``CHECKPOINT_EVERY``, or when the caller says (``checkpoint``: an import of articles checkpoints after
        every ``CHECKPOINT_BYTES`` it wrote, so that the WAL stays small and its pages are reused). End with
        :meth:`long_write_done`."""
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        if (n % CHECKPOINT_EVERY == 0) if checkpoint is None else checkpoint:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def long_write_done(self) -> None:
        """Automatic checkpoints back on, and the WAL copied into the file now (not at the window's next edit)."""
        self.conn.execute("PRAGMA wal_autocheckpoint = 1000")
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def held_shas(self, shas: Iterable[str]) -> set[str]:
        """Which of ``shas`` (sha256 of texts) documents of the project have: one query per 500."""
        wanted = list(dict.fromkeys(shas))
        held: set[str] = set()
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            held.update(r[0] for r in self.conn.execute(
                f"SELECT sha256 FROM documents WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk))
        return held

    def document_id_by_sha(self, sha256: str) -> str | None:
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def documents(self, ids: Sequence[str] | None = None) -> list[Document]:
        if ids:
            marks = ",".join("?" * len(ids))
            rows = self.conn.execute(f"{_DOC_SELECT} WHERE id IN ({marks}) ORDER BY id", tuple(ids)).fetchall()
        else:
            rows = self.conn.execute(f"{_DOC_SELECT} ORDER BY id").fetchall()
        return [document_from_row(r) for r in rows]

    def iter_documents(self) -> Iterator[Document]:
        for r in self.conn.execute(f"{_DOC_SELECT} ORDER BY id"):
            yield document_from_row(r)

    def document_summaries(self) -> list[dict[str, Any]]:
        """Metadata and annotation counts per document, without the text (for the corpus browser)."""
        sql = (
            "SELECT d.id, d.title, d.source, d.published, d.url, d.language, length(d.text), d.imported_at, "
            "COALESCE(SUM(a.status = 'accepted'), 0), COALESCE(SUM(a.status = 'suggested'), 0) "
            "FROM documents d LEFT JOIN annotations a ON a.document_id = d.id GROUP BY d.id ORDER BY d.id"
        )
        keys = ("id", "title", "source", "published", "url", "language", "length", "imported_at", "accepted",
                "suggested")
        return [dict(zip(keys, r)) for r in self.conn.execute(sql)]

    def document_texts(self, ids: Sequence[str] | None = None) -> dict[str, str]:
        if ids:
            marks = ",".join("?" * len(ids))
            return dict(self.conn.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", tuple(ids)))
        return dict(self.conn.execute("SELECT id, text FROM documents"))

    def delete_document(self, doc_id: str) -> None:
        """Remove a document with its annotations and their links (not undoable: the logged steps that touched
        them leave the undo history, so undo never tries to restore an annotation of a missing document)."""
        with self.transaction():
            ann_ids = [r[0] for r in self.conn.execute("SELECT id FROM annotations WHERE document_id = ?", (doc_id,))]
            gone = list(ann_ids)
            for chunk in _chunks(ann_ids, 500):
                marks = ",".join("?" * len(chunk))
                gone.extend(r[0] for r in self.conn.execute(
                    f"SELECT id FROM links WHERE source_id IN ({marks}) OR target_id IN ({marks})", tuple(chunk) * 2))
                self.conn.execute(f"DELETE FROM links WHERE source_id IN ({marks}) OR target_id IN ({marks})",
                                  tuple(chunk) * 2)
            # every annotation the log knows in this document (deleted ones too), and every link touching one
            gone.extend(r[0] for r in self.conn.execute(
                "SELECT DISTINCT object_id FROM oplog WHERE kind = 'annotation' AND "
                "json_extract(coalesce(after, before), '$.document_id') = ?", (doc_id,)))
            ann_set = set(gone)
            for link_id, ends in self.conn.execute(
                    "SELECT object_id, json_array(json_extract(coalesce(after, before), '$.source_id'), "
                    "json_extract(coalesce(after, before), '$.target_id')) FROM oplog WHERE kind = 'link'"):
                if ann_set.intersection(loads(ends)):
                    gone.append(link_id)
            for chunk in _chunks(sorted(set(gone)), 500):
                marks = ",".join("?" * len(chunk))
                self.conn.execute(
                    "UPDATE batches SET state = 'dropped' WHERE state != 'dropped' AND batch IN "
                    f"(SELECT batch FROM oplog WHERE object_id IN ({marks}))", tuple(chunk))
            self.conn.execute("DELETE FROM annotations WHERE document_id = ?", (doc_id,))
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._touch()

    def search(self, needle: str, *, limit: int = 1000) -> list[tuple[str, int]]:
        """Case-insensitive substring search across documents: (document_id, code-point offset) pairs."""
        hits: list[tuple[str, int]] = []
        folded = needle.casefold()
        if not folded:
            return hits
        for doc_id, text in self.conn.execute("SELECT id, text FROM documents ORDER BY id"):
            hay = text.casefold() if len(text.casefold()) == len(text) else None
            if hay is None:  # casefold changed lengths (ß...): fall back to lower(), which keeps them
                hay = text.lower()
                n = needle.lower()
            else:
                n = folded
            pos = hay.find(n)
            while pos != -1:
                hits.append((doc_id, pos))
                if len(hits) >= limit:
                    return hits
                pos = hay.find(n, pos + max(1, len(n)))
        return hits

    # ------------------------------------------------------------------------------------- reads

    def annotation(self, ann_id: str) -> Annotation | None:
        row = self.conn.execute(f"{_ANN_SELECT} WHERE id = ?", (ann_id,)).fetchone()
        return annotation_from_row(row) if row else None

    def annotations(
        self,
        *,
        document_id: str | None = None,
        layer: str | None = None,
        label: str | None = None,
        status: str | Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        origin: str | None = None,
    ) -> list[Annotation]:
        where, params = [], []
        if document_id is not None:
            where.append("document_id = ?")
            params.append(document_id)
        if layer is not None:
            where.append("layer = ?")
            params.append(layer)
        if label is not None:
            where.append("label = ?")
            params.append(label)
        if origin is not None:
            where.append("origin = ?")
            params.append(origin)
        if status is not None:
            statuses = (status,) if isinstance(status, str) else tuple(status)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        if ids is not None:
            if not ids:
                return []
            out: list[Annotation] = []
            for chunk in _chunks(list(ids), 500):
                clause = " AND ".join([*where, f"id IN ({','.join('?' * len(chunk))})"])
                out.extend(annotation_from_row(r) for r in self.conn.execute(
                    f"{_ANN_SELECT} WHERE {clause} ORDER BY document_id, start, \"end\", id", (*params, *chunk)))
            return out
        sql = _ANN_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += ' ORDER BY document_id, start, "end", layer, label, id'
        return [annotation_from_row(r) for r in self.conn.execute(sql, params)]

    def annotations_with_attribute(self, key: str, value: Any) -> list[Annotation]:
        """Annotations whose JSON ``attributes[key]`` equals ``value``."""
        sql = f"{_ANN_SELECT} WHERE json_extract(attributes, '$.' || ?) = ? ORDER BY document_id, start, id"
        return [annotation_from_row(r) for r in self.conn.execute(sql, (key, value))]

    @staticmethod
    def filter_clause(filters, alias: str = "") -> tuple[str, list[Any]]:
        """SQL WHERE clause (without WHERE) and parameters for an :class:`ExportFilters` on annotations."""
        where: list[str] = []
        params: list[Any] = []
        prefix = f"{alias}." if alias else ""
        for column, values in (("layer", filters.layers), ("status", filters.statuses),
                               ("document_id", filters.documents), ("author", filters.authors),
                               ("label", filters.labels)):
            if values:
                where.append(f'{prefix}"{column}" IN ({",".join("?" * len(values))})')
                params.extend(values)
        return " AND ".join(where), params

    def iter_link_rows_with_ends(self, filters, link_layers: Sequence[str] = ()) -> Iterator[tuple]:
        """Links whose two ends pass ``filters``: link columns, then each end's document_id, start, end."""
        ws, ps = self.filter_clause(filters, "s")
        wt, pt = self.filter_clause(filters, "t")
        where = [w for w in (ws, wt) if w]
        params: list[Any] = [*ps, *pt]
        if filters.statuses:
            where.append(f"l.status IN ({','.join('?' * len(filters.statuses))})")
            params.extend(filters.statuses)
        if filters.authors:
            where.append(f"l.author IN ({','.join('?' * len(filters.authors))})")
            params.extend(filters.authors)
        if link_layers:
            where.append(f"l.layer IN ({','.join('?' * len(link_layers))})")
            params.extend(link_layers)
        cols = ", ".join(f'l."{c}"' for c in LINK_COLUMNS)
        sql = (f'SELECT {cols}, s.document_id, s.start, s."end", t.document_id, t.start, t."end" FROM links l '
               "JOIN annotations s ON s.id = l.source_id JOIN annotations t ON t.id = l.target_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY l.id")
        yield from self.conn.execute(sql, params)

    def link_end_layers(self, link_layers: Sequence[str]) -> set[str]:
        """The layers of the annotations that links of ``link_layers`` join."""
        marks = ",".join("?" * len(link_layers))
        sql = (f"SELECT DISTINCT a.layer FROM links l JOIN annotations a ON a.id IN (l.source_id, l.target_id) "
               f"WHERE l.layer IN ({marks})")
        return {r[0] for r in self.conn.execute(sql, tuple(link_layers))}

    def referenced_entity_ids(self, filters) -> set[str]:
        where, params = self.filter_clause(filters)
        clause = f" AND {where}" if where else ""
        out: set[str] = set()
        for key in ("entity_id", "speaker_entity_id"):
            out.update(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT json_extract(attributes, '$.{key}') FROM annotations "
                f"WHERE json_extract(attributes, '$.{key}') IS NOT NULL{clause}", params))
        return out

    def count_annotations(self, filters) -> int:
        where, params = self.filter_clause(filters)
        return self.conn.execute("SELECT count(*) FROM annotations" + (f" WHERE {where}" if where else ""),
                                 params).fetchone()[0]

    def latest_change(self) -> str | None:
        """The time of the newest change to the project's content: the last edit, undo, redo, import or
        deletion (recorded as ``changed_at``), or else the newest created/modified/imported time."""
        row = self.conn.execute(
            "SELECT max(t) FROM (SELECT max(modified_at) AS t FROM annotations UNION ALL "
            "SELECT max(modified_at) FROM links UNION ALL SELECT max(modified_at) FROM entities UNION ALL "
            "SELECT max(imported_at) FROM documents)").fetchone()
        newest = row[0] if row else None
        changed = self.get_meta("changed_at")
        return max(t for t in (newest, changed) if t) if (newest or changed) else None

    def iter_annotation_json(self, filters=None, chunk: int = 10_000) -> Iterator[list[tuple]]:
        """Annotations in export order, serialised by SQLite (the fast path of JSON exporters: no Python dict
        per row), in chunks of ``(document_id, start, end, head, tail)``: ``head`` is the JSON object of
        ``id, document_id, start, end`` and ``tail`` that of ``layer, label, attributes, author, origin, status,
        created_at, modified_at``; the caller puts the covered ``text`` between them. Formatting is that of
        ``orjson.dumps`` (compact, same escapes; the attributes as stored)."""
        where, params = self.filter_clause(filters, "a") if filters is not None else ("", [])
        sql = (
            "SELECT a.document_id, a.start, a.\"end\", "
            "json_object('id', a.id, 'document_id', a.document_id, 'start', a.start, 'end', a.\"end\"), "
            "json_object('layer', a.layer, 'label', a.label, "
            "'attributes', json(coalesce(nullif(a.attributes, ''), '{}')), 'author', coalesce(a.author, ''), "
            "'origin', coalesce(a.origin, ''), 'status', a.status, 'created_at', coalesce(a.created_at, ''), "
            "'modified_at', coalesce(a.modified_at, '')) FROM annotations a"
            + (f" WHERE {where}" if where else "")
            + ' ORDER BY a.document_id, a.start, a."end", a.layer, a.label, a.id'
        )
        cur = self.conn.execute(sql, tuple(params))
        while True:
            rows = cur.fetchmany(chunk)
            if not rows:
                return
            yield rows

    def iter_annotation_rows(self, filters=None) -> Iterator[tuple]:
        """Raw rows in export order (document, start, end, layer, label, id): for fast exporters."""
        where, params = self.filter_clause(filters) if filters is not None else ("", [])
        sql = _ANN_SELECT + (f" WHERE {where}" if where else "")
        sql += ' ORDER BY document_id, start, "end", layer, label, id'
        cur = self.conn.execute(sql, tuple(params))
        while True:
            rows = cur.fetchmany(10_000)
            if not rows:
                return
            yield from rows

    def find_annotation(self, document_id: str, start: int, end: int, layer: str, label: str | None = None):
        sql = f'{_ANN_SELECT} WHERE document_id = ? AND start = ? AND "end" = ? AND layer = ?'
        params: list[Any] = [document_id, start, end, layer]
        if label is not None:
            sql += " AND label = ?"
            params.append(label)
        row = self.conn.execute(sql, params).fetchone()
        return annotation_from_row(row) if row else None

    def span_rows(self, document_id: str) -> list[tuple]:
        """(id, document_id, start, end, layer, label, status, author, origin) of a document's annotations,
        ordered by start (the index order), without parsing attributes (for drawing thousands of them)."""
        sql = ('SELECT id, document_id, start, "end", layer, label, status, author, origin FROM annotations '
               'WHERE document_id = ? ORDER BY start')
        return self.conn.execute(sql, (document_id,)).fetchall()

    def span_keys(self, document_ids: Sequence[str] | None = None) -> set[tuple]:
        """(document_id, start, end, layer, label) of every annotation, whatever its status."""
        sql = 'SELECT document_id, start, "end", layer, label FROM annotations'
        if document_ids:
            out: set[tuple] = set()
            for chunk in _chunks(list(document_ids), 500):
                out.update(self.conn.execute(sql + f" WHERE document_id IN ({','.join('?' * len(chunk))})", chunk))
            return out
        return set(self.conn.execute(sql))

    def link(self, link_id: str) -> Link | None:
        row = self.conn.execute(f"{_LINK_SELECT} WHERE id = ?", (link_id,)).fetchone()
        return link_from_row(row) if row else None

    def links(
        self,
        *,
        layer: str | None = None,
        label: str | None = None,
        status: str | Sequence[str] | None = None,
        annotation_id: str | None = None,
        document_id: str | None = None,
    ) -> list[Link]:
        where, params = [], []
        if layer is not None:
            where.append("l.layer = ?")
            params.append(layer)
        if label is not None:
            where.append("l.label = ?")
            params.append(label)
        if status is not None:
            statuses = (status,) if isinstance(status, str) else tuple(status)
            where.append(f"l.status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        if annotation_id is not None:
            where.append("(l.source_id = ? OR l.target_id = ?)")
            params.extend([annotation_id, annotation_id])
        if document_id is not None:
            where.append(
                "(l.source_id IN (SELECT id FROM annotations WHERE document_id = ?) "
                "OR l.target_id IN (SELECT id FROM annotations WHERE document_id = ?))"
            )
            params.extend([document_id, document_id])
        cols = ", ".join(f'l."{c}"' for c in LINK_COLUMNS)
        sql = f"SELECT {cols} FROM links l" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY l.id"
        return [link_from_row(r) for r in self.conn.execute(sql, params)]

    def entity(self, entity_id: str) -> Entity | None:
        row = self.conn.execute(f"{_ENT_SELECT} WHERE id = ?", (entity_id,)).fetchone()
        return entity_from_row(row) if row else None

    def entities(self, *, label: str | None = None, status: str | Sequence[str] | None = None) -> list[Entity]:
        where, params = [], []
        if label is not None:
            where.append("label = ?")
            params.append(label)
        if status is not None:
            statuses = (status,) if isinstance(status, str) else tuple(status)
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        sql = _ENT_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY canonical_name, id"
        return [entity_from_row(r) for r in self.conn.execute(sql, params)]

    def counts(self) -> dict[str, Any]:
        with self.snapshot():  # one state of the file for every figure
            return self._counts()

    def _counts(self) -> dict[str, Any]:
        c = self.conn
        return {
            "documents": c.execute("SELECT count(*) FROM documents").fetchone()[0],
            "annotations": c.execute("SELECT count(*) FROM annotations").fetchone()[0],
            "links": c.execute("SELECT count(*) FROM links").fetchone()[0],
            "entities": c.execute("SELECT count(*) FROM entities").fetchone()[0],
            "annotations_by": [
                dict(zip(("layer", "label", "status", "count"), r))
                for r in c.execute(
                    "SELECT layer, label, status, count(*) FROM annotations GROUP BY layer, label, status "
                    "ORDER BY layer, label, status"
                )
            ],
            "links_by": [
                dict(zip(("layer", "label", "status", "count"), r))
                for r in c.execute(
                    "SELECT layer, label, status, count(*) FROM links GROUP BY layer, label, status "
                    "ORDER BY layer, label, status"
                )
            ],
        }

    # ------------------------------------------------------------------------------------- logged edits

    def apply(self, changes: Sequence[tuple[str, str, Any, Any]], *, author: str, batch: str | None = None,
              log: bool = True) -> list[Change]:
        """Apply edits ``(kind, action, before, after)`` as one step, logged under one batch.

        ``kind`` is annotation/link/entity; ``action`` create/update/delete. Returns the :class:`Change` list.
        With ``log=False`` (dataset import) the step is not undoable. A step of more than :data:`CHUNK_ROWS`
        rows, outside an enclosing transaction, is written in chunks of that many rows, each its own short
        transaction, so nobody waits long for the file; the step stays *pending* (not undoable, rolled back
        if anything fails, also by the next opener if this process dies) until its last chunk is in.
        """
        batch = batch or new_id()
        at = now()
        changes = list(changes)
        if changes and not self._depth and len(changes) > CHUNK_ROWS:
            self._apply_chunked(changes, batch, author, at, log)
        else:
            with self.transaction():
                if changes:
                    if log:
                        self._drop_redo(author)
                    self._apply_rows(changes, batch, author, at, log)
                    self._touch(at)
                    if log:
                        self._record_batch(batch, author, at, "done")
        return [Change(kind, action, before, after, author, batch) for kind, action, before, after in changes]

    def _apply_rows(self, changes, batch: str, author: str, at: str, log: bool) -> None:
        # preserve the given order when kinds interleave: apply in sequence, but batch runs of one kind
        run: list = []
        run_key = None
        for kind, action, before, after in changes:
            key = (kind, action)
            if key != run_key and run:
                self._write(run_key[0], run_key[1], run)
                run = []
            run_key = key
            run.append((before, after))
        if run:
            self._write(run_key[0], run_key[1], run)
        if log:
            self.conn.executemany(
                "INSERT INTO oplog(batch, kind, action, object_id, before, after, author, at, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'done')",
                [(batch, kind, action, (after or before).id, obj_to_json(before), obj_to_json(after), author, at)
                 for kind, action, before, after in changes],
            )

    def _record_batch(self, batch: str, author: str, at: str, state: str) -> None:
        self.conn.execute(
            "INSERT INTO batches(batch, author, session, state, seq, at) VALUES "
            "(?, ?, ?, ?, (SELECT max(seq) FROM oplog WHERE batch = ?), ?) ON CONFLICT(batch) DO UPDATE SET "
            "state = excluded.state, seq = excluded.seq, at = excluded.at", (batch, author, SESSION, state, batch, at))

    def _set_state(self, batch: str, state: str, **extra: Any) -> None:
        sets = ", ".join(["state = ?", *(f"{k} = ?" for k in extra)])
        self.conn.execute(f"UPDATE batches SET {sets} WHERE batch = ?", (state, *extra.values(), batch))

    def _apply_chunked(self, changes, batch: str, author: str, at: str, log: bool) -> None:
        with self.transaction():
            if log:
                self._drop_redo(author)
            self.conn.execute("INSERT INTO batches(batch, author, session, state, at, worker) "
                              "VALUES (?, ?, ?, 'pending', ?, ?)", (batch, author, SESSION, at, SESSION))
        try:
            # logged even when log=False: a failed run is rolled back from the log
            self._in_chunks(changes, lambda chunk: self._apply_rows(chunk, batch, author, at, True))
            with self.transaction():
                self._touch(at)
                if log:
                    self._record_batch(batch, author, at, "done")
                else:
                    self._set_state(batch, "forgetting")
        except BaseException:
            with contextlib.suppress(Exception):
                self._rollback_batch(batch)
            raise
        if not log:
            self._forget_batch(batch)

    def _in_chunks(self, items: list, fn) -> None:
        """``fn(chunk)`` over ``items`` in write transactions of about CHUNK_SECONDS each, with a gap after each.
        The chunks are not synced one by one (``synchronous=NORMAL`` even on a FULL connection): the step is
        pending until its last transaction, which is synced on a FULL connection, and with it every WAL
        frame before it."""
        i, rows, n = 0, min(CHUNK_ROWS, 500), 0
        # no automatic checkpoint at this connection's commits (it ran inside the measured chunk, up to
        # hundreds of ms); instead a passive checkpoint every few chunks, between them: it holds no write
        # lock, and it keeps the WAL short so that the window's commits do not checkpoint either
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            while i < len(items):
                chunk = items[i:i + rows]
                t0 = time.perf_counter()
                with self.transaction():
                    fn(chunk)
                i += len(chunk)
                n += 1
                rows = _next_chunk(rows, time.perf_counter() - t0)
                if n % CHECKPOINT_EVERY == 0:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                time.sleep(CHUNK_PAUSE)
        finally:
            self.conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            self.conn.execute("PRAGMA wal_autocheckpoint = 1000")
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _forget_batch(self, batch: str) -> None:
        """Delete a finished unlogged batch's log rows, chunk by chunk, then the batch."""
        while True:
            with self.transaction():
                n = self.conn.execute(
                    "DELETE FROM oplog WHERE seq IN (SELECT seq FROM oplog WHERE batch = ? LIMIT ?)",
                    (batch, CHUNK_ROWS)).rowcount
                if not n:
                    self.conn.execute("DELETE FROM batches WHERE batch = ?", (batch,))
                    return

    def _rollback_batch(self, batch: str) -> None:
        """Undo, chunk by chunk, whatever part of an unfinished batch is in the file, then forget it."""
        with self.transaction():
            self._set_state(batch, "rolling-back", worker=SESSION)
        if self._recover_review(batch, "rolling-back"):
            return
        ops = self._batch_ops(batch)
        def revert(chunk):
            for _seq, kind, action, before_json, after_json in chunk:
                before, after = _obj(kind, before_json), _obj(kind, after_json)
                inverse = {"create": "delete", "delete": "create", "update": "update"}[action]
                with contextlib.suppress(sqlite3.IntegrityError):  # someone linked to it meanwhile: keep it
                    self._replay(kind, inverse, after, before)

        self._in_chunks(list(reversed(ops)), revert)
        self._forget_batch(batch)
        with self.transaction():
            self._touch()

    def recover(self) -> list[str]:
        """Finish or roll back the long writes of sessions that are gone (killed mid-way): a pending batch
        is rolled back, an interrupted undo or redo completed, an unlogged batch's log cleared. Returns
        the batches handled."""
        finished = set(self._finished_sessions())
        todo = [(b, st) for b, st, worker in self.conn.execute(
            "SELECT batch, state, coalesce(worker, session) FROM batches "
            "WHERE state IN ('pending', 'rolling-back', 'undoing', 'redoing', 'forgetting')") if worker in finished]
        done = []
        for batch, state in todo:
            with self.transaction():  # claim it (two openers must not both work on it)
                claimed = self.conn.execute(
                    "UPDATE batches SET worker = ? WHERE batch = ? AND state = ? AND coalesce(worker, session) "
                    "NOT IN (?)", (SESSION, batch, state, SESSION)).rowcount
            if not claimed:
                continue
            if state in ("pending", "rolling-back"):
                self._rollback_batch(batch)
            elif state == "forgetting":
                self._forget_batch(batch)
            elif not self._recover_review(batch, state):
                self._replay_batch(batch, "undo" if state == "undoing" else "redo", author="", strict=False)
            done.append(batch)
        return done

    def _drop_redo(self, author: str) -> None:
        """A new step of this author drops the steps they undid (their redo branch); nobody else's."""
        sessions = self.undo_sessions()
        marks = ",".join("?" * len(sessions))
        self.conn.execute(
            f"UPDATE batches SET state = 'dropped' WHERE state = 'undone' AND author = ? AND "
            f"(session IN ({marks}) OR session IS NULL)", (author, *sessions))

    def _write(self, kind: str, action: str, pairs: list) -> None:
        table = TABLE_OF[kind]
        cols = COLUMNS_OF[kind]
        if action == "create":
            self.conn.executemany(
                f"INSERT INTO {table} ({_q(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [to_row(kind, after) for _, after in pairs],
            )
        elif action == "update":
            sets = ", ".join(f'"{c}" = ?' for c in cols[1:])
            self.conn.executemany(
                f"UPDATE {table} SET {sets} WHERE id = ?",
                [(*to_row(kind, after)[1:], after.id) for _, after in pairs],
            )
        elif action == "delete":
            self.conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(before.id,) for before, _ in pairs])
        else:
            raise ValueError(f"unknown action {action!r}")

    def insert_unlogged(self, kind: str, objs: Iterable[Any]) -> int:
        """Bulk insert without the operation log (benchmarks, small imports); skips existing ids."""
        table, cols = TABLE_OF[kind], COLUMNS_OF[kind]
        cur = self.conn.executemany(
            f"INSERT OR IGNORE INTO {table} ({_q(cols)}) VALUES ({', '.join('?' * len(cols))})",
            (to_row(kind, o) for o in objs),
        )
        if cur.rowcount:
            self._touch()
        return cur.rowcount

    def remove_documents(self, doc_ids: Sequence[str]) -> None:
        """Take back documents just inserted by a failed import (with any annotations of theirs)."""
        with self.transaction():
            for chunk in _chunks(list(doc_ids), 500):
                marks = ",".join("?" * len(chunk))
                self.conn.execute(f"DELETE FROM annotations WHERE document_id IN ({marks})", chunk)
                self.conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)

    def existing_ids(self, kind: str, ids: Sequence[str]) -> set[str]:
        table = TABLE_OF[kind] if kind in TABLE_OF else "documents"
        out: set[str] = set()
        for chunk in _chunks(list(ids), 500):
            out.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    # ------------------------------------------------------------------------------------- undo / redo

    def _own(self, author: str) -> tuple[str, list]:
        sessions = sorted(self.undo_sessions())
        return f"author = ? AND (session IN ({','.join('?' * len(sessions))}) OR session IS NULL)", [author, *sessions]

    def _next_batch(self, author: str, redo: bool) -> str | None:
        clause, params = self._own(author)
        order = "ASC" if redo else "DESC"
        row = self.conn.execute(f"SELECT batch FROM batches WHERE state = ? AND {clause} ORDER BY seq {order} "
                                "LIMIT 1", ("undone" if redo else "done", *params)).fetchone()
        return row[0] if row else None

    def can_undo(self, author: str | None = None) -> bool:
        if author is None:
            return self.conn.execute("SELECT 1 FROM batches WHERE state = 'done' LIMIT 1").fetchone() is not None
        return self._next_batch(author, False) is not None

    def can_redo(self, author: str | None = None) -> bool:
        if author is None:
            return self.conn.execute("SELECT 1 FROM batches WHERE state = 'undone' LIMIT 1").fetchone() is not None
        return self._next_batch(author, True) is not None

    def _batch_ops(self, batch: str) -> list[tuple]:
        return self.conn.execute(
            "SELECT seq, kind, action, before, after FROM oplog WHERE batch = ? ORDER BY seq", (batch,)
        ).fetchall()

    def undo(self, *, author: str) -> list[Change]:
        """Revert ``author``'s latest step of this session (or of a session that ended before it began).
        Returns its inverse changes (empty when there is nothing of theirs to undo). Raises
        :class:`UndoConflict` (nothing changed; the step leaves the undo history) when someone else has
        changed what it touched since."""
        return self._step(author, "undo")

    def redo(self, *, author: str) -> list[Change]:
        """Re-apply ``author``'s most recently undone step (see :meth:`undo`)."""
        return self._step(author, "redo")

    def _step(self, author: str, direction: str) -> list[Change]:
        message = None
        with self.transaction():
            batch = self._next_batch(author, direction == "redo")
            if batch is None:
                return []
            review = self._review_op(batch) is not None
        if review:  # a bulk review: one log row, set-based UPDATEs in chunks
            return self._step_review(batch, direction, author=author)
        with self.transaction():
            if self._next_batch(author, direction == "redo") != batch:
                return self._step(author, direction)  # someone else's undo got there first: look again
            size = self.conn.execute("SELECT count(*) FROM oplog WHERE batch = ?", (batch,)).fetchone()[0]
            if size <= CHUNK_ROWS:  # the usual step: checked and replayed in one short transaction
                try:
                    self._check_batch(batch, direction)
                    self.conn.execute("SAVEPOINT replay")
                    try:
                        changes = self._replay_batch(batch, direction, author=author, strict=True)
                    except BaseException:
                        self.conn.execute("ROLLBACK TO replay")
                        raise
                    finally:
                        self.conn.execute("RELEASE replay")
                    return changes
                except UndoConflict as exc:
                    self._set_state(batch, "dropped")  # the next undo goes on past it
                    message = str(exc)
        if message:
            raise UndoConflict(message)
        with self.snapshot():  # a large step: check it all first, then replay it in chunks
            try:
                self._check_batch(batch, direction)
            except UndoConflict as exc:
                message = str(exc)
        with self.transaction():
            if message:
                self._set_state(batch, "dropped")
            else:
                self._set_state(batch, "undoing" if direction == "undo" else "redoing", worker=SESSION)
        if message:
            raise UndoConflict(message)
        return self._replay_batch(batch, direction, author=author, strict=False)

    def _check_batch(self, batch: str, direction: str) -> None:
        """Raise :class:`UndoConflict` if replaying ``batch`` would overwrite a later edit by someone else."""
        expect: dict[tuple[str, str], Any] = {}
        ops = self._batch_ops(batch)
        for _seq, kind, _action, before_json, after_json in (reversed(ops) if direction == "undo" else ops):
            before, after = _obj(kind, before_json), _obj(kind, after_json)
            cur_expected, new = (after, before) if direction == "undo" else (before, after)
            obj_id = (after or before).id
            key = (kind, obj_id)
            current = expect[key] if key in expect else self.get(kind, obj_id)
            if current != cur_expected:
                raise UndoConflict(self._conflict_message(kind, obj_id, current, direction))
            expect[key] = new

    def _conflict_message(self, kind: str, obj_id: str, current, direction: str) -> str:
        who = getattr(current, "author", "") if current is not None else ""
        state = "deleted" if current is None else f"changed by {who or 'someone else'}"
        return (f"cannot {direction}: {kind} {obj_id} has been {state} since; that step was left as it is and "
                f"removed from your {direction} history")

    def _replay_batch(self, batch: str, direction: str, *, author: str, strict: bool) -> list[Change]:
        """Replay a batch backwards (undo) or forwards (redo). ``strict``: one transaction (the caller's),
        refusing with :class:`UndoConflict` if an object is not as the step left it. Otherwise in chunks,
        tolerantly, then the batch's new state."""
        ops = self._batch_ops(batch)
        seq_ops = list(reversed(ops)) if direction == "undo" else ops
        changes: list[Change] = []
        inverse = {"create": "delete", "delete": "create", "update": "update"}

        def one(op):
            _seq, kind, action, before_json, after_json = op
            before, after = _obj(kind, before_json), _obj(kind, after_json)
            if direction == "undo":
                act, old, new = inverse[action], after, before
            else:
                act, old, new = action, before, after
            if strict:
                current = self.get(kind, (after or before).id)
                if current != old:
                    raise UndoConflict(self._conflict_message(kind, (after or before).id, current, direction))
            try:
                self._replay(kind, act, old, new)
            except sqlite3.IntegrityError:
                if strict:
                    raise UndoConflict(f"cannot {direction}: {kind} {(after or before).id} is linked to by a later "
                                       f"edit of someone else; that step was left as it is and removed from your "
                                       f"{direction} history") from None
            changes.append(Change(kind, act, old, new, author, batch, direction))

        final = "undone" if direction == "undo" else "done"
        if strict:
            for op in seq_ops:
                one(op)
            self._set_state(batch, final)
            self._touch()
            return changes
        self._in_chunks(seq_ops, lambda chunk: [one(op) for op in chunk])
        with self.transaction():
            self._set_state(batch, final)
            self._touch()
        return changes

    def _replay(self, kind: str, action: str, before, after) -> None:
        """Apply one logged step tolerantly (an object already present/absent is not an error)."""
        table, cols = TABLE_OF[kind], COLUMNS_OF[kind]
        if action == "delete":
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (before.id,))
        else:
            self.conn.execute(
                f"INSERT OR REPLACE INTO {table} ({_q(cols)}) VALUES ({', '.join('?' * len(cols))})",
                to_row(kind, after),
            )

    def history(self, limit: int = 50) -> list[dict[str, Any]]:
        keys = ("seq", "batch", "kind", "action", "object_id", "author", "at", "state")
        return [dict(zip(keys, r)) for r in self.conn.execute(
            "SELECT o.seq, o.batch, o.kind, o.action, o.object_id, o.author, o.at, coalesce(b.state, o.state) "
            "FROM oplog o LEFT JOIN batches b ON b.batch = o.batch ORDER BY o.seq DESC LIMIT ?", (limit,))]

    # ------------------------------------------------------------------------------------- helpers

    def get(self, kind: str, obj_id: str):
        table, cols = TABLE_OF[kind], COLUMNS_OF[kind]
        row = self.conn.execute(f"SELECT {_q(cols)} FROM {table} WHERE id = ?", (obj_id,)).fetchone()
        return FROM_ROW[kind](row) if row else None


def sha256_of(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _obj(kind: str, data: str | None):
    return from_dict(kind, loads(data)) if data else None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
