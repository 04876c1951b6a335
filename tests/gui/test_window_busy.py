"""The window's edits while another program holds the project file: the key press waits, the status bar shows
"Saving…" meanwhile, and the annotation is stored once the file is free (never "database is locked")."""

from __future__ import annotations

import sqlite3
import threading

from PySide6.QtCore import Qt
from test_window_annotate import select_text, stored

from annotator.store import database


def test_a_label_key_while_the_file_is_busy_waits_shows_saving_and_stores(window, gui_project, qtbot, monkeypatch):
    monkeypatch.setattr(database, "SAVING_AFTER", 0.1)
    pane = window.reader.pane
    pane.setFocus()
    select_text(pane, "Putin")
    blocker = sqlite3.connect(str(gui_project.path), isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another program's long write
    shown: list[str] = []
    unlisten = gui_project.subscribe_busy(lambda waiting: shown.append(window.status.saved.text()))
    threading.Timer(0.8, lambda: blocker.execute("COMMIT")).start()
    try:
        qtbot.keyClick(pane, Qt.Key_1)
    finally:
        unlisten()
    assert shown == ["⏳ Saving…", "✓ Saved " + shown[1].split()[-1]]  # visible while waiting, then saved
    assert len(stored(gui_project.path)) == 1
    blocker.close()
