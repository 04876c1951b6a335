"""Label Studio: its JSON task format, exported with a labeling config and read back.

Export (``label-studio``) writes a folder:

- ``tasks.json``: one task per document, ``data`` holding ``text`` and the document's title, outlet, date, URL and
  Annotator id; accepted annotations as ``annotations`` (one per author, ``completed_by`` set where the author is
  mapped to a Label Studio user id with the option ``users``), suggestions as ``predictions`` (one per suggesting
  plugin, ``model_version`` = the plugin, each region's ``score``). Spans are ``labels`` results
  (``value.start/end/text/labels``, ``from_name`` = the layer), links within a document ``relation`` results
  (``from_id``/``to_id``, ``labels`` = the link's label); attributes ride along in each region's ``meta``;
- ``label_config.xml``: the ``<View>`` with one ``<Labels>`` per span layer and the link labels as
  ``<Relations>``, to create the Label Studio project from;
- ``cross_document_links.jsonl`` when there are links between documents, which a Label Studio task (one text)
  cannot hold: the export warns, and Annotator's import reads the file back.

Import (``label-studio``, named with ``--format``; and a folder written by the export, recognised) reads Label
Studio's JSON export (a list of tasks, or one task): ``annotations`` become accepted annotations authored by
``completed_by`` (a user's e-mail when the export carries it, else ``label-studio-user-<id>``), ``predictions``
suggestions with their ``score``; cancelled annotations are skipped and counted. A ``from_name`` of Label Studio's
templates (``label``, ``ner``) becomes the ``entity`` layer; any other names its layer. Label Studio counts
offsets in code points like Annotator; a region whose ``text`` differs from the task text at its offsets refuses the
file, naming the task and region.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator import Annotation, ExportResult, ImportBatch, Link, NewDocument

from ._common import count_phrase, foreign_id, gather, refuse

TASKS = "tasks.json"
CONFIG = "label_config.xml"
CROSS_LINKS = "cross_document_links.jsonl"
TEXT_NAME = "text"
TEMPLATE_NAMES = {"label": "entity", "ner": "entity", "labels": "entity"}
DEFAULT_LAYER = "entity"
# Okabe-Ito: distinguishable by colour-blind readers (the window's palette too)
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
_REGION_ID = re.compile(r"[^0-9A-Za-z_-]")


# --------------------------------------------------------------------------------------------- export


def write_label_studio(project, path: Path, filters, task, users: dict[str, int] | None = None) -> ExportResult:
    content = gather(project, filters, task)
    path.mkdir(parents=True, exist_ok=True)
    users = dict(users or _users_setting(project))
    ann_doc = {a["id"]: a["document_id"] for a in content.annotations}
    by_doc = content.by_document
    links_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cross = []
    for link in content.links:
        s, t = ann_doc[link["source_id"]], ann_doc[link["target_id"]]
        if s == t:
            links_by_doc[s].append(link)
        else:
            cross.append(link)
    tasks = []
    counts = Counter()
    unmapped: set[str] = set()
    for n, d in enumerate(content.documents, 1):
        if task is not None:
            task.check()
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for a in by_doc.get(d["id"], []):
            if a["status"] == "suggested":
                groups[("prediction", a["origin"] or "suggester")].append(a)
            else:
                groups[("annotation", a["author"] or "")].append(a)
        placed = {a["id"]: key for key, anns in groups.items() for a in anns}
        out_task: dict[str, Any] = {
            "id": n,
            "data": {TEXT_NAME: d["text"], "title": d["title"], "source": d.get("source") or "",
                     "published": d.get("published"), "url": d.get("url"), "annotator_document_id": d["id"]},
            "annotations": [], "predictions": [],
        }
        for (kind, who), anns in sorted(groups.items()):
            result = [_region(a) for a in anns]
            for link in links_by_doc.get(d["id"], []):
                if placed.get(link["source_id"]) == (kind, who) and placed.get(link["target_id"]) == (kind, who):
                    result.append(_relation(link))
                    counts["relations"] += 1
            if kind == "prediction":
                scores = [a["attributes"].get("_score") for a in anns
                          if isinstance(a["attributes"].get("_score"), (int, float))]
                out_task["predictions"].append({"model_version": who, "result": result,
                                                **({"score": sum(scores) / len(scores)} if scores else {})})
                counts["predictions"] += len(anns)
            else:
                entry: dict[str, Any] = {"result": result, "was_cancelled": False, "ground_truth": False}
                if who in users:
                    entry["completed_by"] = users[who]
                elif who:
                    unmapped.add(who)
                entry["meta"] = {"annotator_author": who} if who else {}
                out_task["annotations"].append(entry)
                counts["annotations"] += len(anns)
        tasks.append(out_task)
    links_not_placed = sum(len(v) for v in links_by_doc.values()) - counts["relations"]
    (path / TASKS).write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    (path / CONFIG).write_text(label_config(project, content), encoding="utf-8")
    warnings = []
    if cross:
        with open(path / CROSS_LINKS, "w", encoding="utf-8") as f:
            for link in cross:
                f.write(json.dumps({k: link[k] for k in ("id", "layer", "label", "source_id", "target_id",
                                                         "attributes")}, ensure_ascii=False, sort_keys=True) + "\n")
        warnings.append(f"{len(cross)} link(s) join two documents, which a Label Studio task cannot hold: written to "
                        f"{CROSS_LINKS} (Label Studio does not read it; Annotator's import does)")
    if links_not_placed:
        warnings.append(f"{links_not_placed} link(s) join annotations of different authors or suggesters, which one "
                        "Label Studio result list cannot hold: not written")
    if unmapped:
        warnings.append(f"authors with no Label Studio user id ({', '.join(sorted(unmapped))}): their annotations are "
                        "written without completed_by (Label Studio assigns them to the importing user); map them "
                        "with the interchange setting label_studio.users, e.g. {\"alice\": 1}")
    return ExportResult(path, {"tasks": len(tasks), **counts, "cross-document links": len(cross)}, warnings)


def _users_setting(project) -> dict[str, int]:
    value = project.get_setting("interchange", "label_studio.users", {}) or {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int) or str(v).isdigit()} \
        if isinstance(value, dict) else {}


def _region_id(ann_id: str) -> str:
    return _REGION_ID.sub("_", ann_id)


def _region(a: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": _region_id(a["id"]), "from_name": a["layer"], "to_name": TEXT_NAME, "type": "labels",
        "value": {"start": a["start"], "end": a["end"], "text": a["text"], "labels": [a["label"]]},
    }
    attrs = {k: v for k, v in a["attributes"].items() if k not in ("_score",)}
    if isinstance(a["attributes"].get("_score"), (int, float)):
        out["score"] = a["attributes"]["_score"]
    out["meta"] = {"annotator_id": a["id"], **({"annotator_attributes": attrs} if attrs else {})}
    return out


def _relation(link: dict[str, Any]) -> dict[str, Any]:
    return {"from_id": _region_id(link["source_id"]), "to_id": _region_id(link["target_id"]), "type": "relation",
            "direction": "right", "labels": [link["label"]],
            "meta": {"annotator_id": link["id"], "annotator_layer": link["layer"],
                     **({"annotator_attributes": link["attributes"]} if link["attributes"] else {})}}


def label_config(project, content) -> str:
    """The Label Studio labeling config for the layers and labels of an export (and every label each declares)."""
    layers = content.layers
    used: dict[str, set[str]] = defaultdict(set)
    for a in content.annotations:
        used[a["layer"]].add(a["label"])
    rel_labels = sorted({l["label"] for l in content.links})
    lines = ["<View>"]
    if rel_labels:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={quoteattr(label)}/>" for label in rel_labels]
        lines.append("  </Relations>")
    colour = 0
    for layer in sorted(used):
        spec = layers.get(layer)
        declared = [lab.name for lab in getattr(spec, "labels", ())] if spec is not None else []
        names = declared + sorted(used[layer] - set(declared))
        lines.append(f"  <Labels name={quoteattr(layer)} toName={quoteattr(TEXT_NAME)}>")
        for name in names:
            lines.append(f"    <Label value={quoteattr(name)} background={quoteattr(PALETTE[colour % len(PALETTE)])}/>")
            colour += 1
        lines.append("  </Labels>")
    lines.append(f"  <Text name={quoteattr(TEXT_NAME)} value=\"$text\"/>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------- import


def is_label_studio_folder(folder: Path) -> bool:
    return (folder / TASKS).is_file() and (folder / CONFIG).is_file()


def read_label_studio_folder(path, data, options) -> ImportBatch:
    folder = Path(path)
    tasks_path = folder / TASKS
    batch = read_label_studio(tasks_path, tasks_path.read_bytes(), options)
    cross = folder / CROSS_LINKS
    if cross.is_file():
        ids = {a.id for a in batch.annotations}
        for n, line in enumerate(cross.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip():
                continue
            try:
                c = json.loads(line)
                link = Link(id=c["id"], layer=c["layer"], label=c["label"], source_id=c["source_id"],
                            target_id=c["target_id"], attributes=c.get("attributes") or {}, origin="label-studio")
            except (ValueError, KeyError, TypeError):
                raise refuse(f"{CROSS_LINKS}: line {n} is not a link record", cross, n) from None
            if link.source_id not in ids or link.target_id not in ids:
                raise refuse(f"{CROSS_LINKS}: line {n}: an end is not an annotation of {TASKS}", cross, n)
            batch.links.append(link)
    return batch


def read_label_studio(path, data: bytes, options: dict) -> ImportBatch:
    path = Path(path)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise refuse(f"the file is not UTF-8 ({exc.reason} at byte {exc.start})", path) from None
    except json.JSONDecodeError as exc:
        raise refuse(f"malformed JSON: {exc.msg}", path, exc.lineno) from None
    if isinstance(payload, dict) and "data" in payload:
        payload = [payload]
    if not isinstance(payload, list) or not all(isinstance(t, dict) for t in payload):
        raise refuse("not a Label Studio export: expected a list of tasks (objects with \"data\")", path)
    batch = ImportBatch()
    skipped = Counter()
    used_doc_ids: set[str] = set()
    for k, t in enumerate(payload):
        where = f"task {t.get('id', k)}"
        data_ = t.get("data")
        if not isinstance(data_, dict):
            raise refuse(f"{where}: \"data\" must be an object", path)
        text = data_.get(TEXT_NAME)
        if not isinstance(text, str):
            strings = [v for v in data_.values() if isinstance(v, str) and v.strip()]
            text = max(strings, key=len) if strings else None
        if not isinstance(text, str) or not text.strip():
            raise refuse(f"{where}: no text in \"data\" (expected data.text)", path)
        doc_id = data_.get("annotator_document_id")
        if not (isinstance(doc_id, str) and doc_id):
            doc_id = foreign_id(path.name, "task", str(t.get("id", k)), text[:64])
        if doc_id in used_doc_ids:
            raise refuse(f"{where}: document id {doc_id!r} is used by two tasks", path)
        used_doc_ids.add(doc_id)
        batch.documents.append(NewDocument(
            id=doc_id, text=text, title=str(data_.get("title") or f"Label Studio task {t.get('id', k)}"),
            source=str(data_.get("source") or ""), published=data_.get("published") or None,
            url=data_.get("url") or None, clean=False))
        for kind in ("annotations", "predictions"):
            entries = t.get(kind) or []
            if not isinstance(entries, list):
                raise refuse(f"{where}: \"{kind}\" must be a list", path)
            for j, entry in enumerate(entries):
                if isinstance(entry, int) and not isinstance(entry, bool):
                    skipped[f"{kind} listed by id only (export a snapshot with them in full)"] += 1
                    continue
                if not isinstance(entry, dict):
                    raise refuse(f"{where}: {kind}[{j}] must be an object", path)
                if entry.get("was_cancelled"):
                    skipped["cancelled annotations"] += 1
                    continue
                _read_result(batch, path, f"{where} {kind}[{j}]", doc_id, text, entry, kind, skipped,
                             str(t.get("id", k)), j)
    if skipped:
        batch.warnings.append(f"not imported: {count_phrase(skipped)}")
    return batch


def _author_of(entry: dict[str, Any]) -> str:
    meta = entry.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("annotator_author"), str) and meta["annotator_author"]:
        return meta["annotator_author"]
    who = entry.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("username") or f"label-studio-user-{who.get('id')}")
    if isinstance(who, int):
        return f"label-studio-user-{who}"
    return ""


def _read_result(batch, path, where, doc_id, text, entry, kind, skipped, task_key, j) -> None:
    result = entry.get("result") or []
    if not isinstance(result, list):
        raise refuse(f"{where}: \"result\" must be a list", path)
    author = _author_of(entry) if kind == "annotations" else ""
    status = "accepted" if kind == "annotations" else "suggested"
    origin = "label-studio" if kind == "annotations" else str(entry.get("model_version") or "label-studio")
    regions: dict[str, list[str]] = defaultdict(list)  # Label Studio region id -> our annotation ids
    relations = []
    extras: list[dict[str, Any]] = []
    for r_n, r in enumerate(result):
        if not isinstance(r, dict):
            raise refuse(f"{where}: result[{r_n}] must be an object", path)
        rtype = r.get("type")
        if rtype == "relation":
            relations.append((r_n, r))
            continue
        value = r.get("value")
        if rtype not in ("labels", "hypertextlabels") or not isinstance(value, dict):
            if r.get("id") is not None and rtype in ("choices", "textarea", "rating", "number"):
                extras.append(r)
            else:
                skipped[f"results of type {rtype!r}"] += 1
            continue
        start, end = value.get("start"), value.get("end")
        rid = str(r.get("id") or f"r{r_n}")
        if not (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
                and 0 <= start < end <= len(text)):
            raise refuse(f"{where}: region {rid}: offsets {start!r}-{end!r} are not inside the text "
                         f"(length {len(text)})", path)
        if "text" in value and value["text"] != text[start:end]:
            raise refuse(f"{where}: region {rid}: text {value['text']!r} does not match the task text at "
                         f"{start}-{end} ({text[start:end]!r})", path)
        labels = value.get("labels") or value.get("hypertextlabels") or []
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x for x in labels):
            raise refuse(f"{where}: region {rid}: \"labels\" must be a non-empty list of names", path)
        meta = r.get("meta") if isinstance(r.get("meta"), dict) else {}
        attrs = meta.get("annotator_attributes") if isinstance(meta.get("annotator_attributes"), dict) else {}
        attrs = dict(attrs)
        if isinstance(r.get("score"), (int, float)) and not isinstance(r.get("score"), bool):
            attrs["_score"] = r["score"]
        if isinstance(meta.get("text"), list) and meta["text"]:
            attrs.setdefault("note", "\n".join(str(x) for x in meta["text"]))
        from_name = str(r.get("from_name") or "label")
        layer = TEMPLATE_NAMES.get(from_name, from_name)
        for i, label in enumerate(labels):
            given = meta.get("annotator_id") if i == 0 else None
            ann_id = given if isinstance(given, str) and given else foreign_id(path.name, task_key, kind, str(j),
                                                                               rid, label)
            batch.annotations.append(Annotation(id=ann_id, document_id=doc_id, start=start, end=end, layer=layer,
                                                label=label, attributes=attrs, author=author, origin=origin,
                                                status=status))
            regions[rid].append(ann_id)
    for r in extras:  # per-region choices / text areas: attributes of that region's annotations
        ids = regions.get(str(r.get("id")))
        value = r.get("value") or {}
        field = str(r.get("from_name") or r.get("type"))
        got = value.get("choices", value.get("text", value.get("rating", value.get("number"))))
        if not ids:
            skipped[f"results of type {r.get('type')!r} not attached to a span"] += 1
            continue
        if isinstance(got, list) and len(got) == 1:
            got = got[0]
        for ann_id in ids:
            i = next(i for i, a in enumerate(batch.annotations) if a.id == ann_id)
            a = batch.annotations[i]
            batch.annotations[i] = a.replace(attributes={**a.attributes, field: got})
    for r_n, r in relations:
        src, dst = regions.get(str(r.get("from_id"))), regions.get(str(r.get("to_id")))
        if not src or not dst:
            raise refuse(f"{where}: result[{r_n}]: relation between unknown regions "
                         f"{r.get('from_id')!r} and {r.get('to_id')!r}", path)
        if r.get("direction") == "left":
            src, dst = dst, src
        meta = r.get("meta") if isinstance(r.get("meta"), dict) else {}
        labels = r.get("labels") or ["relation"]
        attrs = dict(meta.get("annotator_attributes") or {}) if isinstance(meta.get("annotator_attributes"),
                                                                           dict) else {}
        if r.get("direction") == "bi":
            attrs["bidirectional"] = True
        layer = meta.get("annotator_layer") if isinstance(meta.get("annotator_layer"), str) else "relation"
        for i, label in enumerate(labels):
            given = meta.get("annotator_id") if i == 0 else None
            link_id = given if isinstance(given, str) and given else foreign_id(
                path.name, task_key, kind, str(j), "rel", str(r_n), str(label))
            batch.links.append(Link(id=link_id, layer=layer, label=str(label), source_id=src[0], target_id=dst[0],
                                    attributes=attrs, author=author, origin=origin, status=status))
