"""The entity tagger's commands (menu "Entities"; those marked headless also run as ``annotator run ID``).

``context`` holds ``document_id`` and ``selection`` when known and, in the window, ``window`` (the
:class:`annotator.window_api.WindowAPI` protocol). Every command does its work through headless functions.
"""

from __future__ import annotations

from annotator import Command, EditError

from . import PLUGIN, labels, registry
from .occurrences import tag_other_occurrences
from .settings import load as load_settings


def _selection(context: dict) -> tuple[str, int, int]:
    window = context.get("window")
    sel = window.selection() if window is not None else None
    if sel is None:
        raw = context.get("selection")
        if raw is not None and len(raw) == 3:
            sel = tuple(raw)
        elif raw is not None and len(raw) == 2 and context.get("document_id"):
            sel = (context["document_id"], raw[0], raw[1])
    if not sel or sel[1] >= sel[2]:
        raise EditError("select a tagged name in the reader first")
    return sel[0], int(sel[1]), int(sel[2])


def _tell(context: dict, message: str) -> str:
    window = context.get("window")
    if window is not None:
        window.refresh()
        window.show_message(message)
    return message


def run_tag_occurrences(project, context: dict) -> str:
    doc_id, start, end = _selection(context)
    cfg = load_settings(project)
    created = tag_other_occurrences(project, doc_id, start, end, label=context.get("label"),
                                    case_sensitive=cfg.occurrences_case_sensitive)
    text = project.text(doc_id)[start:end]
    return _tell(context, f"{len(created)} other occurrence(s) of {text!r} suggested for review"
                 if created else f"no other untagged occurrences of {text!r}")


def run_preannotate(project, context: dict) -> str:
    """Pre-annotate every document; in the window the work runs off the UI thread with progress and Cancel."""
    window = context.get("window")
    if window is None:
        report = project.suggest(PLUGIN)
        return report.summary()

    window.suggest(PLUGIN, title="Pre-annotating entities")
    return "started"


def run_cluster(project, context: dict) -> str:
    counts = registry.cluster_now(project)
    return _tell(context, f"{counts['entities']} new entity record(s), {counts['assigned']} mention(s) assigned")


def run_table(project, context: dict) -> str:
    return registry.format_table(project)


def run_reset_labels(project, context: dict) -> str:
    labels.reset(project)
    return _tell(context, "entity labels reset to PERSON, ORG, GPE, LOC, NORP, DATE, EVENT, MISC")


def commands() -> list[Command]:
    return [
        Command("entities.tag-occurrences", "Tag all other occurrences", run_tag_occurrences, shortcut="Ctrl+Shift+A",
                menu="Entities", description="Find the selected, tagged text across the corpus (whole words) and "
                                             "suggest it with the same label and entity"),
        Command("entities.preannotate", "Pre-annotate entities", run_preannotate, shortcut="Ctrl+Shift+P",
                menu="Entities", toolbar=True, headless=True,
                description="Propose entity mentions (rules or spaCy back end) and entity records for review"),
        Command("entities.cluster", "Group mentions into entities", run_cluster, menu="Entities", headless=True,
                description="Propose entity records for mentions not yet assigned (e.g. tagged by hand)"),
        Command("entities.table", "Who each outlet names", run_table, menu="Entities", headless=True,
                description="Entities with their mention counts per outlet"),
        Command("entities.reset-labels", "Reset entity labels", run_reset_labels, menu="Entities", headless=True,
                description="Back to the default label set"),
    ]
