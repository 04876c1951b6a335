"""Ctrl+F inside one text view: a find bar with match count, Enter/Shift+Enter for next/previous, Esc to close.

Matching is case-insensitive on the stored text (code points); the pane converts for display.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .text_pane import TextPane


def find_all(text: str, needle: str) -> list[int]:
    """Code-point offsets of case-insensitive matches of ``needle`` in ``text``."""
    if not needle:
        return []
    hay, n = text.lower(), needle.lower()
    if len(hay) != len(text):  # lower() changed the length (rare): search exact-case instead
        hay, n = text, needle
    out, pos = [], hay.find(n)
    while pos != -1:
        out.append(pos)
        pos = hay.find(n, pos + 1)
    return out


class FindBar(QWidget):
    def __init__(self, pane: TextPane, parent=None):
        super().__init__(parent)
        self.pane = pane
        self.hits: list[int] = []
        self.current = -1
        self.origin = 0  # where the search starts while typing: the cursor when the bar opened
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(QLabel("Find:"))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("text in this document")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._search)
        self.edit.returnPressed.connect(self.next)
        lay.addWidget(self.edit, 1)
        self.count = QLabel("")
        self.count.setMinimumWidth(90)
        lay.addWidget(self.count)
        for text, tip, slot in (("▲", "Previous match (Shift+Enter)", self.previous),
                                ("▼", "Next match (Enter)", self.next), ("✕", "Close (Esc)", self.close_bar)):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            lay.addWidget(b)
        for key, owner, slot, context in (("Shift+Return", self.edit, self.previous, Qt.WidgetShortcut),
                                          ("Escape", self, self.close_bar, Qt.WidgetWithChildrenShortcut)):
            shortcut = QShortcut(QKeySequence(key), owner)
            shortcut.setObjectName(f"find:{key.lower()}")
            shortcut.setContext(context)  # (the constructor's context= keyword is ignored by PySide6)
            shortcut.activated.connect(slot)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        sel = self.pane.selection_cp()
        self.origin = sel[0] if sel else self.pane.cursor_cp()
        if sel and 0 < sel[1] - sel[0] < 80:
            self.edit.setText(self.pane.text[sel[0]:sel[1]])
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.pane.setFocus()

    def _search(self, needle: str) -> None:
        self.hits = find_all(self.pane.text, needle)
        self.current = -1
        if self.hits:
            self.current = next((i for i, h in enumerate(self.hits) if h >= self.origin), 0) - 1
            self.next()
        else:
            self.count.setText("no matches" if needle else "")

    def _show(self) -> None:
        start = self.hits[self.current]
        self.pane.select_cp(start, start + len(self.edit.text()))
        self.count.setText(f"{self.current + 1} of {len(self.hits)}")

    def next(self) -> None:
        if self.hits:
            self.current = (self.current + 1) % len(self.hits)
            self._show()

    def previous(self) -> None:
        if self.hits:
            self.current = (self.current - 1) % len(self.hits)
            self._show()
