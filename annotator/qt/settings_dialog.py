"""Settings: the annotator's name (stored as author on every edit, ``project.set_author``), the default layer
of this project, the reading font size and line length."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from ..services.project import EditError


class SettingsDialog(QDialog):
    def __init__(self, project, *, default_layer: str | None, font_size: float, measure: int = 80, parent=None):
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
        self.measure = QSpinBox()
        self.measure.setObjectName("measureSpin")
        self.measure.setRange(0, 200)
        self.measure.setSingleStep(5)
        self.measure.setSuffix(" characters")
        self.measure.setSpecialValueText("the whole width")
        self.measure.setValue(measure)
        self.measure.setToolTip("The longest line in the reader and the compare panes (centred); 0: the whole width")
        form.addRow("Line length", self.measure)
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

    @property
    def chosen_measure(self) -> int:
        return self.measure.value()
