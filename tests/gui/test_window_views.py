"""The views of the real window: compare view with a link drawn and listed (clicking it scrolls both panes),
document and corpus search, corpus browser, annotation panel, import and export through the long-task runner,
suggestions off the UI thread, persistence of the layout."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator import ExportFilters, Project
from annotator.qt.attribute_editor import AnnotationEditor


def long_doc_pair(project):
    docs = sorted(project.documents(), key=lambda d: -len(d.text))
    return docs[0], docs[1]


def test_compare_view_shows_two_documents_and_a_link(window, gui_project, qtbot):
    left, right = long_doc_pair(gui_project)
    # spans near the end of both documents, so the panes must scroll to show them
    ls = left.text.rindex("Lukashenk")
    rs = right.text.rindex("Lukashenk")
    with gui_project.batch():
        a = gui_project.add_annotation(left.id, ls, ls + 10, "claim", "claim")
        b = gui_project.add_annotation(right.id, rs, rs + 10, "claim", "claim")
        link = gui_project.add_link(a.id, b.id, "relation", "contradicts")
    window.open_compare(left.id, right.id)
    assert window.tabs.currentWidget() is window.compare
    assert window.compare_documents() == (left.id, right.id)
    cv = window.compare
    assert cv.left.text == left.text and cv.right.text == right.text
    assert cv.left.index.get(a.id) and cv.right.index.get(b.id)  # own highlights
    assert cv.links.rowCount() == 1 and "contradicts" in cv.links.item(0, 0).text()
    assert cv.left.marks[a.id] == cv.right.marks[b.id]  # matching colour on both ends
    cv.left.verticalScrollBar().setValue(0)
    cv.right.verticalScrollBar().setValue(0)
    qtbot.wait(10)
    rect = cv.links.visualItemRect(cv.links.item(0, 1))
    qtbot.mouseClick(cv.links.viewport(), Qt.LeftButton, pos=rect.center())
    assert cv.left.selection_cp() == (ls, ls + 10) and cv.right.selection_cp() == (rs, rs + 10)
    assert cv.left.verticalScrollBar().value() > 0 and cv.right.verticalScrollBar().value() > 0
    for pane, cp in ((cv.left, ls), (cv.right, rs)):
        y = pane.y_of(cp)
        assert 0 <= y <= pane.viewport().height()
    assert cv.current_link == link.id
    cv.gutter.grab()  # the curve paints without error


def test_link_command_in_compare_view_with_l_key(window, gui_project, qtbot):
    left, right = long_doc_pair(gui_project)
    window.open_compare(left.id, right.id)
    cv = window.compare
    i, j = left.text.index("Putin"), right.text.index("Lukashenk")
    cv.left.select_cp(i, i + 5)
    cv.right.select_cp(j, j + 3)  # part of a word: the window hands over the snapped span
    assert window.compare_selections() == ((left.id, i, i + 5), (right.id, j, right.text.index(" ", j)))
    cv.right.setFocus()
    qtbot.keyClick(cv.right, Qt.Key_L)
    assert len(gui_project.links()) == 1
    qtbot.waitUntil(lambda: cv.links.rowCount() == 1)


def test_find_in_document_and_across_corpus(window, gui_project, qtbot):
    window.reader.pane.setFocus()
    qtbot.keyClick(window.reader.pane, Qt.Key_F, Qt.ControlModifier)
    bar = window.reader.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "lukashenk")
    text = window.reader.pane.text
    n = text.lower().count("lukashenk")
    assert bar.count.text() == f"1 of {n}"
    s = window.reader.pane.selection_cp()
    assert text[s[0]:s[1]].lower() == "lukashenk"
    qtbot.keyClick(bar.edit, Qt.Key_Return)
    assert bar.count.text() == f"2 of {n}"
    qtbot.keyClick(bar.edit, Qt.Key_Escape)
    assert not bar.isVisible()

    qtbot.keyClick(window.reader.pane, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.search_dock.isVisible()
    qtbot.keyClicks(window.search.edit, "Lukashenka")
    qtbot.keyClick(window.search.edit, Qt.Key_Return)
    hits = gui_project.search("Lukashenka")
    assert window.search.results.count() == len(hits) > 0
    other = next(i for i, (doc, _p) in enumerate(hits) if doc != window.reader.document_id)
    item = window.search.results.item(other)
    window.search.results.itemActivated.emit(item)
    doc, pos = hits[other]
    assert window.reader.document_id == doc
    assert window.reader.pane.selection_cp() == (pos, pos + len("Lukashenka"))


def test_corpus_browser_filter_sort_open_and_compare(window, gui_project, qtbot):
    b = window.browser
    assert b.proxy.rowCount() == 5
    qtbot.keyClicks(b.filter, "moscow")
    assert b.proxy.rowCount() == 1
    b.view.setFocus()
    b.view.setCurrentIndex(b.proxy.index(0, 0))
    qtbot.keyClick(b.view, Qt.Key_Return)
    assert gui_project.document(window.reader.document_id).source == "The Moscow Times"
    b.filter.clear()
    b.view.sortByColumn(0, Qt.DescendingOrder)
    outlets = [b.proxy.index(r, 0).data() for r in range(5)]
    assert outlets == sorted(outlets, key=str.casefold, reverse=True)
    sm = b.view.selectionModel()
    b.view.selectAll()
    assert not b.compare_button.isEnabled()
    sm.clearSelection()
    from PySide6.QtCore import QItemSelectionModel

    for r in (0, 2):
        sm.select(b.proxy.index(r, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    assert b.compare_button.isEnabled()
    qtbot.mouseClick(b.compare_button, Qt.LeftButton)
    assert window.tabs.currentWidget() is window.compare
    assert set(window.compare_documents()) == {b.proxy.index(0, 0).data(Qt.UserRole + 1),
                                               b.proxy.index(2, 0).data(Qt.UserRole + 1)}
    # counts follow edits
    doc = window.compare_documents()[0]
    gui_project.add_annotation(doc, 0, 4, "mention", "ORG")
    qtbot.waitUntil(lambda: any(b.proxy.index(r, 3).data() == "1" for r in range(5)))


def test_annotation_panel_jump_filter_edit_delete(window, gui_project, qtbot):
    doc = window.reader.document_id
    text = gui_project.text(doc)
    late = text.rindex("Putin")
    a = gui_project.add_annotation(doc, late, late + 5, "mention", "PERSON")
    gui_project.add_annotation(doc, 0, 4, "claim", "claim")
    panel = window.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    panel.set_filter(layer="mention")
    assert [r.id for r in panel.model.rows] == [a.id]
    cell = panel.table.visualRect(panel.model.index(0, 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=cell)
    assert window.reader.pane.selection_cp() == (late, late + 5)
    editor = AnnotationEditor(gui_project, a, window)
    editor.label_box.setCurrentText("ORG")
    editor.accept()
    assert gui_project.annotation(a.id).label == "ORG"
    qtbot.waitUntil(lambda: panel.model.rows and panel.model.rows[0].label == "ORG")
    panel.table.selectRow(0)
    assert panel.delete_selected() == 1
    assert gui_project.annotation(a.id) is None


def test_import_through_the_window_reports_refused_files(window, gui_project, qtbot, tmp_path):
    src = tmp_path / "incoming"
    src.mkdir()
    (src / "new.txt").write_text("A new report from Minsk.\n\nPolice detained 7,000 people.", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    task = window.import_paths([src / "new.txt", src / "binary.txt"])
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    rows = window.last_import_dialog.rows()
    assert any("imported" in r[1] for r in rows if r[0] == "new.txt")
    refused = [r for r in rows if r[0] == "binary.txt"]
    assert refused and refused[0][1].startswith("refused:")
    assert len(gui_project.documents()) == 6
    qtbot.waitUntil(lambda: window.browser.proxy.rowCount() == 6)
    # the whole reason: wrapped in the list, and in full (with the path) under it for the chosen file
    dialog = window.last_import_dialog
    assert dialog.tree.wordWrap()
    reason = next(r["reason"] for r in task.result.refused if r["path"].endswith("binary.txt"))
    assert refused[0][1] == f"refused: {reason}"
    item = next(dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())
                if dialog.tree.topLevelItem(i).text(0) == "binary.txt")
    dialog.tree.setCurrentItem(item)
    assert reason in dialog.detail.text() and str(src / "binary.txt") in dialog.detail.text()
    window.last_import_dialog.close()


def test_export_and_suggest_run_off_the_ui_thread(window, gui_project, qtbot, tmp_path):
    doc = window.reader.document_id
    task = window.suggest(None, [doc])
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    suggested = gui_project.annotations(document_id=doc, status="suggested")
    assert suggested and all(a.origin == "demo" for a in suggested)
    qtbot.waitUntil(lambda: len(window.reader.pane.index.suggestions()) == len(suggested))
    gui_project.accept(suggested[0].id)
    out = tmp_path / "out.json"
    task = window.export_to("json", str(out), ExportFilters(statuses=("accepted",)))
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    assert not isinstance(window.last_export_result, BaseException), window.last_export_result
    data = json.loads(out.read_text())
    assert "annotator" in json.dumps(data)[:2000] or data


def test_window_api_suggest_runs_one_plugin_over_all_documents_and_calls_back(window, gui_project, qtbot):
    """What a plugin's "pre-annotate" command calls: WindowAPI.suggest(plugin, title=..., on_done=...)."""
    results = []
    task = window.suggest("demo", title="Demo suggestions", on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert task.finished and not isinstance(results[0], BaseException), results[0]
    suggested = gui_project.annotations(status="suggested")
    assert {a.document_id for a in suggested} == {d.id for d in gui_project.documents()}
    assert all(a.origin == "demo" for a in suggested)
    assert results[0].summary() in window.statusBar().currentMessage()


def test_cancelled_suggest_stores_nothing(window, gui_project, qtbot):
    import threading

    started = threading.Event()

    def work(task):
        p = gui_project.reopen()
        try:
            started.set()
            while not task.cancelled:
                threading.Event().wait(0.01)
            return p.suggest(None, None, task)
        finally:
            p.close()

    results = []
    task = window.run_long("Suggesting", work, results.append)
    assert started.wait(5)
    from PySide6.QtWidgets import QPushButton

    cancel = task.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: task.finished, timeout=10000)
    assert results and results[0].cancelled
    assert gui_project.annotations(status="suggested") == []


def test_layout_and_font_size_persist(window, gui_project, make_window, qtbot, gui_host):
    window.search_dock.show()
    window.set_font_size(15)
    window.close()
    again = Project(gui_project.path, host=gui_host, author="tester")
    w2 = make_window(again)
    assert w2.search_dock.isVisible()
    assert w2.reader.pane.font().pointSizeF() == 15
    assert w2.reader.document_id == window.reader.document_id  # the last document reopens
    w2.close()
    again.close()


def test_visible_range_follows_scrolling_in_a_long_document(window, gui_project, qtbot):
    from PySide6.QtCore import QPoint

    from annotator import ImportBatch, NewDocument

    text = "\n\n".join(d.text for d in gui_project.documents()) * 12
    gui_project.store_batch(ImportBatch(documents=[NewDocument(text, title="long", id="LONGDOC", clean=False)]))
    late = text.rindex("Lukashenk")
    gui_project.add_annotation("LONGDOC", late, late + 9, "mention", "PERSON")
    window.open_document("LONGDOC")
    pane = window.reader.pane
    pane.viewport().repaint()
    bar = pane.verticalScrollBar()
    for value in (0, bar.maximum() // 2, bar.maximum(), bar.maximum() // 5, 0):
        bar.setValue(value)
        pane.viewport().repaint()
        lo, hi = pane._visible_range()
        x = pane.viewport().width() // 2
        pane.cursorForPosition(QPoint(x, 2))  # Qt's first hit test after a layout change can be stale
        first = pane.cursorForPosition(QPoint(x, 2)).position()
        last = pane.cursorForPosition(QPoint(x, pane.viewport().height() - 3)).position()
        assert lo <= first <= last <= hi, (value, lo, hi, first, last)
        assert hi - lo < 20000
    pane.select_cp(late, late + 9)  # scrolls there: the highlight is among what is painted
    pane.viewport().repaint()
    assert any(s.annotation.start == late for s in pane.index.overlapping(*pane._visible_range()))


def test_attribute_editor_uses_the_layer_fields(window, gui_project):
    doc = window.reader.document_id
    a = gui_project.add_annotation(doc, 0, 5, "claim", "claim", {"note": "first pass"})
    editor = AnnotationEditor(gui_project, a, window)
    kind, box = editor.fields["confidence"]
    assert kind == "choice" and [box.itemText(i) for i in range(box.count())] == ["", "low", "high"]
    box.setCurrentText("high")
    editor.fields["checked"][1].setChecked(True)
    editor.fields["note"][1].setText("second pass")
    editor.accept()
    assert gui_project.annotation(a.id).attributes == {"confidence": "high", "checked": True, "note": "second pass"}


def test_export_dialog_builds_the_filters(window, gui_project, tmp_path):
    from annotator.qt.import_export import ExportDialog

    dialog = ExportDialog(gui_project, window, current_document=window.reader.document_id)
    names = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert "json" in names and set(names) == set(gui_project.exporters())
    assert dialog.filters() == ExportFilters(statuses=("accepted",))  # everything, accepted only
    dialog.status_boxes["suggested"].setChecked(True)
    dialog.layers.item(0).setCheckState(Qt.Unchecked)
    dialog.authors.setText("tester, Olga")
    f = dialog.filters()
    assert f.statuses == ("accepted", "suggested") and f.authors == ("tester", "Olga")
    assert dialog.layers.item(0).data(Qt.UserRole) not in f.layers and len(f.layers) == dialog.layers.count() - 1
    dialog.format.setCurrentIndex(names.index("json"))
    fmt, path, _f = dialog.choice()
    assert fmt == "json" and path.endswith(".json")


def test_edits_from_the_command_line_show_up_in_the_open_window(window, gui_project, qtbot):
    """Another connection (the CLI, a second window) writes to the file: the window polls and redraws."""
    doc = window.reader.document_id
    assert window.panel.model.rowCount() == 0
    other = gui_project.reopen()
    try:
        ann = other.add_annotation(doc, 0, 9, "mention", "PERSON", status="suggested")
    finally:
        other.close()
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: [s.id for s in window.reader.pane.index.suggestions()] == [ann.id])


def test_compare_opens_scrolled_to_both_ends_even_as_the_layout_changes(window, gui_project, qtbot):
    """Ends near the bottom of two documents, opened from the reader while the side panels close (F9): once Qt
    has laid the panes out, both ends are on screen."""
    a, b = gui_project.documents()[:2]
    ends = []
    for doc in (a, b):
        text = gui_project.text(doc.id)
        start = text.rindex(" ", 0, len(text) - 40) + 1
        ends.append((doc.id, start, start + 5))
    window.resize(1500, 920)
    window.set_side_panels_visible(False)
    window.open_compare(*ends)
    panes = (window.compare.left, window.compare.right)

    def on_screen():
        return all(0 <= pane.y_of(s) <= pane.viewport().height() for pane, (_d, s, _e) in zip(panes, ends))

    qtbot.waitUntil(on_screen, timeout=2000)
    qtbot.wait(100)  # and it stays there once the layout has settled
    assert on_screen()
    assert [pane.selection_cp() for pane in panes] == [(s, e) for _d, s, e in ends]


def test_empty_states_say_what_to_do(tmp_path, gui_host, make_window, qtbot):
    empty = Project(tmp_path / "empty.annotator", host=gui_host, author="tester")
    w = make_window(empty)
    assert w.browser.empty_hint.isVisible() and "Import" in w.browser.empty_hint.text()
    assert "import" in w.reader.header.text().lower()
    w.panel.reload()
    assert w.panel.empty_hint.isVisible() and "Open a document" in w.panel.empty_hint.text()
    w.tabs.setCurrentWidget(w.compare)
    assert "Compare selected" in w.compare.left_header.text()
    w.close()
    empty.close()


def test_annotation_table_empty_state_follows_the_document(window, gui_project, qtbot):
    doc = window.reader.document_id
    window.panel_dock.show()
    window.panel.reload()
    assert "No annotations in this document yet" in window.panel.empty_hint.text()
    assert window.panel.empty_hint.isVisible()
    gui_project.add_annotation(doc, 0, 4, "claim", "claim")
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 1)
    assert not window.panel.empty_hint.isVisible()
    window.panel.set_filter(status="rejected")
    assert "matches these filters" in window.panel.empty_hint.text()


def test_one_long_step_shows_a_moving_bar_and_the_time_it_has_taken(window, qtbot):
    """A suggester busy with one big document reports 0 of 1 until it is done: the dialog shows a moving bar
    (not a frozen 0%), the last message and the seconds elapsed, updated every second."""
    import threading

    release = threading.Event()

    def work(task):
        task.progress(0, 1, "entity tagger: Big report")
        release.wait(10)
        task.progress(1, 1, "done")
        return 42

    task = window.run_long("Suggesting annotations", work)
    qtbot.waitUntil(lambda: task.done_total == (0, 1))
    assert task.dialog.maximum() == 0  # busy indicator
    qtbot.waitUntil(lambda: task.elapsed() > 1.1, timeout=3000)
    qtbot.waitUntil(lambda: " s" in task.dialog.labelText() and "1 s" in task.dialog.labelText(), timeout=3000)
    assert "entity tagger: Big report" in task.dialog.labelText()
    release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert task.result == 42


def test_a_failed_suggestion_run_shows_details(window, qtbot, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("the model file is missing")

    monkeypatch.setattr(type(window.project), "suggest", broken)
    task = window.suggest(None, None)
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    box = window.last_error
    assert "the model file is missing" in box.text()
    qtbot.mouseClick(box.details_button, Qt.LeftButton)
    assert "Traceback" in box.details.toPlainText() and "RuntimeError" in box.details.toPlainText()
    box.close()
