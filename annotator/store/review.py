"""Bulk review in the store: accepting or rejecting every suggestion of a layer, label, document or project
as one undo step, stored compactly.

A review step is ONE operation-log row (``kind='annotation'``, ``action='review'``) whose ``before`` holds the
reviewed ids grouped by the (status, author, modified_at) they had, and whose ``after`` holds the status, author
and time the step gave them all. The rows are changed by set-based ``UPDATE``s over the ids (through
``json_each``) in bounded transactions, like every long write (:meth:`Store._in_chunks`): the step is
*pending* until its last chunk, rolled back if it fails, also by the next opener if the process dies.
Undo/redo first check that every id still holds what the step left (else :class:`UndoConflict`, nothing
changed), then run the inverse ``UPDATE``s the same way. 200,000 suggestions are a few MB of log, not 200,000
rows of full before/after JSON.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import orjson

from ..ids import new_id, now
from ..model import Change

#: the most ids one set-based UPDATE chunk touches (the chunk loop still adapts to the lock-time budget)
REVIEW_CHUNK = 20000
_ACTION = "review"


def _ids_sql(column: str = "id") -> str:
    return f"{column} IN (SELECT value FROM json_each(?))"


class ReviewMixin:
    """The review methods of :class:`~annotator.store.database.Store` (kept apart: one job per module)."""

    def review(self, status: str, *, author: str, layer: str | None = None, label: str | None = None,
               document_id: str | None = None, from_status: str = "suggested") -> tuple[str | None, int]:
        """Give every annotation in ``from_status`` matching the filters ``status`` (author and time set to
        this step's), as one undo step with one log row. Returns (batch, number changed); (None, 0) when
        nothing matched."""
        where, params = ["status = ?"], [from_status]
        for col, value in (("layer", layer), ("label", label), ("document_id", document_id)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        with self.snapshot():
            rows = self.conn.execute(
                f"SELECT author, modified_at, id FROM annotations WHERE {' AND '.join(where)}", params).fetchall()
        if not rows:
            return None, 0
        groups: dict[tuple[str, str], list[str]] = {}
        for a, m, i in rows:
            groups.setdefault((a, m), []).append(i)
        before = {"status": from_status, "groups": [[a, m, ids] for (a, m), ids in groups.items()]}
        batch, at = new_id(), now()
        after = {"status": status, "author": author, "modified_at": at,
                 "filters": {"layer": layer, "label": label, "document_id": document_id}}
        with self.transaction():
            self._drop_redo(author)
            self.conn.execute(
                "INSERT INTO oplog(batch, kind, action, object_id, before, after, author, at, state) "
                "VALUES (?, 'annotation', ?, '', ?, ?, ?, ?, 'done')",
                (batch, _ACTION, orjson.dumps(before).decode(), orjson.dumps(after).decode(), author, at))
            self.conn.execute("INSERT INTO batches(batch, author, session, state, at, worker) "
                              "VALUES (?, ?, ?, 'pending', ?, ?)", (batch, author, self._session(), at,
                                                                     self._session()))
        try:
            self._review_write(before, after, "do")
            with self.transaction():
                self._touch(at)
                self._record_batch(batch, author, at, "done")
        except BaseException:
            with contextlib.suppress(Exception):
                self._rollback_batch(batch)
            raise
        return batch, len(rows)

    # ------------------------------------------------------------------------------------- helpers

    @staticmethod
    def _session() -> str:
        from .database import SESSION

        return SESSION

    def _review_op(self, batch: str) -> tuple[dict, dict] | None:
        row = self.conn.execute("SELECT before, after FROM oplog WHERE batch = ? AND action = ? LIMIT 1",
                                (batch, _ACTION)).fetchone()
        return (orjson.loads(row[0]), orjson.loads(row[1])) if row else None

    def _review_write(self, before: dict, after: dict, direction: str) -> None:
        """The set-based UPDATEs of a review step: ``do``/``redo`` give every id the step's values, ``undo``
        gives each group back what it had. In bounded transactions; idempotent (a rerun after a crash is
        harmless)."""
        pieces: list[tuple[tuple[str, str, str], list[str]]] = []
        for a, m, ids in before["groups"]:
            values = (after["status"], after["author"], after["modified_at"]) if direction != "undo" \
                else (before["status"], a, m)
            for k in range(0, len(ids), REVIEW_CHUNK):
                pieces.append((values, ids[k:k + REVIEW_CHUNK]))
        self._in_set_chunks(pieces, lambda values, ids: self.conn.execute(
            f"UPDATE annotations SET status = ?, author = ?, modified_at = ? WHERE {_ids_sql()}",
            (*values, orjson.dumps(ids).decode())))

    def _in_set_chunks(self, pieces: list, fn) -> None:
        """``fn(values, ids)`` over ``pieces`` in write transactions of about CHUNK_SECONDS each (the chunk
        adapts like :meth:`Store._in_chunks`), with a gap after each."""
        from . import database as db

        rows, n = 2000, 0
        queue = list(reversed(pieces))
        # as in Store._in_chunks: the chunks are not synced one by one (the step's last, synced transaction
        # covers them) and checkpoints run between chunks, never inside one
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            while queue:
                values, ids = queue.pop()
                if len(ids) > rows:
                    queue.append((values, ids[rows:]))
                    ids = ids[:rows]
                t0 = time.perf_counter()
                with self.transaction():
                    fn(values, ids)
                took = time.perf_counter() - t0
                rows = max(50, min(REVIEW_CHUNK, int(len(ids) * db.CHUNK_SECONDS / took) if took > 0
                                   else REVIEW_CHUNK))
                n += 1
                if n % db.CHECKPOINT_EVERY == 0:
                    with contextlib.suppress(db.sqlite3.Error):
                        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                if queue:
                    time.sleep(db.CHUNK_PAUSE)
        finally:
            self.conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            self.conn.execute("PRAGMA wal_autocheckpoint = 1000")
            with contextlib.suppress(db.sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _review_conflict(self, before: dict, after: dict, direction: str) -> str | None:
        """The first id that no longer holds what the step left (None: all do), checked set-wise."""
        for a, m, ids in before["groups"]:
            if direction == "undo":
                expect = (after["status"], after["author"], after["modified_at"])
            else:
                expect = (before["status"], a, m)
            for k in range(0, len(ids), REVIEW_CHUNK):
                chunk = orjson.dumps(ids[k:k + REVIEW_CHUNK]).decode()
                row = self.conn.execute(
                    "SELECT j.value, a.author FROM json_each(?) j LEFT JOIN annotations a ON a.id = j.value "
                    "WHERE a.id IS NULL OR a.status IS NOT ? OR a.author IS NOT ? OR a.modified_at IS NOT ? "
                    "LIMIT 1", (chunk, *expect)).fetchone()
                if row is not None:
                    state = "deleted" if row[1] is None else f"changed by {row[1] or 'someone else'}"
                    return (f"cannot {direction}: annotation {row[0]} has been {state} since; that step was left "
                            f"as it is and removed from your {direction} history")
        return None

    def _step_review(self, batch: str, direction: str, *, author: str) -> list[Change]:
        """Undo or redo a review step: checked in one snapshot, then the UPDATEs in chunks."""
        from .database import UndoConflict

        before, after = self._review_op(batch)
        with self.snapshot():
            message = self._review_conflict(before, after, direction)
        with self.transaction():
            if message:
                self._set_state(batch, "dropped")
            else:
                self._set_state(batch, "undoing" if direction == "undo" else "redoing", worker=self._session())
        if message:
            raise UndoConflict(message)
        self._review_write(before, after, direction)
        with self.transaction():
            self._set_state(batch, "undone" if direction == "undo" else "done")
            self._touch()
        return [review_change(before, after, author, batch, direction)]

    def _recover_review(self, batch: str, state: str) -> bool:
        """Finish (undoing/redoing) or roll back (pending/rolling-back) a review step of a dead session.
        False when ``batch`` is not a review step."""
        op = self._review_op(batch)
        if op is None:
            return False
        before, after = op
        if state in ("pending", "rolling-back"):
            self._review_write(before, after, "undo")
            with self.transaction():
                self.conn.execute("DELETE FROM oplog WHERE batch = ?", (batch,))
                self.conn.execute("DELETE FROM batches WHERE batch = ?", (batch,))
                self._touch()
        else:
            direction = "undo" if state == "undoing" else "redo"
            self._review_write(before, after, direction)
            with self.transaction():
                self._set_state(batch, "undone" if direction == "undo" else "done")
                self._touch()
        return True


def review_change(before: dict[str, Any], after: dict[str, Any], author: str, batch: str,
                  replay: str | None = None) -> Change:
    """The one :class:`Change` a review step reports: ``action='review'``, ``before``/``after`` the
    statuses, ``ids`` in ``after['ids']``, the step's filters (``layer``, ``label``, ``document_id``) beside
    them (listeners refresh what they show; per-object hooks are not called
    200,000 times)."""
    ids = [i for _a, _m, group in before["groups"] for i in group]
    old, new = before["status"], after["status"]
    if replay == "undo":
        old, new = new, old
    filters = after.get("filters") or {}
    return Change("annotation", "review", {"status": old, "ids": ids, **filters},
                  {"status": new, "ids": ids, **filters}, author, batch, replay)
