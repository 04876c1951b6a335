"""The persistent cache of text analyses inside the project file: table ``analysis_cache``, one row per
(sha256 of a document text, pipeline id) holding the parse as a one-document spaCy ``DocBin`` (zlib-compressed
by spaCy). A cache: losing or clearing it loses no work; nothing in the operation log, no undo.

Writes go in bounded chunks, each its own short transaction, so the window and a command-line run sharing the
file wait milliseconds, never see "database is locked". All SQL of the cache lives here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlite_utils

from ..ids import now
from . import migrations

TABLE = "analysis_cache"
WRITE_CHUNK = 32  # rows per transaction (a parsed news article is ~6 KB)
READ_CHUNK = 500  # keys per SELECT (SQLite's host-parameter limit is far above)


@migrations.migration
def m002_analysis_cache(db: sqlite_utils.Database) -> None:
    db[TABLE].create(
        {"sha256": str, "pipeline": str, "format": int, "data": bytes, "size": int, "created_at": str},
        pk=("sha256", "pipeline"),
        not_null={"data"},
        if_not_exists=True,
    )


def get_many(store, pipeline: str, fmt: int, shas: Sequence[str]) -> dict[str, bytes]:
    """The cached blobs of ``shas`` for ``pipeline`` written in format ``fmt``."""
    out: dict[str, bytes] = {}
    shas = list(dict.fromkeys(shas))
    for i in range(0, len(shas), READ_CHUNK):
        part = shas[i:i + READ_CHUNK]
        marks = ", ".join("?" * len(part))
        rows = store.conn.execute(
            f"SELECT sha256, data FROM {TABLE} WHERE pipeline = ? AND format = ? AND sha256 IN ({marks})",
            [pipeline, fmt, *part]).fetchall()
        out.update((sha, bytes(data)) for sha, data in rows)
    return out


def have(store, pipeline: str, fmt: int, shas: Sequence[str]) -> set[str]:
    """Which of ``shas`` have a row for ``pipeline`` in format ``fmt`` (without reading the blobs)."""
    out: set[str] = set()
    shas = list(dict.fromkeys(shas))
    for i in range(0, len(shas), READ_CHUNK):
        part = shas[i:i + READ_CHUNK]
        marks = ", ".join("?" * len(part))
        rows = store.conn.execute(
            f"SELECT sha256 FROM {TABLE} WHERE pipeline = ? AND format = ? AND sha256 IN ({marks})",
            [pipeline, fmt, *part]).fetchall()
        out.update(sha for (sha,) in rows)
    return out


def get_one(store, pipeline: str, fmt: int, sha: str) -> bytes | None:
    row = store.conn.execute(f"SELECT data FROM {TABLE} WHERE sha256 = ? AND pipeline = ? AND format = ?",
                             (sha, pipeline, fmt)).fetchone()
    return bytes(row[0]) if row else None


def put_many(store, pipeline: str, fmt: int, items: Iterable[tuple[str, bytes]], chunk: int = WRITE_CHUNK) -> int:
    """Store ``(sha256, blob)`` pairs, ``chunk`` rows per transaction. Returns the number written."""
    written = 0
    batch: list[tuple] = []
    t = now()

    def flush():
        with store.transaction():
            store.conn.executemany(
                f"INSERT OR REPLACE INTO {TABLE} (sha256, pipeline, format, data, size, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", batch)

    for sha, blob in items:
        batch.append((sha, pipeline, fmt, blob, len(blob), t))
        if len(batch) >= chunk:
            flush()
            written += len(batch)
            batch = []
    if batch:
        flush()
        written += len(batch)
    return written


def prune(store, keep_pipeline: str | None, keep_shas: Iterable[str], chunk: int = 500) -> int:
    """Delete rows of other pipelines (when ``keep_pipeline`` is given) and of texts not in ``keep_shas``
    (documents deleted), in short transactions. Returns the number deleted."""
    keep = set(keep_shas)
    rows = store.conn.execute(f"SELECT sha256, pipeline FROM {TABLE}").fetchall()
    doomed = [(s, p) for s, p in rows if s not in keep or (keep_pipeline is not None and p != keep_pipeline)]
    for i in range(0, len(doomed), chunk):
        with store.transaction():
            store.conn.executemany(f"DELETE FROM {TABLE} WHERE sha256 = ? AND pipeline = ?", doomed[i:i + chunk])
    return len(doomed)


def clear(store) -> int:
    with store.transaction():
        return store.conn.execute(f"DELETE FROM {TABLE}").rowcount


def summary(store) -> dict[str, dict[str, int]]:
    """Per pipeline: ``{"documents": n, "bytes": total blob size}``."""
    rows = store.conn.execute(f"SELECT pipeline, COUNT(*), COALESCE(SUM(size), 0) FROM {TABLE} GROUP BY pipeline")
    return {p: {"documents": n, "bytes": b} for p, n, b in rows.fetchall()}
