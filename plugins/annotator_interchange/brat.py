"""brat standoff: export a folder of ``.txt``/``.ann`` pairs with ``annotation.conf``; import folders and zips.

Export (one pair per document, named ``NNN-<title>``):

- ``T`` lines for spans. The brat type is the label (whitespace turned into ``_``); ``annotation.conf``
  groups the labels of each layer under ``!<layer>`` so the layer comes back on import.
- ``A`` lines for attributes whose value brat can hold (``true`` → binary attribute, a string without
  whitespace → valued attribute); every other attribute (numbers, lists, text with spaces, ``false``) goes
  into one ``#`` ``AnnotatorNotes`` line as a JSON object, which the importer merges back.
- ``R`` lines (``Arg1``/``Arg2``) for links whose two ends are in the same document. brat cannot hold a link
  across documents: those go to ``cross_document_links.jsonl`` (file and ``T`` id of each end) and the
  export result warns about them; the importer reads that file back.
- ``E`` lines for events: the links of layer ``event_argument`` from one span (the trigger) are its arguments
  (link label = role); ``*`` lines for the links of layer ``equivalence`` (joined into sets per label).
- ``documents.jsonl`` keeps each document's id, title, outlet, URL and date (brat has no place for them).

``brat-zip`` writes the same collection into one ``.zip`` (a folder named after the file inside).

Import reads ``T``, ``A``/``M``, ``R``, ``N`` (kept as attribute ``normalization``), ``#`` notes, ``E`` (the
trigger span keeps the event's attributes and notes; each argument becomes an ``event_argument`` link from the
trigger to the argument's span, or to the trigger of an argument event) and ``*`` (a chain of ``equivalence``
links). It reports what the project model cannot hold: discontinuous spans and anything attached to them, events
sharing one trigger. A malformed file (a ``T`` text that does not match its offsets, offsets outside the text, a
reference to an unknown id, a bad line) refuses the whole import with the file, line and reason.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

from annotator import Annotation, ExportResult, ImportBatch, Link, NewDocument

from ._common import ArchiveLimits, count_phrase, foreign_id, gather, read_member, refuse, slug

CROSS_LINKS = "cross_document_links.jsonl"
DOCUMENTS = "documents.jsonl"
CONF = "annotation.conf"
CONF_MARK = "# brat annotation configuration written by Annotator."
VISUAL = "visual.conf"
VISUAL_MARK = "# brat visual configuration written by Annotator: the labels of renamed types."
DEFAULT_SPAN_LAYER = "entity"
DEFAULT_EVENT_LAYER = "event"
DEFAULT_LINK_LAYER = "relation"
DEFAULT_ARGUMENT_LAYER = "event_argument"  # links from an event's trigger to its arguments (role = label)
DEFAULT_EQUIVALENCE_LAYER = "equivalence"  # a brat equivalence set (* line) as a chain of links
_TOKEN = re.compile(r"\S+")


def brat_type(name: str) -> str:
    t = re.sub(r"\s+", "_", name.strip())
    return t or "_"


def _attr_value_ok(value: Any) -> bool:
    return value is True or (isinstance(value, str) and bool(_TOKEN.fullmatch(value)))


# --------------------------------------------------------------------------------------------- export


def write_brat(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    path.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    stems: dict[str, str] = {}
    used: set[str] = set()
    for i, d in enumerate(content.documents, 1):
        stem = f"{i:03d}-{slug(d['title'] or d['id'])}"
        while stem in used:
            stem += "_"
        used.add(stem)
        stems[d["id"]] = stem

    # types: layer -> brat types; refuse silent merging of two labels into one brat type
    span_types: dict[str, dict[str, str]] = defaultdict(dict)
    taken: dict[str, tuple[str, str]] = {}
    renamed = Counter()

    def type_of(layer: str, label: str, table: dict[str, dict[str, str]]) -> str:
        if label in table[layer]:
            return table[layer][label]
        t = brat_type(label)
        if taken.get(t, (layer, label)) != (layer, label):
            t = brat_type(f"{layer}_{label}")
        while taken.get(t, (layer, label)) != (layer, label):
            t += "_"
        if t != label:
            renamed[f"{layer}:{label} → {t}"] += 1
        taken[t] = (layer, label)
        table[layer][label] = t
        return t

    link_types: dict[str, dict[str, str]] = defaultdict(dict)
    role_names: dict[str, str] = {}
    attributes: dict[str, set[str]] = defaultdict(set)
    tid: dict[str, tuple[str, str]] = {}  # annotation id -> (doc id, T id)
    by_doc = content.by_document
    ann_lines: dict[str, list[str]] = {}
    note_n: Counter = Counter()
    for d in content.documents:
        lines: list[str] = []
        t_n = a_n = 0
        for a in by_doc.get(d["id"], []):
            t_n += 1
            t = f"T{t_n}"
            tid[a["id"]] = (d["id"], t)
            covered = a["text"]
            if "\n" in covered or "\r" in covered:
                # brat's T text field is one line; brat itself writes the covered text with line breaks as spaces
                covered = re.sub(r"[\r\n]", " ", covered)
            lines.append(f"{t}\t{type_of(a['layer'], a['label'], span_types)} {a['start']} {a['end']}\t{covered}")
            rest = {}
            for key, value in sorted(a["attributes"].items()):
                if _TOKEN.fullmatch(key) and _attr_value_ok(value):
                    a_n += 1
                    attributes[key].add("" if value is True else value)
                    lines.append(f"A{a_n}\t{key} {t}" + ("" if value is True else f" {value}"))
                else:
                    rest[key] = value
            if rest:
                note_n[d["id"]] += 1
                lines.append(f"#{note_n[d['id']]}\tAnnotatorNotes {t}\t"
                             f"{json.dumps(rest, ensure_ascii=False, sort_keys=True)}")
        ann_lines[d["id"]] = lines

    # events: the links of layer event_argument within a document are the arguments of an E line on their
    # source span (the trigger); an argument that is itself a trigger is named by its event id
    arguments: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in content.links:
        if link["layer"] == DEFAULT_ARGUMENT_LAYER and tid[link["source_id"]][0] == tid[link["target_id"]][0]:
            arguments[link["source_id"]].append(link)
    eid: dict[str, str] = {}
    e_n: Counter = Counter()
    for d in content.documents:
        for a in by_doc.get(d["id"], []):
            if a["id"] in arguments:
                e_n[d["id"]] += 1
                eid[a["id"]] = f"E{e_n[d['id']]}"
    ann_by_id = {a["id"]: a for a in content.annotations}
    event_args: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    arg_attrs = 0
    for trigger in sorted(arguments, key=lambda i: (tid[i][0], int(eid[i][1:]))):
        args = sorted(arguments[trigger], key=_role_order)
        a = ann_by_id[trigger]
        doc_id, t = tid[trigger]
        ttype = span_types[a["layer"]][a["label"]]
        fields = [f"{ttype}:{t}"]
        for link in args:
            role = brat_type(link["label"]).replace(":", "_")
            if role != link["label"]:
                renamed[f"{link['layer']}:{link['label']} → {role}"] += 1
                role_names[role] = link["label"]
            target = ann_by_id[link["target_id"]]
            fields.append(f"{role}:{eid.get(link['target_id']) or tid[link['target_id']][1]}")
            event_args[(a["layer"], ttype)][role.rstrip("0123456789") or role].add(
                span_types[target["layer"]][target["label"]])
            arg_attrs += bool(link["attributes"])
        ann_lines[doc_id].append(f"{eid[trigger]}\t" + " ".join(fields))
    if arg_attrs:
        warnings.append(f"{arg_attrs} event argument link(s) have attributes, which brat's E lines cannot hold: "
                        "not written")

    # equivalences: the links of layer equivalence within a document, joined into sets per label (* lines)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    equiv: list[dict[str, Any]] = []
    for link in content.links:
        if link["layer"] == DEFAULT_EQUIVALENCE_LAYER and tid[link["source_id"]][0] == tid[link["target_id"]][0]:
            equiv.append(link)
            parent[root(link["label"] + "\x1f" + link["source_id"])] = root(link["label"] + "\x1f" + link["target_id"])
    sets: dict[str, list[str]] = defaultdict(list)
    for key in list(parent):
        sets[root(key)].append(key)
    for members in sorted(sets.values(), key=lambda m: sorted(m)):
        label = members[0].split("\x1f", 1)[0]
        ids = sorted((m.split("\x1f", 1)[1] for m in members), key=lambda i: int(tid[i][1][1:]))
        etype = type_of(DEFAULT_EQUIVALENCE_LAYER, label, link_types)
        ann_lines[tid[ids[0]][0]].append(f"*\t{etype} " + " ".join(tid[i][1] for i in ids))
    if any(link["attributes"] for link in equiv):
        warnings.append("equivalence links have attributes, which brat's * lines cannot hold: not written")

    cross = []
    r_n: Counter = Counter()
    for link in content.links:
        sdoc, s_t = tid[link["source_id"]]
        tdoc, t_t = tid[link["target_id"]]
        if link["layer"] in (DEFAULT_ARGUMENT_LAYER, DEFAULT_EQUIVALENCE_LAYER) and sdoc == tdoc:
            continue  # written in the E and * lines above
        rtype = type_of(link["layer"], link["label"], link_types)
        if sdoc == tdoc:
            r_n[sdoc] += 1
            lines = ann_lines[sdoc]
            r = f"R{r_n[sdoc]}"
            lines.append(f"{r}\t{rtype} Arg1:{s_t} Arg2:{t_t}")
            if link["attributes"]:
                note_n[sdoc] += 1
                lines.append(f"#{note_n[sdoc]}\tAnnotatorNotes {r}\t"
                             f"{json.dumps(link['attributes'], ensure_ascii=False, sort_keys=True)}")
        else:
            cross.append({
                "id": link["id"], "layer": link["layer"], "label": link["label"], "attributes": link["attributes"],
                "source": {"file": stems[sdoc] + ".ann", "id": s_t, "document_id": sdoc,
                           "start": link["source"]["start"], "end": link["source"]["end"],
                           "text": link["source"]["text"]},
                "target": {"file": stems[tdoc] + ".ann", "id": t_t, "document_id": tdoc,
                           "start": link["target"]["start"], "end": link["target"]["end"],
                           "text": link["target"]["text"]},
            })

    for d in content.documents:
        stem = stems[d["id"]]
        (path / f"{stem}.txt").write_bytes(d["text"].encode("utf-8"))
        lines = ann_lines[d["id"]]
        (path / f"{stem}.ann").write_bytes(("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
    with open(path / DOCUMENTS, "w", encoding="utf-8", newline="\n") as out:
        for d in content.documents:
            meta = {k: d[k] for k in ("id", "title", "source", "published", "url", "language")}
            out.write(json.dumps({"file": stems[d["id"]] + ".txt", **meta}, ensure_ascii=False) + "\n")
    (path / CONF).write_text(_conf(span_types, link_types, attributes, event_args), encoding="utf-8",
                             newline="\n")
    display = sorted({(t, label) for table in (span_types, link_types) for labels in table.values()
                      for label, t in labels.items() if t != label} | set(role_names.items()))
    if display:  # brat shows these names; the importer takes the labels back from here
        (path / VISUAL).write_text("\n".join([VISUAL_MARK, "", "[labels]", ""] + [f"{t} | {label}" for t, label in
                                                                                 display]) + "\n",
                                   encoding="utf-8", newline="\n")
    if cross:
        with open(path / CROSS_LINKS, "w", encoding="utf-8", newline="\n") as out:
            for c in cross:
                out.write(json.dumps(c, ensure_ascii=False) + "\n")
        warnings.append(f"{len(cross)} link(s) join two documents, which brat cannot hold: written to {CROSS_LINKS} "
                        "in the export folder (Annotator's brat import reads them back; brat itself ignores them)")
    if renamed:
        warnings.append("brat types cannot contain spaces or repeat across layers; renamed (the labels are kept "
                        f"as display names in {VISUAL}): " + count_phrase(renamed))
    statuses = Counter(a["status"] for a in content.annotations if a["status"] != "accepted")
    if statuses:
        warnings.append(f"brat holds no review status: {count_phrase(statuses)} annotation(s) written like "
                        "accepted ones")
    if any(a["author"] for a in content.annotations):
        warnings.append("brat holds no author or annotation ids: they are not written")
    multiline = sum(1 for a in content.annotations if "\n" in a["text"])
    if multiline:
        warnings.append(f"{multiline} annotation(s) cover line breaks; their T text shows them as spaces "
                        "(as brat itself does)")
    return ExportResult(path, {"documents": len(content.documents), "annotations": len(content.annotations),
                               "links": len(content.links) - len(cross), "cross_document_links": len(cross)},
                        warnings)


def write_brat_zip(project, path: Path, filters, task) -> ExportResult:
    """The brat collection in one zip: ``<name>/`` holding the files :func:`write_brat` writes (``<name>`` is the
    zip's name without ``.zip``; the core hands exporters a temporary ``.<name>.<random>.part`` path)."""
    path = Path(path)
    m = re.fullmatch(r"\.(.+)\.[^.]+\.part", path.name)
    name = m.group(1) if m else path.name
    inner = slug(name[:-4] if name.lower().endswith(".zip") else name, 80)
    with tempfile.TemporaryDirectory(prefix="annotator-brat-") as tmp:
        folder = Path(tmp) / inner
        result = write_brat(project, folder, filters, task)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(folder.iterdir()):
                zf.write(f, f"{inner}/{f.name}")
    return ExportResult(path, result.counts, result.warnings)


def _role_order(link: dict[str, Any]) -> tuple[str, int, str]:
    """Arguments in brat's order: by role, ``Role`` before ``Role2`` before ``Role10``."""
    m = re.fullmatch(r"(.*?)(\d*)", link["label"])
    return (m.group(1), int(m.group(2) or 1), link["id"]) if m else (link["label"], 0, link["id"])


def _conf(span_types, link_types, attributes, event_args) -> str:
    """annotation.conf: each layer's labels under ``!<layer>``; the types of event triggers under [events] with
    their roles (``Role*``: brat numbers repeated roles ``Role2``...) and the types their arguments have."""
    events = {t for _layer, t in event_args}
    out = [CONF_MARK,
           "# Each !<layer> groups the labels of one Annotator layer (not itself a type to annotate with).", "",
           "[entities]", ""]
    for layer in sorted(span_types):
        names = sorted(t for t in span_types[layer].values() if t not in events)
        if names:
            out.append(f"!{brat_type(layer)}")
            out += [f"\t{t}" for t in names]
    out += ["", "[relations]", ""]
    for layer in sorted(link_types):
        out.append(f"!{brat_type(layer)}")
        extra = ", <REL-TYPE>:symmetric-transitive" if layer == DEFAULT_EQUIVALENCE_LAYER else ""
        out += [f"\t{t}\tArg1:<ENTITY>, Arg2:<ENTITY>{extra}" for t in sorted(link_types[layer].values())]
    out += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", ""]
    for layer in sorted({layer for layer, _t in event_args}):
        out.append(f"!{brat_type(layer)}")
        for (lay, t), roles in sorted(event_args.items()):
            if lay == layer:
                args = ", ".join(f"{role}*:{'|'.join(sorted(types))}" for role, types in sorted(roles.items()))
                out.append(f"\t{t}\t{args}")
    out += ["", "[attributes]", ""]
    for name in sorted(attributes):
        values = sorted(v for v in attributes[name] if v)
        out.append(f"{name}\tArg:<ANY>" + (f", Value:{'|'.join(values)}" if values else ""))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------- import


class _Files:
    """A brat collection, from a folder or a zip: relative POSIX path -> bytes, read lazily."""

    def __init__(self, path: Path, options: dict | None = None):
        self.path = path
        self._zip = None
        self.limits = ArchiveLimits.from_options(options)
        self.outside: list[str] = []  # symbolic links to files outside the folder: never read
        if path.is_dir():
            root = path.resolve()
            names = []
            for p in sorted(path.rglob("*")):
                rel = p.relative_to(path)
                if not p.is_file() or any(s.startswith(".") for s in rel.parts):
                    continue
                try:
                    inside = p.resolve().is_relative_to(root)
                except (OSError, RuntimeError):
                    inside = False
                (names if inside else self.outside).append(rel.as_posix())
            self.names = names
        elif zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            self.names = sorted(n for n in self._zip.namelist() if not n.endswith("/")
                                and not any(s.startswith((".", "__MACOSX")) for s in PurePosixPath(n).parts))
        else:
            raise refuse("not a folder or zip of brat .txt/.ann files", path)

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            data = read_member(self._zip, name, self.where(name), self.limits)
            if name.endswith(".txt") and b"\x00" in data:
                raise refuse("this archive member is binary (it holds NUL bytes), not text", self.where(name))
            return data
        return (self.path / name).read_bytes()

    def where(self, name: str) -> str:
        return f"{self.path}/{name}" if self._zip is None else f"{self.path}!{name}"


def _parse_conf(text: str) -> dict[str, tuple[str, str]]:
    """brat type -> (section, layer or "") from annotation.conf. Only a configuration written by Annotator
    names layers (its ``!<layer>`` parents); another one's hierarchy is brat's own typing, not layers."""
    out: dict[str, tuple[str, str]] = {}
    ours = text.startswith(CONF_MARK)
    section = ""
    stack: list[tuple[int, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0] if raw.lstrip().startswith("#") else raw
        if not line.strip():
            continue
        m = re.match(r"^\s*\[(\w+)\]\s*$", line)
        if m:
            section, stack = m.group(1), []
            continue
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip().split()[0]
        if name.startswith("<") and "=" in name:
            continue  # macro
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        stack.append((depth, name))
        clean = name.lstrip("!")
        out.setdefault(clean, (section, parent.lstrip("!") if ours else ""))
    return out


def read_brat(path, data, options: dict) -> ImportBatch:
    files = _Files(Path(path), options)
    conf_name = next((n for n in files.names if PurePosixPath(n).name == CONF), None)
    conf = _parse_conf(files.read(conf_name).decode("utf-8", "replace")) if conf_name else {}
    visual_name = next((n for n in files.names if PurePosixPath(n).name == VISUAL), None)
    names: dict[str, str] = {}
    if visual_name:
        visual = files.read(visual_name).decode("utf-8", "replace")
        if visual.startswith(VISUAL_MARK):
            for line in visual.split("\n"):
                if " | " in line:
                    t, label = line.split(" | ", 1)
                    names[t.strip()] = label.split(" | ")[0].strip()
    docs_meta: dict[str, dict[str, Any]] = {}
    docs_name = next((n for n in files.names if PurePosixPath(n).name == DOCUMENTS), None)
    if docs_name:
        for n, line in enumerate(files.read(docs_name).decode("utf-8").split("\n"), 1):
            if line.strip():
                try:
                    meta = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise refuse(f"malformed JSON: {exc.msg}", files.where(docs_name), n) from None
                if isinstance(meta, dict) and isinstance(meta.get("file"), str):
                    docs_meta[meta["file"]] = meta
    texts = [n for n in files.names if n.endswith(".txt")]
    anns = {n[:-4] for n in files.names if n.endswith(".ann")}
    for stem in sorted(anns - {t[:-4] for t in texts}):
        raise refuse("this .ann file has no .txt beside it", files.where(stem + ".ann"))
    if not texts:
        raise refuse("no brat .txt/.ann pairs found", path)
    batch = ImportBatch()
    for name in files.outside:
        batch.warnings.append(f"{files.where(name)}: a symbolic link to a file outside the folder: not read")
    report: Counter = Counter()
    t_index: dict[tuple[str, str], str] = {}
    for txt_name in texts:
        stem = txt_name[:-4]
        raw = files.read(txt_name)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise refuse(f"not UTF-8 ({exc.reason} at byte {exc.start})", files.where(txt_name)) from None
        meta = docs_meta.get(PurePosixPath(txt_name).name, {})
        doc_id = meta.get("id") if isinstance(meta.get("id"), str) else foreign_id("brat", stem, text)
        batch.documents.append(NewDocument(
            id=doc_id, text=text, title=meta.get("title") or PurePosixPath(stem).name, source=meta.get("source") or "",
            published=meta.get("published"), url=meta.get("url"), language=meta.get("language") or "en",
            clean=False, raw=raw, encoding="utf-8", meta={"brat_file": txt_name}))
        if stem in anns:
            _read_ann(files, stem + ".ann", text, doc_id, conf, batch, report, t_index, names)
    cross_name = next((n for n in files.names if PurePosixPath(n).name == CROSS_LINKS), None)
    if cross_name:
        _read_cross(files, cross_name, t_index, batch)
    if report:
        batch.warnings.append(f"{files.path}: brat content the project model cannot hold was not imported: "
                              + count_phrase(report))
    return batch


def _read_ann(files, name, text, doc_id, conf, batch, report, t_index, names) -> None:
    where = files.where(name)
    try:
        lines = files.read(name).decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 ({exc.reason} at byte {exc.start})", where) from None
    spans: dict[str, Annotation] = {}
    skipped: set[str] = set()  # ids that exist but are not held (discontinuous spans, events on them)
    known: set[str] = set()
    deferred: list[tuple[int, str]] = []
    events: list[tuple[int, str, tuple[str, str, list[tuple[str, str]]]]] = []
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        kind = line[0]
        ident = line.split("\t", 1)[0]
        if kind == "T":
            parts = line.split("\t")
            if len(parts) < 3:
                raise refuse("a T line needs id, type and offsets, and text, separated by tabs", where, n)
            head = parts[1].split(" ", 1)
            if len(head) != 2:
                raise refuse(f"{ident}: expected 'TYPE START END' in {parts[1]!r}", where, n)
            typ, offs = head
            frags = []
            for frag in offs.split(";"):
                bits = frag.split()
                if len(bits) != 2 or not all(b.isdigit() for b in bits):
                    raise refuse(f"{ident}: offsets {offs!r} are not 'START END' integers", where, n)
                s, e = int(bits[0]), int(bits[1])
                if not 0 <= s <= e <= len(text):
                    raise refuse(f"{ident}: offsets {s}-{e} are outside the text (length {len(text)})", where, n)
                frags.append((s, e))
            covered = " ".join(text[s:e] for s, e in frags)
            claimed = "\t".join(parts[2:])
            if claimed != covered and claimed != re.sub(r"[\r\n]", " ", covered):
                raise refuse(f"{ident}: the text {claimed!r} does not match the document at {offs} ({covered!r})",
                             where, n)
            known.add(ident)
            if len(frags) != 1:
                report["discontinuous spans (T with ';')"] += 1
                skipped.add(ident)
                continue
            s, e = frags[0]
            if s == e:
                report["empty spans"] += 1
                skipped.add(ident)
                continue
            section, parent = conf.get(typ, ("entities", ""))
            layer = parent or (DEFAULT_EVENT_LAYER if section == "events" else DEFAULT_SPAN_LAYER)
            ann = Annotation(id=foreign_id(doc_id, ident), document_id=doc_id, start=s, end=e, layer=layer,
                             label=names.get(typ, typ), origin="brat")
            spans[ident] = ann
            t_index[(PurePosixPath(name).name, ident)] = ann.id
            t_index[(name, ident)] = ann.id
        elif kind == "E":
            known.add(ident)
            events.append((n, ident, _event_fields(line, ident, where, n)))
        elif kind == "R":
            known.add(ident)
            deferred.append((n, line))
        elif kind in "AMN#*":
            deferred.append((n, line))
        else:
            raise refuse(f"unknown brat line type {kind!r}", where, n)
    attrs: dict[str, dict[str, Any]] = defaultdict(dict)
    links: list[tuple[str, Link]] = []
    link_attrs: dict[str, dict[str, Any]] = defaultdict(dict)
    # an event is held as its trigger span (attributes, notes and relations on the event go to it) and one link
    # per argument, from the trigger to the argument's span (or to the trigger of an argument event)
    trigger_of: dict[str, str] = {}
    triggers_used: Counter = Counter()
    for n, ident, (etype, trigger, _args) in events:
        if trigger not in known:
            raise refuse(f"{ident} refers to {trigger!r}, which is not defined in this file", where, n)
        if trigger in spans:
            trigger_of[ident] = trigger
            triggers_used[trigger] += 1
            if triggers_used[trigger] == 2:
                report["events sharing a trigger with another event (kept as one span)"] += 1
            if names.get(etype, etype) != spans[trigger].label:
                report["events whose type differs from their trigger's (the trigger's type is kept)"] += 1
        else:
            skipped.add(ident)
            report["events on discontinuous or empty triggers"] += 1

    def span_of(ref: str, ident: str, n: int) -> str | None:
        """The T id that holds ``ref`` (a span, or an event's trigger); None if it is known but not held;
        refuses ids the file does not define."""
        if ref in spans:
            return ref
        if ref in trigger_of:
            return trigger_of[ref]
        if ref in known or ref in skipped:
            return None
        raise refuse(f"{ident} refers to {ref!r}, which is not defined in this file", where, n)

    for n, ident, (_etype, _trigger, args) in events:
        if ident not in trigger_of:
            continue
        for k, (role, ref) in enumerate(args):
            held = span_of(ref, ident, n)
            if held is None:
                report["event arguments on discontinuous spans"] += 1
                continue
            links.append((f"{ident}:{k}", Link(
                id=foreign_id(doc_id, ident, str(k)), layer=DEFAULT_ARGUMENT_LAYER, label=names.get(role, role),
                source_id=spans[trigger_of[ident]].id, target_id=spans[held].id, origin="brat")))

    for n, line in deferred:
        parts = line.split("\t")
        ident, kind = parts[0], line[0]
        fields = parts[1].split() if len(parts) > 1 else []

        def check(ref: str, ident=ident, n=n) -> bool:
            """True if ``ref`` is held (a span, an event's trigger, a relation); False if it is known but not
            held; refuses unknown ids."""
            if ref in spans or ref in trigger_of or any(ref == l_id for l_id, _ in links):
                return True
            if ref in known or ref in skipped:
                return False
            raise refuse(f"{ident} refers to {ref!r}, which is not defined in this file", where, n)

        def held(ref: str) -> str:
            return trigger_of.get(ref, ref)

        if kind in "AM":
            if len(fields) not in (2, 3):
                raise refuse(f"{ident}: expected 'NAME ID [VALUE]'", where, n)
            if check(fields[1]):
                attrs[held(fields[1])][fields[0]] = fields[2] if len(fields) == 3 else True
            else:
                report["attributes of skipped spans or events"] += 1
        elif kind == "R":
            if len(fields) != 3 or not all(":" in f for f in fields[1:]):
                raise refuse(f"{ident}: expected 'TYPE Arg1:ID Arg2:ID'", where, n)
            ends = [f.split(":", 1)[1] for f in fields[1:]]
            ok = [check(e) for e in ends]
            if all(ok):
                section, parent = conf.get(fields[0], ("relations", ""))
                links.append((ident, Link(id=foreign_id(doc_id, ident), layer=parent or DEFAULT_LINK_LAYER,
                                          label=names.get(fields[0], fields[0]), source_id=spans[held(ends[0])].id,
                                          target_id=spans[held(ends[1])].id,
                                          origin="brat")))
            else:
                report["relations to skipped spans or events"] += 1
        elif kind == "N":
            if len(fields) != 3 or ":" not in fields[2]:
                raise refuse(f"{ident}: expected 'Reference ID RESOURCE:ENTRY'", where, n)
            if check(fields[1]):
                norms = attrs[held(fields[1])].setdefault("normalization", [])
                norms.append(fields[2] + (f" ({parts[2]})" if len(parts) > 2 and parts[2] else ""))
            else:
                report["normalizations of skipped spans or events"] += 1
        elif kind == "#":
            if len(fields) < 2:
                raise refuse(f"{ident}: expected 'AnnotatorNotes ID<TAB>note'", where, n)
            note = "\t".join(parts[2:]) if len(parts) > 2 else ""
            target = fields[1]
            extra: dict[str, Any]
            try:
                parsed = json.loads(note)
                extra = parsed if isinstance(parsed, dict) else {"note": note}
            except json.JSONDecodeError:
                extra = {"note": note}
            is_link = any(target == l_id for l_id, _ in links)
            if target in spans or target in trigger_of:
                attrs[held(target)].update(extra)
            elif is_link:
                link_attrs[target].update(extra)
            elif target in known:
                report["notes on skipped spans or events"] += 1
            else:
                raise refuse(f"{ident} refers to {target!r}, which is not defined in this file", where, n)
        elif kind == "*":
            if len(fields) < 3:
                raise refuse("expected '*<TAB>TYPE ID ID ...'", where, n)
            members = [held(ref) for ref in fields[1:] if check(ref)]
            if len(members) < len(fields) - 1:
                report["members of equivalences on skipped spans"] += len(fields) - 1 - len(members)
            for k in range(1, len(members)):  # an equivalence set, held as a chain of links
                links.append((f"*{n}:{k}", Link(id=foreign_id(doc_id, "*", str(n), str(k)),
                                                layer=DEFAULT_EQUIVALENCE_LAYER, label=names.get(fields[0], fields[0]),
                                                source_id=spans[members[k - 1]].id, target_id=spans[members[k]].id,
                                                origin="brat")))
    for ident, ann in spans.items():
        batch.annotations.append(ann.replace(attributes=attrs.get(ident, {})))
    for ident, link in links:
        if ident in link_attrs:
            link = link.replace(attributes={**link.attributes, **link_attrs[ident]})
        batch.links.append(link)


def _event_fields(line: str, ident: str, where: str, n: int) -> tuple[str, str, list[tuple[str, str]]]:
    """(type, trigger id, [(role, argument id)]) of an ``E`` line, or a refusal naming the line."""
    parts = line.split("\t")
    fields = parts[1].split() if len(parts) > 1 else []
    if not fields or not all(f.count(":") >= 1 and f.split(":", 1)[0] and f.split(":", 1)[1] for f in fields):
        raise refuse(f"{ident}: expected 'TYPE:TRIGGER ROLE:ID ...'", where, n)
    etype, trigger = fields[0].rsplit(":", 1)
    return etype, trigger, [tuple(f.rsplit(":", 1)) for f in fields[1:]]  # type: ignore[misc]


def _read_cross(files, name, t_index, batch) -> None:
    where = files.where(name)
    for n, line in enumerate(files.read(name).decode("utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            c = json.loads(line)
            ends = [t_index.get((c[k]["file"], c[k]["id"])) for k in ("source", "target")]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise refuse(f"not a cross-document link record ({exc})", where, n) from None
        if not all(ends):
            raise refuse("a link end names a T line that is not in the collection", where, n)
        batch.links.append(Link(id=c.get("id") or foreign_id(where, str(n)), layer=c.get("layer") or "relation",
                                label=c.get("label") or "link", source_id=ends[0], target_id=ends[1],
                                attributes=c.get("attributes") or {}, origin="brat"))


def is_brat_folder(folder: Path) -> bool:
    """A folder holding an ``annotation.conf`` or at least one ``.ann`` file beside its ``.txt`` (looked for in the
    folder and one level down): a brat collection, imported whole."""
    folder = Path(folder)
    for base in [folder, *(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))]:
        if (base / CONF).is_file():
            return True
        if any(ann.with_suffix(".txt").is_file() for ann in base.glob("*.ann")):
            return True
    return False


def read_brat_zip(path, data: bytes, options: dict) -> ImportBatch:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise refuse("not a zip file", path)
    return read_brat(path, None, options)
