"""Which key does what in the window: plugin shortcuts, the core's annotation keys, and their conflicts.

Pure logic (no widgets), so it is tested without a window. Priority, highest first:

1. the window's global shortcuts (Ctrl+Z, Ctrl+F, ...): a plugin may not take these;
2. what plugins declare: label shortcuts (``LabelSpec.shortcut``), command shortcuts, layer shortcuts, panel
   shortcuts. The first plugin to claim a key keeps it; a later claim is reported and dropped;
3. the core's annotation keys, each only if no plugin took it: ``A``/``Enter`` accept and ``R``/``Backspace``
   reject the suggestion under the cursor, ``N``/``P`` next/previous suggestion, ``Shift+A`` accept all of this
   label, and ``1``-``9`` for the labels of the active layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QKeySequence

from ..specs import Command, LayerSpec, Panel

GLOBAL_KEYS = {
    "undo": "Ctrl+Z", "redo": "Ctrl+Shift+Z", "find": "Ctrl+F", "find_corpus": "Ctrl+Shift+F",
    "new": "Ctrl+N", "open": "Ctrl+O", "import": "Ctrl+I", "export": "Ctrl+E", "quit": "Ctrl+Q",
    "settings": "Ctrl+,", "suggest": "Ctrl+Shift+S", "compare": "Ctrl+D", "copy": "Ctrl+C", "select_all": "Ctrl+A",
    "delete": "Del", "label_names": "Ctrl+L",
}

# the core's own annotation keys, in the order they are offered (each dropped if a plugin took it)
CORE_KEYS: list[tuple[str, str]] = [
    ("accept", "A"), ("accept", "Return"), ("accept", "Enter"),
    ("reject", "R"), ("reject", "Backspace"),
    ("next", "N"), ("previous", "P"),
    ("accept_label", "Shift+A"),
]


def normalize(key: str) -> str:
    """One spelling per key sequence (``"ctrl+shift+z"`` and ``"Ctrl+Shift+Z"`` are the same)."""
    seq = QKeySequence(key)
    text = seq.toString(QKeySequence.PortableText)
    return text or key.strip()


@dataclass(frozen=True)
class Binding:
    """One key and what it does. ``kind`` is ``label`` (payload: (layer, label)), ``command`` (command id),
    ``layer`` (layer name), ``panel`` (panel id) or ``core`` (the core action's name)."""

    key: str
    kind: str
    payload: object
    owner: str  # plugin name, or "core"


@dataclass
class Keymap:
    bindings: dict[str, Binding] = field(default_factory=dict)  # normalised key -> binding
    conflicts: list[str] = field(default_factory=list)

    def for_kind(self, kind: str) -> list[Binding]:
        return [b for b in self.bindings.values() if b.kind == kind]

    def key_of(self, kind: str, payload: object) -> str | None:
        """The (first) key bound to an action, for menus and hints."""
        for b in self.bindings.values():
            if b.kind == kind and b.payload == payload:
                return b.key
        return None

    def keys_of(self, kind: str, payload: object) -> list[str]:
        return [b.key for b in self.bindings.values() if b.kind == kind and b.payload == payload]


def build_keymap(layers: dict[str, LayerSpec], commands: dict[str, Command], panels: list[Panel],
                 active_layer: str | None) -> Keymap:
    km = Keymap()
    reserved = {normalize(k): name for name, k in GLOBAL_KEYS.items()}

    def claim(key: str | None, kind: str, payload: object, owner: str, what: str) -> None:
        if not key:
            return
        k = normalize(key)
        if k in reserved:
            km.conflicts.append(f"{owner}: {what} wants {k}, which the window uses for {reserved[k]}; ignored")
            return
        if k in km.bindings:
            other = km.bindings[k]
            km.conflicts.append(f"{owner}: {what} wants {k}, already taken by {other.owner}; ignored")
            return
        km.bindings[k] = Binding(k, kind, payload, owner)

    for spec in layers.values():
        if spec.kind == "span":
            for label in spec.labels:
                claim(label.shortcut, "label", (spec.name, label.name), spec.plugin or "?",
                      f"label {spec.name}/{label.name}")
    for cmd in commands.values():
        claim(cmd.shortcut, "command", cmd.id, cmd.plugin or "?", f"command {cmd.id}")
    for spec in layers.values():
        claim(spec.shortcut, "layer", spec.name, spec.plugin or "?", f"layer {spec.name}")
    for panel in panels:
        claim(panel.shortcut, "panel", panel.id, panel.plugin or "?", f"panel {panel.id}")

    for name, key in CORE_KEYS:
        k = normalize(key)
        if k not in km.bindings:
            km.bindings[k] = Binding(k, "core", name, "core")
    spec = layers.get(active_layer or "")
    if spec is not None and spec.kind == "span":
        for i, label in enumerate(spec.labels[:9]):
            k = str(i + 1)
            if k not in km.bindings:
                km.bindings[k] = Binding(k, "label", (spec.name, label.name), "core")
    return km
