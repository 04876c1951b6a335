"""``annotator settings``: list, read and change any plugin's (or the core's) project settings headless.

    annotator settings -p study.annotator                          # every stored setting, and the core ones
    annotator settings -p study.annotator core.nlp.pipeline        # one value (JSON)
    annotator settings -p study.annotator core.nlp.pipeline rules  # set it (JSON, or a bare string)
    annotator settings -p study.annotator entity-tagger.backend spacy

A name is ``SCOPE.KEY``: the scope is ``core`` or a plugin's name, the key the rest (it may hold dots). A value
is read as JSON when it parses (``true``, ``3``, ``["a"]``, ``null`` = unset), else as a string. ``core.nlp.pipeline``
is checked (an installed spaCy pipeline or ``rules``); an unknown scope is refused. Nothing changes on an error.
"""

from __future__ import annotations

import json

import click

from .cli import Fail, _open, project_option

#: Core settings and how to show their default when unset.
CORE_KEYS = {"nlp.pipeline": "the installed English pipeline, else rules"}


def _parse_value(raw: str):
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _show(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@click.command("settings")
@project_option
@click.argument("name", required=False)
@click.argument("value", required=False)
@click.pass_context
def settings(ctx: click.Context, project: str | None, name: str | None, value: str | None) -> None:
    """List, read or set project settings: NAME is SCOPE.KEY (e.g. core.nlp.pipeline, entity-tagger.backend)."""
    from . import analysis as an
    from .services import analysing

    proj = _open(ctx, project)
    try:
        scopes = ["core", *sorted(info.name for info in proj.host.plugins())]
        if name is None:
            for scope in scopes:
                stored = proj.settings(scope)
                keys = sorted(set(stored) | (set(CORE_KEYS) if scope == "core" else set()))
                for key in keys:
                    if key in stored:
                        click.echo(f"{scope}.{key} = {_show(stored[key])}")
                    else:
                        click.echo(f"{scope}.{key} (not set: {CORE_KEYS[key]})")
            pipeline = analysing.pipeline_of(proj)
            click.echo(f"# text analysis uses: {pipeline}; installed: {', '.join(analysing.pipeline_choices())}")
            return
        scope, sep, key = name.partition(".")
        if not sep or not key:
            raise Fail(f"a setting is named SCOPE.KEY (e.g. core.nlp.pipeline), not {name!r}")
        if scope not in scopes:
            raise Fail(f"no plugin or scope named {scope!r} (known: {', '.join(scopes)})")
        if value is None:
            stored = proj.settings(scope)
            if key in stored:
                click.echo(_show(stored[key]))
            elif scope == "core" and key in CORE_KEYS:
                click.echo(f"null  (not set: {CORE_KEYS[key]}; now {analysing.pipeline_of(proj)})")
            else:
                click.echo("null  (not set)")
            return
        parsed = _parse_value(value)
        if scope == an.SETTING_SCOPE and key == an.SETTING_KEY:
            try:
                analysing.set_pipeline(proj, parsed)
            except an.PipelineUnavailable as exc:
                raise Fail(str(exc)) from None
        else:
            proj.set_setting(scope, key, parsed)
        click.echo(f"{scope}.{key} = {_show(parsed)}")
    finally:
        proj.close()
