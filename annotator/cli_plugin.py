"""``annotator plugin new|check``: the plugin kit on the command line (see :mod:`annotator.plugin_kit`)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("plugin")
def plugin() -> None:
    """Write and check plugins: `annotator plugin new NAME`, `annotator plugin check PATH`."""


@plugin.command("new")
@click.argument("name")
@click.option("--layer", is_flag=True, help="A span layer with a label.")
@click.option("--suggester", is_flag=True, help="A suggester (pre-annotation; brings a layer).")
@click.option("--exporter", is_flag=True, help="An export format.")
@click.option("--panel", is_flag=True, help="A dock panel for the window.")
@click.option("--dir", "parent", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Where to write the package folder.")
def new(name: str, layer: bool, suggester: bool, exporter: bool, panel: bool, parent: str) -> None:
    """Write a ready plugin package annotator-NAME: pyproject with the entry point, the chosen contributions
    (default: --layer --suggester), a README and tests."""
    from .cli import Fail
    from .plugin_kit.scaffold import ScaffoldError, scaffold

    try:
        root = scaffold(name, Path(parent), layer=layer, suggester=suggester, exporter=exporter, panel=panel)
    except ScaffoldError as exc:
        raise Fail(str(exc)) from None
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        click.echo(f"wrote {path}")
    click.echo(f"next: python -m pip install -e {root} && python -m pytest {root}")


@plugin.command("check")
@click.argument("path", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(path: str, as_json: bool) -> None:
    """Load the plugin at PATH (a .py file, or a package folder with a pyproject.toml) in a fresh host beside
    the installed plugins; report hooks, contributions, conflicts and API compatibility. Exit 1 on problems."""
    import sys

    import orjson

    from .plugin_kit.check import check_plugin

    report = check_plugin(path)
    if as_json:
        click.echo(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        sys.exit(1)
