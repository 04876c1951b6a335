"""The shared text analysis (public API): paragraphs, sentences, tokens and, with a spaCy pipeline, the parse and
named entities of a document text, computed once per (text, pipeline) and shared by every plugin.

Plugins get it from the project::

    from annotator import analysis
    a = project.analysis(doc)            # a DocAnalysis (cached in memory and in the project file)
    for s in a.sentences:                # Span(start, end): code points of the stored text, end-exclusive
        words = a.tokens_in(s.start, s.end)
    if a.has_parse:                      # a.spacy is the spaCy Doc; its offsets are the stored text's
        subjects = [t for t in a.spacy if t.dep_ == "nsubj"]

:func:`analyse` analyses a bare string (tests, scripts). The pipeline is the project setting ``core`` /
``nlp.pipeline`` (a spaCy package name, or ``"rules"``); unset, the installed English pipeline, else the rules.
See ``docs/analysis.md``.
"""

from __future__ import annotations

import warnings

from . import pipelines, rules
from .cache import MEMORY, MemoryCache, text_key
from .pipelines import (
    PipelineUnavailable,
    default_pipeline,
    installed_pipelines,
    resolve,
    spacy_installed,
)
from .types import DocAnalysis, EntitySpan, Span, Token

RULES = rules.RULES
SETTING_SCOPE = "core"
SETTING_KEY = "nlp.pipeline"

#: Documents parsed by a spaCy pipeline in this process (what the "parsed once" test counts).
stats = {"parsed": 0, "rules": 0}

__all__ = [
    "MEMORY", "RULES", "SETTING_KEY", "SETTING_SCOPE", "DocAnalysis", "EntitySpan", "MemoryCache",
    "PipelineUnavailable", "Span", "Token", "analyse", "analyse_doc", "default_pipeline", "installed_pipelines",
    "analyse_many", "pipeline_id", "resolve", "rule_analysis", "spacy_installed", "stats", "text_key",
]


def rule_analysis(text: str) -> DocAnalysis:
    """The rule analysis of ``text`` (no spaCy)."""
    stats["rules"] += 1
    return rules.analyse(text)


def pipeline_id(package: str) -> str:
    """``"rules"`` or ``"<package>@<version>"`` of an installed pipeline (loads it)."""
    return pipelines.pipeline_id(package)


def analyse_doc(doc, pipeline: str) -> DocAnalysis:
    """The analysis of an already parsed spaCy ``Doc`` (``pipeline`` is its id)."""
    return pipelines.from_doc(doc, pipeline)


def analyse(text: str, pipeline: str | None = RULES, *, cache: bool = True) -> DocAnalysis:
    """The analysis of ``text`` with ``pipeline`` (``"rules"``, a package name, or None for the default).

    Never raises for a string: a pipeline that fails on the text, or is not installed, gives the rule analysis
    (with a warning). Cached in the process's memory when ``cache``.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyse() needs a str, not {type(text).__name__}")
    try:
        package = resolve(pipeline)
    except PipelineUnavailable as exc:
        warnings.warn(f"{exc}; using the rule analysis", stacklevel=2)
        package = RULES
    pid = RULES if package == RULES else pipeline_id(package)
    key = (text_key(text), pid)
    if cache:
        hit = MEMORY.get(key)
        if hit is not None:
            return hit
    if package == RULES:
        a = rule_analysis(text)
    else:
        try:
            doc = pipelines.parse(package, text)
            stats["parsed"] += 1
            a = pipelines.from_doc(doc, pid)
        except Exception as exc:  # noqa: BLE001 - odd text must not break a plugin
            warnings.warn(f"spaCy pipeline {package} failed on a text ({exc!r}); using the rule analysis",
                          stacklevel=2)
            return rule_analysis(text)
    if cache:
        MEMORY.put(key, a)
    return a


def analyse_many(texts, pipeline: str | None = RULES, *, batch_size: int = 16, n_process: int = 1,
                 cache: bool = True):
    """Analyses of ``texts`` in order, parsing what the memory cache lacks with ``nlp.pipe`` (``n_process`` > 1
    uses that many processes). A batch that fails is redone text by text (an odd text gets the rules)."""
    texts = list(texts)
    try:
        package = resolve(pipeline)
    except PipelineUnavailable as exc:
        warnings.warn(f"{exc}; using the rule analysis", stacklevel=2)
        package = RULES
    if package == RULES:
        for t in texts:
            yield analyse(t, RULES, cache=cache)
        return
    pid = pipeline_id(package)
    keys = [(text_key(t), pid) for t in texts]
    results: dict[tuple[str, str], DocAnalysis] = {}
    todo: dict[tuple[str, str], str] = {}
    for k, t in zip(keys, texts):
        if k in results or k in todo:
            continue
        hit = MEMORY.get(k) if cache else None
        if hit is not None:
            results[k] = hit
        else:
            todo[k] = t
    parsed = _parse_stream(package, pid, list(todo.items()), batch_size, n_process)
    for k in keys:
        while k not in results:
            key, a = next(parsed)
            results[key] = a
            if cache:
                MEMORY.put(key, a)
        yield results[k]


def _parse_stream(package, pid, todo, batch_size, n_process):
    """``(key, DocAnalysis)`` for each ``(key, text)`` of ``todo``, in order."""
    done = 0
    try:
        docs = pipelines.parse_many(package, [t for _, t in todo], batch_size=batch_size, n_process=n_process)
        for (key, _), doc in zip(todo, docs):
            stats["parsed"] += 1
            a = pipelines.from_doc(doc, pid)
            done += 1
            yield key, a
    except Exception as exc:  # noqa: BLE001 - redo the rest one by one; odd texts get the rules
        warnings.warn(f"batch analysis failed ({exc!r}); analysing one by one", stacklevel=2)
        for key, t in todo[done:]:
            yield key, analyse(t, package, cache=False)
