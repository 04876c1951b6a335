"""Streaming, filtered, deterministic rows of a project for exporters: documents, annotations (with their
covered ``text``), links (with both ends' document, offsets and text) and entity records, as plain dicts
in the ``annotator/1`` shape. Exporters of every format build on this rather than on the store."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import orjson

from ..specs import ExportFilters

CHUNK = 10_000


class ExportRows:
    """What an export with ``filters`` covers, read once, in the ``annotator/1`` shape. The one read model of
    exporters (``project.export_rows(filters)``); ``project.export_view(filters)`` is the same content as model
    objects."""

    def __init__(self, project, filters: ExportFilters | None = None):
        self._project = project
        self._store = project._store
        self.f = filters or ExportFilters()
        self.exported_at = self._store.latest_change() or self._store.get_meta("created_at")
        self.filters = {k: list(v) for k, v in dataclasses.asdict(self.f).items()}
        layers = project.layers()
        self.link_layers = tuple(n for n in self.f.layers if n in layers and layers[n].kind == "link")
        if self.link_layers:
            # `--layer contradiction` means those links with their ends: export the span layers they join too
            ends = {e for n in self.link_layers for e in layers[n].link_ends}
            ends |= self._store.link_end_layers(self.link_layers)
            self.f = dataclasses.replace(self.f, layers=tuple(sorted(set(self.f.layers) | ends)))
        self.layers = [
            {
                "name": spec.name, "kind": spec.kind, "title": spec.title or spec.name, "plugin": spec.plugin,
                "labels": [{"name": l.name, "color": l.color} for l in spec.labels],
            }
            for spec in sorted(layers.values(), key=lambda s: s.name)
        ]
        # the local file path stays out of datasets that get shared (it names the researcher's folders)
        self.project_info = {k: v for k, v in project.info().items() if k != "path"}
        self._doc_ids = set(self.f.documents) if self.f.documents else None
        self._texts: dict[str, str] = {}

    # ------------------------------------------------------------------------------------- documents

    def document_objects(self):
        return self._project.documents(list(self.f.documents) if self.f.documents else None)

    @property
    def documents(self) -> Iterator[dict[str, Any]]:
        for d in self.document_objects():
            self._texts[d.id] = d.text
            yield {
                "id": d.id, "title": d.title, "source": d.source, "published": d.published, "url": d.url,
                "language": d.language, "text": d.text, "sha256": d.sha256, "imported_at": d.imported_at,
                "meta": d.meta,
            }

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self._project.text(doc_id)
        return self._texts[doc_id]

    # ------------------------------------------------------------------------------------- annotations

    @property
    def annotation_count(self) -> int:
        return self._store.count_annotations(self.f)

    def annotation_chunks(self, *, raw_attributes: bool = True) -> Iterator[list[dict[str, Any]]]:
        """Lists of annotation dicts in export order. With ``raw_attributes`` the attributes are an
        ``orjson.Fragment`` (already-serialised JSON, for fast writing); otherwise a dict."""
        chunk: list[dict[str, Any]] = []
        current_doc, text = None, ""
        fragment = orjson.Fragment
        for r in self._store.iter_annotation_rows(self.f):
            if r[1] != current_doc:
                current_doc, text = r[1], self.text(r[1])
            attrs = r[6] or "{}"
            chunk.append({
                "id": r[0], "document_id": r[1], "start": r[2], "end": r[3], "text": text[r[2]:r[3]],
                "layer": r[4], "label": r[5], "attributes": fragment(attrs) if raw_attributes else orjson.loads(attrs),
                "author": r[7] or "", "origin": r[8] or "", "status": r[9], "created_at": r[10] or "",
                "modified_at": r[11] or "",
            })
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def annotations(self) -> Iterator[dict[str, Any]]:
        for chunk in self.annotation_chunks(raw_attributes=False):
            yield from chunk

    def annotation_json_chunks(self) -> Iterator[list[str]]:
        """The same annotations as :meth:`annotations`, each already serialised as compact JSON (a ``str``,
        byte for byte what ``orjson.dumps`` gives for its dict), in chunks: for writers of JSON formats that
        must stream a million annotations fast."""
        dumps = orjson.dumps
        current_doc, text = None, ""
        for rows in self._store.iter_annotation_json(self.f, CHUNK):
            lines = []
            for doc_id, start, end, head, tail in rows:
                if doc_id != current_doc:
                    current_doc, text = doc_id, self.text(doc_id)
                lines.append(f'{head[:-1]},"text":{dumps(text[start:end]).decode()},{tail[1:]}')
            yield lines

    # ------------------------------------------------------------------------------------- links, entities

    def links(self) -> Iterator[dict[str, Any]]:
        for r in self._store.iter_link_rows_with_ends(self.f, self.link_layers):
            sd, ss, se, td, ts, te = r[11:17]
            yield {
                "id": r[0], "layer": r[1], "label": r[2], "source_id": r[3], "target_id": r[4],
                "attributes": orjson.loads(r[5] or "{}"), "author": r[6] or "", "origin": r[7] or "",
                "status": r[8], "created_at": r[9] or "", "modified_at": r[10] or "",
                "source": {"document_id": sd, "start": ss, "end": se, "text": self.text(sd)[ss:se]},
                "target": {"document_id": td, "start": ts, "end": te, "text": self.text(td)[ts:te]},
            }

    def entities(self) -> Iterator[dict[str, Any]]:
        referenced = self._store.referenced_entity_ids(self.f)
        unfiltered = not (self.f.documents or self.f.layers or self.f.authors or self.f.labels)
        for e in self._store.entities():
            if e.id in referenced or (unfiltered and (not self.f.statuses or e.status in self.f.statuses)):
                yield {
                    "id": e.id, "canonical_name": e.canonical_name, "label": e.label, "qid": e.qid,
                    "aliases": e.aliases, "note": e.note, "attributes": e.attributes, "author": e.author,
                    "origin": e.origin, "status": e.status, "created_at": e.created_at, "modified_at": e.modified_at,
                }
