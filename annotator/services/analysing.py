"""The project side of the shared analysis: which pipeline a project uses (setting ``core`` / ``nlp.pipeline``),
one document's analysis through the caches (the process's memory, then the project file's ``analysis_cache``
table, then the pipeline), and batch pre-analysis with ``nlp.pipe`` (progress and cancellation through
:class:`annotator.TaskContext`, parses written back in bounded chunks).

The rule analysis is not persisted: recomputing it (about 1 ms a document) is cheaper than reading it back.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence

from .. import analysis as an
from ..analysis import cache, pipelines
from ..model import Document
from ..specs import TaskContext
from ..store import analysis_cache as stored

PHASE = "Analysing texts"
BATCH_SIZE = 16  # texts per nlp.pipe batch
#: Below this many texts to parse, one process (a judgement: a worker's start is then a large share of the work).
MULTIPROCESS_MIN = 64


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


def _lang(pid: str) -> str:
    return pid.split("_", 1)[0] if "_" in pid else "xx"


def _from_blob(package: str, pid: str, blob: bytes) -> an.DocAnalysis | None:
    try:
        doc = cache.doc_from_bytes(blob, pipelines.loaded_vocab(package), _lang(pid))
    except Exception:  # noqa: BLE001 - a damaged row is a cache miss
        return None
    return pipelines.from_doc(doc, pid)


def analysis(project, doc) -> an.DocAnalysis:
    """The analysis of ``doc`` (a Document or its id) with the project's pipeline."""
    text = _text_of(project, doc)
    package = pipeline_of(project)
    if package == an.RULES:
        return an.analyse(text, an.RULES)
    pid = an.pipeline_id(package)
    sha = an.text_key(text)
    key = (sha, pid)
    hit = an.MEMORY.get(key)
    if hit is not None:
        return hit
    blob = stored.get_one(project._store, pid, cache.FORMAT, sha)
    if blob is not None:
        a = _from_blob(package, pid, blob)
        if a is not None and a.text == text:
            an.MEMORY.put(key, a)
            return a
    a = an.analyse(text, package)
    if a.spacy is not None:
        stored.put_many(project._store, pid, cache.FORMAT, [(sha, cache.doc_to_bytes(a.spacy))])
    return a


def default_processes(todo: int) -> int:
    """Processes for parsing ``todo`` texts: 2 when there are enough texts and two cores (never in a frozen
    desktop bundle, where a forked worker would start the application again); ``ANNOTATOR_NLP_PROCESSES``
    overrides."""
    env = os.environ.get("ANNOTATOR_NLP_PROCESSES")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    if getattr(sys, "frozen", False) or todo < MULTIPROCESS_MIN:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def analyze(project, documents: Sequence | None = None, task: TaskContext | None = None, *,
            n_process: int | None = None) -> dict[str, int]:
    """Analyse ``documents`` (Documents or ids; all when None) ahead of use: what neither cache holds is parsed
    with ``nlp.pipe`` and written to the project file in chunks. Returns counts: ``documents``, ``analysed``
    (parsed now), ``cached`` (found in memory or in the file). Raises :class:`annotator.Cancelled` when the task
    is cancelled (what was parsed so far stays cached)."""
    task = task or TaskContext()
    if documents is None:
        documents = project.documents()
    texts = [_text_of(project, d) for d in documents]
    total = len(texts)
    package = pipeline_of(project)
    counts = {"documents": total, "analysed": 0, "cached": 0}
    task.progress(0, total, PHASE)
    if package == an.RULES:
        for i, t in enumerate(texts):
            task.check()
            an.analyse(t, an.RULES)
            task.progress(i + 1, total, PHASE)
        counts["analysed"] = total
        return counts
    pid = an.pipeline_id(package)
    by_sha: dict[str, str] = {}
    for t in texts:
        by_sha.setdefault(an.text_key(t), t)
    missing = [sha for sha in by_sha if (sha, pid) not in an.MEMORY]
    # what the project file holds is read when a plugin asks for it (the memory keeps only the last few hundred)
    in_file = stored.have(project._store, pid, cache.FORMAT, missing)
    todo = [sha for sha in missing if sha not in in_file]
    todo_set = set(todo)
    counts["cached"] = sum(1 for t in texts if an.text_key(t) not in todo_set)
    done = counts["cached"]
    task.progress(done, total, PHASE)
    task.check()
    if not todo:
        return counts
    procs = n_process or default_processes(len(todo))
    pending: list[tuple[str, bytes]] = []
    stream = an.analyse_many([by_sha[s] for s in todo], package, batch_size=BATCH_SIZE, n_process=procs)
    try:
        for sha, a in zip(todo, stream):
            if a.spacy is not None:
                pending.append((sha, cache.doc_to_bytes(a.spacy)))
            counts["analysed"] += 1
            done += 1
            task.progress(done, total, PHASE)
            if len(pending) >= stored.WRITE_CHUNK:
                stored.put_many(project._store, pid, cache.FORMAT, pending)
                pending = []
            task.check()
    finally:
        stream.close()
        if pending:
            stored.put_many(project._store, pid, cache.FORMAT, pending)
    return counts


def cache_summary(project) -> dict[str, dict[str, int]]:
    """What the project file caches, per pipeline id: documents and bytes."""
    return stored.summary(project._store)


def prune_cache(project, *, keep_other_pipelines: bool = False) -> int:
    """Drop cached analyses of texts no longer in the project and (unless told to keep them) of pipelines other
    than the project's current one. Returns the number of rows deleted."""
    shas = {an.text_key(d.text) for d in project.iter_documents()}
    package = pipeline_of(project)
    keep = None if keep_other_pipelines or package == an.RULES else an.pipeline_id(package)
    return stored.prune(project._store, keep, shas)


def clear_cache(project) -> int:
    an.MEMORY.clear()
    return stored.clear(project._store)


def pipeline_choices() -> list[str]:
    """The values ``nlp.pipeline`` may take here: the installed spaCy pipelines and ``"rules"``."""
    return [*an.installed_pipelines(), an.RULES]


def set_pipeline(project, value: str | None) -> str | None:
    """Set the project's pipeline (``None`` or ``""``: back to the default). Refuses, changing nothing, a value
    that is neither ``"rules"`` nor an installed pipeline (:class:`annotator.analysis.PipelineUnavailable`)."""
    value = value or None
    if value is not None:
        if not isinstance(value, str):
            raise an.PipelineUnavailable(f"nlp.pipeline must be a pipeline name or 'rules', not {value!r}")
        an.resolve(value)
    project.set_setting(an.SETTING_SCOPE, an.SETTING_KEY, value)
    return value
