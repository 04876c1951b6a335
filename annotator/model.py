"""The domain model: documents, annotations, links and entity records.

Plain dataclasses with no knowledge of storage or Qt. Offsets are Unicode code points into
``Document.text``, end-exclusive. Every object carries a stable string id (a ULID) so projects can be merged.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, NamedTuple

STATUSES = ("accepted", "suggested", "rejected")
MANUAL = "manual"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    source: str = ""
    published: str | None = None
    url: str | None = None
    language: str = "en"
    sha256: str = ""
    imported_at: str = ""
    raw: bytes | None = field(default=None, repr=False, compare=False)
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self, *, with_raw: bool = False) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        if not with_raw:
            data.pop("raw")
        return data


@dataclass(frozen=True)
class Annotation:
    id: str
    document_id: str
    start: int
    end: int
    layer: str
    label: str
    attributes: dict[str, Any] = field(default_factory=dict)
    author: str = ""
    origin: str = MANUAL
    status: str = "accepted"
    created_at: str = ""
    modified_at: str = ""

    def span_of(self, text: str) -> str:
        """The covered text, given the document's text."""
        return text[self.start : self.end]

    def overlaps(self, other: Annotation) -> bool:
        return (
            self.document_id == other.document_id and self.start < other.end and other.start < self.end
        )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> Annotation:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Link:
    id: str
    layer: str
    label: str
    source_id: str
    target_id: str
    attributes: dict[str, Any] = field(default_factory=dict)
    author: str = ""
    origin: str = MANUAL
    status: str = "accepted"
    created_at: str = ""
    modified_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> Link:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Entity:
    """A record in the project's entity registry: one real-world person, organisation, place..."""

    id: str
    canonical_name: str
    label: str = "PERSON"
    qid: str | None = None
    aliases: list[str] = field(default_factory=list)
    note: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    author: str = ""
    origin: str = MANUAL
    status: str = "accepted"
    created_at: str = ""
    modified_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> Entity:
        return dataclasses.replace(self, **changes)


class SpanRow(NamedTuple):
    """The light view of an annotation (no attributes): what a text view needs to draw thousands of them.

    Returned by :meth:`annotator.Project.span_rows`; fetch the full :class:`Annotation` by ``id`` when needed.
    """

    id: str
    document_id: str
    start: int
    end: int
    layer: str
    label: str
    status: str
    author: str
    origin: str

    @classmethod
    def of(cls, a: Annotation) -> SpanRow:
        return cls(a.id, a.document_id, a.start, a.end, a.layer, a.label, a.status, a.author, a.origin)


KIND_OF = {Annotation: "annotation", Link: "link", Entity: "entity"}
CLASS_OF = {v: k for k, v in KIND_OF.items()}


def from_dict(kind: str, data: dict[str, Any]):
    """Build a model object of ``kind`` ('annotation', 'link', 'entity') from a dict, ignoring unknown keys."""
    cls = CLASS_OF[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Change:
    """What an edit did, handed to the ``annotation_changed``/``link_changed``/``entity_changed`` hooks.

    ``action`` is ``create``, ``update`` or ``delete``; ``before``/``after`` are the objects (None where
    there is none). ``batch`` groups the changes that one undo step reverts; ``undo``/``redo`` tell whether
    the change is the replay of an undo or redo.
    """

    kind: str
    action: str
    before: Any
    after: Any
    author: str
    batch: str
    replay: str | None = None

    @property
    def object(self):
        return self.after if self.after is not None else self.before
