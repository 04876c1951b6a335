"""Does the window fit the screen it is on? The checks the layout tests and the Xvfb script share.

:func:`problems` lists what is wrong (empty: all well): a top-level window, a dock or the status bar reaching
outside the screen's available area, the reader (or the compare view's two panes) narrower than half the window.

``python -m annotator.qt.layout_check [PROJECT]`` opens the window (on the default project, or PROJECT) on the
current display, prints one JSON line (screen, window, docks, reader width, problems) and exits with 1 if
there is a problem: run it under ``QT_QPA_PLATFORM=offscreen:configfile=screen.json`` or a real X server.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget


def global_rect(widget: QWidget) -> QRect:
    if widget.isWindow():
        return widget.frameGeometry()
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _inside(rect: QRect, area: QRect) -> bool:
    return area.contains(rect.topLeft()) and area.contains(rect.bottomRight())


def problems(window, *, compare: bool = True) -> list[str]:
    """What does not fit (each a sentence); checks the compare view too when ``compare``."""
    QApplication.processEvents()
    area = window.screen().availableGeometry()
    out: list[str] = []
    for top in QApplication.topLevelWidgets():
        if top.isVisible() and not _inside(global_rect(top), area):
            out.append(f"top-level {top.objectName() or type(top).__name__} {_fmt(global_rect(top))} is not inside "
                       f"the screen's available area {_fmt(area)}")
    parts = [("status bar", window.statusBar())] + [
        (f"dock {d.objectName()}", d) for d in window.findChildren(QDockWidget) if d.isVisible()]
    for name, w in parts:
        if w.isVisible() and not w.visibleRegion().isEmpty() and not _inside(global_rect(w), area):
            out.append(f"{name} {_fmt(global_rect(w))} is not inside the screen {_fmt(area)}")
    if window.reader.pane.width() * 2 < window.width():
        out.append(f"the reader is {window.reader.pane.width()} px wide, less than half the window "
                   f"({window.width()} px)")
    if compare:
        before = window.tabs.currentWidget()
        docs = [d["id"] for d in window.project.document_summaries()]
        if not all(window.compare.documents()) and len(docs) >= 2:
            window.open_compare(docs[0], docs[1])
        window.tabs.setCurrentWidget(window.compare)
        for _ in range(3):
            QApplication.processEvents()
        both = window.compare.left.width() + window.compare.right.width()
        if both * 2 < window.width():
            out.append(f"the compare panes are {both} px wide together, less than half the window")
        if not _inside(global_rect(window), area):
            out.append(f"opening the compare view moved the window out of the screen: {_fmt(global_rect(window))}")
        window.tabs.setCurrentWidget(before)
        QApplication.processEvents()
    return out


def report(window) -> dict:
    area = window.screen().availableGeometry()
    return {
        "screen": _fmt(area),
        "window": _fmt(global_rect(window)),
        "reader_width": window.reader.pane.width(),
        "docks": {d.objectName(): _fmt(global_rect(d)) for d in window.findChildren(QDockWidget) if d.isVisible()},
        "problems": problems(window),
    }


def _fmt(r: QRect) -> str:
    return f"{r.width()}x{r.height()}+{r.x()}+{r.y()}"


def main(argv: list[str]) -> int:
    from .app import _application, open_window

    app = _application()
    window = open_window(argv[0] if argv else None)
    for _ in range(10):
        app.processEvents()
    result = report(window)
    print(json.dumps(result))
    window.close()
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
