"""Copies of a project file for a team: a consistent copy through SQLite's own backup API (never a file copy of a
database that may be open), and the pruning that turns a copy into one annotator's assignment.

All SQL of team copies lives here; :mod:`annotator.services.teams` decides what to copy and prune.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from pathlib import Path

from . import database

# what a copy's annotations become: kept as they are, removed, or turned into suggestions to review
MODES = ("keep", "strip", "suggest")


def backup(store, path: Path) -> None:
    """Write a consistent copy of ``store``'s file to ``path`` (a new file) with SQLite's online backup: the copy
    is one snapshot even while others write, and no descriptor outside SQLite touches the original."""
    target = sqlite3.connect(str(path))
    try:
        store.conn.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()


def prune(store, *, documents: Collection[str] | None, mode: str) -> dict[str, int]:
    """Keep only ``documents`` (all when None); apply ``mode`` to annotations; drop the history (a copy starts
    its own). One transaction."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (one of {', '.join(MODES)})")
    c = store.conn
    out = {"documents_removed": 0, "annotations_removed": 0, "made_suggestions": 0}
    with store.transaction():
        if documents is not None:
            keep = list(documents)
            c.execute("CREATE TEMP TABLE IF NOT EXISTS _keep_docs(id TEXT PRIMARY KEY)")
            c.execute("DELETE FROM _keep_docs")
            c.executemany("INSERT OR IGNORE INTO _keep_docs(id) VALUES (?)", [(d,) for d in keep])
            gone = "SELECT id FROM annotations WHERE document_id NOT IN (SELECT id FROM _keep_docs)"
            c.execute(f"DELETE FROM links WHERE source_id IN ({gone}) OR target_id IN ({gone})")
            out["annotations_removed"] += c.execute(
                "DELETE FROM annotations WHERE document_id NOT IN (SELECT id FROM _keep_docs)").rowcount
            out["documents_removed"] = c.execute(
                "DELETE FROM documents WHERE id NOT IN (SELECT id FROM _keep_docs)").rowcount
            c.execute("DROP TABLE _keep_docs")
        if mode == "strip":
            c.execute("DELETE FROM links")
            out["annotations_removed"] += c.execute("DELETE FROM annotations").rowcount
        elif mode == "suggest":
            c.execute("DELETE FROM links WHERE status != 'accepted'")
            c.execute("DELETE FROM annotations WHERE status = 'rejected'")
            out["made_suggestions"] = c.execute(
                "UPDATE annotations SET status = 'suggested' WHERE status = 'accepted'").rowcount
            c.execute("UPDATE links SET status = 'suggested' WHERE status = 'accepted'")
        c.execute("DELETE FROM oplog")
        c.execute("DELETE FROM batches")  # the steps and sessions of the history go with it
        c.execute("DELETE FROM sessions WHERE id != ?", (database.SESSION,))
    return out
