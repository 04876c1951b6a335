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
