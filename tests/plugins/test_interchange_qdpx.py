# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""REFI-QDA (.qdpx): the project.qde is read by pyrefiqda (models generated from the official REFI-QDA XML
schemas: element names, required attributes, types) where installed, and its structure is checked here without
it (namespace, element order of the schema, GUID and colour patterns, references); sources, codes, codings,
users and links round-trip."""

from __future__ import annotations

import json
import re
import zipfile
from xml.etree import ElementTree as ET

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

NS = "{urn:QDA-XML:project:1.0}"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RGB = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
# the child sequence of <Project> in the REFI-QDA Project schema 1.0
PROJECT_ORDER = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                 "Description", "NoteRef"]
REQUIRED = {"Project": ["name"], "User": ["guid"], "Code": ["guid", "name", "isCodable"],
            "Variable": ["guid", "name", "typeOfVariable"], "TextSource": ["guid"],
            "PlainTextSelection": ["guid", "startPosition", "endPosition"], "Coding": ["guid"],
            "CodeRef": ["targetGUID"], "NoteRef": ["targetGUID"], "VariableRef": ["targetGUID"], "Link": ["guid"],
            "Note": ["guid"]}
ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))


def _qde(path):
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde"), zf.namelist()


def test_qde_structure(ix_project, tmp_path):
    path = tmp_path / "p.qdpx"
    result = ix_project.export("qdpx", path, ALL)
    raw, names = _qde(path)
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(raw)
    assert root.tag == NS + "Project"
    children = [c.tag.replace(NS, "") for c in root]
    assert children == [t for t in PROJECT_ORDER if t in children]
    assert children == ["Users", "CodeBook", "Variables", "Sources", "Notes", "Links"]
    guids = set()
    for el in root.iter():
        assert el.tag.startswith(NS), el.tag  # every element in the REFI namespace
        tag = el.tag.replace(NS, "")
        for attr in REQUIRED.get(tag, []):
            assert el.get(attr), f"{tag} lacks {attr}"
        for attr, value in el.attrib.items():
            if attr in ("guid", "targetGUID", "originGUID", "creatingUser", "modifyingUser"):
                assert GUID.match(value), (tag, attr, value)
            if attr == "color":
                assert RGB.match(value), value
            if attr in ("creationDateTime", "modifiedDateTime"):
                assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$", value)
        if el.get("guid"):
            assert el.get("guid") not in guids
            guids.add(el.get("guid"))
    # every reference points at an element of the project
    for el in root.iter():
        for attr in ("targetGUID", "originGUID", "creatingUser"):
            if el.get(attr):
                assert el.get(attr) in guids, (el.tag, attr)
    # sources: plain text files inside the archive, positions in code points
    sources = list(root.iter(NS + "TextSource"))
    assert len(sources) == 3
    for src in sources:
        member = "sources/" + src.get("plainTextPath").removeprefix("internal://")
        assert member in names
        text = zipfile.ZipFile(path).read(member).decode("utf-8")
        for sel in src.iter(NS + "PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert text[start:end].startswith(sel.get("name")[:20])
    codes = {c.get("name"): c for c in root.iter(NS + "Code")}
    assert codes["Entities"].get("isCodable") == "false" and codes["PERSON"].get("isCodable") == "true"
    assert codes["PERSON"].get("color") == "#e57373"
    (link,) = [l for l in root.iter(NS + "Link") if l.get("name") == "contradicts"]
    assert link.get("direction") == "OneWay"
    assert any("no review status" in w for w in result.warnings)  # one suggestion was included


def test_pyrefiqda_reads_the_project(ix_project, tmp_path):
    pytest.importorskip("pyrefiqda", reason="pyrefiqda (REFI-QDA models generated from the official schemas) is "
                                            "not installed")
    from pyrefiqda.refiproject import RefiProject

    path = tmp_path / "p.qdpx"
    ix_project.export("qdpx", path, ALL)
    project = RefiProject.load(str(path), extract_dir=str(tmp_path / "x"))
    assert [s.name for s in project.sources.text_source][0] == "Doc 0 — “quoted”"
    selections = [sel for s in project.sources.text_source for sel in s.plain_text_selection]
    assert len(selections) == 12
    assert len(project.links.link) == 2
    assert {u.name for u in project.users.user} == {"tester"}
    # the reader is strict: the same file without a required attribute is refused
    from pyrefiqda.models import Project
    from xsdata_pydantic.bindings import XmlParser

    raw, _ = _qde(path)
    broken = raw.decode("utf-8").replace(' isCodable="true"', "", 1)
    with pytest.raises(Exception, match="is_codable|isCodable"):
        XmlParser().from_string(broken, Project)


def test_qdpx_round_trip(ix_project, empty_project, tmp_path):
    path = tmp_path / "p.qdpx"
    ix_project.export("qdpx", path, ALL)
    report = import_ok(empty_project, [path])
    assert report.counts == {"documents": 3, "annotations": 12, "links": 2, "entities": 0}
    assert snapshot(empty_project, docs_meta=True) == snapshot(ix_project, docs_meta=True)
    users = {a.author for a in empty_project.annotations()}
    assert users == {"tester"}


def test_qdpx_refuses_positions_outside_the_text(ix_project, empty_project, tmp_path):
    path = tmp_path / "p.qdpx"
    ix_project.export("qdpx", path, ALL)
    raw, names = _qde(path)
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in names:
            data = src.read(name)
            if name == "project.qde":
                data = data.replace(b'endPosition="20"', b'endPosition="20000"', 1)
            dst.writestr(name, data)
    report = empty_project.import_paths([str(bad)])
    assert "outside the text" in report.refused[0]["reason"]
    assert empty_project.documents() == []


@property_settings(12)
@given(spec=random_project())
def test_property_round_trip_qdpx(spec):
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, spec)
        source.export("qdpx", tmp / "x.qdpx")
        target = new_project(tmp / "b.annotator", host)
        report = target.import_paths([str(tmp / "x.qdpx")])
        assert not report.refused, report.refused
        assert snapshot(target) == snapshot(source)
        source.close()
        target.close()


def test_positions_are_code_points_of_the_source_file_as_written(tmp_path):
    """REFI-QDA counts characters of the plain-text source; we write Unicode code points into the exact text we
    store in sources/ (CRLF kept, so a line break of the original counts two). An emoji outside the BMP is one
    position here and two UTF-16 units: the selection after it must still cover the right words when read
    through pyrefiqda and the source file."""
    text = "🇧🇾 Minsk\r\n👩‍🔬 cafe\u0301 owner said it."
    source = new_project(tmp_path / "a.annotator")
    from annotator import ImportBatch, NewDocument

    batch = ImportBatch()
    batch.documents.append(NewDocument(text=text, title="emoji", id="E", clean=False))
    source.store_batch(batch)
    start = text.index("cafe\u0301 owner")
    source.add_annotation("E", start, start + len("cafe\u0301 owner"), "ix_entity", "ORG")
    path = tmp_path / "e.qdpx"
    source.export("qdpx", path)
    raw, names = _qde(path)
    root = ET.fromstring(raw)
    (sel,) = root.iter(NS + "PlainTextSelection")
    (src,) = root.iter(NS + "TextSource")
    stored = zipfile.ZipFile(path).read("sources/" + src.get("plainTextPath").removeprefix("internal://"))
    assert stored == text.encode("utf-8")  # the source file is the text as stored, CRLF and all
    s, e = int(sel.get("startPosition")), int(sel.get("endPosition"))
    assert (s, e) == (start, start + 11) and stored.decode("utf-8")[s:e] == "cafe\u0301 owner"
    assert len(text[:start].encode("utf-16-le")) // 2 != s  # code points, not UTF-16 units
    source.close()
    pytest.importorskip("pyrefiqda", reason="pyrefiqda is not installed")
    from pyrefiqda.refiproject import RefiProject

    project = RefiProject.load(str(path), extract_dir=str(tmp_path / "x"))
    (psel,) = project.sources.text_source[0].plain_text_selection
    assert (psel.start_position, psel.end_position) == (s, e)
