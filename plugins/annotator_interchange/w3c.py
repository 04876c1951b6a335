"""W3C Web Annotation Data Model (JSON-LD): export and import.

``w3c-jsonld`` writes one ``AnnotationCollection`` whose first (and only) ``AnnotationPage`` holds every
annotation; the collection also carries the documents' texts and metadata in the extension property
``annotator:documents`` (a JSON literal, defined in the collection's context), so the file imports back
into an empty project. ``w3c-jsonl`` writes one annotation per line (no documents: importing it needs the
documents in the project already).

A span annotation targets a ``SpecificResource`` whose ``source`` is the document IRI
(``urn:annotator:doc:<id>``), with a ``TextQuoteSelector`` (exact, prefix, suffix) and a
``TextPositionSelector`` (Unicode code points, end-exclusive), which are alternatives for the same segment.
Its label is a ``TextualBody`` with purpose ``tagging``; layer, status, origin and attributes are a
``TextualBody`` with purpose ``describing`` and format ``application/json``. A link is an annotation with
motivation ``linking`` whose two targets are the ends' segments (in the same or different documents); its
describing body names the ends' annotation ids and which one is the source.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from annotator import Annotation, ExportResult, ImportBatch, Link, NewDocument

from ._common import (
    ANN_IRI,
    DOC_IRI,
    GENERATOR,
    LINK_IRI,
    decode_utf8,
    doc_iri,
    foreign_id,
    gather,
    iri,
    refuse,
    strip_prefix,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXT_NS = "urn:annotator:ns#"
EXT_CONTEXT = {
    "annotator": EXT_NS,
    "annotator:documents": {"@id": EXT_NS + "documents", "@type": "@json"},
}
CONTEXT_WINDOW = 32  # code points of prefix/suffix in a TextQuoteSelector
DESCRIBING_FORMAT = "application/json"
DEFAULT_LAYER = "w3c"
_GENERATOR = {"id": "urn:annotator:software", "type": "Software", "name": GENERATOR}


# --------------------------------------------------------------------------------------------- export


def _segment(doc_id: str, text: str, start: int, end: int) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": text[start:end]}
    if start > 0:
        quote["prefix"] = text[max(0, start - CONTEXT_WINDOW):start]
    if end < len(text):
        quote["suffix"] = text[end:end + CONTEXT_WINDOW]
    return {
        "type": "SpecificResource",
        "source": doc_iri(doc_id),
        "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}],
    }


def _common_keys(obj: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if obj.get("created_at"):
        out["created"] = obj["created_at"]
    if obj.get("modified_at"):
        out["modified"] = obj["modified_at"]
    if obj.get("author"):
        out["creator"] = {"type": "Person", "name": obj["author"]}
    out["generator"] = _GENERATOR
    return out


def _describing(payload: dict[str, Any]) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": "describing", "format": DESCRIBING_FORMAT,
            "value": json.dumps(payload, ensure_ascii=False, sort_keys=True)}


def span_annotation(a: dict[str, Any], text: str) -> dict[str, Any]:
    """The W3C annotation of one span annotation (an ``annotator/1`` dict) of a document with ``text``."""
    return {
        "@context": ANNO_CONTEXT,
        "id": iri(ANN_IRI, a["id"]),
        "type": "Annotation",
        "motivation": "tagging",
        **_common_keys(a),
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": a["label"]},
            _describing({"layer": a["layer"], "status": a["status"], "origin": a["origin"],
                         "attributes": a["attributes"]}),
        ],
        "target": _segment(a["document_id"], text, a["start"], a["end"]),
    }


def link_annotation(link: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """The W3C annotation (motivation ``linking``) of one link with both ends (an ``annotator/1`` link dict)."""
    s, t = link["source"], link["target"]
    return {
        "@context": ANNO_CONTEXT,
        "id": iri(LINK_IRI, link["id"]),
        "type": "Annotation",
        "motivation": "linking",
        **_common_keys(link),
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": link["label"]},
            _describing({"layer": link["layer"], "status": link["status"], "origin": link["origin"],
                         "attributes": link["attributes"], "source": iri(ANN_IRI, link["source_id"]),
                         "target": iri(ANN_IRI, link["target_id"])}),
        ],
        "target": [
            _segment(s["document_id"], texts[s["document_id"]], s["start"], s["end"]),
            _segment(t["document_id"], texts[t["document_id"]], t["start"], t["end"]),
        ],
    }


def _annotations(content) -> list[dict[str, Any]]:
    texts = {d["id"]: d["text"] for d in content.documents}
    out = [span_annotation(a, texts[a["document_id"]]) for a in content.annotations]
    out += [link_annotation(l, texts) for l in content.links]
    return out


def write_jsonld(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    items = _annotations(content)
    coll_id = f"urn:annotator:project:{content.info.get('id') or 'export'}"
    collection = {
        "@context": [ANNO_CONTEXT, EXT_CONTEXT],
        "id": coll_id,
        "type": "AnnotationCollection",
        "label": content.info.get("name") or "Annotator export",
        "total": len(items),
        "generator": _GENERATOR,
    }
    if content.exported_at:
        collection["modified"] = content.exported_at
    if items:
        collection["first"] = {"id": coll_id + ":page:1", "type": "AnnotationPage", "startIndex": 0,
                               "items": items}
        collection["last"] = coll_id + ":page:1"
    collection["annotator:documents"] = [
        {k: d[k] for k in ("id", "title", "source", "published", "url", "language", "text")}
        for d in content.documents
    ]
    path.write_bytes(orjson.dumps(collection, option=orjson.OPT_INDENT_2) + b"\n")
    return ExportResult(path, {"documents": len(content.documents), "annotations": len(content.annotations),
                               "links": len(content.links)})


def write_jsonl(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    with open(path, "wb") as out:
        for item in _annotations(content):
            out.write(orjson.dumps(item) + b"\n")
    warnings = []
    if content.documents:
        warnings.append("w3c-jsonl holds annotations only, not the documents' texts: import it into a project "
                        "that has the documents (or use w3c-jsonld, which carries them)")
    return ExportResult(path, {"annotations": len(content.annotations), "links": len(content.links)}, warnings)


# --------------------------------------------------------------------------------------------- import


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _has(value: Any, name: str) -> bool:
    return name in _as_list(value)


class _Reader:
    """Builds an :class:`ImportBatch` from W3C annotations, refusing the file at the first bad one."""

    def __init__(self, path):
        self.path = path
        self.batch = ImportBatch()
        self.texts: dict[str, str] = {}
        self.url_to_doc: dict[str, str] = {}
        self.spans: dict[tuple[str, int, int], str] = {}
        self.pending_links: list[tuple[dict[str, Any], int | None, str]] = []
        self.foreign_layer = 0

    def fail(self, reason: str, line: int | None, where: str):
        return refuse(f"{where}: {reason}" if where else reason, self.path, line)

    def add_documents(self, docs: Any, line: int | None) -> None:
        if not isinstance(docs, list):
            raise self.fail('"annotator:documents" must be a list', line, "collection")
        for i, d in enumerate(docs):
            if not (isinstance(d, dict) and isinstance(d.get("id"), str) and isinstance(d.get("text"), str)):
                raise self.fail(f"annotator:documents[{i}] needs a string id and text", line, "collection")
            self.texts[d["id"]] = d["text"]
            if d.get("url"):
                self.url_to_doc[d["url"]] = d["id"]
            self.batch.documents.append(NewDocument(
                id=d["id"], text=d["text"], title=d.get("title") or "", source=d.get("source") or "",
                published=d.get("published"), url=d.get("url"), language=d.get("language") or "en", clean=False))

    def document_of(self, source: Any, line, where) -> str:
        iri = source.get("id") if isinstance(source, dict) else source
        if not isinstance(iri, str):
            raise self.fail("the target has no source IRI", line, where)
        doc_id = strip_prefix(iri, DOC_IRI) or self.url_to_doc.get(iri)
        if doc_id is None:
            raise self.fail(f"target source {iri!r} is not a document of this file (urn:annotator:doc:<id> or "
                            "the URL of a document in annotator:documents)", line, where)
        return doc_id

    def segment(self, target: Any, line, where) -> tuple[str, int, int, str | None]:
        """(document id, start, end, exact quote or None) of a SpecificResource target."""
        if not isinstance(target, dict):
            raise self.fail("the target is not a SpecificResource with selectors", line, where)
        doc_id = self.document_of(target.get("source"), line, where)
        position = quote = None
        for sel in _as_list(target.get("selector")):
            if not isinstance(sel, dict):
                continue
            if _has(sel.get("type"), "TextPositionSelector"):
                position = sel
            elif _has(sel.get("type"), "TextQuoteSelector"):
                quote = sel
        text = self.texts.get(doc_id)
        exact = quote.get("exact") if quote else None
        if position is not None:
            start, end = position.get("start"), position.get("end")
            if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
                raise self.fail("TextPositionSelector start/end must be integers", line, where)
            if not 0 <= start < end or (text is not None and end > len(text)):
                size = f" (document length {len(text)})" if text is not None else ""
                raise self.fail(f"offsets {start}-{end} are outside the text{size}", line, where)
            if text is not None and exact is not None and text[start:end] != exact:
                raise self.fail(f"TextQuoteSelector exact {exact!r} does not match the text at {start}-{end} "
                                f"({text[start:end]!r})", line, where)
            return doc_id, start, end, exact
        if quote is not None and isinstance(exact, str) and exact and text is not None:
            start = _find_quote(text, exact, quote.get("prefix") or "", quote.get("suffix") or "")
            if start is None:
                raise self.fail(f"TextQuoteSelector {exact!r} is not in the document", line, where)
            return doc_id, start, start + len(exact), exact
        raise self.fail("the target needs a TextPositionSelector (or a TextQuoteSelector on an embedded "
                        "document)", line, where)

    def describing(self, bodies: list[Any], line, where) -> dict[str, Any]:
        for body in bodies:
            if isinstance(body, dict) and _has(body.get("purpose"), "describing") and \
                    body.get("format") == DESCRIBING_FORMAT and isinstance(body.get("value"), str):
                try:
                    data = json.loads(body["value"])
                except json.JSONDecodeError as exc:
                    raise self.fail(f"the describing body is not JSON ({exc.msg})", line, where) from None
                if not isinstance(data, dict):
                    raise self.fail("the describing body must hold a JSON object", line, where)
                return data
        return {}

    @staticmethod
    def label_of(bodies: list[Any]) -> str | None:
        for body in bodies:
            if isinstance(body, dict) and _has(body.get("purpose"), "tagging") and isinstance(body.get("value"), str):
                return body["value"]
        for body in bodies:
            if isinstance(body, str):
                return body
            if isinstance(body, dict) and isinstance(body.get("value"), str) and \
                    not _has(body.get("purpose"), "describing"):
                return body["value"]
        return None

    def annotation(self, item: Any, line: int | None, where: str) -> None:
        if not isinstance(item, dict) or not _has(item.get("type"), "Annotation"):
            raise self.fail('not a W3C annotation (needs "type": "Annotation")', line, where)
        iri = item.get("id") if isinstance(item.get("id"), str) else None
        where = f"{where} ({iri})" if iri else where
        bodies = _as_list(item.get("body"))
        if "bodyValue" in item and isinstance(item["bodyValue"], str):
            bodies.append(item["bodyValue"])
        meta = self.describing(bodies, line, where)
        if _has(item.get("motivation"), "linking"):
            self.pending_links.append((item, line, where))
            return
        targets = _as_list(item.get("target"))
        if len(targets) != 1:
            raise self.fail(f"a span annotation needs exactly one target, not {len(targets)}", line, where)
        doc_id, start, end, exact = self.segment(targets[0], line, where)
        label = self.label_of(bodies)
        if label is None:
            raise self.fail("no label: expected a TextualBody with purpose tagging", line, where)
        ann_id = strip_prefix(iri, ANN_IRI) or foreign_id(str(self.path), iri or f"{where}")
        layer = meta.get("layer") if isinstance(meta.get("layer"), str) else None
        if layer is None:
            self.foreign_layer += 1
        attrs = meta.get("attributes") if isinstance(meta.get("attributes"), dict) else {}
        creator = item.get("creator")
        author = creator.get("name") if isinstance(creator, dict) and isinstance(creator.get("name"), str) else ""
        self.batch.annotations.append(Annotation(
            id=ann_id, document_id=doc_id, start=start, end=end, layer=layer or DEFAULT_LAYER, label=label,
            attributes=attrs, author=author, origin=str(meta.get("origin") or "w3c"),
            status=str(meta.get("status") or "accepted"), created_at=str(item.get("created") or ""),
            modified_at=str(item.get("modified") or "")))
        self.spans.setdefault((doc_id, start, end), ann_id)
        if line is not None:
            self.batch.lines[ann_id] = line
        if exact is not None and doc_id not in self.texts:
            self.batch.quotes[ann_id] = exact

    def resolve_links(self) -> None:
        own = {a.id for a in self.batch.annotations}
        for item, line, where in self.pending_links:
            bodies = _as_list(item.get("body"))
            meta = self.describing(bodies, line, where)
            ends = [strip_prefix(meta.get(k), ANN_IRI) for k in ("source", "target")]
            if not all(ends):
                targets = _as_list(item.get("target"))
                if len(targets) != 2:
                    raise self.fail(f"a linking annotation needs two targets, not {len(targets)}", line, where)
                ends = []
                for t in targets:
                    doc_id, start, end, _ = self.segment(t, line, where)
                    found = self.spans.get((doc_id, start, end))
                    if found is None:
                        raise self.fail(f"link end {doc_id}:{start}-{end} is not an annotation of this file",
                                        line, where)
                    ends.append(found)
            elif not self.texts:
                pass  # ends may be annotations already in the project: the store checks them
            else:
                for end in ends:
                    if end not in own:
                        raise self.fail(f"link end {ANN_IRI}{end} is not an annotation of this file", line, where)
            iri = item.get("id") if isinstance(item.get("id"), str) else None
            creator = item.get("creator")
            author = creator.get("name") if isinstance(creator, dict) and isinstance(creator.get("name"), str) else ""
            self.batch.links.append(Link(
                id=strip_prefix(iri, LINK_IRI) or foreign_id(str(self.path), iri or where),
                layer=str(meta.get("layer") or DEFAULT_LAYER), label=self.label_of(bodies) or "link",
                source_id=ends[0], target_id=ends[1],
                attributes=meta.get("attributes") if isinstance(meta.get("attributes"), dict) else {},
                author=author, origin=str(meta.get("origin") or "w3c"), status=str(meta.get("status") or "accepted"),
                created_at=str(item.get("created") or ""), modified_at=str(item.get("modified") or "")))
            if line is not None:
                self.batch.lines[self.batch.links[-1].id] = line

    def finish(self) -> ImportBatch:
        self.resolve_links()
        if self.foreign_layer:
            self.batch.warnings.append(f"{self.path}: {self.foreign_layer} annotation(s) name no Annotator layer; "
                                       f"stored in layer {DEFAULT_LAYER!r}")
        return self.batch


def _find_quote(text: str, exact: str, prefix: str, suffix: str) -> int | None:
    best = None
    i = text.find(exact)
    while i >= 0:
        if text[:i].endswith(prefix) and text[i + len(exact):].startswith(suffix):
            return i
        best = i if best is None else best
        i = text.find(exact, i + 1)
    return best


def read_jsonld(path, data: bytes, options: dict) -> ImportBatch:
    text = decode_utf8(data, path)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(f"malformed JSON: {exc.msg}", path, exc.lineno) from None
    reader = _Reader(path)
    if isinstance(payload, dict) and _has(payload.get("type"), "AnnotationCollection"):
        if "annotator:documents" in payload:
            reader.add_documents(payload["annotator:documents"], None)
        page = payload.get("first")
        index = 0
        while isinstance(page, dict):
            for i, item in enumerate(_as_list(page.get("items"))):
                reader.annotation(item, None, f"annotation {index + i + 1}")
            index += len(_as_list(page.get("items")))
            page = page.get("next")
        if isinstance(page, str) and index < int(payload.get("total") or 0):
            raise refuse(f"the collection's pages are not embedded (next page {page!r}); only embedded pages "
                         "can be imported", path)
    elif isinstance(payload, dict) and _has(payload.get("type"), "AnnotationPage"):
        for i, item in enumerate(_as_list(payload.get("items"))):
            reader.annotation(item, None, f"annotation {i + 1}")
    elif isinstance(payload, list):
        for i, item in enumerate(payload):
            reader.annotation(item, None, f"annotation {i + 1}")
    elif isinstance(payload, dict):
        reader.annotation(payload, None, "")
    else:
        raise refuse("expected a W3C AnnotationCollection, AnnotationPage, annotation or list of annotations", path)
    return reader.finish()


def read_jsonl(path, data: bytes, options: dict) -> ImportBatch:
    text = decode_utf8(data, path)
    reader = _Reader(path)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise refuse(f"malformed JSON: {exc.msg} (column {exc.colno})", path, n) from None
        reader.annotation(item, n, "")
    return reader.finish()
