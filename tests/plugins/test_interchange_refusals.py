# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""Malformed input in the formats not covered by their own modules' refusal tests: HF JSONL (broken JSON, offsets
outside the text, an unknown link end) and REFI-QDA (broken XML, a coding or link that names no selection). Each
is refused with the file, the line where the format has lines, and the reason; nothing of the file is stored."""

from __future__ import annotations

import json
import zipfile

import pytest
from test_interchange_helpers import empty_project, ix_project

from annotator import ExportFilters

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))


def _break_hf(lines, how):
    doc = json.loads(lines[1])
    if how == "json":
        return lines[:1] + [lines[1][:-5]] + lines[2:]
    if how == "offsets":
        doc["annotations"][0]["end"] = len(doc["text"]) + 5
    if how == "link":
        doc0 = json.loads(lines[0])
        doc0["links"][0]["target_id"] = "NOPE"
        return [json.dumps(doc0)] + lines[1:]
    return lines[:1] + [json.dumps(doc, ensure_ascii=False)] + lines[2:]


@pytest.mark.parametrize("how, line, reason", [("json", 2, "JSON"), ("offsets", 2, "outside"),
                                               ("link", 1, "NOPE")])
def test_hf_jsonl_refusals(ix_project, empty_project, tmp_path, how, line, reason):
    path = tmp_path / "a.jsonl"
    ix_project.export("hf-jsonl", path, ALL)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["links"], "the first document holds links"
    path.write_text("\n".join(_break_hf(lines, how)) + "\n", encoding="utf-8")
    report = empty_project.import_paths([str(path)], format="hf-jsonl")
    assert len(report.refused) == 1, report
    refused = report.refused[0]
    assert refused["path"] == str(path) and reason in refused["reason"], refused
    assert f"line {line}" in refused["reason"], refused
    assert empty_project.documents() == [] and empty_project.annotations() == []


@pytest.mark.parametrize("edit, reason", [
    (lambda qde: qde[:-40], "XML"),
    (lambda qde: qde.replace(b'targetGUID="', b'targetGUID="0', 1), "refers to an unknown"),
])
def test_qdpx_refusals(ix_project, empty_project, tmp_path, edit, reason):
    good = tmp_path / "good.qdpx"
    ix_project.export("qdpx", good, ALL)
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, edit(data) if name == "project.qde" else data)
    report = empty_project.import_paths([str(bad)])
    assert len(report.refused) == 1 and report.refused[0]["path"] == f"{bad}!project.qde"
    assert reason.lower() in report.refused[0]["reason"].lower(), report.refused[0]
    assert empty_project.documents() == []
