"""The ``annotator/1`` JSON export: schema, span texts, determinism, filters, and import back into other projects
(same ids, duplicates skipped, nothing lost; merging two researchers' projects that share the corpus)."""

from __future__ import annotations

import json

import orjson
import pytest
from click.testing import CliRunner
from export_check import check_export
from support import CORPUS, open_project

from annotator import ExportFilters
from annotator.cli import cli


def span(project, doc, needle, layer, label, **kw):
    start = doc.text.index(needle)
    return project.add_annotation(doc.id, start, start + len(needle), layer, label, **kw)


def annotate(project, by_source, author="alice"):
    """A little of everything: entities with a registry record, quotes with speakers, suggestions, a rejection,
    claims in two documents and a contradiction link across them."""
    project.author = author
    ap, afp, cbc = by_source["AP"], by_source["AFP"], by_source["CBC"]
    luka = project.add_entity("Alexander Lukashenko", aliases=["Lukashenka", "Luksahenko"], qid="Q38426")
    m1 = span(project, ap, "Luksahenko", "entity", "PERSON")
    m2 = span(project, afp, "Alexander Lukashenko", "entity", "PERSON")
    project.assign_entity([m1.id, m2.id], luka.id)
    span(project, ap, "Minsk", "entity", "GPE", status="suggested")
    span(project, cbc, "Ottawa", "entity", "GPE", status="rejected")
    q = span(project, afp, "We will not give up the country to anyone,", "quote", "quote",
             attributes={"speaker": "Alexander Lukashenko", "speaker_entity_id": luka.id, "kind": "direct",
                         "cue": {"text": "he said", "start": 0, "end": 7}})
    c1 = span(project, ap, "the detention of some 7,000 people", "claim", "claim")
    c2 = span(project, afp, "at least 6,700 people detained", "claim", "claim")
    link = project.add_link(c1.id, c2.id, "contradiction", "contradicts", {"note": "7,000 vs 6,700"})
    return {"entity": luka, "mentions": [m1, m2], "quote": q, "claims": [c1, c2], "link": link}


@pytest.fixture
def rich(sample, by_source):
    made = annotate(sample, by_source)
    sample.author = "bob"
    span(sample, by_source["RFE/RL"], "Lukashenka", "entity", "PERSON")
    return made


def export(project, path, **filters):
    result = project.export("json", path, ExportFilters(**filters) if filters else None)
    return check_export(result.path), result


def test_full_export_validates_and_holds_everything(sample, rich, tmp_path):
    data, result = export(sample, tmp_path / "all.json")
    assert data["format"] == "annotator/1"
    assert result.counts == {"documents": 5, "annotations": 6, "links": 1, "entities": 1}
    assert {a["status"] for a in data["annotations"]} == {"accepted"}  # accepted only by default
    (link,) = data["links"]
    assert link["source"]["text"] == "the detention of some 7,000 people"
    assert link["target"]["text"] == "at least 6,700 people detained"
    assert link["source"]["document_id"] != link["target"]["document_id"]
    (entity,) = data["entities"]
    assert entity["aliases"] == ["Lukashenka", "Luksahenko"] and entity["qid"] == "Q38426"
    mentions = [a for a in data["annotations"] if a["attributes"].get("entity_id") == entity["id"]]
    assert sorted(m["text"] for m in mentions) == ["Alexander Lukashenko", "Luksahenko"]
    assert all(m["attributes"]["canonical_name"] == "Alexander Lukashenko" for m in mentions)
    quote = next(a for a in data["annotations"] if a["layer"] == "quote")
    assert quote["attributes"] == {"cue": {"end": 7, "start": 0, "text": "he said"}, "kind": "direct",
                                   "speaker": "Alexander Lukashenko", "speaker_entity_id": entity["id"]}
    assert {layer["name"] for layer in data["layers"]} >= {"entity", "quote", "claim", "contradiction"}
    order = [(a["document_id"], a["start"], a["end"]) for a in data["annotations"]]
    assert order == sorted(order)
    # the project is named, but the researcher's local folders are not written into a dataset meant to be shared
    assert data["project"]["id"] == sample.id and "path" not in data["project"]
    assert str(tmp_path) not in (tmp_path / "all.json").read_text(encoding="utf-8")


def test_exports_are_byte_identical_and_dated_by_the_last_change(sample, rich, tmp_path):
    first = (sample.export("json", tmp_path / "1.json")).path.read_bytes()
    second = (sample.export("json", tmp_path / "2.json")).path.read_bytes()
    assert first == second
    data = orjson.loads(first)
    newest = max(a["modified_at"] for a in data["annotations"])
    assert data["exported_at"] >= newest
    assert data["exported_at"] == sample.history(1)[0]["at"]
    # a deletion (which leaves no modified_at behind) and an undo still move the date on
    sample.delete_annotation(rich["quote"].id)
    after_delete = export(sample, tmp_path / "3.json")[0]["exported_at"]
    assert after_delete > data["exported_at"]
    sample.undo()
    after_undo = export(sample, tmp_path / "4.json")[0]
    assert after_undo["exported_at"] > after_delete
    assert after_undo["annotations"] == data["annotations"]


@pytest.mark.parametrize("filters, expect", [
    ({"layers": ("entity",)}, {"layers": {"entity"}, "links": 0}),
    ({"layers": ("claim", "contradiction")}, {"layers": {"claim"}, "links": 1}),
    ({"layers": ("claim",)}, {"layers": {"claim"}, "links": 1}),
    ({"layers": ("contradiction",)}, {"layers": {"claim"}, "links": 1}),  # the links with their ends
    ({"layers": ("entity", "contradiction")}, {"layers": {"entity", "claim"}, "links": 1}),
    ({"statuses": ("accepted", "suggested")}, {"statuses": {"accepted", "suggested"}}),
    ({"statuses": ("rejected",)}, {"statuses": {"rejected"}, "count": 1}),
    ({"authors": ("bob",)}, {"count": 1, "links": 0, "entities": 0}),
    ({"labels": ("PERSON",)}, {"count": 3, "links": 0}),
])
def test_filters(sample, rich, tmp_path, filters, expect):
    data, _ = export(sample, tmp_path / "f.json", **filters)
    anns = data["annotations"]
    assert anns
    if "layers" in expect:
        assert {a["layer"] for a in anns} == expect["layers"]
    assert {a["status"] for a in anns} == expect.get("statuses", {"accepted"})
    if "count" in expect:
        assert len(anns) == expect["count"]
    if "links" in expect:
        assert len(data["links"]) == expect["links"]
    if "entities" in expect:
        assert len(data["entities"]) == expect["entities"]
    if "authors" in filters:
        assert {a["author"] for a in anns} == set(filters["authors"])
    if "labels" in filters:
        assert {a["label"] for a in anns} == set(filters["labels"])
    assert data["filters"][next(iter(filters))] == list(next(iter(filters.values())))


def test_document_filter(sample, rich, by_source, tmp_path):
    afp = by_source["AFP"]
    data, _ = export(sample, tmp_path / "afp.json", documents=(afp.id,))
    assert [d["id"] for d in data["documents"]] == [afp.id]
    assert {a["document_id"] for a in data["annotations"]} == {afp.id}
    assert data["links"] == []  # its other end is in another document


def test_round_trip_into_an_empty_project_keeps_every_id(sample, rich, tmp_path):
    data, _ = export(sample, tmp_path / "all.json", statuses=("accepted", "suggested", "rejected"))
    other = open_project(tmp_path / "other.annotator", author="carol")
    report = other.import_paths([tmp_path / "all.json"])
    assert report.refused == [] and len(report.imported) == 5
    assert report.counts == {"documents": 5, "annotations": 8, "links": 1, "entities": 1}
    again, _ = export(other, tmp_path / "again.json", statuses=("accepted", "suggested", "rejected"))
    for key in ("documents", "annotations", "links", "entities"):
        assert again[key] == data[key], key
    # importing the same file again adds nothing
    second = other.import_paths([tmp_path / "all.json"])
    assert second.imported == [] and len(second.skipped) == 5
    assert other.stats()["annotations"] == 8
    other.close()


def test_merging_two_researchers_who_imported_the_same_corpus(tmp_path):
    alice = open_project(tmp_path / "alice.annotator", author="alice")
    bob = open_project(tmp_path / "bob.annotator", author="bob")
    alice.import_paths([CORPUS])
    bob.import_paths([CORPUS])
    a_docs = {d.source: d for d in alice.documents()}
    b_docs = {d.source: d for d in bob.documents()}
    assert a_docs["AP"].id != b_docs["AP"].id and a_docs["AP"].sha256 == b_docs["AP"].sha256
    annotate(alice, a_docs, author="alice")
    made = annotate(bob, b_docs, author="bob")
    bob_only = span(bob, b_docs["The Moscow Times"], "Andrei Yaroshevich", "entity", "PERSON")

    out = tmp_path / "bob.json"
    bob_data = check_export(bob.export("json", out, ExportFilters(statuses=("accepted", "suggested", "rejected"))).path)
    before = alice.stats()["annotations"]
    report = alice.import_paths([out])
    assert report.imported == [] and len(report.skipped) == 5  # same texts: matched by sha256
    assert report.counts["annotations"] == len(bob_data["annotations"])
    assert alice.stats()["annotations"] == before + len(bob_data["annotations"])
    moved = alice.annotation(bob_only.id)
    assert moved.document_id == a_docs["The Moscow Times"].id  # re-pointed at alice's copy of the document
    assert moved.author == "bob" and alice.text(moved.document_id)[moved.start:moved.end] == "Andrei Yaroshevich"
    assert alice.link(made["link"].id).source_id == made["claims"][0].id
    assert alice.entity(made["entity"].id).canonical_name == "Alexander Lukashenko"
    merged = check_export(alice.export("json", tmp_path / "merged.json",
                                       ExportFilters(statuses=("accepted", "suggested", "rejected"))).path)
    assert {a["id"] for a in bob_data["annotations"]} <= {a["id"] for a in merged["annotations"]}
    assert {a["author"] for a in merged["annotations"]} == {"alice", "bob"}
    again = alice.import_paths([out])  # merging twice changes nothing
    assert again.counts["annotations"] == 0 and alice.stats()["annotations"] == before + len(bob_data["annotations"])
    alice.close()
    bob.close()


def test_malformed_json_import_is_refused_with_the_line_and_stores_nothing(sample, rich, tmp_path):
    good = sample.export("json", tmp_path / "good.json").path.read_bytes()
    lines = good.split(b"\n")
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\n".join(lines[:8]) + b"\n{oops\n")
    other = open_project(tmp_path / "o.annotator")
    report = other.import_paths([broken])
    (refused,) = report.refused
    assert refused["reason"].startswith("line 9: malformed JSON")
    assert other.documents() == []


@pytest.mark.parametrize("mutate, reason", [
    (lambda d: d["annotations"][0].update(text="not the text"), "does not match the document"),
    (lambda d: d["annotations"][0].update(end=10**7), "outside the document"),
    (lambda d: d["links"][0].update(target_id="missing"), "is not an annotation of the file or the project"),
    (lambda d: d.update(format="something/2"), 'must be "annotator/1"'),
    (lambda d: d["annotations"][0].pop("layer"), "annotations[0] lacks 'layer'"),
    (lambda d: d["annotations"][-1].update(status="maybe"), "not 'maybe'"),
])
def test_inconsistent_json_import_is_refused_whole(sample, rich, tmp_path, mutate, reason):
    data = json.loads(sample.export("json", tmp_path / "good.json").path.read_bytes())
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    other = open_project(tmp_path / "o.annotator")
    report = other.import_paths([path])
    assert len(report.refused) == 1 and reason in report.refused[0]["reason"], report.refused
    assert other.documents() == [] and other.annotations() == [] and other.entities() == []


def test_cli_export_filters_and_import(sample, rich, tmp_path):
    runner = CliRunner()
    p = str(sample.path)
    out = tmp_path / "cli.json"
    result = runner.invoke(cli, ["export", "-p", p, "-f", "json", "-o", str(out), "--layer", "entity",
                                 "--include-suggestions"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    data = check_export(out)
    assert {a["status"] for a in data["annotations"]} == {"accepted", "suggested"}
    assert {a["layer"] for a in data["annotations"]} == {"entity"}
    result = runner.invoke(cli, ["export", "-p", p, "-o", str(out), "--author", "bob", "--label", "PERSON"])
    assert [a["text"] for a in check_export(out)["annotations"]] == ["Lukashenka"]
    target = tmp_path / "copy.annotator"
    assert runner.invoke(cli, ["new", str(target)]).exit_code == 0
    result = runner.invoke(cli, ["import", "-p", str(target), str(out)])
    assert result.exit_code == 0 and "5 document(s) imported; 1 annotations" in result.output, result.output


def test_the_fast_json_path_writes_exactly_what_orjson_writes(sample, rich, by_source, tmp_path):
    """The exporter lets SQLite serialise annotations; every line must equal orjson.dumps of the row dict."""
    sample.author = 'O"Brien \\ tab\t'
    span(sample, by_source["CBC"], "Ottawa", "entity", "GPE",
         attributes={"note": 'a "quote"\nand\\ a\u2028line', "score": 0.30000000000000004, "big": 2**53,
                     "tiny": 1e-7, "nested": [1, {"é": None, "😀": True}], "empty": {}})
    span(sample, by_source["AFP"], "“Thank you!”", "quote", "quote")
    filters = ExportFilters(statuses=("accepted", "suggested", "rejected"))
    fast = [line for chunk in sample.export_rows(filters).annotation_json_chunks() for line in chunk]
    slow = [orjson.dumps(d).decode() for d in sample.export_rows(filters).annotations()]
    assert len(fast) == 10 and fast == slow
    check_export(sample.export("json", tmp_path / "x.json", filters).path)
