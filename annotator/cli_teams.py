"""Team commands: ``annotator agreement`` (inter-annotator agreement on every layer, as a table, CSV, JSON or an
offline HTML report) and ``annotator evaluate`` (how good each plugin's suggestions are against what the
researchers reviewed). The figures come from :mod:`annotator.services.agreement`."""

from __future__ import annotations

from pathlib import Path

import click


def _cli():
    from . import cli

    return cli


@click.command()
@click.option("--project", "-p", "project", type=click.Path(dir_okay=False), help="Project file (.annotator).")
@click.option("--layer", "layers", multiple=True, help="Span layer(s) to compare (default: every span layer with "
              "annotations of two or more sources).")
@click.option("--sources", help="Comma-separated sources: authors (alice,bob), or with --by origin suggesters; "
              "mix with author:NAME,origin:NAME. Default: every author (or origin) of the layer.")
@click.option("--by", type=click.Choice(["author", "origin"]), default="author", show_default=True,
              help="What a source is when --sources does not say.")
@click.option("--document", "documents", multiple=True, help="Only these document ids (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "html"]), default="table",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here (default: stdout).")
@click.pass_context
def agreement(ctx, project, layers, sources, by, documents, fmt, output) -> None:
    """Inter-annotator agreement: spans (exact/overlap F1), token labels (Cohen's and Fleiss' kappa,
    Krippendorff's alpha), attributes, links (within and across documents) and entity clusters."""
    from .services import agreement as ag
    from .services.agreement_report import render

    cli = _cli()
    proj = cli._open(ctx, project)
    chosen = ag.parse_sources(sources, by)
    span_layers = [name for name, spec in proj.layers().items() if spec.kind == "span"]
    for name in layers:
        if name not in span_layers:
            raise cli.Fail(f"no span layer {name!r} (span layers: {', '.join(sorted(span_layers)) or 'none'})")
    todo = list(layers) or sorted({a.layer for a in proj.annotations()} & set(span_layers))
    reports = [ag.agreement(proj, name, chosen, by=by, documents=documents or None) for name in todo]
    if not layers:
        reports = [r for r in reports if len(r.sources) >= 2] or reports
    if not reports:
        raise cli.Fail("nothing to compare: the project has no span annotations")
    text = render(reports, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command()
@click.option("--project", "-p", "project", type=click.Path(dir_okay=False), help="Project file (.annotator).")
@click.option("--layer", help="Only this layer.")
@click.option("--gold-author", help="Gold is what this author (e.g. curator) accepted; default: the accepted "
              "annotations of documents with no suggestion left to review.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def evaluate(ctx, project, layer, gold_author, as_json) -> None:
    """Precision and recall of each plugin's suggestions against the reviewed annotations, per label."""
    import json

    from .services.agreement import evaluate_suggesters

    cli = _cli()
    proj = cli._open(ctx, project)
    res = evaluate_suggesters(proj, layer, gold_author=gold_author)
    if as_json:
        click.echo(json.dumps(res, indent=1, sort_keys=True))
        return
    click.echo(f"gold: {res['gold']} annotation(s) in {res['documents']} reviewed document(s)"
               + (f" (author {gold_author})" if gold_author else ""))
    if not res["suggesters"]:
        click.echo("no plugin suggestions in the reviewed documents")
    for name, r in sorted(res["suggesters"].items()):
        a = r["all"]
        click.echo(f"{name}: P {a['precision']:.3f}  R {a['recall']:.3f}  F1 {a['f1']:.3f}  "
                   f"({a['matched']} of {a['other']} suggested, {a['reference']} gold)")
        for label, m in r["labels"].items():
            click.echo(f"  {label:<16} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                       f"n {m['other']}/{m['reference']}")


@click.command()
@click.option("--project", "-p", "project", type=click.Path(dir_okay=False), required=True,
              help="The project to hand out (.annotator).")
@click.option("--to", "to", required=True, help="Comma-separated annotator names: one copy each.")
@click.option("--document", "documents", multiple=True, help="Only these document ids (repeatable; default all).")
@click.option("--annotations", "mode", type=click.Choice(["strip", "suggest", "keep"]), default="strip",
              show_default=True, help="What the copies hold of today's annotations: none, all as suggestions "
              "to review, or all as they are.")
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Folder for the copies (default: beside the "
              "project).")
@click.pass_context
def assign(ctx, project, to, documents, mode, output) -> None:
    """Write one copy of a project per annotator (same documents and ids) to annotate apart, then merge."""
    from .services.teams import TeamError
    from .services.teams import assign as do_assign

    cli = _cli()
    proj = cli._open(ctx, project)
    try:
        made = do_assign(proj, to.split(","), Path(output) if output else None, documents=documents or None,
                         mode=mode)
    except TeamError as exc:
        raise cli.Fail(str(exc)) from None
    for path in made:
        click.echo(f"wrote {path}")
    click.echo(f"each annotator opens their copy (annotator gui -p FILE); bring them back with "
               f"`annotator merge {' '.join(p.name for p in made)} -o team.annotator`", err=True)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True,
              help="The team project (created when it does not exist; merged into when it does).")
@click.pass_context
def merge(ctx, inputs, output) -> None:
    """Merge annotators' project copies into one: every annotation attributed, nothing duplicated, links and
    entity records included, conflicts (one id edited differently) reported. Repeatable, order-independent."""
    from .services.teams import TeamError
    from .services.teams import merge as do_merge

    cli = _cli()
    proj = cli._open(ctx, output, create=True)
    try:
        report = do_merge(proj, [Path(p) for p in inputs])
    except TeamError as exc:
        raise cli.Fail(str(exc)) from None
    for i in report.inputs:
        click.echo(f"merged {i['path']}: {i['documents']} document(s), {i['annotations']} annotation(s), "
                   f"{i['links']} link(s), {i['entities']} entit(y/ies) new; {i['updated']} updated")
    for c in report.conflicts:
        click.secho(f"conflict: {c}", fg="yellow", err=True)
    click.echo(f"team project: {proj.path}")
