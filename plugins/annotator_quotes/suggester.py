"""The suggesters: ``quote-marker`` proposes quotes (with kind, speaker, cue) and same-statement links;
``same-statement`` proposes links only, between the quotes the project already holds (after a researcher has
corrected them).

Quotes overlapping a quote the project already has (whatever its status) are not proposed again: a
researcher's correction of offsets or a rejection is never undone by a re-run. The ``entity`` layer's
mentions (when the entity tagger or a researcher made them) name speakers and carry their ``entity_id``; the
shared analysis (``project.analysis(doc)``) gives the dependency parse the attribution reads first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from annotator import LinkSuggestion, SpanSuggestion

from .detect import detect_quotes
from .layers import QUOTE, SAME
from .names import layer_mentions
from .similarity import QuoteRef, same_statements


def parse_of(project, doc):
    """The shared analysis's spaCy parse of a document (None with the rule analysis): speakers then come from
    the dependency parse, and its named entities stand in when the project has no entity layer."""
    analysis = project.analysis(doc)
    return analysis.spacy if analysis.has_parse else None


def registry_of(project) -> list[tuple[str, list[str]]]:
    """(entity id, names) of every entity not rejected: for matching speakers' names."""
    return [(e.id, [e.canonical_name, *e.aliases]) for e in project.entities() if e.status != "rejected"]


def stored_quotes(project, document_ids: Sequence[str] | None = None) -> list[QuoteRef]:
    """The project's quote annotations (not rejected) as :class:`QuoteRef`."""
    out = []
    for a in project.annotations(layer=QUOTE):
        if a.status == "rejected" or (document_ids is not None and a.document_id not in document_ids):
            continue
        attrs = a.attributes or {}
        out.append(QuoteRef(a.id, a.document_id, project.text(a.document_id)[a.start:a.end],
                            attrs.get("speaker") or "", attrs.get("speaker_entity_id"), attrs.get("kind") or "direct"))
    return out


def suggest_quotes(project, documents, task) -> Iterator:
    registry = registry_of(project)
    existing = {}
    for a in project.annotations(layer=QUOTE):
        existing.setdefault(a.document_id, []).append(a)
    run_ids = {d.id for d in documents}
    refs: list[QuoteRef] = []
    handles: set[str] = set()
    for i, doc in enumerate(documents):
        task.check()
        mentions = layer_mentions(project.annotations(document_id=doc.id, layer="entity"))
        stored = existing.get(doc.id, [])
        for q in detect_quotes(doc.text, mentions, registry, parse=parse_of(project, doc)):
            overlap = [a for a in stored if a.start < q.end and q.start < a.end]
            if overlap:
                a = overlap[0]
                if a.status != "rejected":  # already marked: match it as stored
                    attrs = a.attributes or {}
                    refs.append(QuoteRef(a.id, doc.id, doc.text[a.start:a.end], attrs.get("speaker") or "",
                                         attrs.get("speaker_entity_id"), attrs.get("kind") or "direct"))
                    handles.add(a.id)
                continue
            key = f"quote:{doc.id}:{q.start}:{q.end}"
            yield SpanSuggestion(doc.id, q.start, q.end, QUOTE, QUOTE, q.attributes(), score=q.score,
                                 reason=q.reason, key=key)
            refs.append(QuoteRef(key, doc.id, q.text, q.speaker, q.speaker_entity_id, q.kind))
            handles.add(key)
        task.progress(i + 1, len(documents), doc.title)
    others = [r for r in stored_quotes(project) if r.document_id not in run_ids]
    yield from _links(refs + others, handles, project)


def suggest_links(project, documents, task) -> Iterator:
    task.progress(0, 1, "comparing quotes across outlets")
    ids = {d.id for d in documents}
    refs = stored_quotes(project)
    task.check()
    yield from _links(refs, {r.handle for r in refs if r.document_id in ids}, project)
    task.progress(1, 1, "")


def _links(refs: list[QuoteRef], handles: set[str], project) -> Iterator[LinkSuggestion]:
    linked = {(l.source_id, l.target_id) for l in project.links(layer=SAME)}
    for a, b, score, reason in same_statements(refs, must_include=handles):
        if (a.handle, b.handle) in linked or (b.handle, a.handle) in linked:
            continue
        yield LinkSuggestion(SAME, SAME, a.handle, b.handle, {"similarity": score}, score=score, reason=reason)
