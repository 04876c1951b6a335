# ruff: noqa: F401, F811 - fixtures are imported from test_interchange_helpers
"""CoNLL-2003/IOB2 and spaCy DocBin: spaCy's own converter and CLI read our CoNLL, a DocBin loads with the right
entities for `spacy train`, tokenization keeps every entity boundary, and what the formats lose is warned."""

from __future__ import annotations

import subprocess
import sys

import pytest
from annotator_interchange.conll import DOCSTART, document_sentences, tokenize
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
    store_random,
)

from annotator import ExportFilters

ENT = ExportFilters(layers=("ix_entity",), statuses=("accepted", "suggested"))


def _entities_by_text(project, layer="ix_entity"):
    docs = {d.id: d.text for d in project.documents()}
    return sorted((a.label, docs[a.document_id][a.start:a.end]) for a in project.annotations(layer=layer))


def test_tokenizer_keeps_marks_and_entity_boundaries():
    text = "Lukashenko's cafe\u0301 (Minsk)"
    assert [text[s:e] for s, e in tokenize(text, set())] == ["Lukashenko", "'", "s", "cafe\u0301", "(", "Minsk",
                                                             ")"]
    assert [text[s:e] for s, e in tokenize(text, {4})] == ["Luka", "shenko", "'", "s", "cafe\u0301", "(", "Minsk",
                                                           ")"]
    sents = document_sentences("He left. Then Minsk rose.\nNew line", [{"start": 14, "end": 19, "label": "GPE"}])
    assert [[t for t, _ in s] for s in sents] == [["He", "left", "."], ["Then", "Minsk", "rose", "."],
                                                  ["New", "line"]]
    assert sents[1][1] == ("Minsk", "B-GPE")


def test_conll_export_layout_and_warnings(ix_project, tmp_path):
    path = tmp_path / "a.conll"
    result = ix_project.export("conll", path, ENT)
    text = path.read_text(encoding="utf-8")
    assert text.count(DOCSTART) == 3 and text.startswith(DOCSTART + "\n\n")
    assert "Alexander B-PERSON\nLukashenko I-PERSON\n" in text
    assert "Minsk B-GPE\n🇧 I-GPE\n🇾 I-GPE\n" in text
    assert "cafe\u0301 B-ORG\nowner I-ORG\n" in text
    warnings = " | ".join(result.warnings)
    assert "1 overlapping or nested entities not written" in warnings  # "Lukashenko" inside the full name
    assert "no review status" in warnings and "no attributes" in warnings and "not the text" in warnings
    for line in text.splitlines():
        assert line == "" or len(line.split()) in (2, 4)


def test_spacy_converter_reads_our_conll(ix_project, tmp_path):
    pytest.importorskip("spacy", reason="spaCy is not installed (extra: nlp)")
    from spacy.training.converters import conll_ner_to_docs

    path = tmp_path / "a.conll"
    ix_project.export("conll", path, ENT)
    docs = list(conll_ner_to_docs(path.read_text(encoding="utf-8"), no_print=True))
    assert len(docs) == 3
    ents = sorted((e.label_, e.text) for d in docs for e in d.ents)
    assert ("PERSON", "Alexander Lukashenko") in ents and ("GPE", "Minsk 🇧 🇾") in ents
    assert ("PERSON", "Vladimir Putin") in ents and ("PERSON", "Nesteruk") in ents
    assert len(ents) == 7  # the 8 entities less the nested one, none invented
    assert sum(1 for t in docs[0] if t.is_sent_start) >= 2


def test_spacy_cli_convert_then_docbin(ix_project, tmp_path):
    pytest.importorskip("spacy", reason="spaCy is not installed (extra: nlp)")
    path = tmp_path / "train.conll"
    ix_project.export("conll", path, ENT)
    out = tmp_path / "corpus"
    out.mkdir()
    run = subprocess.run([sys.executable, "-m", "spacy", "convert", str(path), str(out), "--converter", "ner"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(out / "train.spacy").get_docs(spacy.blank("xx").vocab))
    assert len(docs) == 3 and sum(len(d.ents) for d in docs) == 7


def test_conll_import_and_idempotent_round_trip(ix_project, empty_project, tmp_path):
    first = tmp_path / "a.conll"
    ix_project.export("conll", first, ENT)
    report = import_ok(empty_project, [first])
    assert report.counts["documents"] == 3
    assert ("PERSON", "Alexander Lukashenko") in _entities_by_text(empty_project, "entity")
    second = tmp_path / "b.conll"
    empty_project.export("conll", second, ExportFilters(layers=("entity",)))
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_conll_refuses_bad_tags_with_line(empty_project, tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text(f"{DOCSTART}\n\nMinsk B-GPE\nrose X-GPE\n", encoding="utf-8")
    report = empty_project.import_paths([str(path)])
    assert "line 4" in report.refused[0]["reason"] and "not an IOB tag" in report.refused[0]["reason"]
    assert empty_project.documents() == []


@property_settings(12)
@given(spec=random_project(attributes=False))
def test_property_conll_keeps_every_non_overlapping_entity(spec):
    """For random texts: export → import gives the same entity texts and labels (longest-first non-overlapping
    selection), and a second export is byte-identical to the first."""
    host = make_host()
    with Scratch() as tmp:
        source = new_project(tmp / "a.annotator", host)
        store_random(source, spec)
        filters = ExportFilters(layers=("ix_entity",))
        result = source.export("conll", tmp / "a.conll", filters)
        target = new_project(tmp / "b.annotator", host)
        target.import_paths([str(tmp / "a.conll")])
        target.export("conll", tmp / "b.conll", ExportFilters(layers=("entity",)))
        assert (tmp / "a.conll").read_text(encoding="utf-8") == (tmp / "b.conll").read_text(encoding="utf-8")
        from annotator_interchange._common import non_overlapping

        docs = {d.id: d.text for d in source.documents()}
        anns = [{"id": a.id, "start": a.start, "end": a.end, "label": a.label}
                for a in source.annotations(layer="ix_entity")]
        kept = []
        for doc_id in docs:
            mine = [a for a in anns if any(x.id == a["id"] and x.document_id == doc_id
                                           for x in source.annotations(layer="ix_entity"))]
            chosen, dropped = non_overlapping(mine)
            kept += [(a["label"], " ".join(docs[doc_id][a["start"]:a["end"]].split())) for a in chosen
                     if docs[doc_id][a["start"]:a["end"]].strip()]
            if dropped:
                assert any("overlapping" in w for w in result.warnings)
        got = [(label, " ".join(text.split())) for label, text in _entities_by_text(target, "entity")]
        # tokens joined by single spaces: compare entity texts with whitespace squeezed and tokens re-spaced
        squeeze = lambda s: "".join(s.split())
        assert sorted((l, squeeze(t)) for l, t in got) == sorted((l, squeeze(t)) for l, t in kept)
        source.close()
        target.close()


# --------------------------------------------------------------------------------------------- DocBin


def test_docbin_for_spacy_train(ix_project, tmp_path):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (extra: nlp)")
    from spacy.tokens import DocBin
    from spacy.training import Example

    assert "spacy-docbin" in ix_project.exporters()
    path = tmp_path / "train.spacy"
    result = ix_project.export("spacy-docbin", path, ENT)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    assert len(docs) == 3
    ents = sorted((e.label_, e.text) for d in docs for e in d.ents)
    assert ("PERSON", "Alexander Lukashenko") in ents and ("GPE", "Minsk 🇧🇾") in ents
    assert ("ORG", "cafe\u0301 owner") in ents
    assert len(ents) == 7
    assert any("overlapping" in w for w in result.warnings)
    # every span layer is kept whole (overlaps included) as a span group
    assert {s.text for s in docs[0].spans["ix_entity"]} >= {"Alexander Lukashenko", "Lukashenko"}
    assert docs[0].user_data["annotator_id"] == "DOC0"
    # spaCy's training API takes these docs as gold examples: initialise an NER pipe from them (the labels come
    # from the data) and run training steps, as `spacy train` does with this file as --paths.train
    nlp = spacy.blank("en")
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    assert sum(len(e.reference.ents) for e in examples) == 7
    nlp.add_pipe("ner")
    optimizer = nlp.initialize(lambda: examples)
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "GPE", "ORG"}
    losses: dict = {}
    for _ in range(3):
        nlp.update(examples, sgd=optimizer, losses=losses)
    assert losses["ner"] > 0


def test_docbin_import(ix_project, empty_project, tmp_path):
    pytest.importorskip("spacy", reason="spaCy is not installed (extra: nlp)")
    path = tmp_path / "train.spacy"
    ix_project.export("spacy-docbin", path, ENT)
    import_ok(empty_project, [path])
    assert _entities_by_text(empty_project) == _entities_by_text(ix_project)
    bad = tmp_path / "bad.spacy"
    bad.write_bytes(b"not a docbin")
    report = empty_project.import_paths([str(bad)])
    assert "not a spaCy DocBin" in report.refused[0]["reason"]


def test_hash_tokens_are_tokens_and_comments_are_skipped(tmp_path):
    """A token ``#`` (a hashtag, a number sign) starts its line like a comment would: it is written as a token line
    and read back as one, as ``spacy convert`` reads it; lines that are not token-shaped (``# sent_id = 3``) are
    comments."""
    from annotator_interchange.conll import read_conll

    host = make_host()
    source = new_project(tmp_path / "a.annotator", host)
    store_random(source, (["Protest # Minsk #1 ##"], [(0, 10, 15, "ix_entity", "GPE", {})], []))
    path = tmp_path / "a.conll"
    source.export("conll", path, ExportFilters(layers=("ix_entity",)))
    text = path.read_text(encoding="utf-8")
    assert "\n# O\nMinsk B-GPE\n# O\n1 O\n# O\n# O\n" in text
    batch = read_conll(path, path.read_bytes(), {})
    assert batch.documents[0].text == "Protest # Minsk # 1 # #"
    (ann,) = batch.annotations
    assert batch.documents[0].text[ann.start:ann.end] == "Minsk"
    with_comments = f"# newdoc id = x\n{DOCSTART}\n\n# sent_id = 1\n# text = Minsk rose\nMinsk B-GPE\nrose O\n"
    batch = read_conll(path, with_comments.encode("utf-8"), {})
    assert batch.documents[0].text == "Minsk rose"
    source.close()
    pytest.importorskip("spacy", reason="spaCy is not installed (extra: nlp)")
    from spacy.training.converters import conll_ner_to_docs

    (doc,) = conll_ner_to_docs(text, no_print=True)
    assert [t.text for t in doc] == "Protest # Minsk # 1 # #".split() and [e.text for e in doc.ents] == ["Minsk"]
