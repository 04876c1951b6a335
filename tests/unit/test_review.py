"""Bulk review: accepting or rejecting every suggestion of a layer, label, document or the project as one
undo step stored in one log row (Project.review, ``annotator review``)."""

from __future__ import annotations

import pytest
from support import open_project

from annotator import hookimpl
from annotator.services.project import EditError


def suggest(proj, doc, spans):
    """Suggestions (start, end, layer, label) in ``doc``, made by a suggester author."""
    author, proj.author = proj.author, "suggester-bot"
    try:
        return [proj.add_annotation(doc.id, s, e, layer, label, status="suggested", origin="test-suggester")
                for s, e, layer, label in spans]
    finally:
        proj.author = author


SPANS = [(0, 10, "entity", "PERSON"), (11, 20, "entity", "PERSON"), (21, 30, "entity", "GPE"),
         (31, 40, "quote", "quote")]


def statuses(proj):
    return sorted((a.start, a.label, a.status) for a in proj.annotations())


def oplog_rows(proj, batch):
    return proj._store.conn.execute("SELECT count(*) FROM oplog WHERE batch = ?", (batch,)).fetchone()[0]


def test_accept_a_label_is_one_step_and_undo_restores_everything(proj, doc):
    made = suggest(proj, doc, SPANS)
    before = {a.id: a for a in proj.annotations()}
    assert proj.review("accepted", layer="entity", label="PERSON") == 2
    assert statuses(proj) == [(0, "PERSON", "accepted"), (11, "PERSON", "accepted"), (21, "GPE", "suggested"),
                              (31, "quote", "suggested")]
    accepted = proj.annotation(made[0].id)
    assert accepted.author == proj.author and accepted.modified_at > made[0].modified_at
    batch = proj._store.history(1)[0]["batch"]
    assert oplog_rows(proj, batch) == 1  # stored compactly: one row for the whole step

    changes = proj.undo()
    assert [(c.action, c.replay) for c in changes] == [("review", "undo")]
    assert {a.id: a for a in proj.annotations()} == before  # status, author and time exactly as they were
    assert not proj.can_undo() or proj.undo()  # (the suggestions were this fixture's steps of another author)
    proj.redo()
    assert proj.annotation(made[1].id).status == "accepted"


def test_filters_layer_document_and_whole_project(proj, doc, tmp_path):
    suggest(proj, doc, SPANS)
    other_path = tmp_path / "other.txt"
    other_path.write_text("Another report about another country entirely, with some more words.\n", "utf-8")
    other = proj.document(proj.import_paths([other_path]).imported[0]["document_id"])
    suggest(proj, other, [(0, 7, "entity", "PERSON")])

    assert proj.review("rejected", document=other.id) == 1
    assert proj.annotations(document_id=other.id)[0].status == "rejected"
    assert proj.review("accepted", layer="quote") == 1
    assert proj.review("accepted") == 3  # the rest of the project
    assert {a.status for a in proj.annotations(document_id=doc.id)} == {"accepted"}
    assert proj.review("accepted") == 0  # nothing left: no step
    proj.undo()
    assert sorted(a.status for a in proj.annotations(document_id=doc.id)) == ["accepted", "suggested",
                                                                              "suggested", "suggested"]


def test_bad_requests_change_nothing(proj, doc):
    suggest(proj, doc, SPANS)
    for kwargs, message in (({"status": "suggested"}, "not to suggested"), ({"status": "maybe"}, "maybe"),
                            ({"status": "accepted", "layer": "nonsense"}, "unknown layer"),
                            ({"status": "accepted", "document": "nope"}, "no document")):
        with pytest.raises(EditError, match=message):
            proj.review(**kwargs)
    assert {a.status for a in proj.annotations()} == {"suggested"}


def test_undo_of_a_review_is_only_its_authors(proj, doc):
    suggest(proj, doc, SPANS)
    proj.review("accepted", layer="entity")
    proj.close()
    colleague = open_project(proj.path, author="someone-else")
    assert colleague.undo() == []
    assert {a.status for a in colleague.annotations(layer="entity")} == {"accepted"}
    colleague.close()
    again = open_project(proj.path, author=proj.author)
    assert again.undo()[0].action == "review"
    assert {a.status for a in again.annotations(layer="entity")} == {"suggested"}
    again.close()


def test_undo_refuses_when_someone_changed_a_reviewed_suggestion(proj, doc):
    made = suggest(proj, doc, SPANS)
    proj.review("accepted", layer="entity")
    colleague = open_project(proj.path, author="someone-else")
    colleague.reject(made[0].id)
    colleague.close()
    with pytest.raises(EditError, match="changed by someone-else"):
        proj.undo()
    assert proj.annotation(made[0].id).status == "rejected"  # nothing changed
    assert proj.annotation(made[1].id).status == "accepted"


def test_a_large_review_is_written_in_chunks_and_undone(proj, doc, monkeypatch):
    from annotator.store import review as review_module

    monkeypatch.setattr(review_module, "REVIEW_CHUNK", 7)  # many chunks from a few suggestions
    spans = [(k, k + 1, "entity", "PERSON") for k in range(60)]
    suggest(proj, doc, spans)
    holds = []
    from annotator.store import database

    monkeypatch.setattr(database, "lock_holds", holds)
    assert proj.review("accepted") == 60
    assert len(holds) > 60 // 7  # one transaction per chunk (and the bookkeeping ones)
    assert {a.status for a in proj.annotations()} == {"accepted"}
    proj.undo()
    assert {a.status for a in proj.annotations()} == {"suggested"}


def test_a_review_killed_half_way_is_rolled_back_by_the_next_opener(proj, doc, monkeypatch):
    from annotator.store import review as review_module

    suggest(proj, doc, SPANS)
    monkeypatch.setattr(review_module, "REVIEW_CHUNK", 1)
    real = review_module.ReviewMixin._in_set_chunks

    def dies_after_the_first_chunk(self, pieces, fn):
        real(self, pieces[:1], fn)
        raise KeyboardInterrupt  # the process is interrupted mid-way; its rollback is skipped below

    monkeypatch.setattr(review_module.ReviewMixin, "_in_set_chunks", dies_after_the_first_chunk)
    monkeypatch.setattr(database_of(proj), "_rollback_batch", lambda batch: None)
    with pytest.raises(KeyboardInterrupt):
        proj.review("accepted")
    assert sorted(a.status for a in proj.annotations()) == ["accepted", "suggested", "suggested", "suggested"]
    monkeypatch.undo()
    proj.close()
    from annotator.store import database

    database._forget_live(str(proj.path.resolve()))  # this process's session is over (as after a crash)
    monkeypatch.setattr(database, "SESSION", "a-new-process")
    again = open_project(proj.path)
    assert {a.status for a in again.annotations()} == {"suggested"}
    assert not again.can_undo() or again.undo()[0].action != "review"
    again.close()


def database_of(proj):
    return type(proj._store)


def test_hooks_and_listeners_hear_of_a_review(tmp_path, doc, proj):
    suggest(proj, doc, SPANS)
    heard = []

    class Listener:
        @hookimpl
        def annotation_changed(self, change, project):
            heard.append((change.action, change.before.status, change.after.status, change.replay))

    proj.host.register_object(Listener(), "listener")
    seen = []
    proj.subscribe(seen.append)
    proj.review("accepted", label="PERSON")
    assert heard == [("update", "suggested", "accepted", None)] * 2
    assert seen == [[]]  # the window re-reads
    proj.undo()
    assert heard[2:] == [("update", "accepted", "suggested", "undo")] * 2


def test_cli_review_and_undo(tmp_path, annotator_cli, proj, doc):
    suggest(proj, doc, SPANS)
    proj.close()
    out = annotator_cli("review", "-p", proj.path, "--accept", "--layer", "entity", "--label", "PERSON",
                        "--author", "tester")
    assert "accepted 2 suggestion(s) (layer entity label PERSON)" in out
    assert "undid: review of 2 suggestion(s) (accepted)" in annotator_cli("undo", "-p", proj.path,
                                                                           "--author", "tester")
    out = annotator_cli("review", "-p", proj.path, "--reject", "--document", doc.id, "--author", "tester")
    assert "rejected 4 suggestion(s)" in out
    again = open_project(proj.path)
    assert {a.status for a in again.annotations()} == {"rejected"}
    again.close()


def test_cli_review_refuses_without_a_status_or_with_a_bad_layer(tmp_path, proj, doc):
    from click.testing import CliRunner

    from annotator.cli import cli

    suggest(proj, doc, SPANS)
    proj.close()
    result = CliRunner().invoke(cli, ["review", "-p", str(proj.path)])
    assert result.exit_code != 0 and "--accept or --reject" in result.output
    result = CliRunner().invoke(cli, ["review", "-p", str(proj.path), "--accept", "--layer", "nope"])
    assert result.exit_code != 0 and "unknown layer 'nope'" in result.output
