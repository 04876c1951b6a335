"""Every hook a plugin can implement, documented. This module is the plugin API's contract.

Plugins implement hooks with ``from annotator import hookimpl``. Calls are keyword-only. The ``register_*``
hooks are handed a ``register`` callback; the host validates what is registered, records which plugin gave
it, and isolates failures: a plugin that raises is reported with its traceback and disabled for the session.
None of these hooks needs Qt; panels are factories that import Qt only when the window calls them.
Each docstring is the hook's reference, in Markdown: the "Hook reference" of docs/plugins.md is generated from
this module (``python -m annotator.plugin_kit.reference --write docs/plugins.md``) and ``tests/test_docs.py``
checks that the two say the same. Implementations are called through pluggy: they may take fewer arguments than
the spec, and may be ``tryfirst``/``trylast`` or wrappers (``wrapper=True``/``hookwrapper=True``).
See docs/plugins.md for a guide and a complete example plugin.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("annotator")
hookimpl = pluggy.HookimplMarker("annotator")


@hookspec
def register_layers(register):
    r"""
    Declare annotation layers (`kind="span"`) and link layers (`kind="link"`) with their labels, colours, keyboard
    shortcuts and attribute fields. The core declares none: every layer comes from a plugin.

    - **Arguments:** `register(spec)`, a callback taking a [`LayerSpec`](#what-you-register-the-specs).
    - **Returns:** nothing (the return value is ignored).
    - **Called:** once per plugin host, the first time a project is opened with it; every project opened with
      that host and every `project.reopen()` share the result, and enabling or disabling a plugin for a project only
      changes which contributions it sees. The project may override
      a layer's labels (rename, add, remove, recolour; `project.set_labels`); the override wins over your defaults.

    ```python
    from annotator import AttributeSpec, LabelSpec, LayerSpec, hookimpl


    @hookimpl
    def register_layers(register):
        register(LayerSpec("claim", title="Claims", shortcut="C", labels=(LabelSpec("claim", "#ffab91", "1"),),
                           attributes=(AttributeSpec("certainty", "choice", ("stated", "hedged")),)))
        register(LayerSpec("contradiction", title="Contradictions", kind="link", link_ends=("claim",),
                           labels=(LabelSpec("contradicts", "#e57373"), LabelSpec("agrees", "#81c784"))))
    ```
    """


@hookspec
def register_cleaners(register):
    r"""
    Add a step to the text-cleaning chain run on plain articles at import (`.txt`, `.md`, `.html`, `.jsonl`).

    - **Arguments:** `register(spec)` taking a `Cleaner(name, clean, order=100, description="")`.
      `clean(text, context)` returns the new text. `context` is a dict with `path`, `title`, `meta` (the importer's
      metadata), `settings` (your plugin's project settings), `document` (the document's `title`, `source`,
      `published`, `url` and `language` as the importer and the folder's manifest gave them), `notes`, a list you
      may append a short note to ("dropped 3 bylines"; notes end up in the document's `meta["cleaning"]` and are
      listed with the document in the import report, `report.imported[i]["notes"]`, printed by `annotator
      import`), and `check`, a function to call now and then in a long loop (it raises `Cancelled` when the user
      cancels). Keep `clean` linear in its input. A cleaner may fill an **empty** field of `context["document"]`
      (a date read from the dateline as `published`, as the contradiction linker's `dateline` step does); a field
      the importer or the manifest gave is never overwritten.
    - **Returns:** nothing.
    - **Called:** at each import of a plain article, in ascending `order`. The built-in steps are mojibake 10,
      newlines 20, NFC 30, boilerplate 40, unwrap 50, whitespace 90. The original bytes always stay in the document's
      `raw`. Dataset imports (with annotations) are never cleaned: their offsets must stay true. Each article goes
      through the steps in order, but an import cleans its files in chunks of 32, each step over the whole chunk
      before the next step starts (it keeps a step's code in the processor's caches), so between two steps of one
      article other steps run for other articles, and large imports call each step in several processes at once:
      a cleaner should depend only on its `text` and `context`, never on what an earlier call saw.

    ```python
    from annotator import Cleaner, hookimpl


    @hookimpl
    def register_cleaners(register):
        register(Cleaner("strip-ap-byline", lambda text, ctx: text.replace("By The Associated Press\n", ""), order=45))
    ```
    """


@hookspec
def register_importers(register):
    r"""
    Add a file format that `annotator import` and File > Import can read.

    - **Arguments:** `register(spec)` taking an `Importer(name, read, extensions=(), description="", directory=False,
      corpus=False)`. `read(path, data, options)` gets the path and the file's bytes (`data` is `None` for
      `directory=True` importers, which take a whole folder) and returns an `ImportBatch`. Use
      `decode_bytes(data, path)` to turn bytes into text with the same refusals and encoding detection as the built-in
      readers. Raise `ImportRefused(reason, path=path, line=n)` to refuse a file: nothing of it is stored.
    - **Returns:** nothing.
    - **Called:** for each file whose suffix is in `extensions` (lower case, with the dot), or every file when the
      user picks your format with `--format`. Files are imported one at a time, each atomically.

    An `ImportBatch` holds `documents` (`NewDocument`: `text`, `title`, `source`, `published`, `url`, `language`,
    `raw`, `encoding`, `meta`, optional `id`; `clean=False` when you bring annotations whose offsets point into the
    text), and optionally `annotations`, `links` and `entities` (model objects, ids kept, duplicates skipped),
    `warnings` (what the format held that the project cannot; never drop anything silently), `quotes`
    (annotation id → the text the file says it covers, checked against the stored document) and `lines` (object
    id → line of the file, so a refusal names the line).

    ```python
    import csv
    import io

    from annotator import ImportBatch, Importer, ImportRefused, NewDocument, decode_bytes, hookimpl


    def read_csv(path, data, options):
        text, encoding = decode_bytes(data, path)
        docs = []
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
            if not row.get("text"):
                raise ImportRefused('empty "text" column', path=path, line=number)
            docs.append(NewDocument(text=row["text"], title=row.get("title", ""), source=row.get("outlet", ""),
                                    encoding=encoding))
        return ImportBatch(docs)


    @hookimpl
    def register_importers(register):
        register(Importer("csv-articles", read_csv, extensions=(".csv",), description="Articles, one per row",
                          corpus=True))
    ```
    """


@hookspec
def register_exporters(register):
    r"""
    Add an export format, listed by `annotator export --help` and `annotator formats` and the window's Export dialog.

    - **Arguments:** `register(spec)` taking an `Exporter(name, write, extension="", description="",
      directory=False)`. `write(project, path, filters, task)` writes the file (or folder, with `directory=True`) and
      returns an `ExportResult(path, counts, warnings)`: counts for the summary, warnings about what the format
      cannot hold. `filters` is an `ExportFilters` (layers, statuses, documents, authors, labels; empty means all;
      statuses default to accepted only).
    - **Returns:** nothing.
    - **Called:** on `annotator export --format NAME` or Export in the window. `path` is a temporary path in the
      target folder; it replaces the target only when `write` returns, so a failed or cancelled export leaves the
      previous file untouched. Call `task.check()` in long loops and `task.progress(done, total, message)`.

    Read what to write with `project.export_rows(filters)`: streaming, deterministic rows in the
    [`annotator/1` shape](json-format.md) (`documents`, `annotations()` with their covered `text`, `links()` with both
    ends, `entities()`): the one read model of exports. `project.export_view(filters)` is the same rows as model
    objects in lists.

    ```python
    from annotator import Exporter, ExportResult, hookimpl


    def write_labels(project, path, filters, task):
        rows = project.export_rows(filters)
        with open(path, "w", encoding="utf-8") as out:
            n = 0
            for ann in rows.annotations():
                out.write(f"{ann['label']}\t{ann['text']}\n")
                n += 1
        return ExportResult(path, {"annotations": n})


    @hookimpl
    def register_exporters(register):
        register(Exporter("labels-txt", write_labels, extension=".txt", description="label<TAB>text per line"))
    ```
    """


@hookspec
def register_suggesters(register):
    r"""
    Add pre-annotation: proposed annotations, links and entity records that the researcher then accepts or rejects.

    - **Arguments:** `register(spec)` taking a `Suggester(name, suggest, title="", layers=(), description="")`.
      `suggest(project, documents, task)` yields (or returns a list of):
      - `SpanSuggestion(document_id, start, end, layer, label, attributes={}, score=None, reason="", key=None)`;
      - `LinkSuggestion(layer, label, source, target, attributes={}, score=None, reason="")`, whose ends are
        annotation ids or the `key` of a `SpanSuggestion` of the same run;
      - `EntitySuggestion(canonical_name, label="PERSON", aliases=[], mentions=[], qid=None, reason="", score=None)`,
        whose `mentions` are annotation ids or span keys; the host creates the entity record and sets
        `attributes.entity_id` and `attributes.canonical_name` on each mention that has none yet.

      `documents` is the list of `Document`s to work on (all, or those the user chose). `task` is a `TaskContext`:
      call `task.check()` often (it raises `Cancelled` when the user cancels, and then nothing of your run is stored),
      report `task.progress(done, total, message)`, and read your plugin's project settings in `task.settings`.
    - **Returns:** nothing.
    - **Called:** on `annotator suggest [--plugin NAME] [--document ID]` and from the window (in a worker thread:
      use only the `project` you are handed). Proposals are stored with `status="suggested"` and
      `origin=<your plugin>`, `reason`/`score` in the attributes `_reason`/`_score`, all in one undo step. A proposal
      that repeats an existing annotation (same document, offsets, layer and label, whatever its status) is dropped,
      so a rejected suggestion never comes back. Every proposal is validated; an invalid one (outside its document,
      on an undeclared layer or label...) is refused and reported, and the others are stored: see
      [What the host validates](#what-the-host-validates).

    ```python
    import re

    from annotator import SpanSuggestion, Suggester, hookimpl


    @hookimpl
    def register_suggesters(register):
        def suggest(project, documents, task):
            for i, doc in enumerate(documents):
                task.check()
                for m in re.finditer(r"\b\d[\d,]* people\b", doc.text):
                    yield SpanSuggestion(doc.id, m.start(), m.end(), "claim", "claim", reason="a count of people")
                task.progress(i + 1, len(documents), doc.title)

        register(Suggester("people-counts", suggest, title="Counts of people", layers=("claim",)))
    ```
    """


@hookspec
def register_migrations(register):
    r"""
    Declare schema steps for your plugin's own tables in the project file.

    - **Arguments:** `register(spec)` taking a `Migration(name, apply)`; `apply(db)` receives a
      [`sqlite_utils.Database`](https://sqlite-utils.datasette.io/en/stable/python-api.html). Prefix your tables with
      your plugin's name.
    - **Returns:** nothing.
    - **Called:** when a project is opened, after the core's own migrations. Each step runs once per project file,
      in registration order, in its own transaction, and is recorded in `_migrations` as `plugin:name`. Never edit a
      released step: add a new one. A step that raises is rolled back, the plugin is disabled, and the project opens.

    ```python
    from annotator import Migration, hookimpl


    @hookimpl
    def register_migrations(register):
        register(Migration("m001_notes", lambda db: db["hello_notes"].create(
            {"id": str, "annotation_id": str, "text": str}, pk="id")))
        register(Migration("m002_notes_index", lambda db: db["hello_notes"].create_index(["annotation_id"])))
    ```
    """


@hookspec
def register_commands(register):
    r"""
    Contribute commands: menu entries (with a shortcut, optionally a toolbar button) in the window, and
    `annotator run COMMAND` on the command line for those marked `headless=True`.

    - **Arguments:** `register(spec)` taking a `Command(id, title, run, shortcut=None, menu="Plugins",
      toolbar=False, headless=False, description="")`. `run(project, context)` does the work through the project;
      `context` is a dict with `document_id` (and `selection`, `(start, end)`, when known); run from the window it
      also holds `window`, the [window API](#the-window-api). Return a value to have it printed by `annotator run`.
    - **Returns:** nothing.
    - **Called:** when the user picks the command. If `run` raises, the error is shown, the plugin is disabled.

    ```python
    from annotator import Command, hookimpl


    def count(project, context):
        return {layer: len(project.annotations(layer=layer)) for layer in project.layers()}


    @hookimpl
    def register_commands(register):
        register(Command("hello.per-layer", "Annotations per layer", count, shortcut="Ctrl+Alt+L", headless=True))
    ```
    """


@hookspec
def register_panels(register):
    r"""
    Contribute dock panels to the window.

    - **Arguments:** `register(spec)` taking a `Panel(id, title, factory, area="right", shortcut=None)`.
      `factory(project, window)` builds and returns a `QWidget`; `window` is the [window API](#the-window-api).
      Import Qt inside the factory so that headless use never imports it.
    - **Returns:** nothing.
    - **Called:** when the window is built, and again when the Plugins dialog rebuilds the panels (never headless).
      Keep the panel up to date with `project.subscribe` (your own connection's edits, with what changed) and
      `project.subscribe_outside` (edits by other connections: a worker's suggestions, the command line), both with
      `owner=` your widget so the subscription ends when the widget is destroyed.

    ```python
    from annotator import Panel, hookimpl


    @hookimpl
    def register_panels(register):
        def factory(project, window):
            from PySide6.QtWidgets import QLabel

            label = QLabel()

            def refresh(changes=()):
                label.setText(f"{len(project.annotations())} annotations")

            # owner=label: the subscriptions end when the label is destroyed (the panel closed or rebuilt)
            project.subscribe(refresh, owner=label)
            project.subscribe_outside(refresh, owner=label)
            refresh()
            return label

        register(Panel("hello.count", "Count", factory, area="right"))
    ```
    """


@hookspec
def annotation_changed(change, project):
    r"""
    React to an annotation edit.

    - **Arguments:** `change`, a `Change` with `kind` (`"annotation"`), `action` (`create`, `update`, `delete`),
      `before` and `after` (`Annotation`s or `None`), `object` (whichever is not `None`), `author`, `batch` (the
      undo step it belongs to) and `replay` (`"undo"`, `"redo"` or `None`); `project`, the open `Project`.
    - **Returns:** nothing (ignored).
    - **Called:** after the edit is committed (including suggestions being stored, accept/reject, undo and redo),
      once per changed annotation. Do not edit the project from here.

    ```python
    from annotator import hookimpl


    @hookimpl
    def annotation_changed(change, project):
        if change.action == "create" and change.replay is None:
            print("new", change.after.layer, change.after.label, project.text(change.after.document_id)[
                change.after.start:change.after.end])
    ```
    """


@hookspec
def link_changed(change, project):
    r"""
    React to a link edit. Arguments as for `annotation_changed`, with `Link` objects.

    - **Arguments:** `change` (`kind == "link"`), `project`.
    - **Returns:** nothing.
    - **Called:** after a link is created, changed (label, status, ends) or deleted, including links deleted with
      their annotation, and on undo and redo.

    ```python
    import logging

    from annotator import hookimpl

    log = logging.getLogger(__name__)


    @hookimpl
    def link_changed(change, project):
        log.info("%s %s link %s", change.action, change.object.layer, change.object.id)
    ```
    """


@hookspec
def entity_changed(change, project):
    r"""
    React to an edit of the entity registry (one record per real-world person, organisation or place; mentions
    point at it through `attributes.entity_id`).

    - **Arguments:** `change` (`kind == "entity"`, `Entity` objects), `project`.
    - **Returns:** nothing.
    - **Called:** after an entity is created, renamed or otherwise changed, merged into another (the others are
      deleted) or deleted, and on undo and redo. The mentions' own updates arrive as `annotation_changed`.

    ```python
    from annotator import hookimpl


    @hookimpl
    def entity_changed(change, project):
        if change.action == "delete":
            print("removed", change.before.canonical_name)
    ```
    """


@hookspec
def project_opened(project):
    r"""
    Called once after a project is opened and migrated (and after the plugins' migrations), before the window shows
    it: a place to check settings or warm a cache.

    - **Arguments:** `project`, the open `Project`.
    - **Returns:** nothing.
    - **Called:** once each time a `Project` is opened: by the window, by every command-line command. Not by
      `project.reopen()` (a worker thread's second connection to a project already open).

    ```python
    from annotator import hookimpl


    @hookimpl
    def project_opened(project):
        if project.get_setting("hello", "threshold") is None:
            project.set_setting("hello", "threshold", 0.5)
    ```
    """
