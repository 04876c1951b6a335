"""The ``entity`` layer's declaration and the per-project label editor's operations (headless).

The layer ships PERSON, ORG, GPE, LOC, NORP, DATE, EVENT and MISC with distinct, readable colours. They declare
no explicit shortcut: the window gives the number keys 1-9, in label order, to the labels of the *active* layer,
so PERSON..MISC are 1..8 while the entity layer is active, and the digits stay free for other layers otherwise
(an explicit ``LabelSpec.shortcut`` is claimed for the whole window). A label may get an explicit key (a letter).

A project may rename, add and remove labels and change colours and shortcuts; the core stores the label set
(``project.set_labels``). Renaming also relabels the layer's annotations (one undo step) and remembers the
mapping so pre-annotation proposes the new name.
"""

from __future__ import annotations

import re

from annotator import AttributeSpec, EditError, LabelSpec, LayerSpec

from . import LAYER, PLUGIN

# The Okabe-Ito palette (colour-blind safe: told apart with any of the common colour-vision deficiencies),
# grey for the catch-all MISC; the window draws light tints of these behind the text and darker bars under it.
DEFAULT_LABELS: tuple[LabelSpec, ...] = (
    LabelSpec("PERSON", "#e69f00", None, "People, including fictional ones"),
    LabelSpec("ORG", "#0072b2", None, "Organisations: companies, agencies, ministries, parties, media"),
    LabelSpec("GPE", "#009e73", None, "Countries, cities, states (geo-political entities)"),
    LabelSpec("LOC", "#56b4e9", None, "Other locations: regions, seas, mountain ranges"),
    LabelSpec("NORP", "#cc79a7", None, "Nationalities, religious and political groups"),
    LabelSpec("DATE", "#f0e442", None, "Dates and periods"),
    LabelSpec("EVENT", "#d55e00", None, "Named events: elections, wars, protests with a name"),
    LabelSpec("MISC", "#999999", None, "Other names: laws, products, works of art, languages"),
)

# Colours offered to new labels, distinct from the defaults and readable behind black text.
PALETTE = ("#e57373", "#aed581", "#4fc3f7", "#ffd54f", "#9575cd", "#4dd0e1", "#ff8a65", "#dce775", "#90a4ae",
           "#f48fb1", "#80cbc4", "#ce93d8")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def layer_spec() -> LayerSpec:
    return LayerSpec(
        LAYER,
        title="Entities",
        kind="span",
        labels=DEFAULT_LABELS,
        attributes=(
            AttributeSpec("entity_id", "entity", description="The entity record this mention refers to"),
            AttributeSpec("canonical_name", "text", description="The entity's canonical name (kept in sync)"),
        ),
        color="#e69f00",
        shortcut="Ctrl+Shift+E",
        description="Named entities: who and what a text names (people, organisations, places...)",
        plugin=PLUGIN,
    )


def labels(project) -> list[LabelSpec]:
    spec = project.layer(LAYER)
    if spec is None:
        raise EditError("the entity layer is not available (is the entity-tagger plugin enabled?)")
    return list(spec.labels)


def _check_color(color: str) -> str:
    if not _COLOR.match(color or ""):
        raise EditError(f"colour must look like #rrggbb, not {color!r}")
    return color.lower()


def _check_shortcut(current: list[LabelSpec], shortcut: str | None, name: str) -> str | None:
    shortcut = (shortcut or "").strip() or None
    if shortcut is not None and shortcut.isdigit() and len(shortcut) == 1:
        raise EditError(f"the number keys are the labels' positions in the active layer; give {name} a letter "
                        "or another key instead")
    if shortcut is not None:
        for lab in current:
            if lab.shortcut == shortcut and lab.name != name:
                raise EditError(f"shortcut {shortcut!r} is already used by label {lab.name!r}")
    return shortcut


def add_label(project, name: str, color: str | None = None, shortcut: str | None = None,
              description: str = "") -> LabelSpec:
    """Add a label to the entity layer (a free colour when not given; its number key is its position)."""
    current = labels(project)
    name = name.strip()
    if not name:
        raise EditError("a label needs a name")
    if any(lab.name == name for lab in current):
        raise EditError(f"label {name!r} exists already")
    used = {lab.color.lower() for lab in current}
    color = _check_color(color) if color else next((c for c in PALETTE if c not in used), PALETTE[0])
    new = LabelSpec(name, color, _check_shortcut(current, shortcut, name), description)
    project.set_labels(LAYER, [*current, new])
    return new


def remove_label(project, name: str) -> None:
    """Remove a label; refused while annotations still use it (relabel or delete them first)."""
    current = labels(project)
    if not any(lab.name == name for lab in current):
        raise EditError(f"no label {name!r}")
    used = project.annotations(layer=LAYER, label=name)
    if used:
        raise EditError(f"{len(used)} annotation(s) use label {name!r}: relabel or delete them first")
    if len(current) == 1:
        raise EditError("the entity layer needs at least one label")
    project.set_labels(LAYER, [lab for lab in current if lab.name != name])


def rename_label(project, old: str, new: str) -> int:
    """Rename a label and relabel its annotations (one undo step). Returns how many were relabelled."""
    from . import settings as settings_mod

    current = labels(project)
    new = new.strip()
    if not new:
        raise EditError("a label needs a name")
    if not any(lab.name == old for lab in current):
        raise EditError(f"no label {old!r}")
    if old == new:
        return 0
    if any(lab.name == new for lab in current):
        raise EditError(f"label {new!r} exists already")
    project.set_labels(LAYER, [LabelSpec(new, l.color, l.shortcut, l.description) if l.name == old else l
                               for l in current])
    anns = project.annotations(layer=LAYER, label=old)
    with project.batch():
        for ann in anns:
            project.update_annotation(ann.id, label=new)
    s = settings_mod.load(project)
    mapping = {k: (new if v == old else v) for k, v in s.label_map.items()}
    if old in settings_mod.LABELS and old not in mapping:
        mapping[old] = new
    settings_mod.save(project, label_map=mapping)
    return len(anns)


def set_color(project, name: str, color: str) -> None:
    current = labels(project)
    color = _check_color(color)
    _require(current, name)
    project.set_labels(LAYER, [LabelSpec(l.name, color, l.shortcut, l.description) if l.name == name else l
                               for l in current])


def implicit_key(project, name: str) -> str | None:
    """The number key the window gives ``name`` while the entity layer is active (its position, 1-9)."""
    for i, lab in enumerate(labels(project)[:9]):
        if lab.name == name:
            return str(i + 1)
    return None


def set_shortcut(project, name: str, shortcut: str | None) -> None:
    """An explicit key for a label (window-wide, e.g. a letter); None or "" for the position's number key."""
    current = labels(project)
    _require(current, name)
    shortcut = _check_shortcut(current, shortcut, name)
    project.set_labels(LAYER, [LabelSpec(l.name, l.color, shortcut, l.description) if l.name == name else l
                               for l in current])


def reset(project) -> None:
    """Back to the plugin's default labels (refused while annotations use a label that would disappear)."""
    from . import settings as settings_mod

    defaults = {lab.name for lab in DEFAULT_LABELS}
    orphans = {a.label for a in project.annotations(layer=LAYER)} - defaults
    if orphans:
        raise EditError(f"annotations use label(s) {', '.join(sorted(orphans))} that the defaults lack: "
                        "rename or remove them first")
    project.reset_labels(LAYER)
    settings_mod.save(project, label_map={})


def _require(current: list[LabelSpec], name: str) -> None:
    if not any(lab.name == name for lab in current):
        raise EditError(f"no label {name!r}")
