"""Settings: the annotator's name (stored as author on every edit, ``project.set_author``), the default layer
of this project, the reading font size and line length, and the project's text-analysis pipeline (``core`` /
``nlp.pipeline``)."""

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
        self.pipeline = self._pipeline_box(project)
        form.addRow("Text analysis", self.pipeline)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _pipeline_box(project) -> QComboBox:
        from ..analysis import SETTING_KEY, SETTING_SCOPE, default_pipeline
        from ..services.analysing import pipeline_choices

        box = QComboBox()
        box.setObjectName("pipelineBox")
        box.addItem(f"Default ({default_pipeline()})", None)
        for name in pipeline_choices():
            box.addItem("rules (no spaCy: sentences and tokens only)" if name == "rules" else name, name)
        current = project.get_setting(SETTING_SCOPE, SETTING_KEY, None)
        if current and box.findData(current) < 0:
            box.addItem(f"{current} (not installed)", current)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.setToolTip("The pipeline every plugin's pre-annotation reads sentences, tokens, the parse and named "
                       "entities from (a spaCy pipeline, or the rules). Analyses are cached per pipeline.")
        return box

    @property
    def chosen_pipeline(self) -> str | None:
        return self.pipeline.currentData()

    def accept(self) -> None:
        from ..analysis import SETTING_KEY, SETTING_SCOPE, PipelineUnavailable
        from ..services.analysing import set_pipeline

        try:
            if self.author.text().strip() != self.project.author:
                self.project.set_author(self.author.text())
            if self.chosen_pipeline != self.project.get_setting(SETTING_SCOPE, SETTING_KEY, None):
                set_pipeline(self.project, self.chosen_pipeline)
        except (EditError, PipelineUnavailable) as exc:
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
