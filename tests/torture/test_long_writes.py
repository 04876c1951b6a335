"""Long writes (a suggestion run, a large import) commit in bounded chunks: the window's edits meanwhile
never fail with "database is locked"; the run is still one undo step, and all or nothing."""

from __future__ import annotations

import subprocess
import sys

from torture_support import check_file, open_project, stored_ids

from annotator.store import database


def test_edits_during_a_long_suggestion_run_never_fail(shared, role):
    window = open_project(shared, author="window-user")
    doc = window.documents()[0].id
    waits: list[bool] = []
    unlisten = window.subscribe_busy(waits.append)
    long = role("long", shared, 6000)
    assert long.line() == {"started": True}
    made = []
    while long.proc.poll() is None:
        made.append(window.add_annotation(doc, len(made) % 500, len(made) % 500 + 2, "entity", "ORG").id)
    records, _ = long.finish()
    unlisten()
    assert records[-1]["done"] == 6000
    assert set(made) <= stored_ids(shared) and len(made) > 5
    assert waits.count(True) == waits.count(False)  # any "Saving…" shown was cleared (how long: benchmarks/)
    assert len([a for a in window.annotations() if a.origin == "long"]) == 6000
    window.close()
    # the 6,000 rows, written in chunks, are one step of their author
    result = subprocess.run([sys.executable, "-m", "annotator", "undo", "-p", str(shared), "--author", "tester"],
                            capture_output=True, text=True, timeout=300)
    assert "undid: 6000 × annotation create" in result.stdout, result.stderr
    assert set(made) <= stored_ids(shared) and len(stored_ids(shared)) == len(made)
    assert check_file(shared) == "ok"


def test_a_long_write_that_fails_at_its_last_row_leaves_nothing(shared, role):
    before = stored_ids(shared)
    records, _ = role("long", shared, 5000, "tester", "fail").finish()
    assert "FOREIGN KEY" in records[-1]["failed"]
    assert stored_ids(shared) == before
    with open_project(shared) as p:
        assert not p.can_undo()
        assert p._store.conn.execute("SELECT count(*) FROM batches WHERE state != 'done'").fetchone()[0] == 0


def test_a_write_waiting_for_a_busy_file_retries_and_says_so(shared):
    """Another program holds the write lock past SQLite's busy timeout: the edit waits (telling the window,
    which shows "Saving…") and goes through once the lock is released."""
    import sqlite3
    import threading

    p = open_project(shared)
    doc = p.documents()[0].id
    blocker = sqlite3.connect(str(shared), isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    old = database.BUSY_TIMEOUT_MS
    p._store.conn.execute("PRAGMA busy_timeout = 100")
    waits: list[bool] = []
    unlisten = p.subscribe_busy(waits.append)
    threading.Timer(0.6, lambda: blocker.execute("COMMIT")).start()
    try:
        a = p.add_annotation(doc, 0, 3, "entity", "PERSON")
    finally:
        unlisten()
        p._store.conn.execute(f"PRAGMA busy_timeout = {old}")
    assert waits == [True, False]
    assert a.id in stored_ids(shared)
    blocker.close()
    p.close()
