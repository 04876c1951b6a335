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
from hypothesis import given
from test_interchange_helpers import (
    BRAT_NEWS,
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
    # 8 R lines, 52 arguments of the 23 E lines, 3 links chaining the 2 equivalence sets (* lines)
    assert report.counts["links"] == 8 + 52 + 3
    assert report.warnings == []  # everything the examples hold has a place in the project
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
    links = empty_project.links()
    assert sorted({l.layer for l in links}) == ["equivalence", "event_argument", "relation"]
    by_id = {a.id: a for a in anns}
    span = lambda ann_id: texts[by_id[ann_id].document_id][by_id[ann_id].start:by_id[ann_id].end]  # noqa: E731
    pairs = {(l.layer, l.label, span(l.source_id), span(l.target_id)) for l in links}
    assert ("relation", "Family", "Sonia Gandhi", "Priyanka") in pairs or any(
        p[0] == "relation" and p[1] == "Family" for p in pairs)
    assert ("equivalence", "Alias", "Carlos Salinas", "former Mexican president") in pairs or any(
        p[0] == "equivalence" and p[1] == "Alias" for p in pairs)


def _events(folder):
    """{(trigger text, event type, ((role, argument text or argument event type), ...))} of every E line."""
    out = []
    for ann in sorted(folder.glob("*.ann")):
        lines = ann.read_text(encoding="utf-8").splitlines()
        t_text = {ln.split("\t")[0]: ln.split("\t")[2] for ln in lines if ln.startswith("T")}
        e_type = {ln.split("\t")[0]: ln.split("\t")[1].split()[0].split(":")[0] for ln in lines
                  if ln.startswith("E")}
        for ln in lines:
            if ln.startswith("E"):
                head, *args = ln.split("\t")[1].split()
                etype, trigger = head.split(":")
                out.append((t_text[trigger], etype, tuple(sorted(
                    (role, t_text.get(ref) or e_type[ref]) for role, ref in (a.split(":") for a in args)))))
    return sorted(out)


@needs_news
def test_real_events_keep_trigger_arguments_and_attributes(empty_project):
    import_ok(empty_project, [BRAT_NEWS], format="brat")
    texts = {d.id: d.text for d in empty_project.documents()}
    anns = {a.id: a for a in empty_project.annotations()}
    span = lambda ann_id: texts[anns[ann_id].document_id][anns[ann_id].start:anns[anns[ann_id].id].end]  # noqa
    args = [l for l in empty_project.links() if l.layer == "event_argument"]
    assert len(args) == 52
    # E1 of 050-event_annotation: Transfer-money:T3 Giver-Arg:T1 Money-Arg:T2 Beneficiary-Arg:T4 Recipient-Arg:T6
    money = [l for l in args if anns[l.source_id].label == "Transfer-money"]
    assert sorted(l.label for l in money) == ["Beneficiary-Arg", "Giver-Arg", "Money-Arg", "Recipient-Arg"]
    trigger = anns[money[0].source_id]
    assert trigger.layer == "event"
    assert trigger.attributes.get("Confidence") == "High"  # A5 Confidence E1 High: on the trigger
    # an argument that is an event points at that event's trigger (Report ... Event-Arg:E1)
    reported = [l for l in args if l.label == "Event-Arg"]
    assert reported and all(anns[l.target_id].label in ("Merge-org", "Report") for l in reported)
    # a note on an event (#2 AnnotatorNotes E1) is kept on its trigger
    assert any(a.layer == "event" and "one merge event" in a.attributes.get("note", "") for a in anns.values())


@needs_news
def test_real_events_and_equivalences_are_written_back_as_e_and_star_lines(empty_project, tmp_path):
    import_ok(empty_project, [BRAT_NEWS], format="brat")
    empty_project.export("brat", tmp_path / "out", ALL)
    assert _events(tmp_path / "out") == _events(BRAT_NEWS)
    stars = [ln for f in sorted((tmp_path / "out").glob("*.ann")) for ln in f.read_text("utf-8").splitlines()
             if ln.startswith("*")]
    assert len(stars) == 2 and all(ln.startswith("*\tAlias T") for ln in stars)
    assert sorted(len(ln.split()) for ln in stars) == [4, 5]  # Alias + 2 members, Alias + 3 members
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    events = conf[conf.index("[events]"):conf.index("[attributes]")]
    assert "\tMerge-org\tOrg-Arg*:Organization" in events and "Event-Arg*:Merge-org|Report" in events
    assert "Alias\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive" in conf
    entities = conf[conf.index("[entities]"):conf.index("[relations]")]
    assert "Merge-org" not in entities  # an event type is declared once, under [events]


def test_event_with_an_unknown_argument_is_refused(tmp_path, empty_project):
    folder = tmp_path / "ev"
    folder.mkdir()
    (folder / "a.txt").write_text("Acme merged with Beta.", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tOrg 0 4\tAcme\nT2\tMerge 5 11\tmerged\nE1\tMerge:T2 Org:T1 Org2:T9\n",
                                  encoding="utf-8")
    report = empty_project.import_paths([str(folder)], format="brat")
    assert "line 3" in report.refused[0]["reason"] and "'T9', which is not defined" in report.refused[0]["reason"]
    (folder / "a.ann").write_text("T1\tOrg 0 4\tAcme\nE1\tMerge T1\n", encoding="utf-8")
    report = empty_project.import_paths([str(folder)], format="brat")
    assert "line 2" in report.refused[0]["reason"] and "TYPE:TRIGGER" in report.refused[0]["reason"]
    assert empty_project.documents() == []


@needs_news
def test_real_examples_survive_import_then_export(empty_project, tmp_path):
    import_ok(empty_project, [BRAT_NEWS], format="brat")
    result = empty_project.export("brat", tmp_path / "out", ALL)
    original = _t_lines(BRAT_NEWS)
    exported = _t_lines(tmp_path / "out")
    assert exported == {t for t in original if ";" not in t[1:3]}
    # every link within a document is written: 8 R lines, 52 event arguments (E lines), 3 equivalence links (*)
    assert result.counts["links"] == 63
    r_lines = [ln for f in (tmp_path / "out").glob("*.ann") for ln in f.read_text("utf-8").splitlines()
               if ln.startswith("R")]
    assert len(r_lines) == 8
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


def test_zip_export_imports_back(ix_project, empty_project, tmp_path):
    assert "brat-zip" in ix_project.exporters()
    archive = tmp_path / "study.zip"
    result = ix_project.export("brat-zip", archive, ALL)
    assert any("brat cannot hold" in w for w in result.warnings) and result.path == archive
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert "study/annotation.conf" in names and "study/cross_document_links.jsonl" in names
        assert len([n for n in names if n.endswith(".ann")]) == 3
        assert zf.read("study/001-Doc-0-quoted.txt") == ix_project.document("DOC0").text.encode("utf-8")
    assert not list(tmp_path.glob("*.part"))
    import_ok(empty_project, [archive])
    assert snapshot(empty_project) == snapshot(ix_project)


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


@property_settings(15)
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


@property_settings(10)
@given(spec=random_project(attributes=False))
def test_property_round_trip_brat_events(spec):
    """Links of layer event_argument become E lines (trigger = source, role = label) and come back the same."""
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, (spec[0], spec[1], [(a, b, label, {}) for a, b, label, _ in spec[2]]),
                     link_layer="event_argument")
        source.export("brat", tmp / "out")
        docs_of = {a.id: a.document_id for a in source.annotations()}
        within = [l for l in source.links() if docs_of[l.source_id] == docs_of[l.target_id]]
        # lines end at "\n" only, as brat reads them: str.splitlines() would also break at U+2028 in a T text
        e_lines = [ln for f in (tmp / "out").glob("*.ann") for ln in f.read_text("utf-8").split("\n")
                   if ln.startswith("E")]
        assert len(e_lines) == len({l.source_id for l in within})
        assert not [ln for f in (tmp / "out").glob("*.ann") for ln in f.read_text("utf-8").split("\n")
                    if ln.startswith("R")]
        target = new_project(tmp / "b.annotator", host)
        report = target.import_paths([str(tmp / "out")], format="brat")
        assert not report.refused, report.refused
        assert snapshot(target) == snapshot(source)
        source.close()
        target.close()
