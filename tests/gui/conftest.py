"""Fixtures for the window tests: a plugin host with only the core plugins and the in-test demo plugin (so the
tests do not depend on which bundled plugins exist), real project files in ``tmp_path``, the real MainWindow."""

from __future__ import annotations

import pytest
from demo_plugins import CORPUS, DemoPlugin

CORE_PLUGINS = ["core-cleaners", "core-readers", "core-json"]


@pytest.fixture
def demo():
    return DemoPlugin()


@pytest.fixture
def gui_host(demo):
    from annotator.plugins import PluginHost

    host = PluginHost(load=CORE_PLUGINS)
    host.register_object(demo, name="demo", version="1.0")
    return host


@pytest.fixture
def gui_project(tmp_path, gui_host):
    from annotator import Project

    proj = Project(tmp_path / "gui.annotator", host=gui_host, author="tester")
    report = proj.import_paths([CORPUS])
    assert len(report.imported) == 5, report.refused
    yield proj
    proj.close()


@pytest.fixture
def make_window(qtbot):
    from PySide6.QtWidgets import QApplication

    from annotator.qt.main_window import MainWindow

    windows = []

    def make(project):
        w = MainWindow(project)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.tasks.cancel_all()
        w.close()


@pytest.fixture
def window(gui_project, make_window):
    return make_window(gui_project)
