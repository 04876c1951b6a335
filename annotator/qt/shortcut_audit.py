"""Every keyboard shortcut of a window with its scope, and the collisions between them on each platform.

Qt expands a *standard key* (``QKeySequence.Delete``, ``Find``...) to the running platform's bindings only, so a
test on the offscreen platform would never see that X11 also binds Delete to Ctrl+D. :data:`STANDARD_BINDINGS`
lists, for the standard keys, the bindings of X11, macOS and Windows (Qt's own table, in portable text: on macOS
"Ctrl" is the Command key and "Meta" the Control key); :func:`collisions` checks every shortcut of the window
against every platform's expansion.

Two shortcuts collide when they share a key sequence on one platform and their scopes overlap: both window-wide,
or one window-wide and one in a widget of that window, or one widget inside (or equal to) the other. Qt then
fires neither ("Ambiguous shortcut overload").
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from .keymap import normalize

PLATFORMS = ("x11", "macos", "windows")

# Qt's key bindings of the standard keys that the window or a plugin panel could use (qplatformtheme.cpp)
STANDARD_BINDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "Delete": {"x11": ("Del", "Ctrl+D"), "macos": ("Del", "Meta+D"), "windows": ("Del",)},
    "Find": {"x11": ("Ctrl+F",), "macos": ("Ctrl+F",), "windows": ("Ctrl+F",)},
    "FindNext": {"x11": ("F3", "Ctrl+G"), "macos": ("Ctrl+G",), "windows": ("F3", "Ctrl+G")},
    "FindPrevious": {"x11": ("Shift+F3", "Ctrl+Shift+G"), "macos": ("Ctrl+Shift+G",),
                     "windows": ("Shift+F3", "Ctrl+Shift+G")},
    "Undo": {"x11": ("Ctrl+Z",), "macos": ("Ctrl+Z",), "windows": ("Ctrl+Z", "Alt+Backspace")},
    "Redo": {"x11": ("Ctrl+Shift+Z",), "macos": ("Ctrl+Shift+Z",), "windows": ("Ctrl+Y", "Ctrl+Shift+Z")},
    "Copy": {"x11": ("Ctrl+C", "Ctrl+Ins", "F16"), "macos": ("Ctrl+C",), "windows": ("Ctrl+C", "Ctrl+Ins")},
    "SelectAll": {"x11": ("Ctrl+A",), "macos": ("Ctrl+A",), "windows": ("Ctrl+A",)},
    "Open": {"x11": ("Ctrl+O",), "macos": ("Ctrl+O",), "windows": ("Ctrl+O",)},
    "New": {"x11": ("Ctrl+N",), "macos": ("Ctrl+N",), "windows": ("Ctrl+N",)},
    "Quit": {"x11": ("Ctrl+Q",), "macos": ("Ctrl+Q",), "windows": ()},
    "Preferences": {"x11": (), "macos": ("Ctrl+,",), "windows": ()},
    "ZoomIn": {"x11": ("Ctrl++",), "macos": ("Ctrl++",), "windows": ("Ctrl++",)},
    "ZoomOut": {"x11": ("Ctrl+-",), "macos": ("Ctrl+-",), "windows": ("Ctrl+-",)},
    "HelpContents": {"x11": ("F1",), "macos": ("Ctrl+?",), "windows": ("F1",)},
    "Refresh": {"x11": ("F5", "Ctrl+R"), "macos": ("Ctrl+R",), "windows": ("F5",)},
    "Close": {"x11": ("Ctrl+W", "Ctrl+F4"), "macos": ("Ctrl+W",), "windows": ("Ctrl+F4", "Ctrl+W")},
    "Cancel": {"x11": ("Esc",), "macos": ("Esc", "Ctrl+."), "windows": ("Esc",)},
    "InsertParagraphSeparator": {"x11": ("Return", "Enter"), "macos": ("Return", "Enter"),
                                 "windows": ("Return", "Enter")},
}

STANDARD_PROPERTY = "annotatorStandardKey"  # set on a QAction/QShortcut bound to a standard key (its name)


def standard_keys(name: str) -> list[QKeySequence]:
    """The running platform's bindings of a standard key, for ``setShortcuts``/``setKeys`` (and mark the object
    with :func:`mark_standard` so the audit expands it on every platform)."""
    return list(QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, name)))


def mark_standard(obj, name: str):
    obj.setProperty(STANDARD_PROPERTY, name)
    return obj


@dataclass(frozen=True)
class Shortcut:
    """One key sequence of one action or shortcut object, with the widget its scope is tied to (``None``:
    the whole window)."""

    key: str
    what: str
    scope: str  # "window", "widget", "widget+children", "application"
    widget: QWidget | None
    standard: str | None = None

    def describe(self) -> str:
        where = "window" if self.widget is None else (self.widget.objectName() or type(self.widget).__name__)
        return f"{self.key:<14} {self.what} [{self.scope}: {where}]"


SCOPES = {Qt.WindowShortcut: "window", Qt.WidgetShortcut: "widget", Qt.WidgetWithChildrenShortcut: "widget+children",
          Qt.ApplicationShortcut: "application"}


def _keys(obj) -> list[str]:
    seqs = obj.shortcuts() if isinstance(obj, QAction) else obj.keys()
    return [normalize(s.toString(QKeySequence.PortableText)) for s in seqs if not s.isEmpty()]


def window_shortcuts(window) -> list[Shortcut]:
    """Every enabled shortcut a window's actions and QShortcut objects carry (menus, toolbars, panels)."""
    out: list[Shortcut] = []
    seen: set[int] = set()
    for obj in [*window.findChildren(QAction), *window.findChildren(QShortcut)]:
        if id(obj) in seen or not obj.isEnabled():
            continue
        seen.add(id(obj))
        keys = _keys(obj)
        if not keys:
            continue
        scope = SCOPES.get(obj.shortcutContext() if isinstance(obj, QAction) else obj.context(), "window")
        if isinstance(obj, QAction):
            widgets = [w for w in obj.associatedObjects() if isinstance(w, QWidget)]
            # an action's shortcut works where it is added: the window (or a menu of it), or the widgets it was
            # added to (its context decides how far)
            holders = [w for w in widgets if w is not window and not _is_menu_like(w)]
            what = obj.objectName() or obj.text().replace("&", "")
        else:
            parent = obj.parent()
            holders = [parent] if isinstance(parent, QWidget) and parent is not window else []
            what = obj.objectName() or f"shortcut on {parent.objectName() or type(parent).__name__}"
        std = obj.property(STANDARD_PROPERTY)
        if scope in ("window", "application") or not holders:
            targets: list[QWidget | None] = [None]
        else:
            targets = holders
        for widget in targets:
            for key in keys:
                out.append(Shortcut(key, what, scope if widget is not None else "window", widget, std or None))
    return out


def _is_menu_like(w: QWidget) -> bool:
    from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QToolButton

    return isinstance(w, (QMenu, QMenuBar, QToolBar, QToolButton))


def expand(shortcuts: list[Shortcut], platform: str) -> list[Shortcut]:
    """The shortcuts as they are on ``platform``: a standard key becomes that platform's bindings."""
    out: list[Shortcut] = []
    done: set[tuple] = set()
    for s in shortcuts:
        if s.standard and s.standard in STANDARD_BINDINGS:
            key_id = (s.what, s.standard, id(s.widget))
            if key_id in done:
                continue
            done.add(key_id)
            for key in STANDARD_BINDINGS[s.standard][platform]:
                out.append(Shortcut(normalize(key), s.what, s.scope, s.widget, s.standard))
        else:
            out.append(s)
    return out


def _overlap(a: Shortcut, b: Shortcut) -> bool:
    if a.widget is None or b.widget is None:
        return True
    if a.widget is b.widget:
        return True
    wa, wb = a.widget, b.widget
    if a.scope == "widget+children" and wa.isAncestorOf(wb):
        return True
    return b.scope == "widget+children" and wb.isAncestorOf(wa)


def collisions(shortcuts: list[Shortcut], platforms=PLATFORMS) -> list[str]:
    """Human-readable collisions (empty: none) of the shortcuts on each platform."""
    found: list[str] = []
    for platform in platforms:
        by_key: dict[str, list[Shortcut]] = {}
        for s in expand(shortcuts, platform):
            by_key.setdefault(s.key, []).append(s)
        for key, group in sorted(by_key.items()):
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if a.what == b.what and a.widget is b.widget:
                        continue
                    if _overlap(a, b):
                        found.append(f"{platform}: {key}: {a.describe()} <> {b.describe()}")
    return found
