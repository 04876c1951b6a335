"""The project file: SQLite pragmas, concurrent use by the window and the command line, stable ids, and
every edit committed in its own transaction with an operation-log row."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

import orjson
import pytest
from click.testing import CliRunner
from export_check import check_export
from support import open_project

from annotator import EditError
from annotator.ids import new_id
from annotator.store import NotAProject, Store


def fresh(path):
    """A plain second connection to the file, as another process would have."""
    return sqlite3.connect(path, timeout=5)


def test_pragmas(proj):
    conn = proj._store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_foreign_keys_are_enforced(proj, doc):
    from annotator import Annotation

    orphan = Annotation(new_id(), "no-such-document", 0, 3, "entity", "PERSON")
    with pytest.raises(sqlite3.IntegrityError):
        proj._store.apply([("annotation", "create", None, orphan)], author="x")
    assert proj.annotations() == []
    assert proj.history() == []
    with pytest.raises(EditError, match="no document"):
        proj.add_annotation("no-such-document", 0, 3, "entity", "PERSON")


def test_a_reader_and_a_command_line_export_work_while_the_window_writes(proj, doc, tmp_path):
    from annotator.cli import cli

    other = open_project(proj.path)
    out = tmp_path / "while-writing.json"
    with proj.batch():  # the window is in the middle of a write transaction
        proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
        t0 = time.perf_counter()
        assert other.annotations() == []  # readers see the last committed state at once
        assert [d.id for d in other.documents()] == [doc.id]
        result = CliRunner().invoke(cli, ["export", "-p", str(proj.path), "-o", str(out)])
        elapsed = time.perf_counter() - t0
        assert result.exit_code == 0, result.output
        assert elapsed < 4, "a reader waited for the writer"
        data = check_export(out)
        assert [d["id"] for d in data["documents"]] == [doc.id]
        assert data["annotations"] == []
    assert len(other.annotations()) == 1  # committed: visible to the other connection
    other.close()


def test_a_second_writer_waits_for_the_first_instead_of_failing(proj, doc):
    """Two writers (the window and a command) wait on the busy timeout rather than fail with 'locked'."""
    other = open_project(proj.path)
    started = threading.Event()

    def hold_own():
        s = Store(proj.path)
        with s.transaction():
            s.conn.execute("INSERT INTO settings(scope, key, value) VALUES ('t', 'k', '1')")
            started.set()
            time.sleep(0.4)
        s.close()

    worker = threading.Thread(target=hold_own)
    worker.start()
    started.wait(5)
    t0 = time.perf_counter()
    other.add_annotation(doc.id, 0, 10, "entity", "PERSON")  # blocks on the busy timeout, then commits
    waited = time.perf_counter() - t0
    worker.join()
    assert waited > 0.2
    assert len(other.annotations()) == 1
    other.close()


def test_every_edit_is_committed_at_once_with_an_oplog_row(proj, doc):
    ann = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    conn = fresh(proj.path)  # another connection sees it: it is committed
    assert conn.execute("SELECT id FROM annotations").fetchall() == [(ann.id,)]
    rows = conn.execute("SELECT kind, action, object_id, before, after, author, at, state FROM oplog").fetchall()
    assert len(rows) == 1
    kind, action, object_id, before, after, author, at, state = rows[0]
    assert (kind, action, object_id, before, author, state) == ("annotation", "create", ann.id, None, "tester", "done")
    assert orjson.loads(after)["label"] == "PERSON"
    assert at.endswith("Z") and at[:4].isdigit()

    proj.update_annotation(ann.id, label="ORG")
    proj.delete_annotation(ann.id)
    rows = conn.execute("SELECT action, before, after FROM oplog ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == ["create", "update", "delete"]
    update_before, update_after = orjson.loads(rows[1][1]), orjson.loads(rows[1][2])
    assert (update_before["label"], update_after["label"]) == ("PERSON", "ORG")
    assert orjson.loads(rows[2][1])["label"] == "ORG" and rows[2][2] is None
    assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    conn.close()


def test_a_crash_loses_at_most_the_edit_in_flight(proj, doc, tmp_path):
    proj.close()
    script = f"""
import os, sys
sys.path.insert(0, {str(tmp_path.parent)!r})
sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r})
from support import open_project
p = open_project(__import__('pathlib').Path({str(proj.path)!r}))
for i in range(3):
    p.add_annotation({doc.id!r}, i, i + 5, "entity", "PERSON")
with p.batch():
    p.add_annotation({doc.id!r}, 20, 30, "entity", "ORG")
    os._exit(9)  # killed mid-transaction
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    again = open_project(proj.path)
    assert [a.label for a in again.annotations()] == ["PERSON"] * 3
    assert len(again.history()) == 3
    again.close()


def test_ids_are_ulids_sortable_and_unique():
    ids = [new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)  # monotonic even within one millisecond
    alphabet = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert all(len(i) == 26 and set(i) <= alphabet for i in ids)


def test_ulid_digits_are_the_value_in_crockford_base32():
    from annotator.ids import _ALPHABET, ulid_text

    for value in (0, 1, 31, 32, 1023, 1024, (1 << 80) - 1, (1 << 128) - 1, 0x0123456789ABCDEF0123456789ABCDEF):
        digits = ulid_text(value)
        assert len(digits) == 26 and sum(_ALPHABET.index(c) << (5 * k) for k, c in enumerate(reversed(digits))) \
            == value


def test_ids_are_stable_across_reopening(proj, doc):
    ann = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    pid = proj.id
    proj.close()
    again = open_project(proj.path)
    assert again.id == pid
    assert again.document(doc.id).text == doc.text
    assert again.annotation(ann.id) == ann
    again.close()


def test_not_a_project(tmp_path):
    text = tmp_path / "notes.annotator"
    text.write_text("just some notes\n" * 10)
    with pytest.raises(NotAProject, match="not an SQLite file"):
        Store(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAProject, match="not an Annotator project"):
        Store(other)
    damaged = tmp_path / "damaged.annotator"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(NotAProject):
        Store(damaged)


def test_edits_through_another_connection_are_noticed_by_polling(proj, doc):
    """The window's view of the file stays current when a worker thread or the command line writes to it."""
    heard = []
    unsubscribe = proj.subscribe_outside(lambda: heard.append(len(proj.annotations())))
    assert proj.poll_outside_changes() is False
    proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")  # our own edit is not "outside"
    assert proj.poll_outside_changes() is False and heard == []

    other = proj.reopen()
    try:
        other.add_annotation(doc.id, 11, 15, "entity", "PERSON")
    finally:
        other.close()
    assert proj.poll_outside_changes() is True
    assert heard == [2]  # the listener already sees the other connection's annotation
    assert proj.poll_outside_changes() is False  # once per change

    unsubscribe()
    runner = CliRunner()
    from annotator.cli import cli

    result = runner.invoke(cli, ["undo", "-p", str(proj.path), "--author", "tester"])
    assert result.exit_code == 0, result.output
    assert proj.poll_outside_changes() is True and heard == [2]
    assert len(proj.annotations()) == 1


def test_a_new_project_file_has_8_kib_pages(proj):
    assert proj._store.conn.execute("PRAGMA page_size").fetchone()[0] == 8192


def test_a_project_file_with_4_kib_pages_keeps_them_and_imports_into_them(tmp_path):
    """A file made before new files had 8 KiB pages opens, takes articles and keeps its page size."""
    path = tmp_path / "old.annotator"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("VACUUM")  # (writes the empty file with that page size)
    conn.close()
    import sqlite_utils

    from annotator.store import migrations
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    migrations.migrate(db)
    db.conn.close()
    assert sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0] == 4096
    article = tmp_path / "a.txt"
    article.write_text("Police said the fire began on Sunday night.\n" * 200, encoding="utf-8")
    proj = open_project(path)
    try:
        report = proj.import_paths([article])
        assert len(report.imported) == 1, report
        assert proj._store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert proj._store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert proj.document(report.imported[0]["document_id"]).text.startswith("Police said")
    finally:
        proj.close()
    proj = open_project(path)
    try:
        assert len(proj.documents()) == 1
    finally:
        proj.close()
