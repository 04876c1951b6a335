# ruff: noqa: F401, F811 - helpers are imported from test_interchange_helpers
"""The sample corpus end to end: the five real reports, imported through the real pipeline and annotated (names,
places, the 7,000 vs 6,700 contradiction across outlets), go out in every interchange format and come back, and
each outside reader that is installed (spaCy, Hugging Face datasets, pyrefiqda) takes its file."""

from __future__ import annotations

import json
import re

import pytest
from test_interchange_helpers import ROOT, import_ok, new_project, snapshot

from annotator import ExportFilters

CORPUS = ROOT / "corpus"
FORMATS = {"w3c-jsonld": "a.jsonld", "w3c-jsonl": "a.jsonl", "brat": "brat", "conll": "a.conll",
           "hf-jsonl": "hf.jsonl", "csv": "a.csv", "qdpx": "a.qdpx", "spacy-docbin": "a.spacy"}


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sample")
    project = new_project(tmp / "sample.annotator")
    report = project.import_paths([str(CORPUS)])
    assert len(report.imported) == 5, report.refused
    by_source = {d.source: d for d in project.documents()}
    with project.batch():
        for doc in project.documents():
            for name, label in (("Lukashenk[oa]", "PERSON"), ("Tikhanovskaya", "PERSON"), ("Minsk", "GPE"),
                                ("Belarus", "GPE")):
                for m in re.finditer(name, doc.text):
                    project.add_annotation(doc.id, m.start(), m.end(), "ix_entity", label)
        claims = {}
        for source, number in (("AP", "7,000"), ("AFP", "6,700")):
            doc = by_source[source]
            start = doc.text.index(number)
            end = doc.text.index(".", start)
            claims[source] = project.add_annotation(doc.id, start, end, "ix_quote", "paraphrase",
                                                    {"speaker": "Interior Ministry" if source == "AFP" else ""})
        project.add_link(claims["AP"].id, claims["AFP"].id, "ix_link", "contradicts", {"note": "7,000 vs 6,700"})
    yield project, tmp
    project.close()


def test_sample_dataset_goes_out_and_back_in_every_format(annotated):
    project, tmp = annotated
    out = tmp / "out"
    for fmt, name in FORMATS.items():
        if fmt not in project.exporters():
            continue  # spaCy not installed
        result = project.export(fmt, out / name)
        assert result.counts, fmt
    # full round trips: documents, annotations, links (the contradiction crosses two outlets)
    for fmt, name, kw in (("w3c-jsonld", "a.jsonld", {}), ("hf-jsonl", "hf.jsonl", {"format": "hf-jsonl"}),
                          ("brat", "brat", {"format": "brat"}), ("qdpx", "a.qdpx", {})):
        target = new_project(tmp / f"back-{fmt}.annotator")
        import_ok(target, [out / name], **kw)
        assert snapshot(target) == snapshot(project), fmt
        assert len(target.links()) == 1
        target.close()


def test_sample_dataset_in_the_outside_readers(annotated):
    project, tmp = annotated
    out = tmp / "readers"
    ents = ExportFilters(layers=("ix_entity",))
    n_entities = len(project.annotations(layer="ix_entity"))
    checked = []
    try:
        import spacy
        from spacy.tokens import DocBin
        from spacy.training.converters import conll_ner_to_docs
    except ImportError:
        spacy = None
    if spacy is not None:
        project.export("spacy-docbin", out / "train.spacy", ents)
        docs = list(DocBin().from_disk(out / "train.spacy").get_docs(spacy.blank("en").vocab))
        assert sum(len(d.ents) for d in docs) == n_entities
        project.export("conll", out / "train.conll", ents)
        docs = list(conll_ner_to_docs((out / "train.conll").read_text(encoding="utf-8"), no_print=True))
        assert len(docs) == 5 and sum(len(d.ents) for d in docs) == n_entities
        checked.append("spacy")
    try:
        import datasets
    except ImportError:
        datasets = None
    if datasets is not None:
        project.export("hf-jsonl", out / "train.jsonl")
        ds = datasets.load_dataset("json", data_files=str(out / "train.jsonl"), split="train",
                                   cache_dir=str(tmp / "hf-cache"))
        assert ds.num_rows == 5
        assert sum(len(r["annotations"]) for r in ds) == len(project.annotations())
        checked.append("datasets")
    try:
        from pyrefiqda.refiproject import RefiProject
    except ImportError:
        RefiProject = None
    if RefiProject is not None:
        project.export("qdpx", out / "sample.qdpx")
        qda = RefiProject.load(str(out / "sample.qdpx"), extract_dir=str(tmp / "qdpx"))
        assert len(qda.sources.text_source) == 5 and len(qda.links.link) == 1
        checked.append("pyrefiqda")
    if not checked:
        pytest.skip("none of spaCy, datasets, pyrefiqda is installed")
