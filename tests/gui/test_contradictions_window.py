"""The contradiction linker in the real MainWindow (pytest-qt, offscreen): select a span in each pane of the
compare view, press L, pick the label in the popup: two claims and a link, removed again by one undo; linking
within one document in the reader (L, then L on the other end); the Contradictions panel's filters (label,
document pair, status); clicking a link opens both documents in the compare view at its two ends, highlighted;
accepting and rejecting suggested candidates from the keyboard; suggesting from the panel (worker thread)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

POPUP = "contradictionLabelPopup"


@pytest.fixture
def cproject(sample_with):
    return sample_with("contradiction-linker", name="contra")


@pytest.fixture
def docs(cproject):
    return {d.source: d for d in cproject.documents()}


def _span(doc, quote):
    start = doc.text.index(quote)
    return start, start + len(quote)


def _popup(qtbot) -> QMenu:
    found = []

    def shown():
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMenu) and w.objectName() == POPUP and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=3000)
    return found[0]


def _no_popup():
    return not any(isinstance(w, QMenu) and w.objectName() == POPUP and w.isVisible()
                   for w in QApplication.topLevelWidgets())


def _panel(window):
    from annotator_contradictions.panel import ContradictionsPanel

    dock = window.plugin_ui.docks["contradictions"]
    dock.show()
    panel = dock.widget()
    assert isinstance(panel, ContradictionsPanel)
    return panel


def _claims(project):
    return project.annotations(layer="claim")


def test_link_in_compare_view_with_l_and_the_popup_then_one_undo(qtbot, make_window, cproject, docs):
    window = make_window(cproject)
    ap, afp = docs["AP"], docs["AFP"]
    window.open_compare(ap.id, afp.id)
    cv = window.compare
    ls, le = _span(ap, "some 7,000 people")
    rs, re_ = _span(afp, "at least 6,700 people detained")
    cv.left.setFocus()
    cv.left.select_cp(ls, le)
    cv.right.setFocus()
    cv.right.select_cp(rs, re_)
    qtbot.keyClick(cv.right, Qt.Key_L)
    menu = _popup(qtbot)
    names = [a.data() for a in menu.actions()]
    assert names == ["contradicts", "disputes", "differs-in-detail", "corroborates"]
    assert [a.text().split()[0] for a in menu.actions()] == ["&1", "&2", "&3", "&4"]
    assert cproject.links() == []  # nothing is made before a label is chosen
    qtbot.keyClick(menu, Qt.Key_3)
    qtbot.waitUntil(lambda: len(cproject.links()) == 1)
    (link,) = cproject.links()
    assert (link.layer, link.label, link.status) == ("contradiction", "differs-in-detail", "accepted")
    ends = {(a.document_id, a.start, a.end) for a in _claims(cproject)}
    assert ends == {(ap.id, ls, le), (afp.id, rs, re_)}
    src, dst = cproject.annotation(link.source_id), cproject.annotation(link.target_id)
    assert (src.document_id, dst.document_id) == (ap.id, afp.id)
    # the link is drawn between the panes and listed under them
    qtbot.waitUntil(lambda: cv.links.rowCount() == 1)
    assert "differs-in-detail" in cv.links.item(0, 0).text()
    assert "linked" in window.statusBar().currentMessage()
    # one undo takes the link and both claims it created
    cv.right.setFocus()
    qtbot.keyClick(cv.right, Qt.Key_Z, Qt.ControlModifier)
    assert cproject.links() == [] and _claims(cproject) == []
    qtbot.waitUntil(lambda: cv.links.rowCount() == 0)
    qtbot.keyClick(cv.right, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)  # redo brings all three back
    assert len(cproject.links()) == 1 and len(_claims(cproject)) == 2


def test_label_popup_enter_takes_the_last_label_and_escape_cancels(qtbot, make_window, cproject, docs):
    window = make_window(cproject)
    cbc, tmt = docs["CBC"], docs["The Moscow Times"]
    window.open_compare(cbc.id, tmt.id)
    cv = window.compare

    def link_with(key, left_quote, right_quote):
        cv.left.select_cp(*_span(cbc, left_quote))
        cv.right.setFocus()
        cv.right.select_cp(*_span(tmt, right_quote))
        qtbot.keyClick(cv.right, Qt.Key_L)
        menu = _popup(qtbot)
        qtbot.keyClick(menu, key)
        qtbot.waitUntil(_no_popup)

    link_with(Qt.Key_2, "Belarusian police said he was killed", "who they say died when an explosive device")
    assert [lk.label for lk in cproject.links()] == ["disputes"]
    # Esc: nothing is made, nothing to undo
    link_with(Qt.Key_Escape, "fled to Lithuania the day after the election", "left the country on Tuesday")
    assert len(cproject.links()) == 1 and len(_claims(cproject)) == 2
    # Enter: the label used last (disputes) is the default
    link_with(Qt.Key_Return, "fled to Lithuania the day after the election", "left the country on Tuesday")
    assert sorted(lk.label for lk in cproject.links()) == ["disputes", "disputes"]
    # an existing claim is reused as an end: four claims for two links, one shared by a third link
    link_with(Qt.Key_1, "fled to Lithuania the day after the election", "who they say died when an explosive device")
    assert len(cproject.links()) == 3 and len(_claims(cproject)) == 4, window.statusBar().currentMessage()


def test_same_document_link_in_the_reader(qtbot, make_window, cproject, docs):
    window = make_window(cproject)
    cbc = docs["CBC"]
    window.open_document(cbc.id)
    pane = window.reader.pane
    first = _span(cbc, "Belarusian police said he was killed")
    second = _span(cbc, "he had a perforation in his chest")
    pane.select_cp(*first)
    qtbot.keyClick(pane, Qt.Key_L)
    assert "first end marked" in window.statusBar().currentMessage()
    assert _no_popup() and cproject.links() == []
    pane.select_cp(*second)
    qtbot.keyClick(pane, Qt.Key_L)
    qtbot.keyClick(_popup(qtbot), Qt.Key_2)
    qtbot.waitUntil(lambda: len(cproject.links()) == 1)
    (link,) = cproject.links()
    src, dst = cproject.annotation(link.source_id), cproject.annotation(link.target_id)
    assert (src.document_id, src.start, src.end) == (cbc.id, *first)
    assert (dst.document_id, dst.start, dst.end) == (cbc.id, *second)
    assert link.label == "disputes"
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    assert cproject.links() == [] and _claims(cproject) == []


@pytest.fixture
def reviewed(cproject, docs):
    """Suggested candidates, plus one link made by hand within CBC."""
    from annotator_contradictions.linking import create_link_between_spans

    assert not cproject.suggest("contradiction-linker").errors
    cbc = docs["CBC"]
    create_link_between_spans(cproject, (cbc.id, *_span(cbc, "Belarusian police said he was killed")),
                              (cbc.id, *_span(cbc, "he had a perforation in his chest")), "disputes",
                              note="partner contradicts police", facet="cause")
    return cproject


def test_panel_filters_by_label_document_pair_and_status(qtbot, make_window, reviewed):
    window = make_window(reviewed)
    panel = _panel(window)
    links = reviewed.links(layer="contradiction")
    assert panel.table.rowCount() == len(links) > 20
    assert panel.count_label.text().startswith(f"{len(links)} of {len(links)} link(s)")
    # label
    panel.label_filter.setCurrentText("contradicts")
    want = sum(lk.label == "contradicts" for lk in links)
    assert 0 < panel.table.rowCount() == want
    assert {panel.table.item(r, 1).text() for r in range(panel.table.rowCount())} == {"contradicts"}
    panel.label_filter.setCurrentIndex(0)
    # status: the one accepted link made by hand
    panel.status_filter.setCurrentText("accepted")
    assert panel.table.rowCount() == 1
    assert "partner contradicts police" in panel.table.item(0, 5).text()
    panel.status_filter.setCurrentIndex(0)
    # document pair: AP and AFP only
    i = panel.pair_filter.findText("AFP ↔ AP")
    assert i > 0
    panel.pair_filter.setCurrentIndex(i)
    outlets = {panel.table.item(r, c).text().split(":")[0] for r in range(panel.table.rowCount()) for c in (3, 4)}
    assert outlets == {"AP", "AFP"} and panel.table.rowCount() >= 3
    # within one document
    panel.pair_filter.setCurrentIndex(panel.pair_filter.findText("CBC (within)"))
    assert panel.table.rowCount() >= 1
    assert all(panel.table.item(r, 3).text().startswith("CBC:") and panel.table.item(r, 4).text().startswith("CBC:")
               for r in range(panel.table.rowCount()))
    # text
    panel.pair_filter.setCurrentIndex(0)
    qtbot.keyClicks(panel.search, "6,700")
    assert 0 < panel.table.rowCount() < len(links)


def test_clicking_a_link_opens_both_ends_in_the_compare_view(qtbot, make_window, reviewed, docs):
    window = make_window(reviewed)
    panel = _panel(window)
    row = next(i for i, r in enumerate(panel.rows) if "6,700" in r.reason)
    data = panel.rows[row]
    assert data.source.document_id != data.target.document_id
    item = panel.table.item(row, 3)
    panel.table.scrollToItem(item)
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=panel.table.visualItemRect(item).center())
    cv = window.compare
    assert window.tabs.currentWidget() is cv
    assert window.compare_documents() == (data.source.document_id, data.target.document_id)
    assert cv.left.selection_cp() == (data.source.start, data.source.end)
    assert cv.right.selection_cp() == (data.target.start, data.target.end)
    assert cv.current_link == data.link_id  # highlighted: the thick curve and the selected row below
    assert cv.links.selectionModel().selectedRows()[0].row() == next(
        i for i, r in enumerate(cv.link_rows) if r["link"].id == data.link_id)
    for pane, cp in ((cv.left, data.source.start), (cv.right, data.target.start)):
        assert 0 <= pane.y_of(cp) <= pane.viewport().height()  # scrolled to the end
    assert panel.table.hasFocus()  # review goes on from the keyboard
    # a same-document link opens the document in both panes
    panel.pair_filter.setCurrentIndex(panel.pair_filter.findText("CBC (within)"))
    same = panel.rows[0]
    item = panel.table.item(0, 3)
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=panel.table.visualItemRect(item).center())
    assert window.compare_documents() == (docs["CBC"].id, docs["CBC"].id)
    assert cv.left.selection_cp() == (same.source.start, same.source.end)
    assert cv.right.selection_cp() == (same.target.start, same.target.end)


def test_accept_and_reject_candidates_from_the_keyboard(qtbot, make_window, reviewed):
    window = make_window(reviewed)
    panel = _panel(window)
    panel.status_filter.setCurrentText("suggested")
    n = panel.table.rowCount()
    panel.table.setFocus()
    panel.table.setCurrentCell(0, 0)
    first = panel.current_row()
    qtbot.keyClick(panel.table, Qt.Key_A)
    link = reviewed.link(first.link_id)
    assert link.status == "accepted"
    assert {reviewed.annotation(i).status for i in (link.source_id, link.target_id)} == {"accepted"}
    assert panel.table.rowCount() == n - 1  # gone from the "suggested" filter, the next one is current
    second = panel.current_row()
    assert second.link_id != first.link_id
    qtbot.keyClick(panel.table, Qt.Key_R)
    assert reviewed.link(second.link_id).status == "rejected"
    third = panel.current_row()
    qtbot.keyClick(panel.table, Qt.Key_Return)
    assert reviewed.link(third.link_id).status == "accepted"
    fourth = panel.current_row()
    qtbot.keyClick(panel.table, Qt.Key_Backspace)
    assert reviewed.link(fourth.link_id).status == "rejected"
    assert panel.table.rowCount() == n - 4
    # each review is one undo step, links and claims together
    window.undo_action.trigger()
    assert reviewed.link(fourth.link_id).status == "suggested"
    # the note editor saves on Enter
    panel.status_filter.setCurrentText("accepted")
    panel.table.setCurrentCell(0, 0)
    target = panel.current_row()
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "AP says some 7,000")
    qtbot.keyClick(panel.note_edit, Qt.Key_Return)
    assert reviewed.link(target.link_id).attributes["note"] == "AP says some 7,000"


def test_suggest_from_the_panel_runs_off_the_ui_thread(qtbot, make_window, cproject):
    window = make_window(cproject)
    panel = _panel(window)
    assert panel.table.rowCount() == 0
    qtbot.mouseClick(panel.suggest_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() > 20, timeout=20000)
    assert panel.rows[0].reason and panel.rows[0].score >= panel.rows[-1].score
    assert "Contradictions:" in window.statusBar().currentMessage()
    # the reason and what was compared show under the table
    panel.table.setCurrentCell(0, 0)
    assert " vs " in panel.reason_label.text() and "→" in panel.reason_label.text()


def test_panel_fits_a_1366x768_window_without_horizontal_scrolling(qtbot, make_window, cproject):
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

    cproject.suggest("contradiction-linker")  # rows with long claims, reasons and every document pair
    window = make_window(cproject)
    window.showNormal()
    window.resize(1366, 768)
    panel = _panel(window)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.table.rowCount() > 10)
    qtbot.waitUntil(lambda: window.width() <= 1366)
    QApplication.processEvents()
    assert panel.pair_filter.count() > 3  # long "AFP ↔ The Moscow Times" entries are in the combo
    assert window.frameGeometry().width() <= 1366 or window.width() <= 1366
    # the panel lives in the dock's scroll area: at the width a side dock of that window gets (about 340 px) it
    # asks for no more, the dock never scrolls sideways, and nothing the panel shows is cut off at the right
    from PySide6.QtWidgets import QScrollArea

    dock = window.plugin_ui.docks["contradictions"]
    dock.show()
    dock.raise_()
    dock.setFloating(True)
    dock.resize(340, 600)
    qtbot.waitUntil(lambda: dock.width() == 340)
    QApplication.processEvents()
    scroll = dock.findChild(QScrollArea, "panelScroll")
    assert panel.minimumSizeHint().width() <= 300, panel.minimumSizeHint()
    assert panel.minimumSizeHint().width() <= scroll.viewport().width()
    assert not scroll.horizontalScrollBar().isVisible()
    assert panel.width() <= scroll.viewport().width()
    # the table keeps status, label and both claims in the width; the selected row's reason is under it
    table = panel.table
    assert [table.isColumnHidden(c) for c in range(table.columnCount())] == [False, False, True, False, False,
                                                                              True, True]
    assert table.horizontalHeader().length() <= table.viewport().width() + 1
    panel.table.selectRow(0)
    QApplication.processEvents()
    assert panel.reason_label.text()  # the selected row's facet, reason and note
    dock.resize(900, 600)  # a floating dock made wide shows every column again
    qtbot.waitUntil(lambda: not table.isColumnHidden(5))
    for child in panel.findChildren(QWidget):
        if child.isVisible() and not isinstance(child.parent(), QAbstractScrollArea) and child.parent() is panel:
            right = child.mapTo(panel, child.rect().topRight()).x()
            assert right <= panel.width(), (child, right, panel.width())
