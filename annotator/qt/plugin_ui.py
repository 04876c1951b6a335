"""What plugins contribute to the window: command actions in menus (``Command.menu`` is a path such as
``"Entities/Review"``) and on the toolbar, and dock panels from ``Panel.factory(project, window)``.

Every call into a plugin goes through ``host.guard``: a factory or command that raises is recorded and the
plugin disabled (the window shows the error through :mod:`annotator.qt.errors`), and :meth:`PluginUI.remove`
takes its actions and panels out of the window, which keeps working.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFrame, QMenu, QScrollArea, QWidget

from ..services.project import EditError
from .keymap import Keymap


class RefusedEdit:
    """A command's edit was refused by the project (bad selection...): a message, not a plugin failure."""

    def __init__(self, exc: EditError):
        self.message = str(exc)


def plain_key(key: str) -> bool:
    """A key without Ctrl/Alt/Meta (a letter, a digit, Enter...): active only while a text pane has focus."""
    return not any(m in key for m in ("Ctrl+", "Alt+", "Meta+"))


class PanelDock(QDockWidget):
    """A plugin panel's dock. The panel sits in a scroll area, so a panel whose controls want more width than
    the side area has scrolls instead of pushing the window off the screen; :meth:`widget` is the panel."""

    def __init__(self, title: str, panel: QWidget, parent=None):
        super().__init__(title, parent)
        self.panel = panel
        scroll = QScrollArea(self)
        scroll.setObjectName("panelScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        scroll.setWidget(panel)
        self.setWidget(scroll)

    def widget(self) -> QWidget:  # noqa: D401 - the panel, not its scroll area
        return self.panel


class PluginUI:
    def __init__(self, window):
        self.window = window
        self.actions: dict[str, QAction] = {}  # command id -> action
        self.docks: dict[str, QDockWidget] = {}  # panel id -> dock
        self.menus: dict[str, QMenu] = {}  # menu path -> menu created for plugins
        self.owner: dict[str, str] = {}  # command/panel id -> plugin

    # ------------------------------------------------------------------------------------- building

    def build(self, keymap: Keymap) -> None:
        project = self.window.project
        for cmd in project.commands().values():
            if cmd.id in self.actions:
                continue
            act = QAction(cmd.title, self.window)
            act.setObjectName(f"command:{cmd.id}")
            act.setToolTip(cmd.description or cmd.title)
            act.setStatusTip(cmd.description)
            key = keymap.key_of("command", cmd.id)
            if key:
                act.setShortcut(QKeySequence(key))
                if plain_key(key):
                    act.setShortcutContext(Qt.WidgetWithChildrenShortcut)
                    self.window.add_text_action(act)
                else:
                    act.setShortcutContext(Qt.WindowShortcut)
                    self.window.addAction(act)
            act.triggered.connect(lambda _c=False, cid=cmd.id: self.window.run_command(cid))
            self._menu(cmd.menu or "Plugins").addAction(act)
            if cmd.toolbar:
                self.window.plugin_toolbar.addAction(act)
                self.window.plugin_toolbar.show()
            self.actions[cmd.id] = act
            self.owner[cmd.id] = cmd.plugin
        for panel in project.panels():
            if panel.id in self.docks:
                continue
            self._dock(panel)

    def _menu(self, path: str) -> QMenu:
        parts = [p.strip() for p in path.replace(">", "/").split("/") if p.strip()] or ["Plugins"]
        key = ""
        parent = None
        for part in parts:
            key = f"{key}/{part}"
            menu = self.menus.get(key) or self.window.core_menus.get(key)
            if menu is None:
                title = part if "&" in part else part
                if parent is None:
                    menu = QMenu(title, self.window)
                    self.window.menuBar().insertMenu(self.window.help_menu.menuAction(), menu)
                else:
                    menu = parent.addMenu(title)
                self.menus[key] = menu
            parent = menu
        return parent

    def _dock(self, panel) -> None:
        host = self.window.project.host
        ok, widget = host.guard(panel.plugin, f"panel {panel.id}", panel.factory, self.window.project, self.window)
        if not ok:
            return
        if not isinstance(widget, QWidget):
            host.fail(panel.plugin, f"panel {panel.id}",
                      TypeError(f"the panel factory returned {type(widget).__name__}, not a QWidget"))
            return
        dock = PanelDock(panel.title, widget, self.window)
        dock.setObjectName(f"panel:{panel.id}")
        # every plugin panel is a tab beside the annotation table (one side area, the text keeps the middle);
        # Panel.area is only a hint for a layout the user makes by dragging the tab elsewhere
        self.window.addDockWidget(Qt.RightDockWidgetArea, dock)
        beside = getattr(self.window, "panel_dock", None)
        if beside is not None and self.window.dockWidgetArea(beside) == Qt.RightDockWidgetArea:
            self.window.tabifyDockWidget(beside, dock)
            beside.raise_()
        self.docks[panel.id] = dock
        self.owner[panel.id] = panel.plugin
        toggle = dock.toggleViewAction()
        toggle.setObjectName(f"toggle-panel:{panel.id}")
        self.window.panels_menu.addAction(toggle)

    # ------------------------------------------------------------------------------------- removing

    def remove(self, plugin: str) -> None:
        """Take a (failed or disabled) plugin's actions and panels out of the window."""
        for cid in [c for c, p in self.owner.items() if p == plugin and c in self.actions]:
            act = self.actions.pop(cid)
            for w in act.associatedObjects():
                if hasattr(w, "removeAction"):
                    w.removeAction(act)
            act.deleteLater()
        for pid in [p for p, owner in self.owner.items() if owner == plugin and p in self.docks]:
            dock = self.docks.pop(pid)
            self.window.panels_menu.removeAction(dock.toggleViewAction())
            self.window.removeDockWidget(dock)
            dock.deleteLater()
        self._prune_menus()

    def remove_all(self) -> None:
        for plugin in set(self.owner.values()):
            self.remove(plugin)
        self.owner.clear()

    def _prune_menus(self) -> None:
        for key in sorted(self.menus, key=len, reverse=True):
            menu = self.menus[key]
            if menu.isEmpty():
                self.menus.pop(key)
                self.window.menuBar().removeAction(menu.menuAction())
                parent = menu.parent()
                if isinstance(parent, QMenu):
                    parent.removeAction(menu.menuAction())
                menu.deleteLater()

    def run(self, command_id: str):
        """Run a plugin command with the window's context. Returns (ok, result)."""
        project = self.window.project
        cmd = project.commands().get(command_id)
        if cmd is None:
            return False, None
        context = {"window": self.window, "document_id": self.window.current_document_id(),
                   "selection": self.window.selection_span()}

        def call():
            try:
                return cmd.run(project, context)
            except EditError as exc:
                return RefusedEdit(exc)

        return project.host.guard(cmd.plugin, f"command {cmd.id}", call)
