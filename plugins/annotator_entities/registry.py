"""The entity registry as the researcher works with it (headless; the panel is a view over this).

- :func:`entity_rows`: every entity with its mentions counted per document and per outlet, and
  :func:`outlet_table`: who each outlet names and how often;
- review operations that build on the core's registry methods, each one undo step: :func:`confirm`,
  :func:`reject`, :func:`merge` (the most-mentioned entity is kept and the result is accepted), :func:`split`,
  :func:`rename` (the old name becomes an alias), :func:`set_qid`, :func:`set_note`, :func:`delete`;
- :func:`cluster_now`: the clustering step alone, applied at once with ``project.batch()``, for mentions tagged
  by hand since the last pre-annotation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotator import EditError

from . import LAYER, PLUGIN
from .settings import load as load_settings

_QID = re.compile(r"^Q[1-9]\d*$")


@dataclass
class EntityRow:
    entity: object  # annotator.Entity
    mentions: int = 0
    accepted: int = 0
    suggested: int = 0
    by_document: Counter = field(default_factory=Counter)
    by_outlet: Counter = field(default_factory=Counter)
    spellings: Counter = field(default_factory=Counter)


def outlet_of(doc: dict) -> str:
    return doc.get("source") or doc.get("title") or doc["id"]


def entity_rows(project, *, label: str | None = None, include_rejected: bool = False) -> list[EntityRow]:
    """Entities (optionally of one label) with mention counts; most mentioned first."""
    docs = {d["id"]: d for d in project.document_summaries()}
    rows: dict[str, EntityRow] = {}
    for e in project.entities():
        if (label is None or e.label == label) and (include_rejected or e.status != "rejected"):
            rows[e.id] = EntityRow(e)
    texts: dict[str, str] = {}
    for a in project.annotations(layer=LAYER):
        row = rows.get(a.attributes.get("entity_id") or "")
        if row is None or a.status == "rejected":
            continue
        row.mentions += 1
        row.accepted += a.status == "accepted"
        row.suggested += a.status == "suggested"
        row.by_document[a.document_id] += 1
        doc = docs.get(a.document_id)
        if doc is not None:
            row.by_outlet[outlet_of(doc)] += 1
        if a.document_id not in texts:
            texts[a.document_id] = project.text(a.document_id)
        row.spellings[" ".join(texts[a.document_id][a.start:a.end].split())] += 1
    return sorted(rows.values(), key=lambda r: (-r.mentions, r.entity.canonical_name.casefold()))


def outlets(project) -> list[str]:
    return sorted({outlet_of(d) for d in project.document_summaries()}, key=str.casefold)


def outlet_table(project, *, label: str | None = None) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """(outlets, [(canonical name, counts per outlet)]): who each outlet names, and how often."""
    cols = outlets(project)
    table = [(r.entity.canonical_name, [r.by_outlet.get(o, 0) for o in cols])
             for r in entity_rows(project, label=label) if r.mentions]
    return cols, table


def format_table(project, *, label: str | None = None) -> str:
    cols, table = outlet_table(project, label=label)
    if not table:
        return "no entities with mentions yet (run: annotator suggest --plugin entity-tagger)"
    width = max(len(n) for n, _ in table)
    widths = [max(5, len(c)) for c in cols]
    lines = ["  ".join([" " * width, *(c.rjust(w) for c, w in zip(cols, widths))])]
    for name, counts in table:
        lines.append("  ".join([name.ljust(width), *(str(n).rjust(w) for n, w in zip(counts, widths))]))
    return "\n".join(lines)


def mentions_of(project, entity_id: str) -> list[dict]:
    """The mentions of an entity with their document, outlet, covered text and a context snippet."""
    docs = {d["id"]: d for d in project.document_summaries()}
    out = []
    for a in project.mentions(entity_id):
        if a.layer != LAYER and "entity_id" not in a.attributes:
            continue
        text = project.text(a.document_id)
        left = text[max(0, a.start - 40):a.start].split("\n")[-1]
        right = text[a.end:a.end + 40].split("\n")[0]
        doc = docs.get(a.document_id, {"id": a.document_id})
        out.append({"annotation": a, "document_id": a.document_id, "outlet": outlet_of(doc),
                    "text": text[a.start:a.end], "context": f"…{left}[{text[a.start:a.end]}]{right}…"})
    return out


# --------------------------------------------------------------------------------------------- review operations


def confirm(project, entity_ids) -> int:
    """Accept suggested entity records (their mentions are reviewed one by one in the reader)."""
    return project.set_status(list(entity_ids), "accepted")


def reject(project, entity_ids) -> int:
    """Reject entity records the tagger proposed (a wrong grouping, or nothing worth recording). Their mentions
    keep pointing at the rejected record, so the clustering never proposes them again, gives the record no new
    mentions and proposes no new record under its name and label. Undo (or :func:`confirm`) brings it back."""
    return project.set_status(list(entity_ids), "rejected")


def merge(project, entity_ids, keep_id: str | None = None):
    """Merge entities into one (the given ``keep_id``, else the accepted one with most mentions) and accept it."""
    ids = list(dict.fromkeys(entity_ids))
    if len(ids) < 2:
        raise EditError("select at least two entities to merge")
    ents = [project.entity(i) for i in ids]
    if any(e is None for e in ents):
        raise EditError("an entity to merge no longer exists")
    if keep_id is None:
        counts = {i: len(project.mentions(i)) for i in ids}
        keep_id = max(ids, key=lambda i: (project.entity(i).status == "accepted", counts[i]))
    with project.batch():
        kept = project.merge_entities(keep_id, [i for i in ids if i != keep_id])
        if kept.status != "accepted":
            kept = project.update_entity(keep_id, status="accepted")
    return kept


def split(project, entity_id: str, annotation_ids, canonical_name: str):
    """Move the given mentions to a new (accepted) entity named ``canonical_name``."""
    ann_ids = list(annotation_ids)
    if not ann_ids:
        raise EditError("select the mentions to split off")
    mine = {a.id for a in project.mentions(entity_id)}
    stray = [i for i in ann_ids if i not in mine]
    if stray:
        raise EditError(f"{len(stray)} selected mention(s) do not belong to this entity")
    if not canonical_name.strip():
        raise EditError("the new entity needs a name")
    return project.split_entity(entity_id, ann_ids, canonical_name.strip())


def rename(project, entity_id: str, canonical_name: str):
    """Rename an entity; the old name is kept as an alias, mentions follow (one undo step)."""
    ent = project.entity(entity_id)
    if ent is None:
        raise EditError(f"no entity {entity_id!r}")
    name = canonical_name.strip()
    if not name:
        raise EditError("an entity needs a canonical name")
    if name == ent.canonical_name:
        return ent
    aliases = [a for a in ent.aliases if a != name]
    if ent.canonical_name not in aliases:
        aliases.append(ent.canonical_name)
    return project.update_entity(entity_id, canonical_name=name, aliases=aliases)


def set_qid(project, entity_id: str, qid: str | None):
    qid = (qid or "").strip().upper() or None
    if qid is not None and not _QID.match(qid):
        raise EditError(f"a Wikidata QID looks like Q42, not {qid!r}")
    return project.update_entity(entity_id, qid=qid)


def set_note(project, entity_id: str, note: str):
    return project.update_entity(entity_id, note=note or "")


def set_label(project, entity_id: str, label: str):
    """Change an entity's label and its mentions' labels to match (one undo step)."""
    spec = project.layer(LAYER)
    if spec is not None and spec.labels and spec.label(label) is None:
        raise EditError(f"{label!r} is not a label of the entity layer")
    with project.batch():
        ent = project.update_entity(entity_id, label=label)
        for a in project.mentions(entity_id):
            if a.layer == LAYER and a.label != label:
                project.update_annotation(a.id, label=label)
    return ent


def delete(project, entity_ids) -> None:
    """Delete entity records; their mentions stay, unassigned."""
    with project.batch():
        for i in entity_ids:
            project.delete_entity(i)


def accept_mentions(project, entity_id: str) -> int:
    """Accept every suggested mention of an entity (after reading them in the mention list)."""
    ids = [a.id for a in project.mentions(entity_id) if a.status == "suggested"]
    return project.set_status(ids, "accepted") if ids else 0


# --------------------------------------------------------------------------------------------- clustering now


def cluster_now(project) -> dict[str, int]:
    """Cluster the unassigned entity annotations now (no new mentions), as suggested entity records."""
    from .suggester import entity_suggestions, project_view

    cfg = load_settings(project)
    view = project_view(project, cfg)
    counts = {"entities": 0, "assigned": 0}
    proposals = list(entity_suggestions(project, cfg, view, []))
    if not proposals:
        return counts
    by_name = {(e.canonical_name, e.label): e for e in project.entities()}
    with project.batch():
        for p in proposals:
            ent = by_name.get((p.canonical_name, p.label))
            if ent is None:
                attrs = {"_reason": p.reason} if p.reason else {}
                ent = project.add_entity(p.canonical_name, p.label, aliases=p.aliases, status="suggested",
                                         origin=PLUGIN, attributes=attrs)
                by_name[(ent.canonical_name, ent.label)] = ent
                counts["entities"] += 1
            free = [m for m in p.mentions if not (project.annotation(m).attributes.get("entity_id"))]
            if free:
                project.assign_entity(free, ent.id)
                counts["assigned"] += len(free)
    return counts


def per_document(project, entity_id: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for a in project.mentions(entity_id):
        counts[a.document_id] += 1
    return dict(counts)
