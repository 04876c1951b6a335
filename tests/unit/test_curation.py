"""Curation into a gold set on a real project file: units over stacked, overlapping and disagreeing spans, taking
one version, both or neither, merging what everyone agrees on (links across documents included), undo, and the
curated set exported as the dataset."""

from __future__ import annotations

import json

import pytest

from annotator import ExportFilters, ImportBatch, NewDocument
from annotator.services import curation
from annotator.services.agreement import Source

TEXT_A = "Police detained 7,000 people in Minsk on Sunday, Alexander Lukashenko said."
TEXT_B = "About 6,700 were held, said Viasna in Minsk."


@pytest.fixture
def team(proj):
    proj.store_batch(ImportBatch(documents=[NewDocument(text=TEXT_A, title="A", id="DA", clean=False),
                                            NewDocument(text=TEXT_B, title="B", id="DB", clean=False)]))
    for who in ("alice", "bob"):
        proj.set_author(who)
        s = TEXT_A.index
        proj.add_annotation("DA", s("Police"), s("Police") + 6, "entity", "ORG")             # agreed
        proj.add_annotation("DA", s("Minsk"), s("Minsk") + 5, "entity", "GPE")               # agreed, stacked
        proj.add_annotation("DA", s("Minsk"), s("Minsk") + 5, "entity", "ORG" if who == "alice" else "PERSON")
        proj.add_annotation("DA", s("Alexander"), s("Alexander") + (20 if who == "alice" else 9), "entity",
                            "PERSON")                                                          # boundary
        t = TEXT_B.index
        proj.add_annotation("DB", t("Viasna"), t("Viasna") + 6, "entity", "ORG", {"note": "NGO"})
    proj.set_author("alice")
    return proj


def _ids(project, doc, author, label=None):
    return [a for a in project.annotations(document_id=doc)
            if a.author == author and (label is None or a.label == label)]


def test_units_group_overlapping_versions_and_mark_agreement(team):
    us = curation.units(team, "DA", "entity")
    assert [TEXT_A[u.start:u.end] for u in us] == ["Police", "Minsk", "Alexander Lukashenko"]
    agreed = [u.agreed for u in us]
    assert agreed == [True, False, False]  # Minsk: alice GPE+ORG, bob GPE+PERSON (the stacked spans differ)
    assert set(us[1].versions) == {"alice", "bob"} and len(us[1].versions["alice"]) == 2


def test_take_one_version_both_or_neither_each_one_undo_step(team):
    team.set_author("carol")  # the curator at the keyboard
    us = curation.units(team, "DA", "entity")
    minsk = us[1]
    curation.take(team, minsk.versions["alice"])              # alice's two labels
    curation.take(team, minsk.versions["bob"])                # and bob's: GPE is not taken twice
    labels = sorted(a.label for a in _ids(team, "DA", "curator"))
    assert labels == ["GPE", "ORG", "PERSON"]
    assert all(a.origin == "curation" and a.status == "accepted" and a.attributes["_curated_from"]
               for a in _ids(team, "DA", "curator"))
    team.undo()                                               # undoes bob's version only
    assert sorted(a.label for a in _ids(team, "DA", "curator")) == ["GPE", "ORG"]
    unit = curation.units(team, "DA", "entity")[1]
    assert unit.decided and curation.discard(team, unit) == 2   # neither
    assert _ids(team, "DA", "curator") == []
    team.undo()
    assert len(_ids(team, "DA", "curator")) == 2


def test_merge_agreed_takes_agreed_spans_and_shared_links_across_documents(team):
    link_for = {}
    for who in ("alice", "bob"):
        police = _ids(team, "DA", who, "ORG")[0]
        viasna = _ids(team, "DB", who, "ORG")[0]
        team.set_author(who)
        link_for[who] = team.add_link(police.id, viasna.id, "contradiction", "contradicts")
    team.set_author("bob")
    alex = _ids(team, "DA", "bob", "PERSON")[0]
    team.add_link(alex.id, _ids(team, "DB", "bob", "ORG")[0].id, "contradiction", "agrees")  # only bob's
    team.set_author("carol")
    res = curation.merge_agreed(team, "entity", [Source("author", "alice"), Source("author", "bob")])
    assert res == {"units": 2, "annotations": 2, "links": 1}
    gold = sorted((a.document_id, TEXT_A[a.start:a.end] if a.document_id == "DA" else TEXT_B[a.start:a.end])
                  for a in team.annotations() if a.author == "curator")
    assert gold == [("DA", "Police"), ("DB", "Viasna")]
    (link,) = [l for l in team.links() if l.author == "curator"]
    assert link.label == "contradicts"
    assert team.annotation(link.source_id).document_id == "DA" and team.annotation(link.target_id).document_id == "DB"
    assert team.annotation(link.target_id).attributes["note"] == "NGO"  # attributes agreed and kept
    # one undo step takes the whole merge back, and redo brings it again
    team.undo()
    assert [a for a in team.annotations() if a.author == "curator"] == []
    assert [l for l in team.links() if l.author == "curator"] == []
    assert len(team.links()) == 3  # the annotators' own links are untouched
    team.redo()
    assert len([a for a in team.annotations() if a.author == "curator"]) == 2
    # repeatable: a second merge adds nothing
    assert curation.merge_agreed(team, "entity", [Source("author", "alice"), Source("author", "bob")]) == \
        {"units": 2, "annotations": 0, "links": 0}


def test_curated_set_exports_as_the_dataset(team, tmp_path):
    team.set_author("carol")
    curation.merge_agreed(team, "entity")
    out = tmp_path / "gold.json"
    team.export("json", out, ExportFilters(authors=("curator",)))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(a["text"] for a in data["annotations"]) == ["Police", "Viasna"]
    assert {a["author"] for a in data["annotations"]} == {"curator"}
