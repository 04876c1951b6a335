"""INCEpTION / WebAnno: UIMA CAS XMI with the DKPro Core type system, read and written with ``dkpro-cassis``.

Export (``inception-xmi``) writes one ``.zip`` that INCEpTION imports as *UIMA CAS XMI (XML 1.0)*: a
``TypeSystem.xml`` at the top and one ``<NNN-title>.xmi`` per document, each CAS holding

- ``DocumentMetaData`` (title, id, URI) and DKPro ``Sentence``/``Token`` segmentation (INCEpTION displays and
  anchors annotations on them), taken from the shared text analysis;
- the ``entity`` layer as DKPro ``NamedEntity`` (``value`` = label, ``identifier`` = the entity's Wikidata IRI
  when it has a QID, else ``urn:annotator:entity:<id>``);
- every other span layer as a custom layer ``webanno.custom.<Layer>`` with a ``label`` feature and one string
  feature per attribute (strings as written, other values as JSON), plus ``annotatorAttributes`` (all attributes,
  JSON) so that nothing is lost on the way back;
- links within one document as a custom relation layer ``webanno.custom.<Layer>`` with ``Governor`` and
  ``Dependent`` (INCEpTION's relation features) and ``label``;
- entity records as DKPro ``CoreferenceChain``/``CoreferenceLink`` over the document's mentions of each entity.

A CAS holds one document, so a link between two documents cannot live in it: such links go to
``cross_document_links.jsonl`` in the zip (both ends by file and xmi id) and the export warns; the importer reads
that file back. Review status, origin and author have no place in a CAS (INCEpTION keeps one CAS per user): the
export writes one user's view and says what it left out.

Import (``inception-xmi``) reads a single ``.xmi`` (``TypeSystem.xml`` beside it, or the DKPro Core type system)
or a ``.zip``: INCEpTION's document export, its whole-project export (``annotation/<document>/<user>.xmi``,
possibly zipped once more: the user becomes each annotation's author; ``curation/`` is read as the curated,
accepted version by ``curator``), or ours. DKPro segmentation and linguistic types (Token, Sentence, POS, lemma,
dependencies...) are not imported (the project computes its own) and the report says how many were passed over.
UIMA counts offsets in UTF-16 units; cassis converts them to code points at load and back at save.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

from annotator import Annotation, Entity, ExportResult, ImportBatch, Link, NewDocument

from ._common import count_phrase, foreign_id, gather, refuse, slug

DKPRO = "de.tudarmstadt.ukp.dkpro.core.api"
NAMED_ENTITY = f"{DKPRO}.ner.type.NamedEntity"
SENTENCE = f"{DKPRO}.segmentation.type.Sentence"
TOKEN = f"{DKPRO}.segmentation.type.Token"
METADATA = f"{DKPRO}.metadata.type.DocumentMetaData"
CHAIN = f"{DKPRO}.coref.type.CoreferenceChain"
CHAIN_LINK = f"{DKPRO}.coref.type.CoreferenceLink"
CUSTOM = "webanno.custom."
TYPESYSTEM = "TypeSystem.xml"
CROSS_LINKS = "cross_document_links.jsonl"
ALL_ATTRIBUTES = "annotatorAttributes"
ENTITY_IRI = "urn:annotator:entity:"
WIKIDATA = "http://www.wikidata.org/entity/"
CURATION_USER = "CURATION_USER"
# INCEpTION's default named-entity tag set, as the entity tagger's labels
INCEPTION_NE_TAGS = {"PER": "PERSON", "OTH": "MISC"}
DEFAULT_LAYER = "entity"
# what an import never brings in: annotations the project computes itself or cannot hold; counted in the report
_SKIPPED_PREFIXES = (f"{DKPRO}.segmentation.", f"{DKPRO}.lexmorph.", f"{DKPRO}.syntax.", f"{DKPRO}.morph.",
                     f"{DKPRO}.metadata.", "uima.tcas.DocumentAnnotation", f"{DKPRO}.coref.")
_STRING = "uima.cas.String"
_ANNOTATION = "uima.tcas.Annotation"
# a limit on what one archive may hold: an INCEpTION export is a few MB per hundred documents
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_NESTED_ZIP_DEPTH = 2


def _cassis():
    try:
        import cassis
    except ImportError:  # pragma: no cover - the interop extra installs it
        raise RuntimeError("the inception-xmi format needs dkpro-cassis: pip install 'annotator-workbench[interop]'"
                           ) from None
    return cassis


def cassis_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("cassis") is not None


def type_name(layer: str) -> str:
    """``webanno.custom.<Layer>`` for a layer name (``same_statement`` -> ``SameStatement``): a Java identifier."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", layer) if p]
    name = "".join(p[:1].upper() + p[1:] for p in parts) or "Layer"
    if name[0].isdigit():
        name = "L" + name
    return CUSTOM + name


def feature_name(key: str) -> str:
    """An attribute key as a UIMA feature name (a Java identifier that is not one of the reserved ones)."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", key) or "_"
    if name[0].isdigit():
        name = "_" + name
    if name in ("begin", "end", "sofa", "label", "Governor", "Dependent", ALL_ATTRIBUTES):
        name = "attr_" + name
    return name


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _feature_text(value: Any) -> str:
    """An attribute as a string feature for INCEpTION's display (characters XML 1.0 cannot hold dropped: the
    ``annotatorAttributes`` JSON, ASCII-escaped, keeps the exact value)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _NOT_XML.sub("", text)


def _json_feature(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True)


# --------------------------------------------------------------------------------------------- export


def write_xmi_zip(project, path: Path, filters, task) -> ExportResult:
    cassis = _cassis()
    content = gather(project, filters, task)
    entities = {e["id"]: e for e in project.export_rows(filters).entities()}
    warnings: list[str] = []
    ts = dkpro_typesystem(cassis)
    by_doc = content.by_document
    ann_doc = {a["id"]: a["document_id"] for a in content.annotations}
    link_layers = sorted({l["layer"] for l in content.links if ann_doc[l["source_id"]] == ann_doc[l["target_id"]]})
    span_layers = sorted({a["layer"] for a in content.annotations if a["layer"] != DEFAULT_LAYER})
    taken = {t.name for t in ts.get_types()}
    span_types: dict[str, Any] = {}
    attr_features: dict[str, dict[str, str]] = defaultdict(dict)
    for a in content.annotations:
        if a["layer"] != DEFAULT_LAYER:
            for key in a["attributes"]:
                attr_features[a["layer"]].setdefault(key, feature_name(key))
    for layer in span_layers:
        name = type_name(layer)
        while name in taken:
            name += "_"
        taken.add(name)
        t = ts.create_type(name, supertypeName=_ANNOTATION, description=f"Annotator layer '{layer}'")
        ts.create_feature(t, "label", _STRING)
        ts.create_feature(t, ALL_ATTRIBUTES, _STRING, description="every attribute as JSON (Annotator)")
        for key, feat in sorted(attr_features[layer].items()):
            ts.create_feature(t, feat, _STRING, description=f"attribute '{key}'")
        span_types[layer] = t
    rel_types: dict[str, Any] = {}
    for layer in link_layers:
        name = type_name(layer)
        while name in taken:
            name += "_"
        taken.add(name)
        t = ts.create_type(name, supertypeName=_ANNOTATION, description=f"Annotator link layer '{layer}'")
        ts.create_feature(t, "Governor", _ANNOTATION)
        ts.create_feature(t, "Dependent", _ANNOTATION)
        ts.create_feature(t, "label", _STRING)
        ts.create_feature(t, ALL_ATTRIBUTES, _STRING, description="every attribute as JSON (Annotator)")
        rel_types[layer] = t

    NE, Sent, Tok = ts.get_type(NAMED_ENTITY), ts.get_type(SENTENCE), ts.get_type(TOKEN)
    Meta, Chain, ChainLink = ts.get_type(METADATA), ts.get_type(CHAIN), ts.get_type(CHAIN_LINK)
    files: dict[str, str] = {}
    fs_of: dict[str, Any] = {}  # annotation id -> its feature structure (for relations and the side file)
    cases: list[tuple[str, Any]] = []
    used: set[str] = set()
    counts = Counter()
    unwritable: list[str] = []
    for n, d in enumerate(content.documents, 1):
        if task is not None:
            task.check()
            task.progress(n - 1, len(content.documents), "documents")
        bad = _NOT_XML.search(d["text"])
        if bad:
            unwritable.append(f"{d['title'] or d['id']} (U+{ord(bad.group()):04X} at {bad.start()})")
            continue
        stem = f"{n:03d}-{slug(d['title'] or d['id'])}"
        while stem in used:
            stem += "_"
        used.add(stem)
        files[d["id"]] = stem + ".xmi"
        cas = cassis.Cas(typesystem=ts)
        cas.sofa_string = d["text"]
        cas.add(Meta(begin=0, end=len(d["text"]), documentTitle=d["title"] or stem, documentId=d["id"],
                     documentUri=f"urn:annotator:doc:{d['id']}", language=d.get("language") or "en"))
        sentences, tokens = _segmentation(project, d["id"], d["text"])
        for s, e in sentences:
            cas.add(Sent(begin=s, end=e))
        for s, e in tokens:
            cas.add(Tok(begin=s, end=e))
        mentions: dict[str, list[Any]] = defaultdict(list)
        for a in by_doc.get(d["id"], []):
            attrs = a["attributes"]
            ent = entities.get(attrs.get("entity_id") or "")
            if ent is not None:
                mentions[ent["id"]].append(a)
            if a["layer"] == DEFAULT_LAYER:
                ident = None
                if ent is not None:
                    ident = WIKIDATA + ent["qid"] if ent.get("qid") else ENTITY_IRI + ent["id"]
                fs = NE(begin=a["start"], end=a["end"], value=a["label"], identifier=ident)
                counts["named entities"] += 1
                counts["annotations"] += 1
            else:
                t = span_types[a["layer"]]
                values = {feat: _feature_text(attrs[key]) for key, feat in attr_features[a["layer"]].items()
                          if key in attrs}
                fs = t(begin=a["start"], end=a["end"], label=a["label"],
                       **{ALL_ATTRIBUTES: _json_feature(attrs)} if attrs else {},
                       **values)
                counts["spans"] += 1
                counts["annotations"] += 1
            cas.add(fs)
            fs_of[a["id"]] = fs
        for ent_id, anns in sorted(mentions.items()):
            anns = sorted(anns, key=lambda a: (a["start"], a["end"]))
            prev = None
            first = None
            for a in reversed(anns):
                link = ChainLink(begin=a["start"], end=a["end"], referenceType=entities[ent_id]["label"],
                                 referenceRelation="coreference", next=prev)
                cas.add(link)
                prev = link
                first = link
            cas.add(Chain(first=first))
            counts["coreference chains"] += 1
        cases.append((d["id"], cas))

    cross = []
    links_lost = 0
    written = dict(cases)
    for link in content.links:
        sdoc, tdoc = ann_doc[link["source_id"]], ann_doc[link["target_id"]]
        if sdoc not in written or tdoc not in written:
            links_lost += 1
            continue
        if sdoc != tdoc:
            cross.append({"id": link["id"], "layer": link["layer"], "label": link["label"],
                          "attributes": link["attributes"],
                          "source": {"file": files[sdoc], "xmi_id": None, "annotation_id": link["source_id"]},
                          "target": {"file": files[tdoc], "xmi_id": None, "annotation_id": link["target_id"]}})
            continue
        cas = written[sdoc]
        gov, dep = fs_of[link["source_id"]], fs_of[link["target_id"]]
        kwargs = {ALL_ATTRIBUTES: _json_feature(link["attributes"])} if link["attributes"] else {}
        cas.add(rel_types[link["layer"]](begin=dep.begin, end=dep.end, Governor=gov, Dependent=dep,
                                         label=link["label"], **kwargs))
        counts["relations"] += 1

    xmi_texts = {doc_id: cas.to_xmi() for doc_id, cas in cases}  # assigns xmi ids to every feature structure
    for c in cross:
        for end in ("source", "target"):
            c[end]["xmi_id"] = fs_of[c[end]["annotation_id"]].xmiID
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(TYPESYSTEM, ts.to_xml())
        for doc_id, _cas in cases:
            z.writestr(files[doc_id], xmi_texts[doc_id])
        if cross:
            z.writestr(CROSS_LINKS, "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in cross))
    path.write_bytes(buf.getvalue())
    if unwritable:
        warnings.append(f"{len(unwritable)} document(s) not written: their text has characters XML 1.0 cannot hold "
                        f"(control characters): {'; '.join(unwritable)}"
                        + (f"; {links_lost} link(s) to them not written" if links_lost else ""))
    if cross:
        warnings.append(f"{len(cross)} link(s) join two documents, which one CAS cannot hold: written to "
                        f"{CROSS_LINKS} in the zip (INCEpTION does not read it; Annotator's import does)")
    statuses = Counter(a["status"] for a in content.annotations if a["status"] != "accepted")
    if statuses:
        warnings.append(f"UIMA CAS holds no review status: {count_phrase(statuses)} annotation(s) are written like "
                        "accepted ones")
    authors = {a["author"] for a in content.annotations if a["author"]}
    if len(authors) > 1:
        warnings.append(f"one CAS per document holds one annotator's view: the annotations of {len(authors)} authors "
                        "are written together (export with --author for one user's CAS)")
    return ExportResult(path, {"documents": len(cases), **counts, "cross-document links": len(cross)}, warnings)


def dkpro_typesystem(cassis):
    """DKPro Core's type system as cassis ships it, with ``DocumentMetaData`` (which every INCEpTION CAS carries and
    the shipped copy lacks) declared as DKPro Core declares it."""
    ts = cassis.load_dkpro_core_typesystem()
    if not ts.contains_type(METADATA):
        t = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
        for name in ("documentTitle", "documentId", "documentUri", "collectionId", "documentBaseUri"):
            ts.create_feature(t, name, _STRING)
        ts.create_feature(t, "isLastSegment", "uima.cas.Boolean")
    return ts


def _segmentation(project, doc_id: str, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentences and tokens of a document, as (start, end) code points, from the shared text analysis."""
    a = project.analysis(doc_id)
    return [(s.start, s.end) for s in a.sentences], [(t.start, t.end) for t in a.tokens if t.end > t.start]


# --------------------------------------------------------------------------------------------- import


def read_xmi(path, data: bytes, options: dict) -> ImportBatch:
    """A single ``.xmi`` file, its type system beside it (``TypeSystem.xml``/``typesystem.xml``) or DKPro Core's."""
    cassis = _cassis()
    path = Path(path)
    ts_bytes = None
    for name in (TYPESYSTEM, TYPESYSTEM.lower(), "typesystem.xml"):
        candidate = path.with_name(name)
        if candidate.is_file():
            ts_bytes = candidate.read_bytes()
            break
    ts = _load_typesystem(cassis, ts_bytes, path, TYPESYSTEM)
    reader = _Reader(path)
    reader.read_cas(cassis, ts, data, path.name, user=None, folder=None)
    return reader.finish()


def read_xmi_zip(path, data: bytes, options: dict) -> ImportBatch:
    """A zip of XMI files: INCEpTION's document or project export, or Annotator's own."""
    cassis = _cassis()
    path = Path(path)
    members = _zip_members(data, path)
    xmis = sorted(n for n in members if n.lower().endswith(".xmi"))
    if not xmis:
        raise refuse("the zip holds no .xmi file (expected an INCEpTION/WebAnno XMI export)", path)
    reader = _Reader(path)
    ts_cache: dict[str, Any] = {}
    for name in xmis:
        p = PurePosixPath(name)
        ts_name = _typesystem_for(p, members)
        if ts_name not in ts_cache:
            ts_cache[ts_name] = _load_typesystem(cassis, members.get(ts_name) if ts_name else None, path,
                                                 ts_name or TYPESYSTEM)
        user, folder = _inception_user(p)
        reader.read_cas(cassis, ts_cache[ts_name], members[name], name, user=user, folder=folder)
    if CROSS_LINKS in members:
        reader.read_cross_links(members[CROSS_LINKS])
    return reader.finish()


def _zip_members(data: bytes, path: Path, prefix: str = "", depth: int = 0) -> dict[str, bytes]:
    """Every file of the archive by its path, nested zips (INCEpTION zips a user's CAS once more) unpacked
    below their own name; member sizes are checked before and while inflating."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse("not a zip archive", path) from None
    out: dict[str, bytes] = {}
    with z:
        for info in z.infolist():
            if info.is_dir():
                continue
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise refuse(f"unsafe member path {info.filename!r}", path)
            if info.file_size > MAX_MEMBER_BYTES:
                raise refuse(f"member {info.filename!r} inflates to {info.file_size} bytes "
                             f"(more than {MAX_MEMBER_BYTES})", path)
            with z.open(info) as f:
                blob = f.read(MAX_MEMBER_BYTES + 1)
            if len(blob) > MAX_MEMBER_BYTES:
                raise refuse(f"member {info.filename!r} inflates past {MAX_MEMBER_BYTES} bytes", path)
            full = prefix + info.filename
            if full.lower().endswith(".zip") and depth < MAX_NESTED_ZIP_DEPTH:
                inner = full[:-4] + "/"
                out.update(_zip_members(blob, path, inner, depth + 1))
            else:
                out[full] = blob
    return out


def _typesystem_for(p: PurePosixPath, members: dict[str, bytes]) -> str | None:
    """The type system nearest to an XMI member: in its folder, then each parent folder up to the top."""
    lower = {n.lower(): n for n in members}
    for folder in [p.parent, *p.parent.parents]:
        key = str(folder / "typesystem.xml").lower().lstrip("./")
        if key in lower:
            return lower[key]
    return None


def _inception_user(p: PurePosixPath) -> tuple[str | None, str | None]:
    """(user, document folder) for INCEpTION's project layout ``annotation/<doc>/<user>.xmi`` (a zipped user CAS
    unpacks to ``annotation/<doc>/<user>/<file>.xmi``) and ``curation/<doc>/CURATION_USER.xmi``."""
    parts = p.parts
    for area in ("annotation", "curation"):
        if area in parts:
            i = parts.index(area)
            rest = parts[i + 1:]
            if len(rest) >= 2:
                user = PurePosixPath(rest[1]).stem if len(rest) == 2 else rest[1]
                return (CURATION_USER if area == "curation" else user), rest[0]
    return None, None


def _load_typesystem(cassis, data: bytes | None, path: Path, name: str):
    if data is None:
        return dkpro_typesystem(cassis)
    try:
        ts = cassis.load_typesystem(io.BytesIO(data))
    except Exception as exc:  # cassis raises plain exceptions for malformed XML
        raise refuse(f"{name}: not a UIMA type system ({_first_line(exc)})", path) from None
    try:  # the DKPro types a file uses without declaring them (INCEpTION declares only what it uses)
        ts = cassis.merge_typesystems(ts, dkpro_typesystem(cassis))
    except Exception:
        pass
    return ts


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


class _Reader:
    """Turns CASes into one :class:`ImportBatch`, naming each problem's file."""

    def __init__(self, path: Path):
        self.path = path
        self.batch = ImportBatch()
        self.skipped: Counter = Counter()
        self.doc_ids: dict[str, str] = {}  # document key (folder or file stem) -> id
        self.by_xmi: dict[tuple[str, int], str] = {}  # (member, xmi id) -> annotation id
        self.ann_ids: set[str] = set()
        self.entities: dict[str, Entity] = {}
        self.users: set[str] = set()
        self.mapped: Counter = Counter()

    def read_cas(self, cassis, ts, data: bytes, member: str, *, user: str | None, folder: str | None) -> None:
        try:
            cas = cassis.load_cas_from_xmi(data.decode("utf-8-sig") if isinstance(data, bytes) else data,
                                           typesystem=ts, lenient=True)
        except UnicodeDecodeError as exc:
            raise refuse(f"{member}: not UTF-8 ({exc.reason} at byte {exc.start})", self.path) from None
        except Exception as exc:
            raise refuse(f"{member}: not a UIMA CAS XMI file ({_first_line(exc)})", self.path) from None
        text = cas.sofa_string or ""
        if not text.strip():
            raise refuse(f"{member}: the CAS has no document text", self.path)
        meta = next(iter(cas.select(METADATA)), None) if ts.contains_type(METADATA) else None
        key = folder or PurePosixPath(member).stem
        title = (getattr(meta, "documentTitle", None) or folder or PurePosixPath(member).stem)
        doc_id = self.doc_ids.get(key)
        if doc_id is None:
            given = getattr(meta, "documentId", None) if meta is not None else None
            doc_id = given if (given and _is_our_id(given)) else foreign_id(str(self.path.name), "doc", key)
            self.doc_ids[key] = doc_id
            self.batch.documents.append(NewDocument(
                id=doc_id, text=text, title=title, clean=False, language=getattr(meta, "language", None) or "en",
                meta={"inception_document": folder} if folder else {}))
        else:
            known = next(d for d in self.batch.documents if d.id == doc_id)
            if known.text != text:
                raise refuse(f"{member}: the text of {key!r} differs from another user's CAS of it", self.path)
        author = "curator" if user == CURATION_USER else (user or "")
        status = "accepted"
        if user:
            self.users.add(author)
        relations = []
        # chains are no annotations (no offsets): select_all does not list them
        chains = list(cas.select(CHAIN)) if ts.contains_type(CHAIN) else []
        for fs in cas.select_all():
            tname = fs.type.name
            if tname == NAMED_ENTITY:
                label = INCEPTION_NE_TAGS.get(fs.value or "", fs.value or "ENTITY")
                if label != (fs.value or "ENTITY"):
                    self.mapped[f"{fs.value} → {label}"] += 1
                self._span(member, fs, doc_id, text, DEFAULT_LAYER, label, {}, author, status, key)
                ident = getattr(fs, "identifier", None)
                if ident:
                    self._entity_of(ident, fs, text, member)
            elif tname.startswith(CUSTOM):
                if _is_relation(fs):
                    relations.append(fs)
                elif hasattr(fs, "begin"):
                    label, attrs = _custom_features(fs)
                    layer = _layer_of(tname)
                    self._span(member, fs, doc_id, text, layer, label, attrs, author, status, key)
                else:
                    self.skipped[tname] += 1
            elif tname.startswith(_SKIPPED_PREFIXES) or tname.startswith("uima."):
                if not tname.startswith(f"{DKPRO}.coref.") and not tname.startswith(f"{DKPRO}.metadata."):
                    self.skipped[tname.rsplit(".", 1)[-1]] += 1
            else:
                self.skipped[tname] += 1
        for fs in chains:
            self._chain(member, fs, doc_id, text, author, status, key)
        for fs in relations:
            gov, dep = fs.Governor, fs.Dependent
            src = self.by_xmi.get((member, gov.xmiID)) if gov is not None else None
            dst = self.by_xmi.get((member, dep.xmiID)) if dep is not None else None
            if src is None or dst is None:
                self.skipped[f"{fs.type.name} (an end that is not an imported span)"] += 1
                continue
            label, attrs = _custom_features(fs, skip=("Governor", "Dependent"))
            self.batch.links.append(Link(id=foreign_id(self.path.name, member, str(fs.xmiID)),
                                         layer=_layer_of(fs.type.name), label=label, source_id=src, target_id=dst,
                                         attributes=attrs, author=author, origin="inception-xmi", status=status))

    def _span(self, member, fs, doc_id, text, layer, label, attrs, author, status, key) -> str:
        begin, end = fs.begin, fs.end
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin < end <= len(text)):
            raise refuse(f"{member}: {fs.type.name} xmi:id {fs.xmiID}: offsets {begin}-{end} are outside the text "
                         f"(length {len(text)})", self.path)
        ann_id = foreign_id(self.path.name, member, str(fs.xmiID))
        if (member, fs.xmiID) in self.by_xmi:
            return self.by_xmi[(member, fs.xmiID)]
        ann = Annotation(id=ann_id, document_id=doc_id, start=begin, end=end, layer=layer, label=label,
                         attributes=attrs, author=author, origin="inception-xmi", status=status)
        self.batch.annotations.append(ann)
        self.by_xmi[(member, fs.xmiID)] = ann_id
        self.ann_ids.add(ann_id)
        return ann_id

    def _entity_of(self, ident: str, fs, text: str, member: str) -> None:
        ent_id = ident[len(ENTITY_IRI):] if ident.startswith(ENTITY_IRI) else foreign_id("entity", ident)
        qid = ident[len(WIKIDATA):] if ident.startswith(WIKIDATA) else None
        name = text[fs.begin:fs.end]
        ent = self.entities.get(ent_id)
        if ent is None:
            ent = Entity(id=ent_id, canonical_name=name, label=_entity_label(fs.value), qid=qid, aliases=[name],
                         origin="inception-xmi")
        elif name not in ent.aliases:
            ent = ent.replace(aliases=[*ent.aliases, name],
                              canonical_name=max([ent.canonical_name, name], key=len))
        self.entities[ent_id] = ent
        self._tie(self.by_xmi[(member, fs.xmiID)], ent_id)

    def _tie(self, ann_id: str, ent_id: str) -> None:
        for i, a in enumerate(self.batch.annotations):
            if a.id == ann_id:
                self.batch.annotations[i] = a.replace(attributes={**a.attributes, "entity_id": ent_id})
                return

    def _chain(self, member, chain, doc_id, text, author, status, key) -> None:
        """A coreference chain: its links become (or tie) entity-layer mentions of one entity record."""
        links = []
        node = getattr(chain, "first", None)
        seen = set()
        while node is not None and node.xmiID not in seen:
            seen.add(node.xmiID)
            links.append(node)
            node = getattr(node, "next", None)
        if not links:
            return
        mine = {ann_id for (m, _x), ann_id in self.by_xmi.items() if m == member}
        here = [a for a in self.batch.annotations if a.id in mine]
        at = {(ln.begin, ln.end): [a for a in here if (a.start, a.end) == (ln.begin, ln.end)] for ln in links}
        # a chain over mentions that already name an entity (a NamedEntity identifier, our attributes) joins it
        ent_id = next((a.attributes["entity_id"] for anns in at.values() for a in anns
                       if isinstance(a.attributes.get("entity_id"), str) and a.attributes["entity_id"]), None)
        label = _entity_label(getattr(links[0], "referenceType", None))
        names = [text[ln.begin:ln.end] for ln in links]
        if ent_id is None:
            ent_id = foreign_id(self.path.name, member, "chain", str(chain.xmiID))
        ent = self.entities.get(ent_id)
        if ent is None:
            ent = Entity(id=ent_id, canonical_name=max(names, key=len), label=label, aliases=sorted(set(names)),
                         origin="inception-xmi")
        else:
            ent = ent.replace(aliases=sorted(set(ent.aliases) | set(names)),
                              canonical_name=max([ent.canonical_name, *names], key=len))
        self.entities[ent_id] = ent
        for ln in links:
            anns = at[(ln.begin, ln.end)]
            if anns:
                for a in anns:
                    self._tie(a.id, ent_id)
            else:
                ann_id = self._span(member, ln, doc_id, text, DEFAULT_LAYER, label, {}, author, status, key)
                self._tie(ann_id, ent_id)

    def read_cross_links(self, data: bytes) -> None:
        for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
            if not line.strip():
                continue
            try:
                c = json.loads(line)
                src = self.by_xmi.get((c["source"]["file"], c["source"]["xmi_id"]))
                dst = self.by_xmi.get((c["target"]["file"], c["target"]["xmi_id"]))
            except (ValueError, KeyError, TypeError):
                raise refuse(f"{CROSS_LINKS}: line {n} is not a link record", self.path, n) from None
            if src is None or dst is None:
                raise refuse(f"{CROSS_LINKS}: line {n}: an end is not an annotation of the zip", self.path, n)
            attrs = c.get("attributes") or {}
            if not isinstance(attrs, dict):
                raise refuse(f"{CROSS_LINKS}: line {n}: attributes must be an object", self.path, n)
            self.batch.links.append(Link(id=c.get("id") or foreign_id(self.path.name, CROSS_LINKS, str(n)),
                                         layer=c.get("layer") or "relation", label=c.get("label") or "link",
                                         source_id=src, target_id=dst, attributes=attrs, origin="inception-xmi"))

    def finish(self) -> ImportBatch:
        self.batch.entities = list(self.entities.values())
        if self.skipped:
            self.batch.warnings.append("not imported (Annotator computes its own segmentation and parse, and holds "
                                       f"no other UIMA types): {count_phrase(self.skipped)}")
        if self.mapped:
            self.batch.warnings.append("INCEpTION's named-entity tags mapped to Annotator's: "
                                       + count_phrase(self.mapped))
        if self.users:
            self.batch.warnings.append("annotations attributed to their INCEpTION users: "
                                       + ", ".join(sorted(self.users)))
        return self.batch


def _is_our_id(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}|X[0-9A-F]{20,25}", value))


def _is_relation(fs) -> bool:
    names = {f.name for f in fs.type.all_features}
    return "Governor" in names and "Dependent" in names


def _layer_of(tname: str) -> str:
    """``webanno.custom.SameStatement`` -> ``same_statement``."""
    short = tname[len(CUSTOM):] if tname.startswith(CUSTOM) else tname.rsplit(".", 1)[-1]
    short = short.rstrip("_")
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", short).lower() or "layer"


def _entity_label(value: str | None) -> str:
    v = (value or "").upper()
    return {"PER": "PERSON", "PERS": "PERSON", "LOC": "LOC", "ORG": "ORG", "GPE": "GPE"}.get(v, v or "PERSON")


def _custom_features(fs, skip: tuple[str, ...] = ()) -> tuple[str, dict[str, Any]]:
    """(label, attributes) of a custom-layer feature structure: ours carry ``label`` and ``annotatorAttributes``;
    INCEpTION's carry their own features, which become attributes, with ``label`` or ``value`` as the label when
    there is one and the layer's own name (``Claim``) otherwise."""
    values = {}
    for f in fs.type.all_features:
        if f.name in ("sofa", "begin", "end", *skip):
            continue
        v = fs.get(f.name)
        if v is None or not isinstance(v, (str, int, float, bool)):
            continue
        values[f.name] = v
    raw = values.pop(ALL_ATTRIBUTES, None)
    label = values.pop("label", None) or values.pop("value", None)
    if raw is not None:
        try:
            attrs = json.loads(raw)
        except ValueError:
            attrs = None
        if isinstance(attrs, dict):
            return str(label or _layer_of(fs.type.name)), attrs
    if label is None:  # a layer whose features are all attributes: the layer itself is what it says
        label = fs.type.name.rsplit(".", 1)[-1]
    return str(label), values
