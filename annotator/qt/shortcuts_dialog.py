"""Help > Keyboard shortcuts (F1): every key of this window with what it does and where it works (the text panes,
anywhere in the window, or one panel's table), the installed plugins' keys included, and the key conflicts."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from .key_actions import CORE_TITLES
from .plugin_ui import plain_key
from .shortcut_audit import window_shortcuts

WINDOW_ROWS = [("Ctrl+Z", "Undo"), ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
               ("Ctrl+F", "Find in the focused pane (in the corpus list: its filter)"),
               ("Ctrl+Shift+F", "Find in the corpus"), ("Ctrl+D", "Compare the two selected documents"),
               ("Ctrl+I", "Import"), ("Ctrl+E", "Export"), ("Ctrl+Shift+S", "Suggest for this document"),
               ("Ctrl+L", "Show / hide the label names on the text"), ("F9", "Show / hide the side panels")]


def rows(window) -> list[tuple[str, str, str]]:
    """(key, action, where) for every shortcut of the window."""
    out = [(k, t, "anywhere") for k, t in WINDOW_ROWS]
    for b in window.keys.keymap.bindings.values():
        where = "text" if plain_key(b.key) else "anywhere"
        if b.kind == "label":
            out.append((b.key, f"Label the selection {b.payload[1]} ({b.payload[0]})", where))
        elif b.kind == "core":
            out.append((b.key, CORE_TITLES[b.payload], where))
        elif b.kind == "command":
            cmd = window.project.commands().get(b.payload)
            out.append((b.key, cmd.title if cmd else b.payload, where))
        elif b.kind == "panel":
            panel = next((p for p in window.project.panels() if p.id == b.payload), None)
            out.append((b.key, f"Bring the {panel.title if panel else b.payload} panel to the front", where))
        else:
            out.append((b.key, f"{b.kind} {b.payload}", where))
    # keys that belong to one table or list of a panel (the Entities table's C, R, M...)
    for s in window_shortcuts(window):
        if s.widget is not None and not any(s.widget is p for p in window.text_panes) and s.scope != "window":
            name = s.widget.objectName() or type(s.widget).__name__
            if name.startswith(("find", "qt_")) or "QLineEdit" in name:
                continue
            out.append((s.key, s.what.replace("shortcut on ", "").replace(":", ": "), name))
    return out


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(640, 560)
        self.rows = rows(window)
        table = QTableWidget(len(self.rows), 3)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels(["Key", "Action", "Where"])
        table.verticalHeader().hide()
        for r, values in enumerate(self.rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(2)
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(1, table.horizontalHeader().ResizeMode.Stretch)
        self.table = table
        lay = QVBoxLayout(self)
        note = QLabel("“text” keys work while the reader or a compare pane has the focus. Selections snap to whole "
                      "words; hold Alt while selecting (or pressing the label key) for an exact selection.")
        note.setWordWrap(True)
        lay.addWidget(note)
        lay.addWidget(table)
        conflicts = window.keys.keymap.conflicts
        if conflicts:
            c = QLabel("Conflicts: " + html.escape("; ".join(conflicts)))
            c.setWordWrap(True)
            lay.addWidget(c)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
