"""Turns the keymap (:mod:`annotator.qt.keymap`) into actions: one per label (with its key, listed in the
Annotate menu and the label bar), the core review keys (accept, reject, next, previous, accept all of a label),
layer and panel shortcuts. Plain keys (letters, digits, Enter) are bound to the text area only, so typing in a
filter box or the corpus list never annotates.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap

from .keymap import Keymap, build_keymap
from .plugin_ui import plain_key

MNEMONICS = set("FEAVPH")  # Alt+letter opens the menus (&File, &Edit, &Annotate, &View, &Plugins, &Help)
CORE_SHORT = {"accept": "✓ Accept", "reject": "✗ Reject", "next": "Next ▶", "previous": "◀ Previous",
              "accept_label": "Accept all of label"}
CORE_TITLES = {
    "accept": "Accept suggestion", "reject": "Reject suggestion", "next": "Next suggestion",
    "previous": "Previous suggestion", "accept_label": "Accept all suggestions of this label",
}


def swatch(colour: str, size: int = 12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(colour))
    return QIcon(pm)


class KeyActions:
    def __init__(self, window):
        self.window = window
        self.keymap = Keymap()
        self.label_actions: dict[tuple[str, str], QAction] = {}
        self.core_actions: dict[str, QAction] = {}
        self._others: list[QAction] = []

    def build(self) -> Keymap:
        w = self.window
        self.clear()
        project = w.project
        layers = project.layers()
        self.keymap = build_keymap(layers, project.commands(), project.panels(), w.active_layer())
        for spec in layers.values():
            if spec.kind != "span":
                continue
            for label in spec.labels:
                act = QAction(swatch(label.color), f"{label.name}", w)
                act.setObjectName(f"label:{spec.name}:{label.name}")
                act.setToolTip(f"Annotate the selection as {label.name} ({spec.title or spec.name})"
                               + (f"\n{label.description}" if label.description else ""))
                keys = self.keymap.keys_of("label", (spec.name, label.name))
                self._bind(act, keys)
                act.triggered.connect(lambda _c=False, la=spec.name, lb=label.name: w.annotate(la, lb))
                self.label_actions[(spec.name, label.name)] = act
                # Alt+key: the same label on exactly the selection (no word snapping)
                exact_keys = [f"Alt+{k}" for k in keys if plain_key(k) and len(k) == 1
                              and k.upper() not in MNEMONICS and f"Alt+{k}" not in self.keymap.bindings]
                if exact_keys:
                    exact = QAction(f"{label.name} (exact selection)", w)
                    exact.setShortcuts([QKeySequence(k) for k in exact_keys])
                    exact.setShortcutContext(Qt.WindowShortcut)
                    w.add_text_action(exact)
                    exact.triggered.connect(
                        lambda _c=False, la=spec.name, lb=label.name: w.annotate(la, lb, exact=True))
                    self._others.append(exact)
        for name, title in CORE_TITLES.items():
            act = QAction(title, w)
            act.setIconText(CORE_SHORT[name])
            act.setObjectName(f"core:{name}")
            keys = self.keymap.keys_of("core", name)
            self._bind(act, keys)
            act.setToolTip(f"{title} ({', '.join(keys)})" if keys else title)
            act.triggered.connect(lambda _c=False, n=name: w.core_key(n))
            self.core_actions[name] = act
        for b in self.keymap.for_kind("layer") + self.keymap.for_kind("panel"):
            act = QAction(f"{b.kind} {b.payload}", w)
            self._bind(act, [b.key])
            if b.kind == "layer":
                act.triggered.connect(lambda _c=False, layer=b.payload: w.set_active_layer(layer))
            else:
                act.triggered.connect(lambda _c=False, pid=b.payload: w.toggle_panel(pid))
            self._others.append(act)
        return self.keymap

    def _bind(self, act: QAction, keys: list[str]) -> None:
        if not keys:
            return
        act.setShortcuts([QKeySequence(k) for k in keys])
        if all(plain_key(k) for k in keys):
            act.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.window.add_text_action(act)
        else:
            act.setShortcutContext(Qt.WindowShortcut)
            self.window.addAction(act)

    def clear(self) -> None:
        for act in [*self.label_actions.values(), *self.core_actions.values(), *self._others]:
            for obj in act.associatedObjects():
                if hasattr(obj, "removeAction"):
                    obj.removeAction(act)
            act.deleteLater()
        self.label_actions.clear()
        self.core_actions.clear()
        self._others.clear()
