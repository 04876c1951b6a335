"""The entity tagger's review cycle end to end on the sample project, headless: pre-annotate, accept every
suggested mention, confirm every proposed entity, and then there is exactly one entity per real person with all
of their spellings merged; re-runs never duplicate accepted work nor bring back what was rejected; new articles
join the confirmed entities; the label set is per project and survives reopening the file."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from annotator_entities import labels as label_ops
from annotator_entities import registry

from annotator import ExportFilters, NewDocument, Project
from tests.conftest import ROOT

PLUGIN = "entity-tagger"

# every spelling of each real person the sample corpus names (read off the five articles by hand)
PEOPLE = {
    "Alexander Lukashenko": {"Alexander Lukashenko", "Lukashenko", "Luksahenko", "Alyaksandr Lukashenka",
                             "Lukashenka"},
    "Svetlana Tikhanovskaya": {"Svetlana Tikhanovskaya", "Tikhanovskaya", "Sviatlana Tsikhanouskaya"},
    "Vladimir Putin": {"Vladimir Putin", "Putin"},
    "Alexander Taraikovsky": {"Alexander Taraikovsky", "Taraikovsky"},
    "Mike Pompeo": {"Mike Pompeo", "Pompeo"},
}


def _text(project, a):
    return " ".join(project.text(a.document_id)[a.start:a.end].split())  # CBC has a no-break space in a name


def _add_doc(project, text, source):
    from annotator.specs import ImportBatch

    project.store_batch(ImportBatch(documents=[NewDocument(text=text, title=source, source=source, clean=False)]))
    return next(d for d in project.documents() if d.source == source)


def _accept_everything(project):
    """What a researcher does after reviewing: every suggested mention accepted, every proposed entity confirmed."""
    ids = [a.id for a in project.annotations(layer="entity", status="suggested")]
    assert ids
    project.set_status(ids, "accepted")
    assert registry.confirm(project, [e.id for e in project.entities() if e.status == "suggested"]) > 0


def _spellings_by_entity(project, label="PERSON"):
    out = defaultdict(set)
    for a in project.annotations(layer="entity", label=label):
        if a.status != "rejected":
            out[a.attributes.get("entity_id")].add(_text(project, a))
    return out


def _assert_one_entity_per_person(project):
    by_entity = _spellings_by_entity(project)
    assert None not in by_entity, f"PERSON mentions without an entity: {by_entity.get(None)}"
    entities = {e.id: e for e in project.entities()}
    for name, spellings in PEOPLE.items():
        holders = [eid for eid, texts in by_entity.items() if texts & spellings]
        assert len(holders) == 1, f"{name} is split over {[entities[h].canonical_name for h in holders]}"
        (eid,) = holders
        assert by_entity[eid] == spellings, f"{name}: {by_entity[eid] ^ spellings}"
        ent = entities[eid]
        assert ent.canonical_name == name and ent.status == "accepted" and ent.label == "PERSON"
        assert set(ent.aliases) == spellings - {name}
    # and no spelling of anybody is held by two entities
    owners = defaultdict(set)
    for eid, texts in by_entity.items():
        for t in texts:
            owners[t].add(eid)
    assert {t: ids for t, ids in owners.items() if len(ids) > 1} == {}


@pytest.fixture
def reviewed(sample_project):
    # the rules back end: its first run already proposes every accepted-elsewhere name, so a re-run after review
    # has nothing to add (spaCy's first run has no accepted names yet: a re-run spreads what was accepted)
    sample_project.set_setting(PLUGIN, "backend", "rules")
    report = sample_project.suggest(PLUGIN)
    assert not report.errors, report.errors
    _accept_everything(sample_project)
    return sample_project


def test_after_review_there_is_one_entity_per_real_person_with_all_spellings(reviewed):
    _assert_one_entity_per_person(reviewed)
    assert reviewed.annotations(layer="entity", status="suggested") == []
    # every mention carries its entity's id and current canonical name
    entities = {e.id: e for e in reviewed.entities()}
    for a in reviewed.annotations(layer="entity"):
        if a.attributes.get("entity_id"):
            assert a.attributes["canonical_name"] == entities[a.attributes["entity_id"]].canonical_name
    # and it is all in the file: a second connection sees the same registry
    with Project(reviewed.path, host=reviewed.host) as again:
        _assert_one_entity_per_person(again)


def test_rerun_after_review_duplicates_nothing_and_new_articles_join_confirmed_entities(reviewed):
    before = (len(reviewed.annotations()), len(reviewed.entities()))
    report = reviewed.suggest(PLUGIN)
    assert report.counts[PLUGIN]["annotations"] == 0 and report.counts[PLUGIN]["entities"] == 0
    assert (len(reviewed.annotations()), len(reviewed.entities())) == before
    # a new article with other spellings: its mentions are proposed for the confirmed entities, no new people
    doc = _add_doc(reviewed, "Sviatlana Tsikhanouskaya said on Monday that Lukashenka must go. "
                             "Tikhanovskaya later met Pompeo.", "Nasha Niva")
    people_before = {e.id for e in reviewed.entities() if e.label == "PERSON"}
    reviewed.suggest(PLUGIN, [doc.id])
    assert {e.id for e in reviewed.entities() if e.label == "PERSON"} == people_before
    new = reviewed.annotations(document_id=doc.id, layer="entity", label="PERSON")
    assert {_text(reviewed, a) for a in new} == {"Sviatlana Tsikhanouskaya", "Lukashenka", "Tikhanovskaya", "Pompeo"}
    assert all(a.status == "suggested" for a in new)
    names = {_text(reviewed, a): a.attributes.get("canonical_name") for a in new}
    assert names == {"Sviatlana Tsikhanouskaya": "Svetlana Tikhanovskaya", "Tikhanovskaya": "Svetlana Tikhanovskaya",
                     "Lukashenka": "Alexander Lukashenko", "Pompeo": "Mike Pompeo"}
    # confirmed entities keep their names
    assert {e.canonical_name for e in reviewed.entities() if e.id in people_before} >= set(PEOPLE)


def test_suggestions_never_duplicate_or_overlap_accepted_annotations(sample_project, doc_by_source):
    """Accepted by hand before the run, with the tagger's own span and another label, or a shorter span."""
    ap, rfe = doc_by_source["AP"], doc_by_source["RFE/RL"]
    i = ap.text.index("Kremlin")
    same_span = sample_project.add_annotation(ap.id, i, i + len("Kremlin"), "entity", "GPE")
    j = rfe.text.index("Alyaksandr Lukashenka")
    inner = sample_project.add_annotation(rfe.id, j + len("Alyaksandr "), j + len("Alyaksandr Lukashenka"),
                                          "entity", "PERSON")
    sample_project.suggest(PLUGIN)
    for manual in (same_span, inner):
        doc_anns = sample_project.annotations(document_id=manual.document_id, layer="entity")
        clash = [a for a in doc_anns if a.id != manual.id and a.start < manual.end and manual.start < a.end]
        assert clash == [], [(a.label, _text(sample_project, a)) for a in clash]
        assert sample_project.annotation(manual.id).status == "accepted"
    assert sample_project.annotation(same_span.id).label == "GPE"
    # no two entity annotations anywhere share a span
    spans = [(a.document_id, a.start, a.end) for a in sample_project.annotations(layer="entity")]
    assert len(spans) == len(set(spans))


def test_rejected_mentions_stay_rejected_through_review_and_reruns(sample_project, doc_by_source):
    sample_project.set_setting(PLUGIN, "backend", "rules")  # see the fixture ``reviewed``
    sample_project.suggest(PLUGIN)
    mt = doc_by_source["The Moscow Times"]
    # the researcher rejects every suggestion in one article (say, it is out of scope), accepts the rest
    in_mt = [a for a in sample_project.annotations(document_id=mt.id, layer="entity")]
    sample_project.set_status([a.id for a in in_mt], "rejected")
    _accept_everything(sample_project)
    rejected = {(a.start, a.end) for a in in_mt}
    for _ in range(2):
        report = sample_project.suggest(PLUGIN)
        assert report.counts[PLUGIN]["annotations"] == 0
    again = sample_project.annotations(document_id=mt.id, layer="entity")
    assert {(a.start, a.end) for a in again} == rejected and all(a.status == "rejected" for a in again)
    # rejected mentions do not count in the registry
    for row in registry.entity_rows(sample_project):
        assert "The Moscow Times" not in row.by_outlet


def test_label_set_is_per_project_and_saved(sample_with, tmp_path):
    first = sample_with(PLUGIN, name="first")
    second = sample_with(PLUGIN, name="second")
    label_ops.rename_label(first, "MISC", "OTHER")
    label_ops.add_label(first, "WEAPON")
    label_ops.set_color(first, "WEAPON", "#123abc")
    label_ops.set_shortcut(first, "WEAPON", "W")
    label_ops.remove_label(first, "EVENT")
    expected = ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "OTHER", "WEAPON"]
    assert [lab.name for lab in first.layer("entity").labels] == expected
    # the other project keeps the defaults
    assert [lab.name for lab in second.layer("entity").labels][-2:] == ["EVENT", "MISC"]
    path, host = first.path, first.host
    first.close()
    with Project(path, host=host) as reopened:
        spec = reopened.layer("entity")
        assert [lab.name for lab in spec.labels] == expected
        weapon = spec.label("WEAPON")
        assert (weapon.color, weapon.shortcut) == ("#123abc", "W")
        assert label_ops.implicit_key(reopened, "WEAPON") == "8"


def test_export_after_review_links_mentions_to_the_entities_list(reviewed, tmp_path):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    out = tmp_path / "reviewed.json"
    reviewed.export("json", out, ExportFilters(layers=("entity",)))
    data = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "annotator" / "schemas" / "annotator-1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    entities = {e["id"]: e for e in data["entities"]}
    persons = [a for a in data["annotations"] if a["label"] == "PERSON"]
    assert persons and all(a["status"] == "accepted" for a in persons)
    for a in persons:
        ent = entities[a["attributes"]["entity_id"]]
        assert a["attributes"]["canonical_name"] == ent["canonical_name"]
    by_name = {e["canonical_name"]: e for e in data["entities"]}
    for name, spellings in PEOPLE.items():
        e = by_name[name]
        assert (e["label"], e["status"], set(e["aliases"]) | {name}) == ("PERSON", "accepted", spellings)
        assert {" ".join(a["text"].split()) for a in persons if a["attributes"]["entity_id"] == e["id"]} == spellings


def test_a_rejected_entity_is_not_proposed_again(sample_project):
    sample_project.suggest(PLUGIN)
    ex_soviet = next(e for e in sample_project.entities() if e.canonical_name == "ex-Soviet")
    held = {a.id for a in sample_project.mentions(ex_soviet.id)}
    assert registry.reject(sample_project, [ex_soviet.id]) == 1
    assert "ex-Soviet" not in {r.entity.canonical_name for r in registry.entity_rows(sample_project)}
    # re-runs, also over a new article naming it, propose no record of that name and give it no mentions
    doc = _add_doc(sample_project, "Protests spread across the ex-Soviet nation of Belarus on Monday.", "Meduza")
    for _ in range(2):
        sample_project.suggest(PLUGIN)
        assert [e.canonical_name for e in sample_project.entities()].count("ex-Soviet") == 1
        assert {a.id for a in sample_project.mentions(ex_soviet.id)} == held
    new = [a for a in sample_project.annotations(document_id=doc.id) if _text(sample_project, a) == "ex-Soviet"]
    assert new and all(not a.attributes.get("entity_id") for a in new)
    # the clustering command respects it too; undo brings the record back as it was
    registry.cluster_now(sample_project)
    assert [e.canonical_name for e in sample_project.entities()].count("ex-Soviet") == 1
    while sample_project.entity(ex_soviet.id).status == "rejected":
        assert sample_project.undo()
    assert sample_project.entity(ex_soviet.id).status == "suggested"
