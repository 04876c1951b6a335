"""Hook implementations of the quote-marker plugin (entry point ``quote-marker = annotator_quotes.plugin``)."""

from __future__ import annotations

from annotator import Panel, Suggester, hookimpl

from .commands import COMMANDS
from .exporter import EXPORTER
from .layers import QUOTE, QUOTE_LAYER, SAME, SAME_LAYER
from .suggester import suggest_links, suggest_quotes


def _panel_factory(project, window):
    from .panel import factory  # Qt only when the window builds the panel

    return factory(project, window)


@hookimpl
def register_layers(register):
    register(QUOTE_LAYER)
    register(SAME_LAYER)


@hookimpl
def register_suggesters(register):
    register(Suggester("quote-marker", suggest_quotes, "Mark quotes and speakers", layers=(QUOTE, SAME),
                       description="Finds quotations (curly, straight and single quotes, continued and nested "
                                   "ones), their kind, speaker and cue, and proposes same-statement links "
                                   "between outlets."))
    register(Suggester("same-statement", suggest_links, "Link the same statement across outlets",
                       layers=(SAME,), description="Proposes same-statement links between the quotes the project "
                                                   "already holds (run it after correcting quotes)."))


@hookimpl
def register_exporters(register):
    register(EXPORTER)


@hookimpl
def register_commands(register):
    for command in COMMANDS:
        register(command)


@hookimpl
def register_panels(register):
    register(Panel("quotes", "Quotes", _panel_factory, area="right", shortcut="Ctrl+Shift+Q"))
