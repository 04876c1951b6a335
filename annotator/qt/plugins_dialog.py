"""The Plugins dialog: each plugin with version, source, status and errors; enable or disable it for this
project (``project.set_plugin_enabled``, saved in the project file)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

STATUS_COLOUR = {"ok": "#2e7d32", "failed": "#c62828", "disabled": "#8d6e00"}


class PluginsDialog(QDialog):
    changed = Signal()

    def __init__(self, project, parent=None, conflicts: list[str] | None = None):
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Plugins")
        self.resize(820, 520)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("pluginsTable")
        self.table.setHorizontalHeaderLabels(["Enabled", "Plugin", "Version", "Status", "Source"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        h = self.table.horizontalHeader()
        for c in range(4):
            h.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(4, QHeaderView.Stretch)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a plugin to see its hooks and errors.")
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        note = QLabel("Unticking a plugin disables it for this project. A plugin that raised is disabled for this "
                      "session; tick it again after fixing it.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.retry_button = buttons.addButton("Retry", QDialogButtonBox.ActionRole)
        self.retry_button.setObjectName("pluginRetry")
        self.retry_button.setToolTip("Load the selected failed plugin again (after fixing it)")
        self.retry_button.setEnabled(False)
        self.retry_button.clicked.connect(self.retry_selected)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        self.conflicts = conflicts or []
        self.table.itemChanged.connect(self._toggled)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.reload()

    def reload(self) -> None:
        self.table.blockSignals(True)
        infos = self.project.host.plugins()
        self.table.setRowCount(len(infos))
        for r, info in enumerate(infos):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            # ticked means "running in this project": a failed plugin is not, whatever the project's setting
            active = info.name not in self.project.host.disabled and info.status != "failed"
            check.setCheckState(Qt.Checked if active else Qt.Unchecked)
            check.setData(Qt.UserRole, info.name)
            if info.status == "failed":
                check.setToolTip("Failed: tick it (or press Retry) to load it again")
            shown = "failed — Retry to load again" if info.status == "failed" else info.status
            status = QTableWidgetItem(shown + (" (conflict)" if info.conflicts else ""))
            status.setForeground(QColor(STATUS_COLOUR.get(info.status, "#000")))
            for c, item in enumerate((check, QTableWidgetItem(info.name), QTableWidgetItem(info.version or "—"),
                                      status, QTableWidgetItem(info.source))):
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)

    def _toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        name = item.data(Qt.UserRole)
        self.project.set_plugin_enabled(name, item.checkState() == Qt.Checked)
        self.reload()
        self.select_plugin(name)
        self.changed.emit()

    def selected_plugin(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.UserRole) if rows else None

    def select_plugin(self, name: str) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.UserRole) == name:
                self.table.selectRow(r)
                return

    def retry_selected(self) -> None:
        """Load a failed plugin again (its status is reset; if it fails again, it says so again)."""
        name = self.selected_plugin()
        if name is None:
            return
        self.project.set_plugin_enabled(name, True)
        self.reload()
        self.select_plugin(name)
        self._show_details()
        self.changed.emit()

    def _show_details(self) -> None:
        name = self.selected_plugin()
        info = self.project.host.info.get(name) if name else None
        self.retry_button.setEnabled(info is not None and info.status == "failed")
        if info is None:
            return
        text = [f"{info.name} {info.version}".strip(), f"source: {info.source}", f"module: {info.module}",
                f"status: {info.status}", f"hooks: {', '.join(info.hooks) or '—'}"]
        mine = [c for c in self.conflicts if c.startswith(f"{name}:")]
        if mine:
            text += ["", "Shortcut conflicts:", *mine]
        if info.conflicts:  # the host's precedence rule: the first plugin pluggy calls wins a name
            text += ["", "Name conflicts:", *info.conflicts]
        if info.errors:
            text += ["", "Errors:", *info.errors]
        self.details.setPlainText("\n".join(text))
