"""The Team menu in the real window: the Agreement view shows the same figures as the command line and opens the
document at a disagreement; the Curation view takes versions into the gold set with the keyboard (1/2, B, X, A),
undoes, and the curated set exports."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator import ExportFilters
from annotator.services import agreement as ag


def _two_annotators(project):
    doc = project.documents()[0]
    text = doc.text
    words = [m for m in __import__("re").finditer(r"[A-Z][a-z]{3,}", text)][:3]
    assert len(words) == 3
    for who in ("alice", "bob"):
        project.set_author(who)
        a, b, c = words
        project.add_annotation(doc.id, a.start(), a.end(), "mention", "PERSON")            # agreed
        project.add_annotation(doc.id, b.start(), b.end(), "mention", "PLACE" if who == "alice" else "ORG")
        if who == "bob":
            project.add_annotation(doc.id, c.start(), c.end(), "mention", "PERSON")        # only bob
    project.set_author("tester")
    return doc, words


def test_agreement_view_matches_the_service_and_opens_a_disagreement(qtbot, gui_project, make_window):
    from annotator.qt.team_views import AgreementView

    doc, words = _two_annotators(gui_project)
    win = make_window(gui_project)
    view = AgreementView(win, gui_project)
    qtbot.addWidget(view)
    view.layer.setCurrentIndex(view.layer.findData("mention"))
    rep = ag.agreement(gui_project, "mention")
    exact = rep.spans["pairs"]["alice ~ bob"]["exact"]["f1"]
    cells = [(view.figures.item(r, 0).text(), view.figures.item(r, 1).text(), view.figures.item(r, 3).text())
             for r in range(view.figures.rowCount())]
    assert ("span F1 (exact)", "alice ~ bob", f"{exact:.3f}") in cells
    assert view.disagreements.rowCount() == len(rep.disagreements) == 2
    row = next(r for r in range(view.disagreements.rowCount()) if view.disagreements.item(r, 1).text() == "missing")
    view.open_row(row)
    assert win.current_document_id() == doc.id
    assert win.reader.pane.textCursor().selectedText() == words[2].group()


def test_curation_with_the_keyboard_then_undo_and_export(qtbot, gui_project, make_window, tmp_path):
    from annotator.qt.team_views import CurationView

    doc, words = _two_annotators(gui_project)
    win = make_window(gui_project)
    win.open_document(doc.id)
    view = CurationView(win, gui_project, doc.id, "mention")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    assert view.sources == ["alice", "bob"] and len(view.units) == 3
    assert [u.agreed for u in view.units] == [True, False, False]
    gold = lambda: sorted((a.start, a.label) for a in gui_project.annotations(document_id=doc.id)
                          if a.author == "curator")
    view.table.selectRow(1)
    qtbot.keyClick(view.table, Qt.Key_2)   # bob's label for the second unit
    assert gold() == [(words[1].start(), "ORG")]
    assert view.table.currentRow() == 2    # moved on
    qtbot.keyClick(view.table, Qt.Key_B)   # both versions (bob's only, here)
    assert (words[2].start(), "PERSON") in gold()
    qtbot.keyClick(view.table, Qt.Key_A)   # everything agreed: the first unit
    assert gold() == sorted([(words[0].start(), "PERSON"), (words[1].start(), "ORG"), (words[2].start(), "PERSON")])
    view.table.selectRow(2)
    qtbot.keyClick(view.table, Qt.Key_X)   # neither, after all
    assert (words[2].start(), "PERSON") not in gold()
    qtbot.keyClick(view.table, Qt.Key_Z, Qt.ControlModifier)   # undo the discard
    assert (words[2].start(), "PERSON") in gold()
    out = tmp_path / "gold.json"
    gui_project.export("json", out, ExportFilters(authors=("curator",)))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["annotations"]) == 3 and {a["author"] for a in data["annotations"]} == {"curator"}


def test_show_only_one_annotators_annotations(qtbot, gui_project, make_window):
    from annotator.qt.team_views import _fill_authors, show_authors
    from annotator.qt.text_pane import TextPane

    doc, words = _two_annotators(gui_project)
    win = make_window(gui_project)
    win.open_document(doc.id)
    shown = lambda: sorted((s.annotation.start, s.annotation.label) for s in win.reader.pane.index.spans)
    everyone = shown()
    assert len(everyone) == 5
    try:
        menu = win.team_menu.findChild(type(win.team_menu), "teamAuthors")
        _fill_authors(win, menu)
        titles = [a.text() for a in menu.actions()]
        assert titles == ["Everyone", "Only mine (tester)", "alice", "bob"]
        menu.actions()[2].trigger()  # alice's
        assert shown() == sorted([(words[0].start(), "PERSON"), (words[1].start(), "PLACE")])
        # a new edit by someone else stays hidden; one by alice shows
        gui_project.set_author("bob")
        gui_project.add_annotation(doc.id, words[2].start(), words[2].end(), "mention", "ORG")
        qtbot.wait(50)
        assert (words[2].start(), "ORG") not in shown()
        show_authors(win, None)
        assert (words[2].start(), "ORG") in shown() and len(shown()) == 6
    finally:
        TextPane.authors = None


def test_team_menu_opens_both_views(qtbot, window):
    titles = [a.text() for a in window.team_menu.actions()]
    assert titles[:2] == ["&Agreement…", "&Curate this document…"] and "Show annotations &of" in titles[2]
    window.team_menu.actions()[0].trigger()
    assert window._team_dialog.objectName() == "agreementView"
    window._team_dialog.close()
    window.open_document(window.project.documents()[0].id)
    window.team_menu.actions()[1].trigger()
    assert window._team_dialog.objectName() == "curationView"
    window._team_dialog.close()
