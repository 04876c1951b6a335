"""The open project: the one object the command line, the window and plugins work through.

:class:`Project` composes the store (SQLite) and the plugin host. It validates edits, groups them into undoable
batches, commits each in its own transaction, and then tells plugins (``annotation_changed``...) and listeners
(the window) what changed. It never imports Qt.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..ids import new_id, now
from ..model import MANUAL, STATUSES, Annotation, Change, Document, Entity, Link, SpanRow
from ..plugins import EventBus, PluginHost
from ..specs import (
    Cleaner,
    Command,
    Exporter,
    ExportFilters,
    Importer,
    LabelSpec,
    LayerSpec,
    Panel,
    Suggester,
    TaskContext,
)
from ..store import FileBusy, Store, UndoConflict
from ..store.review import review_change

CORE_SCOPE = "core"
_HOOK_OF_KIND = {"annotation": "annotation_changed", "link": "link_changed", "entity": "entity_changed"}


_ANNOTATION_FIELDS = [f.name for f in fields(Annotation)]
_LINK_FIELDS = [f.name for f in fields(Link)]
_ENTITY_FIELDS = [f.name for f in fields(Entity)]


class EditError(ValueError):
    """An edit was refused (bad offsets, unknown layer or document...): nothing was changed."""


@dataclass
class ExportView:
    """The filtered content of a project, as exporters see it."""

    documents: list[Document]
    annotations: list[Annotation]
    links: list[Link]
    entities: list[Entity]
    texts: dict[str, str]

    def text_of(self, annotation: Annotation) -> str:
        return self.texts[annotation.document_id][annotation.start : annotation.end]


class Project:
    """An open project file. ``Project(path)`` creates the file if needed, migrates it, loads plugins."""

    def __init__(
        self,
        path: str | Path,
        *,
        host: PluginHost | None = None,
        author: str | None = None,
        create: bool = True,
        _reopened: bool = False,
    ):
        self.path = Path(path)
        self._store = Store(self.path, create=create)
        self.host = host if host is not None else PluginHost()
        self._store.migrate()
        stored = self._store.get_setting(CORE_SCOPE, "disabled_plugins", [])
        self.host.set_disabled(set(self.host.disabled) | set(stored))
        # one event bus per connection: the plugins' event hooks and this connection's subscribers
        self._events = EventBus(self.host)
        if not _reopened:  # a reopen() shares the file the first open migrated
            self._migrate_plugins()
        if not self._store.get_meta("created_at") or not self._store.get_meta("id"):
            with self._store.transaction():  # both or neither: a project never lacks its id
                self._store.set_meta("created_at", self._store.get_meta("created_at") or now())
                self._store.set_meta("id", self._store.get_meta("id") or new_id())
        self._store.recover()  # roll back the long writes of processes that died mid-way
        self.author = author or _default_author()  # the configured name, else "unnamed"
        self._data_version = self._store.data_version()
        self._batch: str | None = None
        self._pending: list[Change] = []
        self._texts: OrderedDict[str, str] = OrderedDict()
        self.host.registry()  # collected once per host, shared by every Project and reopen() on it
        self.layers()  # a malformed LayerSpec fails its plugin now, before a window draws any (validation)
        if not _reopened:
            self._events.emit("project_opened", project=self)

    # ------------------------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        self._store.close()

    def reopen(self) -> Project:
        """A second Project on the same file, same plugins and author: for a worker thread (SQLite
        connections belong to the thread that made them; WAL lets both work at once).
        Plugins are not collected again, their migrations not re-run, and ``project_opened`` is not fired again.
        """
        return Project(self.path, host=self.host, author=self.author, create=False, _reopened=True)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self._store.get_meta("name") or self.path.stem

    @property
    def id(self) -> str:
        return self._store.get_meta("id")

    def set_name(self, name: str) -> None:
        """Set the project's display name (stored in the file)."""
        if not name.strip():
            raise EditError("a project name cannot be empty")
        self._store.set_meta("name", name.strip())

    def info(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "path": str(self.path),
            "created_at": self._store.get_meta("created_at"),
        }

    def reload_plugins(self) -> None:
        """Collect every plugin's contributions again (the host collects them once; a plugin re-enabled after
        a failure, or code that changed what a plugin registers, needs a fresh collection)."""
        self.host.reset_registry()
        self.host.registry()

    def _migrate_plugins(self, only: str | None = None) -> None:
        steps = [(f"{m.plugin}:{m.name}", m.apply) for m in self.host.collect("register_migrations")
                 if only is None or m.plugin == only]
        if steps:
            # a plugin whose step raises is rolled back, reported and disabled; the project still opens
            self._store.migrate(steps, on_error=lambda step, exc: self.host.fail(
                step.split(":", 1)[0], f"migration {step}", exc))

    def set_plugin_enabled(self, name: str, enabled: bool) -> None:
        """Enable or disable a plugin for this project (saved in the project). Enabling runs the plugin's
        pending migrations at once."""
        disabled = set(self._store.get_setting(CORE_SCOPE, "disabled_plugins", []))
        (disabled.discard if enabled else disabled.add)(name)
        self._store.set_setting(CORE_SCOPE, "disabled_plugins", sorted(disabled))
        info = self.host.info.get(name)
        retry = enabled and info is not None and info.status == "failed"
        if retry:
            info.status, info.errors = "ok", []
        self.host.set_disabled(disabled)
        if retry:
            self.reload_plugins()
        if enabled:
            self._migrate_plugins(only=name)

    # ------------------------------------------------------------------------------------- registries

    def _specs(self, hook: str) -> list:
        # the host's one registry, seen through this project's enabled plugins (a plugin that failed since
        # drops out at once)
        return self.host.collect(hook)

    def layers(self) -> dict[str, LayerSpec]:
        """Declared layers by name, with this project's label overrides applied."""
        out: dict[str, LayerSpec] = {}
        overrides = self._store.get_setting(CORE_SCOPE, "labels", {}) or {}
        from .validation import valid_layer_specs  # a malformed LayerSpec fails its plugin, not the window

        for spec in valid_layer_specs(self.host, self._specs("register_layers")):
            if spec.name in out:
                continue
            if spec.name in overrides:
                spec = replace(spec, labels=tuple(LabelSpec(**d) for d in overrides[spec.name]))
            out[spec.name] = spec
        return out

    def layer(self, name: str) -> LayerSpec | None:
        return self.layers().get(name)

    def set_labels(self, layer: str, labels: Sequence[LabelSpec]) -> None:
        """Replace a layer's label set for this project (rename, add, remove, colour, shortcut)."""
        if layer not in self.layers():
            raise EditError(f"unknown layer {layer!r}")
        names = [lab.name for lab in labels]
        if len(set(names)) != len(names) or not all(n.strip() for n in names):
            raise EditError("label names must be unique and not empty")
        overrides = self._store.get_setting(CORE_SCOPE, "labels", {}) or {}
        overrides[layer] = [
            {"name": lab.name, "color": lab.color, "shortcut": lab.shortcut, "description": lab.description}
            for lab in labels
        ]
        self._store.set_setting(CORE_SCOPE, "labels", overrides)

    def reset_labels(self, layer: str) -> None:
        overrides = self._store.get_setting(CORE_SCOPE, "labels", {}) or {}
        overrides.pop(layer, None)
        self._store.set_setting(CORE_SCOPE, "labels", overrides)

    def cleaners(self) -> list[Cleaner]:
        return sorted(self._specs("register_cleaners"), key=lambda c: (c.order, c.name))

    def importers(self) -> dict[str, Importer]:
        return {s.name: s for s in self._specs("register_importers")}

    def exporters(self) -> dict[str, Exporter]:
        return {s.name: s for s in self._specs("register_exporters")}

    def suggesters(self) -> dict[str, Suggester]:
        return {s.name: s for s in self._specs("register_suggesters")}

    def commands(self) -> dict[str, Command]:
        return {s.id: s for s in self._specs("register_commands")}

    def panels(self) -> list[Panel]:
        return list(self._specs("register_panels"))

    # ------------------------------------------------------------------------------------- settings

    def get_setting(self, scope: str, key: str, default: Any = None) -> Any:
        return self._store.get_setting(scope, key, default)

    def set_setting(self, scope: str, key: str, value: Any) -> None:
        self._store.set_setting(scope, key, value)

    def settings(self, scope: str) -> dict[str, Any]:
        """All settings of ``scope`` (a plugin's name, or ``core``)."""
        return self._store.settings_of(scope)

    def set_author(self, author: str) -> None:
        """Set the annotator's name, stored as author on every edit from now on (saved for the user)."""
        from ..config import update_config

        if not author.strip():
            raise EditError("the annotator's name cannot be empty")
        self.author = author.strip()
        update_config(author=self.author)

    # ------------------------------------------------------------------------------------- documents

    def documents(self, ids: Sequence[str] | None = None) -> list[Document]:
        return self._store.documents(ids)

    def iter_documents(self) -> Iterator[Document]:
        return self._store.iter_documents()

    def document(self, doc_id: str, *, with_raw: bool = False) -> Document | None:
        return self._store.document(doc_id, with_raw=with_raw)

    def document_summaries(self) -> list[dict[str, Any]]:
        return self._store.document_summaries()

    def text(self, doc_id: str) -> str:
        """The text of a document (cached)."""
        if doc_id in self._texts:
            self._texts.move_to_end(doc_id)
            return self._texts[doc_id]
        doc = self._store.document(doc_id)
        if doc is None:
            raise EditError(f"no document {doc_id!r}")
        self._texts[doc_id] = doc.text
        if len(self._texts) > 64:
            self._texts.popitem(last=False)
        return doc.text

    def delete_document(self, doc_id: str) -> None:
        self._store.delete_document(doc_id)
        self._texts.pop(doc_id, None)
        self._emit([])

    def search(self, needle: str, *, limit: int = 1000) -> list[tuple[str, int]]:
        """Case-insensitive search across the corpus: (document id, code-point offset) hits."""
        return self._store.search(needle, limit=limit)

    # ------------------------------------------------------------------------------------- reads

    def annotation(self, ann_id: str) -> Annotation | None:
        return self._store.annotation(ann_id)

    def annotations(self, **filters: Any) -> list[Annotation]:
        """Annotations filtered by ``document_id``, ``layer``, ``label``, ``status``, ``ids``, ``origin``."""
        return self._store.annotations(**filters)

    def link(self, link_id: str) -> Link | None:
        return self._store.link(link_id)

    def links(self, **filters: Any) -> list[Link]:
        """Links filtered by ``layer``, ``label``, ``status``, ``annotation_id``, ``document_id``."""
        return self._store.links(**filters)

    def entity(self, entity_id: str) -> Entity | None:
        return self._store.entity(entity_id)

    def entities(self, **filters: Any) -> list[Entity]:
        return self._store.entities(**filters)

    def span_rows(self, document_id: str) -> list[SpanRow]:
        """A document's annotations as light :class:`annotator.model.SpanRow` tuples (no attributes), ordered by
        start: what a view needs to draw many of them quickly. Fetch full ones with ``annotation(id)``."""
        return [SpanRow._make(r) for r in self._store.span_rows(document_id)]

    def span_keys(self, document_ids: Sequence[str] | None = None) -> set[tuple]:
        """(document_id, start, end, layer, label) of every annotation, whatever its status."""
        return self._store.span_keys(document_ids)

    def stats(self) -> dict[str, Any]:
        return self._store.counts()

    def history(self, limit: int = 50) -> list[dict[str, Any]]:
        return self._store.history(limit)

    # ------------------------------------------------------------------------------------- edits

    def subscribe(self, callback: Callable[[list[Change]], None], *, owner: Any = None) -> Callable[[], None]:
        """Call ``callback(changes)`` after every committed edit, undo and redo. Returns an unsubscribe fn.

        With ``owner`` (a panel's widget), the subscription ends when the owner is destroyed. A callback that
        raises is reported (blamed on its plugin) and dropped; the edit stays committed."""
        return self._events.subscribe("changes", callback, owner)

    def subscribe_outside(self, callback: Callable[[], None], *, owner: Any = None) -> Callable[[], None]:
        """Call ``callback()`` when :meth:`poll_outside_changes` finds that another connection changed the file
        (a worker thread's suggestions, the command line, a second window). Those edits never reach
        :meth:`subscribe`; reload what you show. ``owner`` and failures as for :meth:`subscribe`. Returns an
        unsubscribe function."""
        return self._events.subscribe("outside", callback, owner)

    def poll_outside_changes(self) -> bool:
        """Whether another connection committed to the project file since the last poll (cheap: one PRAGMA);
        if so, tell the :meth:`subscribe_outside` listeners. The window polls about once a second."""
        if self._store.closed:
            return False
        version = self._store.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self._texts.clear()
        self._events.emit("outside")
        return True

    @contextlib.contextmanager
    def batch(self) -> Iterator[str]:
        """Group edits into one transaction and one undo step::

            with project.batch():
                a = project.add_annotation(...)
                b = project.add_annotation(...)
                project.add_link(a.id, b.id, "contradiction", "contradicts")
        """
        if self._batch is not None:
            yield self._batch
            return
        self._batch = new_id()
        try:
            with self._store.transaction():
                yield self._batch
        except BaseException:
            self._pending = []
            self._texts.clear()
            raise
        finally:
            self._batch = None
        pending, self._pending = self._pending, []
        self._emit(pending)

    def subscribe_busy(self, callback: Callable[[bool], None]) -> Callable[[], None]:
        """Call ``callback(True)`` when an edit of this process starts waiting for the file (another
        program's write holds it) and ``callback(False)`` when it is through; from the waiting thread (the
        window shows "Saving…" when it is its own). Returns an unsubscribe function."""
        from ..store import database

        database.busy_listeners.append(callback)
        return lambda: database.busy_listeners.remove(callback) if callback in database.busy_listeners else None

    def _commit(self, changes: list[tuple[str, str, Any, Any]], *, log: bool = True) -> list[Change]:
        self._check_not_in_hook()
        try:
            done = self._store.apply(changes, author=self.author, batch=self._batch, log=log)
        except FileBusy as exc:
            raise EditError(f"not saved: the project file stayed busy (another program is writing to it: {exc}); "
                            "nothing was changed, try again") from None
        if self._batch is not None:
            self._pending.extend(done)
        else:
            self._emit(done)
        return done

    def _emit(self, changes: list[Change]) -> None:
        for change in changes:
            hook = _HOOK_OF_KIND[change.kind]
            outer, self._in_hook = getattr(self, "_in_hook", None), hook  # event hooks may not edit
            try:
                self._events.emit(hook, change=change, project=self)
            finally:
                self._in_hook = outer
        self._events.emit("changes", changes)

    def _check_not_in_hook(self) -> None:
        hook = getattr(self, "_in_hook", None)
        if hook is not None:
            raise EditError(f"an event hook ({hook}) may not edit the project: hooks are told about an edit after "
                            "it is committed; make the edit from a command or suggester instead")

    @staticmethod
    def _check_attributes(attributes: Any, what: str = "attributes") -> None:
        from .validation import Invalid, check_json_object

        try:
            check_json_object(attributes, "", what)
        except Invalid as exc:
            raise EditError(exc.reason) from None

    def _check_span(self, document_id: str, start: int, end: int) -> None:
        from .validation import is_int

        text = self.text(document_id)
        if not (is_int(start) and is_int(end)) or not 0 <= start < end <= len(text):
            raise EditError(f"span {start}-{end} is outside the document (length {len(text)}) or empty")

    def _check_layer(self, layer: str, label: str, kind: str) -> None:
        spec = self.layers().get(layer)
        if spec is None:
            raise EditError(f"unknown layer {layer!r}: no enabled plugin declares it")
        if spec.kind != kind:
            raise EditError(f"layer {layer!r} is a {spec.kind} layer, not a {kind} layer")
        if spec.labels and spec.label(label) is None:
            raise EditError(f"{label!r} is not a label of layer {layer!r} ({', '.join(l.name for l in spec.labels)})")

    @staticmethod
    def _check_status(status: str) -> None:
        if status not in STATUSES:
            raise EditError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")

    def new_annotation(
        self, document_id: str, start: int, end: int, layer: str, label: str,
        attributes: dict[str, Any] | None = None, *, status: str = "accepted", origin: str = MANUAL,
        author: str | None = None, validate: bool = True,
    ) -> Annotation:
        """Build (not store) a validated annotation."""
        if validate:
            self._check_span(document_id, start, end)
            self._check_layer(layer, label, "span")
            self._check_status(status)
            self._check_attributes(attributes)
        t = now()
        return Annotation(new_id(), document_id, start, end, layer, label, dict(attributes or {}),
                          author or self.author, origin, status, t, t)

    def add_annotation(
        self, document_id: str, start: int, end: int, layer: str, label: str,
        attributes: dict[str, Any] | None = None, *, status: str = "accepted", origin: str = MANUAL,
        author: str | None = None,
    ) -> Annotation:
        """Create an annotation (committed at once, undoable). ``author`` defaults to the project's; a curator
        names the curated set's author (the undo step stays the caller's)."""
        ann = self.new_annotation(document_id, start, end, layer, label, attributes, status=status, origin=origin,
                                  author=author)
        self._commit([("annotation", "create", None, ann)])
        return ann

    def update_annotation(self, ann_id: str, **changes: Any) -> Annotation:
        """Change ``label``, ``attributes``, ``status``, ``start``/``end``... of an annotation."""
        before = self._require("annotation", ann_id)
        allowed = {"start", "end", "layer", "label", "attributes", "status"}
        unknown = set(changes) - allowed
        if unknown:
            raise EditError(f"cannot change {', '.join(sorted(unknown))} of an annotation")
        after = replace(before, **changes, modified_at=now(), author=self.author)
        self._check_span(after.document_id, after.start, after.end)
        if "layer" in changes or "label" in changes:
            self._check_layer(after.layer, after.label, "span")
        self._check_status(after.status)
        self._check_attributes(after.attributes)
        self._commit([("annotation", "update", before, after)])
        return after

    def set_attributes(self, ann_id: str, **attributes: Any) -> Annotation:
        """Merge attributes into an annotation (a value of None removes the key)."""
        before = self._require("annotation", ann_id)
        attrs = dict(before.attributes)
        for k, v in attributes.items():
            if v is None:
                attrs.pop(k, None)
            else:
                attrs[k] = v
        return self.update_annotation(ann_id, attributes=attrs)

    def delete_annotation(self, ann_id: str) -> None:
        """Delete an annotation and the links that touch it, in one undo step."""
        before = self._require("annotation", ann_id)
        edits: list[tuple[str, str, Any, Any]] = [
            ("link", "delete", l, None) for l in self._store.links(annotation_id=ann_id)
        ]
        edits.append(("annotation", "delete", before, None))
        self._commit(edits)

    def set_status(self, ids: Iterable[str], status: str) -> int:
        """Accept or reject (or reset) annotations and/or links by id, in one undo step. Returns the count."""
        self._check_status(status)
        edits: list[tuple[str, str, Any, Any]] = []
        t = now()
        for obj_id in ids:
            obj = self._store.annotation(obj_id)
            kind = "annotation"
            if obj is None:
                obj, kind = self._store.link(obj_id), "link"
            if obj is None:
                obj, kind = self._store.entity(obj_id), "entity"
            if obj is None:
                raise EditError(f"no annotation, link or entity {obj_id!r}")
            if obj.status != status:
                edits.append((kind, "update", obj, replace(obj, status=status, modified_at=t, author=self.author)))
        if edits:
            self._commit(edits)
        return len(edits)

    def review(self, status: str, *, layer: str | None = None, label: str | None = None,
               document: str | None = None) -> int:
        """Accept (``status="accepted"``) or reject (``"rejected"``) every suggestion of the project, or of a
        ``layer``, a ``label`` and/or a ``document``, as ONE undo step of this author. Stored compactly (one
        log row with the ids; set-based updates in short chunks, so the file is never held long), so 200,000
        suggestions take seconds, and so does their undo. Returns how many suggestions were reviewed."""
        self._check_status(status)
        self._check_not_in_hook()
        if status == "suggested":
            raise EditError("review sets suggestions to accepted or rejected, not to suggested")
        if layer is not None and layer not in self.layers():
            raise EditError(f"unknown layer {layer!r} (known: {', '.join(sorted(self.layers()))})")
        if document is not None and self._store.document(document) is None:
            raise EditError(f"no document {document!r}")
        try:
            batch, n = self._store.review(status, author=self.author, layer=layer, label=label, document_id=document)
        except FileBusy as exc:
            raise EditError(f"not saved: the project file stayed busy (another program is writing to it: {exc}); "
                            "nothing was changed, try again") from None
        if n:
            op = self._store._review_op(batch)
            self._emit_review(review_change(op[0], op[1], self.author, batch))
        return n

    def _emit_review(self, change: Change) -> None:
        """Tell listeners about a bulk review: the per-annotation hook only when a plugin implements it (with
        the real objects, as its contract says), the window and panels once (an empty list: re-read)."""
        if self.host.pm.hook.annotation_changed.get_hookimpls():
            old, new = change.before["status"], change.after["status"]
            for after in self._store.annotations(ids=change.after["ids"]):
                before = replace(after, status=old)
                outer, self._in_hook = getattr(self, "_in_hook", None), "annotation_changed"
                try:
                    self._events.emit("annotation_changed", change=Change(
                        "annotation", "update", before, replace(after, status=new), change.author, change.batch,
                        change.replay), project=self)
                finally:
                    self._in_hook = outer
        self._events.emit("changes", [])

    def accept(self, obj_id: str) -> None:
        self.set_status([obj_id], "accepted")

    def reject(self, obj_id: str) -> None:
        self.set_status([obj_id], "rejected")

    def new_link(
        self, source_id: str, target_id: str, layer: str, label: str, attributes: dict[str, Any] | None = None,
        *, status: str = "accepted", origin: str = MANUAL, pending: Sequence[Annotation] = (),
        author: str | None = None,
    ) -> Link:
        """Build (not store) a validated link; ``pending`` are annotations of the same step not yet stored."""
        self._check_layer(layer, label, "link")
        self._check_status(status)
        self._check_attributes(attributes)
        if source_id == target_id:
            raise EditError("a link needs two different ends")
        known = {a.id for a in pending}
        for end in (source_id, target_id):
            if end not in known and self._store.annotation(end) is None:
                raise EditError(f"link end {end!r} is not an annotation of this project")
        t = now()
        return Link(new_id(), layer, label, source_id, target_id, dict(attributes or {}), author or self.author, origin,
                    status, t, t)

    def add_link(
        self, source_id: str, target_id: str, layer: str, label: str, attributes: dict[str, Any] | None = None,
        *, status: str = "accepted", origin: str = MANUAL, author: str | None = None,
    ) -> Link:
        """Create a link between two annotations (possibly in different documents)."""
        link = self.new_link(source_id, target_id, layer, label, attributes, status=status, origin=origin,
                             author=author)
        self._commit([("link", "create", None, link)])
        return link

    def update_link(self, link_id: str, **changes: Any) -> Link:
        before = self._require("link", link_id)
        allowed = {"label", "attributes", "status", "source_id", "target_id"}
        unknown = set(changes) - allowed
        if unknown:
            raise EditError(f"cannot change {', '.join(sorted(unknown))} of a link")
        after = replace(before, **changes, modified_at=now(), author=self.author)
        self._check_layer(after.layer, after.label, "link")
        self._check_status(after.status)
        self._check_attributes(after.attributes)
        if after.source_id == after.target_id:
            raise EditError("a link needs two different ends")
        self._commit([("link", "update", before, after)])
        return after

    def delete_link(self, link_id: str) -> None:
        before = self._require("link", link_id)
        self._commit([("link", "delete", before, None)])

    # ------------------------------------------------------------------------------------- entities

    def add_entity(
        self, canonical_name: str, label: str = "PERSON", *, aliases: Sequence[str] = (), qid: str | None = None,
        note: str = "", status: str = "accepted", origin: str = MANUAL, attributes: dict[str, Any] | None = None,
    ) -> Entity:
        if not isinstance(canonical_name, str) or not canonical_name.strip():
            raise EditError("an entity needs a canonical name")
        self._check_status(status)
        self._check_attributes(attributes)
        t = now()
        ent = Entity(new_id(), canonical_name.strip(), label, qid, list(aliases), note, dict(attributes or {}),
                     self.author, origin, status, t, t)
        self._commit([("entity", "create", None, ent)])
        return ent

    def update_entity(self, entity_id: str, **changes: Any) -> Entity:
        """Change an entity; renaming it also updates ``canonical_name`` on its mentions (one undo step)."""
        before = self._require("entity", entity_id)
        allowed = {"canonical_name", "label", "qid", "aliases", "note", "attributes", "status"}
        unknown = set(changes) - allowed
        if unknown:
            raise EditError(f"cannot change {', '.join(sorted(unknown))} of an entity")
        after = replace(before, **changes, modified_at=now(), author=self.author)
        if not isinstance(after.canonical_name, str) or not after.canonical_name.strip():
            raise EditError("an entity needs a canonical name")
        self._check_status(after.status)
        self._check_attributes(after.attributes)
        edits: list[tuple[str, str, Any, Any]] = [("entity", "update", before, after)]
        if after.canonical_name != before.canonical_name:
            for ann in self.mentions(entity_id):
                attrs = {**ann.attributes, "canonical_name": after.canonical_name}
                edits.append(("annotation", "update", ann, replace(ann, attributes=attrs, modified_at=now())))
        self._commit(edits)
        return after

    def delete_entity(self, entity_id: str) -> None:
        """Delete an entity record; its mentions stay but lose ``entity_id``/``canonical_name``."""
        before = self._require("entity", entity_id)
        edits: list[tuple[str, str, Any, Any]] = []
        for ann in self.mentions(entity_id):
            attrs = {k: v for k, v in ann.attributes.items() if k not in ("entity_id", "canonical_name")}
            edits.append(("annotation", "update", ann, replace(ann, attributes=attrs, modified_at=now())))
        edits.append(("entity", "delete", before, None))
        self._commit(edits)

    def mentions(self, entity_id: str) -> list[Annotation]:
        """Annotations whose ``attributes.entity_id`` is ``entity_id`` (any layer, any status)."""
        return self._store.annotations_with_attribute("entity_id", entity_id)

    def assign_entity(self, ann_ids: Iterable[str], entity_id: str | None) -> None:
        """Point mentions at an entity (or detach them with None), in one undo step."""
        ent = self._require("entity", entity_id) if entity_id else None
        edits: list[tuple[str, str, Any, Any]] = []
        for ann_id in ann_ids:
            ann = self._require("annotation", ann_id)
            attrs = {k: v for k, v in ann.attributes.items() if k not in ("entity_id", "canonical_name")}
            if ent is not None:
                attrs.update(entity_id=ent.id, canonical_name=ent.canonical_name)
            edits.append(("annotation", "update", ann, replace(ann, attributes=attrs, modified_at=now())))
        if edits:
            self._commit(edits)

    def merge_entities(self, keep_id: str, other_ids: Iterable[str]) -> Entity:
        """Merge entities into ``keep_id``: mentions move over, names become aliases, others are deleted."""
        keep = self._require("entity", keep_id)
        aliases = list(keep.aliases)
        edits: list[tuple[str, str, Any, Any]] = []
        for other_id in other_ids:
            if other_id == keep_id:
                continue
            other = self._require("entity", other_id)
            for name in [other.canonical_name, *other.aliases]:
                if name not in aliases and name != keep.canonical_name:
                    aliases.append(name)
            for ann in self.mentions(other_id):
                attrs = {**ann.attributes, "entity_id": keep.id, "canonical_name": keep.canonical_name}
                edits.append(("annotation", "update", ann, replace(ann, attributes=attrs, modified_at=now())))
            edits.append(("entity", "delete", other, None))
        after = replace(keep, aliases=aliases, modified_at=now())
        edits.insert(0, ("entity", "update", keep, after))
        self._commit(edits)
        return after

    def split_entity(self, entity_id: str, ann_ids: Iterable[str], canonical_name: str) -> Entity:
        """Move some mentions of an entity to a new entity named ``canonical_name`` (one undo step)."""
        source = self._require("entity", entity_id)
        with self.batch():
            new = self.add_entity(canonical_name, source.label)
            self.assign_entity(list(ann_ids), new.id)
        return new

    # ------------------------------------------------------------------------------------- undo

    def undo(self) -> list[Change]:
        """Undo this author's latest step: one made by this process (the window and its workers), or by an
        earlier session that ended before this one began (yesterday's window, an earlier command). Never a
        colleague's step, nor one of another window or command still running. Returns what it reverted
        (empty: nothing of yours to undo). Raises :class:`EditError` (nothing changed) when someone else has
        since changed what the step touched; that step then leaves the undo history."""
        try:
            changes = self._store.undo(author=self.author)
        except UndoConflict as exc:
            raise EditError(str(exc)) from None
        self._texts.clear()
        self._emit_step(changes)
        return changes

    def redo(self) -> list[Change]:
        """Redo this author's most recently undone step (see :meth:`undo`); others' edits keep it redoable."""
        try:
            changes = self._store.redo(author=self.author)
        except UndoConflict as exc:
            raise EditError(str(exc)) from None
        self._emit_step(changes)
        return changes

    def _emit_step(self, changes: list[Change]) -> None:
        if len(changes) == 1 and changes[0].action == "review":
            self._emit_review(changes[0])
        else:
            self._emit(changes)

    def can_undo(self) -> bool:
        return self._store.can_undo(self.author)

    def can_redo(self) -> bool:
        return self._store.can_redo(self.author)

    # ------------------------------------------------------------------------------------- analysis

    def analysis(self, doc: Document | str):
        """The shared analysis (:class:`annotator.analysis.DocAnalysis`) of a document or document id with the
        project's pipeline (setting ``core`` / ``nlp.pipeline``): computed once per text and pipeline, cached."""
        from .analysing import analysis

        return analysis(self, doc)

    def analyze(self, documents: Sequence[Document | str] | None = None, task: TaskContext | None = None,
                *, n_process: int | None = None) -> dict[str, int]:
        """Analyse documents ahead of use (all when None) in batches, filling the caches; returns counts
        (``documents``, ``analysed``, ``cached``). See :mod:`annotator.services.analysing`."""
        from .analysing import analyze

        return analyze(self, documents, task, n_process=n_process)

    # ------------------------------------------------------------------------------------- services

    def import_paths(self, paths: Sequence[str | Path], task: TaskContext | None = None, **options: Any):
        """Import files and folders; see :mod:`annotator.services.importing`."""
        from .importing import import_paths

        return import_paths(self, paths, task or TaskContext(), **options)

    def suggest(self, plugin: str | None = None, document_ids: Sequence[str] | None = None,
                task: TaskContext | None = None):
        """Run suggesters and store their proposals; see :mod:`annotator.services.suggesting`."""
        from .suggesting import run_suggesters

        return run_suggesters(self, plugin, document_ids, task or TaskContext())

    def export(self, format: str, path: str | Path, filters: ExportFilters | None = None,
               task: TaskContext | None = None):
        """Write an export; see :mod:`annotator.services.exporting`."""
        from .exporting import export

        return export(self, format, Path(path), filters or ExportFilters(), task or TaskContext())

    def export_view(self, filters: ExportFilters | None = None) -> ExportView:
        """What :meth:`export_rows` gives, as model objects in lists (the same filters, the same rows: links of
        a filtered link layer come with both ends, entities when a kept annotation refers to them)."""
        rows = self.export_rows(filters)
        docs = list(rows.document_objects())
        anns = [Annotation(**{k: a[k] for k in _ANNOTATION_FIELDS}) for a in rows.annotations()]
        links = [Link(**{k: l[k] for k in _LINK_FIELDS}) for l in rows.links()]
        ents = [Entity(**{k: e[k] for k in _ENTITY_FIELDS}) for e in rows.entities()]
        texts = {d.id: d.text for d in docs}
        for a in anns:  # a link end's document outside the document filter still has its text
            if a.document_id not in texts:
                texts[a.document_id] = self.text(a.document_id)
        return ExportView(docs, anns, links, ents, texts)

    def export_rows(self, filters: ExportFilters | None = None):
        """Streaming, deterministic export rows (dicts in the ``annotator/1`` shape) for exporters; see
        :class:`annotator.services.export_rows.ExportRows`."""
        from .export_rows import ExportRows

        return ExportRows(self, filters)

    def store_batch(self, batch, *, log: bool = False) -> dict[str, int]:
        """Store a dataset import's documents, annotations, links and entities atomically, keeping ids.

        Objects whose id already exists are skipped (counted). Offsets and link ends are checked first;
        any error refuses the whole batch. Used by importers through :func:`import_paths`.
        """
        from .importing import store_batch

        return store_batch(self, batch, log=log)

    def _require(self, kind: str, obj_id: str):
        obj = self._store.get(kind, obj_id)
        if obj is None:
            raise EditError(f"no {kind} {obj_id!r}")
        return obj



def _default_author() -> str:
    from ..config import default_author

    return default_author()
