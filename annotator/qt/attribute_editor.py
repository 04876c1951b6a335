"""Edit one annotation's label and attributes: a form built from the layer's ``AttributeSpec`` fields (choice,
multichoice, bool, number, text, entity), plus any other attributes it carries as editable text.
"""

from __future__ import annotations

import orjson
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
)

from ..services.project import EditError


class AnnotationEditor(QDialog):
    def __init__(self, project, annotation, parent=None):
        super().__init__(parent)
        self.project = project
        self.annotation = annotation
        self.setWindowTitle("Edit annotation")
        self.setMinimumWidth(440)
        spec = project.layer(annotation.layer)
        form = QFormLayout(self)
        quote = project.text(annotation.document_id)[annotation.start:annotation.end]
        shown = QLabel(f"“{quote[:300]}”")
        shown.setWordWrap(True)
        form.addRow("Text", shown)
        self.label_box = QComboBox()
        labels = [lab.name for lab in spec.labels] if spec else []
        if annotation.label not in labels:
            labels.insert(0, annotation.label)
        self.label_box.addItems(labels)
        self.label_box.setCurrentText(annotation.label)
        self.label_box.setEditable(not (spec and spec.labels))
        form.addRow("Label", self.label_box)
        self.status_box = QComboBox()
        self.status_box.addItems(["accepted", "suggested", "rejected"])
        self.status_box.setCurrentText(annotation.status)
        form.addRow("Status", self.status_box)
        self.fields: dict[str, object] = {}
        declared = {a.name: a for a in spec.attributes} if spec else {}
        for name, attr in declared.items():
            value = annotation.attributes.get(name, attr.default)
            widget = self._widget_for(attr, value)
            widget.setToolTip(attr.description)
            self.fields[name] = ("json" if attr.type == "object" else attr.type, widget)
            form.addRow(name, widget)
        for name, value in annotation.attributes.items():
            if name in declared or name.startswith("_"):
                continue
            widget = QLineEdit(value if isinstance(value, str) else orjson.dumps(value).decode())
            self.fields[name] = ("json", widget)
            form.addRow(name, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _widget_for(self, attr, value):
        if attr.type == "choice":
            w = QComboBox()
            w.addItems(["", *attr.choices])
            w.setCurrentText("" if value is None else str(value))
            return w
        if attr.type == "multichoice":
            w = QListWidget()
            w.setMaximumHeight(110)
            chosen = set(value or [])
            for c in attr.choices:
                item = QListWidgetItem(c)
                item.setCheckState(Qt.Checked if c in chosen else Qt.Unchecked)
                w.addItem(item)
            return w
        if attr.type == "bool":
            w = QCheckBox()
            w.setChecked(bool(value))
            return w
        if attr.type == "object":  # a JSON value (e.g. a quote's cue): edited as JSON text, stored as JSON
            return QLineEdit("" if value is None else orjson.dumps(value).decode())
        if attr.type == "number":
            w = QDoubleSpinBox()
            w.setRange(-1e12, 1e12)
            w.setDecimals(4)
            w.setValue(float(value or 0))
            return w
        return QLineEdit("" if value is None else str(value))

    def values(self) -> dict:
        out = {}
        for name, (kind, w) in self.fields.items():
            if kind == "choice":
                out[name] = w.currentText() or None
            elif kind == "multichoice":
                out[name] = [w.item(i).text() for i in range(w.count()) if w.item(i).checkState() == Qt.Checked]
            elif kind == "bool":
                out[name] = w.isChecked()
            elif kind == "number":
                v = w.value()
                out[name] = int(v) if v == int(v) else v
            elif kind == "json":
                text = w.text()
                try:
                    out[name] = orjson.loads(text)
                except orjson.JSONDecodeError:
                    out[name] = text
            else:
                out[name] = w.text() or None
        return out

    def accept(self) -> None:
        attrs = {k: v for k, v in self.annotation.attributes.items() if k.startswith("_")}
        attrs.update({k: v for k, v in self.values().items() if v is not None})
        changes = {}
        if self.label_box.currentText() != self.annotation.label:
            changes["label"] = self.label_box.currentText()
        if self.status_box.currentText() != self.annotation.status:
            changes["status"] = self.status_box.currentText()
        if attrs != self.annotation.attributes:
            changes["attributes"] = attrs
        try:
            if changes:
                self.project.update_annotation(self.annotation.id, **changes)
        except EditError as exc:
            QMessageBox.warning(self, "Cannot change the annotation", str(exc))
            return
        super().accept()
