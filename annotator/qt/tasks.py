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
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
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
        self.started_at = time.perf_counter()
        self.message = ""
        self.done_total = (0, 0)
        # a step that reports nothing for a while (one big document) still shows that it runs and for how long:
        # a moving bar, the last message and the seconds elapsed
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.worker = _Worker(work, self.cancel_event, self)
        self.worker.progressed.connect(self._progress)
        self.worker.finishedWith.connect(self._finished)

    def start(self) -> None:
        self.started_at = time.perf_counter()
        self._ticker.start()
        self.worker.start()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started_at

    def label_text(self) -> str:
        done, total = self.done_total
        lines = [self.title]
        if self.message:
            lines.append(self.message)
        where = f"{done} of {total} · " if total > 1 else ""
        lines.append(f"{where}{self.elapsed():.0f} s")
        return "\n".join(lines)

    def _tick(self) -> None:
        if not self.finished and not self.cancel_event.is_set():
            self.dialog.setLabelText(self.label_text())

    def cancel(self) -> None:
        self.cancel_event.set()
        self.dialog.setLabelText(f"{self.title}: cancelling…")

    def _progress(self, done: int, total: int, message: str) -> None:
        self.done_total = (done, total)
        if total > 1 or (total == 1 and done >= 1):
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        else:  # nothing finer than "one step, not done yet" (a single document): a moving bar, not 0%
            self.dialog.setMaximum(0)
            self.dialog.setValue(0)
        if message:
            self.message = message
        self.dialog.setLabelText(self.label_text())

    def _finished(self, result: Any) -> None:
        self._ticker.stop()
        self.worker.wait()
        self.result = result
        self.finished = True
        was_shown = self.dialog.isVisible()
        self.dialog.close()
        self.dialog.deleteLater()
        parent = self.parent()
        if was_shown and isinstance(parent, QWidget) and parent.isVisible():
            parent.activateWindow()  # the keyboard goes back to the window the dialog covered
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
        """Cancel every running task (the window is closing): their results are no longer delivered, since the
        project they would refresh is about to close (a queued "done" after that would hit a closed file)."""
        for task in list(self.running):
            task._on_done = None
            task.cancel()
            task.worker.wait(wait_ms)
