"""Keyboard annotation in the real window: select, press a label key, the annotation is in the project file
with code-point offsets (also after an emoji, with combining marks and CRLF input); undo/redo; accept/reject
suggestions from the keyboard; the settings' author is stored on edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator import Project
from annotator.offsets import OffsetMap


def select_utf16(pane, start: int, end: int) -> None:
    """Select like a user would: in Qt's own (UTF-16) positions."""
    c = QTextCursor(pane.document())
    c.setPosition(start)
    c.setPosition(end, QTextCursor.KeepAnchor)
    pane.setTextCursor(c)
    pane.exact_selection = False


def select_text(pane, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Select ``needle`` (code points found in the stored text, converted like Qt counts). Returns code points."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = pane.text.index(needle, pos + 1)
    omap = OffsetMap(pane.text)
    select_utf16(pane, omap.to_utf16(pos), omap.to_utf16(pos + len(needle)))
    return pos, pos + len(needle)


def stored(path, **filters):
    """Read the annotations back from the project file with a separate connection (what is on disk)."""
    with Project(path, author="reader") as p:
        return p.annotations(**filters)


def test_label_key_commits_annotation_with_codepoint_offsets(window, gui_project, qtbot):
    pane = window.reader.pane
    pane.setFocus()
    start, end = select_text(pane, "Lukashenko")
    qtbot.keyClick(pane, Qt.Key_1)  # active layer "mention": 1 = PERSON
    anns = stored(gui_project.path, document_id=pane.document_id)
    assert [(a.start, a.end, a.layer, a.label, a.author) for a in anns] == [
        (start, end, "mention", "PERSON", "tester")]
    assert pane.text[anns[0].start:anns[0].end] == "Lukashenko"
    # the highlight is drawn from the project's change notification
    assert pane.index.get(anns[0].id) is not None


def test_selection_snaps_to_words_unless_alt(window, gui_project, qtbot):
    pane = window.reader.pane
    pane.setFocus()
    start, end = select_text(pane, "Lukashenko")
    select_utf16(pane, start + 2, end - 3)  # "kashe": part of the word
    qtbot.keyClick(pane, Qt.Key_2)
    qtbot.waitUntil(lambda: len(gui_project.annotations()) == 1)
    a = gui_project.annotations()[0]
    assert (a.start, a.end, a.label) == (start, end, "PLACE")
    select_utf16(pane, start + 2, end - 3)
    qtbot.keyClick(pane, Qt.Key_3, Qt.AltModifier)  # Alt: exactly the selection
    exact = [x for x in gui_project.annotations() if x.label == "ORG"]
    assert [(x.start, x.end) for x in exact] == [(start + 2, end - 3)]


def test_offsets_after_emoji_combining_marks_and_crlf(tmp_path, gui_host, make_window, qtbot):
    project = Project(tmp_path / "emoji.annotator", host=gui_host, author="tester")
    src = tmp_path / "in"
    src.mkdir()
    # CRLF line ends (normalised by the importer), an emoji (two UTF-16 units), a combining accent
    (src / "emoji.txt").write_bytes(
        "Crowds 🇧🇾 cheered 👏 in Minsk.\r\nThe owner Lukashenka (Лукаше\u0301нко) spoke.\r\n\r\n"
        "More 😀 text about Putin.\r\n".encode())
    report = project.import_paths([src])
    assert report.imported, report.refused
    w = make_window(project)
    doc_id = report.imported[0]["document_id"]
    w.open_document(doc_id)
    pane = w.reader.pane
    text = project.text(doc_id)
    assert "\r" not in text and "\u0301" in text  # CRLF normalised; the combining accent kept (no NFC form)
    assert pane.document().characterCount() - 1 == OffsetMap(text).to_utf16(len(text)) > len(text)
    for word, key in (("Minsk", Qt.Key_2), ("Lukashenka", Qt.Key_1), ("Putin", Qt.Key_1),
                      ("Лукаше\u0301нко", Qt.Key_3)):
        select_text(pane, word)
        pane.setFocus()
        qtbot.keyClick(pane, key)
    anns = stored(project.path, document_id=doc_id)
    assert sorted(text[a.start:a.end] for a in anns) == sorted(["Minsk", "Lukashenka", "Putin", "Лукаше\u0301нко"])
    # selecting half of a surrogate pair never produces a broken offset
    i = text.index("👏")
    u = OffsetMap(text).to_utf16(i)
    select_utf16(pane, u + 1, u + 2)
    assert pane.selection_cp() == (i, i + 1)
    w.close()
    project.close()


def test_undo_redo_from_the_keyboard_and_across_restarts(window, gui_project, qtbot, gui_host, make_window):
    pane = window.reader.pane
    pane.setFocus()
    select_text(pane, "Putin")
    qtbot.keyClick(pane, Qt.Key_1)
    assert len(gui_project.annotations()) == 1
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    assert gui_project.annotations() == []
    assert len(pane.index) == 0
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert len(gui_project.annotations()) == 1
    assert len(pane.index) == 1
    # a later session (a new window on the same file) undoes it from the op log
    window.close()
    again = Project(gui_project.path, host=gui_host, author="tester")
    w2 = make_window(again)
    w2.reader.pane.setFocus()
    qtbot.keyClick(w2.reader.pane, Qt.Key_Z, Qt.ControlModifier)
    assert stored(gui_project.path) == []
    w2.close()
    again.close()


def test_accept_reject_and_navigate_suggestions_from_keyboard(window, gui_project, qtbot):
    doc = window.reader.document_id
    text = gui_project.text(doc)
    starts = [i for i in range(len(text)) if text.startswith("Putin", i)]
    assert len(starts) >= 2
    with gui_project.batch():
        for s in starts:
            gui_project.add_annotation(doc, s, s + 5, "mention", "PERSON", status="suggested", origin="demo")
    pane = window.reader.pane
    pane.setFocus()
    pane.select_cp(0)
    qtbot.keyClick(pane, Qt.Key_N)  # next suggestion: the first one, selected
    assert pane.selection_cp() == (starts[0], starts[0] + 5)
    qtbot.keyClick(pane, Qt.Key_A)  # accept it; the cursor moves to the next one
    statuses = {a.start: a.status for a in gui_project.annotations(document_id=doc)}
    assert statuses[starts[0]] == "accepted"
    assert pane.selection_cp() == (starts[1], starts[1] + 5)
    qtbot.keyClick(pane, Qt.Key_R)
    assert {a.start: a.status for a in gui_project.annotations(document_id=doc)}[starts[1]] == "rejected"
    qtbot.keyClick(pane, Qt.Key_P)
    qtbot.keyClick(pane, Qt.Key_Backspace)  # Backspace rejects too (the accepted one is no suggestion any more)
    # Enter accepts; accept-all-of-label accepts the rest
    rest = [a for a in gui_project.annotations(document_id=doc) if a.status == "suggested"]
    if rest:
        pane.select_cp(rest[0].start, rest[0].end)
        qtbot.keyClick(pane, Qt.Key_A, Qt.ShiftModifier)
        assert not [a for a in gui_project.annotations(document_id=doc) if a.status == "suggested"]
    # undo reverts the last review step in one go
    before = {a.id: a.status for a in gui_project.annotations(document_id=doc)}
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    after = {a.id: a.status for a in gui_project.annotations(document_id=doc)}
    assert before != after


def test_enter_accepts_suggestion_under_cursor(window, gui_project, qtbot):
    doc = window.reader.document_id
    text = gui_project.text(doc)
    s = text.index("Minsk") if "Minsk" in text else text.index("Putin")
    a = gui_project.add_annotation(doc, s, s + 5, "mention", "PLACE", status="suggested", origin="demo")
    pane = window.reader.pane
    pane.setFocus()
    pane.select_cp(s + 2)  # cursor inside the suggestion
    qtbot.keyClick(pane, Qt.Key_Return)
    assert gui_project.annotation(a.id).status == "accepted"


def test_plugin_letter_shortcut_wins_and_works_in_compare_pane(window, gui_project, qtbot):
    km = window.keys.keymap
    assert km.bindings["C"].kind == "label" and km.bindings["C"].payload == ("claim", "claim")
    assert km.bindings["L"].kind == "command"
    assert km.bindings["A"].payload == "accept"  # nobody else wants A
    docs = [d.id for d in gui_project.documents()]
    window.open_compare(docs[0], docs[1])
    right = window.compare.right
    right.setFocus()
    qtbot.waitUntil(lambda: window.focused_pane() is right)
    select_text(right, "Lukashenk")
    qtbot.keyClick(right, Qt.Key_C)
    anns = gui_project.annotations(layer="claim")
    assert len(anns) == 1 and anns[0].document_id == docs[1]


def test_settings_author_is_stored_on_edits(window, gui_project, qtbot):
    dialog = window.settings_dialog()
    dialog.author.setText("Olga Petrova")
    dialog.accept()
    assert gui_project.author == "Olga Petrova"
    assert "Olga Petrova" in window.status.author.text()
    pane = window.reader.pane
    pane.setFocus()
    select_text(pane, "Putin")
    qtbot.keyClick(pane, Qt.Key_1)
    assert [a.author for a in stored(gui_project.path)] == ["Olga Petrova"]
    from annotator import config

    assert config.load_config()["author"] == "Olga Petrova"


def _point_of(pane, cp: int):
    from PySide6.QtGui import QTextCursor

    c = QTextCursor(pane.document())
    c.setPosition(pane.omap.to_utf16(cp))
    r = pane.cursorRect(c)
    return r.center()


def test_mouse_selection_snaps_on_release_unless_alt(window, gui_project, qtbot):
    pane = window.reader.pane
    text = pane.text
    start = text.index("Lukashenko")
    end = start + len("Lukashenko")
    vp = pane.viewport()
    a, b = _point_of(pane, start + 3), _point_of(pane, end - 2)  # drag from inside the word to inside it
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=b)
    assert pane.selection_cp() == (start, end)  # the user sees the whole word selected
    qtbot.keyClick(pane, Qt.Key_1)
    assert [(x.start, x.end) for x in gui_project.annotations()] == [(start, end)]
    qtbot.mousePress(vp, Qt.LeftButton, Qt.AltModifier, pos=a)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.LeftButton, Qt.AltModifier, pos=b)
    assert pane.selection_cp() == (start + 3, end - 2) and pane.exact_selection
    qtbot.keyClick(pane, Qt.Key_2)
    assert sorted((x.start, x.end) for x in gui_project.annotations()) == [(start, end), (start + 3, end - 2)]


def test_context_menu_offers_labels_review_and_delete(window, gui_project, qtbot):
    from PySide6.QtWidgets import QMenu

    pane = window.reader.pane
    doc = pane.document_id
    s = pane.text.index("Putin")
    a = gui_project.add_annotation(doc, s, s + 5, "mention", "PERSON", status="suggested", origin="demo")
    menu = QMenu()
    window._extend_text_menu(menu, pane.span_at_point(_point_of(pane, s + 2)))
    titles = [act.text() for act in menu.actions()]
    assert "Label selection as" in titles and "Accept suggestion" in titles and "Delete this annotation" in titles
    next(act for act in menu.actions() if act.text() == "Delete this annotation").trigger()
    assert gui_project.annotation(a.id) is None


def test_undo_and_redo_messages_name_what_was_undone(window, gui_project, qtbot):
    pane = window.reader.pane
    pane.setFocus()
    select_text(pane, "Putin")
    qtbot.keyClick(pane, Qt.Key_1)  # PERSON, the demo layer's first label
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == "Undid: created PERSON 'Putin'"
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.statusBar().currentMessage() == "Redid: created PERSON 'Putin'"
    doc = window.reader.document_id
    text = gui_project.text(doc)
    with gui_project.batch():
        for s in [i for i in range(len(text) - 5) if text.startswith("Belar", i)][:3]:
            gui_project.add_annotation(doc, s, s + 5, "mention", "PLACE", status="suggested", origin="demo")
    ann = gui_project.annotations(document_id=doc, status="suggested")[0]
    pane.select_cp(ann.start + 1)
    qtbot.keyClick(pane, Qt.Key_A)
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == f"Undid: accepted PLACE '{text[ann.start:ann.end]}'"
    pane.select_cp(ann.start + 1)
    qtbot.keyClick(pane, Qt.Key_A, Qt.ShiftModifier)  # accept all PLACE suggestions: one step
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == "Undid: accepted 3 annotations (PLACE 3)"
    qtbot.keyClick(pane, Qt.Key_Z, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == "Undid: created 3 annotations (PLACE 3)"
