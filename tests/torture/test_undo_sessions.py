"""Undo per author and session, across processes: Ctrl+Z in the window and ``annotator undo`` undo only the
caller's own steps (this process's, or those of a session of theirs that ended before this one began);
never a colleague's, never another running window's or command's; a colleague's edit does not drop a redo;
an undo that would overwrite a colleague's later edit is refused with a message and changes nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest
from torture_support import check_file, open_project

from annotator import EditError


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_the_window_never_undoes_a_command_that_ran_while_it_was_open(shared, role):
    window = open_project(shared)  # the window opens first
    doc = window.documents()[0].id
    mine = window.add_annotation(doc, 0, 4, "entity", "PERSON")
    records, _ = role("long", shared, 600).finish()  # a suggestion run from the command line, same author
    assert records[-1]["done"] == 600
    assert len(window.annotations()) == 601
    assert [c.after for c in window.undo()] == [None]  # Ctrl+Z: the window's own step, not the 600
    assert len(window.annotations()) == 600
    assert window.undo() == [] and not window.can_undo()  # nothing else of the window's

    # a later command of the same author undoes the earlier command's step, not the open window's
    result = cli("undo", "-p", shared, "--author", "tester")
    assert result.returncode == 0, result.stderr
    assert "undid: 600 × annotation create" in result.stdout
    assert window.annotations() == []
    result = cli("undo", "-p", shared, "--author", "tester")
    assert "nothing to undo of yours" in result.stdout
    window.redo()  # the window's redo was kept through all of that
    assert [a.id for a in window.annotations()] == [mine.id]
    window.close()
    assert check_file(shared) == "ok"


def test_a_colleagues_edit_keeps_my_redo_and_their_undo_keeps_my_work(shared, role):
    me = open_project(shared)
    doc = me.documents()[0].id
    a = me.add_annotation(doc, 0, 4, "entity", "PERSON")
    me.undo()
    colleague, _ = role("write", shared, 5, "colleague").finish()  # another process, another author
    assert me.can_redo()
    me.redo()
    assert me.annotation(a.id) is not None
    result = cli("undo", "-p", shared, "--author", "colleague")
    assert result.returncode == 0 and "undid" in result.stdout  # the colleague's own last step
    assert me.annotation(a.id) is not None  # never mine
    me.close()


def test_undo_that_would_overwrite_a_colleagues_later_edit_is_refused(shared):
    me = open_project(shared)
    doc = me.documents()[0].id
    first = me.add_annotation(doc, 10, 14, "entity", "PERSON")
    a = me.add_annotation(doc, 0, 4, "entity", "PERSON")
    other = open_project(shared, author="colleague")
    other.update_annotation(a.id, label="ORG")  # the colleague corrects my annotation
    other.close()
    with pytest.raises(EditError, match=r"changed by colleague.*removed from your undo history"):
        me.undo()
    assert me.annotation(a.id).label == "ORG"  # nothing changed
    me.undo()  # the refused step left my history: the next undo goes on to the step before it
    assert me.annotation(first.id) is None and me.annotation(a.id).label == "ORG"
    me.close()
