"""The one validation layer between the outside and the store.

Everything that reaches the project from outside a manual edit passes through here before it is stored: the
documents, annotations, links and entities of an importer's :class:`~annotator.ImportBatch` (and the text a
cleaner hands back), and the proposals of a suggester. The checks are the ones a manual edit gets:

- text is ``str`` without lone surrogates (SQLite and every export need valid UTF-8);
- offsets are integers (not ``bool``, not ``9.5``) with ``0 <= start < end <= len(text)``;
- layer, label, ids and names are non-empty strings; a suggester's layer and label must be declared;
- ``attributes`` (and a document's ``meta``) are JSON objects that serialise: string keys, finite numbers,
  no sets, bytes or objects, not nested absurdly deep;
- a link has two different ends; status is one of ``accepted``, ``suggested``, ``rejected``;
- scores are finite numbers.

A failed check raises :class:`Invalid` naming the item and the reason; callers (import and suggest services)
turn that into a refusal of the item or file, naming the plugin. :class:`FailurePolicy` decides when a
plugin that keeps raising is disabled: only when it fails as a whole (several calls in a row, none
succeeding), never because of one input file or one document.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from typing import Any

from ..model import STATUSES
from ..specs import NewDocument

MAX_DEPTH = 32  # nesting of attribute values
MAX_NAME = 10_000  # characters of a layer, label or entity name


class Invalid(ValueError):
    """An item from outside failed a check. ``item`` names it (``annotation A1``), ``reason`` says why."""

    def __init__(self, item: str, reason: str):
        self.item = item
        self.reason = reason
        super().__init__(f"{item}: {reason}" if item else reason)


# ------------------------------------------------------------------------------------------ primitives


def lone_surrogate(text: str) -> int | None:
    """The offset of the first lone surrogate (U+D800..U+DFFF) in ``text``, or None."""
    if text.isascii():  # (C speed, no copy)
        return None
    try:  # (UTF-16 refuses the same code points as UTF-8, at about twice its speed: mostly a copy)
        text.encode("utf-16-le")
        return None
    except UnicodeEncodeError as exc:
        return exc.start


def check_text(value: Any, item: str, what: str = "text", *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise Invalid(item, f"{what} must be a str, not {type(value).__name__}")
    bad = lone_surrogate(value)
    if bad is not None:
        raise Invalid(item, f"{what} holds a lone surrogate (U+{ord(value[bad]):04X}) at offset {bad}: "
                            "not valid Unicode text")
    if not empty_ok and not value.strip():
        raise Invalid(item, f"{what} is empty")
    return value


def check_optional_text(value: Any, item: str, what: str) -> None:
    if value is not None:
        check_text(value, item, what)


def check_name(value: Any, item: str, what: str) -> str:
    check_text(value, item, what, empty_ok=False)
    if len(value) > MAX_NAME:
        raise Invalid(item, f"{what} is {len(value)} characters long (at most {MAX_NAME})")
    return value


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_offsets(start: Any, end: Any, length: int, item: str) -> None:
    if not (is_int(start) and is_int(end)):
        raise Invalid(item, f"offsets must be integers, got {start!r} ({type(start).__name__}) and {end!r} "
                            f"({type(end).__name__})")
    if not 0 <= start < end <= length:
        raise Invalid(item, f"span {start}-{end} is outside the document (length {length}) or empty")


def check_status(status: Any, item: str) -> None:
    if status not in STATUSES:
        raise Invalid(item, f"status must be one of {', '.join(STATUSES)}, not {status!r}")


def check_score(score: Any, item: str) -> None:
    if score is None:
        return
    if not isinstance(score, (int, float)) or isinstance(score, bool) or not math.isfinite(score):
        raise Invalid(item, f"score must be a finite number or None, not {score!r}")


def check_json_value(value: Any, item: str, where: str, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise Invalid(item, f"{where} is nested deeper than {MAX_DEPTH} levels")
    if type(value) is str and value.isascii():  # (valid text: the usual value; str.isascii reads no text)
        return
    if value is None or isinstance(value, bool) or is_int(value):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid(item, f"{where} is {value!r}: JSON has no NaN or infinity")
        return
    if isinstance(value, str):
        check_text(value, item, where)
        return
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            if not (type(v) is str and v.isascii()):  # (where it is, worded only for a value that needs a look)
                check_json_value(v, item, f"{where}[{i}]", depth + 1)
        return
    if type(value) is dict or isinstance(value, Mapping):
        for k, v in value.items():
            if not (type(k) is str and k.isascii()):
                if not isinstance(k, str):
                    raise Invalid(item, f"{where} has a key {k!r} that is not a string")
                check_text(k, item, f"a key of {where}")
            if not (type(v) is str and v.isascii()):
                check_json_value(v, item, f"{where}.{k}", depth + 1)
        return
    raise Invalid(item, f"{where} is a {type(value).__name__}, which JSON cannot hold")


def check_json_object(value: Any, item: str, what: str = "attributes") -> dict[str, Any]:
    """``value`` as a dict if it is a JSON object that serialises; ``None`` counts as ``{}``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise Invalid(item, f"{what} must be a JSON object, not {type(value).__name__}")
    check_json_value(value, item, what)
    return dict(value)


def check_layer(layers: Mapping[str, Any], layer: Any, label: Any, kind: str, item: str) -> None:
    """``layer`` is a declared layer of ``kind`` and ``label`` one of its labels (when it declares any)."""
    check_name(layer, item, "layer")
    check_name(label, item, "label")
    spec = layers.get(layer)
    if spec is None:
        raise Invalid(item, f"layer {layer!r} is not declared by any enabled plugin")
    if spec.kind != kind:
        raise Invalid(item, f"layer {layer!r} is a {spec.kind} layer, not a {kind} layer")
    if spec.labels and spec.label(label) is None:
        raise Invalid(item, f"{label!r} is not a label of layer {layer!r} "
                            f"({', '.join(lab.name for lab in spec.labels)})")


# ------------------------------------------------------------------------------------------ imports


def check_new_document(doc: Any, item: str, *, text_checked: bool = False) -> None:
    """A :class:`~annotator.NewDocument` from an importer (or after cleaning: ``text_checked`` when the cleaner
    chain has checked the text already, see :func:`~annotator.services.importing.clean_text`)."""
    if not isinstance(doc, NewDocument):
        raise Invalid(item, f"expected a NewDocument, got {type(doc).__name__}")
    if not (text_checked and type(doc.text) is str):
        check_text(doc.text, item, "text")
    if not doc.text or doc.text.isspace():  # (= not doc.text.strip(), without copying the text)
        raise Invalid(item, "the document text is empty")
    for name in _DOCUMENT_TEXT_FIELDS:
        value = getattr(doc, name)
        # (an ASCII str, the usual field, is valid text: str.isascii answers without reading it)
        if not (value is None or (type(value) is str and value.isascii())):
            if name in ("title", "source"):
                check_text(value or "", item, name)
            else:
                check_optional_text(value, item, name)
    if doc.id is not None:
        check_name(doc.id, item, "id")
    if doc.raw is not None and not isinstance(doc.raw, (bytes, bytearray)):
        raise Invalid(item, f"raw must be bytes, not {type(doc.raw).__name__}")
    if not (type(doc.meta) is dict and not doc.meta):  # (an empty dict: nothing to check)
        check_json_object(doc.meta, item, "meta")


_DOCUMENT_TEXT_FIELDS = ("title", "source", "published", "url", "encoding", "imported_at", "language")


def check_imported_annotation(a: Any, length: int | None, item: str) -> None:
    """An annotation of an import batch. Datasets bring their own layers, so undeclared layers are kept."""
    from ..model import Annotation

    if not isinstance(a, Annotation):
        raise Invalid(item, f"expected an Annotation, got {type(a).__name__}")
    check_name(a.id, item, "id")
    check_name(a.document_id, item, "document_id")
    check_name(a.layer, item, "layer")
    check_name(a.label, item, "label")
    if length is not None:
        check_offsets(a.start, a.end, length, item)
    _check_record(a, item)


def _check_record(obj: Any, item: str) -> None:
    """What annotations and links share: a known status, JSON-object attributes, text author/origin/times."""
    check_status(obj.status, item)
    check_json_object(obj.attributes, item)
    for name in ("author", "origin", "created_at", "modified_at"):
        check_text(getattr(obj, name) or "", item, name)


def check_imported_link(link: Any, item: str) -> None:
    from ..model import Link

    if not isinstance(link, Link):
        raise Invalid(item, f"expected a Link, got {type(link).__name__}")
    check_name(link.id, item, "id")
    check_name(link.layer, item, "layer")
    check_name(link.label, item, "label")
    check_name(link.source_id, item, "source_id")
    check_name(link.target_id, item, "target_id")
    if link.source_id == link.target_id:
        raise Invalid(item, "a link needs two different ends (it links an annotation to itself)")
    _check_record(link, item)


def check_imported_entity(ent: Any, item: str) -> None:
    from ..model import Entity

    if not isinstance(ent, Entity):
        raise Invalid(item, f"expected an Entity, got {type(ent).__name__}")
    check_name(ent.id, item, "id")
    check_name(ent.canonical_name, item, "canonical_name")
    check_text(ent.label or "", item, "label")
    check_optional_text(ent.qid, item, "qid")
    if not isinstance(ent.aliases, (list, tuple)):
        raise Invalid(item, f"aliases must be a list, not {type(ent.aliases).__name__}")
    for i, alias in enumerate(ent.aliases):
        check_text(alias, item, f"aliases[{i}]")
    check_text(ent.note or "", item, "note")
    check_status(ent.status, item)
    check_json_object(ent.attributes, item)


# ------------------------------------------------------------------------------------------ suggestions


def describe(p: Any) -> str:
    """A short name for a proposal in a report: ``span 3-9 entity/PERSON in D1``."""
    from ..specs import EntitySuggestion, LinkSuggestion, SpanSuggestion

    try:
        if isinstance(p, SpanSuggestion):
            return f"span {p.start!r}-{p.end!r} {p.layer!r}/{p.label!r} in document {p.document_id!r}"
        if isinstance(p, LinkSuggestion):
            return f"link {p.source!r} -> {p.target!r} {p.layer!r}/{p.label!r}"
        if isinstance(p, EntitySuggestion):
            return f"entity {p.canonical_name!r}"
    except Exception:  # noqa: BLE001 - a description must never raise
        pass
    return f"a {type(p).__name__}"


def check_span_suggestion(p: Any, layers: Mapping[str, Any], length: int | None, item: str) -> None:
    if length is None:
        raise Invalid(item, f"document {p.document_id!r} is not among the documents the suggester was given")
    check_layer(layers, p.layer, p.label, "span", item)
    check_offsets(p.start, p.end, length, item)
    check_json_object(p.attributes, item)
    check_score(p.score, item)
    check_text(p.reason or "", item, "reason")
    if p.key is not None and not isinstance(p.key, str):
        raise Invalid(item, f"key must be a str, not {type(p.key).__name__}")


def check_link_suggestion(p: Any, layers: Mapping[str, Any], item: str) -> None:
    check_layer(layers, p.layer, p.label, "link", item)
    if not isinstance(p.source, str) or not isinstance(p.target, str):
        raise Invalid(item, "source and target must be annotation ids or span keys (str)")
    check_json_object(p.attributes, item)
    check_score(p.score, item)
    check_text(p.reason or "", item, "reason")


def check_entity_suggestion(p: Any, item: str) -> None:
    check_name(p.canonical_name, item, "canonical_name")
    check_name(p.label, item, "label")
    check_optional_text(p.qid, item, "qid")
    for what in ("aliases", "mentions"):
        values = getattr(p, what)
        if not isinstance(values, (list, tuple)):
            raise Invalid(item, f"{what} must be a list, not {type(values).__name__}")
        for i, v in enumerate(values):
            check_text(v, item, f"{what}[{i}]")
    check_score(p.score, item)
    check_text(p.reason or "", item, "reason")


# ------------------------------------------------------------------------------------------ registrations


def check_layer_spec(spec: Any) -> None:
    """A registered :class:`~annotator.LayerSpec` the window and the services can use."""
    from ..specs import LabelSpec

    item = f"layer {getattr(spec, 'name', '?')!r}"
    check_name(spec.name, item, "name")
    if spec.kind not in ("span", "link"):
        raise Invalid(item, f'kind must be "span" or "link", not {spec.kind!r}')
    if not isinstance(spec.labels, (list, tuple)):
        raise Invalid(item, f"labels must be a tuple of LabelSpec, not {type(spec.labels).__name__}")
    for i, lab in enumerate(spec.labels):
        if not isinstance(lab, LabelSpec):
            raise Invalid(item, f"labels[{i}] is a {type(lab).__name__} ({lab!r}), not a LabelSpec")
        check_name(lab.name, item, f"labels[{i}].name")
    if not isinstance(spec.attributes, (list, tuple)):
        raise Invalid(item, "attributes must be a tuple of AttributeSpec")
    if not isinstance(spec.link_ends, (list, tuple)):
        raise Invalid(item, "link_ends must be a tuple of layer names")


def valid_layer_specs(host: Any, specs: list[Any]) -> list[Any]:
    """``specs`` without the malformed ones; a plugin registering one is reported (and, like any plugin
    whose registration fails, disabled)."""
    out = []
    for spec in specs:
        try:
            check_layer_spec(spec)
        except Invalid as exc:
            host.fail(spec.plugin, "register_layers", exc)
            continue
        out.append(spec)
    return [s for s in out if host.active(s.plugin)]


# ------------------------------------------------------------------------------------------ failure policy


class FailurePolicy:
    """When a plugin that raises is disabled.

    - An importer or cleaner that raises on a file is never disabled for it: what it was given came from outside,
      and crafted input is a refusal (of that file, or of that cleaning step), not a plugin failure.
    - A suggester works on stored, validated documents: it is disabled after ``limit`` failing calls (documents)
      in a row with none succeeding in between, in one plugin host's session. One bad document only reports.
    - A plugin whose registration raises is disabled by the host at once (``PluginHost.collect``)."""

    limit = 3
    _streaks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def succeeded(cls, host: Any, plugin: str) -> None:
        cls._streaks.setdefault(host, {}).pop(plugin, None)

    @classmethod
    def failed(cls, host: Any, plugin: str, where: str, exc: BaseException) -> bool:
        """Count a failure; disable the plugin (``host.fail``) when it fails as a whole. True if disabled."""
        streaks = cls._streaks.setdefault(host, {})
        streaks[plugin] = streaks.get(plugin, 0) + 1
        if streaks[plugin] >= cls.limit:
            streaks.pop(plugin, None)
            host.fail(plugin, f"{where} ({cls.limit} calls in a row failed)", exc)
            return True
        return False

    @classmethod
    def call(cls, host: Any, plugin: str, where: str, fn, *args: Any, disable: bool = False,
             **kwargs: Any) -> tuple[bool, Any]:
        """Like ``host.guard``, but a failure only reports (``disable=True``: counts towards disabling):
        ``(True, result)`` or ``(False, exc)``; ``(False, None)`` when the plugin is not active.
        :class:`~annotator.Cancelled` passes through."""
        if not host.active(plugin):
            return False, None
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a plugin may raise anything
            if isinstance(exc, _cancelled()):
                raise
            if disable:
                cls.failed(host, plugin, where, exc)
            return False, exc
        if cls._streaks:  # (nothing to reset while no plugin has failed: the common case, once per file and step)
            cls.succeeded(host, plugin)
        return True, result


def _cancelled() -> type:
    from ..specs import Cancelled

    return Cancelled


def printable(value: Any) -> str:
    """A file name (or any text from outside) safe to print on one line: bytes that are not UTF-8 shown as
    ``\\xNN``, line breaks and other control or format characters as escapes (``\\n``, ``\\u202e``), so a
    crafted name can neither break the terminal nor forge a line of output."""
    import os
    import unicodedata

    text = os.fspath(value) if not isinstance(value, str) else value
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    if text.isprintable():  # (no control, format, separator or surrogate character: nothing to escape)
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{o - 0xDC00:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape").decode("ascii") if o < 0x10000 else f"\\U{o:08x}")
        else:
            out.append(ch)
    return "".join(out)


def exc_text(exc: BaseException | None) -> str:
    if exc is None:
        return "plugin disabled"
    return f"{type(exc).__name__}: {exc}"
