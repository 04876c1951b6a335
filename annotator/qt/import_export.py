"""File > Import and File > Export dialogs: the export choices (format from the exporter hook, layers,
statuses, documents, authors, output path) and the import summary (what was imported, skipped and refused,
and why). The work itself runs in the services, off the UI thread (see :mod:`annotator.qt.tasks`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..specs import ExportFilters


def _check_list(items: list[tuple[str, str]], checked: bool = True) -> QListWidget:
    w = QListWidget()
    w.setMaximumHeight(120)
    for value, text in items:
        it = QListWidgetItem(text)
        it.setData(Qt.UserRole, value)
        it.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        w.addItem(it)
    return w


def _checked(w: QListWidget) -> list[str]:
    return [w.item(i).data(Qt.UserRole) for i in range(w.count()) if w.item(i).checkState() == Qt.Checked]


class ExportDialog(QDialog):
    def __init__(self, project, parent=None, *, current_document: str | None = None):
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        for name, spec in sorted(project.exporters().items()):
            self.format.addItem(f"{name} — {spec.description}" if spec.description else name, name)
        self.format.currentIndexChanged.connect(self._format_changed)
        form.addRow("Format", self.format)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow("Save to", holder)
        self.layers = _check_list([(n, f"{s.title or n} ({s.kind})") for n, s in project.layers().items()])
        form.addRow("Layers", self.layers)
        statuses = QHBoxLayout()
        self.status_boxes = {}
        for status in ("accepted", "suggested", "rejected"):
            box = QCheckBox(status)
            box.setChecked(status == "accepted")
            self.status_boxes[status] = box
            statuses.addWidget(box)
        sholder = QWidget()
        sholder.setLayout(statuses)
        statuses.setContentsMargins(0, 0, 0, 0)
        form.addRow("Statuses", sholder)
        docs = [(d["id"], f"{d['source'] or '—'} — {d['title']}") for d in project.document_summaries()]
        self.documents = _check_list(docs)
        if current_document:
            only = QPushButton("Only the open document")
            only.clicked.connect(lambda: [self.documents.item(i).setCheckState(
                Qt.Checked if self.documents.item(i).data(Qt.UserRole) == current_document else Qt.Unchecked)
                for i in range(self.documents.count())])
            form.addRow("", only)
        form.addRow("Documents", self.documents)
        self.authors = QLineEdit()
        self.authors.setPlaceholderText("all authors (or names separated by commas)")
        form.addRow("Authors", self.authors)
        self.note = QLabel("")
        self.note.setStyleSheet("color:#555")
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._format_changed()

    def exporter(self):
        return self.project.exporters().get(self.format.currentData())

    def _format_changed(self, *_a) -> None:
        spec = self.exporter()
        if spec is None:
            self.note.setText("No export format is available: enable an exporter plugin.")
            return
        base = Path(self.project.path).with_suffix("")
        target = f"{base}-{spec.name}" + ("" if spec.directory else spec.extension)
        if not self.path.text() or Path(self.path.text()).name.startswith(base.name):
            self.path.setText(target)
        self.note.setText("Writes a folder." if spec.directory else "")

    def _browse(self) -> None:
        spec = self.exporter()
        if spec is not None and spec.directory:
            path = QFileDialog.getExistingDirectory(self, "Export to folder", self.path.text())
        else:
            path, _ = QFileDialog.getSaveFileName(self, "Export to file", self.path.text())
        if path:
            self.path.setText(path)

    def filters(self) -> ExportFilters:
        layers = _checked(self.layers)
        all_layers = self.layers.count() == len(layers)
        docs = _checked(self.documents)
        all_docs = self.documents.count() == len(docs)
        authors = tuple(a.strip() for a in self.authors.text().split(",") if a.strip())
        statuses = tuple(s for s, b in self.status_boxes.items() if b.isChecked())
        return ExportFilters(layers=() if all_layers else tuple(layers), statuses=statuses,
                             documents=() if all_docs else tuple(docs), authors=authors)

    def choice(self) -> tuple[str, str, ExportFilters]:
        return self.format.currentData(), self.path.text(), self.filters()


class ImportSummaryDialog(QDialog):
    """What an import did: imported, skipped and refused files, each with the reason."""

    def __init__(self, report, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.resize(720, 420)
        lay = QVBoxLayout(self)
        head = QLabel(f"<b>{report.summary()}</b>")
        head.setWordWrap(True)
        lay.addWidget(head)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importSummary")
        self.tree.setHeaderLabels(["File", "Result"])
        self.tree.setColumnWidth(0, 220)
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)  # a refusal's reason is shown whole, on as many lines as it needs
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.ElideMiddle)  # (file names only: the reasons wrap)
        self.tree.header().setStretchLastSection(True)
        self.tree.currentItemChanged.connect(self._chosen)
        self.detail = QLabel("Select a file to see its full path and the whole reason.")
        self.detail.setObjectName("importDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.detail.setStyleSheet("color:#333; padding:4px")
        for item in report.imported:
            self._add(item["path"], f"imported as “{item.get('title') or item.get('document_id')}”", "#2e7d32")
        for item in report.skipped:
            self._add(item["path"], f"skipped: {item['reason']}", "#8d6e00")
        for item in report.refused:
            self._add(item["path"], f"refused: {item['reason']}", "#c62828")
        for w in report.warnings:
            self._add("", f"warning: {w}", "#8d6e00")
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)

    def _add(self, path: str, text: str, colour: str) -> None:
        it = QTreeWidgetItem([Path(path).name if path else "", text])
        it.setToolTip(0, path)
        it.setToolTip(1, text)
        it.setForeground(1, QColor(colour))
        it.setData(0, Qt.UserRole, path)
        self.tree.addTopLevelItem(it)

    def _chosen(self, item, _previous=None) -> None:
        if item is not None:
            path = item.data(0, Qt.UserRole) or ""
            self.detail.setText(f"{path}\n{item.text(1)}" if path else item.text(1))

    def rows(self) -> list[tuple[str, str]]:
        return [(self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1))
                for i in range(self.tree.topLevelItemCount())]
