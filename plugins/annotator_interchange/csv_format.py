"""CSV of annotations for spreadsheets and R: one row per annotation, UTF-8, a header row, RFC 4180 quoting
(fields with commas, quotes or line breaks in double quotes, quotes doubled, CRLF row ends).

Columns: ``document_id, outlet, layer, label, text, start, end, attributes, author, status`` (``attributes`` is a
JSON object; offsets are code points, end-exclusive), then ``id, document_title, origin, created_at,
modified_at``. Links and document texts are not held (the export warns about links).

Cells a spreadsheet would evaluate as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) are written with a leading ``'``, as OWASP recommends against CSV injection; so is a cell that starts with
``'`` itself, so the import (which drops one leading ``'``) gives back exactly what was exported.

The import reads such a file back onto documents already in the project (ids kept); the store refuses the file
if a row's ``text`` is not what the document holds at its offsets. A malformed row (missing column, offsets
that are not integers, attributes that are not JSON) refuses the file with its line.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from annotator import Annotation, ExportResult, ImportBatch

from ._common import decode_utf8, foreign_id, gather, lost, refuse

COLUMNS = ("document_id", "outlet", "layer", "label", "text", "start", "end", "attributes", "author", "status",
           "id", "document_title", "origin", "created_at", "modified_at")
REQUIRED = ("document_id", "layer", "label", "start", "end")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value):
    """A cell a spreadsheet will not evaluate (OWASP CSV injection): ``=SUM(A1)`` is written ``'=SUM(A1)``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def write_csv(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    docs = {d["id"]: d for d in content.documents}
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        for a in content.annotations:
            d = docs[a["document_id"]]
            writer.writerow([escape_cell(v) for v in (
                a["document_id"], d["source"], a["layer"], a["label"], a["text"], a["start"], a["end"],
                json.dumps(a["attributes"], ensure_ascii=False, sort_keys=True), a["author"], a["status"],
                a["id"], d["title"], a["origin"], a["created_at"], a["modified_at"],
            )])
    warnings = lost("links", len(content.links), "CSV (one row per annotation)", "use json, w3c-jsonld or hf-jsonl")
    return ExportResult(path, {"annotations": len(content.annotations)}, warnings)


def read_csv(path, data: bytes, options: dict) -> ImportBatch:
    text = decode_utf8(data, path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise refuse("the file is empty", path) from None
    except csv.Error as exc:
        raise refuse(f"malformed CSV: {exc}", path, reader.line_num) from None
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise refuse(f"the header lacks column(s) {', '.join(missing)} (expected {', '.join(COLUMNS)})", path, 1)
    batch = ImportBatch()
    seen: set[str] = set()
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise refuse(f"malformed CSV: {exc}", path, line) from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise refuse(f"{len(row)} fields, but the header has {len(header)}", path, line)

        def get(name: str, default: str = "", row=row) -> str:
            i = index.get(name)
            return unescape_cell(row[i]) if i is not None else default

        try:
            start, end = int(get("start")), int(get("end"))
        except ValueError:
            raise refuse(f"start/end must be integers, got {get('start')!r}/{get('end')!r}", path, line) from None
        if not 0 <= start < end:
            raise refuse(f"offsets {start}-{end} are not a non-empty span", path, line)
        raw_attrs = get("attributes").strip()
        try:
            attrs = json.loads(raw_attrs) if raw_attrs else {}
        except json.JSONDecodeError as exc:
            raise refuse(f"attributes are not JSON ({exc.msg})", path, line) from None
        if not isinstance(attrs, dict):
            raise refuse("attributes must be a JSON object", path, line)
        ann_id = get("id").strip() or foreign_id("csv", str(path), str(line))
        if ann_id in seen:
            raise refuse(f"annotation id {ann_id!r} appears twice", path, line)
        seen.add(ann_id)
        batch.annotations.append(Annotation(
            id=ann_id, document_id=get("document_id").strip(), start=start, end=end, layer=get("layer"),
            label=get("label"), attributes=attrs, author=get("author"), origin=get("origin") or "csv",
            status=get("status") or "accepted", created_at=get("created_at"), modified_at=get("modified_at")))
        if "text" in index:
            batch.quotes[ann_id] = get("text")
        batch.lines[ann_id] = line
    return batch
