"""CoNLL-2003-style IOB2 for one entity layer: export and import.

One token per line (``TOKEN TAG``, tags ``O``/``B-LABEL``/``I-LABEL``), a blank line between sentences, and
``-DOCSTART- -X- O O`` (the delimiter ``spacy convert`` splits documents on) before each document. Tokens are
cut so that every entity boundary is a token boundary (an entity inside a word splits the word), so no entity
is moved; sentences end after ``.``/``!``/``?`` before a capitalised token, and at line breaks, never inside an
entity.

CoNLL cannot hold the exact text (spacing, line breaks), document metadata, overlapping entities, other layers,
links, attributes or status: the export names each loss in its warnings. The import rebuilds each document as
its tokens joined by single spaces (sentences by line breaks) and its entities from the tags (IOB1, IOB2,
BIOES/BILOU are read); a line without a tag, or a tag that is not IOB, refuses the file with its line.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from annotator import Annotation, ExportResult, ImportBatch, NewDocument

from ._common import (
    decode_utf8,
    dropped_fields,
    entity_layers,
    foreign_id,
    gather,
    lost,
    non_overlapping,
    refuse,
    sequence_id,
)

DOCSTART = "-DOCSTART- -X- O O"
DEFAULT_LAYER = "entity"
_END_PUNCT = (".", "!", "?", "…")
_OPENERS = "\"'“‘«("


def _kind(ch: str) -> str:
    if ch.isspace():
        return "space"
    if ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M":
        return "word"
    return "other"


def tokenize(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Token (start, end) offsets: runs of word characters (letters, digits, combining marks) or single other
    characters (a combining mark stays with the character before it); never across whitespace nor across an
    offset in ``cuts``."""
    tokens: list[tuple[int, int]] = []
    start = None
    prev = "space"
    for i, ch in enumerate(text):
        kind = _kind(ch)
        mark = unicodedata.category(ch)[0] == "M"
        boundary = i in cuts
        if kind == "space":
            if start is not None:
                tokens.append((start, i))
                start = None
        elif start is None:
            start = i
        elif boundary or not (mark or (kind == "word" and prev == "word")):
            tokens.append((start, i))
            start = i
        prev = "space" if kind == "space" else ("word" if kind == "word" else ("word" if mark and prev == "word"
                                                                               else "other"))
    if start is not None:
        tokens.append((start, len(text)))
    return tokens


def tag_label(label: str) -> str:
    return re.sub(r"\s+", "_", label.strip()) or "_"


def document_sentences(text: str, entities: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    """The (token, tag) sentences of one document, given its non-overlapping entity annotations."""
    cuts = {a["start"] for a in entities} | {a["end"] for a in entities}
    tokens = tokenize(text, cuts)
    spans = sorted(entities, key=lambda a: a["start"])
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    j = 0
    inside = None  # the entity the previous token belonged to
    prev_end = 0
    for s, e in tokens:
        while j < len(spans) and spans[j]["end"] <= s:
            j += 1
        ent = spans[j] if j < len(spans) and spans[j]["start"] <= s and e <= spans[j]["end"] else None
        if current and (ent is None or ent is not inside):  # never break inside an entity
            gap = text[prev_end:s]
            last = current[-1][0]
            if "\n" in gap or (last.endswith(_END_PUNCT) and (text[s].isupper() or text[s] in _OPENERS)):
                sentences.append(current)
                current = []
        if ent is None:
            tag = "O"
        elif ent is inside:
            tag = "I-" + tag_label(ent["label"])
        else:
            tag = "B-" + tag_label(ent["label"])
        current.append((text[s:e], tag))
        inside = ent
        prev_end = e
    if current:
        sentences.append(current)
    return sentences


def write_conll(project, path: Path, filters, task) -> ExportResult:
    content = gather(project, filters, task)
    layers, warnings = entity_layers(content)
    by_doc = content.by_document
    kept_n = dropped_n = empty_n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for d in content.documents:
            anns = [a for a in by_doc.get(d["id"], []) if a["layer"] in layers]
            kept, dropped = non_overlapping(anns)
            dropped_n += len(dropped)
            visible = [a for a in kept if a["text"].strip()]
            empty_n += len(kept) - len(visible)
            kept_n += len(visible)
            out.write(DOCSTART + "\n\n")
            for sentence in document_sentences(d["text"], visible):
                out.write("".join(f"{tok} {tag}\n" for tok, tag in sentence) + "\n")
    others = [a for a in content.annotations if a["layer"] not in layers]
    if others:
        warnings = [w for w in warnings if not w.startswith("layers not tagged")]
        names = ", ".join(sorted({a["layer"] for a in others}))
        warnings.append(f"{len(others)} annotation(s) of other layers not written ({names}): CoNLL holds one "
                        "entity layer; choose it with --layer")
    warnings += lost("overlapping or nested entities", dropped_n, "IOB tagging",
                     "the longest of overlapping spans is kept")
    warnings += lost("whitespace-only entities", empty_n, "CoNLL")
    warnings += lost("links", len(content.links), "CoNLL")
    warnings += dropped_fields(content, "CoNLL", ("attributes", "status"))
    if content.documents:
        warnings.append("CoNLL holds tokens, not the text: spacing, line breaks, document ids and metadata are "
                        "not kept")
    renamed = sorted({a["label"] for a in content.annotations
                      if a["layer"] in layers and tag_label(a["label"]) != a["label"]})
    if renamed:
        warnings.append("labels with spaces written with underscores: " + ", ".join(renamed))
    return ExportResult(path, {"documents": len(content.documents), "entities": kept_n}, warnings)


# --------------------------------------------------------------------------------------------- import

_TAG = re.compile(r"^(?:O|([BIESLU])-(.+))$")


def token_columns(lines: list[str]) -> int:
    """How many columns the token lines of a file have (the most common count among lines that do not start
    with ``#``; 2 when there are none)."""
    counts: dict[int, int] = {}
    for line in lines:
        cols = line.split()
        if cols and cols[0] != "-DOCSTART-" and not cols[0].startswith("#"):
            counts[len(cols)] = counts.get(len(cols), 0) + 1
    return max(counts, key=lambda k: (counts[k], -k)) if counts else 2


def is_comment(cols: list[str], width: int) -> bool:
    """A line starting with ``#`` is a token line (the token ``#``, ``#hashtag``...) when it has as many columns as
    the file's token lines and ends with an IOB tag, exactly as ``spacy convert`` reads it (CoNLL-2003 has no
    comments); otherwise it is a comment (``# sent_id = 3``, ``# newdoc``: CoNLL-U style, skipped)."""
    if not cols[0].startswith("#"):
        return False
    return not (len(cols) == width and _TAG.match(cols[-1]))


def read_conll(path, data: bytes, options: dict) -> ImportBatch:
    text = decode_utf8(data, path)
    layer = options.get("layer") or DEFAULT_LAYER
    docs: list[list[list[tuple[str, str, int]]]] = []
    doc: list[list[tuple[str, str, int]]] = []
    sent: list[tuple[str, str, int]] = []
    lines = text.splitlines()
    width = token_columns(lines)
    for n, line in enumerate(lines, 1):
        cols = line.split()
        if not cols:
            if sent:
                doc.append(sent)
                sent = []
            continue
        if cols[0] == "-DOCSTART-":
            if sent:
                doc.append(sent)
                sent = []
            if doc:
                docs.append(doc)
            doc = []
            continue
        if is_comment(cols, width):
            continue
        if len(cols) < 2:
            raise refuse(f"expected 'TOKEN ... TAG', got {line.strip()!r}", path, n)
        if not _TAG.match(cols[-1]):
            raise refuse(f"{cols[-1]!r} is not an IOB tag (O, B-X, I-X)", path, n)
        sent.append((cols[0], cols[-1], n))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    if not docs:
        raise refuse("no tokens found", path)
    batch = ImportBatch()
    for k, sentences in enumerate(docs, 1):
        parts: list[str] = []
        offset = 0
        anns: list[tuple[int, int, str]] = []
        for si, sentence in enumerate(sentences):
            if si:
                parts.append("\n")
                offset += 1
            current: list[Any] | None = None
            for ti, (tok, tag, _line) in enumerate(sentence):
                if ti:
                    parts.append(" ")
                    offset += 1
                s, e = offset, offset + len(tok)
                parts.append(tok)
                offset = e
                m = _TAG.match(tag)
                prefix, label = (m.group(1), m.group(2)) if m.group(1) else (None, None)
                if prefix is None:
                    current = None
                elif prefix in "BSU" or current is None or current[2] != label:
                    current = [s, e, label]
                    anns.append(current)  # type: ignore[arg-type]
                else:
                    current[1] = e
                if prefix in ("E", "L", "S", "U"):
                    current = None
        doc_text = "".join(parts)
        doc_id = sequence_id("conll\x1f" + text, k)
        batch.documents.append(NewDocument(text=doc_text, title=f"{Path(str(path)).stem} {k}", id=doc_id,
                                           clean=False, meta={"conll_file": Path(str(path)).name, "conll_document": k}))
        for s, e, label in anns:
            batch.annotations.append(Annotation(id=foreign_id(doc_id, str(s), str(e), label), document_id=doc_id,
                                                start=s, end=e, layer=layer, label=label, origin="conll"))
    return batch
