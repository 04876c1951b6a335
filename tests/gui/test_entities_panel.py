"""The Entities panel and the entity tagger's commands in the real MainWindow (pytest-qt, offscreen): pre-annotate
from the panel, review entities with the keyboard, open mentions in the reader, rename, merge, split, the label
editor, manual tagging with the number keys and "Tag all other occurrences"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit


@pytest.fixture
def ent_project(sample_with):
    return sample_with("entity-tagger", name="entities")


def _panel(window):
    from annotator_entities.panel import EntitiesPanel

    dock = window.plugin_ui.docks["entities"]
    dock.show()
    panel = dock.widget() if isinstance(dock.widget(), EntitiesPanel) else dock.findChild(EntitiesPanel)
    assert panel is not None
    return panel


def _row(panel, name):
    for r in range(panel.table.rowCount()):
        if panel.table.item(r, 0).text() == name:
            return r
    raise AssertionError(f"{name} not in the entities table")


def _edit_cell(qtbot, table, row, column, text):
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState, "F2 did not open an editor"
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the delegate commits queued


def test_preannotate_review_and_jump_to_mentions(qtbot, make_window, ent_project):
    window = make_window(ent_project)
    panel = _panel(window)
    assert panel.table.rowCount() == 0
    qtbot.mouseClick(panel.preannotate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() > 20, timeout=30000)
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    # who each outlet names sits next to the mention count; QID and note come last
    assert headers == ["Name", "Label", "Status", "Mentions", "AFP", "AP", "CBC", "RFE/RL", "The Moscow Times",
                       "Outlets", "QID", "Note"]
    assert panel.table.item(0, 0).text() == "Alexander Lukashenko"  # most mentioned first
    assert all(int(panel.table.item(0, c).text()) > 0 for c in range(4, 9))  # every outlet names him
    tip = panel.table.item(0, 0).toolTip()
    assert "Luksahenko" in tip and "Alyaksandr Lukashenka" in tip

    # Enter lists the mentions; Enter on a mention opens it in the reader, selected
    luka = next(e for e in ent_project.entities() if e.canonical_name == "Alexander Lukashenko")
    panel.table.setFocus()
    panel.table.setCurrentCell(0, 0)
    qtbot.keyClick(panel.table, Qt.Key_Return)
    assert panel.mentions.count() == len(ent_project.mentions(luka.id))
    rfe = next(d for d in ent_project.documents() if d.source == "RFE/RL")
    row = next(i for i in range(panel.mentions.count()) if panel.mentions.item(i).text().startswith("? RFE/RL"))
    panel.mentions.setFocus()
    panel.mentions.setCurrentRow(row)
    qtbot.keyClick(panel.mentions, Qt.Key_Return)
    doc_id, start, end, _ = panel.mentions.item(row).data(Qt.UserRole)
    assert doc_id == rfe.id
    assert window.reader.document_id == rfe.id
    assert window.selection() == (rfe.id, start, end)
    assert rfe.text[start:end].startswith("Lukashenka") or rfe.text[start:end] == "Alyaksandr Lukashenka"

    # C confirms the selected entity
    panel.table.setFocus()
    panel.table.selectRow(_row(panel, "Alexander Lukashenko"))
    qtbot.keyClick(panel.table, Qt.Key_C)
    qtbot.waitUntil(lambda: ent_project.entity(luka.id).status == "accepted")
    qtbot.waitUntil(lambda: panel.table.item(_row(panel, "Alexander Lukashenko"), 2).text() == "accepted")


def test_rename_merge_split_and_undo_from_the_panel(qtbot, make_window, ent_project):
    ent_project.suggest("entity-tagger")
    window = make_window(ent_project)
    panel = _panel(window)
    panel.refresh()
    by_name = {e.canonical_name: e for e in ent_project.entities()}
    luka, putin = by_name["Alexander Lukashenko"], by_name["Vladimir Putin"]

    # F2 on the name renames; the old name becomes an alias and the mentions follow
    _edit_cell(qtbot, panel.table, _row(panel, "Alexander Lukashenko"), 0, "Alyaksandr Lukashenka")
    qtbot.waitUntil(lambda: ent_project.entity(luka.id).canonical_name == "Alyaksandr Lukashenka")
    assert "Alexander Lukashenko" in ent_project.entity(luka.id).aliases
    assert {a.attributes["canonical_name"] for a in ent_project.mentions(luka.id)} == {"Alyaksandr Lukashenka"}
    qtbot.waitUntil(lambda: panel.table.item(0, 0).text() == "Alyaksandr Lukashenka")
    # a bad QID is refused with a message, a good one stored
    qid = panel.column_of("QID")
    _edit_cell(qtbot, panel.table, _row(panel, "Alyaksandr Lukashenka"), qid, "Lukashenko")
    assert "QID" in panel.status.text() and ent_project.entity(luka.id).qid is None
    _edit_cell(qtbot, panel.table, _row(panel, "Alyaksandr Lukashenka"), qid, "Q81199")
    assert ent_project.entity(luka.id).qid == "Q81199"
    qtbot.waitUntil(lambda: panel.table.item(_row(panel, "Alyaksandr Lukashenka"), qid).text() == "Q81199")
    _edit_cell(qtbot, panel.table, _row(panel, "Alyaksandr Lukashenka"), panel.column_of("Note"), "President")
    assert ent_project.entity(luka.id).note == "President"

    # select two, M merges them into the most mentioned one
    panel.select_entities([luka.id, putin.id])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key_M)
    assert ent_project.entity(putin.id) is None
    assert "Vladimir Putin" in ent_project.entity(luka.id).aliases
    ent_project.undo()  # the window's undo goes through the project; the panel follows
    qtbot.waitUntil(lambda: any(panel.table.item(r, 0).text() == "Vladimir Putin"
                                for r in range(panel.table.rowCount())))

    # split the RFE/RL mentions off into their own entity
    rfe = next(d for d in ent_project.documents() if d.source == "RFE/RL")
    panel.show_mentions(luka.id)
    for i in range(panel.mentions.count()):
        item = panel.mentions.item(i)
        item.setSelected(item.data(Qt.UserRole)[0] == rfe.id)
    moved = {item.data(Qt.UserRole)[3] for item in panel.mentions.selectedItems()}
    assert moved and panel.split_button.isEnabled()
    panel.split_selected("Lukashenka (RFE/RL)")
    new = next(e for e in ent_project.entities() if e.canonical_name == "Lukashenka (RFE/RL)")
    assert {a.id for a in ent_project.mentions(new.id)} == moved
    qtbot.waitUntil(lambda: any(panel.table.item(r, 0).text() == "Lukashenka (RFE/RL)"
                                for r in range(panel.table.rowCount())))

    # the filter hides other rows
    panel.filter_edit.setText("lukash")
    visible = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount()) if not panel.table.isRowHidden(r)]
    assert visible and all("Lukash" in name for name in visible)


def test_label_editor_and_settings_tab(qtbot, make_window, ent_project):
    window = make_window(ent_project)
    panel = _panel(window)
    panel.tabs.setCurrentIndex(1)
    names = [panel.labels_table.item(r, 0).text() for r in range(panel.labels_table.rowCount())]
    assert names == ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "EVENT", "MISC"]
    _edit_cell(qtbot, panel.labels_table, 7, 0, "OTHER")
    assert ent_project.layer("entity").label("OTHER") is not None
    assert ent_project.layer("entity").label("MISC") is None
    panel.new_label_edit.setFocus()
    qtbot.keyClicks(panel.new_label_edit, "WEAPON")
    qtbot.keyClick(panel.new_label_edit, Qt.Key_Return)
    assert ent_project.layer("entity").label("WEAPON") is not None
    assert panel.labels_table.item(8, 2).text() == "9"  # its number key while the entity layer is active
    _edit_cell(qtbot, panel.labels_table, 8, 3, "1")  # digits are positions, not explicit keys
    assert "number keys" in panel.status.text() and ent_project.layer("entity").label("WEAPON").shortcut is None
    _edit_cell(qtbot, panel.labels_table, 8, 3, "W")
    assert ent_project.layer("entity").label("WEAPON").shortcut == "W"
    panel.labels_table.selectRow(8)
    panel.remove_label()
    assert ent_project.layer("entity").label("WEAPON") is None

    panel.tabs.setCurrentIndex(2)
    assert panel.backend_combo.currentData() == "rules"
    panel.cluster_check.setChecked(False)
    assert ent_project.settings("entity-tagger")["cluster"] is False
    panel.threshold_spin.setValue(90)
    assert ent_project.settings("entity-tagger")["fuzzy_threshold"] == 90.0


def test_number_keys_tag_and_tag_all_other_occurrences(qtbot, make_window, ent_project):
    window = make_window(ent_project)
    ap = next(d for d in ent_project.documents() if d.source == "AP")
    window.set_active_layer("entity")
    start = ap.text.index("Taraikovsky")
    window.open_document(ap.id, start, start + len("Taraikovsky"))
    qtbot.keyClick(window.reader.pane, Qt.Key_1)  # PERSON
    qtbot.waitUntil(lambda: len(ent_project.annotations(layer="entity")) == 1)
    (tagged,) = ent_project.annotations(layer="entity")
    assert (tagged.start, tagged.end, tagged.label, tagged.status) == (start, start + 11, "PERSON", "accepted")
    window.open_document(ap.id, start, start + len("Taraikovsky"))
    ok, result = window.run_command("entities.tag-occurrences")
    assert ok and "other occurrence" in result
    others = [a for a in ent_project.annotations(layer="entity") if a.id != tagged.id]
    assert others and all(a.status == "suggested" and a.label == "PERSON" for a in others)
    assert {ent_project.text(a.document_id)[a.start:a.end] for a in others} == {"Taraikovsky"}
    # without a tag at the selection the command explains what to do (and the plugin stays enabled)
    i = ap.text.index("Kremlin")
    window.open_document(ap.id, i, i + len("Kremlin"))
    ok, result = window.run_command("entities.tag-occurrences")
    assert ok and "first" in getattr(result, "message", str(result))
    assert ent_project.host.active("entity-tagger")


def test_panel_follows_a_pre_annotation_run_from_the_command_line(qtbot, make_window, ent_project, annotator_cli):
    """`annotator suggest --plugin entity-tagger` on the open project: the panel fills without a click."""
    window = make_window(ent_project)
    panel = _panel(window)
    assert panel.table.rowCount() == 0
    annotator_cli("suggest", "-p", ent_project.path, "--plugin", "entity-tagger")
    qtbot.waitUntil(lambda: panel.table.rowCount() > 20, timeout=5000)
    assert _row(panel, "Svetlana Tikhanovskaya") >= 0


SAMPLE_PEOPLE = {  # every spelling of each real person in the sample corpus (by hand)
    "Alexander Lukashenko": {"Alexander Lukashenko", "Lukashenko", "Luksahenko", "Alyaksandr Lukashenka",
                             "Lukashenka"},
    "Svetlana Tikhanovskaya": {"Svetlana Tikhanovskaya", "Tikhanovskaya", "Sviatlana Tsikhanouskaya"},
    "Vladimir Putin": {"Vladimir Putin", "Putin"},
}


def test_done_when_preannotate_review_with_the_keyboard_one_entity_per_person(qtbot, make_window, ent_project):
    """The issue's "done when", in the window: pre-annotate, review every suggestion with the reader's keys
    (N to the next one, Shift+A accepts all of its label in the article, R rejects one), confirm the entities
    with C in the panel: one accepted entity per real person, all of their spellings merged."""
    window = make_window(ent_project)
    panel = _panel(window)
    qtbot.mouseClick(panel.preannotate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() > 20, timeout=30000)
    window.set_active_layer("entity")
    pane = window.reader.pane
    rejected = None
    for doc in ent_project.documents():
        window.open_document(doc.id)
        pane.setFocus()
        pane.select_cp(0, 0)
        for _ in range(20):  # one Shift+A per label present; a bound so a broken key cannot loop forever
            if not pane.index.suggestions():
                break
            qtbot.keyClick(pane, Qt.Key_N)
            span = pane.index.suggestion_at(*window.selection_span())
            assert span is not None, "N did not select a suggestion"
            if rejected is None and span.annotation.label == "DATE":  # one wrong date, rejected with R
                rejected = span.annotation
                qtbot.keyClick(pane, Qt.Key_R)
                assert ent_project.annotation(rejected.id).status == "rejected"
                continue
            qtbot.keyClick(pane, Qt.Key_A, Qt.ShiftModifier)
        assert pane.index.suggestions() == [], f"{doc.source}: suggestions left after review"
    assert rejected is not None
    assert ent_project.annotations(layer="entity", status="suggested") == []

    panel.table.setFocus()
    panel.table.selectAll()
    qtbot.keyClick(panel.table, Qt.Key_C)
    qtbot.waitUntil(lambda: all(e.status == "accepted" for e in ent_project.entities()))
    by_entity: dict = {}
    for a in ent_project.annotations(layer="entity", label="PERSON", status="accepted"):
        text = " ".join(ent_project.text(a.document_id)[a.start:a.end].split())
        by_entity.setdefault(a.attributes.get("entity_id"), set()).add(text)
    assert None not in by_entity
    names = {e.id: e.canonical_name for e in ent_project.entities()}
    for name, spellings in SAMPLE_PEOPLE.items():
        holders = [eid for eid, texts in by_entity.items() if texts & spellings]
        assert [names[h] for h in holders] == [name]
        assert by_entity[holders[0]] == spellings
    # the panel shows them accepted, most mentioned first
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "accepted")
    assert panel.table.item(0, 0).text() == "Alexander Lukashenko"
    # a second pre-annotation proposes nothing: no duplicates, the rejected date stays rejected
    report = ent_project.suggest("entity-tagger")
    assert report.counts["entity-tagger"]["annotations"] == 0
    assert ent_project.annotation(rejected.id).status == "rejected"


def test_r_rejects_a_proposed_entity_and_undo_brings_it_back(qtbot, make_window, ent_project):
    ent_project.suggest("entity-tagger")
    window = make_window(ent_project)
    panel = _panel(window)
    panel.refresh()
    ex_soviet = next(e for e in ent_project.entities() if e.canonical_name == "ex-Soviet")
    panel.table.setFocus()
    panel.table.selectRow(_row(panel, "ex-Soviet"))
    qtbot.keyClick(panel.table, Qt.Key_R)
    assert ent_project.entity(ex_soviet.id).status == "rejected"
    assert "rejected" in panel.status.text()
    qtbot.waitUntil(lambda: all(panel.table.item(r, 0).text() != "ex-Soviet" for r in range(panel.table.rowCount())))
    assert ent_project.suggest("entity-tagger").counts["entity-tagger"]["entities"] == 0
    ent_project.undo()
    qtbot.waitUntil(lambda: any(panel.table.item(r, 0).text() == "ex-Soviet" for r in range(panel.table.rowCount())))


def test_mentions_follow_the_selection_and_s_splits_from_the_mention_list(qtbot, make_window, ent_project):
    ent_project.suggest("entity-tagger")
    window = make_window(ent_project)
    panel = _panel(window)
    panel.refresh()
    by_name = {e.canonical_name: e for e in ent_project.entities()}
    luka, putin = by_name["Alexander Lukashenko"], by_name["Vladimir Putin"]
    panel.table.setFocus()
    panel.table.selectRow(_row(panel, "Vladimir Putin"))  # a single click: no Enter, no double-click
    assert panel.mentions.count() == len(ent_project.mentions(putin.id))
    assert "Vladimir Putin" in panel.mentions_title.text()
    panel.table.selectRow(_row(panel, "Alexander Lukashenko"))
    assert panel.mentions.count() == len(ent_project.mentions(luka.id))
    # S in the mention list splits the selected mentions off (the name asked for is given here)
    rfe_rows = [i for i in range(panel.mentions.count()) if panel.mentions.item(i).text()[2:].startswith("RFE/RL")]
    assert rfe_rows
    panel.mentions.setFocus()
    panel.mentions.clearSelection()
    for i in rfe_rows:
        panel.mentions.item(i).setSelected(True)
    from PySide6.QtWidgets import QInputDialog

    qtbot.waitUntil(lambda: panel.mentions.hasFocus())
    asked = []
    original = QInputDialog.getText

    def answer(*args, **kwargs):
        asked.append(kwargs.get("text"))
        return "Lukashenka (RFE/RL)", True

    QInputDialog.getText = staticmethod(answer)
    try:
        qtbot.keyClick(panel.mentions, Qt.Key_S)
    finally:
        QInputDialog.getText = original
    assert asked, "S in the mention list did not split"
    qtbot.waitUntil(lambda: any(e.canonical_name == "Lukashenka (RFE/RL)" for e in ent_project.entities()))


def test_outlets_collapse_into_one_cell_when_narrow(qtbot, make_window, ent_project):
    ent_project.suggest("entity-tagger")
    window = make_window(ent_project)
    panel = _panel(window)
    panel.refresh()
    t = panel.table
    window.resize(1100, 700)
    window.resizeDocks([window.plugin_ui.docks["entities"]], [340], Qt.Horizontal)
    qtbot.waitUntil(lambda: panel.compact_outlets)
    combined = panel.column_of("Outlets")
    assert not t.isColumnHidden(combined) and t.isColumnHidden(panel.column_of("AP"))
    row = _row(panel, "Alexander Lukashenko")
    assert "AP " in t.item(row, combined).text() and "RFE/RL " in t.item(row, combined).text()
    visible = sum(t.columnWidth(c) for c in range(t.columnCount()) if not t.isColumnHidden(c))
    assert visible <= t.viewport().width() + 1 and t.horizontalScrollBar().maximum() == 0  # no sideways scroll
    # a wide panel: one column per outlet again
    panel.setMinimumWidth(1400)
    window.resize(2400, 900)
    window.resizeDocks([window.plugin_ui.docks["entities"]], [1500], Qt.Horizontal)
    qtbot.waitUntil(lambda: not panel.compact_outlets, timeout=3000)
    assert t.isColumnHidden(combined) and not t.isColumnHidden(panel.column_of("AP"))
    panel.setMinimumWidth(0)


def test_del_in_the_entities_table_deletes_the_entity_record(qtbot, make_window, ent_project):
    ent_project.suggest("entity-tagger")
    window = make_window(ent_project)
    panel = _panel(window)
    panel.refresh()
    putin = next(e for e in ent_project.entities() if e.canonical_name == "Vladimir Putin")
    panel.table.setFocus()
    panel.table.selectRow(_row(panel, "Vladimir Putin"))
    qtbot.waitUntil(lambda: panel.table.hasFocus())
    qtbot.keyClick(panel.table, Qt.Key_Delete)
    qtbot.waitUntil(lambda: ent_project.entity(putin.id) is None)
