"""What plugins register with the host: layers, cleaners, importers, exporters, suggesters, commands, panels,
migrations; and the small value types that travel with them (import batches, suggestions, export filters,
task context for progress and cancellation).

Everything here is plain Python: a headless plugin never needs Qt to use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------------------------- layers


@dataclass(frozen=True)
class LabelSpec:
    """One label of a layer. ``shortcut`` is a Qt key sequence string such as ``"1"`` or ``"Ctrl+P"``."""

    name: str
    color: str = "#ffd54f"
    shortcut: str | None = None
    description: str = ""


@dataclass(frozen=True)
class AttributeSpec:
    """An attribute field of a layer's annotations or links.

    ``type`` is ``text``, ``choice``, ``multichoice``, ``bool``, ``number``, ``entity`` (an entity id) or
    ``object`` (a JSON value such as ``{"text": "said", "start": 10, "end": 14}``, edited as JSON text).
    """

    name: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    default: Any = None
    description: str = ""


@dataclass(frozen=True)
class LayerSpec:
    """A layer of annotations (``kind="span"``) or of links between annotations (``kind="link"``).

    ``link_ends`` names, for a link layer, the span layer(s) its ends belong to (e.g. ``("claim",)``).
    ``shortcut`` activates the layer in the window; label shortcuts then apply its labels.
    """

    name: str
    title: str = ""
    kind: str = "span"
    labels: tuple[LabelSpec, ...] = ()
    attributes: tuple[AttributeSpec, ...] = ()
    color: str = "#90caf9"
    shortcut: str | None = None
    link_ends: tuple[str, ...] = ()
    description: str = ""
    plugin: str = ""

    def label(self, name: str) -> LabelSpec | None:
        for label in self.labels:
            if label.name == name:
                return label
        return None

    def color_of(self, label: str) -> str:
        spec = self.label(label)
        return spec.color if spec else self.color


# --------------------------------------------------------------------------------------------- import


@dataclass
class NewDocument:
    """A document read by an importer, before it is stored.

    ``clean=True`` runs the cleaner chain over ``text`` (plain corpus input). An importer that brings
    annotations with offsets into ``text`` (a dataset) must set ``clean=False`` so the offsets stay true.
    ``id`` may be given (dataset imports keep their ids); otherwise the store assigns one.
    """

    text: str
    title: str = ""
    source: str = ""
    published: str | None = None
    url: str | None = None
    language: str = "en"
    raw: bytes | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    clean: bool = True
    sha256: str | None = None
    imported_at: str | None = None


@dataclass
class ImportBatch:
    """Everything one input file yields. It is stored atomically: all of it, or nothing.

    ``annotations``, ``links`` and ``entities`` are model objects (``annotator.model``) whose ids are kept.
    ``warnings`` tell the user what the file held that the project model cannot (never dropped silently).
    ``quotes`` maps an annotation id to the text the file says it covers: a standoff importer that cannot see
    the document (its annotations point at documents already in the project) hands them over, and the store
    refuses the whole batch when a document's text at those offsets differs. ``lines`` maps an annotation or
    link id to the 1-based line of the file it came from, so that a refusal found by the store names the line.
    """

    documents: list[NewDocument] = field(default_factory=list)
    annotations: list = field(default_factory=list)
    links: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quotes: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


class ImportRefused(Exception):
    """Raised by an importer (or the import service) to refuse a file; nothing of it is stored.

    ``line`` is the 1-based line number where that helps the user.
    """

    def __init__(self, reason: str, *, path: Path | str | None = None, line: int | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        where = self.path or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {reason}" if where else reason)


@dataclass(frozen=True)
class Importer:
    """Reads files of one format. ``read(path, data, options)`` returns an :class:`ImportBatch` (or raises
    :class:`ImportRefused`). ``extensions`` are lower-case suffixes with the dot (``".txt"``);
    ``directory=True`` means the importer takes a whole folder (``data`` is then ``None``).
    ``corpus=True`` marks readers of plain articles (used when importing folders of mixed files).
    ``detect(folder) -> bool`` lets a directory importer claim a folder in its format, which is then imported
    whole even when no format is named (e.g. a brat collection chosen in File > Import).
    """

    name: str
    read: Callable[..., ImportBatch]
    extensions: tuple[str, ...] = ()
    description: str = ""
    directory: bool = False
    corpus: bool = False
    plugin: str = ""
    detect: Callable[[Path], bool] | None = None


@dataclass(frozen=True)
class Cleaner:
    """One step of the text-cleaning chain run at import. ``clean(text, context) -> text``.

    Cleaners run in ascending ``order``; ``context`` is a dict with ``path``, ``title``, the importer's
    ``meta`` and ``document``: the document's fields (``title``, ``source``, ``published``, ``url``,
    ``language``) as the importer and the folder's manifest gave them. A cleaner may fill an empty field there
    (a date read from the article's dateline as ``published``); fields already given are never overwritten. It
    may add notes to ``context["notes"]`` (a list) to tell the user what it changed or found; they are listed
    with the document in the import report.
    """

    name: str
    clean: Callable[[str, dict], str]
    order: int = 100
    description: str = ""
    plugin: str = ""


# --------------------------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportFilters:
    """Which part of the project an export covers. Empty tuples mean "all"."""

    layers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("accepted",)
    documents: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    def accepts_annotation(self, a) -> bool:
        return (
            (not self.layers or a.layer in self.layers)
            and (not self.statuses or a.status in self.statuses)
            and (not self.documents or a.document_id in self.documents)
            and (not self.authors or a.author in self.authors)
            and (not self.labels or a.label in self.labels)
        )


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Exporter:
    """Writes (part of) a project in one format.

    ``write(project, path, filters, task) -> ExportResult | None``. ``extension`` is the default suffix;
    ``directory=True`` when the output is a folder.
    """

    name: str
    write: Callable[..., Any]
    extension: str = ""
    description: str = ""
    directory: bool = False
    plugin: str = ""


# --------------------------------------------------------------------------------------------- suggest


@dataclass
class SpanSuggestion:
    """A proposed annotation. Stored with ``status="suggested"`` and ``origin`` = the plugin's name.

    ``key`` is an optional handle so a :class:`LinkSuggestion` of the same run can name this span as an end.
    ``reason`` and ``score`` are kept in the annotation's attributes (``_reason``, ``_score``).
    """

    document_id: str
    start: int
    end: int
    layer: str
    label: str
    attributes: dict[str, Any] = field(default_factory=dict)
    score: float | None = None
    reason: str = ""
    key: str | None = None


@dataclass
class LinkSuggestion:
    """A proposed link. ``source``/``target`` are an existing annotation id, or the ``key`` of a
    :class:`SpanSuggestion` in the same run (which is then stored too)."""

    layer: str
    label: str
    source: str
    target: str
    attributes: dict[str, Any] = field(default_factory=dict)
    score: float | None = None
    reason: str = ""


@dataclass
class EntitySuggestion:
    """A proposed entity record and the annotation ids (or span keys) of its mentions.

    The host creates the entity with ``status="suggested"`` and sets ``attributes.entity_id`` and
    ``attributes.canonical_name`` on each mention.
    """

    canonical_name: str
    label: str = "PERSON"
    aliases: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    qid: str | None = None
    reason: str = ""
    score: float | None = None


class Cancelled(Exception):
    """Raised (by :meth:`TaskContext.check`) when the user cancels long work."""


class TaskContext:
    """Progress and cancellation for long work, handed to suggesters, importers and exporters.

    ``progress(done, total, message)`` reports; ``cancelled`` tells whether the user asked to stop;
    ``check()`` raises :class:`Cancelled` if so. Headless callers may pass nothing (a silent context).
    """

    def __init__(
        self,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        settings: dict[str, Any] | None = None,
    ):
        self._progress = progress
        self._cancelled = cancelled
        self.settings: dict[str, Any] = settings or {}

    def progress(self, done: int, total: int, message: str = "") -> None:
        if self._progress is not None:
            self._progress(done, total, message)

    @property
    def cancelled(self) -> bool:
        return bool(self._cancelled and self._cancelled())

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


@dataclass(frozen=True)
class Suggester:
    """Pre-annotation. ``suggest(project, documents, task)`` returns an iterable of
    :class:`SpanSuggestion`, :class:`LinkSuggestion` and :class:`EntitySuggestion`.

    ``documents`` is the list of :class:`annotator.model.Document` to work on. The host drops proposals that
    duplicate an existing annotation (same document, offsets, layer, label: whatever its status, so a
    rejected suggestion is never proposed again) and stores the rest in one undoable step.
    """

    name: str
    suggest: Callable[..., Iterable[Any]]
    title: str = ""
    layers: tuple[str, ...] = ()
    description: str = ""
    plugin: str = ""


# --------------------------------------------------------------------------------------------- UI


@dataclass(frozen=True)
class Command:
    """An action. ``run(project, context)`` where ``context`` is a dict: headless it holds ``document_id``
    and ``selection`` (start, end) when known; in the window also ``window`` (an object with the methods
    documented in docs/plugins.md). ``menu`` is a menu path such as ``"Entities"``; ``shortcut`` a Qt key
    sequence string. ``headless=True`` lists it in ``annotator run``.
    """

    id: str
    title: str
    run: Callable[..., Any]
    shortcut: str | None = None
    menu: str = "Plugins"
    toolbar: bool = False
    headless: bool = False
    description: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Panel:
    """A dock panel for the window. ``factory(project, window)`` builds and returns a QWidget; it is called
    only when the window opens, so the plugin imports Qt inside the factory, never at module level.
    ``area`` is ``left``, ``right`` or ``bottom``.
    """

    id: str
    title: str
    factory: Callable[..., Any]
    area: str = "right"
    shortcut: str | None = None
    plugin: str = ""


@dataclass(frozen=True)
class Migration:
    """A plugin's own schema step, ``apply(db)`` with a ``sqlite_utils.Database``. Names are recorded as
    ``plugin:name`` in the ``_migrations`` table, applied once, in registration order."""

    name: str
    apply: Callable[[Any], None]
    plugin: str = ""


RegisterFn = Callable[[Any], None]
Specs = Sequence[Any]
