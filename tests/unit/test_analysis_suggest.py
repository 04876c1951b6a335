"""A suggestion run analyses its documents first, once for every suggester: the phase "Analysing texts" of the
run's progress, cancellable; and (when the plugins read the shared analysis) each document is parsed once."""

from __future__ import annotations

import importlib.util

import pytest

from annotator import TaskContext, analysis

HAS_SPACY = bool(importlib.util.find_spec("spacy")) and analysis.default_pipeline() != analysis.RULES
needs_spacy = pytest.mark.skipif(not HAS_SPACY, reason="needs the nlp extra (spaCy and an English pipeline)")


def test_the_first_phase_of_a_suggest_run_is_the_analysis(sample_with):
    project = sample_with("quote-marker")
    project.set_setting("core", "nlp.pipeline", "rules")
    seen = []
    report = project.suggest(task=TaskContext(progress=lambda d, t, m: seen.append((d, t, m))))
    assert not report.errors and not report.cancelled
    assert seen[0] == (0, 5, "Analysing texts") and (5, 5, "Analysing texts") in seen
    first_other = next(i for i, s in enumerate(seen) if s[2] != "Analysing texts")
    assert all(s[2] == "Analysing texts" for s in seen[:first_other])


def test_cancelling_during_the_analysis_stores_nothing(sample_with):
    project = sample_with("quote-marker")
    project.set_setting("core", "nlp.pipeline", "rules")
    report = project.suggest(task=TaskContext(cancelled=lambda: True))
    assert report.cancelled and report.counts == {}
    assert project.annotations() == []


@pytest.fixture
def count_parses(monkeypatch):
    """Count the texts every spaCy pipeline of this process parses (``nlp(text)`` and ``nlp.pipe``)."""
    from spacy.language import Language

    counted = {"texts": 0}
    call, pipe = Language.__call__, Language.pipe

    def counting_call(self, text, *args, **kwargs):
        counted["texts"] += 1
        return call(self, text, *args, **kwargs)

    def counting_pipe(self, texts, *args, **kwargs):
        for doc in pipe(self, texts, *args, **kwargs):
            counted["texts"] += 1
            yield doc

    monkeypatch.setattr(Language, "__call__", counting_call)
    monkeypatch.setattr(Language, "pipe", counting_pipe)
    monkeypatch.setenv("ANNOTATOR_NLP_PROCESSES", "1")  # parsed in this process, where the counter is
    return counted


@needs_spacy
def test_analyze_parses_each_document_once(sample_with, count_parses):
    project = sample_with(name="parse-once")
    analysis.MEMORY.clear()
    project.analyze()
    for doc in project.documents():
        project.analysis(doc)
    assert count_parses["texts"] == 5


@needs_spacy
def test_a_suggest_run_over_all_three_plugins_parses_each_document_once(sample_with, count_parses):
    project = sample_with("entity-tagger", "quote-marker", "contradiction-linker")
    project.set_setting("entity-tagger", "backend", "spacy")
    analysis.MEMORY.clear()
    report = project.suggest()
    assert not report.errors, report.errors
    assert {"entity-tagger", "quote-marker", "contradiction-linker"} <= set(report.counts)
    assert count_parses["texts"] == len(project.documents()) == 5
