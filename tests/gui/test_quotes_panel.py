"""The Quotes panel and the quote-marker's keys in the real MainWindow (pytest-qt, offscreen): every quote with
speaker, outlet and kind; filters; who is quoted where; same-statement variants side by side with differences
highlighted; double-click opens the quote in the reader; Q marks a selection; S sets the speaker from a
selection; Shift+S and the speaker editor with completion from the entity registry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


@pytest.fixture
def qproject(sample_with):
    return sample_with("quote-marker", name="quotes")


@pytest.fixture
def suggested(qproject):
    assert not qproject.suggest("quote-marker").errors
    return qproject


def _panel(window):
    from annotator_quotes.panel import QuotesPanel

    dock = window.plugin_ui.docks["quotes"]
    dock.show()
    panel = dock.widget()
    assert isinstance(panel, QuotesPanel)
    return panel


def _select(pane, start, end):
    pane.setFocus()
    pane.select_cp(start, end)
    pane.exact_selection = True


def _double_click(qtbot, view, item):
    """What a user does: a press-release, then the double click (Qt's item views need the first click)."""
    view.scrollToItem(item)
    pos = view.visualItemRect(item).center()
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=pos)


def _doc(project, source):
    return next(d for d in project.documents() if d.source == source)


def test_panel_lists_filters_and_opens_quotes(qtbot, make_window, suggested):
    window = make_window(suggested)
    panel = _panel(window)
    total = len(suggested.annotations(layer="quote"))
    assert panel.table.rowCount() == total
    assert panel.table.horizontalHeaderItem(0).text() == "Speaker"
    panel.outlet_filter.setCurrentIndex(panel.outlet_filter.findData("AFP"))
    assert panel.table.rowCount() == 22
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("direct"))
    shown = {panel.table.item(r, 0).text() for r in range(panel.table.rowCount())}
    assert shown == {"crowd", "Alexei Linich", "Olga Nesteruk", "Alexander Lukashenko"}
    panel.speaker_filter.setCurrentIndex(panel.speaker_filter.findData("Alexei Linich"))
    assert panel.table.rowCount() == 1 and panel.summary.text() == f"1 of {total} quotes"
    # double-click: the reader shows the quote, selected
    _double_click(qtbot, panel.table, panel.table.item(0, 0))
    afp = _doc(suggested, "AFP")
    assert window.current_document_id() == afp.id
    start, end = window.reader.pane.snapped_selection()
    assert afp.text[start:end].startswith("It’s obvious")


def test_who_is_quoted_where_and_a_click_lists_those_quotes(qtbot, make_window, suggested):
    window = make_window(suggested)
    panel = _panel(window)
    headers = [panel.counts.horizontalHeaderItem(c).text() for c in range(panel.counts.columnCount())]
    assert headers == ["AFP", "AP", "CBC", "RFE/RL", "The Moscow Times", "Total"]
    assert panel.counts.verticalHeaderItem(0).text() == "Alexander Lukashenko"
    assert panel.counts.item(0, headers.index("AP")).text() == "3"
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(panel.counts.isVisible)
    _double_click(qtbot, panel.counts, panel.counts.item(0, headers.index("CBC")))
    assert panel.tabs.currentIndex() == 0
    rows = {(panel.table.item(r, 0).text(), panel.table.item(r, 1).text()) for r in range(panel.table.rowCount())}
    assert rows == {("Alexander Lukashenko", "CBC")}


def test_same_statement_variants_side_by_side(qtbot, make_window, suggested):
    from PySide6.QtWidgets import QPushButton, QTextBrowser

    window = make_window(suggested)
    panel = _panel(window)
    panel.tabs.setCurrentIndex(2)
    labels = [panel.groups.item(i).text() for i in range(panel.groups.count())]
    index = next(i for i, t in enumerate(labels) if "AFP, AP, CBC" in t)
    panel.groups.setCurrentRow(index)
    boxes = panel.variant_views
    assert [b.findChild(QPushButton).text() for b in boxes] == ["AFP · direct", "AP · direct", "CBC · direct"]
    afp_html = boxes[0].findChild(QTextBrowser).toHtml()
    assert "intermediaries" in afp_html and "#ffe082" in afp_html  # worded differently: highlighted
    qtbot.mouseClick(boxes[1].findChild(QPushButton), Qt.LeftButton)
    assert window.current_document_id() == _doc(suggested, "AP").id
    grab = panel.grab()
    assert not grab.isNull()


def test_q_marks_a_quote_and_s_sets_its_speaker(qtbot, make_window, qproject):
    window = make_window(qproject)
    panel = _panel(window)
    rfe = _doc(qproject, "RFE/RL")
    window.open_document(rfe.id)
    pane = window.reader.pane
    start = rfe.text.index("Defending Belarus")
    end = rfe.text.index("others,'") + len("others,")
    _select(pane, start, end)
    qtbot.keyClick(pane, Qt.Key_Q)
    qtbot.waitUntil(lambda: len(qproject.annotations(layer="quote")) == 1)
    (quote,) = qproject.annotations(layer="quote")
    assert (quote.start, quote.end, quote.status) == (start, end, "accepted")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    name = rfe.text.index("Lukashenka added")
    _select(pane, name, name + len("Lukashenka"))
    qtbot.keyClick(pane, Qt.Key_S)
    qtbot.waitUntil(lambda: qproject.annotation(quote.id).attributes.get("speaker") == "Lukashenka")
    qtbot.waitUntil(lambda: panel.table.item(0, 0).text() == "Lukashenka")
    # the hand-marked quote got a kind (direct, once it has a speaker) and counts in "who is quoted where"
    assert qproject.annotation(quote.id).attributes.get("kind") == "direct"
    qtbot.waitUntil(lambda: panel.counts.rowCount() == 1)
    assert panel.counts.verticalHeaderItem(0).text() == "Lukashenka"
    assert panel.counts.horizontalHeaderItem(0).text() == "RFE/RL"
    assert panel.counts.item(0, 0).text() == "1"
    # the kind stays editable: a partial quote still counts, a scare quote (no speaker) does not
    from annotator_quotes.commands import set_kind

    set_kind(qproject, quote.id, "partial")
    qtbot.waitUntil(lambda: qproject.annotation(quote.id).attributes.get("kind") == "partial")
    qtbot.waitUntil(lambda: panel.counts.rowCount() == 1 and panel.counts.item(0, 0).text() == "1")
    set_kind(qproject, quote.id, "scare")
    qtbot.waitUntil(lambda: panel.counts.rowCount() == 0)


def test_quotes_panel_fits_a_1366x768_window_without_horizontal_scrolling(qtbot, make_window, suggested):
    from PySide6.QtCore import QSize

    window = make_window(suggested)
    window.resize(QSize(1366, 768))
    window.show()
    panel = _panel(window)
    dock = window.plugin_ui.docks["quotes"]
    qtbot.waitUntil(lambda: dock.isVisible())
    QApplication.processEvents()
    assert window.width() <= 1366 and window.height() <= 768
    # the panel asks for no more than a side dock of that window can give, and shows no horizontal scroll bar
    from PySide6.QtWidgets import QScrollArea

    scroll = dock.findChild(QScrollArea, "panelScroll")  # the dock's scroll area around the panel
    # the dock as wide as the real window at 1366x768 gives the side area (benchmarks/quotes_panel_fit.py: 346)
    dock.setFloating(True)
    dock.resize(340, 600)
    qtbot.waitUntil(lambda: dock.width() == 340)
    assert panel.sizeHint().width() <= 1366 // 3, panel.sizeHint()
    assert panel.minimumSizeHint().width() <= 300, panel.minimumSizeHint()  # a side dock is about 340 px
    assert panel.minimumSizeHint().width() <= scroll.viewport().width()
    for index in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(index)
        if index == 2:
            panel.groups.setCurrentRow(0)  # the variants of a same-statement group side by side
        QApplication.processEvents()
        assert not scroll.horizontalScrollBar().isVisible(), panel.tabs.tabText(index)
    panel.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert not panel.table.horizontalScrollBar().isVisible()
    assert panel.table.horizontalScrollBar().maximum() == 0
    assert sum(panel.table.columnWidth(i) for i in range(panel.table.columnCount())) \
        <= panel.table.viewport().width()


def test_shift_q_marks_with_speaker_and_shift_s_edits_it_with_completion(qtbot, make_window, qproject):
    qproject.add_entity("Alexander Lukashenko", "PERSON", aliases=["Lukashenka", "Alyaksandr Lukashenka"])
    window = make_window(qproject)
    panel = _panel(window)
    rfe = _doc(qproject, "RFE/RL")
    window.open_document(rfe.id)
    pane = window.reader.pane
    start = rfe.text.index("'There is a need")
    end = rfe.text.index("anymore,'") + len("anymore,'")
    _select(pane, start, end)  # the marks are selected too: the command leaves them out
    qtbot.keyClick(pane, Qt.Key_Q, Qt.ShiftModifier)
    qtbot.waitUntil(lambda: len(qproject.annotations(layer="quote")) == 1)
    (quote,) = qproject.annotations(layer="quote")
    assert rfe.text[quote.start - 1] == "'" and rfe.text[quote.end] == "'"
    assert quote.attributes["speaker"] == "Alyaksandr Lukashenka"
    ent = qproject.entities()[0]
    assert quote.attributes["speaker_entity_id"] == ent.id  # the name is an alias in the registry
    _select(pane, quote.start + 3, quote.start + 8)
    qtbot.keyClick(pane, Qt.Key_S, Qt.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.speaker_edit)
    assert panel.selected_id() == quote.id
    panel.speaker_edit.clear()
    qtbot.keyClicks(panel.speaker_edit, "alexander")
    popup = panel.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert panel.completer.currentCompletion() == "Alexander Lukashenko"
    qtbot.keyClick(popup, Qt.Key_Down)
    qtbot.keyClick(popup, Qt.Key_Return)
    assert panel.speaker_edit.text() == "Alexander Lukashenko"
    qtbot.keyClick(panel.speaker_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: qproject.annotation(quote.id).attributes["speaker"] == "Alexander Lukashenko")
    assert qproject.annotation(quote.id).attributes["speaker_entity_id"] == ent.id


def test_panel_follows_undo_and_hides_suggestions_on_request(qtbot, make_window, suggested):
    window = make_window(suggested)
    panel = _panel(window)
    total = panel.table.rowCount()
    first = suggested.annotations(layer="quote")[0]
    suggested.reject(first.id)
    qtbot.waitUntil(lambda: panel.table.rowCount() == total - 1)
    suggested.undo()
    qtbot.waitUntil(lambda: panel.table.rowCount() == total)
    suggested.accept(first.id)
    panel.suggested.setChecked(False)
    assert panel.table.rowCount() == 1


def test_the_window_attribute_editor_keeps_the_cue_a_json_object(qtbot, make_window, suggested):
    from annotator.qt.attribute_editor import AnnotationEditor

    window = make_window(suggested)
    quote = next(a for a in suggested.annotations(layer="quote") if a.attributes.get("cue"))
    cue = dict(quote.attributes["cue"])
    editor = AnnotationEditor(suggested, quote, window)
    qtbot.addWidget(editor)
    kind_type, kind_box = editor.fields["kind"]
    assert kind_type == "choice"
    kind_box.setCurrentText("partial")
    editor.accept()
    after = suggested.annotation(quote.id)
    assert after.attributes["kind"] == "partial"
    assert after.attributes["cue"] == cue  # still an object, not its text


def test_panel_follows_quotes_suggested_from_the_command_line(qtbot, make_window, qproject, annotator_cli):
    window = make_window(qproject)
    panel = _panel(window)
    assert panel.table.rowCount() == 0
    annotator_cli("suggest", "-p", qproject.path, "--plugin", "quote-marker")
    qtbot.waitUntil(lambda: panel.table.rowCount() > 40, timeout=5000)
