"""The two layers of the contradiction linker: ``claim`` spans and ``contradiction`` links between them.

Labels of the link layer are the defaults; a project edits its own set with ``project.set_labels("contradiction",
...)`` (the override is stored in the project and wins).
"""

from __future__ import annotations

from annotator import AttributeSpec, LabelSpec, LayerSpec

from . import CLAIM, FACETS, LINK, PLUGIN

LINK_LABELS = (
    LabelSpec("contradicts", "#e53935", "1", "The two claims cannot both be true"),
    LabelSpec("disputes", "#fb8c00", "2", "One side reports a claim and another party denies or doubts it"),
    LabelSpec("differs-in-detail", "#8e24aa", "3", "Numbers, dates, names or wording differ"),
    LabelSpec("corroborates", "#43a047", "4", "The second claim supports the first"),
)


def claim_layer() -> LayerSpec:
    return LayerSpec(
        CLAIM, title="Claims", kind="span",
        labels=(LabelSpec("claim", "#ffab91", "C", "A statement of fact that another report may contradict"),),
        attributes=(AttributeSpec("note", "text", description="Free-text note on the claim"),),
        color="#ffab91", plugin=PLUGIN,
        description="Statements that contradiction links connect",
    )


def link_layer() -> LayerSpec:
    return LayerSpec(
        LINK, title="Contradictions", kind="link", labels=LINK_LABELS,
        attributes=(
            AttributeSpec("note", "text", description="Free-text note: what differs, who is right"),
            AttributeSpec("facet", "choice", choices=FACETS, description="Which aspect of the claims differs"),
        ),
        color="#e53935", link_ends=(CLAIM,), plugin=PLUGIN,
        description="Typed links between claims in the same or in different articles",
    )
