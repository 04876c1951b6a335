"""Every hook a plugin can implement, documented. This module is the plugin API's contract.

Plugins implement hooks with ``from annotator import hookimpl``. Calls are keyword-only. The ``register_*``
hooks are handed a ``register`` callback; the host validates what is registered, records which plugin gave
it, and isolates failures: a plugin that raises is reported with its traceback and disabled for the session.
None of these hooks needs Qt; panels are factories that import Qt only when the window calls them.
See docs/plugins.md for a guide and a complete example plugin.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("annotator")
hookimpl = pluggy.HookimplMarker("annotator")


@hookspec
def register_layers(register):
    """Declare annotation layers and link layers with their labels, colours, shortcuts and attributes.

    Called once when a project is opened. ``register(spec)`` takes an :class:`annotator.LayerSpec`.
    The project may override a layer's labels (rename, add, remove, colour, shortcut); the override is
    stored in the project and wins over the plugin's defaults.

    Example::

        @hookimpl
        def register_layers(register):
            register(LayerSpec("claim", title="Claims", labels=(LabelSpec("claim", "#ffab91", "C"),)))
    """


@hookspec
def register_cleaners(register):
    """Add steps to the text-cleaning chain run on plain articles at import.

    ``register(spec)`` takes an :class:`annotator.Cleaner` whose ``clean(text, context)`` returns the new
    text. Steps run in ascending ``order`` (built-ins: mojibake 10, newlines 20, NFC 30, boilerplate 40,
    unwrap 50, whitespace 90). The original bytes always stay in the document's ``raw``. A step may fill an
    empty field of ``context["document"]`` (``published`` from a dateline) and add ``context["notes"]``,
    listed in the import report.

    Example::

        @hookimpl
        def register_cleaners(register):
            register(Cleaner("strip-bylines", lambda text, ctx: text.replace("By AP\\n", ""), order=45))
    """


@hookspec
def register_importers(register):
    """Add file formats that ``annotator import`` and File > Import can read.

    ``register(spec)`` takes an :class:`annotator.Importer`; its ``read(path, data, options)`` returns an
    :class:`annotator.ImportBatch` or raises :class:`annotator.ImportRefused` with a reason (and line).

    Example::

        @hookimpl
        def register_importers(register):
            register(Importer("csv-articles", read_csv, extensions=(".csv",), corpus=True))
    """


@hookspec
def register_exporters(register):
    """Add export formats listed by ``annotator export --help`` and the window's Export dialog.

    ``register(spec)`` takes an :class:`annotator.Exporter` whose ``write(project, path, filters, task)``
    writes the file and returns an :class:`annotator.ExportResult` (counts and warnings about what the
    format cannot hold). ``filters`` is an :class:`annotator.ExportFilters`; use
    ``project.export_view(filters)`` to get the filtered documents, annotations and links.

    Example::

        @hookimpl
        def register_exporters(register):
            register(Exporter("labels-txt", write_labels, extension=".txt"))
    """


@hookspec
def register_suggesters(register):
    """Add pre-annotation: proposed annotations, links and entity records for a set of documents.

    ``register(spec)`` takes an :class:`annotator.Suggester`; ``suggest(project, documents, task)`` yields
    :class:`annotator.SpanSuggestion`, :class:`annotator.LinkSuggestion` or
    :class:`annotator.EntitySuggestion`. Report progress with ``task.progress(done, total, message)`` and
    call ``task.check()`` often: it raises :class:`annotator.Cancelled` when the user cancels, and then
    nothing of the run is stored. Run with ``annotator suggest --plugin NAME`` or from the window.

    Example::

        @hookimpl
        def register_suggesters(register):
            def suggest(project, documents, task):
                for i, doc in enumerate(documents):
                    task.check()
                    for m in re.finditer(r"\\bMinsk\\b", doc.text):
                        yield SpanSuggestion(doc.id, m.start(), m.end(), "entity", "GPE")
                    task.progress(i + 1, len(documents), doc.title)
            register(Suggester("minsk-finder", suggest, layers=("entity",)))
    """


@hookspec
def register_migrations(register):
    """Declare schema steps for a plugin's own tables, applied once per project file on open.

    ``register(spec)`` takes an :class:`annotator.Migration`; ``apply(db)`` receives a
    ``sqlite_utils.Database``. Steps are recorded as ``plugin:name`` and never run twice.

    Example::

        @hookimpl
        def register_migrations(register):
            register(Migration("m001_notes", lambda db: db["myplugin_notes"].create({"id": str, "text": str}, pk="id")))
    """


@hookspec
def register_commands(register):
    """Contribute commands: menu and toolbar entries with shortcuts in the window, and ``annotator run``
    for those marked ``headless``.

    ``register(spec)`` takes an :class:`annotator.Command`; ``run(project, context)`` does the work through
    the project's services. If it raises, the error is shown (not fatal) and the plugin is disabled.

    Example::

        @hookimpl
        def register_commands(register):
            register(Command("count", "Count annotations", lambda project, ctx: project.stats(), headless=True))
    """


@hookspec
def register_panels(register):
    """Contribute dock panels to the window.

    ``register(spec)`` takes an :class:`annotator.Panel`; its ``factory(project, window)`` is called when the
    window is built and returns a ``QWidget``. Import Qt inside the factory so headless use never imports it.

    Example::

        @hookimpl
        def register_panels(register):
            def factory(project, window):
                from PySide6.QtWidgets import QLabel
                return QLabel(f"{len(project.documents())} documents")
            register(Panel("doc-count", "Documents", factory, area="right"))
    """


@hookspec
def annotation_changed(change, project):
    """Called after an annotation edit is committed (create, update, delete; also undo and redo).

    ``change`` is an :class:`annotator.Change` with ``action``, ``before``, ``after``, ``author``, ``batch``
    and ``replay`` (``"undo"``/``"redo"`` or None). ``project`` is the open :class:`annotator.Project`.
    Do not edit the project from inside this hook. Return value ignored.

    Example::

        @hookimpl
        def annotation_changed(change, project):
            if change.action == "create":
                print("new", change.after.label)
    """


@hookspec
def link_changed(change, project):
    """Called after a link edit is committed. Arguments as for :func:`annotation_changed`.

    Example::

        @hookimpl
        def link_changed(change, project):
            log.info("%s link %s", change.action, change.object.id)
    """


@hookspec
def entity_changed(change, project):
    """Called after an entity-registry edit is committed. Arguments as for :func:`annotation_changed`.

    Example::

        @hookimpl
        def entity_changed(change, project):
            if change.action == "delete":
                print("removed", change.before.canonical_name)
    """


@hookspec
def project_opened(project):
    """Called once after a project is opened and migrated, before the window shows it.

    Example::

        @hookimpl
        def project_opened(project):
            project.settings("my-plugin").setdefault("runs", 0)
    """
