"""Plugins in the real window: a plugin's panel and command appear and work; a plugin that raises in a panel
factory or a command shows a non-modal error, is disabled, and the window keeps working; the Plugins dialog
lists plugins and enables/disables them per project."""

from __future__ import annotations

from demo_plugins import CORPUS, RaisingCommandPlugin, RaisingPlugin
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from annotator import Project


def menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_plugin_panel_and_command_appear_and_work(window, demo, gui_project, qtbot):
    dock = window.findChild(QDockWidget, "panel:demo.panel")
    assert dock is not None and dock.widget() is demo.panel_widget
    assert "5 documents" in demo.panel_widget.text()
    assert "Demo" in menu_titles(window)
    act = window.plugin_ui.actions["demo.count"]
    assert act.shortcut().toString() == "Ctrl+Alt+W"
    assert act in window.plugin_toolbar.actions()
    # nested menu path Demo/Compare
    assert window.plugin_ui.menus["/Demo/Compare"].actions() == [window.plugin_ui.actions["demo.link"]]
    doc = window.reader.document_id
    text = gui_project.text(doc)
    gui_project.add_annotation(doc, 0, text.index(" "), "mention", "PERSON")
    window.reader.pane.setFocus()
    window.reader.pane.select_cp(0, 3)
    qtbot.keyClick(window.reader.pane, Qt.Key_W, Qt.ControlModifier | Qt.AltModifier)
    assert demo.runs and demo.runs[-1]["document_id"] == doc and demo.runs[-1]["window"] is window
    assert demo.runs[-1]["selection"] == (0, text.index(" "))  # snapped to the word
    assert window.statusBar().currentMessage() == "1 annotations here"


def test_raising_panel_factory_and_command_disable_the_plugin(tmp_path, gui_host, make_window, qtbot):
    gui_host.register_object(RaisingPlugin(), name="bad")
    gui_host.register_object(RaisingCommandPlugin(), name="fragile")
    project = Project(tmp_path / "bad.annotator", host=gui_host, author="tester")
    w = make_window(project)
    # the panel factory raised: no panel, plugin failed, a non-modal error with details
    assert w.findChild(QDockWidget, "panel:bad.panel") is None
    assert gui_host.info["bad"].status == "failed"
    qtbot.waitUntil(lambda: w.error_box is not None and w.error_box.isVisible())
    assert not w.error_box.isModal()
    assert "panel factory exploded" in w.error_box.text()
    assert "RuntimeError" in w.error_box.detailedText() and "Traceback" in w.error_box.detailedText()
    assert "bad.cmd" not in w.plugin_ui.actions  # its command left the window too
    qtbot.waitUntil(lambda: "Bad" not in menu_titles(w))
    # the fragile plugin's panel works until its command raises
    assert w.findChild(QDockWidget, "panel:fragile.panel") is not None
    ok, _ = w.run_command("fragile.cmd")
    assert not ok
    assert gui_host.info["fragile"].status == "failed"
    qtbot.waitUntil(lambda: "KeyError" in w.error_box.detailedText())
    qtbot.waitUntil(lambda: w.findChild(QDockWidget, "panel:fragile.panel") is None)
    assert "Fragile" not in menu_titles(w)
    # the window still works: demo plugin's keys still annotate
    doc = project.import_paths([CORPUS]).imported[0]["document_id"]
    w.refresh()
    w.open_document(doc)
    w.reader.pane.setFocus()
    w.reader.pane.select_cp(0, 4)
    qtbot.keyClick(w.reader.pane, Qt.Key_1)
    assert len(project.annotations(document_id=doc)) == 1
    w.close()
    project.close()


def test_raising_hook_is_reported_and_window_survives(window, gui_project, gui_host, qtbot):
    from annotator import hookimpl

    class HookRaiser:
        @hookimpl
        def annotation_changed(self, change, project):
            raise ValueError("hook exploded")

    gui_host.register_object(HookRaiser(), name="hooky")
    pane = window.reader.pane
    pane.setFocus()
    pane.select_cp(0, 5)
    qtbot.keyClick(pane, Qt.Key_1)
    assert len(gui_project.annotations()) == 1  # the edit is committed all the same
    assert gui_host.info["hooky"].status == "failed"
    qtbot.waitUntil(lambda: window.error_box is not None and "hook exploded" in window.error_box.text())


def test_plugins_dialog_lists_and_disables_per_project(window, gui_project, qtbot):
    dialog = window.plugins_dialog()
    names = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "demo" in names and "core-readers" in names
    row = names.index("demo")
    assert dialog.table.item(row, 2).text() == "1.0"
    assert dialog.table.item(row, 3).text() == "ok"
    dialog.table.item(row, 0).setCheckState(Qt.Unchecked)
    assert gui_project.get_setting("core", "disabled_plugins") == ["demo"]
    qtbot.waitUntil(lambda: window.findChild(QDockWidget, "panel:demo.panel") is None)
    assert "Demo" not in menu_titles(window)
    assert window.active_layer() is None  # its layers are gone
    dialog.reload()
    dialog.table.item(row, 0).setCheckState(Qt.Checked)
    qtbot.waitUntil(lambda: window.findChild(QDockWidget, "panel:demo.panel") is not None)
    assert window.active_layer() == "mention"
    dialog.close()


def test_show_details_reveals_the_traceback(tmp_path, gui_host, make_window, qtbot):
    gui_host.register_object(RaisingPlugin(), name="bad")
    project = Project(tmp_path / "bad.annotator", host=gui_host, author="tester")
    w = make_window(project)
    qtbot.waitUntil(lambda: w.error_box is not None and w.error_box.isVisible())
    box = w.error_box
    assert not box.details.isVisible()
    qtbot.mouseClick(box.details_button, Qt.LeftButton)
    assert box.details.isVisible() and "Traceback" in box.details.toPlainText()
    assert box.details_button.text() == "Hide Details"
    qtbot.mouseClick(box.details_button, Qt.LeftButton)
    assert not box.details.isVisible()
    w.close()
    project.close()


def test_plugins_dialog_shows_a_failed_plugin_as_failed_with_retry(tmp_path, gui_host, make_window, qtbot):
    gui_host.register_object(RaisingCommandPlugin(), name="fragile")
    project = Project(tmp_path / "fragile.annotator", host=gui_host, author="tester")
    w = make_window(project)
    ok, _ = w.run_command("fragile.cmd")
    assert not ok and gui_host.info["fragile"].status == "failed"
    qtbot.waitUntil(lambda: w.findChild(QDockWidget, "panel:fragile.panel") is None)
    dialog = w.plugins_dialog()
    names = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    row = names.index("fragile")
    assert dialog.table.item(row, 0).checkState() == Qt.Unchecked  # not ticked: it is not running
    assert dialog.table.item(row, 3).text().startswith("failed")
    dialog.select_plugin("demo")
    assert not dialog.retry_button.isEnabled()
    dialog.select_plugin("fragile")
    assert dialog.retry_button.isEnabled()
    assert "KeyError" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.retry_button, Qt.LeftButton)
    assert gui_host.info["fragile"].status == "ok"
    qtbot.waitUntil(lambda: w.findChild(QDockWidget, "panel:fragile.panel") is not None)
    assert dialog.table.item(row, 0).checkState() == Qt.Checked and dialog.table.item(row, 3).text() == "ok"
    dialog.close()
    w.close()
    project.close()
