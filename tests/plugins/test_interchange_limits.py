# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""Crafted archives and files in the interchange formats are refusals, never plugin failures, and never unbounded
work: zip members are size-checked before and while inflating, NUL-only members are refused, a W3C collection
with a nonsense ``total`` refuses its file only; CSV cells a spreadsheet would evaluate are escaped; no export
carries an absolute local path."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zipfile

import pytest
from annotator_interchange._common import ArchiveLimits, read_member
from test_interchange_helpers import empty_project, ix_project

from annotator import ExportFilters

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))
ZEROS = b"\0" * (8 * 1024 * 1024)  # deflates to ~8 KiB: ratio ~1000


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _only_refusal(report):
    assert not report.imported, report.imported
    (refused,) = report.refused
    return refused["reason"]


def test_a_qdpx_zip_bomb_is_refused_before_inflating(ix_project, empty_project, tmp_path):
    good = tmp_path / "good.qdpx"
    ix_project.export("qdpx", good, ALL)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    qde = next(n for n in members if n.endswith(".qde"))
    bomb = _zip(tmp_path / "bomb.qdpx", {**members, qde: members[qde] + ZEROS})
    reason = _only_refusal(empty_project.import_paths([bomb]))
    assert re.search(r"archive member would inflate to 8.0 MiB \(compressed \d+ KiB\), over the limit of "
                     r"[\d.]+ MiB \(import option", reason), reason
    assert empty_project.host.active("interchange")
    # the limits are configurable per import
    report = empty_project.import_paths([bomb], archive_ratio_limit=10_000)
    assert "malformed XML" in _only_refusal(report)  # now read (and the NULs make it invalid XML)
    assert len(empty_project.import_paths([good]).imported) == 3  # the plugin still works


def test_a_qdpx_source_of_nul_bytes_is_refused(ix_project, empty_project, tmp_path):
    good = tmp_path / "good.qdpx"
    ix_project.export("qdpx", good, ALL)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    source = next(n for n in members if n.startswith("sources/"))
    bad = _zip(tmp_path / "nul.qdpx", {**members, source: b"\0" * 5000})
    reason = _only_refusal(empty_project.import_paths([bad]))
    assert "binary (it holds NUL bytes)" in reason


def test_a_brat_zip_bomb_and_nul_text_are_refused(empty_project, tmp_path):
    ok = {"c/a.txt": b"Minsk is a city.\n", "c/a.ann": b"T1\tGPE 0 5\tMinsk\n"}
    assert len(empty_project.import_paths([_zip(tmp_path / "ok.zip", ok)]).imported) == 1
    bomb = _zip(tmp_path / "bomb.zip", {"c/b.txt": b"Text " + ZEROS, "c/b.ann": b""})
    assert "would inflate to 8.0 MiB" in _only_refusal(empty_project.import_paths([bomb]))
    nul = _zip(tmp_path / "nul.zip", {"c/n.txt": b"\0" * 1000, "c/n.ann": b""})
    assert "binary (it holds NUL bytes)" in _only_refusal(empty_project.import_paths([nul]))
    assert empty_project.host.active("interchange")


def test_a_member_larger_than_its_header_says_is_refused_while_inflating(tmp_path):
    path = _zip(tmp_path / "liar.zip", {"a.txt": b"x" * 100_000})
    raw = bytearray(path.read_bytes())
    # rewrite the uncompressed size in the local header (offset 22) and the central directory (offset 24)
    struct.pack_into("<I", raw, 22, 10)
    cd = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 24, 10)
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        with pytest.raises(Exception) as info:
            read_member(zf, "a.txt", "liar.zip!a.txt", ArchiveLimits(member=1000))
    assert "corrupt or unreadable archive member" in str(info.value)
    with zipfile.ZipFile(path) as zf:  # an honest member over the absolute limit
        with pytest.raises(Exception, match="would inflate to 98 KiB .* over the limit of 1 KiB"):
            read_member(zf, "a.txt", "a.zip!a.txt", ArchiveLimits(member=1000))


def test_a_w3c_collection_with_a_nonsense_total_refuses_its_file_only(ix_project, empty_project, tmp_path):
    good = tmp_path / "good.jsonld"
    ix_project.export("w3c-jsonld", good, ALL)
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                               "total": "many", "first": "https://example.org/page2"}))
    report = empty_project.import_paths([bad, good])
    (refused,) = report.refused
    assert refused["path"].endswith("bad.jsonld") and "importer w3c-jsonld (interchange)" in refused["reason"]
    assert report.imported and empty_project.host.active("interchange")


def test_csv_cells_a_spreadsheet_would_evaluate_are_escaped(empty_project, tmp_path):
    proj = empty_project
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({"title": "T", "text": "=HYPERLINK(x) and +1 and @me"}))
    proj.import_paths([tmp_path / "in" / "a.jsonl"])
    doc = proj.documents()[0]
    text = doc.text
    proj.add_annotation(doc.id, 0, 13, "ix_quote", "quote", {"speaker": "-Bob"})
    proj.add_annotation(doc.id, text.index("+1"), text.index("+1") + 2, "ix_quote", "quote")
    proj.add_annotation(doc.id, text.index("@me"), text.index("@me") + 3, "ix_quote", "quote")
    proj.set_name("=cmd|' /C calc'!A0")
    path = tmp_path / "out.csv"
    proj.export("csv", path, ALL)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert [r["text"] for r in rows] == ["'=HYPERLINK(x)", "'+1", "'@me"]
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    # and the import gives back exactly what was exported
    for a in proj.annotations():
        proj.delete_annotation(a.id)
    report = proj.import_paths([path])
    assert report.counts["annotations"] == 3, report.refused
    assert {proj.text(a.document_id)[a.start:a.end] for a in proj.annotations()} == {"=HYPERLINK(x)", "+1", "@me"}


def test_a_conll_import_keeps_no_absolute_path(empty_project, tmp_path):
    path = tmp_path / "secret-folder" / "ner.conll"
    path.parent.mkdir()
    path.write_text("Lukashenko B-PER\nspoke O\n\nMinsk B-LOC\n", encoding="utf-8")
    report = empty_project.import_paths([path])
    assert report.imported, report.refused
    assert all(d.meta["conll_file"] == "ner.conll" for d in empty_project.documents())
    out = tmp_path / "all.json"
    empty_project.export("json", out, ALL)
    assert str(tmp_path) not in out.read_text(encoding="utf-8")


def test_no_export_carries_an_absolute_local_path(ix_project, tmp_path):
    """Whatever was imported from where, no format writes the researcher's folders (user name, paths)."""
    conll = tmp_path / "private-home" / "ner.conll"
    conll.parent.mkdir()
    conll.write_text("Lukashenko B-PER\nspoke O\n", encoding="utf-8")
    ix_project.import_paths([conll])
    secret = str(tmp_path)
    for name, spec in sorted(ix_project.exporters().items()):
        out = tmp_path / "exports" / f"x-{name}{spec.extension}"
        out.parent.mkdir(exist_ok=True)
        ix_project.export(name, out, ALL)
        files = [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else [out]
        for f in files:
            blob = f.read_bytes()
            if zipfile.is_zipfile(f):
                with zipfile.ZipFile(f) as zf:
                    blob = b"".join(zf.read(n) for n in zf.namelist())
            assert secret.encode() not in blob, f"{name}: {f.name} holds {secret}"
