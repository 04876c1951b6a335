"""Starting the window: `annotator gui --smoke-test` on the default project (created with the sample corpus),
the WindowAPI protocol, switching projects (File > New/Open/Open Recent) and the recent list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator import Project, config
from annotator.window_api import WindowAPI


def test_cli_smoke_test_opens_the_default_project_and_exits_0(tmp_path):
    env = {**os.environ, "ANNOTATOR_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    exe = Path(sys.executable).with_name("annotator")
    out = subprocess.run([str(exe), "gui", "--smoke-test"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "window ready" in out.stdout and "5 documents" in out.stdout
    assert (tmp_path / "home" / config.DEFAULT_PROJECT_NAME).is_file()


def test_smoke_test_without_a_display_falls_back_to_offscreen(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["ANNOTATOR_HOME"] = str(tmp_path / "home")
    project = tmp_path / "p.annotator"
    Project(project).close()
    exe = Path(sys.executable).with_name("annotator")
    out = subprocess.run([str(exe), str(project)], env={**env, "ANNOTATOR_LOAD_PLUGINS": "core-readers"},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "no display" in out.stderr and "Traceback" not in out.stderr
    out = subprocess.run([str(exe), "gui", "--smoke-test", str(project)], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr


def test_main_window_implements_the_window_api(window):
    assert isinstance(window, WindowAPI)
    for name in ("current_document_id", "selection", "compare_selections", "compare_documents", "open_document",
                 "open_compare", "active_layer", "set_active_layer", "refresh", "show_message", "suggest", "run_long"):
        assert callable(getattr(window, name))
    assert window.current_document_id() == window.reader.document_id is not None
    assert window.selection() is None
    window.reader.pane.select_cp(0, 3)
    doc = window.reader.document_id
    text = window.project.text(doc)
    assert window.selection() == (doc, 0, text.index(" "))
    window.set_active_layer("claim")
    assert window.active_layer() == "claim"
    assert window.keys.keymap.bindings["1"].payload == ("claim", "claim")
    window.show_message("hello", 1000)
    assert window.statusBar().currentMessage() == "hello"


def test_open_and_switch_projects_and_recent_list(window, gui_project, tmp_path, qtbot):
    assert str(Path(gui_project.path).resolve()) in config.recent_projects()
    other = tmp_path / "other.annotator"
    new_window = window.switch_project(str(other))
    try:
        assert new_window is not None and new_window.project.path == other
        assert new_window.isVisible() and not window.isVisible()
        assert other.is_file() and config.recent_projects()[0] == str(other.resolve())
    finally:
        new_window.close()
        QApplication.processEvents()


def test_switching_to_a_damaged_file_keeps_the_window(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "bad.annotator"
    bad.write_bytes(b"this is not a database" * 100)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert window.switch_project(str(bad)) is None
    assert window.isVisible() and warnings and "bad.annotator" in warnings[0]


def _run_window(env, *args):
    exe = Path(sys.executable).with_name("annotator")
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=120)


def test_dead_display_prints_one_line_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(ANNOTATOR_HOME=str(tmp_path / "home"), DISPLAY=":95")  # nothing listens there in the tests
    if Path("/tmp/.X11-unix/X95").exists():
        import pytest

        pytest.skip("an X server runs on :95")
    out = _run_window(env)
    assert out.returncode == 1, (out.returncode, out.stderr)  # not 134 (Qt's abort)
    lines = [x for x in out.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, out.stderr
    assert "no X server answers on DISPLAY=:95" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "Traceback" not in out.stderr


def test_unknown_platform_plugin_is_named(tmp_path):
    env = {**os.environ, "ANNOTATOR_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "nosuchplatform"}
    out = _run_window(env)
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert "no platform plugin 'nosuchplatform'" in out.stderr and "annotator --help" in out.stderr


def test_missing_library_and_no_display_are_explained():
    from annotator.qt.display_check import explain

    qt_output = ('qt.core.library: "/x/plugins/platforms/libqxcb.so" cannot load: Cannot load library '
                 '/x/plugins/platforms/libqxcb.so: (libxcb-icccm.so.4: cannot open shared object file: No such file '
                 'or directory)\nqt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt '
                 'xcb platform plugin.\n')
    line = explain(qt_output, {"DISPLAY": ":0"})
    assert "the library libxcb-icccm.so.4 is missing" in line and "QT_QPA_PLATFORM=offscreen" in line
    assert "no display: DISPLAY and WAYLAND_DISPLAY are not set" in explain("", {})
