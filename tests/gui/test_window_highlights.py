"""Readable highlights: label names drawn above the spans (toggled with Ctrl+L, remembered), a colour-blind-safe
default palette for the entity labels with accepted and suggested drawn differently, and tooltips that name what
an attribute's id refers to (an entity's name, not its id)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000", "#999999"}


def _line_gap(pane) -> float:
    block = pane.document().begin()
    return block.blockFormat().lineHeight()


def test_label_names_are_drawn_and_toggle_with_ctrl_l(window, gui_project, qtbot):
    doc = window.reader.document_id
    text = gui_project.text(doc)
    gui_project.add_annotation(doc, 0, text.index(" "), "mention", "PERSON")
    pane = window.reader.pane
    qtbot.waitUntil(lambda: len(pane.index) == 1)
    assert window.label_names_action.isChecked()  # on by default
    assert pane.tag_names() == ["PERSON"]
    before = pane.grab().toImage()
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key_L, Qt.ControlModifier)
    assert not pane.show_label_names and pane.tag_names() == []
    assert _line_gap(pane) < 200
    after = pane.grab().toImage()
    assert before != after  # the names (and the wider line spacing) were really painted
    qtbot.keyClick(pane, Qt.Key_L, Qt.ControlModifier)
    assert pane.show_label_names and _line_gap(pane) > 200
    from annotator.qt.main_window import window_settings

    assert window_settings().value("label_names", type=bool) is True


def test_entity_palette_is_colour_blind_safe_and_distinct(sample_with):
    project = sample_with("entity-tagger")
    labels = project.layer("entity").labels
    colours = [lab.color.lower() for lab in labels]
    assert set(colours) <= OKABE_ITO and len(set(colours)) == len(colours)


def test_suggested_and_accepted_are_drawn_differently(window, gui_project, qtbot):
    doc = window.reader.document_id
    text = gui_project.text(doc)
    end = text.index(" ")
    ann = gui_project.add_annotation(doc, 0, end, "mention", "PERSON", status="suggested", origin="demo")
    pane = window.reader.pane
    window.set_label_names(False)
    qtbot.waitUntil(lambda: len(pane.index) == 1)
    rect = pane._rects(0, pane.omap.to_utf16(end))[0].toRect()
    suggested = pane.grab(rect.adjusted(0, 0, 0, 8)).toImage()
    gui_project.set_status([ann.id], "accepted")
    qtbot.waitUntil(lambda: pane.index.get(ann.id).annotation.status == "accepted")
    accepted = pane.grab(rect.adjusted(0, 0, 0, 8)).toImage()
    assert suggested != accepted
    # the accepted span is filled: the middle of the word's box is no longer white
    mid = accepted.pixelColor(rect.width() // 2, 2)
    assert mid != QColor("#ffffff")


def test_tooltip_names_the_entity_not_its_id(sample_with, make_window, qtbot):
    project = sample_with("entity-tagger")
    project.suggest()
    window = make_window(project)
    linked = [a for a in project.annotations(layer="entity") if a.attributes.get("entity_id")]
    assert linked
    a = linked[0]
    window.open_document(a.document_id)
    pane = window.reader.pane
    span = pane.index.get(a.id)
    html = pane.tooltip_html([span])
    entity = project.entity(a.attributes["entity_id"])
    assert entity.canonical_name in html and a.attributes["entity_id"] not in html
    assert "entity:" in html
