"""Working as a team with one file per annotator: ``assign`` writes a copy of a project per annotator (same
documents and ids; annotations kept, stripped, or turned into suggestions to review), ``merge`` brings their copies
back into one project, every annotation attributed, nothing duplicated, links and entity records included.

Merging goes through the same path as importing a dataset (:func:`annotator.services.importing.store_batch`): an id
the team project already holds is left alone when identical, updated from a newer copy (by ``modified_at``,
author kept) and reported as a conflict otherwise, so merging is repeatable (a second merge adds nothing) and the
result does not depend on the order of the inputs. The other way of working, one shared file, needs nothing here:
each annotator's edits carry their ``author`` and the window can show one annotator's at a time (Team › Show
annotations of).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..specs import ImportBatch, NewDocument
from ..store import copies

SUFFIX = ".annotator"
ASSIGNED_TO = "assigned_to"


class TeamError(ValueError):
    """A team operation that cannot be done as asked (the message says why); nothing was written."""


def _safe_name(name: str) -> str:
    clean = re.sub(r"[^\w.@-]+", "_", name.strip())
    if not clean or clean in (".", ".."):
        raise TeamError(f"{name!r} is not usable as an annotator name in a file name")
    return clean


def assign(project, annotators: Sequence[str], out_dir: Path | None = None, *,
           documents: Sequence[str] | None = None, mode: str = "strip") -> list[Path]:
    """Write ``<project>-<annotator>.annotator`` for each annotator beside the project (or in ``out_dir``)."""
    names = [a.strip() for a in annotators if a.strip()]
    if not names:
        raise TeamError("name at least one annotator (--to alice,bob)")
    if len(set(names)) != len(names):
        raise TeamError("an annotator is named twice")
    if mode not in copies.MODES:
        raise TeamError(f"unknown mode {mode!r} (one of {', '.join(copies.MODES)})")
    known = {d["id"] for d in project.document_summaries()}
    if documents:
        missing = [d for d in documents if d not in known]
        if missing:
            raise TeamError(f"no document {missing[0]!r} in the project" + (f" (and {len(missing) - 1} more)"
                                                                            if len(missing) > 1 else ""))
    out_dir = Path(out_dir) if out_dir else project.path.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / f"{project.path.stem}-{_safe_name(n)}{SUFFIX}" for n in names]
    for t in targets:
        if t.exists():
            raise TeamError(f"{t} exists already (move it away or choose another --output folder)")
    made = []
    from .project import Project

    try:
        for name, target in zip(names, targets):
            copies.backup(project._store, target)
            made.append(target)
            copy = Project(target, host=project.host, author=name)
            try:
                copies.prune(copy._store, documents=documents or None, mode=mode)
                copy._store.set_meta(ASSIGNED_TO, name)
            finally:
                copy.close()
    except BaseException:
        for t in made:  # all or nothing
            for p in (t, t.with_name(t.name + "-wal"), t.with_name(t.name + "-shm")):
                p.unlink(missing_ok=True)
        raise
    return made


@dataclass
class MergeReport:
    inputs: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def added(self) -> dict[str, int]:
        out = {"documents": 0, "annotations": 0, "links": 0, "entities": 0, "updated": 0}
        for i in self.inputs:
            for k in out:
                out[k] += i.get(k, 0)
        return out


def batch_of(source) -> ImportBatch:
    """Everything of a project (documents with their ids and raw bytes, annotations, links, entity records) as one
    import batch: what a merge brings into the team project."""
    batch = ImportBatch()
    for d in source.documents():
        full = source.document(d.id, with_raw=True)
        batch.documents.append(NewDocument(
            text=full.text, title=full.title, source=full.source, published=full.published, url=full.url,
            language=full.language, raw=full.raw, encoding=full.encoding, meta=dict(full.meta), id=full.id,
            clean=False, imported_at=full.imported_at))
    batch.annotations = list(source.annotations())
    batch.links = list(source.links())
    batch.entities = list(source.entities())
    return batch


def merge(target, inputs: Sequence[Path]) -> MergeReport:
    """Merge each input project into ``target`` (an open project). The inputs' contents are only read (opening
    one applies pending schema migrations, as any open does)."""
    from .project import Project

    report = MergeReport()
    paths = [Path(p) for p in inputs]
    for p in paths:
        if not p.is_file():
            raise TeamError(f"no project file at {p}")
        if p.resolve() == Path(target.path).resolve():
            raise TeamError(f"{p} is the output project itself")
    for p in sorted(paths, key=lambda p: str(p)):
        src = Project(p, host=target.host)
        try:
            batch = batch_of(src)
        finally:
            src.close()
        stored = target.store_batch(batch)
        report.inputs.append({"path": str(p), **{k: stored.get(k, 0) for k in
                                                ("documents", "annotations", "links", "entities", "updated")}})
        # "already in the project" for documents is expected (every copy holds them); anything else is a conflict
        report.conflicts.extend(f"{p.name}: {c}" for c in stored.get("duplicates", ()) if not c.startswith("document "))
    return report
