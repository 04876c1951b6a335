"""Schema migrations for the project file: small ordered functions over sqlite-utils, recorded by name in the
``_migrations`` table and applied on open (the discipline of ``llm/migrations.py``). Never edit a released
step; add a new one. Plugins add their own steps through the ``register_migrations`` hook.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from ..ids import now

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]):
    MIGRATIONS.append(fn)
    return fn


def ensure_table(db: sqlite_utils.Database) -> None:
    if "_migrations" not in db.table_names():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name")


def applied(db: sqlite_utils.Database) -> set[str]:
    ensure_table(db)
    return {row["name"] for row in db["_migrations"].rows}


def apply_one(db: sqlite_utils.Database, name: str, fn: Callable[[sqlite_utils.Database], None]) -> None:
    """Apply one step and record it, in one transaction: a step that raises leaves no trace (SQLite DDL is
    transactional), so it runs again, whole, on the next open."""
    with db.atomic():
        fn(db)
        db["_migrations"].insert({"name": name, "applied_at": now()})


def migrate(
    db: sqlite_utils.Database,
    extra: list[tuple[str, Callable]] | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
) -> list[str]:
    """Apply the core steps, then ``extra`` (plugin) steps named ``plugin:step``, that are not recorded yet.
    Returns their names.

    A core step that fails raises. A plugin step that fails is rolled back and handed to ``on_error(name, exc)``
    (when given; otherwise it raises), and that plugin's later steps are skipped: the project opens without them.
    """
    done = applied(db)
    ran = []
    for fn in MIGRATIONS:
        if fn.__name__ not in done:
            apply_one(db, fn.__name__, fn)
            ran.append(fn.__name__)
    failed: set[str] = set()
    for name, fn in extra or []:
        owner = name.split(":", 1)[0]
        if name in done or owner in failed:
            continue
        try:
            apply_one(db, name, fn)
        except Exception as exc:
            if on_error is None:
                raise
            failed.add(owner)
            on_error(name, exc)
            continue
        ran.append(name)
    return ran


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db["project"].create({"key": str, "value": str}, pk="key")
    db["documents"].create(
        {
            "id": str,
            "title": str,
            "source": str,
            "published": str,
            "url": str,
            "language": str,
            "text": str,
            "raw": bytes,
            "encoding": str,
            "sha256": str,
            "imported_at": str,
            "meta": str,
        },
        pk="id",
        not_null={"text", "sha256"},
    )
    db["documents"].create_index(["sha256"], unique=True)
    db["annotations"].create(
        {
            "id": str,
            "document_id": str,
            "start": int,
            "end": int,
            "layer": str,
            "label": str,
            "attributes": str,
            "author": str,
            "origin": str,
            "status": str,
            "created_at": str,
            "modified_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "start", "end", "layer", "label", "status"},
    )
    db["annotations"].create_index(["document_id", "start"])
    db["annotations"].create_index(["layer", "label"])
    db["annotations"].create_index(["status"])
    db["links"].create(
        {
            "id": str,
            "layer": str,
            "label": str,
            "source_id": str,
            "target_id": str,
            "attributes": str,
            "author": str,
            "origin": str,
            "status": str,
            "created_at": str,
            "modified_at": str,
        },
        pk="id",
        foreign_keys=[("source_id", "annotations", "id"), ("target_id", "annotations", "id")],
        not_null={"source_id", "target_id", "layer", "label", "status"},
    )
    db["links"].create_index(["source_id"])
    db["links"].create_index(["target_id"])
    db["entities"].create(
        {
            "id": str,
            "canonical_name": str,
            "label": str,
            "qid": str,
            "aliases": str,
            "note": str,
            "attributes": str,
            "author": str,
            "origin": str,
            "status": str,
            "created_at": str,
            "modified_at": str,
        },
        pk="id",
        not_null={"canonical_name"},
    )
    db["settings"].create({"scope": str, "key": str, "value": str}, pk=("scope", "key"))
    db["oplog"].create(
        {
            "seq": int,
            "batch": str,
            "kind": str,
            "action": str,
            "object_id": str,
            "before": str,
            "after": str,
            "author": str,
            "at": str,
            "state": str,
        },
        pk="seq",
        not_null={"batch", "kind", "action", "object_id", "state"},
    )
    db["oplog"].create_index(["batch"])
    db["oplog"].create_index(["state", "seq"])


@migration
def m002_sessions_and_batches(db: sqlite_utils.Database) -> None:
    """Undo per author and session; long writes in chunks. ``sessions``: one row per process that wrote to the
    file (pid, host, when it opened and closed it). ``batches``: one row per step (author, session, state:
    pending → done ⇄ undone, or dropped; seq of its last log row). ``batches.state`` supersedes
    ``oplog.state``, which keeps the value it was written with."""
    db["sessions"].create({"id": str, "pid": int, "host": str, "opened_at": str, "closed_at": str}, pk="id")
    db["batches"].create(
        {"batch": str, "author": str, "session": str, "state": str, "seq": int, "at": str, "worker": str},
        pk="batch", not_null={"state"},
    )
    db.execute(
        "INSERT INTO batches(batch, author, session, state, seq, at) "
        "SELECT batch, max(author), NULL, max(state), max(seq), max(at) FROM oplog GROUP BY batch")
    db["batches"].create_index(["author", "state", "seq"])
    db["batches"].create_index(["state"])
