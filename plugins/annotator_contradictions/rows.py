"""What the Contradictions panel lists: one row per contradiction link with both ends' text, documents and
outlets, label, facet, note, status, reason and score; the filters it offers; and a plain-text table for
``annotator run contradictions.list``. Pure: the panel is a thin view over these rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import CLAIM, LINK


@dataclass(frozen=True)
class End:
    annotation_id: str
    document_id: str
    start: int
    end: int
    text: str
    outlet: str
    title: str


@dataclass(frozen=True)
class LinkRow:
    link_id: str
    label: str
    status: str
    note: str
    facet: str
    reason: str
    score: float | None
    origin: str
    source: End
    target: End

    @property
    def pair(self) -> tuple[str, str]:
        """The two outlets (or titles) in a stable order: the document-pair filter's key."""
        a, b = self.source.outlet or self.source.title, self.target.outlet or self.target.title
        return (a, b) if a <= b else (b, a)

    @property
    def same_document(self) -> bool:
        return self.source.document_id == self.target.document_id


@dataclass(frozen=True)
class RowFilter:
    labels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    pair: tuple[str, str] | None = None
    text: str = ""

    def accepts(self, row: LinkRow) -> bool:
        if self.labels and row.label not in self.labels:
            return False
        if self.statuses and row.status not in self.statuses:
            return False
        if self.pair is not None and row.pair != tuple(sorted(self.pair)):
            return False
        if self.text:
            needle = self.text.lower()
            hay = " ".join((row.source.text, row.target.text, row.note, row.reason)).lower()
            if needle not in hay:
                return False
        return True


def link_rows(project, filters: RowFilter | None = None) -> list[LinkRow]:
    """Every contradiction link (filtered), suggestions by score first, then the rest by creation."""
    docs = {d["id"]: d for d in project.document_summaries()}
    claims = {a.id: a for a in project.annotations(layer=CLAIM)}
    texts: dict[str, str] = {}

    def end(ann_id: str) -> End | None:
        a = claims.get(ann_id) or project.annotation(ann_id)
        if a is None:
            return None
        if a.document_id not in texts:
            texts[a.document_id] = project.text(a.document_id)
        info = docs.get(a.document_id, {})
        return End(a.id, a.document_id, a.start, a.end, texts[a.document_id][a.start:a.end],
                   info.get("source") or "", info.get("title") or "")

    rows = []
    for link in project.links(layer=LINK):
        s, t = end(link.source_id), end(link.target_id)
        if s is None or t is None:
            continue
        attrs = link.attributes
        row = LinkRow(link.id, link.label, link.status, attrs.get("note", "") or "", attrs.get("facet", "") or "",
                      attrs.get("_reason", "") or "", attrs.get("_score"), link.origin, s, t)
        if filters is None or filters.accepts(row):
            rows.append(row)
    order = {"suggested": 0, "accepted": 1, "rejected": 2}
    rows.sort(key=lambda r: (order.get(r.status, 3), -(r.score or 0.0), r.link_id))
    return rows


def pairs_of(rows: list[LinkRow]) -> list[tuple[str, str]]:
    return sorted({r.pair for r in rows})


def review(project, link_id: str, status: str) -> int:
    """Accept or reject a link, in one undo step with its ends: accepting accepts its suggested claims;
    rejecting rejects the suggested claims that no other live link uses."""
    link = project.link(link_id)
    if link is None:
        return 0
    ids = [link.id]
    for end_id in (link.source_id, link.target_id):
        ann = project.annotation(end_id)
        if ann is None or ann.status != "suggested":
            continue
        if status == "accepted":
            ids.append(end_id)
        else:
            others = [l for l in project.links(annotation_id=end_id)
                      if l.id != link.id and l.status != "rejected"]
            if not others:
                ids.append(end_id)
    return project.set_status(ids, status)


def format_table(rows: list[LinkRow]) -> str:
    if not rows:
        return "no contradiction links yet"

    def short(s: str, n: int = 60) -> str:
        s = " ".join(s.split())
        return s if len(s) <= n else s[:n - 1] + "…"

    lines = []
    for r in rows:
        lines.append(f"[{r.status}] {r.label}{' / ' + r.facet if r.facet else ''}  {r.link_id}")
        lines.append(f"    {r.source.outlet or r.source.document_id}: “{short(r.source.text)}”")
        lines.append(f"    {r.target.outlet or r.target.document_id}: “{short(r.target.text)}”")
        if r.reason or r.note:
            lines.append(f"    {r.note or r.reason}")
    return "\n".join(lines)
