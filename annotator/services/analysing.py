"""The project side of the shared analysis: which pipeline a project uses (setting ``core`` / ``nlp.pipeline``),
one document's analysis through the caches (process memory, then the project's persistent cache), and batch
pre-analysis with ``nlp.pipe`` (progress and cancellation through :class:`annotator.TaskContext`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from .. import analysis as an
from ..model import Document
from ..specs import TaskContext

BATCH_SIZE = 16
PHASE = "Analysing texts"


def pipeline_of(project) -> str:
    """The installed package (or ``"rules"``) the project's setting names; an unavailable one falls back to
    the rules with a warning (the project still works on a machine without spaCy)."""
    value = project.get_setting(an.SETTING_SCOPE, an.SETTING_KEY, None)
    try:
        return an.resolve(value)
    except an.PipelineUnavailable as exc:
        warnings.warn(f"{exc}; using the rule analysis", stacklevel=3)
        return an.RULES


def _text_of(project, doc) -> str:
    if isinstance(doc, Document):
        return doc.text
    if isinstance(doc, str):
        return project.text(doc)
    raise TypeError(f"analysis() needs a Document or a document id, not {type(doc).__name__}")


def analysis(project, doc) -> an.DocAnalysis:
    """The analysis of ``doc`` (a Document or its id) with the project's pipeline."""
    text = _text_of(project, doc)
    package = pipeline_of(project)
    if package == an.RULES:
        return an.analyse(text, an.RULES)
    pid = an.pipeline_id(package)
    key = (an.text_key(text), pid)
    hit = an.MEMORY.get(key)
    if hit is not None:
        return hit
    return an.analyse(text, package)


def analyze(project, documents: Sequence | None = None, task: TaskContext | None = None) -> dict[str, int]:
    """Analyse ``documents`` (Documents or ids; all when None) ahead of use, in batches with ``nlp.pipe``.
    Returns counts: ``analysed`` (parsed now), ``cached`` (already done), ``documents``."""
    task = task or TaskContext()
    if documents is None:
        documents = project.documents()
    texts = [_text_of(project, d) for d in documents]
    package = pipeline_of(project)
    counts = {"documents": len(texts), "analysed": 0, "cached": 0}
    if package == an.RULES:
        for i, t in enumerate(texts):
            task.check()
            an.analyse(t, an.RULES)
            task.progress(i + 1, len(texts), PHASE)
        counts["analysed"] = len(texts)
        return counts
    pid = an.pipeline_id(package)
    todo: list[tuple[tuple[str, str], str]] = []
    seen = set()
    for t in texts:
        key = (an.text_key(t), pid)
        if key in seen or an.MEMORY.get(key) is not None:
            counts["cached"] += 1
            continue
        seen.add(key)
        todo.append((key, t))
    done = counts["cached"]
    task.progress(done, len(texts), PHASE)
    from ..analysis import pipelines

    for start in range(0, len(todo), BATCH_SIZE):
        task.check()
        chunk = todo[start:start + BATCH_SIZE]
        try:
            docs = list(pipelines.parse_many(package, [t for _, t in chunk], batch_size=BATCH_SIZE))
        except Exception:  # noqa: BLE001 - one odd text: parse the chunk one by one
            docs = [None] * len(chunk)
        for (key, t), doc in zip(chunk, docs):
            if doc is None:
                an.analyse(t, package)
            else:
                an.stats["parsed"] += 1
                an.MEMORY.put(key, an.analyse_doc(doc, pid))
            counts["analysed"] += 1
        done += len(chunk)
        task.progress(done, len(texts), PHASE)
    return counts
