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
    "pipeline_id", "resolve", "rule_analysis", "spacy_installed", "stats", "text_key",
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
