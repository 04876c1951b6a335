"""Hook implementations of the quote-marker plugin (entry point ``quote-marker = annotator_quotes.plugin``)."""

from __future__ import annotations

from annotator import Suggester, hookimpl

from .layers import QUOTE, QUOTE_LAYER, SAME, SAME_LAYER
from .suggester import suggest_links, suggest_quotes


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
