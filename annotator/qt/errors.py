"""Failures in the window: a non-modal message with the details (the traceback) on demand, never a crash.

The plugin host already records the failure and disables the plugin; this module only tells the user. The
host may report from a worker thread (a suggester raising during a long task), so reports cross to the UI
thread through a queued signal. :class:`ErrorDialog` is also what long work (suggest, import, export) shows
when it fails: one sentence, then *Show Details…* for the traceback.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class FailureBridge(QObject):
    """Receives ``host.on_failure`` callbacks on any thread and re-emits them on the UI thread."""

    failed = Signal(str, str, str)  # plugin name, one-line message, details (traceback)

    def __call__(self, info, message: str) -> None:
        details = info.errors[-1] if info.errors else message
        self.failed.emit(info.name, message, details)


class ErrorDialog(QDialog):
    """A message that does not block the window, with *Show Details…* revealing the details (a traceback)
    and *Copy* putting message and details on the clipboard (for a bug report)."""

    def __init__(self, parent: QWidget, title: str, message: str = "", details: str = ""):
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.NonModal)
        self.setModal(False)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(32, 32))
        icon.setAlignment(Qt.AlignTop)
        self.message = QLabel(message)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message.setMinimumWidth(420)
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.details.setMinimumHeight(220)
        self.details.hide()
        self.details_button = QPushButton("Show Details…")
        self.details_button.setObjectName("errorShowDetails")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.set_details_visible)
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the message and the details (for a bug report)")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.message.text() + "\n\n" +
                                                                    self.details.toPlainText()))
        close = QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        buttons.addWidget(copy)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.details, 1)
        lay.addLayout(buttons)
        self.details_button.setVisible(bool(details))

    def text(self) -> str:
        return self.message.text()

    def detailedText(self) -> str:  # noqa: N802 - the QMessageBox name, for callers that knew that box
        return self.details.toPlainText()

    def set_details(self, details: str) -> None:
        self.details.setPlainText(details)
        self.details_button.setVisible(bool(details))

    def set_details_visible(self, visible: bool) -> None:
        self.details.setVisible(visible)
        self.details_button.setText("Hide Details" if visible else "Show Details…")
        if self.details_button.isChecked() != visible:
            self.details_button.setChecked(visible)
        self.adjustSize()


def show_error(parent: QWidget, title: str, message: str, exc: BaseException | None = None,
               details: str = "") -> ErrorDialog:
    """Show a failure without blocking: ``message``, and the exception's traceback behind Show Details."""
    if exc is not None and not details:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box = ErrorDialog(parent, title, message, details)
    box.show()
    box.raise_()
    return box


class PluginErrorBox(ErrorDialog):
    """One non-modal box that gathers plugin failures until the user closes it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, "A plugin failed")
        self.messages: list[str] = []
        self.tracebacks: list[str] = []

    def add(self, plugin: str, message: str, details: str) -> None:
        self.messages.append(message)
        self.tracebacks.append(details)
        lines = self.messages[-5:]
        more = f"\n… and {len(self.messages) - 5} earlier" if len(self.messages) > 5 else ""
        self.message.setText(
            "\n".join(lines) + more +
            "\n\nThe plugin has been disabled for this session; your work is safe. "
            "Plugins > Manage plugins… shows it as failed, with Retry once it is fixed.")
        self.set_details("\n\n".join(self.tracebacks))
        self.show()
        self.raise_()
