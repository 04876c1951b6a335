"""Pre-annotation: run suggester plugins over documents and store what they propose as one undoable step.

Proposals that duplicate an existing annotation (same document, offsets, layer and label, whatever its
status) are dropped, so accepted work is never overwritten and a rejected suggestion never comes back.
A raising suggester is reported and disabled; a cancelled run stores nothing. The run's first phase analyses the
documents once for every suggester (:meth:`annotator.Project.analyze`, progress message "Analysing texts").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..ids import new_id, now
from ..specs import Cancelled, EntitySuggestion, LinkSuggestion, SpanSuggestion, TaskContext


@dataclass
class SuggestReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # plugin -> {annotations, links, ...}
    errors: dict[str, str] = field(default_factory=dict)
    cancelled: bool = False

    def summary(self) -> str:
        parts = []
        for name, c in self.counts.items():
            bits = ", ".join(f"{v} {k}" for k, v in c.items() if v and k != "duplicates")
            dup = f" ({c['duplicates']} already in the project)" if c.get("duplicates") else ""
            parts.append(f"{name}: {bits or 'nothing new'}{dup}")
        for name, err in self.errors.items():
            parts.append(f"{name}: FAILED ({err})")
        if self.cancelled:
            parts.append("cancelled: nothing stored from the unfinished suggester")
        return "; ".join(parts) or "no suggesters"


class SuggestionError(ValueError):
    pass


def run_suggesters(project, plugin: str | None, document_ids, task: TaskContext) -> SuggestReport:
    suggesters = project.suggesters()
    if plugin is not None:
        chosen = [s for s in suggesters.values() if s.plugin == plugin or s.name == plugin]
        if not chosen:
            known = ", ".join(sorted(suggesters)) or "none"
            raise SuggestionError(f"no suggester named {plugin!r} (available: {known})")
    else:
        chosen = list(suggesters.values())
    docs = project.documents(list(document_ids) if document_ids else None)
    if document_ids and len(docs) != len(set(document_ids)):
        missing = set(document_ids) - {d.id for d in docs}
        raise SuggestionError(f"no such document(s): {', '.join(sorted(missing))}")
    report = SuggestReport()
    if chosen and docs:  # phase 1: the shared analysis, parsed once for every suggester ("Analysing texts")
        try:
            project.analyze(docs, task)
        except Cancelled:
            report.cancelled = True
            return report
        except Exception as exc:  # noqa: BLE001 - suggesters still run; they analyse on demand
            report.errors["analysis"] = repr(exc)
    for suggester in chosen:
        settings = project.settings(suggester.plugin)
        sub = TaskContext(task._progress, task._cancelled, settings)
        ok, result = project.host.guard(suggester.plugin, f"suggester {suggester.name}", _collect, suggester,
                                        project, docs, sub)
        if not ok:
            report.errors[suggester.name] = repr(result)
            continue
        if isinstance(result, Cancelled):
            report.cancelled = True
            break
        try:
            report.counts[suggester.name] = store_suggestions(project, suggester.plugin, result, docs)
        except SuggestionError as exc:
            project.host.fail(suggester.plugin, f"suggester {suggester.name}", exc)
            report.errors[suggester.name] = str(exc)
    return report


def _collect(suggester, project, docs, task):
    try:
        return list(suggester.suggest(project, docs, task))
    except Cancelled as exc:
        return exc


def store_suggestions(project, origin: str, proposals: list[Any], docs) -> dict[str, int]:
    """Validate proposals and store the new ones in one undo step. Returns counts."""
    doc_ids = [d.id for d in docs]
    existing = project.span_keys(doc_ids)
    layers = project.layers()
    by_key: dict[str, str] = {}
    t = now()
    author = project.author
    anns, links, entities, updates = [], [], [], []
    counts = {"annotations": 0, "links": 0, "entities": 0, "duplicates": 0}
    texts = {d.id: d.text for d in docs}

    def text_of(doc_id):
        if doc_id not in texts:
            texts[doc_id] = project.text(doc_id)
        return texts[doc_id]

    for p in proposals:
        if not isinstance(p, SpanSuggestion):
            continue
        spec = layers.get(p.layer)
        if spec is None or spec.kind != "span":
            raise SuggestionError(f"suggested layer {p.layer!r} is not a declared span layer")
        text = text_of(p.document_id)
        if not 0 <= p.start < p.end <= len(text):
            raise SuggestionError(f"suggested span {p.start}-{p.end} is outside document {p.document_id}")
        key = (p.document_id, p.start, p.end, p.layer, p.label)
        if key in existing:
            counts["duplicates"] += 1
            if p.key:  # a link may still want this span as an end: reuse the stored annotation
                found = project._store.find_annotation(p.document_id, p.start, p.end, p.layer, p.label)
                if found is not None:
                    by_key[p.key] = found.id
            continue
        existing.add(key)
        attrs = dict(p.attributes)
        if p.reason:
            attrs["_reason"] = p.reason
        if p.score is not None:
            attrs["_score"] = round(float(p.score), 4)
        ann_id = new_id()
        from ..model import Annotation

        anns.append(Annotation(ann_id, p.document_id, p.start, p.end, p.layer, p.label, attrs, author, origin,
                               "suggested", t, t))
        if p.key:
            by_key[p.key] = ann_id
    ann_by_id = {a.id: a for a in anns}
    existing_links = {(l.source_id, l.target_id, l.layer, l.label) for l in project.links()}
    for p in proposals:
        if not isinstance(p, LinkSuggestion):
            continue
        src, dst = by_key.get(p.source, p.source), by_key.get(p.target, p.target)
        for end in (src, dst):
            if end not in ann_by_id and project.annotation(end) is None:
                raise SuggestionError(f"suggested link end {end!r} is neither a stored annotation nor a span key")
        spec = layers.get(p.layer)
        if spec is None or spec.kind != "link":
            raise SuggestionError(f"suggested link layer {p.layer!r} is not a declared link layer")
        if (src, dst, p.layer, p.label) in existing_links or (dst, src, p.layer, p.label) in existing_links:
            counts["duplicates"] += 1
            continue
        existing_links.add((src, dst, p.layer, p.label))
        attrs = dict(p.attributes)
        if p.reason:
            attrs["_reason"] = p.reason
        if p.score is not None:
            attrs["_score"] = round(float(p.score), 4)
        from ..model import Link

        links.append(Link(new_id(), p.layer, p.label, src, dst, attrs, author, origin, "suggested", t, t))
    known_entities = {(e.canonical_name, e.label): e for e in project.entities()}
    for p in proposals:
        if not isinstance(p, EntitySuggestion):
            continue
        ent = known_entities.get((p.canonical_name, p.label))
        if ent is None:
            from ..model import Entity

            attrs = {"_reason": p.reason} if p.reason else {}
            if p.score is not None:
                attrs["_score"] = round(float(p.score), 4)
            ent = Entity(new_id(), p.canonical_name, p.label, p.qid, list(p.aliases), "", attrs, author, origin,
                         "suggested", t, t)
            entities.append(ent)
            known_entities[(p.canonical_name, p.label)] = ent
        for mention in p.mentions:
            ann_id = by_key.get(mention, mention)
            if ann_id in ann_by_id:
                a = ann_by_id[ann_id]
                if "entity_id" not in a.attributes:
                    ann_by_id[ann_id] = replace(a, attributes={**a.attributes, "entity_id": ent.id,
                                                               "canonical_name": ent.canonical_name})
            else:
                a = project.annotation(ann_id)
                if a is None:
                    raise SuggestionError(f"entity mention {mention!r} is not an annotation")
                if a.attributes.get("entity_id"):
                    continue  # never overwrite a researcher's (or an earlier) assignment
                updates.append(replace(a, attributes={**a.attributes, "entity_id": ent.id,
                                                      "canonical_name": ent.canonical_name}, modified_at=t))
    anns = [ann_by_id[a.id] for a in anns]
    changes = [("entity", "create", None, e) for e in entities]
    changes += [("annotation", "create", None, a) for a in anns]
    changes += [("link", "create", None, l) for l in links]
    seen_updates = set()
    for a in updates:
        if a.id in seen_updates:
            continue
        seen_updates.add(a.id)
        changes.append(("annotation", "update", project.annotation(a.id), a))
    if changes:
        project._commit(changes)
    counts.update(annotations=len(anns), links=len(links), entities=len(entities), assigned=len(seen_updates))
    return counts
