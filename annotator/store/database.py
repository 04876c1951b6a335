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
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from ..ids import new_id, now
from ..model import Annotation, Change, Document, Entity, Link, from_dict
from . import migrations
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


class NotAProject(Exception):
    """The file is not an Annotator project (not SQLite, or another application's database)."""


def _q(cols: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


_ANN_SELECT = f"SELECT {_q(ANNOTATION_COLUMNS)} FROM annotations"
_LINK_SELECT = f"SELECT {_q(LINK_COLUMNS)} FROM links"
_ENT_SELECT = f"SELECT {_q(ENTITY_COLUMNS)} FROM entities"
_DOC_COLS_NO_RAW = tuple(c if c != "raw" else "NULL" for c in DOCUMENT_COLUMNS)
_DOC_SELECT = "SELECT " + ", ".join(c if c == "NULL" else f'"{c}"' for c in _DOC_COLS_NO_RAW) + " FROM documents"


class Store:
    """Storage of one project file. Not thread-safe: open one Store per thread (WAL lets them share)."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(f"no project file at {self.path}")
        if self.path.exists() and self.path.stat().st_size > 0:
            with open(self.path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise NotAProject(f"{self.path} is not an Annotator project (not an SQLite file)")
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        # no sqlite-utils plugins: loading them scans every installed distribution on each open
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.conn = conn
        self.closed = False
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            tables = set(self.db.table_names())
        except sqlite3.DatabaseError as exc:  # a damaged file: say so rather than fail later
            conn.close()
            raise NotAProject(f"{self.path} is damaged or not an Annotator project ({exc})") from None
        if tables and "_migrations" not in tables:
            conn.close()
            raise NotAProject(f"{self.path} is an SQLite database but not an Annotator project")
        self._depth = 0

    # ------------------------------------------------------------------------------------- lifecycle

    def migrate(self, extra: list[tuple[str, Any]] | None = None, on_error=None) -> list[str]:
        """Apply pending migrations (core, then ``extra`` plugin steps); see :func:`migrations.migrate`."""
        return migrations.migrate(self.db, extra, on_error)

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection (another thread's or process's)
        commits to the file; this connection's own commits leave it alone."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()
        self.closed = True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (BEGIN IMMEDIATE, so concurrent writers wait rather than fail); nested calls
        join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self._depth = 0
            self.conn.execute("COMMIT")

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
        self.conn.execute(f"INSERT INTO documents ({_q(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(row))})", row)
        self._touch()

    def insert_documents(self, docs: Iterable[Document]) -> None:
        rows = (
            (d.id, d.title, d.source, d.published, d.url, d.language, d.text, d.raw, d.encoding, d.sha256,
             d.imported_at, dumps(d.meta or {}))
            for d in docs
        )
        self.conn.executemany(
            f"INSERT INTO documents ({_q(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})", rows
        )
        self._touch()

    def document(self, doc_id: str, *, with_raw: bool = False) -> Document | None:
        if with_raw:
            row = self.conn.execute(f"SELECT {_q(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        else:
            row = self.conn.execute(f"{_DOC_SELECT} WHERE id = ?", (doc_id,)).fetchone()
        return document_from_row(row, with_raw) if row else None

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
                    "UPDATE oplog SET state = 'dropped' WHERE state != 'dropped' AND batch IN "
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
        """Apply edits ``(kind, action, before, after)`` in one transaction, each logged under one batch.

        ``kind`` is annotation/link/entity; ``action`` create/update/delete. Returns the :class:`Change` list.
        With ``log=False`` (dataset import) nothing is written to the operation log: not undoable.
        """
        batch = batch or new_id()
        at = now()
        out = []
        with self.transaction():
            if log and changes:
                self.conn.execute("UPDATE oplog SET state = 'dropped' WHERE state = 'undone'")
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
            if changes:
                self._touch(at)
            if log:
                self.conn.executemany(
                    "INSERT INTO oplog(batch, kind, action, object_id, before, after, author, at, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'done')",
                    [
                        (batch, kind, action, (after or before).id, obj_to_json(before), obj_to_json(after), author,
                         at)
                        for kind, action, before, after in changes
                    ],
                )
        for kind, action, before, after in changes:
            out.append(Change(kind, action, before, after, author, batch))
        return out

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
        """Bulk insert without the operation log (dataset import, benchmarks); skips existing ids."""
        table, cols = TABLE_OF[kind], COLUMNS_OF[kind]
        cur = self.conn.executemany(
            f"INSERT OR IGNORE INTO {table} ({_q(cols)}) VALUES ({', '.join('?' * len(cols))})",
            (to_row(kind, o) for o in objs),
        )
        if cur.rowcount:
            self._touch()
        return cur.rowcount

    def existing_ids(self, kind: str, ids: Sequence[str]) -> set[str]:
        table = TABLE_OF[kind] if kind in TABLE_OF else "documents"
        out: set[str] = set()
        for chunk in _chunks(list(ids), 500):
            out.update(r[0] for r in self.conn.execute(
                f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    # ------------------------------------------------------------------------------------- undo / redo

    def can_undo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM oplog WHERE state = 'done' LIMIT 1").fetchone() is not None

    def can_redo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM oplog WHERE state = 'undone' LIMIT 1").fetchone() is not None

    def _batch_ops(self, batch: str) -> list[tuple]:
        return self.conn.execute(
            "SELECT seq, kind, action, before, after FROM oplog WHERE batch = ? ORDER BY seq", (batch,)
        ).fetchall()

    def undo(self, *, author: str) -> list[Change]:
        """Revert the latest batch still done. Returns its inverse changes (empty when nothing to undo)."""
        with self.transaction():
            row = self.conn.execute("SELECT batch FROM oplog WHERE state = 'done' ORDER BY seq DESC LIMIT 1").fetchone()
            if not row:
                return []
            batch = row[0]
            changes = []
            for _seq, kind, action, before_json, after_json in reversed(self._batch_ops(batch)):
                before = from_dict(kind, loads(before_json)) if before_json else None
                after = from_dict(kind, loads(after_json)) if after_json else None
                inverse = {"create": "delete", "delete": "create", "update": "update"}[action]
                self._replay(kind, inverse, after, before)
                changes.append(Change(kind, inverse, after, before, author, batch, "undo"))
            self.conn.execute("UPDATE oplog SET state = 'undone' WHERE batch = ?", (batch,))
            self._touch()
        return changes

    def redo(self, *, author: str) -> list[Change]:
        """Re-apply the most recently undone batch. Returns its changes (empty when nothing to redo)."""
        with self.transaction():
            row = self.conn.execute("SELECT batch FROM oplog WHERE state = 'undone' ORDER BY seq LIMIT 1").fetchone()
            if not row:
                return []
            batch = row[0]
            changes = []
            for _seq, kind, action, before_json, after_json in self._batch_ops(batch):
                before = from_dict(kind, loads(before_json)) if before_json else None
                after = from_dict(kind, loads(after_json)) if after_json else None
                self._replay(kind, action, before, after)
                changes.append(Change(kind, action, before, after, author, batch, "redo"))
            self.conn.execute("UPDATE oplog SET state = 'done' WHERE batch = ?", (batch,))
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
            "SELECT seq, batch, kind, action, object_id, author, at, state FROM oplog ORDER BY seq DESC LIMIT ?",
            (limit,))]

    # ------------------------------------------------------------------------------------- helpers

    def get(self, kind: str, obj_id: str):
        table, cols = TABLE_OF[kind], COLUMNS_OF[kind]
        row = self.conn.execute(f"SELECT {_q(cols)} FROM {table} WHERE id = ?", (obj_id,)).fetchone()
        return FROM_ROW[kind](row) if row else None


def sha256_of(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
