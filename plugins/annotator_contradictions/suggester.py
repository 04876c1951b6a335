"""The ``contradiction-linker`` suggester: candidate links between claims, proposed for review.

Runs :func:`candidates.generate` over the chosen documents and turns each candidate into two ``claim``
:class:`annotator.SpanSuggestion` (one key per sentence, so a sentence in several candidates is one claim) and
a :class:`annotator.LinkSuggestion` with the label, the facet, a score, a short reason and, in ``_compared``,
what exactly was compared and normalised. Pairs already joined by a contradiction link (claims overlapping
both sentences, whatever the link's status) are not proposed again. Settings come from the plugin's project
settings (``project.set_setting("contradiction-linker", "max_links", 100)``…, see :class:`candidates.Settings`).
"""

from __future__ import annotations

from annotator import LinkSuggestion, SpanSuggestion

from . import CLAIM, LINK
from .candidates import Settings, generate


def _linked_spans(project, doc_ids: set[str]):
    """A test: do two sentence spans already hold the two ends of a contradiction link?"""
    claims = {a.id: a for a in project.annotations(layer=CLAIM) if a.document_id in doc_ids}
    ends = []
    for link in project.links(layer=LINK):
        a, b = claims.get(link.source_id), claims.get(link.target_id)
        if a is not None and b is not None:
            ends.append(((a.document_id, a.start, a.end), (b.document_id, b.start, b.end)))

    def inside(end, span) -> bool:
        return end[0] == span[0] and span[1] <= end[1] and end[2] <= span[2]

    def linked(x, y) -> bool:
        return any((inside(p, x) and inside(q, y)) or (inside(p, y) and inside(q, x)) for p, q in ends)

    return linked if ends else None


def suggest(project, documents, task):
    settings = Settings.from_mapping(task.settings)
    doc_ids = {d.id for d in documents}
    found = generate(documents, settings, task, already_linked=_linked_spans(project, doc_ids),
                     analysis_of=project.analysis)
    spans: set[tuple[str, int, int]] = set()
    for cand in found:
        keys = []
        for occ in (cand.a, cand.b):
            key = f"claim:{occ.document_id}:{occ.start}:{occ.end}"
            keys.append(key)
            if (occ.document_id, occ.start, occ.end) not in spans:
                spans.add((occ.document_id, occ.start, occ.end))
                yield SpanSuggestion(occ.document_id, occ.start, occ.end, CLAIM, "claim", key=key,
                                     reason="an end of a suggested contradiction link")
        attrs = {"facet": cand.facet, "_compared": cand.compared, "_similarity": cand.similarity,
                 "_detector": cand.kind}
        if cand.also:
            attrs["_also_in"] = cand.also
        yield LinkSuggestion(LINK, cand.label, keys[0], keys[1], attributes=attrs, score=cand.score,
                             reason=cand.reason)
