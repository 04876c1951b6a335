"""The entity tagger's spaCy back end (optional extra ``nlp``). The label mapping is tested always; the rest is
skipped, with the reason, when spaCy or the small English pipeline is not installed (CI installs the extra)."""

from __future__ import annotations

import pytest
from annotator_entities import settings as settings_mod
from annotator_entities.spacy_backend import SPACY_LABELS, _trim, map_label

PLUGIN = "entity-tagger"
MODEL = settings_mod.DEFAULT_SPACY_MODEL


def test_spacy_labels_map_to_the_project_labels():
    assert {k: map_label(k) for k in ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "EVENT")} == {
        k: k for k in ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "EVENT")}
    assert map_label("FAC") == "LOC" and map_label("TIME") == "DATE"
    assert {map_label(k) for k in ("PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")} == {"MISC"}
    assert all(map_label(k) is None for k in ("CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"))
    assert map_label("PER") == "PERSON"  # other pipelines' label sets
    assert map_label("PERCENT", {"PERCENT": "MISC"}) == "MISC"  # the spacy_label_map setting
    assert set(SPACY_LABELS) >= {"FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "TIME"}


def test_spans_are_trimmed_like_the_gold_set():
    text = "with the Russian Federation’s help"
    start = text.index("the")
    end = text.index(" help")
    assert text[slice(*_trim(text, start, end))] == "Russian Federation"


@pytest.fixture(scope="module")
def nlp_available():
    pytest.importorskip("spacy", reason="the spaCy back end needs the optional extra: pip install '.[nlp]'")
    pytest.importorskip(MODEL, reason=f"the spaCy pipeline {MODEL} is not installed (pip install '.[nlp]')")


def test_installed_pipelines_list_the_small_english_model(nlp_available):
    from annotator_entities.spacy_backend import installed_pipelines

    assert MODEL in installed_pipelines()


def test_spacy_back_end_pre_annotates_and_clusters(nlp_available, sample_project, doc_by_source):
    settings_mod.save(sample_project, backend="spacy", spacy_model=MODEL)
    report = sample_project.suggest(PLUGIN)
    assert not report.errors, report.errors
    anns = sample_project.annotations(layer="entity")
    assert anns and all(a.status == "suggested" and a.origin == PLUGIN for a in anns)
    # the model's spans, or the people the refinement adds (a named person's surname or first name alone)
    assert all(a.attributes["_reason"].startswith(f"spaCy {MODEL}") or "named in this document" in
               a.attributes["_reason"] or a.attributes["_reason"] == "name with a nickname" for a in anns)
    assert any(a.attributes["_reason"].startswith(f"spaCy {MODEL}") for a in anns)
    labels = {a.label for a in anns}
    assert {"PERSON", "GPE", "DATE"} <= labels <= set(settings_mod.LABELS)  # mapped; no CARDINAL etc.
    ap = doc_by_source["AP"]
    texts = {(ap.text[a.start:a.end], a.label) for a in anns if a.document_id == ap.id}
    assert ("Sviatlana Tsikhanouskaya", "PERSON") in texts
    assert ("MINSK", "GPE") in texts  # the model says ORG; the built-in list of cities corrects it
    assert not any(t.startswith("the ") for t, _ in texts)
    luka = next(e for e in sample_project.entities() if e.canonical_name == "Alexander Lukashenko")
    spellings = {sample_project.text(a.document_id)[a.start:a.end] for a in sample_project.mentions(luka.id)}
    assert {"Luksahenko", "Alyaksandr Lukashenka", "Lukashenka"} <= spellings
    # a second run adds nothing
    again = sample_project.suggest(PLUGIN)
    assert again.counts[PLUGIN]["annotations"] == 0


def test_a_missing_pipeline_is_reported_clearly(nlp_available, sample_project):
    settings_mod.save(sample_project, backend="spacy", spacy_model="xx_no_such_pipeline")
    report = sample_project.suggest(PLUGIN)
    assert "xx_no_such_pipeline" in report.errors[PLUGIN] and "not installed" in report.errors[PLUGIN]
    assert sample_project.annotations(layer="entity") == []


def test_spacy_after_a_reviewed_rules_run_adds_only_what_is_new(nlp_available, sample_project, doc_by_source):
    """Switching back ends on a reviewed project: spaCy never duplicates or overlaps accepted mentions and
    never brings back a rejected one; its new mentions join the confirmed entities where they name them."""
    from annotator_entities import registry

    sample_project.suggest(PLUGIN)
    ap = doc_by_source["AP"]
    minsk = next(a for a in sample_project.annotations(document_id=ap.id, layer="entity")
                 if ap.text[a.start:a.end] == "MINSK")
    sample_project.reject(minsk.id)
    sample_project.set_status([a.id for a in sample_project.annotations(layer="entity", status="suggested")],
                              "accepted")
    registry.confirm(sample_project, [e.id for e in sample_project.entities()])
    before = {a.id: a for a in sample_project.annotations(layer="entity")}
    settings_mod.save(sample_project, backend="spacy", spacy_model=MODEL)
    sample_project.suggest(PLUGIN)
    after = sample_project.annotations(layer="entity")
    assert all(sample_project.annotation(i).status == before[i].status for i in before)  # nothing overwritten
    new = [a for a in after if a.id not in before]
    for a in new:
        clash = [b for b in before.values() if b.document_id == a.document_id and b.start < a.end and a.start < b.end]
        assert clash == [], (sample_project.text(a.document_id)[a.start:a.end], a.label)
    assert sample_project.annotation(minsk.id).status == "rejected"
    luka = next(e for e in sample_project.entities() if e.canonical_name == "Alexander Lukashenko")
    assert luka.status == "accepted"
    assert [e.canonical_name for e in sample_project.entities()].count("Alexander Lukashenko") == 1
