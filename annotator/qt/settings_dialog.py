"""Settings: the annotator's name (stored as author on every edit, ``project.set_author``), the default layer
of this project, and the reading font size."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLineEdit, QMessageBox

from ..services.project import EditError


class SettingsDialog(QDialog):
    def __init__(self, project, *, default_layer: str | None, font_size: float, parent=None):
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Settings")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.author = QLineEdit(project.author)
        self.author.setObjectName("authorEdit")
        self.author.setToolTip("Stored as the author of every annotation you create or change")
        form.addRow("Your name", self.author)
        self.layer = QComboBox()
        self.layer.addItem("(none)", None)
        for name, spec in project.layers().items():
            if spec.kind == "span":
                self.layer.addItem(f"{spec.title or name} ({name})", name)
        self.layer.setCurrentIndex(max(0, self.layer.findData(default_layer)))
        self.layer.setToolTip("The layer the number keys 1–9 apply when this project opens")
        form.addRow("Default layer", self.layer)
        self.font_size = QDoubleSpinBox()
        self.font_size.setRange(7, 32)
        self.font_size.setSingleStep(0.5)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(font_size)
        form.addRow("Reading font size", self.font_size)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            if self.author.text().strip() != self.project.author:
                self.project.set_author(self.author.text())
        except EditError as exc:
            QMessageBox.warning(self, "Settings", str(exc))
            return
        super().accept()

    @property
    def chosen_layer(self) -> str | None:
        return self.layer.currentData()

    @property
    def chosen_font_size(self) -> float:
        return self.font_size.value()
