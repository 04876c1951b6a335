"""The spaCy back end (optional extra ``nlp``): any installed spaCy pipeline with an ``ner`` component.

spaCy is imported only when this back end runs or lists pipelines, never when the plugin loads. Pipelines are
loaded once per process (behind a lock, so a worker thread and the window share them) with only ``ner`` and the
components it listens to enabled. Its labels are mapped to the tagger's (:data:`SPACY_LABELS`); numbers, money
and percentages are dropped. Spans are trimmed of a leading "the" and a trailing possessive, as the gold set
and the rule back end have them.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterable

from .rules import Found

SPACY_LABELS: dict[str, str | None] = {
    "PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "DATE": "DATE",
    "TIME": "DATE", "EVENT": "EVENT", "FAC": "LOC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "MISC": "MISC",
    "CARDINAL": None, "ORDINAL": None, "QUANTITY": None, "MONEY": None, "PERCENT": None,
}
_LEADING = ("the ", "The ")
_TRAILING = ("'s", "’s", "'", "’")

_lock = threading.Lock()
_pipelines: dict[str, object] = {}


class BackendUnavailable(RuntimeError):
    """spaCy or the chosen pipeline is not installed (the message says what to install)."""


def spacy_installed() -> bool:
    return importlib.util.find_spec("spacy") is not None


def installed_pipelines() -> list[str]:
    """Names of installed spaCy pipeline packages that have an ``ner`` component ([] without spaCy)."""
    if not spacy_installed():
        return []
    import spacy.util

    out = []
    for name in sorted(spacy.util.get_installed_models()):
        try:
            pipes = _pipeline_components(name)
        except Exception:  # a broken package is not offered
            continue
        if "ner" in pipes:
            out.append(name)
    return out


def _pipeline_components(name: str) -> list[str]:
    import json

    import spacy.util

    path = spacy.util.get_package_path(name)
    for meta_path in [path / "meta.json", *path.glob("*/meta.json")]:
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return list(meta.get("pipeline") or meta.get("components") or [])
    return []


def load(name: str):
    """The pipeline ``name`` with only ``ner`` (and what it listens to) enabled; cached per process."""
    with _lock:
        if name in _pipelines:
            return _pipelines[name]
        if not spacy_installed():
            raise BackendUnavailable(
                "the spaCy back end needs the optional extra: pip install 'annotator-workbench[nlp]' "
                "(or choose the rules back end in the entity tagger's settings)")
        import spacy

        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise BackendUnavailable(
                f"spaCy pipeline {name!r} is not installed ({exc}); installed pipelines with ner: "
                f"{', '.join(installed_pipelines()) or 'none'}") from None
        if "ner" not in nlp.pipe_names:
            raise BackendUnavailable(f"spaCy pipeline {name!r} has no ner component")
        needed = {"ner"}
        for pipe_name, pipe in nlp.pipeline:
            if "ner" in (getattr(pipe, "listening_components", None) or []):
                needed.add(pipe_name)
        nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in needed])
        _pipelines[name] = nlp
        return nlp


def known_label(surface: str) -> str | None:
    from .lexicon import GPE, LOC, ORG_NAMES, lookup

    if lookup(GPE, surface):
        return "GPE"
    if lookup(ORG_NAMES, surface):
        return "ORG"
    if lookup(LOC, surface):
        return "LOC"
    return None


def map_label(label: str, extra: dict[str, str | None] | None = None) -> str | None:
    mapping = {**SPACY_LABELS, **(extra or {})}
    return mapping.get(label, "MISC")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    for lead in _LEADING:
        if span.startswith(lead) and end - start > len(lead):
            start += len(lead)
            span = text[start:end]
    for tail in _TRAILING:
        if span.endswith(tail) and end - start > len(tail):
            end -= len(tail)
            span = text[start:end]
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def tag_texts(texts: Iterable[str], model: str, *, extra_labels: dict[str, str | None] | None = None,
              check: Callable[[], None] | None = None, progress: Callable[[int], None] | None = None,
              batch_size: int = 16, relabel_known: bool = True) -> list[list[Found]]:
    """Run the pipeline over ``texts``; returns the mapped entity spans of each text. With ``relabel_known`` a
    span whose text is in the built-in lists of countries, cities and organisations takes that label
    ("MINSK" is a GPE, "BelTA" an ORG, whatever the model says)."""
    nlp = load(model)
    out: list[list[Found]] = []
    texts = list(texts)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=batch_size)):
        if check:
            check()
        found = []
        for ent in doc.ents:
            label = map_label(ent.label_, extra_labels)
            if label is None:
                continue
            start, end = _trim(texts[i], ent.start_char, ent.end_char)
            if end <= start:
                continue
            reason = f"spaCy {model} {ent.label_}"
            if relabel_known:
                known = known_label(texts[i][start:end])
                if known and known != label:
                    label, reason = known, f"{reason}, relabelled {known} (built-in list)"
            found.append(Found(start, end, label, 0.8, reason))
        out.append(found)
        if progress:
            progress(i + 1)
    return out
