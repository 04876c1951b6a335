"""REFI-QDA project (``.qdpx``), the exchange standard of NVivo, ATLAS.ti, MAXQDA and QualCoder: export and
import.

A ``.qdpx`` is a zip with ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and ``sources/``.
Mapping (element order as the REFI-QDA Project schema 1.0 requires):

- ``Users``: one ``User`` per annotation/link author.
- ``CodeBook``: one code per layer (``isCodable="false"``) holding one code per label (``isCodable="true"``,
  the label's colour).
- ``Variables``: ``Outlet``, ``Published``, ``URL`` (Text); each source carries its values.
- ``Sources``: one ``TextSource`` per document, its text in ``sources/<guid>.txt`` (UTF-8, ``plainTextPath``
  ``internal://<guid>.txt``), with one ``PlainTextSelection`` per annotation (``startPosition``/``endPosition``
  count characters: Unicode code points, zero-based, end-exclusive) coded with its label's code. Attributes
  are the selection's ``Description`` (a JSON object).
- ``Notes`` + ``Links``: a link is a ``Link`` from its source selection to its target selection (``OneWay``,
  named by its label), with a note holding its layer and attributes as JSON.

GUIDs are UUIDv5 of our ids, so exporting twice gives the same GUIDs. REFI-QDA has no review status and no
annotation origin: the export warns when suggested or rejected annotations are included.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET

from annotator import Annotation, ExportResult, ImportBatch, Link, NewDocument, __version__

from ._common import (
    GENERATOR,
    ArchiveLimits,
    count_phrase,
    foreign_id,
    gather,
    guid,
    read_member,
    refuse,
    text_member,
)

NS = "urn:QDA-XML:project:1.0"
SCHEMA_LOCATION = "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
VARIABLES = (("Outlet", "source"), ("Published", "published"), ("URL", "url"))
LINK_NOTE_NAME = "Annotator link"
DEFAULT_LAYER = "qda"


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, **attrs: Any) -> ET.Element:
    el = ET.SubElement(parent, q(tag))
    for k, v in attrs.items():
        if v is not None and v != "":
            el.set(k, _xml_text(str(v)))
    return el


def _color(value: str | None) -> str | None:
    if isinstance(value, str) and value.startswith("#") and len(value) in (4, 7):
        try:
            int(value[1:], 16)
            return value
        except ValueError:
            return None
    return None


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (they would make project.qde unreadable)."""
    return _XML_BAD.sub("\ufffd", value)


def _datetime(value: str | None) -> str | None:
    return value if value and "T" in value else None


# --------------------------------------------------------------------------------------------- export


def write_qdpx(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    pid = content.info.get("id") or "project"
    ET.register_namespace("", NS)
    root = ET.Element(q("Project"))
    root.set("name", content.info.get("name") or "Annotator project")
    root.set("origin", GENERATOR)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    if _datetime(content.exported_at):
        root.set("modifiedDateTime", content.exported_at)

    authors = sorted({a["author"] for a in content.annotations if a["author"]}
                     | {l["author"] for l in content.links if l["author"]})
    user_guid = {name: guid("user", name) for name in authors}
    if authors:
        users = _sub(root, "Users")
        for name in authors:
            _sub(users, "User", guid=user_guid[name], name=name)

    # codes: layer -> labels (declared labels first, with colours; then labels only found in the data)
    used: dict[str, list[str]] = {}
    for a in content.annotations:
        labels = used.setdefault(a["layer"], [])
        if a["label"] not in labels:
            labels.append(a["label"])
    code_guid: dict[tuple[str, str], str] = {}
    if used:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        for layer in sorted(used):
            spec = content.layers.get(layer)
            parent = _sub(codes, "Code", guid=guid("layer", pid, layer), name=(spec.title if spec and spec.title
                                                                                 else layer),
                          isCodable="false", color=_color(spec.color) if spec else None)
            _sub(parent, "Description").text = f"Annotator layer {layer}"
            for label in sorted(used[layer]):
                code_guid[(layer, label)] = guid("code", pid, layer, label)
                code = _sub(parent, "Code", guid=code_guid[(layer, label)], name=label, isCodable="true",
                            color=_color(spec.color_of(label)) if spec else None)
                description = spec.label(label).description if spec and spec.label(label) else ""
                if description:
                    _sub(code, "Description").text = description

    variable_guid = {name: guid("variable", pid, name) for name, _ in VARIABLES}
    if content.documents:
        variables = _sub(root, "Variables")
        for name, _ in VARIABLES:
            _sub(variables, "Variable", guid=variable_guid[name], name=name, typeOfVariable="Text")

    by_doc = content.by_document
    selection_guid: dict[str, str] = {}
    files: dict[str, bytes] = {}
    if content.documents:
        sources = _sub(root, "Sources")
        for d in content.documents:
            sguid = guid("doc", d["id"])
            files[f"sources/{sguid}.txt"] = d["text"].encode("utf-8")
            src = _sub(sources, "TextSource", guid=sguid, name=d["title"] or d["id"],
                       plainTextPath=f"internal://{sguid}.txt", creationDateTime=_datetime(d.get("imported_at")))
            _sub(src, "Description").text = json.dumps({"annotator_id": d["id"], "language": d["language"]},
                                                       ensure_ascii=False)
            for a in by_doc.get(d["id"], []):
                selection_guid[a["id"]] = sel_guid = guid("annotation", a["id"])
                sel = _sub(src, "PlainTextSelection", guid=sel_guid, name=a["text"][:200],
                           startPosition=a["start"], endPosition=a["end"],
                           creatingUser=user_guid.get(a["author"]), creationDateTime=_datetime(a["created_at"]),
                           modifyingUser=user_guid.get(a["author"]), modifiedDateTime=_datetime(a["modified_at"]))
                if a["attributes"]:
                    _sub(sel, "Description").text = _xml_text(json.dumps(a["attributes"], ensure_ascii=False,
                                                                         sort_keys=True))
                coding = _sub(sel, "Coding", guid=guid("coding", a["id"]), creatingUser=user_guid.get(a["author"]),
                              creationDateTime=_datetime(a["created_at"]))
                _sub(coding, "CodeRef", targetGUID=code_guid[(a["layer"], a["label"])])
            for name, key in VARIABLES:
                if d.get(key):
                    value = _sub(src, "VariableValue")
                    _sub(value, "VariableRef", targetGUID=variable_guid[name])
                    _sub(value, "TextValue").text = _xml_text(str(d[key]))

    if content.links:
        notes = _sub(root, "Notes")
        for l in content.links:
            note = _sub(notes, "Note", guid=guid("link-note", l["id"]), name=LINK_NOTE_NAME,
                        creatingUser=user_guid.get(l["author"]))
            _sub(note, "PlainTextContent").text = _xml_text(json.dumps(
                {"annotator_link": {"id": l["id"], "layer": l["layer"], "label": l["label"],
                                    "attributes": l["attributes"]}}, ensure_ascii=False, sort_keys=True))
        links = _sub(root, "Links")
        for l in content.links:
            link = _sub(links, "Link", guid=guid("link", l["id"]), name=l["label"], direction="OneWay",
                        originGUID=selection_guid[l["source_id"]], targetGUID=selection_guid[l["target_id"]])
            _sub(link, "NoteRef", targetGUID=guid("link-note", l["id"]))

    ET.indent(root, space=" ")
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", xml)
        for name, data in files.items():
            zf.writestr(name, data)
    warnings = []
    statuses = Counter(a["status"] for a in content.annotations if a["status"] != "accepted")
    if statuses:
        warnings.append(f"REFI-QDA holds no review status: {count_phrase(statuses)} annotation(s) are written as "
                        "ordinary codings")
    return ExportResult(path, {"documents": len(content.documents), "annotations": len(content.annotations),
                               "links": len(content.links), "codes": len(code_guid)}, warnings)


# --------------------------------------------------------------------------------------------- import


def _json_or_none(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def read_qdpx(path, data: bytes, options: dict) -> ImportBatch:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse("not a .qdpx (zip) file", path) from None
    qde = next((n for n in zf.namelist() if n.lower().endswith(".qde")), None)
    if qde is None:
        raise refuse("no project.qde inside the .qdpx", path)
    where = f"{path}!{qde}"
    limits = ArchiveLimits.from_options(options)
    qde_data = read_member(zf, qde, where, limits)
    if not qde_data.strip(b"\x00 \t\r\n"):
        raise refuse("project.qde is empty or NUL bytes only, not XML", where)
    try:
        root = ET.fromstring(qde_data)
    except ET.ParseError as exc:
        raise refuse(f"malformed XML: {exc}", where, exc.position[0]) from None
    if root.tag != q("Project"):
        raise refuse(f"the root element is {root.tag}, not {{{NS}}}Project", where)
    users = {u.get("guid"): u.get("name") or u.get("guid") for u in root.iter(q("User"))}
    codes: dict[str, tuple[str, str]] = {}

    def walk(el: ET.Element, parent: str | None) -> None:
        for code in el.findall(q("Code")):
            name = code.get("name") or ""
            desc = code.findtext(q("Description")) or ""
            layer_name = desc[len("Annotator layer "):] if desc.startswith("Annotator layer ") else name
            if code.get("guid"):
                codes[code.get("guid")] = (parent or DEFAULT_LAYER, name)
            walk(code, layer_name if parent is None else parent)

    for book in root.findall(q("CodeBook")):
        for codes_el in book.findall(q("Codes")):
            walk(codes_el, None)
    notes: dict[str, Any] = {}
    for note in root.iter(q("Note")):
        notes[note.get("guid")] = _json_or_none(note.findtext(q("PlainTextContent")))
    batch = ImportBatch()
    report: Counter = Counter()
    selections: dict[str, str] = {}
    for src in root.iter(q("TextSource")):
        sguid = src.get("guid") or ""
        text = src.findtext(q("PlainTextContent"))
        text_path = src.get("plainTextPath")
        if text is None and text_path:
            name = text_path.split("internal://", 1)[1] if text_path.startswith("internal://") else None
            if name is None:
                report["sources outside the .qdpx (absolute paths)"] += 1
                continue
            member = next((n for n in zf.namelist() if PurePosixPath(n).name == PurePosixPath(name).name
                           and n.startswith(("sources/", "Sources/"))), None)
            if member is None:
                raise refuse(f"text source {src.get('name')!r}: {text_path} is not in the .qdpx", where)
            text = text_member(zf, member, f"{path}!{member}", limits)
        if text is None:
            report["text sources without text"] += 1
            continue
        meta = _json_or_none(src.findtext(q("Description"))) or {}
        doc_id = meta.get("annotator_id") if isinstance(meta, dict) and isinstance(meta.get("annotator_id"), str) \
            else foreign_id("qdpx", sguid)
        values: dict[str, str] = {}
        variables = {v.get("guid"): v.get("name") for v in root.iter(q("Variable"))}
        for vv in src.findall(q("VariableValue")):
            ref = vv.find(q("VariableRef"))
            name = variables.get(ref.get("targetGUID")) if ref is not None else None
            if name:
                values[name] = next((c.text or "" for c in vv if c.tag != q("VariableRef")), "")
        batch.documents.append(NewDocument(
            id=doc_id, text=text, title=src.get("name") or "", source=values.get("Outlet", ""),
            published=values.get("Published") or None, url=values.get("URL") or None,
            language=(meta.get("language") if isinstance(meta, dict) else None) or "en", clean=False))
        for sel in src.findall(q("PlainTextSelection")):
            try:
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            except (TypeError, ValueError):
                raise refuse(f"selection {sel.get('guid')}: startPosition/endPosition must be integers",
                             where) from None
            if not 0 <= start < end <= len(text):
                raise refuse(f"selection {sel.get('guid')}: positions {start}-{end} are outside the text of "
                             f"{src.get('name')!r} (length {len(text)})", where)
            attrs = _json_or_none(sel.findtext(q("Description")))
            if sel.findtext(q("Description")) and not isinstance(attrs, dict):
                attrs = {"description": sel.findtext(q("Description"))}
            codings = sel.findall(q("Coding"))
            if not codings:
                report["selections without a code"] += 1
            for coding in codings:
                ref = coding.find(q("CodeRef"))
                code = codes.get(ref.get("targetGUID")) if ref is not None else None
                if code is None:
                    raise refuse(f"selection {sel.get('guid')}: its coding refers to an unknown code", where)
                ann_id = foreign_id("qdpx", sel.get("guid") or "", coding.get("guid") or "")
                selections.setdefault(sel.get("guid") or "", ann_id)
                user = coding.get("creatingUser") or sel.get("creatingUser")
                batch.annotations.append(Annotation(
                    id=ann_id, document_id=doc_id, start=start, end=end, layer=code[0], label=code[1],
                    attributes=attrs or {}, author=users.get(user, "") or "", origin="qdpx",
                    created_at=sel.get("creationDateTime") or "", modified_at=sel.get("modifiedDateTime") or ""))
        if src.findall(q("Coding")):
            report["codings of whole sources"] += len(src.findall(q("Coding")))
    for link in root.iter(q("Link")):
        origin, target = link.get("originGUID"), link.get("targetGUID")
        if origin not in selections or target not in selections:
            report["links not between two coded text selections"] += 1
            continue
        meta = None
        for ref in link.findall(q("NoteRef")):
            data_ = notes.get(ref.get("targetGUID"))
            if isinstance(data_, dict) and isinstance(data_.get("annotator_link"), dict):
                meta = data_["annotator_link"]
        meta = meta or {}
        batch.links.append(Link(
            id=meta.get("id") or foreign_id("qdpx-link", link.get("guid") or ""),
            layer=meta.get("layer") or "qda-link", label=meta.get("label") or link.get("name") or "link",
            source_id=selections[origin], target_id=selections[target],
            attributes=meta.get("attributes") if isinstance(meta.get("attributes"), dict) else {}, origin="qdpx"))
    for tag, what in (("PictureSource", "picture sources"), ("PDFSource", "PDF sources"),
                      ("AudioSource", "audio sources"), ("VideoSource", "video sources"), ("Case", "cases"),
                      ("Set", "sets"), ("Graph", "graphs")):
        n = len(list(root.iter(q(tag))))
        if n:
            report[what] += n
    if report:
        batch.warnings.append(f"{path}: REFI-QDA content the project model cannot hold was not imported: "
                              + count_phrase(report))
    return batch


__all__ = ["write_qdpx", "read_qdpx", "__version__"]
