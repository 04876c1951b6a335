"""Hook implementations of the ``contradiction-linker`` plugin (entry point ``annotator_contradictions.plugin``).

Registers the ``claim`` and ``contradiction`` layers, the ``dateline`` cleaner step, the candidate suggester,
the pairs exporter, the commands (Link selected claims: L) and the Contradictions panel. Nothing here imports
Qt: the panel module is imported inside its factory, the label popup inside the command.
"""

from __future__ import annotations

from annotator import Cleaner, Exporter, Panel, Suggester, hookimpl

from . import CLAIM, LINK, PLUGIN, datelines
from .commands import commands
from .layers import claim_layer, link_layer
from .pairs import write_pairs
from .suggester import suggest


@hookimpl
def register_layers(register):
    register(claim_layer())
    register(link_layer())


@hookimpl
def register_cleaners(register):
    register(Cleaner("dateline", datelines.clean, order=35,
                     description="Publication date from the article's dateline when the manifest gives none "
                                 "(the text is not changed)"))


@hookimpl
def register_suggesters(register):
    register(Suggester(
        PLUGIN, suggest, title="Contradiction candidates", layers=(CLAIM, LINK),
        description="Aligns sentences across every pair of articles and proposes links where numbers, dates or "
                    "weekdays, people or places, causes or negations differ, each with a reason and a score",
    ))


@hookimpl
def register_exporters(register):
    register(Exporter(
        "contradiction-pairs", write_pairs, extension=".jsonl",
        description="Premise/hypothesis pairs for training contradiction detectors (JSONL: premise, hypothesis, "
                    "label, both documents' ids and outlets, note, facet, surrounding sentences)",
    ))


@hookimpl
def register_commands(register):
    for command in commands():
        register(command)


def _panel_factory(project, window):
    from .panel import ContradictionsPanel

    return ContradictionsPanel(project, window)


@hookimpl
def register_panels(register):
    register(Panel("contradictions", "Contradictions", _panel_factory, area="bottom", shortcut="Ctrl+Shift+L"))
