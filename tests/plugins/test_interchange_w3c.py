# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""W3C Web Annotation export/import: every exported annotation passes all 54 "must" schemas of the W3C test suite
(offline, jsonschema Draft 4 + referencing), the collection passes the collection "must" schemas, the JSON-LD
expands against the W3C context with the terms we rely on, and export → import round-trips."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from test_interchange_helpers import (
    W3C_TESTS,
    Scratch,
    empty_project,
    import_ok,
    ix_project,
    make_host,
    new_project,
    property_settings,  # noqa: F401 - fixtures
    random_project,
    snapshot,
    store_random,
)

from annotator import ExportFilters, ImportRefused

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))

pytestmark = pytest.mark.skipif(not W3C_TESTS.is_dir(), reason=f"W3C test suite not found at {W3C_TESTS} "
                                                               "(shared/ must sit beside the clone)")


# The suite's schemas use "format": "uri" (ids, sources, conformsTo...) and "date-time" (created, modified,
# generated). jsonschema checks these formats only when optional packages are installed (rfc3987 or
# rfc3986-validator, rfc3339-validator); without them it passes any string. So the checker below defines both
# itself, strictly: an absolute URI of RFC 3986 (scheme, then only URI characters, well-formed %-escapes, at most
# one '#'), and an RFC 3339 date-time (as the Web Annotation model requires: xsd:dateTime with a time zone).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:"
                  r"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*"
                  r"(?:#(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?")
_DATE_TIME = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
                        r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)")


def format_checker():
    from jsonschema import Draft4Validator, FormatChecker

    checker = FormatChecker(formats=Draft4Validator.FORMAT_CHECKER.checkers)
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(_URI.fullmatch(v)))
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(_DATE_TIME.fullmatch(v)))
    return checker


def _schemas(test_file: str):
    """(name, validator) for each assertion schema listed in a W3C ``*.test`` file, with every schema of the suite
    registered under its own id so that bare relative $refs resolve offline."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in sorted(p for folder in ("annotations", "collections", "definitions")
                       for p in (W3C_TESTS / folder).rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "id" in data and "$schema" in data:
            resources.append((data["id"], Resource.from_contents(data, default_specification=DRAFT4)))
    registry = Registry().with_resources(resources)
    listing = json.loads((W3C_TESTS / test_file).read_text(encoding="utf-8"))
    checker = format_checker()
    out = []
    for rel in listing["assertions"]:
        schema = json.loads((W3C_TESTS / rel).read_text(encoding="utf-8"))
        out.append((rel, schema, Draft4Validator(schema, registry=registry, format_checker=checker)))
    return out


@pytest.fixture(scope="module")
def annotation_musts():
    schemas = _schemas("annotations/annotationMusts.test")
    assert len(schemas) == 54
    return schemas


@pytest.fixture(scope="module")
def collection_musts():
    return _schemas("collections/collectionMusts.test")


def _failures(item, schemas):
    out = []
    for name, schema, validator in schemas:
        errors = list(validator.iter_errors(item))
        if errors:
            out.append(f"{name}: {schema.get('errorMessage')} ({errors[0].message[:200]})")
    return out


def _export(project, tmp_path, fmt="w3c-jsonld", filters=ALL):
    path = tmp_path / ("out.jsonld" if fmt == "w3c-jsonld" else "out.jsonl")
    result = project.export(fmt, path, filters)
    return path, result


def test_every_exported_annotation_passes_the_54_must_schemas(ix_project, tmp_path, annotation_musts,
                                                              collection_musts):
    path, result = _export(ix_project, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert len(items) == 12 + 2 == data["total"]
    for item in items:
        assert _failures(item, annotation_musts) == [], item["id"]
    collection = {k: v for k, v in data.items()}
    assert _failures(collection, collection_musts) == []
    # and line by line
    path, _ = _export(ix_project, tmp_path, "w3c-jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 14
    for line in lines:
        assert _failures(json.loads(line), annotation_musts) == []


def test_schemas_do_catch_a_broken_annotation(annotation_musts):
    """The validation above can fail: a body with both value and a bad type, an id that is not a string..."""
    broken = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": 42, "type": "Note",
              "body": "x", "bodyValue": "y", "target": {"type": "SpecificResource"}}
    assert len(_failures(broken, annotation_musts)) >= 3


def test_uri_and_date_time_formats_are_checked(ix_project, tmp_path, annotation_musts):
    """The format checks bite: an id with a space, a relative IRI as target source, a date without time zone."""
    checker = format_checker()
    assert checker.conforms("urn:annotator:annotation:01J8", "uri")
    assert checker.conforms("https://example.org/a%20b?x=1#frag", "uri")
    assert not checker.conforms("urn:annotator:doc:a b", "uri") and not checker.conforms("doc/1", "uri")
    assert not checker.conforms("http://ex.org/%zz", "uri") and not checker.conforms("http://ex.org/ж", "uri")
    assert checker.conforms("2020-08-15T18:00:00.000Z", "date-time")
    assert not checker.conforms("2020-08-15 18:00:00", "date-time")
    path, _ = _export(ix_project, tmp_path)
    good = json.loads(path.read_text(encoding="utf-8"))["first"]["items"][0]
    assert _failures(good, annotation_musts) == []
    assert _failures({**good, "id": "urn:annotator:annotation:has space"}, annotation_musts)
    assert _failures({**good, "created": "15 August 2020"}, annotation_musts)
    target = {**good["target"], "source": "not a uri"}
    assert _failures({**good, "target": target}, annotation_musts)


def test_document_ids_that_are_not_uri_safe_are_escaped(tmp_path, annotation_musts):
    """Document ids come from other files (JSON, CSV imports) and may hold spaces or non-ASCII: the IRIs we write
    still pass the uri format, and import maps them back to the same documents."""
    from annotator import ImportBatch, NewDocument

    source = new_project(tmp_path / "a.annotator")
    batch = ImportBatch()
    batch.documents.append(NewDocument(text="Minsk rose.", title="t", id="AP story/15 ж#1", clean=False))
    source.store_batch(batch)
    source.add_annotation("AP story/15 ж#1", 0, 5, "ix_entity", "GPE")
    path, _ = _export(source, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    (item,) = data["first"]["items"]
    assert _failures(item, annotation_musts) == [], item["target"]["source"]
    target = new_project(tmp_path / "b.annotator")
    import_ok(target, [path])
    assert [d.id for d in target.documents()] == ["AP story/15 ж#1"]
    assert snapshot(target) == snapshot(source)
    source.close()
    target.close()


def test_span_annotation_shape(ix_project, tmp_path):
    path, _ = _export(ix_project, tmp_path)
    items = {i["id"]: i for i in json.loads(path.read_text(encoding="utf-8"))["first"]["items"]}
    ids = ix_project.ids
    minsk = items[f"urn:annotator:annotation:{ids['minsk']}"]
    quote, position = minsk["target"]["selector"]
    assert minsk["target"]["type"] == "SpecificResource"
    assert minsk["target"]["source"] == "urn:annotator:doc:DOC0"
    assert quote == {"type": "TextQuoteSelector", "exact": "Minsk 🇧🇾", "prefix": "d 7,000 people were detained in ",
                     "suffix": " on Saturday.\n\"We will not give "}  # 32 code points of context each side
    text = ix_project.document("DOC0").text
    assert text[position["start"]:position["end"]] == "Minsk 🇧🇾"  # code points, end-exclusive
    assert position["end"] - position["start"] == 8  # the flag is two code points (four UTF-16 units)
    tagging = [b for b in minsk["body"] if b["purpose"] == "tagging"]
    assert tagging == [{"type": "TextualBody", "purpose": "tagging", "value": "GPE"}]
    claim = items[f"urn:annotator:annotation:{ids['claim0']}"]
    describing = json.loads(next(b["value"] for b in claim["body"] if b["purpose"] == "describing"))
    assert describing["layer"] == "ix_quote"
    assert describing["attributes"] == {"speaker": "Alexander Lukashenko", "count": 7000, "verified": False,
                                        "sources": ["AP", "RFE/RL"]}


def test_links_are_linking_annotations_targeting_both_ends_across_documents(ix_project, tmp_path):
    path, _ = _export(ix_project, tmp_path)
    items = {i["id"]: i for i in json.loads(path.read_text(encoding="utf-8"))["first"]["items"]}
    cross = items[f"urn:annotator:link:{ix_project.ids['cross']}"]
    assert cross["motivation"] == "linking"
    sources = [t["source"] for t in cross["target"]]
    assert sources == ["urn:annotator:doc:DOC0", "urn:annotator:doc:DOC1"]
    exact = [t["selector"][0]["exact"] for t in cross["target"]]
    assert exact == ["7,000 people were detained in Minsk", "Police detained about 6,700 people."]


def test_jsonld_expands_against_the_w3c_context(ix_project, tmp_path):
    from pyld import jsonld

    context = json.loads((W3C_TESTS / "context" / "anno.jsonld").read_text(encoding="utf-8"))

    def loader(url, options=None):
        if url.rstrip("/") in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"):
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}
        raise AssertionError(f"no network in tests: {url}")

    path, _ = _export(ix_project, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    expanded = jsonld.expand(data, {"documentLoader": loader})
    flat = json.dumps(expanded)
    oa = "http://www.w3.org/ns/oa#"
    for term in ("hasTarget", "hasSelector", "TextQuoteSelector", "TextPositionSelector", "exact", "prefix",
                 "suffix", "start", "end", "hasSource", "tagging", "linking", "describing", "hasPurpose"):
        assert oa + term in flat, term
    assert "http://www.w3.org/ns/activitystreams#first" in flat
    assert "urn:annotator:ns#documents" in flat  # the extension property survives expansion
    # every annotation of the page expands to an oa:Annotation with its selectors' values kept
    page = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]
    items = page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(items) == 14
    assert all(oa + "Annotation" in i["@type"] for i in items)
    one = jsonld.expand(data["first"]["items"][0], {"documentLoader": loader})[0]
    selectors = one[oa + "hasTarget"][0][oa + "hasSelector"]
    starts = [s[oa + "start"][0]["@value"] for s in selectors if oa + "start" in s]
    assert starts == [0]


def test_round_trip_jsonld_into_an_empty_project(ix_project, empty_project, tmp_path):
    path, _ = _export(ix_project, tmp_path)
    report = import_ok(empty_project, [path])
    assert report.counts["documents"] == 3 and report.counts["annotations"] == 12 and report.counts["links"] == 2
    assert snapshot(empty_project, status=True, docs_meta=True) == snapshot(ix_project, status=True, docs_meta=True)
    # ids are kept: importing the same file again adds nothing
    again = empty_project.import_paths([str(path)])
    assert again.counts["annotations"] == 0 and again.counts["links"] == 0


def test_round_trip_jsonl_onto_documents_already_in_the_project(ix_project, tmp_path):
    path, result = _export(ix_project, tmp_path, "w3c-jsonl")
    assert any("documents" in w for w in result.warnings)
    target = new_project(tmp_path / "t.annotator")
    json_path = tmp_path / "docs.json"
    ix_project.export("json", json_path, ExportFilters(layers=("none",)))  # documents only
    import_ok(target, [json_path])
    assert target.annotations() == []
    import_ok(target, [path], format="w3c-jsonl")
    assert snapshot(target, status=True) == snapshot(ix_project, status=True)


def test_filters_apply(ix_project, tmp_path):
    path, _ = _export(ix_project, tmp_path, filters=ExportFilters(layers=("ix_entity",)))
    data = json.loads(path.read_text(encoding="utf-8"))
    labels = {b["value"] for i in data["first"]["items"] for b in i["body"] if b["purpose"] == "tagging"}
    assert labels == {"PERSON", "GPE", "ORG"}
    assert data["total"] == 7  # accepted entities only; the suggested one and the quote links are out


@pytest.mark.parametrize("reason", ["malformed JSON", "outside"])
def test_malformed_jsonl_is_refused_with_line_and_nothing_imported(ix_project, tmp_path, reason):
    path, _ = _export(ix_project, tmp_path, "w3c-jsonl")
    lines = [json.dumps(json.loads(line), ensure_ascii=False) for line in path.read_text(encoding="utf-8").splitlines()]
    if reason == "outside":
        lines[1] = lines[1].replace('"end": 20', '"end": 999999')
        assert "999999" in lines[1]
    else:
        lines[1] = lines[1][:-5]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = len(ix_project.annotations())
    report = ix_project.import_paths([str(path)], format="w3c-jsonl")
    assert len(report.refused) == 1
    assert "line 2" in report.refused[0]["reason"] and reason in report.refused[0]["reason"]
    assert len(ix_project.annotations()) == before


def test_quote_that_does_not_match_is_refused(ix_project, empty_project, tmp_path):
    path, _ = _export(ix_project, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["first"]["items"][0]["target"]["selector"][0]["exact"] = "Somebody Else"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = empty_project.import_paths([str(path)])
    assert len(report.refused) == 1 and "does not match" in report.refused[0]["reason"]
    assert empty_project.documents() == []


def test_link_to_an_unknown_end_is_refused(ix_project, empty_project, tmp_path):
    path, _ = _export(ix_project, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    link = next(i for i in data["first"]["items"] if i["motivation"] == "linking")
    body = next(b for b in link["body"] if b["purpose"] == "describing")
    meta = json.loads(body["value"])
    meta["target"] = "urn:annotator:annotation:NOPE"
    body["value"] = json.dumps(meta)
    path.write_text(json.dumps(data), encoding="utf-8")
    report = empty_project.import_paths([str(path)])
    assert len(report.refused) == 1 and "NOPE" in report.refused[0]["reason"]
    assert empty_project.documents() == [] and empty_project.annotations() == []


def test_foreign_annotation_with_quote_selector_only(empty_project, tmp_path):
    """An annotation from another tool (no Annotator describing body, quote selector only) on an embedded
    document is placed by its quote and stored in the default layer, with a warning."""
    data = {
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"annotator": "urn:annotator:ns#",
                                                          "annotator:documents": {"@id": "urn:annotator:ns#documents",
                                                                                  "@type": "@json"}}],
        "id": "http://example.org/c1", "type": "AnnotationCollection", "total": 1,
        "annotator:documents": [{"id": "D1", "text": "Minsk and Minsk again", "url": "http://example.org/a"}],
        "first": {"id": "http://example.org/p1", "type": "AnnotationPage", "items": [{
            "id": "http://example.org/anno/1", "type": "Annotation", "body": {"type": "TextualBody",
                                                                             "value": "GPE", "purpose": "tagging"},
            "target": {"source": "http://example.org/a", "selector": {
                "type": "TextQuoteSelector", "exact": "Minsk", "prefix": "and ", "suffix": " again"}}}]},
    }
    path = tmp_path / "foreign.jsonld"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = import_ok(empty_project, [path])
    (ann,) = empty_project.annotations()
    assert (ann.start, ann.end, ann.label, ann.layer) == (10, 15, "GPE", "w3c")
    assert any("layer" in w for w in report.warnings)


@property_settings(15)
@given(spec=random_project())
def test_property_round_trip_w3c_jsonld(annotation_musts, spec):
    """Random projects: every exported annotation passes the 54 must schemas, and import gives the project back."""
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, spec)
        source.export("w3c-jsonld", tmp / "x.jsonld")
        for item in json.loads((tmp / "x.jsonld").read_text(encoding="utf-8")).get("first", {}).get("items", []):
            assert _failures(item, annotation_musts) == [], item
        target = new_project(tmp / "b.annotator", host)
        report = target.import_paths([str(tmp / "x.jsonld")])
        assert not report.refused, report.refused
        assert snapshot(target) == snapshot(source)
        source.close()
        target.close()


def test_refused_reason_names_the_file(tmp_path, empty_project):
    path = tmp_path / "broken.jsonld"
    path.write_text('{"type": "AnnotationCollection", "first": {"items": [', encoding="utf-8")
    report = empty_project.import_paths([str(path)])
    assert report.refused and report.refused[0]["path"] == str(path)
    assert "malformed JSON" in report.refused[0]["reason"] and "line 1" in report.refused[0]["reason"]
    with pytest.raises(ImportRefused):
        from annotator_interchange.w3c import read_jsonld

        read_jsonld(path, path.read_bytes(), {})
