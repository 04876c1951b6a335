"""One project file, several processes: the window (two connections: its own and a worker's), a command that
reads and closes, writers killed with SIGKILL. Nothing committed is lost and SQLite finds the file sound.

The first test is the issue's failure reproduced: a Python ``open()``/``close()`` of the project file (the
old header check, run again when the worker's connection opened) dropped every POSIX lock SQLite held on
the file for the whole process; the next command to close took itself for the last user and deleted the
WAL under the window, which then wrote its edits into a deleted file.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from torture_support import check_file, lost_edits, open_project, stored_ids


def test_window_and_worker_survive_a_command_that_opens_reads_and_closes(shared, role):
    a = role("hold", shared)
    assert a.line() == {"ready": True}  # A: the file open twice, both connections have read
    role("read", shared).finish()  # B: `annotator stats` opens, reads, closes
    a.send()
    first = a.line()["made"]
    assert set(first) <= stored_ids(shared)  # another process sees A's edits (they are not in a deleted WAL)
    c, _ = role("write", shared, 30).finish()  # C: a command that writes meanwhile
    a.send()
    second = a.line()["made"]
    a.finish()
    assert check_file(shared) == "ok"
    present = stored_ids(shared)
    deleted = {r["id"] for r in c if r["op"] == "delete"}  # C deletes some annotations, maybe A's
    assert (set(first) | set(second)) - deleted <= present  # every edit of A is in the file...
    assert {r["id"] for r in c if r["op"] == "add"} - deleted <= present  # ...and every edit of C
    with open_project(shared) as p:
        rejected = {x.id for x in p.annotations() if x.status == "rejected"}
        assert rejected == {i for n, i in enumerate(first + second) if n % 5 == 4} - deleted


def kill_trials(shared, role, trials: int) -> dict:
    """Writers killed with SIGKILL at random moments; after each, every acknowledged edit is in the file
    and integrity_check is ok. Returns the figures."""
    import random

    rng = random.Random(7)
    lost = failures = acknowledged = 0
    for _ in range(trials):
        w = role("write", shared)
        assert w.line()["op"] == "ready"
        time.sleep(rng.uniform(0.05, 0.5))
        records = [r for r in w.kill() if r["op"] != "ready"]
        acknowledged += len(records)
        lost += lost_edits(shared, records)
        if check_file(shared) != "ok":
            failures += 1
    return {"trials": trials, "acknowledged": acknowledged, "lost": lost, "integrity_failures": failures}


def test_writers_killed_mid_edit_lose_nothing_they_acknowledged(shared, role):
    figures = kill_trials(shared, role, 3)
    assert figures["acknowledged"] > 0
    assert figures["lost"] == 0 and figures["integrity_failures"] == 0, figures


@pytest.mark.slow
def test_a_hundred_kills(shared, role):
    figures = kill_trials(shared, role, 100)
    assert figures["lost"] == 0 and figures["integrity_failures"] == 0, figures


def test_a_long_write_killed_half_way_is_rolled_back_by_the_next_opener(shared, role):
    before = stored_ids(shared)
    long = role("long", shared, 60000)
    assert long.line() == {"started": True}
    deadline = time.monotonic() + 30
    while len(stored_ids(shared)) - len(before) < 3000 and time.monotonic() < deadline:
        time.sleep(0.02)  # some chunks are in
    os.kill(long.proc.pid, signal.SIGKILL)
    long.proc.communicate()
    assert len(stored_ids(shared)) > len(before)  # half a run is in the file...
    with open_project(shared) as p:  # ...until the next opener, who rolls it back
        assert {a.id for a in p.annotations()} == before
        assert not p.can_undo()
    assert check_file(shared) == "ok"
