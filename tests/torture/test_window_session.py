"""The window (offscreen, scripted: annotate, review, undo/redo, dock toggles, its own Suggest on a worker)
and other processes on one file at once: a colleague writing, an export loop. The window quits with exit
status 0, no error reached the person, every one of its edits is in the file, every export is
self-consistent, and SQLite finds the file sound. ``benchmarks/torture.py --quit-session 600`` runs the
ten-minute version."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from torture_support import HERE, check_export, check_file, stored_ids


def session(shared, role, tmp_path, seconds: int) -> dict:
    import os

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
               QT_QPA_PLATFORM="offscreen")
    colleague = role("write", shared, 0, "colleague", "no")
    exports = role("export-loop", shared, tmp_path, seconds)
    window = subprocess.run([sys.executable, str(HERE / "gui_session.py"), str(shared), str(seconds)],
                            capture_output=True, text=True, env=env, timeout=seconds + 300)
    colleague.kill()
    files, _ = exports.finish()
    lines = window.stdout.strip().splitlines()
    figures = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    assert figures.get("errors") == [] and figures.get("locked_messages") == [], (figures.get("errors"),
                                                                                   window.stderr[-3000:])
    assert window.returncode == 0 and figures["exit"] == 0, window.stderr[-3000:]
    assert set(figures["expected"]) <= stored_ids(shared)  # nothing the window did is lost
    for f in files:
        check_export(f["export"])
    assert check_file(shared) == "ok"
    figures["exports"] = len(files)
    return figures


def test_a_short_window_session_beside_other_processes(shared, role, tmp_path):
    figures = session(shared, role, tmp_path, 8)
    assert figures["annotated"] > 0 and figures["exports"] > 0


@pytest.mark.slow
def test_a_ten_minute_window_session_quits_cleanly(shared, role, tmp_path):
    figures = session(shared, role, tmp_path, 600)
    assert figures["toggles"] > 1000
