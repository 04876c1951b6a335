# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""Every interchange format is where researchers look for it: listed by ``annotator export --help`` and
``annotator formats``, in the window's Export dialog (whose choice then writes the file), and each exporter
honours the same filters as the JSON export (layers, statuses, documents, authors)."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from test_interchange_helpers import empty_project, ix_project, new_project

from annotator import ExportFilters

FORMATS = ["w3c-jsonld", "w3c-jsonl", "brat", "brat-zip", "conll", "spacy-docbin", "hf-jsonl", "csv", "qdpx",
           "inception-xmi", "label-studio"]
IMPORTERS = ["w3c-jsonld", "w3c-jsonl", "brat", "brat-zip", "conll", "spacy-docbin", "hf-jsonl", "csv", "qdpx",
             "inception-xmi", "uima-xmi", "label-studio", "label-studio-folder"]
READ_BACK = {"label-studio": "label-studio-folder"}  # the exporter writes a folder, read by its folder importer


def _expected(names):
    try:
        import spacy  # noqa: F401
    except ImportError:
        return [n for n in names if n != "spacy-docbin"]
    return names


def test_export_help_and_formats_list_every_interchange_format(tmp_path):
    from annotator.cli import cli

    out = CliRunner().invoke(cli, ["export", "--help"]).output
    listed = out[out.index("Formats:"):]
    for name in _expected(FORMATS):
        assert f"  {name}" in listed, name
    assert "brat standoff" in listed and "REFI-QDA" in listed and "INCEpTION" in listed and "Label Studio" in listed
    formats = CliRunner().invoke(cli, ["formats"]).output
    for name in _expected(IMPORTERS):
        assert name in formats, name


def test_cli_export_applies_the_filters(ix_project, tmp_path):
    """The same filters as the JSON export, here through the command line into CSV and W3C."""
    from annotator.cli import cli

    ix_project.close()
    path = str(ix_project.path)
    out = tmp_path / "f.csv"
    result = CliRunner().invoke(cli, ["export", "-p", path, "-f", "csv", "-o", str(out), "--layer", "ix_entity",
                                      "--document", "DOC0", "--document", "DOC1"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines(keepends=True)))
    assert {r["layer"] for r in rows} == {"ix_entity"} and {r["document_id"] for r in rows} == {"DOC0", "DOC1"}
    assert len(rows) == 6  # the accepted entities of DOC0 (4) and DOC1 (2)
    out = tmp_path / "f.jsonl"
    result = CliRunner().invoke(cli, ["export", "-p", path, "-f", "w3c-jsonl", "-o", str(out),
                                      "--include-suggestions", "--label", "PERSON"])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    labels = {b["value"] for i in items for b in i["body"] if b.get("purpose") == "tagging"}
    assert labels == {"PERSON"} and len(items) == 6  # Nesteruk, a suggestion, is included


@pytest.mark.parametrize("fmt", _expected(FORMATS))
def test_every_exporter_honours_status_document_and_author_filters(ix_project, empty_project, tmp_path, fmt):
    """Export with filters, import into an empty project (through the JSON documents for the formats that need
    them): only the chosen annotations arrive."""
    ix_project.set_status([ix_project.ids["putin"]], "suggested")  # left out by the status filter
    filters = ExportFilters(documents=("DOC1",), statuses=("accepted",), layers=("ix_entity",))
    out = tmp_path / ("out" + ix_project.exporters()[fmt].extension)
    ix_project.export(fmt, out, filters)
    expected = sorted((a.start, a.end, a.label) for a in ix_project.annotations(layer="ix_entity")
                      if a.document_id == "DOC1" and a.status == "accepted")
    assert len(expected) == 1  # Lukashenka (DOC1's other entity is now a suggestion)
    if fmt in ("w3c-jsonl", "csv", "hf-jsonl"):
        docs = tmp_path / "docs.json"
        ix_project.export("json", docs, ExportFilters(layers=("none",)))
        empty_project.import_paths([str(docs)])
    report = empty_project.import_paths([str(out)], format=READ_BACK.get(fmt, fmt))
    assert not report.refused, report.refused
    got = sorted((a.start, a.end, a.label) for a in empty_project.annotations())
    if fmt == "conll":  # tokens re-spaced: compare the covered texts
        texts = {d.id: d.text for d in empty_project.documents()}
        got = sorted(texts[a.document_id][a.start:a.end] for a in empty_project.annotations())
        doc = ix_project.document("DOC1").text
        expected = sorted(doc[s:e] for s, e, _ in expected)
    assert got == expected, fmt
    nobody = ix_project.export(fmt, tmp_path / ("none" + ix_project.exporters()[fmt].extension),
                               ExportFilters(authors=("nobody",)))
    assert not any(nobody.counts.get(k) for k in ("annotations", "entities", "codings", "rows")), nobody.counts
