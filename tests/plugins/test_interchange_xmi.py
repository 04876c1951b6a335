# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""INCEpTION / WebAnno UIMA CAS XMI: our export read by dkpro-cassis (the DKPro project's own CAS library) against
the DKPro Core type system, UTF-16 offsets in the XMI, round trips (cross-document links through the side file,
attributes, coreference chains as entity records), an INCEpTION-layout project export (one folder per document,
one CAS per user, curation) read with users as authors, and refusals that store nothing."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from annotator_interchange.xmi import dkpro_typesystem
from hypothesis import given
from test_interchange_helpers import (
    TEXTS,
    Scratch,
    empty_project,
    import_ok,
    ix_project,
    make_host,
    new_project,
    property_settings,
    put_line_separators_in_a_cross_document_link,
    random_project,
    snapshot,
    store_random,
)

from annotator import ExportFilters

cassis = pytest.importorskip("cassis", reason="dkpro-cassis is a dependency: pip install -e .")

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
CHAIN = "de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceChain"
LINK = "de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink"
META = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"


def utf16(text: str, i: int) -> int:
    return len(text[:i].encode("utf-16-le")) // 2


def _export(project, path, filters=ALL):
    return project.export("inception-xmi", path, filters)


def _cases(zip_path):
    """{member: CAS} of an exported zip, each loaded by cassis with the zip's own TypeSystem.xml."""
    with zipfile.ZipFile(zip_path) as z:
        ts = cassis.load_typesystem(io.BytesIO(z.read("TypeSystem.xml")))
        return {n: cassis.load_cas_from_xmi(z.read(n).decode("utf-8"), typesystem=ts)
                for n in z.namelist() if n.endswith(".xmi")}, z.namelist()


def test_export_is_read_by_cassis_with_dkpro_types_and_utf16_offsets(ix_project, tmp_path):
    result = _export(ix_project, tmp_path / "out.zip")
    cases, names = _cases(tmp_path / "out.zip")
    assert len(cases) == 3 and "TypeSystem.xml" in names
    # our type system extends DKPro Core's: every DKPro type is there, unchanged
    with zipfile.ZipFile(tmp_path / "out.zip") as z:
        ours = cassis.load_typesystem(io.BytesIO(z.read("TypeSystem.xml")))
    dkpro = cassis.load_dkpro_core_typesystem()
    for t in dkpro.get_types():
        assert ours.contains_type(t.name)
        assert {f.name for f in ours.get_type(t.name).all_features} >= {f.name for f in t.all_features}
    by_text = {cas.sofa_string: cas for cas in cases.values()}
    assert set(by_text) == set(TEXTS)
    cas0 = by_text[TEXTS[0]]
    meta = cas0.select(META)[0]
    assert meta.documentId == "DOC0" and meta.documentTitle.startswith("Doc 0")
    assert cas0.select(SENTENCE) and cas0.select(TOKEN)
    # the custom layer of ix_entity and ix_quote, with label and attribute features
    ents = {a.get_covered_text(): a for a in cas0.select("webanno.custom.IxEntity")}
    assert ents["Minsk 🇧🇾"].label == "GPE"
    claim = next(iter(cas0.select("webanno.custom.IxQuote")))
    assert json.loads(claim.annotatorAttributes)["sources"] == ["AP", "RFE/RL"]
    # in the XMI text itself, offsets count UTF-16 units (the flag is 2 code points, 4 units)
    xmi = zipfile.ZipFile(tmp_path / "out.zip").read(next(n for n, c in cases.items() if c is cas0)).decode()
    tikh = TEXTS[0].index("Svetlana Tikhanovskaya")
    assert tikh != utf16(TEXTS[0], tikh)
    assert re.search(rf'begin="{utf16(TEXTS[0], tikh)}" end="{utf16(TEXTS[0], tikh + 22)}"', xmi)
    # the within-document link is a relation with Governor/Dependent; the cross-document one is in the side file
    rel = cas0.select("webanno.custom.IxLink")
    assert len(rel) == 1 and rel[0].label == "same statement"
    assert rel[0].Governor.get_covered_text() == '"We will not give up,"'
    assert rel[0].Dependent.get_covered_text() == "Svetlana Tikhanovskaya"
    assert "cross_document_links.jsonl" in names
    assert any("cross_document_links.jsonl" in w for w in result.warnings)
    assert any("review status" in w for w in result.warnings)  # the suggestion is written like an accepted one


def test_round_trip_keeps_spans_attributes_and_links(ix_project, empty_project, tmp_path):
    _export(ix_project, tmp_path / "out.zip")
    report = import_ok(empty_project, [tmp_path / "out.zip"], format="inception-xmi")
    assert report.counts["documents"] == 3
    assert snapshot(empty_project) == snapshot(ix_project)
    # re-importing the same zip adds nothing
    again = empty_project.import_paths([str(tmp_path / "out.zip")], format="inception-xmi")
    assert again.counts["annotations"] == 0 and again.counts["links"] == 0


def test_entities_as_named_entities_and_coreference_chains(sample_with, tmp_path):
    proj = sample_with("entity-tagger", "interchange")
    docs = proj.documents()
    ent = proj.add_entity("Alexander Lukashenko", "PERSON", qid="Q1234")
    other = proj.add_entity("Minsk", "GPE")
    made = []
    for d in docs[:2]:
        i = d.text.find("Lukashenk")
        assert i >= 0
        j = i + len(re.match(r"\w+", d.text[i:]).group())
        made.append(proj.add_annotation(d.id, i, j, "entity", "PERSON", {"entity_id": ent.id}))
        k = d.text.find("Minsk")
        if k >= 0:
            proj.add_annotation(d.id, k, k + 5, "entity", "GPE", {"entity_id": other.id})
    proj.export("inception-xmi", tmp_path / "ents.zip", ExportFilters())
    cases, _ = _cases(tmp_path / "ents.zip")
    nes = [a for cas in cases.values() for a in cas.select(NE)]
    assert {a.identifier for a in nes if a.value == "PERSON"} == {"http://www.wikidata.org/entity/Q1234"}
    chains = [c for cas in cases.values() for c in cas.select(CHAIN)]
    assert len(chains) >= 2 and all(c.first.referenceType in ("PERSON", "GPE") for c in chains)
    # back in: one entity record per real entity across both documents, the mentions tied to it
    target = new_project(tmp_path / "t.annotator", make_host_with("entity-tagger", "interchange"))
    import_ok(target, [tmp_path / "ents.zip"], format="inception-xmi")
    persons = [e for e in target.entities() if e.label == "PERSON"]
    assert len(persons) == 1 and persons[0].qid == "Q1234"
    mentions = [a for a in target.annotations() if a.attributes.get("entity_id") == persons[0].id]
    assert len(mentions) == 2 and {a.document_id for a in mentions} == {d.id for d in docs[:2]}
    assert all(a.layer == "entity" and a.label == "PERSON" for a in mentions)
    target.close()


def make_host_with(*plugins):
    from annotator.plugins import PluginHost

    return PluginHost(load=["core-cleaners", "core-readers", "core-json", *plugins])


# --------------------------------------------------------------------------------------------- INCEpTION layout


def _inception_project_zip(path):
    """A zip in the layout of an INCEpTION whole-project export with the XMI format: annotation/<doc>/<user>.xmi,
    curation/<doc>/CURATION_USER.xmi, a TypeSystem.xml per CAS folder declaring a custom span layer with a string
    feature, a custom relation layer (Governor/Dependent) and DKPro's named entities and coreference, with
    segmentation that the import passes over. Built with cassis, the library INCEpTION's Python tools use."""
    ts = dkpro_typesystem(cassis)
    claim_t = ts.create_type("webanno.custom.Claim", supertypeName="uima.tcas.Annotation")
    ts.create_feature(claim_t, "Certainty", "uima.cas.String")
    rel_t = ts.create_type("webanno.custom.ClaimRelation", supertypeName="uima.tcas.Annotation")
    ts.create_feature(rel_t, "Governor", "uima.tcas.Annotation")
    ts.create_feature(rel_t, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(rel_t, "Kind", "uima.cas.String")
    text = "Police 👮 said 7,000 were held. Marya Ivanova, a lawyer, said she was held too. Ivanova left."
    Tok, Sent, NEt = ts.get_type(TOKEN), ts.get_type(SENTENCE), ts.get_type(NE)
    Chain, CLink, Meta = ts.get_type(CHAIN), ts.get_type(LINK), ts.get_type(META)

    def cas_for(user: str):
        cas = cassis.Cas(typesystem=ts)
        cas.sofa_string = text
        cas.add(Meta(begin=0, end=len(text), documentTitle="report-1.txt", documentId="report-1.txt"))
        for m in re.finditer(r"\w+|[^\w\s]", text):
            cas.add(Tok(begin=m.start(), end=m.end()))
        for m in re.finditer(r"[^.]+\.", text):
            cas.add(Sent(begin=m.start(), end=m.end()))
        i = text.index("7,000 were held")
        c1 = Claim = claim_t(begin=i, end=i + 15, Certainty="high" if user == "alice" else "low")
        cas.add(Claim)
        j = text.index("she was held too")
        c2 = claim_t(begin=j, end=j + 16, Certainty="high")
        cas.add(c2)
        cas.add(rel_t(begin=c2.begin, end=c2.end, Governor=c1, Dependent=c2, Kind="supports"))
        k = text.index("Marya Ivanova")
        ne = NEt(begin=k, end=k + 13, value="PER")
        cas.add(ne)
        links = [CLink(begin=k, end=k + 13, referenceType="PER")]
        s = text.index("she")
        links.append(CLink(begin=s, end=s + 3, referenceType="PRON"))
        v = text.rindex("Ivanova")
        links.append(CLink(begin=v, end=v + 7, referenceType="PER"))
        for a, b in zip(links, links[1:]):
            a.next = b
        for ln in links:
            cas.add(ln)
        cas.add(Chain(first=links[0]))
        return cas

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("exportedproject1.json", json.dumps({"name": "claims", "source_documents": [
            {"name": "report-1.txt", "format": "text"}]}))
        z.writestr("source/report-1.txt", text)
        for user in ("alice", "bob"):
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w") as uz:  # INCEpTION zips a user's CAS with its type system
                uz.writestr(f"{user}.xmi", cas_for(user).to_xmi())
                uz.writestr("TypeSystem.xml", ts.to_xml())
            z.writestr(f"annotation/report-1.txt/{user}.zip", inner.getvalue())
        z.writestr("curation/report-1.txt/CURATION_USER.xmi", cas_for("alice").to_xmi())
        z.writestr("curation/report-1.txt/TypeSystem.xml", ts.to_xml())
    return text


def test_inception_project_export_users_become_authors(empty_project, tmp_path):
    text = _inception_project_zip(tmp_path / "inception.zip")
    report = import_ok(empty_project, [tmp_path / "inception.zip"], format="inception-xmi")
    assert report.counts["documents"] == 1  # one document, three CASes of it
    doc = empty_project.documents()[0]
    assert doc.text == text and doc.title == "report-1.txt"
    anns = empty_project.annotations()
    assert {a.author for a in anns} == {"alice", "bob", "curator"}
    claims = [a for a in anns if a.layer == "claim"]
    assert sorted((a.author, a.attributes["Certainty"]) for a in claims if text[a.start:a.end] == "7,000 were held") \
        == [("alice", "high"), ("bob", "low"), ("curator", "high")]
    # code points, not UTF-16 units: the policeman emoji is before every span
    assert all(text[a.start:a.end] in ("7,000 were held", "she was held too", "Marya Ivanova", "she", "Ivanova")
               for a in anns)
    links = empty_project.links()
    assert len(links) == 3 and {l.layer for l in links} == {"claim_relation"}
    assert {l.label for l in links} == {"ClaimRelation"} and {l.attributes["Kind"] for l in links} == {"supports"}
    assert {a.label for a in claims} == {"Claim"}  # no label feature: the layer's own name
    # the coreference chain is an entity record tying the name, the pronoun and the short form, per user
    ents = empty_project.entities()
    assert len(ents) == 3 and all(e.canonical_name == "Marya Ivanova" and e.label == "PERSON" for e in ents)
    alice = [a for a in anns if a.author == "alice" and a.attributes.get("entity_id")]
    assert sorted(text[a.start:a.end] for a in alice) == ["Ivanova", "Marya Ivanova", "she"]
    assert any("Token" in w and "Sentence" in w for w in report.warnings)  # passed over, and said so
    assert any("PER → PERSON" in w for w in report.warnings)


def test_single_xmi_with_typesystem_beside_it(empty_project, tmp_path):
    _inception_project_zip(tmp_path / "inception.zip")
    with zipfile.ZipFile(tmp_path / "inception.zip") as z:
        (tmp_path / "doc.xmi").write_bytes(z.read("curation/report-1.txt/CURATION_USER.xmi"))
        (tmp_path / "TypeSystem.xml").write_bytes(z.read("curation/report-1.txt/TypeSystem.xml"))
    report = import_ok(empty_project, [tmp_path / "doc.xmi"])  # by its .xmi suffix
    assert report.counts["documents"] == 1 and report.counts["links"] == 1


@pytest.mark.parametrize("make,reason", [
    (lambda p: p.write_bytes(b"not a zip"), "not a zip archive"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "x"), "holds no .xmi file"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("a.xmi", "<xmi:XMI broken"), "not a UIMA CAS XMI file"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("../evil.xmi", "x"), "unsafe member path"),
])
def test_malformed_zips_are_refused_and_nothing_is_stored(empty_project, tmp_path, make, reason):
    path = tmp_path / "bad.zip"
    make(path)
    report = empty_project.import_paths([str(path)], format="inception-xmi")
    assert len(report.refused) == 1 and reason in report.refused[0]["reason"], report.refused
    assert empty_project.documents() == [] and empty_project.annotations() == []


def test_a_span_outside_the_text_refuses_the_file(empty_project, tmp_path):
    ts = cassis.load_dkpro_core_typesystem()
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = "Short text."
    cas.add(ts.get_type(NE)(begin=3, end=40, value="PER"))
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as z:
        z.writestr("doc.xmi", cas.to_xmi())
    report = empty_project.import_paths([str(tmp_path / "bad.zip")], format="inception-xmi")
    assert report.refused and "outside the text" in report.refused[0]["reason"]
    assert empty_project.documents() == []


@given(spec=random_project(max_docs=2))
@property_settings(8)
def test_property_round_trip_random_projects(spec):
    with Scratch() as tmp:
        src = new_project(tmp / "a.annotator")
        store_random(src, spec)
        src.export("inception-xmi", tmp / "x.zip", ALL)
        dst = new_project(tmp / "b.annotator")
        import_ok(dst, [tmp / "x.zip"], format="inception-xmi")
        assert snapshot(dst) == snapshot(src)
        src.close()
        dst.close()


def test_a_line_separator_inside_a_cross_document_link_does_not_split_its_record(ix_project, empty_project,
                                                                                  tmp_path):
    # found by the round-trip property test: str.splitlines() broke the side file's line in two
    put_line_separators_in_a_cross_document_link(ix_project)
    _export(ix_project, tmp_path / "out.zip")
    import_ok(empty_project, [tmp_path / "out.zip"], format="inception-xmi")
    assert snapshot(empty_project) == snapshot(ix_project)
