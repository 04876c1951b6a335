"""Claims and contradiction links, made the way a researcher makes them: two spans, a label, one undo step.

:func:`create_link_between_spans` finds or creates the ``claim`` annotation of each end (an existing claim with
the same span is reused, a rejected one is brought back) and links them, all inside ``project.batch()`` so one
undo removes the link and the claims it created. :class:`PendingEnds` keeps the first end of the two-step
flow of the ordinary reader (select, press L, select the other end, press L). Pure logic, no Qt.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from annotator import Annotation, EditError, Link

from . import CLAIM, FACETS, LINK

Span = tuple[str, int, int]


@dataclass
class LinkResult:
    link: Link
    source: Annotation
    target: Annotation
    created_claims: list[Annotation] = field(default_factory=list)
    updated: bool = False  # an existing link between the two claims was relabelled instead


def trim_span(project, span: Span) -> Span:
    """The span without surrounding white space (a mouse selection often takes a trailing space)."""
    doc_id, start, end = span[0], int(span[1]), int(span[2])
    text = project.text(doc_id)
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise EditError("select some text for the claim first (the selection is empty)")
    return doc_id, start, end


def find_claim(project, span: Span) -> Annotation | None:
    """An existing claim annotation with exactly this span: an accepted one first, then suggested, then rejected."""
    doc_id, start, end = span
    found = [a for a in project.annotations(document_id=doc_id, layer=CLAIM) if a.start == start and a.end == end]
    order = {"accepted": 0, "suggested": 1, "rejected": 2}
    found.sort(key=lambda a: (order.get(a.status, 3), a.created_at))
    return found[0] if found else None


def link_between(project, a_id: str, b_id: str) -> Link | None:
    """The contradiction link joining two claims, in either direction."""
    for link in project.links(layer=LINK, annotation_id=a_id):
        if {link.source_id, link.target_id} == {a_id, b_id}:
            return link
    return None


def _claim_for(project, span: Span, created: list[Annotation]) -> Annotation:
    claim = find_claim(project, span)
    if claim is None:
        claim = project.add_annotation(span[0], span[1], span[2], CLAIM, "claim")
        created.append(claim)
    elif claim.status != "accepted":
        claim = project.update_annotation(claim.id, status="accepted")
    return claim


def check_label(project, label: str) -> None:
    spec = project.layer(LINK)
    if spec is None:
        raise EditError("the contradiction linker is disabled for this project")
    if spec.labels and spec.label(label) is None:
        names = ", ".join(lab.name for lab in spec.labels)
        raise EditError(f"{label!r} is not a contradiction label of this project ({names})")


def create_link_between_spans(
    project, left: Span, right: Span, label: str, note: str = "", facet: str | None = None,
) -> LinkResult:
    """Link two spans (same or different documents) with a typed contradiction link, in one undo step.

    Each end becomes a ``claim`` annotation unless one with the same span exists (then it is reused). If the two
    claims are already linked, that link takes the new label (and note/facet when given) instead of a second
    link being made.
    """
    check_label(project, label)
    if facet is not None and facet not in FACETS:
        raise EditError(f"facet must be one of {', '.join(FACETS)}, not {facet!r}")
    left, right = trim_span(project, left), trim_span(project, right)
    if left == right:
        raise EditError("both ends are the same text: select a different claim for the other end")
    attrs = {}
    if note:
        attrs["note"] = note
    if facet:
        attrs["facet"] = facet
    created: list[Annotation] = []
    with project.batch():
        source = _claim_for(project, left, created)
        target = _claim_for(project, right, created)
        existing = link_between(project, source.id, target.id)
        if existing is not None:
            link = project.update_link(existing.id, label=label, status="accepted",
                                       attributes={**existing.attributes, **attrs})
            return LinkResult(link, source, target, created, updated=True)
        link = project.add_link(source.id, target.id, LINK, label, attrs)
    return LinkResult(link, source, target, created)


def describe(project, result: LinkResult) -> str:
    """A one-line status message about a made link."""
    def short(a: Annotation) -> str:
        text = " ".join(project.text(a.document_id)[a.start:a.end].split())
        return text if len(text) <= 40 else text[:37] + "…"

    verb = "relabelled" if result.updated else "linked"
    return f"{verb}: “{short(result.source)}” —{result.link.label}→ “{short(result.target)}”"


class PendingEnds:
    """The first end of a link made in two steps, one per open project (forgotten when the project goes)."""

    def __init__(self):
        self._ends: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(self, project) -> Span | None:
        return self._ends.get(project)

    def set(self, project, span: Span) -> None:
        self._ends[project] = span

    def clear(self, project) -> Span | None:
        return self._ends.pop(project, None)


PENDING = PendingEnds()
