"""A first run that teaches: the getting-started strip on the default project names the three things to try with
the keys this window really has, "Pre-annotate all reports now" runs every suggester, "Got it" hides it for good
(remembered per user), Help > Getting started brings it back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.qt.main_window import window_settings


def test_getting_started_names_the_steps_and_their_keys(sample_project, make_window, qtbot):
    window = make_window(sample_project)
    panel = window.getting_started
    assert panel is not None and panel.isVisible()
    text = panel.text()
    assert "Pre-annotate" in text and "Ctrl+Shift+S" in text
    assert "N jumps to the next suggestion" in text and "Enter" in text and "Backspace" in text
    assert "Compare selected (Ctrl+D)" in text and "press L" in text  # the contradiction linker's key
    # it sits above the text, and the text still has most of the room
    assert panel.geometry().bottom() < window.tabs.geometry().top()


def test_getting_started_names_only_keys_that_exist(sample_with, make_window):
    window = make_window(sample_with("entity-tagger"))
    text = window.getting_started.text()
    assert "press L" not in text  # no link command installed: no promise of one
    assert "Pre-annotate entities (Ctrl+Shift+P)" in text and "Ctrl+Shift+S" in text


def test_preannotate_button_runs_the_suggesters_and_got_it_is_remembered(sample_with, make_window, qtbot):
    project = sample_with("entity-tagger")
    window = make_window(project)
    panel = window.getting_started
    assert panel.preannotate_button.isVisible()
    qtbot.mouseClick(panel.preannotate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.running, timeout=60000)
    assert project.annotations(status="suggested")
    qtbot.mouseClick(panel.close_button, Qt.LeftButton)
    assert not panel.isVisible()
    assert window_settings().value("getting_started_done", type=bool) is True
    window.close()
    again = make_window(project)
    assert again.getting_started is None  # dismissed: not shown again
    menu_action = [a for a in again.help_menu.actions() if a.objectName() == "getting_started"][0]
    menu_action.trigger()
    assert again.getting_started is not None and again.getting_started.isVisible()


def test_a_new_user_follows_the_strip_to_a_reviewed_suggestion_and_a_link(sample_project, make_window, qtbot):
    """The issue's done-when, with every bundled plugin: pre-annotate from the strip, N / Enter / Backspace in the
    text, select two reports and Ctrl+D, a claim in each pane and L (the label popup: Enter)."""
    from PySide6.QtWidgets import QApplication, QMenu

    project = sample_project
    window = make_window(project)
    strip = window.getting_started
    qtbot.mouseClick(strip.preannotate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.running, timeout=120000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pane = window.reader.pane
    qtbot.waitUntil(lambda: len(pane.index.suggestions()) > 3)
    pane.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane)
    qtbot.keyClick(pane, Qt.Key_N)
    first = pane.index.suggestion_at(*sorted((pane.textCursor().selectionStart(), pane.textCursor().selectionEnd())))
    assert first is not None
    qtbot.keyClick(pane, Qt.Key_Return)  # accept
    assert project.annotation(first.annotation.id).status == "accepted"
    second = pane.index.suggestion_at(pane.textCursor().selectionStart(), pane.textCursor().selectionEnd())
    assert second is not None and second.annotation.id != first.annotation.id  # the next one is selected
    qtbot.keyClick(pane, Qt.Key_Backspace)  # reject
    assert project.annotation(second.annotation.id).status == "rejected"
    # compare two reports: select them in the corpus list, Ctrl+D
    from PySide6.QtCore import QItemSelectionModel

    browser = window.browser
    browser.view.setFocus()
    sm = browser.view.selectionModel()
    sm.clearSelection()
    for r in (0, 1):
        sm.select(browser.proxy.index(r, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    qtbot.keyClick(browser.view, Qt.Key_D, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.compare
    cv = window.compare
    left_doc, right_doc = (project.document(i) for i in window.compare_documents())
    ls = left_doc.text.index("Lukashenko")
    rs = right_doc.text.index("Lukashenk")
    cv.left.setFocus()
    cv.left.select_cp(ls, ls + len("Lukashenko"))
    cv.right.setFocus()
    cv.right.select_cp(rs, rs + 9)
    qtbot.keyClick(cv.right, Qt.Key_L)
    menus = []
    qtbot.waitUntil(lambda: bool(menus.extend(w for w in QApplication.topLevelWidgets()
                                              if isinstance(w, QMenu) and w.isVisible()) or menus), timeout=3000)
    qtbot.keyClick(menus[0], Qt.Key_Return)
    qtbot.waitUntil(lambda: any(lk.layer == "contradiction" for lk in project.links()))
    qtbot.waitUntil(lambda: cv.links.rowCount() >= 1)
