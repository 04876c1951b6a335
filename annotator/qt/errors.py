"""Plugin failures in the window: a non-modal message with the details on demand, never a crash.

The plugin host already records the failure and disables the plugin; this module only tells the user. The
host may report from a worker thread (a suggester raising during a long task), so reports cross to the UI
thread through a queued signal.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget


class FailureBridge(QObject):
    """Receives ``host.on_failure`` callbacks on any thread and re-emits them on the UI thread."""

    failed = Signal(str, str, str)  # plugin name, one-line message, details (traceback)

    def __call__(self, info, message: str) -> None:
        details = info.errors[-1] if info.errors else message
        self.failed.emit(info.name, message, details)


class PluginErrorBox(QMessageBox):
    """One non-modal box that gathers failures until the user closes it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setIcon(QMessageBox.Warning)
        self.setWindowTitle("A plugin failed")
        self.setStandardButtons(QMessageBox.Close)
        self.setWindowModality(Qt.NonModal)
        self.setModal(False)
        self.messages: list[str] = []
        self.details: list[str] = []

    def add(self, plugin: str, message: str, details: str) -> None:
        self.messages.append(message)
        self.details.append(details)
        lines = self.messages[-5:]
        more = f"\n… and {len(self.messages) - 5} earlier" if len(self.messages) > 5 else ""
        self.setText(
            "\n".join(lines) + more +
            "\n\nThe plugin has been disabled for this session; your work is safe. "
            "Re-enable it in Plugins… once it is fixed.")
        self.setDetailedText("\n\n".join(self.details))
        self.show()
        self.raise_()
