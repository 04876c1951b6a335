# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""CSV and Hugging Face JSONL: what a spreadsheet, R or ``datasets`` reads, round trips, and refusals."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given
from test_interchange_helpers import (
    Scratch,
    empty_project,
    import_ok,
    ix_project,
    make_host,
    new_project,
    property_settings,
    random_project,
    snapshot,
    store_random,
)

from annotator import ExportFilters

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))


def _documents_only(source, target, tmp_path):
    path = tmp_path / "docs.json"
    source.export("json", path, ExportFilters(layers=("none",)))
    import_ok(target, [path])


# --------------------------------------------------------------------------------------------- CSV


def test_csv_is_rfc4180_utf8_with_header(ix_project, tmp_path):
    path = tmp_path / "a.csv"
    result = ix_project.export("csv", path, ALL)
    raw = path.read_bytes()
    assert raw.startswith(b"document_id,outlet,layer,label,text,start,end,attributes,author,status,")
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines(keepends=True)))
    assert len(rows) == 12 == result.counts["annotations"]
    quote = next(r for r in rows if r["text"].startswith('"We will'))
    assert quote["text"] == '"We will not give up,"'  # quotes doubled on disk, intact when read
    assert '"""We will not give up,"""' in raw.decode("utf-8")
    claim = next(r for r in rows if r["label"] == "paraphrase" and r["outlet"] == "AP")
    assert json.loads(claim["attributes"])["count"] == 7000
    doc = ix_project.document(claim["document_id"])
    assert doc.text[int(claim["start"]):int(claim["end"])] == claim["text"]
    nest = next(r for r in rows if r["text"] == "Nesteruk")
    assert (nest["status"], nest["author"]) == ("suggested", "tester")
    assert any("2 links" in w for w in result.warnings)


def test_csv_round_trip_onto_the_documents(ix_project, tmp_path):
    path = tmp_path / "a.csv"
    ix_project.export("csv", path, ALL)
    target = new_project(tmp_path / "t.annotator")
    _documents_only(ix_project, target, tmp_path)
    import_ok(target, [path])
    expected = snapshot(ix_project, status=True, links=False)
    assert snapshot(target, status=True, links=False) == expected


@pytest.mark.parametrize("edit, reason", [
    (lambda rows: rows[2].__setitem__(5, "x"), "start/end must be integers"),
    (lambda rows: rows[2].__setitem__(7, "{not json"), "attributes are not JSON"),
    (lambda rows: rows[2].__setitem__(4, "Somebody"), "the file says it covers 'Somebody'"),
    (lambda rows: rows[2].__setitem__(6, "100000"), "outside the document"),
])
def test_csv_malformed_rows_are_refused_with_line(ix_project, tmp_path, edit, reason):
    path = tmp_path / "a.csv"
    ix_project.export("csv", path, ALL)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    edit(rows)
    for r in rows[1:]:
        r[10] = r[10] + "X"  # new ids, so the rows are not already in the project
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    before = len(ix_project.annotations())
    report = ix_project.import_paths([str(path)])
    assert len(report.refused) == 1
    assert reason in report.refused[0]["reason"] and "line 3" in report.refused[0]["reason"]
    assert len(ix_project.annotations()) == before


# --------------------------------------------------------------------------------------------- HF JSONL


def test_hf_jsonl_loads_with_datasets(ix_project, tmp_path):
    datasets = pytest.importorskip("datasets", reason="Hugging Face datasets is not installed (extra: interop)")
    path = tmp_path / "train.jsonl"
    ix_project.export("hf-jsonl", path, ALL)
    ds = datasets.load_dataset("json", data_files=str(path), split="train",
                               cache_dir=str(tmp_path / "hf-cache"))
    assert ds.num_rows == 3
    row = ds[0]
    assert row["source"] == "AP"
    for a in row["annotations"]:
        assert row["text"][a["start"]:a["end"]] == a["text"]
    flags = next(a for a in ds[0]["annotations"] if a["label"] == "GPE")
    assert flags["text"] == "Minsk 🇧🇾"
    assert json.loads(next(a for a in row["annotations"] if a["label"] == "paraphrase")["attributes"])["count"] == 7000
    cross = [l for l in row["links"] if l["target_document_id"] == "DOC1"]
    assert len(cross) == 1 and cross[0]["label"] == "contradicts"


def test_hf_jsonl_round_trip_keeps_everything(ix_project, empty_project, tmp_path):
    path = tmp_path / "train.jsonl"
    result = ix_project.export("hf-jsonl", path, ALL)
    assert result.warnings == []
    import_ok(empty_project, [path], format="hf-jsonl")
    assert snapshot(empty_project, status=True, docs_meta=True) == snapshot(ix_project, status=True, docs_meta=True)
    assert {a.id for a in empty_project.annotations()} == {a.id for a in ix_project.annotations()}


def test_hf_jsonl_refuses_text_that_does_not_match(ix_project, empty_project, tmp_path):
    path = tmp_path / "train.jsonl"
    ix_project.export("hf-jsonl", path, ALL)
    lines = path.read_text(encoding="utf-8").split("\n")
    row = json.loads(lines[1])
    row["annotations"][0]["text"] = "nope"
    lines[1] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    report = empty_project.import_paths([str(path)], format="hf-jsonl")
    assert "line 2" in report.refused[0]["reason"] and "does not match" in report.refused[0]["reason"]
    assert empty_project.documents() == []


_SETTINGS = property_settings(12)


@_SETTINGS
@given(spec=random_project())
def test_property_round_trip_hf_jsonl(spec):
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, spec)
        source.export("hf-jsonl", tmp / "x.jsonl")
        target = new_project(tmp / "b.annotator", host)
        report = target.import_paths([str(tmp / "x.jsonl")], format="hf-jsonl")
        assert not report.refused, report.refused
        assert snapshot(target) == snapshot(source)
        source.close()
        target.close()


@_SETTINGS
@given(spec=random_project())
def test_property_round_trip_csv(spec):
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, spec)
        result = source.export("csv", tmp / "x.csv")
        if source.links():
            assert any("links not written" in w for w in result.warnings)  # never dropped silently
        target = new_project(tmp / "b.annotator", host)
        _documents_only(source, target, tmp)
        report = target.import_paths([str(tmp / "x.csv")])
        assert not report.refused, report.refused
        assert snapshot(target, links=False) == snapshot(source, links=False)
        source.close()
        target.close()
