"""JSONL for Hugging Face ``datasets``: one document per line with its annotations and links.

Each line is ``{"id", "title", "source", "published", "url", "language", "text", "annotations": [...],
"links": [...]}``. An annotation is ``{"id", "start", "end", "text", "layer", "label", "attributes", "author",
"status", "origin"}`` with offsets in code points (Python string indices, end-exclusive); ``attributes`` is a
JSON *string*, because attribute values differ in type from one annotation to the next and Arrow needs one type
per column (``json.loads`` it back). A link sits on the line of its source's document: ``{"id", "layer",
"label", "source_id", "target_id", "target_document_id", "attributes", "status"}``, so links across documents are
kept. ``datasets.load_dataset("json", data_files=...)`` reads the file as is.

The import reads such a file back, ids kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from annotator import Annotation, ExportResult, ImportBatch, Link, NewDocument

from ._common import decode_utf8, gather, refuse

DOC_KEYS = ("id", "title", "source", "published", "url", "language")


def write_hf_jsonl(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    by_doc = content.by_document
    ann_doc = {a["id"]: a["document_id"] for a in content.annotations}
    links_of: dict[str, list] = {}
    for l in content.links:
        links_of.setdefault(ann_doc[l["source_id"]], []).append({
            "id": l["id"], "layer": l["layer"], "label": l["label"], "source_id": l["source_id"],
            "target_id": l["target_id"], "target_document_id": ann_doc[l["target_id"]],
            "attributes": json.dumps(l["attributes"], ensure_ascii=False, sort_keys=True),
            "author": l["author"], "status": l["status"], "origin": l["origin"],
        })
    with open(path, "wb") as out:
        for d in content.documents:
            row = {k: d[k] for k in DOC_KEYS}
            row["text"] = d["text"]
            row["annotations"] = [{
                "id": a["id"], "start": a["start"], "end": a["end"], "text": a["text"], "layer": a["layer"],
                "label": a["label"], "attributes": json.dumps(a["attributes"], ensure_ascii=False, sort_keys=True),
                "author": a["author"], "status": a["status"], "origin": a["origin"],
            } for a in by_doc.get(d["id"], [])]
            row["links"] = links_of.get(d["id"], [])
            out.write(orjson.dumps(row) + b"\n")
    return ExportResult(path, {"documents": len(content.documents), "annotations": len(content.annotations),
                               "links": len(content.links)})


def _attrs(value, path, n, what):
    if value in (None, ""):
        return {}
    if isinstance(value, dict):
        return value
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError as exc:
        raise refuse(f"{what}: attributes are not JSON ({exc.msg})", path, n) from None
    if not isinstance(parsed, dict):
        raise refuse(f"{what}: attributes must be a JSON object", path, n)
    return parsed


def read_hf_jsonl(path, data: bytes, options: dict) -> ImportBatch:
    text = decode_utf8(data, path)
    batch = ImportBatch()
    ids: set[str] = set()
    pending: list[tuple[int, dict]] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise refuse(f"malformed JSON: {exc.msg} (column {exc.colno})", path, n) from None
        if not (isinstance(row, dict) and isinstance(row.get("text"), str) and isinstance(row.get("id"), str)):
            raise refuse('each line must be a document object with string "id" and "text"', path, n)
        doc_text = row["text"]
        batch.documents.append(NewDocument(
            id=row["id"], text=doc_text, title=row.get("title") or "", source=row.get("source") or "",
            published=row.get("published"), url=row.get("url"), language=row.get("language") or "en", clean=False))
        for i, a in enumerate(row.get("annotations") or []):
            what = f"annotations[{i}]"
            try:
                start, end = a["start"], a["end"]
                ann = Annotation(
                    id=a["id"], document_id=row["id"], start=start, end=end, layer=a["layer"], label=a["label"],
                    attributes=_attrs(a.get("attributes"), path, n, what), author=a.get("author") or "",
                    origin=a.get("origin") or "hf-jsonl", status=a.get("status") or "accepted")
            except (KeyError, TypeError) as exc:
                raise refuse(f"{what} lacks {exc}", path, n) from None
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc_text)):
                raise refuse(f"{what} ({a.get('id')}): offsets {start}-{end} are outside the text "
                             f"(length {len(doc_text)})", path, n)
            if "text" in a and doc_text[start:end] != a["text"]:
                raise refuse(f"{what} ({a['id']}): text {a['text']!r} does not match the document at "
                             f"{start}-{end} ({doc_text[start:end]!r})", path, n)
            batch.annotations.append(ann)
            ids.add(ann.id)
        for link in row.get("links") or []:
            pending.append((n, link))
    for n, l in pending:
        try:
            link = Link(id=l["id"], layer=l["layer"], label=l["label"], source_id=l["source_id"],
                        target_id=l["target_id"], attributes=_attrs(l.get("attributes"), path, n, "link"),
                        author=l.get("author") or "", origin=l.get("origin") or "hf-jsonl",
                        status=l.get("status") or "accepted")
        except (KeyError, TypeError) as exc:
            raise refuse(f"a link lacks {exc}", path, n) from None
        for end in (link.source_id, link.target_id):
            if end not in ids:
                raise refuse(f"link {link.id}: end {end!r} is not an annotation of this file", path, n)
        batch.links.append(link)
    return batch
