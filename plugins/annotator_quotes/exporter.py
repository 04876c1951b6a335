"""The ``quotes-jsonl`` exporter: one JSON object per quote and line, ready for analysis in pandas or R.

Fields: ``id``, ``document_id``, ``outlet`` (the document's source), ``title``, ``published``, ``start``, ``end``
(code points into the document text, end-exclusive), ``text``, ``kind``, ``speaker``, ``speaker_entity_id``,
``speaker_canonical`` (the entity's canonical name), ``cue`` ({text, start, end} or null), ``continues``,
``same_statement`` (ids of exported quotes linked to this one), ``status``, ``origin``, ``author``.
It honours the export filters (documents, statuses, authors, labels) through ``project.export_rows``; a
layer filter that leaves out ``quote`` exports nothing and says so.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import orjson

from annotator import Exporter, ExportResult

from .layers import QUOTE, SAME


def write_quotes_jsonl(project, path: Path, filters, task) -> ExportResult:
    rows = project.export_rows(filters)
    warnings: list[str] = []
    if filters.layers and QUOTE not in filters.layers:
        warnings.append(f"the layer filter ({', '.join(filters.layers)}) leaves out the quote layer: nothing exported")
    docs = {d.id: d for d in rows.document_objects()}
    entities = {e.id: e for e in project.entities()}
    same: dict[str, list[str]] = defaultdict(list)
    n_links = 0
    for link in rows.links():
        if link["layer"] == SAME:
            same[link["source_id"]].append(link["target_id"])
            same[link["target_id"]].append(link["source_id"])
            n_links += 1
    count = 0
    total = rows.annotation_count
    seen = 0
    with open(path, "wb") as out:
        if not warnings:
            for chunk in rows.annotation_chunks(raw_attributes=False):
                task.check()
                for a in chunk:
                    seen += 1
                    if a["layer"] != QUOTE:
                        continue
                    out.write(orjson.dumps(_row(a, docs, entities, same)) + b"\n")
                    count += 1
                task.progress(seen, total, f"{count} quotes")
    return ExportResult(Path(path), {"quotes": count, "same_statement_links": n_links}, warnings)


def _row(a: dict, docs: dict, entities: dict, same: dict) -> dict:
    attrs = a["attributes"] or {}
    doc = docs.get(a["document_id"])
    entity_id = attrs.get("speaker_entity_id")
    entity = entities.get(entity_id) if entity_id else None
    cue = attrs.get("cue")
    return {
        "id": a["id"],
        "document_id": a["document_id"],
        "outlet": doc.source if doc else "",
        "title": doc.title if doc else "",
        "published": doc.published if doc else None,
        "start": a["start"],
        "end": a["end"],
        "text": a["text"],
        "kind": attrs.get("kind", ""),
        "speaker": attrs.get("speaker", ""),
        "speaker_entity_id": entity_id,
        "speaker_canonical": entity.canonical_name if entity else None,
        "cue": cue if isinstance(cue, dict) else None,
        "continues": bool(attrs.get("continues", False)),
        "same_statement": sorted(same.get(a["id"], [])),
        "status": a["status"],
        "origin": a["origin"],
        "author": a["author"],
    }


EXPORTER = Exporter("quotes-jsonl", write_quotes_jsonl, extension=".jsonl",
                    description="Quotes dataset: one JSON line per quote with speaker, entity, cue, kind, outlet, "
                                "offsets and same-statement links")
