"""Starting the window: the QApplication, the project (a given file or the default project with the sample
corpus), the main window, and ``--smoke-test`` (draw once, then quit with exit code 0)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_WINDOWS: list = []  # open main windows (kept referenced; a window removes itself when closed)


def _choose_platform(smoke_test: bool) -> str | None:
    """Without a display, a smoke test draws offscreen; the window says it cannot open (one line, returned).
    A display that is set but unusable is caught when the QApplication starts (:mod:`.display_check`)."""
    from .display_check import explain

    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if smoke_test:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            return None
        return explain("")
    return None


def _application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .display_check import create_application

    app = QApplication.instance()
    if app is None:
        # when Qt cannot open a window here it says why in one line and exits 1 (instead of Qt's abort)
        app = create_application(lambda: QApplication(sys.argv[:1]))
        app.setApplicationName("Annotator")
        app.setOrganizationName("annotator")
        app.setDesktopFileName("annotator")
        icon = _icon_path()
        if icon is not None:
            app.setWindowIcon(QIcon(str(icon)))
    return app


def _icon_path() -> Path | None:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "resources" / "icons" / "annotator.png",
                      here.parent / "packaging" / "icons" / "png" / "annotator-256.png",
                      here.parent / "packaging" / "icons" / "png" / "annotator.png"):
        if candidate.is_file():
            return candidate
    return None


def open_window(project_path: str | Path | None = None, *, plugin_dirs=(), host=None):
    """Open a project (or the default one) in a new main window and show it."""
    from .. import config
    from ..plugins import PluginHost
    from ..services.project import Project
    from .main_window import MainWindow

    _application()
    if host is None:
        dirs = list(plugin_dirs)
        default_dir = config.plugins_dir()
        if default_dir.is_dir() and default_dir not in [Path(d) for d in dirs]:
            dirs.append(default_dir)
        host = PluginHost(plugin_dirs=dirs)
    project = config.ensure_default_project(host=host) if project_path is None else Project(project_path, host=host)
    window = MainWindow(project, owns_project=True, plugin_dirs=plugin_dirs)
    _WINDOWS.append(window)
    window.destroyed.connect(lambda *_a, w=window: _WINDOWS.remove(w) if w in _WINDOWS else None)
    from PySide6.QtCore import Qt

    window.setAttribute(Qt.WA_DeleteOnClose)
    window.show()
    return window


def run_app(project: str | None = None, plugin_dirs: list = [], smoke_test: bool = False) -> int:  # noqa: B006
    """Run the window until it is closed. Returns the exit code.

    ``smoke_test``: open the window, let it draw once, print how long it took, and quit with 0.
    """
    started = time.perf_counter()
    problem = _choose_platform(smoke_test)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer

    app = _application()
    window = open_window(project, plugin_dirs=plugin_dirs)
    if smoke_test:
        def finish() -> None:
            window.repaint()
            print(f"smoke test: window ready in {time.perf_counter() - started:.3f} s "
                  f"({window.project.name}, {len(window.project.document_summaries())} documents)")
            window.close()
            app.quit()

        QTimer.singleShot(0, finish)
        QTimer.singleShot(20000, lambda: app.exit(1))  # a window that never becomes idle fails the smoke test
    return app.exec()
