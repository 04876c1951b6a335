"""spaCy DocBin (``.spacy``): the training-data format of ``spacy train``. Needs spaCy (the ``nlp`` extra); the
plugin registers it only when spaCy is installed, and this module imports spaCy only when used.

Each document becomes a ``Doc`` made by the blank tokenizer of its language (``xx`` if spaCy has none).
``doc.ents`` holds the entity layer (see ``entity_layers``: the ``--layer`` given, else ``entity``), without
overlaps (the longest of overlapping spans is kept; the rest counted in a warning). Every exported span layer
is also kept whole, overlaps included, in ``doc.spans[<layer>]`` (what spaCy's ``spancat`` trains on). A span
whose edges fall inside a token is widened to whole tokens (counted in a warning). The document id, title and
outlet are in ``doc.user_data``; links and attributes are not held.

The import reads a DocBin back: texts, ``doc.spans`` groups (layer = group name) and ``doc.ents`` (layer
``entity``, unless the same span is already in a group of that layer).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotator import Annotation, ExportResult, ImportBatch, NewDocument

from ._common import dropped_fields, entity_layers, foreign_id, gather, lost, non_overlapping, refuse, sequence_id


def _nlp(lang: str, cache: dict):
    import spacy

    if lang not in cache:
        try:
            cache[lang] = spacy.blank(lang or "xx")
        except Exception:  # unknown language code: the multi-language tokenizer
            cache[lang] = spacy.blank("xx")
    return cache[lang]


def _span(doc, a, counts):
    span = doc.char_span(a["start"], a["end"], label=a["label"])
    if span is None:
        span = doc.char_span(a["start"], a["end"], label=a["label"], alignment_mode="expand")
        counts["widened"] += 1
    return span


def write_docbin(project, path: Path, filters, task) -> ExportResult:
    from spacy.tokens import DocBin

    content = gather(project, filters, task)
    ent_layers, warnings = entity_layers(content)
    warnings = [w for w in warnings if not w.startswith("layers not tagged")]
    by_doc = content.by_document
    cache: dict = {}
    counts = {"widened": 0, "overlap": 0, "empty": 0, "ents": 0}
    docbin = DocBin(store_user_data=True)
    for i, d in enumerate(content.documents):
        task.check()
        doc = _nlp(d["language"], cache).make_doc(d["text"])
        doc.user_data["annotator_id"] = d["id"]
        doc.user_data["title"] = d["title"]
        doc.user_data["source"] = d["source"]
        anns = by_doc.get(d["id"], [])
        for layer in sorted({a["layer"] for a in anns}):
            spans = []
            for a in anns:
                if a["layer"] == layer:
                    span = _span(doc, a, counts)
                    if span is None or not len(span):
                        counts["empty"] += 1
                    else:
                        spans.append(span)
            doc.spans[layer] = spans
        ents = [a for a in anns if a["layer"] in ent_layers]
        kept, dropped = non_overlapping(ents)
        counts["overlap"] += len(dropped)
        spans = []
        for a in kept:
            span = doc.char_span(a["start"], a["end"], label=a["label"], alignment_mode="expand")
            if span is not None and len(span) and all(span.start >= s.end or span.end <= s.start for s in spans):
                spans.append(span)
            elif span is not None and len(span):
                counts["overlap"] += 1
        doc.ents = spans
        counts["ents"] += len(spans)
        docbin.add(doc)
        task.progress(i + 1, len(content.documents), "documents")
    path.write_bytes(docbin.to_bytes())
    warnings += lost("overlapping entities", counts["overlap"], "doc.ents",
                     "they are all in doc.spans[<layer>]")
    if counts["widened"]:
        warnings.append(f"{counts['widened']} span(s) start or end inside a spaCy token and were widened to whole "
                        "tokens")
    warnings += lost("spans of whitespace only", counts["empty"], "spaCy")
    warnings += lost("links", len(content.links), "a DocBin")
    warnings += dropped_fields(content, "A DocBin", ("attributes", "status"))
    return ExportResult(path, {"documents": len(content.documents), "entities": counts["ents"],
                               "spans": len(content.annotations)}, warnings)


def read_docbin(path, data: bytes, options: dict) -> ImportBatch:
    import spacy
    from spacy.tokens import DocBin

    try:
        docbin = DocBin().from_bytes(data)
        docs = list(docbin.get_docs(spacy.blank("xx").vocab))
    except Exception as exc:
        raise refuse(f"not a spaCy DocBin ({type(exc).__name__}: {exc})", path) from None
    batch = ImportBatch()
    for k, doc in enumerate(docs, 1):
        user = doc.user_data if isinstance(doc.user_data, dict) else {}
        doc_id = user.get("annotator_id") if isinstance(user.get("annotator_id"), str) \
            else sequence_id("docbin\x1f" + hashlib.sha1(data).hexdigest(), k)
        title = user.get("title") or f"{Path(str(path)).stem} {k}"
        batch.documents.append(NewDocument(id=doc_id, text=doc.text, title=title, source=user.get("source") or "",
                                           clean=False))
        seen = set()
        for layer, group in doc.spans.items():
            for span in group:
                key = (span.start_char, span.end_char, layer, span.label_)
                if key in seen or span.start_char >= span.end_char:
                    continue
                seen.add(key)
                batch.annotations.append(Annotation(id=foreign_id(doc_id, *map(str, key)), document_id=doc_id,
                                                    start=span.start_char, end=span.end_char, layer=layer,
                                                    label=span.label_, origin="spacy"))
        held = {(s, e, label) for s, e, _, label in seen}
        for span in doc.ents:
            key = (span.start_char, span.end_char, "entity", span.label_)
            if key[:2] + key[3:] in held:
                continue
            seen.add(key)
            batch.annotations.append(Annotation(id=foreign_id(doc_id, *map(str, key)), document_id=doc_id,
                                                start=span.start_char, end=span.end_char, layer="entity",
                                                label=span.label_, origin="spacy"))
    return batch
