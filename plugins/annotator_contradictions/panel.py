"""The Contradictions panel: every contradiction link with both ends, outlets, label, facet, note, status and
the reason of a suggestion; filters by label, document pair, status and text; review from the keyboard.

Keys in the table: Enter or A accepts, Backspace or R rejects (with the suggested claims that only this link
used), Delete removes the link, Space or O opens the two ends in the compare view (moving the current row
does it too). The fields under the table edit the current link's label, facet and note. Qt only; rows,
filters and reviewing are the pure :mod:`annotator_contradictions.rows`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import EditError

from . import FACETS, LINK
from .layers import LINK_LABELS
from .rows import LinkRow, RowFilter, link_rows, pairs_of, review

COLUMNS = ("Status", "Label", "Facet", "Left claim", "Right claim", "Reason / note", "Score")
NARROW_HIDDEN = (2, 5, 6)  # Facet, Reason / note, Score: hidden while the panel is narrow
STATUS_MARK = {"suggested": "? suggested", "accepted": "✓ accepted", "rejected": "✗ rejected"}
ALL = "(all)"


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


class LinkTable(QTableWidget):
    """The links table; review keys are handled here so they work while the table has focus."""

    def __init__(self, panel: ContradictionsPanel):
        super().__init__(0, len(COLUMNS))
        self.panel = panel

    def keyPressEvent(self, event):  # noqa: N802 (Qt)
        key, mods = event.key(), event.modifiers() & ~Qt.KeypadModifier
        if mods == Qt.NoModifier or mods == Qt.ShiftModifier and key in (Qt.Key_Return, Qt.Key_Enter):
            if key in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_A):
                self.panel.review_current("accepted")
                return
            if key in (Qt.Key_Backspace, Qt.Key_R):
                self.panel.review_current("rejected")
                return
            if key == Qt.Key_Delete:
                self.panel.delete_current()
                return
            if key in (Qt.Key_Space, Qt.Key_O):
                self.panel.open_current()
                return
        super().keyPressEvent(event)


def _form(*rows) -> QGridLayout:
    """A grid of ``(label text, widget)`` pairs, up to two a row; a row of one pair spans the width. Combos shrink
    to a few characters (elided), so the form fits a narrow side dock."""
    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    for r, pairs in enumerate(rows):
        for i, (text, widget) in enumerate(pairs):
            if isinstance(widget, QComboBox):
                widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
                if widget.minimumContentsLength() == 0:
                    widget.setMinimumContentsLength(3)
            grid.addWidget(QLabel(text), r, 2 * i)
            grid.addWidget(widget, r, 2 * i + 1, 1, 1 if len(pairs) > 1 else 3)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    return grid


class ContradictionsPanel(QWidget):
    def __init__(self, project, window):
        super().__init__()
        self.project = project
        self.window = window
        self.rows: list[LinkRow] = []
        self._opening = False
        self.setObjectName("contradictionsPanel")

        self.label_filter = QComboBox()
        self.pair_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItems([ALL, "suggested", "accepted", "rejected"])
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by text…")
        self.search.setClearButtonEnabled(True)
        self.suggest_button = QPushButton("Suggest candidates")
        self.suggest_button.setToolTip("Find sentences across the articles whose numbers, dates, causes or "
                                       "negations differ (Ctrl+Shift+K)")
        self.count_label = QLabel()
        # a combo is as wide as its longest entry unless told otherwise: document pairs of long outlet names
        # would push the panel past the side dock of a 1366-pixel window (about 340 px). The filters take
        # three rows and shrink with the dock; the table scrolls inside itself, the panel never sideways.
        self.pair_filter.setMinimumContentsLength(8)
        bar = _form((("Label", self.label_filter), ("Status", self.status_filter)),
                    (("Documents", self.pair_filter),))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.suggest_button)
        bar.addLayout(row, 2, 0, 1, 4)
        self.count_label.setWordWrap(True)
        bar.addWidget(self.count_label, 3, 0, 1, 4)
        self.search.setMinimumWidth(60)

        self.table = LinkTable(self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.setMinimumWidth(120)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(32)
        for col in (0, 1, 2, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        for col in (3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.Stretch)

        self.label_edit = QComboBox()
        self.facet_edit = QComboBox()
        self.facet_edit.addItems(["", *FACETS])
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note on this link (Enter saves)")
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.note_edit.setMinimumWidth(60)
        editor = _form((("Label", self.label_edit), ("Facet", self.facet_edit)), (("Note", self.note_edit),))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason_label)
        layout.addLayout(editor)
        hint = QLabel("Enter/A accept · Backspace/R reject · Del delete · Space open both ends · "
                      "L in the compare view links the two selections")
        hint.setStyleSheet("color: gray")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.label_filter.currentIndexChanged.connect(self.refresh)
        self.pair_filter.currentIndexChanged.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.table.currentCellChanged.connect(self._current_changed)
        self.table.cellClicked.connect(lambda row, _col: self.open_current())
        self.label_edit.activated.connect(lambda _i: self._save(label=self.label_edit.currentText()))
        self.facet_edit.activated.connect(lambda _i: self._save(facet=self.facet_edit.currentText() or None))
        self.note_edit.returnPressed.connect(lambda: self._save(note=self.note_edit.text().strip() or None))
        self.suggest_button.clicked.connect(self._suggest)

        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)
        self._unsubscribe = project.subscribe(lambda changes: self._pending.start())
        self.destroyed.connect(lambda *_: self._unsubscribe())
        # edits through another connection (a worker thread's suggestions, the command line) come through
        # project.subscribe_outside (the window polls the file); a hidden panel catches up when it is shown
        self._stale = False
        self._unsubscribe_outside = project.subscribe_outside(self._outside_changes)
        self.destroyed.connect(lambda *_: self._unsubscribe_outside())
        self._fill_labels()
        self.refresh()

    def _outside_changes(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    #: below this width (a side dock) the table keeps the columns a reviewer decides on: status, label and the
    #: two claims; facet, reason and score of the selected row are in the text under the table
    NARROW = 560

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        narrow = self.width() < self.NARROW
        for col in NARROW_HIDDEN:
            self.table.setColumnHidden(col, narrow)

    # ------------------------------------------------------------------------------------- data

    def _labels(self) -> list[str]:
        spec = self.project.layer(LINK)
        return [lab.name for lab in (spec.labels if spec else LINK_LABELS)]

    def _fill_labels(self) -> None:
        for combo, first in ((self.label_filter, [ALL]), (self.label_edit, [])):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(first + self._labels())
            if current:
                combo.setCurrentText(current)
            combo.blockSignals(False)

    def current_filter(self) -> RowFilter:
        label = self.label_filter.currentText()
        status = self.status_filter.currentText()
        pair = self.pair_filter.currentData()
        return RowFilter(labels=() if label in (ALL, "") else (label,),
                         statuses=() if status == ALL else (status,),
                         pair=tuple(pair) if pair else None, text=self.search.text().strip())

    def _fill_pairs(self, everything: list[LinkRow]) -> None:
        current = self.pair_filter.currentData()
        self.pair_filter.blockSignals(True)
        self.pair_filter.clear()
        self.pair_filter.addItem(ALL, None)
        for a, b in pairs_of(everything):
            self.pair_filter.addItem(f"{a} ↔ {b}" if a != b else f"{a} (within)", [a, b])
        if current:
            i = self.pair_filter.findData(current)
            self.pair_filter.setCurrentIndex(max(0, i))
        self.pair_filter.blockSignals(False)

    def refresh(self) -> None:
        self._stale = False
        keep = self.current_link_id()
        self._fill_labels()
        everything = link_rows(self.project)
        self._fill_pairs(everything)
        flt = self.current_filter()
        self.rows = [r for r in everything if flt.accepts(r)]
        layer = self.project.layer(LINK)
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (STATUS_MARK.get(r.status, r.status), r.label, r.facet,
                     f"{r.source.outlet or r.source.title}: {_short(r.source.text)}",
                     f"{r.target.outlet or r.target.title}: {_short(r.target.text)}",
                     r.note or r.reason, f"{r.score:.2f}" if r.score is not None else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, r.link_id)
                if col in (3, 4):
                    end = r.source if col == 3 else r.target
                    item.setToolTip(f"{end.outlet} — {end.title}\n{end.text}")
                if col == 5 and r.reason:
                    item.setToolTip(r.reason)
                if col == 1 and layer is not None:
                    colour = QColor(layer.color_of(r.label))
                    colour.setAlpha(90)
                    item.setBackground(QBrush(colour))
                if r.status == "rejected":
                    item.setForeground(QBrush(QColor("gray")))
                table.setItem(i, col, item)
        table.blockSignals(False)
        n_sugg = sum(r.status == "suggested" for r in everything)
        self.count_label.setText(f"{len(self.rows)} of {len(everything)} link(s), {n_sugg} to review")
        row = next((i for i, r in enumerate(self.rows) if r.link_id == keep), 0 if self.rows else -1)
        if row >= 0:
            table.blockSignals(True)
            table.setCurrentCell(row, max(0, table.currentColumn()))
            table.blockSignals(False)
        self._show_editor()

    # ------------------------------------------------------------------------------------- current row

    def current_row(self) -> LinkRow | None:
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def current_link_id(self) -> str | None:
        row = self.current_row()
        return row.link_id if row else None

    def select_link(self, link_id: str) -> bool:
        for i, r in enumerate(self.rows):
            if r.link_id == link_id:
                self.table.setCurrentCell(i, 0)
                return True
        return False

    def _show_editor(self) -> None:
        row = self.current_row()
        for w in (self.label_edit, self.facet_edit, self.note_edit):
            w.setEnabled(row is not None)
        if row is None:
            self.reason_label.setText("")
            return
        self.label_edit.setCurrentText(row.label)
        self.facet_edit.setCurrentText(row.facet)
        if not self.note_edit.hasFocus():
            self.note_edit.setText(row.note)
        link = self.project.link(row.link_id)
        compared = link.attributes.get("_compared", "") if link else ""
        bits = [b for b in (row.reason, compared) if b]
        self.reason_label.setText(" — ".join(bits))

    def _current_changed(self, row, _col, prev_row, _prev_col) -> None:
        self._show_editor()
        if row != prev_row and row >= 0:
            self.open_current()

    def open_current(self) -> None:
        row = self.current_row()
        if row is None or self.window is None or self._opening:
            return
        self._opening = True
        try:
            self.window.open_compare((row.source.document_id, row.source.start, row.source.end),
                                     (row.target.document_id, row.target.start, row.target.end))
        finally:
            self._opening = False
        self.table.setFocus()  # keep reviewing from the keyboard

    # ------------------------------------------------------------------------------------- edits

    def _tell(self, text: str) -> None:
        if self.window is not None:
            self.window.show_message(text, 5000)

    def review_current(self, status: str) -> None:
        row = self.current_row()
        if row is None:
            return
        index = self.table.currentRow()
        review(self.project, row.link_id, status)
        self.refresh()
        if self.rows:
            still_listed = any(r.link_id == row.link_id for r in self.rows)
            self.table.setCurrentCell(min(index + 1 if still_listed else index, len(self.rows) - 1), 0)
        self.table.setFocus()
        self._tell(f"{'accepted' if status == 'accepted' else 'rejected'}: {row.label} ({row.reason or row.note})")

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.project.delete_link(row.link_id)
        self._tell("link deleted (Ctrl+Z brings it back)")

    def _save(self, **changes) -> None:
        row = self.current_row()
        if row is None:
            return
        link = self.project.link(row.link_id)
        if link is None:
            return
        attrs = dict(link.attributes)
        label = changes.pop("label", link.label)
        for key, value in changes.items():
            if value is None:
                attrs.pop(key, None)
            else:
                attrs[key] = value
        try:
            self.project.update_link(link.id, label=label, attributes=attrs)
        except EditError as exc:
            self._tell(f"Not saved: {exc}")
            return
        self._tell("link updated")

    def _suggest(self) -> None:
        """Suggest candidates off the UI thread (progress, Cancel), then show them here, best first."""
        if self.window is None:
            return
        from . import PLUGIN

        self.suggest_button.setEnabled(False)

        def done(result):
            self.suggest_button.setEnabled(True)
            if isinstance(result, BaseException):
                self._tell(f"Contradiction candidates failed: {result}")
                return
            self.status_filter.setCurrentText("suggested")
            self.refresh()
            if self.rows:
                self.table.setCurrentCell(0, 0)
                self.table.setFocus()
            self.window.show_message(f"Contradictions: {result.summary()} — Enter/A accepts, "
                                     "Backspace/R rejects", 10000)

        self.window.suggest(PLUGIN, title="Finding contradiction candidates", on_done=done)
