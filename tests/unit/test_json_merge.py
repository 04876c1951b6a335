"""Merging a colleague's dataset by id: a newer copy of an annotation, link or entity the project holds
replaces it (the colleague's author kept); an older or equally new different copy is reported as a conflict
and the project's is kept; identical copies are skipped; a file where two objects share an id is refused,
the ids named, nothing stored."""

from __future__ import annotations

import json
import time

from support import open_project


def test_a_colleagues_corrections_are_merged_and_conflicts_reported(proj, doc, tmp_path):
    a = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    b = proj.add_annotation(doc.id, 11, 20, "entity", "PERSON")
    c = proj.add_annotation(doc.id, 21, 25, "entity", "PERSON")
    proj.export("json", tmp_path / "mine.json")

    colleague = open_project(tmp_path / "colleague.annotator", author="colleague")
    assert colleague.import_paths([tmp_path / "mine.json"]).refused == []
    time.sleep(0.01)
    colleague.update_annotation(a.id, label="ORG", attributes={"note": "an agency"})  # a correction
    colleague.update_annotation(b.id, label="GPE")
    colleague.export("json", tmp_path / "theirs.json")
    colleague.close()
    time.sleep(0.01)
    proj.update_annotation(b.id, label="ORG")  # I changed b after the colleague: mine is newer

    report = proj.import_paths([tmp_path / "theirs.json"])
    assert report.refused == [] and report.counts["updated"] == 1
    merged = proj.annotation(a.id)
    assert (merged.label, merged.attributes, merged.author) == ("ORG", {"note": "an agency"}, "colleague")
    assert proj.annotation(b.id).label == "ORG"  # kept mine, and said so
    conflicts = [s["reason"] for s in report.skipped if b.id in s["reason"]]
    assert len(conflicts) == 1 and "is newer than the file's" in conflicts[0] and "colleague" in conflicts[0]
    assert proj.annotation(c.id).label == "PERSON"  # identical: untouched, not a conflict
    assert not [s for s in report.skipped if c.id in s["reason"]]


def test_two_annotations_sharing_an_id_are_refused_by_name(proj, doc, tmp_path):
    proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    proj.export("json", tmp_path / "mine.json")
    data = json.loads((tmp_path / "mine.json").read_text())
    twin = dict(data["annotations"][0], label="ORG")
    data["annotations"].append(twin)
    (tmp_path / "twins.json").write_text(json.dumps(data))

    fresh = open_project(tmp_path / "fresh.annotator")
    report = fresh.import_paths([tmp_path / "twins.json"])
    assert len(report.refused) == 1
    reason = report.refused[0]["reason"]
    assert twin["id"] in reason and "more than one object" in reason and '"annotations"' in reason
    assert fresh.documents() == [] and fresh.annotations() == []
    fresh.close()
