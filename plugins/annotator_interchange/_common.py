"""What every interchange format shares: stable IRIs and ids, the filtered project content an export
covers (gathered once through ``project.export_rows``), choosing the entity layer for token formats,
and small helpers for warnings and refusals.

No format logic lives here; each format is its own module.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from annotator import ImportRefused, __version__

DOC_IRI = "urn:annotator:doc:"
ANN_IRI = "urn:annotator:annotation:"
LINK_IRI = "urn:annotator:link:"
GENERATOR = f"Annotator {__version__}"
# uuid5 namespace for the GUIDs of formats that need UUIDs (REFI-QDA): stable across exports
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:annotator")


def iri(prefix: str, ident: str) -> str:
    """``prefix`` + ``ident`` %-escaped (UTF-8): ids from other files may hold spaces, ``#`` or non-ASCII, and an
    IRI written into W3C JSON-LD must be a valid URI (the W3C schemas check ``format: uri``). Our ULIDs are
    unchanged."""
    return prefix + quote(ident, safe="-._~!$&'()*+,;=:@")


def doc_iri(doc_id: str) -> str:
    return iri(DOC_IRI, doc_id)


def guid(*parts: str) -> str:
    """A stable UUID for ``parts`` (same input, same GUID, in every export)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts)))


def foreign_id(*parts: str) -> str:
    """A stable id for an object read from a file that gives none of ours (re-importing it is a no-op)."""
    return "X" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:25].upper()


def sequence_id(key: str, k: int) -> str:
    """A stable id for the ``k``-th document of a file identified by ``key`` (its content): ids sort in file order,
    and the project lists documents by id."""
    return "X" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:14].upper() + f"{k:06d}"


def strip_prefix(value: Any, prefix: str) -> str | None:
    """The id in an IRI written by :func:`iri` (unescaped), or None if ``value`` is not one."""
    if isinstance(value, str) and value.startswith(prefix) and len(value) > len(prefix):
        return unquote(value[len(prefix):])
    return None


@dataclass
class Content:
    """The filtered content of one export: documents, annotations and links as ``annotator/1`` dicts
    (annotations carry ``text``; links carry both ends' ``source``/``target`` document, offsets, text)."""

    project: Any
    filters: Any
    documents: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    layers: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    exported_at: str | None = None

    @property
    def by_document(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {d["id"]: [] for d in self.documents}
        for a in self.annotations:
            out.setdefault(a["document_id"], []).append(a)
        return out

    def doc(self, doc_id: str) -> dict[str, Any] | None:
        for d in self.documents:
            if d["id"] == doc_id:
                return d
        return None


def gather(project, filters, task=None) -> Content:
    """Everything an export with ``filters`` covers, in the deterministic order of the core JSON export."""
    rows = project.export_rows(filters)
    content = Content(project, filters, layers=project.layers(), info=rows.project_info,
                      exported_at=rows.exported_at)
    content.documents = list(rows.documents)
    total = rows.annotation_count
    for chunk in rows.annotation_chunks(raw_attributes=False):
        if task is not None:
            task.check()
        content.annotations.extend(chunk)
        if task is not None:
            task.progress(len(content.annotations), total, "annotations")
    doc_ids = {d["id"] for d in content.documents}
    content.annotations = [a for a in content.annotations if a["document_id"] in doc_ids]
    content.links = [l for l in rows.links()
                     if l["source"]["document_id"] in doc_ids and l["target"]["document_id"] in doc_ids]
    return content


def span_layers(content: Content) -> list[str]:
    return sorted({a["layer"] for a in content.annotations})


def entity_layers(content: Content) -> tuple[list[str], list[str]]:
    """The span layer(s) a token format (CoNLL, DocBin) tags, and a note on the choice.

    Layers named in the filters win; otherwise the ``entity`` layer when the export has any of it;
    otherwise every span layer of the export.
    """
    present = span_layers(content)
    asked = [n for n in content.filters.layers if n in present]
    if asked:
        return asked, []
    if "entity" in present:
        others = [n for n in present if n != "entity"]
        notes = [f"layers not tagged (this format holds one entity layer; choose with --layer): {', '.join(others)}"
                 ] if others else []
        return ["entity"], notes
    return present, []


def non_overlapping(anns: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Keep a maximal set of non-overlapping spans (earliest start, then longest first); return (kept, dropped)."""
    kept, dropped = [], []
    end = -1
    for a in sorted(anns, key=lambda a: (a["start"], -(a["end"] - a["start"]), a["label"], a["id"])):
        if a["start"] >= end:
            kept.append(a)
            end = a["end"]
        else:
            dropped.append(a)
    return kept, dropped


def count_phrase(counter: Counter) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(counter.items()))


def lost(what: str, n: int, fmt: str, hint: str = "") -> list[str]:
    """A warning (as a one-item list) that ``n`` ``what`` were not written because ``fmt`` cannot hold them."""
    if not n:
        return []
    return [f"{n} {what} not written: {fmt} cannot hold them" + (f" ({hint})" if hint else "")]


def dropped_fields(content: Content, fmt: str, fields: tuple[str, ...]) -> list[str]:
    """Warn about per-annotation fields (status, author, origin, attributes...) the format drops, when the export
    actually has non-default values for them."""
    out = []
    anns = content.annotations
    if "status" in fields:
        statuses = Counter(a["status"] for a in anns if a["status"] != "accepted")
        if statuses:
            out.append(f"{fmt} holds no review status: {count_phrase(statuses)} annotation(s) are written like "
                       "accepted ones")
    if "attributes" in fields:
        n = sum(1 for a in anns if a["attributes"])
        if n:
            out.append(f"{fmt} holds no attributes: the attributes of {n} annotation(s) are not written")
    if "author" in fields:
        n = len({a["author"] for a in anns if a["author"]})
        if n:
            out.append(f"{fmt} holds no author: the authors ({n}) are not written")
    return out


_SAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def slug(text: str, limit: int = 40) -> str:
    s = _SAFE.sub("-", text).strip("-._")
    return s[:limit].rstrip("-._") or "document"


def refuse(reason: str, path, line: int | None = None) -> ImportRefused:
    return ImportRefused(reason, path=path, line=line)


def decode_utf8(data: bytes, path, what: str = "file") -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(f"the {what} is not UTF-8 ({exc.reason} at byte {exc.start})", path, line) from None
    return text[1:] if text.startswith("\ufeff") else text


# --------------------------------------------------------------------------------------------- archives

#: Limits on what one member of a zip (``.qdpx``, brat ``.zip``) may inflate to. Both apply: the absolute one, and
#: one relative to the member's compressed size (a zip bomb compresses a gigabyte of zeros into a few kilobytes).
#: Import options ``archive_member_limit`` (bytes) and ``archive_ratio_limit`` change them for one import.
ARCHIVE_MEMBER_LIMIT = 256 * 1024 * 1024
ARCHIVE_RATIO_LIMIT = 200
ARCHIVE_RATIO_FLOOR = 1024 * 1024  # members up to this size are never refused for their ratio
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    member: int = ARCHIVE_MEMBER_LIMIT
    ratio: float = ARCHIVE_RATIO_LIMIT

    @classmethod
    def from_options(cls, options: dict | None) -> ArchiveLimits:
        options = options or {}
        member = options.get("archive_member_limit", ARCHIVE_MEMBER_LIMIT)
        ratio = options.get("archive_ratio_limit", ARCHIVE_RATIO_LIMIT)
        return cls(int(member), float(ratio))

    def limit_for(self, compressed: int) -> int:
        return int(min(self.member, max(ARCHIVE_RATIO_FLOOR, compressed * self.ratio)))


def _mib(n: float) -> str:
    return f"{n / (1 << 20):.1f} MiB" if n >= 1 << 20 else f"{n / 1024:.0f} KiB"


def read_member(zf, name: str, where: str, limits: ArchiveLimits | None = None) -> bytes:
    """The bytes of zip member ``name``, refused (:class:`ImportRefused` at ``where``) when its declared size is
    over the limits, and again *while* inflating when the data turns out larger than declared (headers can lie).
    """
    limits = limits or ArchiveLimits()
    info = zf.getinfo(name)
    limit = limits.limit_for(info.compress_size)
    if info.file_size > limit:
        raise refuse(f"archive member would inflate to {_mib(info.file_size)} (compressed {_mib(info.compress_size)}), "
                     f"over the limit of {_mib(limit)} (import option archive_member_limit/archive_ratio_limit)",
                     where)
    chunks, total = [], 0
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise refuse(f"archive member inflates past the limit of {_mib(limit)} (its header said "
                                 f"{_mib(info.file_size)}): refused", where)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # a header that lies about the size (CRC mismatch), broken deflate data, encryption...
        raise refuse(f"corrupt or unreadable archive member: {exc}", where) from None
    return b"".join(chunks)


def text_member(zf, name: str, where: str, limits: ArchiveLimits | None = None) -> str:
    """A zip member as UTF-8 text; NUL-only or binary members are refused (a document of NUL bytes is no text)."""
    data = read_member(zf, name, where, limits)
    if b"\x00" in data:
        raise refuse("this archive member is binary (it holds NUL bytes), not text", where)
    return decode_utf8(data, where, "archive member")
