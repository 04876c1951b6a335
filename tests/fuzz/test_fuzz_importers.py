"""Random bytes and mutated structures fed to every importer, and random batches from a fake importer: each file
is imported or refused (never an exception out of the import, never a disabled plugin), and the project stays
valid with a schema-valid export that imports back."""

from __future__ import annotations

import copy
import json
import zipfile

import orjson
import pytest
from checks import assert_project_valid
from hypothesis import given, settings
from hypothesis import strategies as st
from support import CORPUS, core_host

from annotator import Annotation, Entity, ImportBatch, Importer, Link, NewDocument, Project, hookimpl

LOADED = ["core-cleaners", "core-readers", "core-json", "interchange"]


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz-import")
    state: dict = {"batch": None}

    class Fake:
        @hookimpl
        def register_importers(self, register):
            register(Importer("fake", lambda path, data, options: state["batch"], (".fake",), corpus=True))

    host = core_host(("fake-importer", Fake()), load=LOADED)
    proj = Project(tmp / "fuzz.annotator", host=host, author="fuzz")
    proj.import_paths([CORPUS])
    src = tmp / "seed.json"
    doc = proj.documents()[0]
    a = proj.add_annotation(doc.id, 0, 4, "entity", "PERSON", {"k": [1, "x"]})
    b = proj.add_annotation(doc.id, 5, 9, "entity", "ORG")
    proj.add_link(a.id, b.id, "contradiction", "contradicts")
    proj.add_entity("Someone", aliases=["S"])
    proj.export("json", src)
    seed = orjson.loads(src.read_bytes())
    yield proj, state, tmp, seed
    proj.close()


def importable_suffixes(proj) -> list[str]:
    return sorted({e for imp in proj.importers().values() for e in imp.extensions if e != ".fake"})


def check_plugins(proj):
    for name in LOADED:
        assert proj.host.active(name), proj.host.info[name].errors[-1:]


FIELDS = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(), st.text(max_size=5),
                   st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                   st.sampled_from(["\ud800", "many", "", "annotator/1", "accepted"]))


@settings(settings.get_profile("fuzz"))
@given(data=st.data())
def test_random_bytes_to_every_importer(arena, data):
    proj, state, tmp, seed = arena
    suffix = data.draw(st.sampled_from(importable_suffixes(proj)))
    payload = data.draw(st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"", b"\0" * 64, b"\xff\xfe" + "hi".encode("utf-16-le"), b"PK\x03\x04broken", b"{}", b"[]",
                         b"<?xml version='1.0'?><x/>", b'{"format": "annotator/1"}'])))
    path = tmp / f"random{suffix}"
    path.write_bytes(payload)
    report = proj.import_paths([path])
    assert len(report.imported) + len(report.refused) + len(report.skipped) >= 1
    check_plugins(proj)


def mutate(value, data, depth=0):
    """A copy of a JSON value with a few random edits: replaced values, dropped keys, changed types."""
    if isinstance(value, dict) and value:
        out = dict(value)
        for key in data.draw(st.lists(st.sampled_from(sorted(out)), max_size=2, unique=True)):
            action = data.draw(st.sampled_from(["replace", "drop", "recurse", "recurse"]))
            if action == "replace":
                out[key] = data.draw(FIELDS)
            elif action == "drop":
                del out[key]
            else:
                out[key] = mutate(out[key], data, depth + 1)
        return out
    if isinstance(value, list) and value:
        out = list(value)
        i = data.draw(st.integers(0, len(out) - 1))
        action = data.draw(st.sampled_from(["replace", "duplicate", "recurse", "recurse"]))
        if action == "replace":
            out[i] = data.draw(FIELDS)
        elif action == "duplicate":
            out.append(copy.deepcopy(out[i]))
        else:
            out[i] = mutate(out[i], data, depth + 1)
        return out
    return data.draw(FIELDS) if data.draw(st.booleans()) else value


@settings(settings.get_profile("fuzz"))
@given(data=st.data())
def test_mutated_json_datasets(arena, data):
    proj, state, tmp, seed = arena
    mutated = mutate(copy.deepcopy(seed), data)
    path = tmp / "mutated.json"
    path.write_bytes(json.dumps(mutated, ensure_ascii=True).encode())
    before = proj.stats()["annotations"]
    report = proj.import_paths([path])
    if report.refused:
        assert proj.stats()["annotations"] == before  # a refused file stores nothing
    check_plugins(proj)
    assert_project_valid(proj, tmp)


@settings(settings.get_profile("fuzz"))
@given(data=st.data())
def test_mutated_archives(arena, data):
    proj, state, tmp, seed = arena
    fmt = data.draw(st.sampled_from(["qdpx", "brat-zip"]))
    good = tmp / f"good.{'qdpx' if fmt == 'qdpx' else 'zip'}"
    if not good.exists():
        proj.export(fmt, good)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    name = data.draw(st.sampled_from(sorted(members)))
    blob = members[name]
    how = data.draw(st.sampled_from(["truncate", "flip", "nul", "append", "drop"]))
    if how == "truncate":
        members[name] = blob[: data.draw(st.integers(0, len(blob)))]
    elif how == "flip" and blob:
        i = data.draw(st.integers(0, len(blob) - 1))
        members[name] = blob[:i] + bytes([blob[i] ^ data.draw(st.integers(1, 255))]) + blob[i + 1:]
    elif how == "nul":
        members[name] = b"\0" * data.draw(st.integers(1, 5000))
    elif how == "append":
        members[name] = blob + data.draw(st.binary(max_size=50))
    else:
        del members[name]
    path = tmp / f"mutated{good.suffix}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in members.items():
            zf.writestr(n, b)
    proj.import_paths([path])
    check_plugins(proj)
    assert_project_valid(proj, tmp)


@st.composite
def junk_batch(draw, doc_ids):
    docs = draw(st.lists(st.builds(
        NewDocument, text=st.one_of(st.text(min_size=1, max_size=30), FIELDS, st.binary(max_size=5)),
        title=st.one_of(st.text(max_size=5), FIELDS), meta=st.one_of(st.just({}), FIELDS),
        id=st.one_of(st.none(), st.sampled_from(["D1", "D2"]), FIELDS), clean=st.booleans()), max_size=3))
    anns = draw(st.lists(st.builds(
        Annotation, id=st.one_of(st.sampled_from(["A1", "A2", "A3"]), FIELDS),
        document_id=st.one_of(st.sampled_from(["D1", "D2", *doc_ids]), FIELDS),
        start=st.one_of(st.integers(-1, 40), FIELDS), end=st.one_of(st.integers(-1, 40), FIELDS),
        layer=st.one_of(st.just("entity"), FIELDS), label=st.one_of(st.just("PERSON"), FIELDS),
        attributes=st.one_of(st.just({}), FIELDS), status=st.one_of(st.just("accepted"), FIELDS)), max_size=3))
    links = draw(st.lists(st.builds(
        Link, id=st.one_of(st.just("L1"), FIELDS), layer=st.one_of(st.just("contradiction"), FIELDS),
        label=st.just("contradicts"), source_id=st.sampled_from(["A1", "A2", "A3"]),
        target_id=st.sampled_from(["A1", "A2", "A3"]), attributes=st.one_of(st.just({}), FIELDS)), max_size=2))
    ents = draw(st.lists(st.builds(
        Entity, id=st.one_of(st.just("E1"), FIELDS), canonical_name=st.one_of(st.text(max_size=4), FIELDS),
        aliases=st.one_of(st.just([]), FIELDS), attributes=st.one_of(st.just({}), FIELDS)), max_size=2))
    batch = ImportBatch(docs, anns, links, ents)
    return draw(st.one_of(st.just(batch), FIELDS))


@settings(settings.get_profile("fuzz"))
@given(data=st.data())
def test_random_batches_from_a_fake_importer(arena, data):
    proj, state, tmp, seed = arena
    state["batch"] = data.draw(junk_batch([d.id for d in proj.documents()[:2]]))
    path = tmp / "x.fake"
    path.write_text("whatever")
    (tmp / "y.txt").write_text("A good file\n\nWith text.\n")
    report = proj.import_paths([path, tmp / "y.txt"])
    assert any(r["path"].endswith("y.txt") for r in report.imported + report.skipped)  # the next file went in
    check_plugins(proj)
    assert proj.host.active("fake-importer")
    assert_project_valid(proj, tmp)
