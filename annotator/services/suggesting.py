"""Pre-annotation: run suggester plugins over documents and store what they propose as one undoable step.

Proposals that duplicate an existing annotation (same document, offsets, layer and label, whatever its
status) are dropped, so accepted work is never overwritten and a rejected suggestion never comes back.

Failures stay small (:mod:`annotator.services.validation` does the checks):

- every proposal is validated; a bad one is refused and reported (plugin, item, reason), the others are stored;
- a suggester that raises is run again one document at a time, so the documents it fails on are reported
  (id, title, error) and the others still get its proposals; it is disabled only when it fails as a whole
  (:class:`~annotator.services.validation.FailurePolicy`);
- the suggester runs in a watched thread: when the user cancels, the run returns within
  :data:`STOP_GRACE` seconds even if the plugin never calls ``task.check()``; such a plugin is named in the
  report, abandoned (its late output is thrown away) and disabled for the session. A cancelled run stores
  nothing of the unfinished suggester.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from ..ids import new_id, now
from ..specs import Cancelled, EntitySuggestion, LinkSuggestion, SpanSuggestion, TaskContext
from .validation import (
    FailurePolicy,
    Invalid,
    check_entity_suggestion,
    check_link_suggestion,
    check_span_suggestion,
    check_text,
    describe,
    exc_text,
)

STOP_GRACE = 0.5  # seconds a suggester has, after Cancel, to notice it (task.check()) before it is abandoned
WATCH = True  # run suggesters in a watched thread (False: in the caller's thread, for debugging)


@dataclass
class SuggestReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # suggester -> {annotations, links, ...}
    errors: dict[str, str] = field(default_factory=dict)  # suggester -> why it produced nothing
    failed_documents: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # suggester -> id, title, error
    refused: dict[str, list[str]] = field(default_factory=dict)  # suggester -> "item: reason"
    stuck: list[str] = field(default_factory=list)  # suggesters abandoned after Cancel
    cancelled: bool = False

    def summary(self) -> str:
        parts = []
        for name, c in self.counts.items():
            bits = ", ".join(f"{v} {k}" for k, v in c.items() if v and k not in ("duplicates", "refused"))
            dup = f" ({c['duplicates']} already in the project)" if c.get("duplicates") else ""
            ref = f"; {c['refused']} invalid proposal(s) refused" if c.get("refused") else ""
            parts.append(f"{name}: {bits or 'nothing new'}{dup}{ref}")
        for name, docs in self.failed_documents.items():
            if name not in self.errors:
                parts.append(f"{name}: failed on {len(docs)} document(s)")
        for name, err in self.errors.items():
            parts.append(f"{name}: FAILED ({err})")
        if self.cancelled:
            parts.append("cancelled: nothing stored from the unfinished suggester")
        return "; ".join(parts) or "no suggesters"

    def problems(self) -> list[str]:
        """One line per refused proposal, failed document and stuck plugin (what the CLI prints as warnings)."""
        out = []
        for name, docs in self.failed_documents.items():
            for d in docs:
                out.append(f"suggester {name} failed on document {d['id']} ({d['title']!r}): {d['error']}")
        for name, items in self.refused.items():
            for reason in items:
                out.append(f"suggester {name}: refused {reason}")
        for name in self.stuck:
            out.append(f"suggester {name} did not stop within {STOP_GRACE:g} s of Cancel (it never calls "
                       "task.check()): abandoned and disabled for this session")
        return out


class SuggestionError(ValueError):
    pass


class Stuck(Exception):
    """A suggester did not notice Cancel within :data:`STOP_GRACE` seconds."""


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
    host = project.host
    for suggester in chosen:
        if task.cancelled:
            report.cancelled = True
            break
        if not host.active(suggester.plugin):
            continue
        settings = project.settings(suggester.plugin)
        sub = TaskContext(task._progress, task._cancelled, settings)
        try:
            items, failures, whole = _collect_watched(project, suggester, docs, sub)
        except Cancelled:
            report.cancelled = True
            break
        except Stuck as exc:
            host.fail(suggester.plugin, f"suggester {suggester.name}", exc)
            report.stuck.append(suggester.name)
            report.errors[suggester.name] = str(exc)
            report.cancelled = True
            break
        where = f"suggester {suggester.name}"
        if whole is not None:  # raised before it could be given any document
            FailurePolicy.failed(host, suggester.plugin, where, whole)
            report.errors[suggester.name] = exc_text(whole)
            continue
        for doc, exc in failures:
            FailurePolicy.failed(host, suggester.plugin, f"{where} on document {doc.id}", exc)
        if failures:
            report.failed_documents[suggester.name] = [
                {"id": d.id, "title": d.title, "error": exc_text(e)} for d, e in failures]
        if docs and len(failures) == len(docs):
            report.errors[suggester.name] = f"failed on every document: {exc_text(failures[0][1])}"
            continue
        FailurePolicy.succeeded(host, suggester.plugin)
        refused: list[str] = []
        report.counts[suggester.name] = store_suggestions(project, suggester.plugin, items, docs, refused)
        if refused:
            report.refused[suggester.name] = refused
    return report


def _collect_isolated(project, suggester, docs, task):
    """(proposals, [(document, exception)], exception of a run without documents or None)."""
    try:
        return list(suggester.suggest(project, docs, task)), [], None
    except Cancelled:
        raise
    except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
        if not docs:
            return [], [], exc
        if len(docs) == 1:
            return [], [(docs[0], exc)], None
    items, failures = [], []
    for doc in docs:  # again one document at a time: find the ones it fails on
        task.check()
        try:
            items.extend(suggester.suggest(project, [doc], task))
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001
            failures.append((doc, exc))
    return items, failures, None


def _collect_watched(project, suggester, docs, task):
    """:func:`_collect_isolated` in a daemon thread with its own connection to the project, so that Cancel
    returns within :data:`STOP_GRACE` seconds whatever the plugin does."""
    if not WATCH:
        return _collect_isolated(project, suggester, docs, task)
    box: dict[str, Any] = {}

    def work() -> None:
        own = None
        try:
            own = project.reopen()
            box["result"] = _collect_isolated(own, suggester, docs, task)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = exc
        finally:
            if own is not None:
                try:
                    own.close()
                except Exception:  # noqa: BLE001
                    pass

    thread = threading.Thread(target=work, name=f"suggester {suggester.name}", daemon=True)
    thread.start()
    cancel_seen = None
    while thread.is_alive():
        thread.join(0.02)
        if task.cancelled and thread.is_alive():
            cancel_seen = cancel_seen or time.monotonic()
            if time.monotonic() - cancel_seen >= STOP_GRACE:
                raise Stuck(f"suggester {suggester.name} of plugin {suggester.plugin} did not stop within "
                            f"{STOP_GRACE:g} s of Cancel (it does not call task.check()); it was abandoned")
    if "error" in box:
        raise box["error"]
    return box["result"]


def store_suggestions(project, origin: str, proposals: list[Any], docs, refused: list[str] | None = None
                      ) -> dict[str, int]:
    """Validate proposals and store the valid new ones in one undo step. Returns counts.

    A proposal that fails a check is left out and described in ``refused`` (``"item: reason"``)."""
    from ..model import Annotation, Entity, Link

    refused = refused if refused is not None else []
    doc_ids = [d.id for d in docs]
    existing = project.span_keys(doc_ids)
    layers = project.layers()
    by_key: dict[str, str] = {}
    t = now()
    author = project.author
    anns, links, entities, updates = [], [], [], []
    counts = {"annotations": 0, "links": 0, "entities": 0, "duplicates": 0}
    texts: dict[str, str | None] = {d.id: d.text for d in docs}

    def text_len(doc_id) -> int | None:
        if doc_id not in texts:
            doc = project.document(doc_id)
            texts[doc_id] = doc.text if doc is not None else None
        text = texts[doc_id]
        return None if text is None else len(text)

    def refuse(p, exc: Invalid) -> None:
        refused.append(f"{exc.item}: {exc.reason}")

    def extras(p) -> dict[str, Any]:
        attrs = dict(p.attributes or {})
        if p.reason:
            attrs["_reason"] = p.reason
        if p.score is not None:
            attrs["_score"] = round(float(p.score), 4)
        return attrs

    for p in proposals:
        if isinstance(p, (SpanSuggestion, LinkSuggestion, EntitySuggestion)):
            continue
        refused.append(f"{describe(p)}: not a SpanSuggestion, LinkSuggestion or EntitySuggestion")
    for p in proposals:
        if not isinstance(p, SpanSuggestion):
            continue
        item = describe(p)
        try:
            check_text(p.document_id, item, "document_id")
            length = text_len(p.document_id)
            if length is None:
                raise Invalid(item, f"document {p.document_id!r} is not in the project")
            check_span_suggestion(p, layers, length, item)
        except Invalid as exc:
            refuse(p, exc)
            continue
        key = (p.document_id, p.start, p.end, p.layer, p.label)
        if key in existing:
            counts["duplicates"] += 1
            if p.key:  # a link may still want this span as an end: reuse the stored annotation
                found = project._store.find_annotation(p.document_id, p.start, p.end, p.layer, p.label)
                if found is not None:
                    by_key[p.key] = found.id
            continue
        existing.add(key)
        ann_id = new_id()
        anns.append(Annotation(ann_id, p.document_id, p.start, p.end, p.layer, p.label, extras(p), author, origin,
                               "suggested", t, t))
        if p.key:
            by_key[p.key] = ann_id
    ann_by_id = {a.id: a for a in anns}
    existing_links = {(l.source_id, l.target_id, l.layer, l.label) for l in project.links()}
    for p in proposals:
        if not isinstance(p, LinkSuggestion):
            continue
        item = describe(p)
        try:
            check_link_suggestion(p, layers, item)
            src, dst = by_key.get(p.source, p.source), by_key.get(p.target, p.target)
            for end in (src, dst):
                if end not in ann_by_id and project.annotation(end) is None:
                    raise Invalid(item, f"link end {end!r} is neither a stored annotation nor a span key")
            if src == dst:
                raise Invalid(item, "a link needs two different ends (it links an annotation to itself)")
        except Invalid as exc:
            refuse(p, exc)
            continue
        if (src, dst, p.layer, p.label) in existing_links or (dst, src, p.layer, p.label) in existing_links:
            counts["duplicates"] += 1
            continue
        existing_links.add((src, dst, p.layer, p.label))
        links.append(Link(new_id(), p.layer, p.label, src, dst, extras(p), author, origin, "suggested", t, t))
    known_entities = {(e.canonical_name, e.label): e for e in project.entities()}
    for p in proposals:
        if not isinstance(p, EntitySuggestion):
            continue
        item = describe(p)
        try:
            check_entity_suggestion(p, item)
        except Invalid as exc:
            refuse(p, exc)
            continue
        name = p.canonical_name.strip()
        ent = known_entities.get((name, p.label))
        if ent is None:
            attrs = {"_reason": p.reason} if p.reason else {}
            if p.score is not None:
                attrs["_score"] = round(float(p.score), 4)
            ent = Entity(new_id(), name, p.label, p.qid, list(p.aliases), "", attrs, author, origin,
                         "suggested", t, t)
            entities.append(ent)
            known_entities[(name, p.label)] = ent
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
                    refused.append(f"{item}: mention {mention!r} is not an annotation (mention left out)")
                    continue
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
    counts.update(annotations=len(anns), links=len(links), entities=len(entities), assigned=len(seen_updates),
                  refused=len(refused))
    return counts
