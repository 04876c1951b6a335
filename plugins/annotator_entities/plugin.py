"""Hook implementations of the ``entity-tagger`` plugin (entry point ``annotator_entities.plugin``).

Registers the ``entity`` layer, the ``entity-tagger`` suggester, the Entities commands and the Entities panel.
Nothing here imports Qt or spaCy: the panel's module is imported inside its factory, spaCy only when its back
end runs.
"""

from __future__ import annotations

from annotator import Panel, Suggester, hookimpl

from . import PLUGIN
from .commands import commands
from .labels import layer_spec
from .suggester import suggest


@hookimpl
def register_layers(register):
    register(layer_spec())


@hookimpl
def register_suggesters(register):
    register(Suggester(
        PLUGIN, suggest, title="Entities (mentions and who is who)", layers=("entity",),
        description="Proposes PERSON, ORG, GPE, LOC, NORP, DATE, EVENT and MISC mentions with the rules back end "
                    "(default) or a spaCy pipeline, and groups mentions into entity records across outlets",
    ))


@hookimpl
def register_commands(register):
    for command in commands():
        register(command)


def _panel_factory(project, window):
    from .panel import EntitiesPanel

    return EntitiesPanel(project, window)


@hookimpl
def register_panels(register):
    register(Panel("entities", "Entities", _panel_factory, area="right", shortcut="Ctrl+Shift+N"))
