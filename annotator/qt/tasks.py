"""Long work off the UI thread: a worker thread, a progress dialog with Cancel, and the result back on the UI
thread.

``work(task)`` gets an :class:`annotator.TaskContext` whose ``progress`` updates the dialog and whose
``cancelled`` turns true when the user presses Cancel; the services then raise/stop and store nothing of the
unfinished step. ``work`` must open its own project with ``project.reopen()`` (SQLite connections belong to
their thread). ``on_done(result_or_exception)`` runs on the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..specs import TaskContext

log = logging.getLogger(__name__)


class _Worker(QThread):
    progressed = Signal(int, int, str)
    finishedWith = Signal(object)

    def __init__(self, work: Callable[[TaskContext], Any], cancel: threading.Event, parent=None):
        super().__init__(parent)
        self._work = work
        self._cancel = cancel

    def run(self) -> None:
        task = TaskContext(lambda d, t, m="": self.progressed.emit(int(d), int(t), str(m)), self._cancel.is_set)
        try:
            result: Any = self._work(task)
        except BaseException as exc:  # handed to on_done; never lost in the thread
            log.debug("long task raised", exc_info=True)
            result = exc
        self.finishedWith.emit(result)


class LongTask(QObject):
    """One running piece of work with its progress dialog."""

    done = Signal(object)

    def __init__(self, parent: QWidget, title: str, work, on_done=None):
        super().__init__(parent)
        self.title = title
        self.cancel_event = threading.Event()
        self.result: Any = None
        self.finished = False
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.connect(self.cancel)
        self._on_done = on_done
        self.worker = _Worker(work, self.cancel_event, self)
        self.worker.progressed.connect(self._progress)
        self.worker.finishedWith.connect(self._finished)

    def start(self) -> None:
        self.worker.start()

    def cancel(self) -> None:
        self.cancel_event.set()
        self.dialog.setLabelText(f"{self.title}: cancelling…")

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(f"{self.title}\n{message}")

    def _finished(self, result: Any) -> None:
        self.worker.wait()
        self.result = result
        self.finished = True
        self.dialog.close()
        self.dialog.deleteLater()
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self.done.emit(result)
            self.deleteLater()


class TaskRunner(QObject):
    """Starts long tasks for a window and knows which are still running."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._parent = parent
        self.running: list[LongTask] = []

    def run(self, title: str, work, on_done=None) -> LongTask:
        task = LongTask(self._parent, title, work, on_done)
        self.running.append(task)
        task.done.connect(lambda _r, t=task: self.running.remove(t) if t in self.running else None)
        task.start()
        return task

    def cancel_all(self, wait_ms: int = 10000) -> None:
        for task in list(self.running):
            task.cancel()
            task.worker.wait(wait_ms)
