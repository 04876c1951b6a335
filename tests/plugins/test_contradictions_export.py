"""Exports of contradiction links: the core JSON export carries both ends (documents, offsets, texts); the
``contradiction-pairs`` JSONL exporter writes premise/hypothesis pairs with outlets, note, facet and context,
honouring the export filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import ExportFilters, Project
from annotator.plugins import PluginHost

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
PLUGINS = ["core-cleaners", "core-readers", "core-json", "contradiction-linker"]


@pytest.fixture
def linked(tmp_path):
    from annotator_contradictions.linking import create_link_between_spans

    proj = Project(tmp_path / "c.annotator", host=PluginHost(load=PLUGINS), author="tester")
    assert len(proj.import_paths([CORPUS]).imported) == 5
    docs = {d.source: d for d in proj.documents()}

    def span(outlet, quote):
        start = docs[outlet].text.index(quote)
        return docs[outlet].id, start, start + len(quote)

    cross = create_link_between_spans(proj, span("AP", "the detention of some 7,000 people"),
                                      span("AFP", "at least 6,700 people detained"), "differs-in-detail",
                                      note="count differs", facet="number")
    within = create_link_between_spans(proj, span("CBC", "Belarusian police said he was killed"),
                                       span("CBC", "he had a perforation in his chest"), "disputes", facet="cause")
    proj.suggest("contradiction-linker")  # suggestions stay out of default exports
    yield proj, docs, cross, within
    proj.close()


def test_json_export_has_both_ends(linked, tmp_path):
    proj, docs, cross, _ = linked
    out = tmp_path / "export.json"
    result = proj.export("json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert result.counts["links"] == 2
    (row,) = [l for l in data["links"] if l["id"] == cross.link.id]
    assert row["layer"] == "contradiction" and row["label"] == "differs-in-detail"
    assert row["source"] == {"document_id": docs["AP"].id, "start": cross.source.start, "end": cross.source.end,
                             "text": "the detention of some 7,000 people"}
    assert row["target"]["document_id"] == docs["AFP"].id and row["target"]["text"] == "at least 6,700 people detained"
    assert row["attributes"] == {"note": "count differs", "facet": "number"}


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_pairs_export(linked, tmp_path):
    proj, docs, cross, within = linked
    out = tmp_path / "pairs.jsonl"
    result = proj.export("contradiction-pairs", out)
    rows = read_jsonl(out)
    assert result.counts == {"pairs": 2, "same_document": 1}
    by_id = {r["id"]: r for r in rows}
    r = by_id[cross.link.id]
    assert r["premise"] == "the detention of some 7,000 people"
    assert r["hypothesis"] == "at least 6,700 people detained"
    assert (r["label"], r["facet"], r["note"]) == ("differs-in-detail", "number", "count differs")
    assert (r["premise_document_id"], r["premise_outlet"]) == (docs["AP"].id, "AP")
    assert (r["hypothesis_document_id"], r["hypothesis_outlet"]) == (docs["AFP"].id, "AFP")
    assert r["premise_context"].startswith("Despite harsh police crackdowns") and r["premise_context"].endswith("1994.")
    assert "6,700 people detained and hundreds injured." in r["hypothesis_context"]
    text = docs["AP"].text
    assert text[r["premise_start"]:r["premise_end"]] == r["premise"]
    w = by_id[within.link.id]
    assert w["premise_outlet"] == w["hypothesis_outlet"] == "CBC" and w["label"] == "disputes"


def r_keys(row):
    return set(row)


def test_pairs_export_honours_filters(linked, tmp_path):
    proj, docs, cross, within = linked
    out = tmp_path / "p.jsonl"
    proj.export("contradiction-pairs", out, ExportFilters(labels=("disputes",)))
    assert [r["id"] for r in read_jsonl(out)] == [within.link.id]
    proj.export("contradiction-pairs", out, ExportFilters(layers=("contradiction",)))
    assert len(read_jsonl(out)) == 2  # the claim layer is implied
    proj.export("contradiction-pairs", out, ExportFilters(documents=(docs["CBC"].id,)))
    assert [r["id"] for r in read_jsonl(out)] == [within.link.id]
    result = proj.export("contradiction-pairs", out, ExportFilters(statuses=("suggested",)))
    rows = read_jsonl(out)
    assert result.counts["pairs"] == len(rows) > 10 and all(r["status"] == "suggested" for r in rows)
    assert all(r["reason"] and r["compared"] for r in rows)
    dated = next(r for r in rows if r["facet"] == "date/time")
    assert " vs " in dated["reason"] and "before publication" in dated["compared"]
    assert r_keys(dated) >= {"premise", "hypothesis", "label", "premise_document_id", "hypothesis_document_id",
                             "premise_outlet", "hypothesis_outlet", "note", "premise_context", "hypothesis_context"}
    # a whole-sentence claim gets its neighbours as context
    whole = next(r for r in rows if r["premise_context"] != r["premise"])
    assert whole["premise"] in whole["premise_context"]
