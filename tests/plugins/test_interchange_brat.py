# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""brat standoff: import of the real brat examples (every line type), export → import round trips (cross-document
links through the side file, attributes through A lines and notes), zip and CLI import, and refusals of
malformed files with file, line and reason."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from test_interchange_helpers import (
    BRAT_NEWS,
    Scratch,
    empty_project,
    import_ok,
    ix_project,
    make_host,
    new_project,
    random_project,
    snapshot,
    store_random,
)

from annotator import ExportFilters

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))
needs_news = pytest.mark.skipif(not BRAT_NEWS.is_dir(), reason=f"brat examples not found at {BRAT_NEWS} "
                                                                "(shared/ must sit beside the clone)")


def _t_lines(folder):
    """{(file stem, type, start, end, text)} of every T line in a brat folder."""
    out = set()
    for ann in folder.glob("*.ann"):
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, head, text = line.split("\t", 2)
                typ, s, e = head.split(" ")
                out.add((typ, int(s), int(e), text))
    return out


@needs_news
def test_real_brat_examples_import_with_a_report_of_what_is_not_held(empty_project):
    report = empty_project.import_paths([str(BRAT_NEWS)], format="brat")
    assert not report.refused, report.refused
    assert report.counts["documents"] == 13
    # every T line (119) becomes an annotation: entities and event triggers
    assert report.counts["annotations"] == 119
    assert report.counts["links"] == 8  # the R lines
    (warning,) = report.warnings
    assert "23 events (E)" in warning and "2 equivalences (*)" in warning
    anns = empty_project.annotations()
    texts = {d.id: d.text for d in empty_project.documents()}
    assert all(texts[a.document_id][a.start:a.end] for a in anns)
    by_label = {(a.layer, a.label) for a in anns}
    assert ("entity", "Person") in by_label and ("event", "Merge-org") in by_label
    salinas = next(a for a in anns if texts[a.document_id][a.start:a.end] == "former Mexican president")
    assert salinas.attributes == {"Mention": "Nominal", "Individual": True,  # A lines, valued and binary
                                  "normalization": ["Wikipedia:64488 (Carlos Salinas de Gortari)"]}  # N line
    assert any(a.attributes.get("Mention") == "Name" for a in anns)  # valued A line
    assert any(a.attributes.get("Individual") is True for a in anns)  # binary A line
    assert any(a.attributes.get("note") == "Should fictional places be annotated?" for a in anns)  # # line
    # a link of the examples joins the right spans
    located = [l for l in empty_project.links()]
    assert {l.layer for l in located} == {"relation"}


@needs_news
def test_real_examples_survive_import_then_export(empty_project, tmp_path):
    import_ok(empty_project, [BRAT_NEWS], format="brat")
    result = empty_project.export("brat", tmp_path / "out", ALL)
    original = _t_lines(BRAT_NEWS)
    exported = _t_lines(tmp_path / "out")
    assert exported == {t for t in original if ";" not in t[1:3]}
    # brat's R lines come back with their types and arguments' texts
    assert result.counts["links"] == 8
    again = new_project(tmp_path / "again.annotator")
    import_ok(again, [tmp_path / "out"], format="brat")
    assert snapshot(again) == snapshot(empty_project)


def test_export_files_and_round_trip(ix_project, empty_project, tmp_path):
    out = tmp_path / "brat"
    result = ix_project.export("brat", out, ALL)
    names = sorted(p.name for p in out.iterdir())
    assert "annotation.conf" in names and "cross_document_links.jsonl" in names and "documents.jsonl" in names
    assert len([n for n in names if n.endswith(".ann")]) == 3 == len([n for n in names if n.endswith(".txt")])
    assert any("cross_document_links.jsonl" in w and "brat cannot hold" in w for w in result.warnings)
    ann0 = (out / "001-Doc-0-quoted.ann").read_text(encoding="utf-8")
    assert "T3\tparaphrase 26 61\t7,000 people were detained in Minsk" in ann0
    assert "\tdirect T5\n" in ann0 and "\tspeaker T5 Tikhanovskaya\n" in ann0  # A lines
    assert "AnnotatorNotes T3\t{\"count\": 7000" in ann0  # what A lines cannot hold
    assert "same_statement Arg1:T5 Arg2:T6" in ann0  # R line within the document
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "!ix_entity\n\tGPE\n\tORG\n\tPERSON" in conf
    assert (out / "001-Doc-0-quoted.txt").read_bytes() == ix_project.document("DOC0").text.encode("utf-8")
    import_ok(empty_project, [out], format="brat")
    # the label with a space is the brat type same_statement, shown (and read back) by its visual.conf name
    assert "same_statement | same statement" in (out / "visual.conf").read_text(encoding="utf-8")
    assert snapshot(empty_project) == snapshot(ix_project)
    meta = {d.title: (d.source, d.url) for d in empty_project.documents()}
    assert meta["Doc 0 — “quoted”"] == ("AP", "https://example.org/0")


def test_zip_import_by_extension(ix_project, empty_project, tmp_path):
    out = tmp_path / "brat"
    ix_project.export("brat", out)
    archive = tmp_path / "collection.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in out.iterdir():
            zf.write(p, f"collection/{p.name}")
    report = import_ok(empty_project, [archive])
    assert report.counts["documents"] == 3 and report.counts["links"] == 2


def test_a_brat_folder_is_recognised_without_a_format(ix_project, empty_project, tmp_path):
    """The window imports folders without naming a format: the brat importer claims a brat collection."""
    out = tmp_path / "brat"
    ix_project.export("brat", out, ALL)
    report = import_ok(empty_project, [out])
    assert report.counts["documents"] == 3 and report.counts["links"] == 2
    assert snapshot(empty_project) == snapshot(ix_project)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "article.txt").write_text("Minsk, 15 August. Thousands marched.", encoding="utf-8")
    other = new_project(tmp_path / "other.annotator")
    report = import_ok(other, [plain])  # a folder of articles is still read file by file
    assert [d.title for d in other.documents()] == ["Minsk, 15 August. Thousands marched."]


def test_cli_import_of_a_brat_folder(ix_project, tmp_path):
    from annotator.cli import cli

    out = tmp_path / "brat"
    ix_project.export("brat", out)
    target = tmp_path / "cli.annotator"
    assert CliRunner().invoke(cli, ["new", str(target)]).exit_code == 0
    result = CliRunner().invoke(cli, ["import", "--project", str(target), "--format", "brat", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 document(s) imported" in result.output and "2 links" in result.output
    export = CliRunner().invoke(cli, ["export", "--project", str(target), "-f", "csv", "-o", str(tmp_path / "x.csv")])
    assert export.exit_code == 0, export.output
    assert "wrote" in export.output and (tmp_path / "x.csv").is_file()


@pytest.mark.parametrize("line, reason", [
    ("T1\tPerson 0 5\tWrong", "does not match"),
    ("T1\tPerson 0 500\tAlexa", "outside the text"),
    ("T1\tPerson zero 5\tAlexa", "not 'START END' integers"),
    ("R1\tKnows Arg1:T1 Arg2:T9", "'T9', which is not defined"),
    ("A1\tNegated T7", "'T7', which is not defined"),
    ("Q1\twhat is this", "unknown brat line type"),
])
def test_malformed_ann_is_refused_with_file_and_line(tmp_path, empty_project, line, reason):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "ok.txt").write_text("Minsk is calm.", encoding="utf-8")
    (folder / "ok.ann").write_text("T1\tGPE 0 5\tMinsk\n", encoding="utf-8")
    (folder / "doc.txt").write_text("Alexander Lukashenko spoke.", encoding="utf-8")
    (folder / "doc.ann").write_text(f"T1\tPerson 0 9\tAlexander\nT2\tPerson 10 20\tLukashenko\n{line}\n",
                                    encoding="utf-8")
    report = empty_project.import_paths([str(folder)], format="brat")
    assert len(report.refused) == 1
    refused = report.refused[0]
    assert reason in refused["reason"] and refused["path"].endswith("bad/doc.ann")
    assert "line 3" in refused["reason"]
    assert empty_project.documents() == []  # nothing of the folder is stored


def test_ann_without_txt_is_refused(tmp_path, empty_project):
    folder = tmp_path / "lonely"
    folder.mkdir()
    (folder / "x.ann").write_text("T1\tGPE 0 5\tMinsk\n", encoding="utf-8")
    report = empty_project.import_paths([str(folder)], format="brat")
    assert report.refused and "no .txt" in report.refused[0]["reason"]


@needs_news
def test_discontinuous_spans_are_reported_not_dropped_silently(tmp_path, empty_project):
    folder = tmp_path / "disc"
    shutil.copytree(BRAT_NEWS, folder)
    ann = folder / "000-introduction.ann"
    txt = (folder / "000-introduction.txt").read_text(encoding="utf-8")
    ann.write_text(ann.read_text(encoding="utf-8") + f"T99\tPerson 0 3;4 6\t{txt[0:3]} {txt[4:6]}\n",
                   encoding="utf-8")
    report = import_ok(empty_project, [folder], format="brat")
    assert "1 discontinuous spans" in report.warnings[0]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=random_project())
def test_property_round_trip_brat(spec):
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, spec)
        result = source.export("brat", tmp / "out")
        target = new_project(tmp / "b.annotator", host)
        report = target.import_paths([str(tmp / "out")], format="brat")
        assert not report.refused, report.refused
        if any("same statement" in json.dumps(link) for link in snapshot(source)["links"]):
            assert any("renamed" in w for w in result.warnings)  # brat types cannot hold spaces
        assert snapshot(target) == snapshot(source)  # ...but visual.conf gives the labels back
        source.close()
        target.close()
