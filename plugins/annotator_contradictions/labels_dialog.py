"""The small dialog of "Edit contradiction labels…": the project's link labels as text, one ``name:
description`` a line. Qt only; imported lazily by the command. Parsing is :func:`layers.labels_from_text`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

OBJECT_NAME = "contradictionLabelsDialog"


def edit_labels(window, text: str) -> str | None:
    """The edited text, or None when cancelled."""
    dialog = QDialog(window if isinstance(window, QWidget) else None)
    dialog.setObjectName(OBJECT_NAME)
    dialog.setWindowTitle("Contradiction labels of this project")
    edit = QPlainTextEdit(text)
    hint = QLabel("One label a line, as <i>name: description</i>. The order gives the keys 1–9 of the label "
                  "popup. Renaming a label does not relabel existing links.")
    hint.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(hint)
    layout.addWidget(edit, 1)
    layout.addWidget(buttons)
    dialog.resize(520, 260)
    dialog.edit = edit  # for tests and scripts
    return edit.toPlainText() if dialog.exec() == QDialog.Accepted else None
