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


PALETTE = ("#e53935", "#fb8c00", "#8e24aa", "#43a047", "#1e88e5", "#6d4c41", "#00897b", "#c0ca33", "#5e35b1")


def labels_to_text(labels) -> str:
    """The editable form of a label set: one label per line, ``name: description``."""
    return "\n".join(f"{lab.name}: {lab.description}" if lab.description else lab.name for lab in labels)


def labels_from_text(text: str, current=()) -> tuple[LabelSpec, ...]:
    """Parse ``name: description`` lines (blank lines and ``#`` comments skipped). A label that already exists
    keeps its colour; new ones take the next free colour of :data:`PALETTE`; keys are 1-9 in order (the label
    popup's keys). Raises ``ValueError`` on an empty set or a repeated name."""
    from annotator import EditError

    old = {lab.name: lab for lab in current}
    out: list[LabelSpec] = []
    used = {lab.color for lab in current}
    spare = [c for c in PALETTE if c not in used] or list(PALETTE)
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, description = line.partition(":")
        name, description = name.strip(), description.strip()
        if not name:
            raise EditError(f"a label needs a name: {line!r}")
        if any(lab.name == name for lab in out):
            raise EditError(f"label {name!r} is listed twice")
        prev = old.get(name)
        colour = prev.color if prev else spare.pop(0) if spare else PALETTE[len(out) % len(PALETTE)]
        key = str(len(out) + 1) if len(out) < 9 else None
        out.append(LabelSpec(name, colour, key, description or (prev.description if prev else "")))
    if not out:
        raise EditError("the contradiction layer needs at least one label")
    return tuple(out)
