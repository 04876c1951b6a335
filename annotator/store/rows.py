"""Conversions between model objects and table rows (JSON columns encoded with orjson, keys sorted)."""

from __future__ import annotations

from typing import Any

import orjson

from ..model import Annotation, Document, Entity, Link

TABLE_OF = {"annotation": "annotations", "link": "links", "entity": "entities"}

ANNOTATION_COLUMNS = (
    "id", "document_id", "start", "end", "layer", "label", "attributes",
    "author", "origin", "status", "created_at", "modified_at",
)
LINK_COLUMNS = (
    "id", "layer", "label", "source_id", "target_id", "attributes",
    "author", "origin", "status", "created_at", "modified_at",
)
ENTITY_COLUMNS = (
    "id", "canonical_name", "label", "qid", "aliases", "note", "attributes",
    "author", "origin", "status", "created_at", "modified_at",
)
DOCUMENT_COLUMNS = (
    "id", "title", "source", "published", "url", "language", "text", "raw", "encoding",
    "sha256", "imported_at", "meta",
)
COLUMNS_OF = {"annotation": ANNOTATION_COLUMNS, "link": LINK_COLUMNS, "entity": ENTITY_COLUMNS}
JSON_COLUMNS = {"attributes", "aliases", "meta"}


def dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(value: str | None, default: Any = None) -> Any:
    if value is None or value == "":
        return default
    return orjson.loads(value)


def to_row(kind: str, obj) -> tuple:
    values = []
    for col in COLUMNS_OF[kind]:
        v = getattr(obj, col)
        if col in JSON_COLUMNS:
            v = dumps(v if v is not None else ({} if col != "aliases" else []))
        values.append(v)
    return tuple(values)


def annotation_from_row(r) -> Annotation:
    return Annotation(r[0], r[1], r[2], r[3], r[4], r[5], loads(r[6], {}), r[7] or "", r[8] or "", r[9],
                      r[10] or "", r[11] or "")


def link_from_row(r) -> Link:
    return Link(r[0], r[1], r[2], r[3], r[4], loads(r[5], {}), r[6] or "", r[7] or "", r[8], r[9] or "",
                r[10] or "")


def entity_from_row(r) -> Entity:
    return Entity(r[0], r[1], r[2] or "", r[3], loads(r[4], []), r[5] or "", loads(r[6], {}), r[7] or "",
                  r[8] or "", r[9] or "accepted", r[10] or "", r[11] or "")


def document_from_row(r, with_raw: bool = False) -> Document:
    return Document(
        id=r[0], title=r[1] or "", source=r[2] or "", published=r[3], url=r[4], language=r[5] or "en",
        text=r[6], raw=r[7] if with_raw else None, encoding=r[8], sha256=r[9], imported_at=r[10] or "",
        meta=loads(r[11], {}),
    )


FROM_ROW = {"annotation": annotation_from_row, "link": link_from_row, "entity": entity_from_row}


def obj_to_json(obj) -> str | None:
    return None if obj is None else dumps(obj.to_dict())
