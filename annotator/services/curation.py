"""Curation: building a gold set from several annotators' work (headless; the window's Curation view drives it).

The annotations of one layer in one document are grouped into *units*: each source's annotations that overlap
one another (any label), so that identical stacked spans, boundary disagreements and label disagreements each form
one unit to decide. A unit is *agreed* when every source has the same set of (start, end, label, attributes)
there. Taking a version copies annotations into the curated set: new annotations by the curator author
(``curator`` unless named), status ``accepted``, origin ``curation``, with ``_curated_from`` naming what they copy;
taking what is already curated adds nothing. :func:`merge_agreed` takes every agreed unit at once, and the links
all sources drew between agreed spans (same ends, same label), across documents too. Each call is one undo step.
The curated set exports as the dataset with ``--author curator``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .agreement import Source, available_sources

CURATOR = "curator"
ORIGIN = "curation"


def _key(a) -> tuple:
    attrs = {k: v for k, v in a.attributes.items() if not k.startswith("_")}
    return (a.start, a.end, a.label, json.dumps(attrs, sort_keys=True, ensure_ascii=False))


@dataclass
class Unit:
    """Overlapping annotations of one document and layer, by source, with what the curator already holds there."""

    document_id: str
    start: int
    end: int
    versions: dict[str, list[Any]] = field(default_factory=dict)  # source label -> annotations (sorted)
    curated: list[Any] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        keys = [tuple(sorted(_key(a) for a in anns)) for anns in self.versions.values()]
        return bool(keys) and all(keys[0] == k for k in keys) and bool(keys[0])

    @property
    def decided(self) -> bool:
        return bool(self.curated)

    def describe(self) -> str:
        parts = []
        for src, anns in self.versions.items():
            parts.append(f"{src}: " + (", ".join(f"{a.label} {a.start}-{a.end}" for a in anns) or "nothing"))
        return "; ".join(parts)


def units(project, document_id: str, layer: str, sources: Sequence[Source] | None = None, *,
          curator: str = CURATOR, statuses: Sequence[str] = ("accepted", "suggested")) -> list[Unit]:
    """The units of one document and layer, in text order."""
    anns = [a for a in project.annotations(document_id=document_id, layer=layer) if a.status in statuses]
    mine = [a for a in anns if a.author == curator]
    others = [a for a in anns if a.author != curator]
    if sources is None:
        sources = available_sources(others)
    sources = [s for s in sources if not (s.kind == "author" and s.name == curator)]
    owned = [(s, a) for a in others for s in sources if s.owns(a)]
    owned.sort(key=lambda sa: (sa[1].start, sa[1].end))
    out: list[Unit] = []
    for s, a in owned:
        if out and a.start < out[-1].end:
            u = out[-1]
            u.end = max(u.end, a.end)
        else:
            u = Unit(document_id, a.start, a.end, {src.label: [] for src in sources})
            out.append(u)
        u.versions[s.label].append(a)
    for u in out:
        u.curated = [c for c in mine if c.start < u.end and u.start < c.end]
    return out


def take(project, annotations: Sequence[Any], *, curator: str = CURATOR) -> list[str]:
    """Copy ``annotations`` into the curated set (one undo step); returns the curated ids (existing ones reused)."""
    return _take(project, annotations, curator)[0]


def _take(project, annotations: Sequence[Any], curator: str) -> tuple[list[str], int]:
    by_doc = defaultdict(list)
    for d in {a.document_id for a in annotations}:
        by_doc[d] = [c for c in project.annotations(document_id=d) if c.author == curator]
    out: list[str] = []
    made_n = 0
    with project.batch():
        for a in annotations:
            same = next((c for c in by_doc[a.document_id] if c.layer == a.layer and _key(c) == _key(a)), None)
            if same is not None:
                out.append(same.id)
                continue
            attrs = {k: v for k, v in a.attributes.items() if not k.startswith("_")}
            attrs["_curated_from"] = [a.id]
            made = project.add_annotation(a.document_id, a.start, a.end, a.layer, a.label, attrs,
                                          author=curator, origin=ORIGIN)
            by_doc[a.document_id].append(made)
            out.append(made.id)
            made_n += 1
    return out, made_n


def discard(project, unit: Unit) -> int:
    """Remove the curated annotations of a unit (the curator takes neither version); one undo step."""
    with project.batch():
        for c in unit.curated:
            project.delete_annotation(c.id)
    return len(unit.curated)


def merge_agreed(project, layer: str, sources: Sequence[Source] | None = None, *,
                 documents: Sequence[str] | None = None, curator: str = CURATOR) -> dict[str, int]:
    """Take every unit all sources agree on, and the links they all drew between agreed spans; one undo step."""
    doc_ids = list(documents) if documents else [d["id"] for d in project.document_summaries()]
    if sources is None:
        sources = [s for s in available_sources(project.annotations(layer=layer)) if s.name != curator]
    taken = 0
    copies: dict[str, str] = {}  # a source annotation id -> its curated copy
    agreed_units = 0
    with project.batch():
        for d in doc_ids:
            for u in units(project, d, layer, sources, curator=curator):
                if not u.agreed:
                    continue
                agreed_units += 1
                first = next(iter(u.versions.values()))
                ids, made = _take(project, first, curator)
                taken += made
                # every source's copy of the same key maps to the one curated annotation
                for anns in u.versions.values():
                    for a in anns:
                        k = _key(a)
                        for src_a, cid in zip(first, ids):
                            if _key(src_a) == k:
                                copies[a.id] = cid
        links = _agreed_links(project, sources, copies, curator)
    return {"units": agreed_units, "annotations": taken, "links": links}


def _agreed_links(project, sources, copies, curator) -> int:
    """Links every source drew between annotations that were all curated to the same copies, with one label."""
    per_source: dict[Source, set[tuple]] = {}
    attrs_of: dict[tuple, dict] = {}
    for s in sources:
        keys = set()
        for link in project.links():
            if not s.owns(link) or link.status == "rejected":
                continue
            a, b = copies.get(link.source_id), copies.get(link.target_id)
            if a and b:
                k = (a, b, link.layer, link.label)
                keys.add(k)
                attrs_of.setdefault(k, {kk: v for kk, v in link.attributes.items() if not kk.startswith("_")})
        per_source[s] = keys
    if not per_source:
        return 0
    common = set.intersection(*per_source.values())
    have = {(l.source_id, l.target_id, l.layer, l.label) for l in project.links() if l.author == curator}
    made = 0
    for k in sorted(common - have):
        project.add_link(k[0], k[1], k[2], k[3], attrs_of.get(k) or {}, author=curator, origin=ORIGIN)
        made += 1
    return made
