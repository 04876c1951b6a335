"""The annotation panel: a table of the current document's annotations (text, layer, label, status, author),
filtered by layer, label and status. Clicking a row jumps to it in the reader; Delete removes it; Edit changes
its label and attributes. All edits go through the project.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..model import SpanRow
from .attribute_editor import AnnotationEditor

HEADERS = ("Text", "Layer", "Label", "Status", "Author")
ALL = "(all)"
DISPLAY, TOOLTIP, DECORATION = int(Qt.DisplayRole.value), int(Qt.ToolTipRole.value), int(Qt.DecorationRole.value)
FOREGROUND, FONT = int(Qt.ForegroundRole.value), int(Qt.FontRole.value)
_ROLES = frozenset((DISPLAY, TOOLTIP, DECORATION, FOREGROUND, FONT))
_FIELD = {1: 4, 2: 5, 3: 6, 4: 7}  # column -> SpanRow field (layer, label, status, author)
_GREY, _PALE = QBrush(QColor("#6d6d6d")), QBrush(QColor("#b0b0b0"))
_ITALIC = QFont()
_ITALIC.setItalic(True)


class AnnotationTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[SpanRow] = []
        self._texts: dict[int, str] = {}
        self.text = ""
        self.layers: dict = {}

    def set_rows(self, rows: list[SpanRow], text: str, layers: dict) -> None:
        self.beginResetModel()
        self.rows, self.text, self.layers = rows, text, layers
        self._texts: dict[int, str] = {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return len(HEADERS)

    def headerData(self, section, orientation, role=DISPLAY):  # noqa: N802 - Qt override
        if role == DISPLAY and orientation == Qt.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=DISPLAY):
        # Qt asks for a dozen roles per cell on every repaint: answer the rare ones first, cache the texts
        if role not in _ROLES:
            return None
        row = index.row()
        a = self.rows[row]
        col = index.column()
        if role == DISPLAY:
            if col:
                return a[_FIELD[col]]
            text = self._texts.get(row)
            if text is None:
                t = " ".join(self.text[a.start:a.end].split())
                text = self._texts[row] = t if len(t) <= 120 else t[:117] + "…"
            return text
        if role == TOOLTIP:
            return f"{a.start}–{a.end}: {self.text[a.start:a.end][:400]}" if col == 0 else None
        if role == DECORATION:
            if col != 2:
                return None
            spec = self.layers.get(a.layer)
            return QColor(spec.color_of(a.label) if spec else "#9e9e9e")
        if role == FOREGROUND:
            return None if a.status == "accepted" else (_GREY if a.status == "suggested" else _PALE)
        if role == FONT:
            return _ITALIC if a.status == "suggested" else None
        return None


class AnnotationPanel(QWidget):
    jumpRequested = Signal(str)  # annotation id

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.document_id: str | None = None
        self.all_rows: list[SpanRow] = []
        self._dirty = False
        self._text = ""
        self.model = AnnotationTableModel(self)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("annotationsEmpty")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color:#555; padding:6px")
        self.layer_box, self.label_box, self.status_box = QComboBox(), QComboBox(), QComboBox()
        for box, tip in ((self.layer_box, "Layer"), (self.label_box, "Label"), (self.status_box, "Status")):
            box.setToolTip(f"Show only this {tip.lower()}")
            box.setMinimumContentsLength(8)
            box.currentIndexChanged.connect(self._apply_filters)
        self.status_box.addItems([ALL, "accepted", "suggested", "rejected"])
        self.table = QTableView()
        self.table.setObjectName("annotationTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.Interactive)  # never measure every row: documents may have 20,000
        h.setSectionResizeMode(0, QHeaderView.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        for col, width in ((1, 6), (2, 8), (3, 7), (4, 6)):
            self.table.setColumnWidth(col, width * em)
        self.table.clicked.connect(self._jump)
        self.table.activated.connect(self._jump)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected annotations (Del)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the label and attributes (double-click)")
        self.edit_button.clicked.connect(self.edit_selected)
        # the Del key only (the standard Delete binding adds Ctrl+D on X11, the window's "Compare selected"),
        # and only while the table has focus
        delete = QShortcut(QKeySequence("Del"), self.table)
        delete.setObjectName("annotations:delete")
        delete.setContext(Qt.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        filters = QHBoxLayout()
        filters.addWidget(self.layer_box)
        filters.addWidget(self.label_box)
        filters.addWidget(self.status_box)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(filters)
        lay.addWidget(self.empty_hint)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

    # ------------------------------------------------------------------------------------- data

    def show_document(self, document_id: str | None) -> None:
        self.document_id = document_id
        self.reload()

    def reload(self) -> None:
        if not self.isVisible():  # a hidden panel re-reads when it is shown
            self._dirty = True
            return
        self._dirty = False
        if self.document_id is None:
            self.all_rows, text = [], ""
        else:
            try:
                text = self.project.text(self.document_id)
            except ValueError:
                self.document_id, self.all_rows, text = None, [], ""
            else:
                self.all_rows = self.project.span_rows(self.document_id)
        self._text = text
        self._fill_box(self.layer_box, sorted({a.layer for a in self.all_rows} | set(self.project.layers())))
        self._apply_filters()

    def _fill_box(self, box: QComboBox, values) -> None:
        current = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem(ALL)
        box.addItems(list(values))
        i = box.findText(current)
        box.setCurrentIndex(max(i, 0))
        box.blockSignals(False)

    def _apply_filters(self, *_args) -> None:
        layer = self.layer_box.currentText()
        labels = sorted({a.label for a in self.all_rows if layer in (ALL, a.layer)})
        if self.sender() is not self.label_box:
            self._fill_box(self.label_box, labels)
        label, status = self.label_box.currentText(), self.status_box.currentText()
        rows = [a for a in self.all_rows
                if layer in (ALL, a.layer) and label in (ALL, a.label) and status in (ALL, a.status)]
        self.model.set_rows(rows, self._text, self.project.layers())
        self._show_empty_state(rows)

    def _show_empty_state(self, rows) -> None:
        """When the table is empty, say why and what to do."""
        if rows:
            self.empty_hint.hide()
            return
        if self.document_id is None:
            text = "Open a document (double-click it in the corpus list) to see its annotations here."
        elif not self.all_rows:
            text = ("No annotations in this document yet. Select some text and press a label key (1–9 for the "
                    "active layer), or press Suggest (Ctrl+Shift+S) for suggestions to review with N, Enter and "
                    "Backspace.")
        else:
            text = f"None of the {len(self.all_rows)} annotations matches these filters."
        self.empty_hint.setText(text)
        self.empty_hint.show()

    def set_filter(self, layer: str = ALL, label: str = ALL, status: str = ALL) -> None:
        self.layer_box.setCurrentText(layer)
        self.label_box.setCurrentText(label)
        self.status_box.setCurrentText(status)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def selected(self) -> list[SpanRow]:
        return [self.model.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def select_annotation(self, ann_id: str) -> None:
        for row, a in enumerate(self.model.rows):
            if a.id == ann_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    # ------------------------------------------------------------------------------------- actions

    def _jump(self, index) -> None:
        if index.isValid():
            self.jumpRequested.emit(self.model.rows[index.row()].id)

    def delete_selected(self) -> int:
        chosen = self.selected()
        if not chosen:
            return 0
        if len(chosen) == 1:
            self.project.delete_annotation(chosen[0].id)
        else:
            with self.project.batch():
                for a in chosen:
                    self.project.delete_annotation(a.id)
        return len(chosen)

    def edit_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        ann = self.project.annotation(chosen[0].id)
        if ann is None:
            return
        dialog = AnnotationEditor(self.project, ann, self)
        dialog.open()
