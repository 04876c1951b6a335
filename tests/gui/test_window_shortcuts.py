"""Keyboard shortcuts: every shortcut of the window (with every bundled plugin) is listed with its scope, and no
two overlap on one key sequence on X11, macOS or Windows (standard keys expanded with each platform's bindings,
not only the offscreen platform's). Del acts only in the table that has focus, Ctrl+F searches the focused pane,
a panel's key brings a tabbed panel to the front."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from annotator.qt.shortcut_audit import STANDARD_BINDINGS, collisions, mark_standard, window_shortcuts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def full_window(sample_project, make_window):
    """The window with every installed plugin (entities, quotes, contradictions, interchange)."""
    return make_window(sample_project)


def test_no_shortcut_collides_on_any_platform(full_window):
    shortcuts = window_shortcuts(full_window)
    listing = "\n".join(s.describe() for s in shortcuts)
    assert "Ctrl+D" in listing and "Del" in listing  # the ones the issue found colliding are listed
    plain = [s for s in shortcuts if len(s.key) == 1 and s.key.isalnum()]
    assert plain and all(s.widget is not None for s in plain), "a plain letter or digit key is window-wide"
    assert collisions(shortcuts) == [], listing


def test_the_audit_finds_a_standard_key_collision_on_x11_only(full_window):
    """A Del shortcut made with the standard Delete key would also take Ctrl+D on X11 (Compare selected)."""
    sc = QShortcut(full_window)
    sc.setKeys(QKeySequence.keyBindings(QKeySequence.StandardKey.Delete))
    mark_standard(sc, "Delete")
    found = collisions(window_shortcuts(full_window))
    assert any(c.startswith("x11: Ctrl+D") for c in found), found
    assert not any(c.startswith(("windows: Ctrl+D", "macos: Ctrl+D")) for c in found), found
    assert any(c.startswith("windows: Del") for c in found)  # window-wide Del also hides the tables' Del
    sc.deleteLater()


def test_standard_keys_are_only_bound_through_the_audited_helper():
    """``QKeySequence.Delete`` and friends expand per platform: code binds them only via standard_keys()."""
    names = "|".join(STANDARD_BINDINGS)
    pattern = re.compile(rf"QKeySequence(\.StandardKey)?\.({names})\b")
    offenders = []
    for base in ("annotator", "plugins"):
        for path in (ROOT / base).rglob("*.py"):
            if path.name == "shortcut_audit.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_delete_key_acts_only_in_the_focused_table(window, gui_project, qtbot):
    doc = window.reader.document_id
    text = gui_project.text(doc)
    ann = gui_project.add_annotation(doc, 0, text.index(" "), "claim", "claim")
    window.panel_dock.show()
    window.panel.reload()
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 1)
    window.panel.select_annotation(ann.id)
    window.reader.pane.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.reader.pane)
    qtbot.keyClick(window.reader.pane, Qt.Key_Delete)
    assert gui_project.annotation(ann.id) is not None  # Del in the reader does not delete the table's row
    window.panel.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.table)
    qtbot.keyClick(window.panel.table, Qt.Key_Delete)
    assert gui_project.annotation(ann.id) is None


def test_ctrl_d_compares_the_selected_documents(window, qtbot):
    browser = window.browser
    browser.view.setFocus()
    browser.view.selectAll()
    sm = browser.view.selectionModel()
    sm.clearSelection()
    from PySide6.QtCore import QItemSelectionModel

    for r in (0, 1):
        sm.select(browser.proxy.index(r, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    qtbot.keyClick(browser.view, Qt.Key_D, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.compare
    assert all(window.compare_documents())


def test_ctrl_f_searches_the_focused_compare_pane(window, gui_project, qtbot):
    docs = gui_project.documents()
    window.open_compare(docs[0].id, docs[1].id)
    right = window.compare.right
    right.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is right)
    qtbot.keyClick(right, Qt.Key_F, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.compare  # stays in the compare view
    assert right.find_bar.isVisible() and not window.reader.find_bar.isVisible()
    word = docs[1].text.split()[3]
    qtbot.keyClicks(right.find_bar.edit, word)
    sel = right.selection_cp()
    assert sel is not None and docs[1].text[sel[0]:sel[1]].lower() == word.lower()


def test_ctrl_f_in_the_corpus_list_filters_it(window, qtbot):
    window.browser.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.browser.view)
    qtbot.keyClick(window.browser.view, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is window.browser.filter


def test_panel_key_raises_a_tabbed_panel_instead_of_hiding_it(sample_project, make_window, qtbot):
    window = make_window(sample_project)
    quotes = window.plugin_ui.docks["quotes"]
    entities = window.plugin_ui.docks["entities"]
    assert quotes in window.tabifiedDockWidgets(entities) or entities in window.tabifiedDockWidgets(quotes)
    entities.raise_()
    qtbot.waitUntil(lambda: quotes.visibleRegion().isEmpty())
    window.toggle_panel("quotes")  # what Ctrl+Shift+Q does
    qtbot.waitUntil(lambda: not quotes.visibleRegion().isEmpty())
    assert quotes.isVisible()
    window.toggle_panel("quotes")  # in front already: now it hides
    assert not quotes.isVisible()
    window.toggle_panel("quotes")
    assert quotes.isVisible()


def test_help_lists_every_key_with_where_it_works(full_window):
    dialog = full_window.shortcuts_dialog()
    rows = {(k, where) for k, _what, where in dialog.rows}
    assert ("N", "text") in rows and ("Ctrl+Z", "anywhere") in rows and ("Ctrl+L", "anywhere") in rows
    assert ("C", "entities-table") in rows and ("Del", "annotationTable") in rows
    assert any(what.startswith("Bring the Quotes panel") for _k, what, _w in dialog.rows)
    assert dialog.table.rowCount() == len(dialog.rows)
    dialog.close()
