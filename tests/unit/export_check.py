"""Checks every test applies to an ``annotator/1`` JSON export: it validates against the shipped JSON Schema,
and every annotation's ``text`` (and every link end's ``text``) equals ``document.text[start:end]``.

Use it on every export a test makes::

    from export_check import check_export          # from a module in tests/unit
    from tests.unit.export_check import check_export  # from anywhere else

    data = check_export(path)   # returns the parsed document
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "annotator" / "schemas" / "annotator-1.schema.json"


@functools.cache
def validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_export(source: str | Path | bytes | dict[str, Any], *, texts: dict[str, str] | None = None) -> dict[str, Any]:
    """Validate an export (a path, its bytes, or the parsed dict) and check every span's text.

    ``texts`` maps document ids to their text for exports filtered to fewer documents than their annotations
    point into (links across documents); by default the exported documents are used.
    """
    if isinstance(source, dict):
        data = source
    else:
        raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
        data = json.loads(raw)
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "export does not match the schema:\n" + "\n".join(
        f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:20])
    doc_text = {d["id"]: d["text"] for d in data["documents"]}
    doc_text.update(texts or {})
    ann_ids = set()
    for a in data["annotations"]:
        assert a["document_id"] in doc_text, f"annotation {a['id']} points at a document not in the export"
        text = doc_text[a["document_id"]]
        assert 0 <= a["start"] < a["end"] <= len(text), f"annotation {a['id']} offsets outside its document"
        assert a["text"] == text[a["start"]:a["end"]], (
            f"annotation {a['id']}: text {a['text']!r} != document text {text[a['start']:a['end']]!r}")
        ann_ids.add(a["id"])
    assert len(ann_ids) == len(data["annotations"]), "duplicate annotation ids"
    for link in data["links"]:
        assert link["source_id"] in ann_ids and link["target_id"] in ann_ids, (
            f"link {link['id']} has an end not exported")
        for side in ("source", "target"):
            end = link.get(side)
            if end is not None:
                text = doc_text[end["document_id"]]
                assert end["text"] == text[end["start"]:end["end"]], f"link {link['id']} {side} text mismatch"
    entity_ids = {e["id"] for e in data["entities"]}
    for a in data["annotations"]:
        for key in ("entity_id", "speaker_entity_id"):
            ref = a["attributes"].get(key)
            if ref:
                assert ref in entity_ids, f"annotation {a['id']} refers to entity {ref} not in the export"
    return data
