""""Tag all other occurrences": the selected, already tagged text found across the corpus and proposed with the
same label (and entity) as suggestions for review. Headless; the command in :mod:`annotator_entities.commands`
calls it with the window's selection.
"""

from __future__ import annotations

import re

from annotator import EditError

from . import LAYER, PLUGIN


def source_annotation(project, document_id: str, start: int, end: int):
    """The entity annotation that covers exactly ``start``-``end`` (accepted preferred), or None."""
    anns = [a for a in project.annotations(document_id=document_id, layer=LAYER)
            if a.start == start and a.end == end and a.status != "rejected"]
    anns.sort(key=lambda a: a.status != "accepted")
    return anns[0] if anns else None


def tag_other_occurrences(project, document_id: str, start: int, end: int, *, label: str | None = None,
                          case_sensitive: bool = True) -> list:
    """Store every other whole-word occurrence of the text at ``start``-``end`` as a ``suggested`` entity
    annotation with the label (and ``entity_id``) of the annotation there, in one undo step. Occurrences that
    overlap an accepted or suggested entity annotation, or repeat a rejected span, are skipped. ``label`` tags
    from an untagged selection. Returns the new annotations."""
    text = project.text(document_id)
    if not (0 <= start < end <= len(text)):
        raise EditError("select the text to look for first")
    needle = text[start:end]
    if not needle.strip():
        raise EditError("the selection is only white space")
    source = source_annotation(project, document_id, start, end)
    if source is None and label is None:
        raise EditError(f"tag {needle!r} first (a label's number key), then tag all other occurrences")
    label = source.label if source is not None else label
    attrs = {"_reason": f"another occurrence of {needle!r}"}
    if source is not None and source.attributes.get("entity_id"):
        attrs["entity_id"] = source.attributes["entity_id"]
        attrs["canonical_name"] = source.attributes.get("canonical_name", needle)
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", 0 if case_sensitive else re.IGNORECASE)
    hits: list[tuple[str, int, int]] = []
    for doc in project.iter_documents():
        spans = [m.span() for m in pattern.finditer(doc.text)]
        if not spans:
            continue
        existing = project.annotations(document_id=doc.id, layer=LAYER)
        blocking = [(a.start, a.end) for a in existing if a.status != "rejected"]
        rejected = {(a.start, a.end) for a in existing if a.status == "rejected"}
        for s, e in spans:
            if doc.id == document_id and (s, e) == (start, end):
                continue
            if (s, e) in rejected or any(s < be and bs < e for bs, be in blocking):
                continue
            hits.append((doc.id, s, e))
    created = []
    if hits:
        with project.batch():
            for doc_id, s, e in hits:
                created.append(project.add_annotation(doc_id, s, e, LAYER, label, dict(attrs), status="suggested",
                                                      origin=PLUGIN))
    return created
