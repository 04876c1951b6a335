"""Shared helpers of the interchange tests (no tests here): a plugin declaring test layers, real projects built
through the public API, snapshots to compare projects, and hypothesis strategies for random projects.

The test layers have their own names (``ix_entity``, ``ix_quote``, ``ix_link``) so these tests do not depend on
the bundled entity/quote/contradiction plugins.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from annotator import (
    Annotation,
    AttributeSpec,
    ImportBatch,
    LabelSpec,
    LayerSpec,
    Link,
    NewDocument,
    Project,
    hookimpl,
)
from annotator.plugins import PluginHost

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "external"
W3C_TESTS = EXTERNAL / "w3c-web-annotation-tests"
BRAT_NEWS = EXTERNAL / "brat" / "news"
DATA = ROOT / "tests" / "data" / "interchange"

ENTITY_LABELS = ("PERSON", "ORG", "GPE")


class LayersPlugin:
    @staticmethod
    @hookimpl
    def register_layers(register):
        register(LayerSpec("ix_entity", title="Entities", labels=tuple(
            LabelSpec(n, c) for n, c in zip(ENTITY_LABELS, ("#e57373", "#64b5f6", "#81c784"))),
            attributes=(AttributeSpec("entity_id", "entity"),)))
        register(LayerSpec("ix_quote", title="Quotes", labels=(LabelSpec("quote", "#ffd54f"),
                                                                LabelSpec("paraphrase", "#fff176")),
                           attributes=(AttributeSpec("speaker"), AttributeSpec("verb"))))
        register(LayerSpec("ix_link", title="Links", kind="link",
                           labels=(LabelSpec("contradicts", "#f44336"), LabelSpec("same statement", "#4caf50")),
                           link_ends=("ix_quote", "ix_entity")))


def make_host() -> PluginHost:
    host = PluginHost()
    host.register_object(LayersPlugin, "ix-test-layers")
    return host


def new_project(path: Path, host: PluginHost | None = None) -> Project:
    return Project(path, host=host or make_host(), author="tester")


TEXTS = [
    "Alexander Lukashenko said 7,000 people were detained in Minsk 🇧🇾 on Saturday.\n"
    "\"We will not give up,\" Svetlana Tikhanovskaya said from Vilnius.",
    "Lukashenka, the Belarusian leader, told Vladimir Putin that \u201cthe situation is under control.\u201d "
    "Police detained about 6,700 people.",
    "Nesteruk, who was cafe\u0301 owner, said: 'they beat us' \U0001F62E\u200d\U0001F4A8 — a claim the "
    "ministry denied.\r\nLine two ends here.",
]


def build_sample(project: Project) -> dict:
    """Three documents (emoji, combining mark, CRLF), overlapping spans, attributes, one suggestion, a link within
    a document and one across documents. Returns the ids by name."""
    batch = ImportBatch()
    ids = {}
    for i, text in enumerate(TEXTS):
        batch.documents.append(NewDocument(text=text, title=f"Doc {i} — “quoted”", source=["AP", "CBC", "AFP"][i],
                                           url=f"https://example.org/{i}", published="2020-08-15", id=f"DOC{i}",
                                           clean=False))
    stored = project.store_batch(batch)
    assert stored["documents"] == 3
    ids.update({f"doc{i}": f"DOC{i}" for i in range(3)})

    def add(name, doc, needle, layer, label, attrs=None, status="accepted", occurrence=0):
        text = TEXTS[int(doc[-1])]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(needle, start + 1)
        ann = project.add_annotation(doc, start, start + len(needle), layer, label, attrs or {})
        if status != "accepted":
            project.set_status([ann.id], status)
        ids[name] = ann.id
        return ann

    add("luka0", "DOC0", "Alexander Lukashenko", "ix_entity", "PERSON", {"entity_id": "E1"})
    add("lastname0", "DOC0", "Lukashenko", "ix_entity", "PERSON")  # nested in luka0
    add("minsk", "DOC0", "Minsk 🇧🇾", "ix_entity", "GPE")
    add("claim0", "DOC0", "7,000 people were detained in Minsk", "ix_quote", "paraphrase",
        {"speaker": "Alexander Lukashenko", "count": 7000, "verified": False, "sources": ["AP", "RFE/RL"]})
    add("tikh", "DOC0", "Svetlana Tikhanovskaya", "ix_entity", "PERSON", {"entity_id": "E2"})
    add("quote0", "DOC0", "\"We will not give up,\"", "ix_quote", "quote", {"speaker": "Tikhanovskaya",
                                                                          "direct": True})
    add("luka1", "DOC1", "Lukashenka", "ix_entity", "PERSON", {"entity_id": "E1"})
    add("putin", "DOC1", "Vladimir Putin", "ix_entity", "PERSON")
    add("claim1", "DOC1", "Police detained about 6,700 people.", "ix_quote", "paraphrase")
    add("nest", "DOC2", "Nesteruk", "ix_entity", "PERSON", status="suggested")
    add("cafe", "DOC2", "cafe\u0301 owner", "ix_entity", "ORG")
    add("beat", "DOC2", "'they beat us' \U0001F62E\u200d\U0001F4A8", "ix_quote", "quote", {"speaker": "Nesteruk"})
    ids["cross"] = project.add_link(ids["claim0"], ids["claim1"], "ix_link", "contradicts",
                                    {"note": "7,000 vs 6,700"}).id
    ids["within"] = project.add_link(ids["quote0"], ids["tikh"], "ix_link", "same statement").id
    return ids


def import_ok(project: Project, paths, **kw):
    report = project.import_paths([str(p) for p in paths], **kw)
    assert not report.refused, report.refused
    return report


def snapshot(project: Project, *, attributes=True, status=False, layers=True, links=True, docs_meta=False):
    """A comparable picture of a project: documents by text; annotations and links by content (not ids)."""
    docs = {d.id: d for d in project.documents()}
    anns = {a.id: a for a in project.annotations()}

    def key(a: Annotation):
        k = [docs[a.document_id].text, a.start, a.end, a.label]
        if layers:
            k.append(a.layer)
        if attributes:
            k.append(json.dumps(a.attributes, sort_keys=True))
        if status:
            k.append(a.status)
        return tuple(k)

    out = {
        "documents": sorted(d.text for d in docs.values()),
        "annotations": sorted(key(a) for a in anns.values()),
    }
    if docs_meta:
        out["meta"] = sorted((d.text, d.title, d.source, d.url, d.published) for d in docs.values())
    if links:
        def lkey(l: Link):
            k = [key(anns[l.source_id]), key(anns[l.target_id]), l.label]
            if layers:
                k.append(l.layer)
            if attributes:
                k.append(json.dumps(l.attributes, sort_keys=True))
            return tuple(k)
        out["links"] = sorted(lkey(l) for l in project.links())
    return out


@pytest.fixture
def ix_project(tmp_path):
    project = new_project(tmp_path / "source.annotator")
    project.ids = build_sample(project)
    yield project
    project.close()


@pytest.fixture
def empty_project(tmp_path):
    project = new_project(tmp_path / "target.annotator")
    yield project
    project.close()


# --------------------------------------------------------------------------------------------- hypothesis


def property_settings(examples: int):
    """Settings of a round-trip property test: ``examples`` in CI (kept small, each example builds two projects);
    ``IX_EXAMPLES=500 pytest tests/plugins/test_interchange_*.py -k property`` runs many more locally (do that
    after changing a format; vary ``--hypothesis-seed`` too)."""
    return settings(max_examples=int(os.environ.get("IX_EXAMPLES", examples)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


_ALPHABET = st.one_of(
    st.sampled_from(list("abcdefghij KLMNOP .,;:!?\"'-—“”«»\n\n  ")),
    st.sampled_from(["\u0301", "\u0308", "\u0327", "e\u0301", "\U0001F600", "\U0001F1E7\U0001F1FE",
                     "\U0001F469\u200d\U0001F52C", "ß", "Ω", "ж", "中", "ا", "\u00a0", "\u2028", "\x85", "\t",
                     "\u200b"]),
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")),
)
LABELS = ("PERSON", "ORG", "GPE")
ATTR_VALUES = st.one_of(st.booleans(), st.integers(-5, 10_000), st.text(max_size=8),
                        st.lists(st.sampled_from(["a", "b c", "ж"]), max_size=2))


@st.composite
def random_project(draw, *, max_docs=3, attributes=True):
    """(texts, annotations as (doc index, start, end, layer, label, attrs), links as (i, j, label, attrs))."""
    n = draw(st.integers(1, max_docs))
    texts = []
    for i in range(n):
        body = draw(st.lists(_ALPHABET, min_size=3, max_size=60).map("".join))
        texts.append(f"{i}:{body}")  # distinct texts (identical texts would be one document)
    anns = []
    for i, text in enumerate(texts):
        for _ in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, min(len(text), start + 25)))
            layer = draw(st.sampled_from(["ix_entity", "ix_quote"]))
            label = draw(st.sampled_from(LABELS if layer == "ix_entity" else ("quote", "paraphrase")))
            attrs = draw(st.dictionaries(st.sampled_from(["speaker", "n", "flag", "note x"]), ATTR_VALUES,
                                         max_size=2)) if attributes else {}
            anns.append((i, start, end, layer, label, attrs))
    links = []
    if len(anns) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            a, b = draw(st.lists(st.integers(0, len(anns) - 1), min_size=2, max_size=2, unique=True))
            links.append((a, b, draw(st.sampled_from(["contradicts", "same statement"])),
                          draw(st.dictionaries(st.just("note"), st.text(max_size=5), max_size=1))))
    return texts, anns, links


def store_random(project: Project, spec, link_layer: str = "ix_link") -> None:
    texts, anns, links = spec
    batch = ImportBatch()
    for i, text in enumerate(texts):
        batch.documents.append(NewDocument(text=text, title=f"T{i}", id=f"D{i}", clean=False, source=f"S{i}"))
    seen = set()
    ann_ids = []
    for k, (i, s, e, layer, label, attrs) in enumerate(anns):
        ann_id = f"A{k:03d}"
        ann_ids.append(ann_id)
        key = (i, s, e, layer, label)
        if key in seen:  # the project model allows duplicates, but keep the picture unambiguous
            ann_ids[-1] = None
            continue
        seen.add(key)
        batch.annotations.append(Annotation(ann_id, f"D{i}", s, e, layer, label, dict(attrs), author="tester"))
    for k, (a, b, label, attrs) in enumerate(links):
        if ann_ids[a] and ann_ids[b]:
            batch.links.append(Link(f"L{k:03d}", link_layer, label, ann_ids[a], ann_ids[b], dict(attrs),
                                    author="tester"))
    project.store_batch(batch)


class Scratch:
    """A temporary folder for one hypothesis example (tmp_path is per test, not per example)."""

    def __enter__(self) -> Path:
        self._tmp = tempfile.TemporaryDirectory(prefix="ix-")
        return Path(self._tmp.name)

    def __exit__(self, *exc):
        self._tmp.cleanup()


def put_line_separators_in_a_cross_document_link(project: Project) -> None:
    """Give a cross-document link of ``project`` an attribute holding U+2028 and U+2029: JSON Lines side files end
    records at "\n" only, so these characters must not split one (``str.splitlines`` would)."""
    docs = {a.id: a.document_id for a in project.annotations()}
    cross = [ln for ln in project.links() if docs.get(ln.source_id) != docs.get(ln.target_id)]
    assert cross, "the project holds a cross-document link"
    project.update_link(cross[0].id, attributes={"note": "first\u2028second\u2029third"})
