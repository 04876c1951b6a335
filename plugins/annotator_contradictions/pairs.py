"""The ``contradiction-pairs`` exporter: one JSON line per contradiction link, for training contradiction
(NLI-style) detectors.

Each line: ``premise`` and ``hypothesis`` (the two claims' texts), ``label``, ``facet``, ``note``, both sides'
document ids, outlets, titles and offsets, for a suggested link its ``reason`` and what was ``compared``
(normalised figures and dates), and ``premise_context``/``hypothesis_context``: the sentence
around each claim (with its neighbours when the claim is the whole sentence). The export honours
:class:`annotator.ExportFilters`: statuses (accepted only by default), documents (both ends), authors; ``labels``
select link labels (``contradicts``…); ``layers`` need not name ``claim``. Rows come from
``project.export_rows(filters).links()``, which carries both ends.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson

from annotator import ExportResult, analysis

from . import CLAIM, LINK


class _Contexts:
    def __init__(self, rows):
        self.rows = rows
        self.cache: dict[str, tuple[str, list]] = {}

    def around(self, doc_id: str, start: int, end: int) -> str:
        if doc_id not in self.cache:
            text = self.rows.text(doc_id)
            self.cache[doc_id] = (text, analysis.analyse(text, pipeline=analysis.RULES))
        text, a = self.cache[doc_id]
        sentences = a.sentences
        inside = [i for i, s in enumerate(sentences) if s.start < end and start < s.end]
        if not inside:
            return ""
        first, last = inside[0], inside[-1]
        if sentences[first].start >= start and sentences[last].end <= end:
            # the claim is whole sentences: give the neighbours in the same paragraph
            para = a.paragraph_at(sentences[first].start)
            if first > 0 and a.paragraph_at(sentences[first - 1].start) == para:
                first -= 1
            if last + 1 < len(sentences) and a.paragraph_at(sentences[last + 1].start) == para:
                last += 1
        return text[sentences[first].start:sentences[last].end]


def _filters_for_ends(filters):
    """Annotation-side filters for the claims: labels of the filter are link labels here."""
    layers = tuple(filters.layers)
    if layers and CLAIM not in layers:
        layers = (*layers, CLAIM)
    return replace(filters, layers=layers, labels=())


def write_pairs(project, path: Path, filters, task) -> ExportResult:
    path = Path(path)
    if filters.layers and LINK not in filters.layers and CLAIM not in filters.layers:
        return ExportResult(path, {"pairs": 0}, [f"the layer filter excludes {LINK!r}: nothing to export"])
    rows = project.export_rows(_filters_for_ends(filters))
    docs = {d.id: d for d in rows.document_objects()}
    contexts = _Contexts(rows)
    link_labels = set(filters.labels) - {"claim"}
    counts = {"pairs": 0, "same_document": 0}
    with open(path, "wb") as out:
        for i, link in enumerate(rows.links()):
            if i % 500 == 0:
                task.check()
            if link["layer"] != LINK or (link_labels and link["label"] not in link_labels):
                continue
            src, dst = link["source"], link["target"]
            ds, dt = docs.get(src["document_id"]), docs.get(dst["document_id"])
            attrs = link["attributes"]
            record = {
                "id": link["id"],
                "premise": src["text"],
                "hypothesis": dst["text"],
                "label": link["label"],
                "facet": attrs.get("facet"),
                "note": attrs.get("note", ""),
                "status": link["status"],
                "origin": link["origin"],
                "reason": attrs.get("_reason"),
                "compared": attrs.get("_compared"),
                "premise_document_id": src["document_id"],
                "premise_outlet": ds.source if ds else None,
                "premise_title": ds.title if ds else None,
                "premise_start": src["start"],
                "premise_end": src["end"],
                "premise_context": contexts.around(src["document_id"], src["start"], src["end"]),
                "hypothesis_document_id": dst["document_id"],
                "hypothesis_outlet": dt.source if dt else None,
                "hypothesis_title": dt.title if dt else None,
                "hypothesis_start": dst["start"],
                "hypothesis_end": dst["end"],
                "hypothesis_context": contexts.around(dst["document_id"], dst["start"], dst["end"]),
            }
            out.write(orjson.dumps(record) + b"\n")
            counts["pairs"] += 1
            counts["same_document"] += src["document_id"] == dst["document_id"]
    task.progress(counts["pairs"], counts["pairs"], "pairs written")
    return ExportResult(path, counts)
