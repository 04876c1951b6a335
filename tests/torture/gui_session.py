"""A scripted session in the real window (offscreen), for the torture tests and ``benchmarks/torture.py``:
for ``SECONDS`` it annotates selections, accepts and rejects suggestions, undoes and redoes, toggles the
docks (bool signals: the PySide6 6.12 reference leak), switches documents and runs the window's own Suggest
(a worker thread writing thousands of proposals in chunks) — while other processes use the same file. Then
it quits through the window like a person and prints one JSON line of figures.

``python tests/torture/gui_session.py PROJECT SECONDS``: exit status 0 when the session ended normally and
no error reached the person (no exception into the event loop, no "locked" message).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from torture_support import host  # noqa: E402

from annotator import SpanSuggestion, Suggester, hookimpl  # noqa: E402


class ManySuggestions:
    """A suggester proposing a GPE on every third word of each document: thousands of proposals."""

    @hookimpl
    def register_suggesters(self, register):
        def suggest(project, documents, task):
            rng = random.Random(len(documents))
            for d in documents:
                pos = 0
                for i, word in enumerate(d.text.split(" ")):
                    if i % 3 == rng.randint(0, 2) and word:
                        yield SpanSuggestion(d.id, pos, pos + len(word), "entity", "GPE")
                    pos += len(word) + 1

        register(Suggester("many", suggest, "Many suggestions", ("entity",)))


def main(path: str, seconds: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator import Project
    from annotator.qt.main_window import MainWindow

    errors: list[str] = []
    def hook(t, v, tb):  # what would reach the person; the traceback goes to stderr for the test's message
        import traceback

        errors.append(f"{t.__name__}: {v}")
        traceback.print_exception(t, v, tb, file=sys.stderr)

    sys.excepthook = hook
    app = QApplication.instance() or QApplication([])
    h = host()
    h.register_object(ManySuggestions(), "many")
    project = Project(path, host=h, author="window-user")
    window = MainWindow(project, owns_project=True)
    window.show()
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda m: messages.append(m) if m else None)
    rng = random.Random(11)
    docs = [d.id for d in project.documents()]
    expected: set[str] = set()  # the window's annotations that must be in the file at the end
    figures = {"actions": 0, "annotated": 0, "undo": 0, "redo": 0, "reviewed": 0, "toggles": 0, "suggest": 0}
    deadline = time.monotonic() + float(seconds)
    docks = [window.browser_dock, window.panel_dock, window.search_dock]
    last_suggest = [0.0]

    def track(changes) -> None:
        for c in changes:
            if c.kind == "annotation" and c.author == "window-user" and c.after is not None and c.before is None:
                expected.add(c.after.id)
            elif c.kind == "annotation" and c.after is None and c.before is not None:
                expected.discard(c.before.id)

    def step() -> None:
        if time.monotonic() >= deadline:
            timer.stop()
            window.close()
            QTimer.singleShot(200, app.quit)
            return
        figures["actions"] += 1
        r = rng.random()
        pane = window.reader.pane
        if r < 0.02 and time.monotonic() - last_suggest[0] > 3:  # the window's own Suggest, on a worker
            last_suggest[0] = time.monotonic()
            window.suggest("many", [rng.choice(docs)])
            figures["suggest"] += 1
        elif r < 0.05:
            window.open_document(rng.choice(docs))
        elif r < 0.45:
            if window.reader.document_id is None:
                window.open_document(docs[0])
                return
            n = len(pane.text)
            s = rng.randrange(0, max(1, n - 12))
            pane.select_cp(s, s + rng.randint(2, 10))
            a = window.annotator.annotate("entity", rng.choice(["PERSON", "ORG"]), exact=True)
            if a is not None:
                expected.add(a.id)
                figures["annotated"] += 1
        elif r < 0.6:
            track(project.undo() if project.can_undo() else [])
            figures["undo"] += 1
        elif r < 0.7:
            track(project.redo() if project.can_redo() else [])
            figures["redo"] += 1
        elif r < 0.85:
            if window.annotator.step(True):
                window.annotator.review(rng.choice(["accepted", "rejected"]))
                figures["reviewed"] += 1
        else:
            d = rng.choice(docks)
            d.toggleViewAction().trigger()
            figures["toggles"] += 1

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(15)
    code = app.exec()
    figures.update(exit=code, errors=errors, locked_messages=[m for m in messages if "locked" in m.lower()],
                   expected=sorted(expected))
    print(json.dumps(figures))
    sys.stdout.flush()
    return 0 if code == 0 and not errors and not figures["locked_messages"] else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
