# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""Label Studio JSON: the export folder (tasks, labeling config, side file for cross-document links), suggestions as
predictions with scores, authors as completed_by, round trips, Label Studio's own export shapes read back, refusals
that store nothing, and -- when Label Studio is installed -- the real server importing our export and exporting it
again for our importer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from label_studio_server import LabelStudio, find
from test_interchange_helpers import (
    TEXTS,
    Scratch,
    empty_project,
    import_ok,
    ix_project,
    make_host,
    new_project,
    property_settings,
    put_line_separators_in_a_cross_document_link,
    random_project,
    snapshot,
    store_random,
)

from annotator import ExportFilters

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))


def _tasks(folder):
    return json.loads((folder / "tasks.json").read_text(encoding="utf-8"))


def test_export_folder_holds_tasks_config_and_cross_document_links(ix_project, tmp_path):
    ix_project.set_setting("interchange", "label_studio.users", {"tester": 7})
    result = ix_project.export("label-studio", tmp_path / "ls", ALL)
    tasks = _tasks(tmp_path / "ls")
    assert [t["data"]["text"] for t in tasks] == TEXTS
    assert tasks[0]["data"]["annotator_document_id"] == "DOC0" and tasks[0]["data"]["source"] == "AP"
    t0 = tasks[0]
    assert len(t0["annotations"]) == 1 and t0["annotations"][0]["completed_by"] == 7
    regions = [r for r in t0["annotations"][0]["result"] if r["type"] == "labels"]
    flag = next(r for r in regions if r["value"]["text"] == "Minsk 🇧🇾")
    start = TEXTS[0].index("Minsk 🇧🇾")
    assert flag["value"]["start"] == start and flag["value"]["end"] == start + len("Minsk 🇧🇾")  # code points
    assert flag["from_name"] == "ix_entity" and flag["value"]["labels"] == ["GPE"]
    rel = [r for r in t0["annotations"][0]["result"] if r["type"] == "relation"]
    assert len(rel) == 1 and rel[0]["labels"] == ["same statement"]
    # the suggestion is a prediction of the task of DOC2
    preds = tasks[2]["predictions"]
    assert len(preds) == 1 and preds[0]["result"][0]["value"]["text"] == "Nesteruk"
    # the config declares every layer's labels and the link labels, and points at $text
    root = ET.fromstring((tmp_path / "ls" / "label_config.xml").read_text(encoding="utf-8"))
    labels = {l.get("name"): {x.get("value") for x in l.findall("Label")} for l in root.findall("Labels")}
    assert labels["ix_entity"] >= {"PERSON", "ORG", "GPE"} and labels["ix_quote"] >= {"quote", "paraphrase"}
    assert {r.get("value") for r in root.find("Relations")} == {"contradicts", "same statement"}
    assert root.find("Text").get("value") == "$text"
    cross = (tmp_path / "ls" / "cross_document_links.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(cross) == 1 and json.loads(cross[0])["label"] == "contradicts"
    assert any("cross_document_links.jsonl" in w for w in result.warnings)


def test_round_trip_through_the_folder(ix_project, empty_project, tmp_path):
    ix_project.export("label-studio", tmp_path / "ls", ALL)
    report = import_ok(empty_project, [tmp_path / "ls"])  # the folder is recognised
    assert report.counts["documents"] == 3
    assert snapshot(empty_project, status=True) == snapshot(ix_project, status=True)
    # the authors come back too (kept in the annotation's meta), and the suggestion's origin
    assert {a.author for a in empty_project.annotations() if a.status == "accepted"} == {"tester"}
    assert {a.origin for a in empty_project.annotations() if a.status == "suggested"} == {"manual"}


def test_a_line_separator_inside_a_cross_document_link_does_not_split_its_record(ix_project, empty_project,
                                                                                  tmp_path):
    put_line_separators_in_a_cross_document_link(ix_project)
    ix_project.export("label-studio", tmp_path / "ls", ALL)
    import_ok(empty_project, [tmp_path / "ls"])
    assert snapshot(empty_project, status=True) == snapshot(ix_project, status=True)


def test_label_studio_own_export_shapes(empty_project, tmp_path):
    """What Label Studio writes: completed_by as an id or a user object, template from_names, a left relation,
    a per-region choice, a cancelled annotation, prediction scores; one text per task in data.text."""
    text = "Protesters 🇧🇾 said police held 7,000 people in Minsk."
    i, j = text.index("police"), text.index("Minsk")
    tasks = [{
        "id": 11, "data": {"text": text},
        "annotations": [
            {"id": 1, "completed_by": {"id": 3, "email": "alice@uni.example"}, "was_cancelled": False, "result": [
                {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": i, "end": i + 6, "text": "police", "labels": ["ORG"]}},
                {"id": "r2", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": j, "end": j + 5, "text": "Minsk", "labels": ["GPE"]}},
                {"id": "r1", "from_name": "confidence", "to_name": "text", "type": "choices",
                 "value": {"start": i, "end": i + 6, "choices": ["sure"]}},
                {"from_id": "r2", "to_id": "r1", "type": "relation", "direction": "left", "labels": ["located"]},
            ]},
            {"id": 2, "completed_by": 4, "was_cancelled": True, "result": []},
        ],
        "predictions": [{"model_version": "ner-v2", "score": 0.5, "result": [
            {"id": "p1", "from_name": "label", "to_name": "text", "type": "labels", "score": 0.87,
             "value": {"start": j, "end": j + 5, "text": "Minsk", "labels": ["LOC"]}}]}],
    }]
    (tmp_path / "export.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = import_ok(empty_project, [tmp_path / "export.json"], format="label-studio")
    anns = {(a.label, a.status): a for a in empty_project.annotations()}
    assert set(anns) == {("ORG", "accepted"), ("GPE", "accepted"), ("LOC", "suggested")}
    assert {a.layer for a in anns.values()} == {"entity"}  # Label Studio's template name "label"
    assert anns[("ORG", "accepted")].author == "alice@uni.example"
    assert anns[("ORG", "accepted")].attributes["confidence"] == "sure"
    assert anns[("LOC", "suggested")].origin == "ner-v2" and anns[("LOC", "suggested")].attributes["_score"] == 0.87
    (link,) = empty_project.links()
    assert (link.source_id, link.target_id) == (anns[("ORG", "accepted")].id, anns[("GPE", "accepted")].id)
    assert any("1 cancelled annotations" in w for w in report.warnings)


@pytest.mark.parametrize("payload,reason", [
    (b"{not json", "malformed JSON"),
    (b'{"tasks": 3}', "expected a list of tasks"),
    (json.dumps([{"data": {"n": 1}}]).encode(), "no text"),
    (json.dumps([{"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "from_name": "label", "value": {"start": 1, "end": 9, "labels": ["X"]}}]}]}]
    ).encode(), "not inside the text"),
    (json.dumps([{"data": {"text": "abcdef"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "from_name": "label",
         "value": {"start": 1, "end": 3, "text": "zz", "labels": ["X"]}}]}]}]).encode(), "does not match"),
    (json.dumps([{"data": {"text": "abcdef"}, "annotations": [{"result": [
        {"type": "relation", "from_id": "a", "to_id": "b"}]}]}]).encode(), "unknown regions"),
])
def test_malformed_exports_are_refused_with_the_task_and_nothing_is_stored(empty_project, tmp_path, payload, reason):
    (tmp_path / "bad.json").write_bytes(payload)
    report = empty_project.import_paths([str(tmp_path / "bad.json")], format="label-studio")
    assert len(report.refused) == 1 and reason in report.refused[0]["reason"], report.refused
    assert empty_project.documents() == [] and empty_project.annotations() == []


@given(spec=random_project(max_docs=3))
@property_settings(15)
def test_property_round_trip_random_projects(spec):
    with Scratch() as tmp:
        src = new_project(tmp / "a.annotator")
        store_random(src, spec)
        src.export("label-studio", tmp / "ls", ALL)
        dst = new_project(tmp / "b.annotator")
        import_ok(dst, [tmp / "ls"])
        assert snapshot(dst) == snapshot(src)
        src.close()
        dst.close()


LABEL_STUDIO, WHY_NOT = find()


@pytest.mark.slow
@pytest.mark.skipif(LABEL_STUDIO is None, reason=WHY_NOT)
def test_real_label_studio_imports_our_export_and_gives_it_back(ix_project, empty_project, tmp_path):
    result = ix_project.export("label-studio", tmp_path / "ls", ALL)
    tasks = _tasks(tmp_path / "ls")
    config = (tmp_path / "ls" / "label_config.xml").read_text(encoding="utf-8")
    with LabelStudio(LABEL_STUDIO) as ls:
        pid = ls.create_project("annotator round trip", config)  # Label Studio validates our config here
        ls.import_tasks(pid, tasks)
        info = ls.project(pid)
        assert info["task_number"] == len(tasks) == 3
        assert info["total_annotations_number"] == sum(len(t["annotations"]) for t in tasks)
        assert info["total_predictions_number"] == sum(len(t["predictions"]) for t in tasks)
        exported = ls.export(pid)
    (tmp_path / "from-ls.json").write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    import_ok(empty_project, [tmp_path / "from-ls.json"], format="label-studio")
    # same documents, spans and labels (and link labels within documents) as we sent
    want = snapshot(ix_project, attributes=False, links=False)
    got = snapshot(empty_project, attributes=False, links=False)
    assert got == want
    within = sorted(l.label for l in ix_project.links()
                    if ix_project.annotation(l.source_id).document_id == ix_project.annotation(l.target_id).document_id)
    assert sorted(l.label for l in empty_project.links()) == within
    assert result.counts["tasks"] == 3
