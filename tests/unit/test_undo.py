"""Undo and redo: store operations replayed from the operation log, usable headless and across sessions."""

from __future__ import annotations

from support import open_project

from annotator import hookimpl


def spans(project):
    return [(a.start, a.end, a.label, a.status) for a in project.annotations()]


def test_undo_redo_create_update_delete(proj, doc):
    a = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    proj.update_annotation(a.id, label="ORG", start=1)
    proj.set_attributes(a.id, note="checked")
    proj.delete_annotation(a.id)
    assert proj.annotations() == []

    proj.undo()
    assert spans(proj) == [(1, 10, "ORG", "accepted")]
    assert proj.annotation(a.id).attributes == {"note": "checked"}
    proj.undo()
    assert proj.annotation(a.id).attributes == {}
    proj.undo()
    assert spans(proj) == [(0, 10, "PERSON", "accepted")]
    assert proj.annotation(a.id) == a  # exactly as created, times included
    proj.undo()
    assert proj.annotations() == []
    assert proj.undo() == [] and not proj.can_undo()

    proj.redo()
    assert proj.annotation(a.id) == a
    proj.redo()
    proj.redo()
    proj.redo()
    assert proj.annotations() == []
    assert proj.redo() == [] and not proj.can_redo()


def test_a_new_edit_after_undo_drops_the_redo_branch(proj, doc):
    proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    proj.undo()
    assert proj.can_redo()
    proj.add_annotation(doc.id, 11, 20, "entity", "GPE")
    assert not proj.can_redo()
    assert proj.redo() == []
    assert spans(proj) == [(11, 20, "GPE", "accepted")]


def test_undo_works_across_reopening_the_file(proj, doc):
    a = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    proj.update_annotation(a.id, label="ORG")
    proj.close()

    colleague = open_project(proj.path, author="someone-else")
    assert colleague.undo() == [] and not colleague.can_undo()  # a colleague's undo never touches my steps
    colleague.close()

    again = open_project(proj.path)
    changes = again.undo()
    assert [(c.kind, c.action, c.replay) for c in changes] == [("annotation", "update", "undo")]
    assert again.annotation(a.id).label == "PERSON"
    again.close()

    third = open_project(proj.path)
    third.redo()
    assert third.annotation(a.id).label == "ORG"
    third.undo()
    third.undo()
    assert third.annotations() == []
    third.close()


def test_batch_is_one_undo_step(proj, doc):
    with proj.batch():
        a = proj.add_annotation(doc.id, 0, 10, "claim", "claim")
        b = proj.add_annotation(doc.id, 20, 30, "claim", "claim")
        proj.add_link(a.id, b.id, "contradiction", "contradicts")
        proj.update_annotation(a.id, status="suggested")
    assert len({h["batch"] for h in proj.history()}) == 1
    proj.undo()
    assert proj.annotations() == [] and proj.links() == []
    proj.redo()
    assert len(proj.annotations()) == 2 and len(proj.links()) == 1
    assert proj.annotation(a.id).status == "suggested"


def test_a_failing_batch_stores_nothing(proj, doc):
    try:
        with proj.batch():
            proj.add_annotation(doc.id, 0, 10, "claim", "claim")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert proj.annotations() == [] and proj.history() == []


def test_delete_annotation_removes_its_links_and_undo_restores_both(proj, doc):
    a = proj.add_annotation(doc.id, 0, 10, "claim", "claim")
    b = proj.add_annotation(doc.id, 20, 30, "claim", "claim")
    c = proj.add_annotation(doc.id, 40, 50, "claim", "claim")
    l1 = proj.add_link(a.id, b.id, "contradiction", "contradicts")
    l2 = proj.add_link(c.id, a.id, "contradiction", "agrees")
    keep = proj.add_link(b.id, c.id, "contradiction", "agrees")
    proj.delete_annotation(a.id)
    assert [l.id for l in proj.links()] == [keep.id]
    proj.undo()
    assert proj.annotation(a.id) == a
    assert {l.id for l in proj.links()} == {l1.id, l2.id, keep.id}
    assert proj.link(l1.id) == l1 and proj.link(l2.id) == l2
    proj.redo()
    assert [l.id for l in proj.links()] == [keep.id]


def test_set_status_of_many_is_one_step(proj, doc):
    ids = [proj.add_annotation(doc.id, i * 5, i * 5 + 4, "entity", "PERSON", status="suggested").id
           for i in range(4)]
    assert proj.set_status(ids, "accepted") == 4
    assert {a.status for a in proj.annotations()} == {"accepted"}
    proj.undo()
    assert {a.status for a in proj.annotations()} == {"suggested"}


def test_entity_rename_merge_split_are_undoable(proj, doc):
    text = doc.text
    spans_of = [(text.index(w), text.index(w) + len(w)) for w in ("Alexander Lukashenko", "Putin", "Lukashenko says")]
    anns = [proj.add_annotation(doc.id, s, e, "entity", "PERSON") for s, e in spans_of]
    luka = proj.add_entity("Alexander Lukashenko", aliases=["Lukashenka"])
    other = proj.add_entity("Lukashenko (title)")
    putin = proj.add_entity("Vladimir Putin")
    proj.assign_entity([anns[0].id], luka.id)
    proj.assign_entity([anns[2].id], other.id)
    proj.assign_entity([anns[1].id], putin.id)

    proj.update_entity(luka.id, canonical_name="Aliaksandr Lukashenka")
    assert proj.annotation(anns[0].id).attributes["canonical_name"] == "Aliaksandr Lukashenka"
    proj.undo()
    assert proj.entity(luka.id).canonical_name == "Alexander Lukashenko"
    assert proj.annotation(anns[0].id).attributes["canonical_name"] == "Alexander Lukashenko"

    merged = proj.merge_entities(luka.id, [other.id])
    assert proj.entity(other.id) is None
    assert "Lukashenko (title)" in merged.aliases
    assert {a.id for a in proj.mentions(luka.id)} == {anns[0].id, anns[2].id}
    proj.undo()
    assert proj.entity(other.id) == other
    assert [a.id for a in proj.mentions(other.id)] == [anns[2].id]
    assert proj.entity(luka.id).aliases == ["Lukashenka"]

    new = proj.split_entity(luka.id, [anns[0].id], "A. Lukashenko")
    assert [a.id for a in proj.mentions(new.id)] == [anns[0].id]
    assert proj.mentions(luka.id) == []
    proj.undo()  # one step: the new entity and the reassignment
    assert proj.entity(new.id) is None
    assert [a.id for a in proj.mentions(luka.id)] == [anns[0].id]
    assert [a.id for a in proj.mentions(putin.id)] == [anns[1].id]


def test_plugins_and_listeners_hear_undo_and_redo(tmp_path):
    heard = []

    class Listener:
        @hookimpl
        def annotation_changed(self, change, project):
            heard.append((change.action, change.replay))

    proj = open_project(tmp_path / "p.annotator", ("listener", Listener()))
    path = tmp_path / "a.txt"
    path.write_text("Minsk is the capital of Belarus.\n")
    doc_id = proj.import_paths([path]).imported[0]["document_id"]
    seen = []
    proj.subscribe(lambda changes: seen.append([(c.kind, c.action) for c in changes]))
    proj.add_annotation(doc_id, 0, 5, "entity", "GPE")
    proj.undo()
    proj.redo()
    assert heard == [("create", None), ("delete", "undo"), ("create", "redo")]
    assert seen == [[("annotation", "create")], [("annotation", "delete")], [("annotation", "create")]]
    proj.close()


def test_deleting_a_document_leaves_an_undo_history_that_still_works(proj, doc, tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("Another article about Minsk.\n")
    other_id = proj.import_paths([path]).imported[0]["document_id"]
    kept = proj.add_annotation(other_id, 0, 7, "entity", "PERSON")
    gone = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    proj.delete_annotation(gone.id)
    proj.delete_document(doc.id)
    proj.undo()  # the deletion of `gone` belongs to a deleted document: skipped; the next step is undone
    assert proj.annotations() == []
    assert proj.annotation(kept.id) is None
    assert not proj.can_undo()
    proj.redo()
    assert [a.id for a in proj.annotations()] == [kept.id]
