"""The corpus browser: every document with outlet, date, title and annotation counts; a filter box; sortable
columns; Enter or double-click opens; two selected documents open side by side in the compare view.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Outlet", "Date", "Title", "Ann.", "Sugg.")
COLUMN_TIPS = ("News outlet", "Publication date", "Headline", "Accepted annotations", "Suggestions to review")
ID_ROLE = Qt.UserRole + 1


class _Tree(QTreeView):
    activatedByKey = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.currentIndex().isValid():
            self.activatedByKey.emit()
            return
        super().keyPressEvent(event)


class CorpusBrowser(QWidget):
    openRequested = Signal(str)
    compareRequested = Signal(str, str)

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(COLUMNS)
        for col, tip in enumerate(COLUMN_TIPS):
            self.model.horizontalHeaderItem(col).setToolTip(tip)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(Qt.UserRole)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by outlet, date or title…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = _Tree()
        self.view.setObjectName("corpusView")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.doubleClicked.connect(lambda idx: self._open(idx))
        self.view.activatedByKey.connect(lambda: self._open(self.view.currentIndex()))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(30)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Stretch)  # the headline takes what is left
        em = self.fontMetrics().horizontalAdvance("m")
        for col, width in ((0, 6.5), (1, 6.2), (3, 3.2), (4, 3.2)):
            header.resizeSection(col, int(width * em))
        header.moveSection(2, 1)  # the headline next to the outlet, where the eye starts; the date after it
        self.view.setTextElideMode(Qt.ElideRight)
        self.compare_button = QPushButton("Compare selected")
        self.compare_button.setToolTip("Select two documents (Ctrl+click) to read them side by side (Ctrl+D)")
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(self.compare_selected)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        self.empty_hint = QLabel("No documents yet. File > Import files… (Ctrl+I) or Import folder… reads articles "
                                 "(.txt, .md, .html, .jsonl) and datasets.")
        self.empty_hint.setObjectName("corpusEmpty")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color:#555; padding:6px")
        self.empty_hint.hide()
        lay.addWidget(self.filter)
        lay.addWidget(self.empty_hint)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.compare_button)
        lay.addLayout(row)
        self.reload()
        self.view.sortByColumn(0, Qt.AscendingOrder)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        # a narrow list gives the headline the date's room (the date stays in the tooltip, the filter and sorting)
        em = self.fontMetrics().horizontalAdvance("m")
        self.view.setColumnHidden(1, event.size().width() < 34 * em)

    def reload(self) -> None:
        selected = set(self.selected_ids())
        current = self._id_at(self.view.currentIndex())
        self.model.setRowCount(0)
        for d in self.project.document_summaries():
            values = (d["source"] or "—", d["published"] or "", d["title"] or d["id"], d["accepted"], d["suggested"])
            row = []
            for col, value in enumerate(values):
                item = QStandardItem(str(value))
                item.setData(value if col >= 3 else str(value).casefold(), Qt.UserRole)
                item.setData(d["id"], ID_ROLE)
                item.setToolTip(f"{d['title']}\n{d['source']} {d['published'] or ''}\n{d['length']:,} characters")
                if col >= 3:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                row.append(item)
            self.model.appendRow(row)
        self.empty_hint.setVisible(self.model.rowCount() == 0)
        sm = self.view.selectionModel()
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            doc_id = self._id_at(idx)
            if doc_id in selected:
                sm.select(idx, QItemSelectionModel.Select | QItemSelectionModel.Rows)
            if doc_id == current:
                self.view.setCurrentIndex(idx)

    def _id_at(self, idx) -> str | None:
        return idx.data(ID_ROLE) if idx.isValid() else None

    def selected_ids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return [r.data(ID_ROLE) for r in sorted(rows, key=lambda i: i.row())]

    def select_document(self, doc_id: str) -> None:
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            if self._id_at(idx) == doc_id:
                self.view.setCurrentIndex(idx)
                return

    def _open(self, idx) -> None:
        doc_id = self._id_at(idx)
        if doc_id:
            self.openRequested.emit(doc_id)

    def _selection_changed(self, *_args) -> None:
        self.compare_button.setEnabled(len(self.selected_ids()) == 2)

    def compare_selected(self) -> bool:
        ids = self.selected_ids()
        if len(ids) != 2:
            return False
        self.compareRequested.emit(ids[0], ids[1])
        return True

    def _menu(self, pos) -> None:
        idx = self.view.indexAt(pos)
        menu = QMenu(self)
        if idx.isValid():
            menu.addAction("Open", lambda: self._open(idx))
        act = menu.addAction("Compare the two selected", self.compare_selected)
        act.setEnabled(len(self.selected_ids()) == 2)
        menu.exec(self.view.viewport().mapToGlobal(pos))
