"""Built-in plugin ``core-json``: the labelled dataset format ``annotator/1`` (export and import).

The export is one JSON document (schema: ``annotator/schemas/annotator-1.schema.json``), streamed with orjson so
a million annotations export quickly. Output is deterministic: documents, annotations (by document, start,
end, layer, label, id), links and entities in stable order, and ``exported_at`` is the time of the newest
change the project holds, so two exports of the same project are byte-identical.

The import reads such a file back, keeping ids: the basis for merging two researchers' work. An id the
project already holds is merged (the newer ``modified_at`` wins, its author kept; a conflict is reported, see
:func:`annotator.services.importing.merge_changes`); a file where two objects share an id is refused.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator import (
    Annotation,
    Entity,
    Exporter,
    ExportResult,
    ImportBatch,
    Importer,
    ImportRefused,
    Link,
    NewDocument,
    hookimpl,
)

FORMAT = "annotator/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "annotator-1.schema.json"
_DOC_KEYS = ("id", "title", "source", "published", "url", "language", "text", "sha256", "imported_at", "meta")


def _dumps(obj) -> bytes:
    return orjson.dumps(obj)


def write_json(project, path: Path, filters, task) -> ExportResult:
    rows = project.export_rows(filters)
    counts = {"documents": 0, "annotations": 0, "links": 0, "entities": 0}
    with open(path, "wb") as out:
        head = {
            "format": FORMAT,
            "exported_at": rows.exported_at,
            "project": rows.project_info,
            "filters": rows.filters,
            "layers": rows.layers,
        }
        out.write(_dumps(head)[:-1])  # leave the object open
        out.write(b',\n"documents":[')
        for i, doc in enumerate(rows.documents):
            out.write((b"\n" if i == 0 else b",\n") + _dumps(doc))
            counts["documents"] += 1
        out.write(b'\n],\n"annotations":[')
        total = rows.annotation_count
        for i, chunk in enumerate(rows.annotation_json_chunks()):  # serialised by SQLite: no dict per row
            task.check()
            sep = "\n" if i == 0 else ",\n"
            out.write((sep + ",\n".join(chunk)).encode("utf-8"))
            counts["annotations"] += len(chunk)
            task.progress(counts["annotations"], total, "annotations")
        out.write(b'\n],\n"links":[')
        for i, link in enumerate(rows.links()):
            out.write((b"\n" if i == 0 else b",\n") + _dumps(link))
            counts["links"] += 1
        out.write(b'\n],\n"entities":[')
        for i, ent in enumerate(rows.entities()):
            out.write((b"\n" if i == 0 else b",\n") + _dumps(ent))
            counts["entities"] += 1
        out.write(b"\n]}\n")
    return ExportResult(path, counts)


def _require(cond: bool, reason: str, path) -> None:
    if not cond:
        raise ImportRefused(reason, path=path)


def _refuse_duplicate_ids(items: list, key: str, path) -> None:
    """One id, one object: a file where two objects share an id is refused, the ids named."""
    seen: set = set()
    dup: list = []
    for item in items:
        obj_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(obj_id, str):
            if obj_id in seen and obj_id not in dup:
                dup.append(obj_id)
            seen.add(obj_id)
    if dup:
        more = f" and {len(dup) - 10} more" if len(dup) > 10 else ""
        raise ImportRefused(f'{len(dup)} id(s) used by more than one object in "{key}": '
                            f"{', '.join(dup[:10])}{more}", path=path)


def read_json(path, data: bytes, options: dict) -> ImportBatch:
    try:
        payload = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        line = getattr(exc, "lineno", None)  # pos counts characters of the decoded text, not bytes
        reason = exc.msg if hasattr(exc, "msg") else str(exc)
        raise ImportRefused(f"malformed JSON: {reason}", path=path, line=line) from None
    _require(isinstance(payload, dict), "expected a JSON object", path)
    _require(payload.get("format") == FORMAT, f'not an Annotator export: "format" must be "{FORMAT}"', path)
    for key in ("documents", "annotations", "links"):
        _require(isinstance(payload.get(key), list), f'"{key}" must be a list', path)
    for key in ("documents", "annotations", "links", "entities"):
        _refuse_duplicate_ids(payload.get(key) or [], key, path)
    batch = ImportBatch()
    texts: dict[str, str] = {}
    for i, d in enumerate(payload["documents"]):
        _require(isinstance(d, dict) and isinstance(d.get("id"), str) and isinstance(d.get("text"), str),
                 f"documents[{i}] needs a string id and text", path)
        texts[d["id"]] = d["text"]
        batch.documents.append(NewDocument(
            id=d["id"], text=d["text"], title=d.get("title") or "", source=d.get("source") or "",
            published=d.get("published"), url=d.get("url"), language=d.get("language") or "en",
            meta=d.get("meta") or {}, clean=False, imported_at=d.get("imported_at"),
        ))
    for i, a in enumerate(payload["annotations"]):
        try:
            ann = Annotation(
                id=a["id"], document_id=a["document_id"], start=a["start"], end=a["end"], layer=a["layer"],
                label=a["label"], attributes=a.get("attributes") or {}, author=a.get("author") or "",
                origin=a.get("origin") or "manual", status=a.get("status") or "accepted",
                created_at=a.get("created_at") or "", modified_at=a.get("modified_at") or "",
            )
        except (KeyError, TypeError) as exc:
            raise ImportRefused(f"annotations[{i}] lacks {exc}", path=path) from None
        _require(isinstance(ann.start, int) and isinstance(ann.end, int), f"annotations[{i}]: offsets must be integers",
                 path)
        text = texts.get(ann.document_id)
        if text is not None:
            _require(0 <= ann.start < ann.end <= len(text),
                     f"annotations[{i}] ({ann.id}): offsets {ann.start}-{ann.end} outside the document "
                     f"(length {len(text)})", path)
        if text is not None and "text" in a:
            _require(text[ann.start : ann.end] == a["text"],
                     f"annotations[{i}] ({ann.id}): text {a['text']!r} does not match the document at "
                     f"{ann.start}-{ann.end}", path)
        batch.annotations.append(ann)
    for i, l in enumerate(payload["links"]):
        try:
            batch.links.append(Link(
                id=l["id"], layer=l["layer"], label=l["label"], source_id=l["source_id"], target_id=l["target_id"],
                attributes=l.get("attributes") or {}, author=l.get("author") or "", origin=l.get("origin") or "manual",
                status=l.get("status") or "accepted", created_at=l.get("created_at") or "",
                modified_at=l.get("modified_at") or "",
            ))
        except (KeyError, TypeError) as exc:
            raise ImportRefused(f"links[{i}] lacks {exc}", path=path) from None
    for i, e in enumerate(payload.get("entities") or []):
        try:
            batch.entities.append(Entity(
                id=e["id"], canonical_name=e["canonical_name"], label=e.get("label") or "", qid=e.get("qid"),
                aliases=list(e.get("aliases") or []), note=e.get("note") or "", attributes=e.get("attributes") or {},
                author=e.get("author") or "", origin=e.get("origin") or "manual", status=e.get("status") or "accepted",
                created_at=e.get("created_at") or "", modified_at=e.get("modified_at") or "",
            ))
        except (KeyError, TypeError) as exc:
            raise ImportRefused(f"entities[{i}] lacks {exc}", path=path) from None
    return batch


@hookimpl
def register_exporters(register):
    register(Exporter("json", write_json, ".json", "Annotator JSON dataset (annotator/1): documents, annotations, "
                                                   "links, entities"))


@hookimpl
def register_importers(register):
    register(Importer("json", read_json, (".json",), "Annotator JSON dataset (annotator/1), ids kept (merging)"))
