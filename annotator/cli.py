"""The ``annotator`` command line: the same services as the window, headless.

``annotator`` alone opens the window on the default project (created with the sample corpus on first run).
Errors are printed as one clear line on stderr with a non-zero exit code, never as a traceback
(``ANNOTATOR_DEBUG=1`` shows it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import orjson

from . import __version__
from .config import ensure_default_project, plugins_dir

if TYPE_CHECKING:
    from .plugins import PluginHost

EXIT_USAGE = 2
EXIT_FAILED = 1


class Fail(click.ClickException):
    exit_code = EXIT_FAILED


def _plugin_dirs(ctx: click.Context) -> list[Path]:
    dirs = [Path(d) for d in ctx.ensure_object(dict).get("plugins_dirs") or []]
    default_dir = plugins_dir()
    if default_dir.is_dir():
        dirs.append(default_dir)
    return dirs


def _host(ctx: click.Context) -> PluginHost:
    from .plugins import PluginHost

    obj = ctx.ensure_object(dict)
    if "host" not in obj:
        obj["host"] = PluginHost(plugin_dirs=_plugin_dirs(ctx))
    return obj["host"]


def _listing(ctx: click.Context) -> dict:
    """What `plugins`, `formats` and `export --help` show: from the stored manifest when no plugin changed."""
    from .plugin_listing import listing

    obj = ctx.ensure_object(dict)
    if "listing" not in obj:
        obj["listing"] = listing(_plugin_dirs(ctx), lambda: _host(ctx))[0]
    return obj["listing"]


def _open(ctx: click.Context, project: str | None, *, create: bool = False, plugins: bool = True):
    """Open the project; ``plugins=False`` for commands that read only the core tables (``stats``,
    ``documents``): they skip importing and registering every plugin."""
    from .plugins import PluginHost
    from .services.project import Project
    from .store import NotAProject

    host = _host(ctx) if plugins else PluginHost(entry_points=False, load=())
    try:
        if project is None:
            return ensure_default_project(host=host)
        path = Path(project)
        if not create and not path.exists():
            raise Fail(f"no project file at {path} (create one with `annotator new {path}`)")
        return Project(path, host=host)
    except NotAProject as exc:
        raise Fail(str(exc)) from None


def _progress(label: str):
    """A TaskContext that draws a progress bar on stderr when it is a terminal."""
    from .specs import TaskContext

    if not sys.stderr.isatty():
        return TaskContext(), None
    bar = click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True)
    state = {"total": None}

    def progress(done: int, total: int, message: str = "") -> None:
        if total and state["total"] != total:
            bar.length = total
            state["total"] = total
        bar.pos = min(done, total or done)
        bar.render_progress()

    return TaskContext(progress), bar


def _author_hint(proj) -> None:
    from .config import AUTHOR_HINT, UNNAMED_AUTHOR

    if proj.author == UNNAMED_AUTHOR:
        click.secho(f"note: edits are recorded as author {UNNAMED_AUTHOR!r}; {AUTHOR_HINT}", fg="yellow", err=True)


def _report_plugin_failures(host: PluginHost) -> None:
    for info in host.plugins():
        if info.status == "failed":
            last = info.errors[-1].splitlines()[0] if info.errors else "failed"
            click.secho(f"warning: {last} (plugin disabled)", fg="yellow", err=True)


project_option = click.option("--project", "-p", "project", type=click.Path(dir_okay=False),
                              help="Project file (.annotator). Default: the default project in the user data dir.")


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
@click.option("--plugins-dir", multiple=True, type=click.Path(file_okay=False),
              help="Also load single-file plugins from this folder (repeatable).")
@click.pass_context
def cli(ctx: click.Context, plugins_dir: tuple[str, ...]) -> None:
    """Annotator: read several outlets' reports of one event side by side and annotate them.

    Without a command, opens the window on the default project (the sample corpus on first run).
    """
    ctx.ensure_object(dict)["plugins_dirs"] = list(plugins_dir)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@cli.command()
@project_option
@click.argument("project_file", required=False, type=click.Path(dir_okay=False))
@click.option("--smoke-test", is_flag=True, help="Open the window, let it draw, then quit (for CI and bundles).")
@click.pass_context
def gui(ctx: click.Context, project: str | None, project_file: str | None, smoke_test: bool) -> None:
    """Open the window (on PROJECT_FILE or --project, else the default project).

    `annotator FILE.annotator` is short for `annotator gui FILE.annotator` (what a double-click runs).
    """
    project = project or project_file
    try:
        from .qt.app import run_app
    except ImportError as exc:
        raise Fail(f"the window cannot start: {exc}. Install PySide6, or use the headless commands "
                   "(annotator --help).") from None
    sys.exit(run_app(project=project, plugin_dirs=ctx.obj.get("plugins_dirs") or [], smoke_test=smoke_test))


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--name", help="A display name for the project.")
@click.option("--sample", is_flag=True, help="Import the bundled sample corpus.")
@click.pass_context
def new(ctx: click.Context, path: str, name: str | None, sample: bool) -> None:
    """Create a new project file at PATH."""
    from .config import sample_corpus_dir

    if Path(path).exists():
        raise Fail(f"{path} exists already")
    proj = _open(ctx, path, create=True)
    if name:
        proj.set_name(name)
    if sample:
        report = proj.import_paths([sample_corpus_dir()])
        click.echo(report.summary())
    click.echo(f"created {path}")


@cli.command("import")
@project_option
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", help="Force an importer (see `annotator formats`).")
@click.option("--max-size", type=float, default=50.0, show_default=True,
              help="Refuse articles over this many MiB (datasets: 2 GiB).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def import_(ctx: click.Context, project: str | None, paths: tuple[str, ...], fmt: str | None, max_size: float,
            as_json: bool) -> None:
    """Import articles (.txt .md .html .jsonl), datasets (.json) or whole folders."""
    from .services.validation import printable
    from .specs import ImportRefused

    proj = _open(ctx, project)
    task, bar = _progress("Importing")
    try:
        report = proj.import_paths(list(paths), task, format=fmt, size_limit=int(max_size * 1024 * 1024))
    except ImportRefused as exc:
        raise Fail(str(exc)) from None
    finally:
        if bar is not None:
            bar.render_finish()
    if as_json:
        click.echo(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        # paths are escaped by the import service; titles and reasons come from the files: escape them too, so
        # that a crafted name or title cannot forge a line of this output
        for item in report.imported:
            click.echo(f"imported  {item['path']}  →  {printable(item['title'] or item['document_id'])}")
            for note in item.get("notes", []):
                click.echo(f"          {printable(note)}")
        for item in report.skipped:
            click.echo(f"skipped   {item['path']}: {printable(item['reason'])}")
        for item in report.refused:
            click.secho(f"refused   {item['path']}: {printable(item['reason'])}", fg="red", err=True)
        for w in report.warnings:
            click.secho(f"warning   {printable(w)}", fg="yellow", err=True)
        click.echo(report.summary())
        _author_hint(proj)
    _report_plugin_failures(proj.host)
    if report.refused and not report.imported and not report.skipped:
        sys.exit(EXIT_FAILED)


@cli.command()
@project_option
@click.option("--plugin", "plugin", help="Only this suggester (plugin or suggester name).")
@click.option("--document", "documents", multiple=True, help="Only this document id (repeatable).")
@click.pass_context
def suggest(ctx: click.Context, project: str | None, plugin: str | None, documents: tuple[str, ...]) -> None:
    """Pre-annotate: store plugins' suggestions for review (status `suggested`)."""
    from .services.suggesting import SuggestionError
    from .services.validation import printable

    proj = _open(ctx, project)
    task, bar = _progress("Suggesting")
    try:
        report = proj.suggest(plugin, list(documents) or None, task)
    except SuggestionError as exc:
        raise Fail(str(exc)) from None
    finally:
        if bar is not None:
            bar.render_finish()
    click.echo(report.summary())
    for line in report.problems():
        click.secho(f"warning   {printable(line)}", fg="yellow", err=True)
    _report_plugin_failures(proj.host)
    _author_hint(proj)
    if report.errors:
        sys.exit(EXIT_FAILED)


def _exporter_help(ctx: click.Context | None = None) -> str:
    try:
        root = ctx.find_root() if ctx is not None else click.Context(cli, obj={})
        specs = _listing(root)["exporters"]
        width = max([14, *(len(s["name"]) for s in specs)])
        return "\n".join(f"  {s['name']:<{width}} {s['description']}" for s in specs)
    except Exception as exc:  # pragma: no cover - help must never crash
        return f"  (could not list formats: {exc})"


class _ExportCommand(click.Command):
    def format_epilog(self, ctx, formatter):
        formatter.write_paragraph()
        formatter.write_text("Formats:")
        formatter.write(_exporter_help(ctx) + "\n")


@cli.command(cls=_ExportCommand)
@project_option
@click.option("--format", "-f", "fmt", default="json", show_default=True, help="Export format (listed below).")
@click.option("--output", "-o", "output", required=True, type=click.Path(), help="Output file or folder.")
@click.option("--layer", "layers", multiple=True, help="Only these layers (repeatable).")
@click.option("--label", "labels", multiple=True, help="Only these labels (repeatable).")
@click.option("--document", "documents", multiple=True, help="Only these document ids (repeatable).")
@click.option("--author", "authors", multiple=True, help="Only annotations by these authors (repeatable).")
@click.option("--include-suggestions", is_flag=True, help="Also export suggested (not yet reviewed) annotations.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["accepted", "suggested", "rejected"]),
              help="Exactly these statuses (default: accepted).")
@click.pass_context
def export(ctx: click.Context, project: str | None, fmt: str, output: str, layers, labels, documents, authors,
           include_suggestions: bool, statuses) -> None:
    """Export a labelled dataset."""
    from .services.exporting import ExportError
    from .specs import ExportFilters

    proj = _open(ctx, project, create=project is None)
    if not statuses:
        statuses = ("accepted", "suggested") if include_suggestions else ("accepted",)
    filters = ExportFilters(tuple(layers), tuple(statuses), tuple(documents), tuple(authors), tuple(labels))
    task, bar = _progress("Exporting")
    try:
        result = proj.export(fmt, output, filters, task)
    except ExportError as exc:
        raise Fail(str(exc)) from None
    finally:
        if bar is not None:
            bar.render_finish()
    counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
    click.echo(f"wrote {result.path}" + (f" ({counts})" if counts else ""))
    for w in result.warnings:
        click.secho(f"warning   {w}", fg="yellow", err=True)
    _report_plugin_failures(proj.host)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """List plugins: name, version, hooks, status, errors, name conflicts."""
    infos = _listing(ctx)["plugins"]
    if as_json:
        click.echo(orjson.dumps(infos, option=orjson.OPT_INDENT_2).decode())
        return
    for info in infos:
        colour = {"ok": "green", "failed": "red", "disabled": "yellow", "incompatible": "red"}.get(info["status"])
        click.echo(f"{info['name']:<22} {info['version']:<10} ", nl=False)
        click.secho(f"{info['status']:<9}", fg=colour, nl=False)
        click.echo(f" {', '.join(info['hooks'])}")
        for err in info["errors"]:
            click.secho("    " + err.splitlines()[0], fg="red")
        for conflict in info["conflicts"]:
            click.secho("    conflict: " + conflict, fg="yellow")


@cli.command()
@click.argument("name", required=False)
@click.option("--account", is_flag=True, help="Use this computer's account name.")
def author(name: str | None, account: bool) -> None:
    """Show or set your name, recorded as the author of your edits and carried by exports."""
    from .config import UNNAMED_AUTHOR, account_name, configured_author, update_config

    if account:
        name = account_name()
        if not name:
            raise Fail("this system has no account name to use")
    if name is None:
        current = configured_author()
        click.echo(current if current else f"not set (edits are recorded as {UNNAMED_AUTHOR!r}); "
                   "set it with `annotator author \"Your Name\"`")
        return
    if not name.strip():
        raise Fail("the name cannot be empty")
    update_config(author=name.strip(), author_asked=True)
    click.echo(f"author set to {name.strip()!r}")


@cli.command()
@click.pass_context
def formats(ctx: click.Context) -> None:
    """List import and export formats."""
    click.echo("Import:")
    importers = _listing(ctx)["importers"]
    width = max([14, *(len(s["name"]) for s in importers)])
    for s in importers:
        click.echo(f"  {s['name']:<{width}} {' '.join(s['extensions']):<18} {s['description']}")
    click.echo("Export:")
    click.echo(_exporter_help(ctx))


@cli.command()
@project_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stats(ctx: click.Context, project: str | None, as_json: bool) -> None:
    """Counts: documents, annotations per layer/label/status, links, entities."""
    proj = _open(ctx, project, create=project is None, plugins=project is None)
    s = proj.stats()
    _report_plugin_failures(proj.host)  # on stderr
    if as_json:
        click.echo(orjson.dumps(s, option=orjson.OPT_INDENT_2).decode())
        return
    click.echo(f"{proj.name} ({proj.path})")
    click.echo(f"documents: {s['documents']}  annotations: {s['annotations']}  links: {s['links']}  "
               f"entities: {s['entities']}")
    for row in s["annotations_by"]:
        click.echo(f"  {row['layer']:<14} {row['label']:<20} {row['status']:<10} {row['count']}")
    for row in s["links_by"]:
        click.echo(f"  link {row['layer']:<9} {row['label']:<20} {row['status']:<10} {row['count']}")


@cli.command()
@project_option
@click.pass_context
def documents(ctx: click.Context, project: str | None) -> None:
    """List documents with their ids."""
    proj = _open(ctx, project, create=project is None, plugins=project is None)
    for d in proj.document_summaries():
        click.echo(f"{d['id']}  {d['source'] or '-':<18} {d['published'] or '-':<11} {d['title']}")


def _undo_redo(ctx, project, redo: bool, author: str | None) -> None:
    from .services.project import EditError

    proj = _open(ctx, project, create=False if project else True)
    if author:
        proj.author = author.strip()
    word = "redo" if redo else "undo"
    try:
        changes = proj.redo() if redo else proj.undo()
    except EditError as exc:
        raise Fail(str(exc)) from None
    if not changes:
        click.echo(f"nothing to {word} of yours (author {proj.author!r}; steps of others, and of a window or "
                   "command still running, are theirs to undo)")
        return
    if len(changes) == 1 and changes[0].action == "review":  # a bulk review: one step, many suggestions
        c = changes[0]
        click.echo(f"{'redid' if redo else 'undid'}: review of {len(c.after['ids'])} suggestion(s) "
                   f"({c.after['status'] if redo else c.before['status']})")
        return
    kinds: dict[str, int] = {}
    for c in changes:
        # an undo hands back the inverse changes; name the step the user made ("undid: 2 × annotation create")
        action = c.action if redo else {"create": "delete", "delete": "create"}.get(c.action, c.action)
        kinds[f"{c.kind} {action}"] = kinds.get(f"{c.kind} {action}", 0) + 1
    click.echo(f"{'redid' if redo else 'undid'}: " + ", ".join(f"{v} × {k}" for k, v in kinds.items()))


_author_option = click.option("--author", default=None,
                              help="Whose steps (default: your configured name, as on every edit).")


@cli.command()
@project_option
@_author_option
@click.pass_context
def undo(ctx: click.Context, project: str | None, author: str | None) -> None:
    """Undo your latest edit step: one of an earlier command or a window since closed; never a colleague's
    step, nor one of a window or command still running (docs/architecture.md, "Undo")."""
    _undo_redo(ctx, project, redo=False, author=author)


@cli.command()
@project_option
@click.option("--accept", "status", flag_value="accepted", help="Accept the suggestions.")
@click.option("--reject", "status", flag_value="rejected", help="Reject the suggestions.")
@click.option("--layer", default=None, help="Only this layer's suggestions (e.g. entity).")
@click.option("--label", default=None, help="Only this label's suggestions (e.g. PERSON).")
@click.option("--document", "document_id", default=None, help="Only this document's suggestions (its id).")
@_author_option
@click.pass_context
def review(ctx: click.Context, project: str | None, status: str | None, layer: str | None, label: str | None,
           document_id: str | None, author: str | None) -> None:
    """Accept or reject every suggestion of the project, a layer, a label and/or a document: one undo step
    (`annotator undo` takes it back)."""
    from .services.project import EditError

    if status is None:
        raise Fail("say --accept or --reject")
    proj = _open(ctx, project, create=False if project else True)
    if author:
        proj.author = author.strip()
    try:
        n = proj.review(status, layer=layer, label=label, document=document_id)
    except EditError as exc:
        raise Fail(str(exc)) from None
    what = " ".join(f"{k} {v}" for k, v in (("layer", layer), ("label", label), ("document", document_id)) if v)
    if not n:
        click.echo(f"no suggestions to review{' (' + what + ')' if what else ''}")
        return
    click.echo(f"{'accepted' if status == 'accepted' else 'rejected'} {n} suggestion(s)"
               f"{' (' + what + ')' if what else ''}; one step: `annotator undo` takes it back")


@cli.command()
@project_option
@_author_option
@click.pass_context
def redo(ctx: click.Context, project: str | None, author: str | None) -> None:
    """Redo the latest undone step."""
    _undo_redo(ctx, project, redo=True, author=author)


@cli.command()
@project_option
@click.argument("command_id", required=False)
@click.option("--document", "document_id", help="Document id handed to the command.")
@click.pass_context
def run(ctx: click.Context, project: str | None, command_id: str | None, document_id: str | None) -> None:
    """Run a plugin command marked headless (without COMMAND_ID: list them)."""
    proj = _open(ctx, project)
    commands = {k: c for k, c in proj.commands().items() if c.headless}
    if command_id is None:
        for c in commands.values():
            click.echo(f"{c.id:<30} {c.title}  ({c.plugin})")
        return
    command = commands.get(command_id)
    if command is None:
        raise Fail(f"no headless command {command_id!r} (see `annotator run`)")
    ok, result = proj.host.guard(command.plugin, f"command {command.id}", command.run, proj,
                                 {"document_id": document_id})
    if not ok:
        raise Fail(f"command {command_id} failed: {result!r}; plugin disabled")
    if result is not None:
        click.echo(result if isinstance(result, str) else orjson.dumps(result, default=str,
                                                                        option=orjson.OPT_INDENT_2).decode())


def _add_lazy_groups() -> None:
    """Commands kept in their own modules (one job each), attached here; their heavy imports happen inside them."""
    from .cli_plugin import plugin
    from .cli_settings import settings  # the command module needs the helpers above
    from .cli_teams import agreement, assign, evaluate, merge

    for command in (plugin, settings, agreement, evaluate, assign, merge):
        cli.add_command(command)


_add_lazy_groups()


def _project_file_shortcut(argv: list[str] | None) -> list[str] | None:
    """`annotator FILE.annotator` (a file manager's double-click, the Windows/macOS file association) opens the
    window on that project: the same as `annotator gui FILE.annotator`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0] in cli.commands or args[0].startswith("-"):
        return argv
    from .store.database import SUFFIX

    if args[0].endswith(SUFFIX) and Path(args[0]).is_file():
        return ["gui", args[0]]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = _project_file_shortcut(argv)
    try:
        cli.main(args=argv, prog_name="annotator", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # the last line of defence: one clear line, not a traceback
        if os.environ.get("ANNOTATOR_DEBUG"):
            raise
        click.secho(f"error: {type(exc).__name__}: {exc}", fg="red", err=True)
        return EXIT_FAILED
    return 0


def gui_main() -> int:
    """The windowed launcher (`annotator-gui`): passes its arguments on, e.g. a project file to open."""
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
