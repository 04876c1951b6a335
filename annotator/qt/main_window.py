"""The main window: composes the views (corpus browser, reader, compare view, annotation panel, corpus search,
plugin panels), the menus and the keyboard, and implements :class:`annotator.window_api.WindowAPI` for plugins.

It holds no annotation logic and no SQL: edits go through the project (see :mod:`annotator.qt.annotate`), and
every view re-reads the project when it announces changes (``project.subscribe``).
"""

from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import config
from ..model import Change
from .annotate import Annotator
from .annotation_panel import AnnotationPanel
from .author_prompt import ask_author_once
from .compare_view import CompareView
from .corpus_browser import CorpusBrowser
from .corpus_search import CorpusSearch
from .errors import FailureBridge, PluginErrorBox, show_error
from .getting_started import GettingStarted
from .import_export import ExportDialog, ImportSummaryDialog
from .key_actions import CORE_TITLES, KeyActions
from .keymap import GLOBAL_KEYS
from .layout import DEFAULT_MEASURE, dock_widths, fit_window, keep_on_screen
from .plugin_ui import PluginUI, RefusedEdit
from .plugins_dialog import PluginsDialog
from .reader import ReaderView
from .settings_dialog import SettingsDialog
from .shortcuts_dialog import ShortcutsDialog
from .status_bar import StatusBar
from .tasks import TaskRunner
from .text_pane import TextPane

WINDOW_SCOPE = "window"  # this window's per-project settings (default layer, last document)
STATE_VERSION = 2  # 2: plugin panels are tabs beside the annotation table (older saved layouts are dropped)
DEFAULT_FONT_PT = 12.0


def window_settings() -> QSettings:
    """Per-user window settings (geometry, dock layout, font size) beside the user's config file."""
    return QSettings(str(config.data_dir() / "window.ini"), QSettings.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, project, *, owns_project: bool = False, plugin_dirs=()):
        super().__init__()
        self.project = project
        self.owns_project = owns_project
        self.plugin_dirs = list(plugin_dirs)
        self._active_layer: str | None = None
        self._last_pane: TextPane | None = None
        self._closed = False
        self.setWindowTitle(f"{project.name} — Annotator")
        self.setObjectName("mainWindow")
        self.setDockNestingEnabled(True)
        self.tasks = TaskRunner(self)
        self.annotator = Annotator(project, self.focused_pane, self.show_message)

        # plugin failures (also from worker threads) -> a non-modal box; the plugin's UI leaves the window
        self.failures = FailureBridge(self)
        self.failures.failed.connect(self._plugin_failed)
        self._unlisten_failures = project.host.on_failure(self.failures)
        self.error_box: PluginErrorBox | None = None

        # views
        self.reader = ReaderView(project)
        self.compare = CompareView(project)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("centralTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reader, "Reader")
        self.tabs.addTab(self.compare, "Compare")
        central = QWidget()
        central.setObjectName("central")
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(4)
        self.central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.getting_started: GettingStarted | None = None
        self._corpus_hidden_for_compare = False
        self.tabs.currentChanged.connect(self._tab_changed)
        self.text_panes = [self.reader.pane, self.compare.left, self.compare.right]
        for pane in self.text_panes:
            pane.extend_menu = self._extend_text_menu
            pane.name_of = self._name_of
        self.browser = CorpusBrowser(project)
        self.panel = AnnotationPanel(project)
        self.search = CorpusSearch(project)
        self.browser_dock = self._core_dock("Corpus", "dock:corpus", self.browser, Qt.LeftDockWidgetArea)
        self.panel_dock = self._core_dock("Annotations", "dock:annotations", self.panel, Qt.RightDockWidgetArea)
        self.search_dock = self._core_dock("Search corpus", "dock:search", self.search, Qt.BottomDockWidgetArea)
        self.search_dock.hide()
        self.status = StatusBar(project)
        self.setStatusBar(self.status)
        ui_thread = threading.get_ident()
        self._unlisten_busy = project.subscribe_busy(
            lambda waiting: self.status.mark_busy(waiting)
            if threading.get_ident() == ui_thread and not self._closed else None)

        self.browser.openRequested.connect(lambda d: self.open_document(d))
        self.browser.compareRequested.connect(lambda a, b: self.open_compare(a, b))
        self.panel.jumpRequested.connect(self.jump_to_annotation)
        self.search.hitChosen.connect(lambda d, s, e: self.open_document(d, s, e))
        self.reader.pane.annotationClicked.connect(self.panel.select_annotation)
        QApplication.instance().focusChanged.connect(self._focus_changed)

        # menus, keys, plugin contributions
        self._build_menus()
        self.keys = KeyActions(self)
        self.plugin_ui = PluginUI(self)
        self.set_active_layer(self._initial_layer(), rebuild=False)
        self._rebuild_keys()
        self.plugin_ui.build(self.keys.keymap)

        # the annotation table follows right after the text is drawn; the corpus counts and the status bar (which
        # count over the whole project) at most a few times a second, however fast the edits come
        self._pending_refresh = QTimer(self)
        self._pending_refresh.setSingleShot(True)
        self._pending_refresh.setInterval(0)
        self._pending_refresh.timeout.connect(self.panel.reload)
        self._pending_counts = QTimer(self)
        self._pending_counts.setSingleShot(True)
        self._pending_counts.setInterval(150)
        self._pending_counts.timeout.connect(self._refresh_counts)
        self._unsubscribe = project.subscribe(self._on_changes)
        # edits through another connection (a worker's suggestions, the command line, a second window) are found
        # by polling SQLite's data_version, which costs one PRAGMA a second
        self._outside_poll = QTimer(self)
        self._outside_poll.setInterval(1000)
        self._outside_poll.timeout.connect(self._poll_outside_changes)
        self._outside_poll.start()

        self._restore_layout()
        self._open_initial_document()
        if not window_settings().value("getting_started_done", False, type=bool):
            self.show_getting_started()
        self._report_startup_failures()
        config.add_recent(project.path)
        ask_author_once(self)  # first run: the researcher's name (annotator.qt.author_prompt)

    # ===================================================================================== building

    def _core_dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def add_text_action(self, action: QAction) -> None:
        """Bind an action's (plain-key) shortcut to the text panes only."""
        for pane in self.text_panes:
            pane.addAction(action)

    def _action(self, title: str, slot, key: str | None = None, tip: str = "", name: str = "") -> QAction:
        act = QAction(title, self)
        if key:
            act.setShortcut(QKeySequence(key))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        act.setObjectName(name or title)
        act.triggered.connect(lambda _c=False: slot())
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        a = self._action
        self.core_menus = {}
        file_menu = mb.addMenu("&File")
        file_menu.addAction(a("&New project…", self.new_project_dialog, GLOBAL_KEYS["new"]))
        file_menu.addAction(a("&Open project…", self.open_project_dialog, GLOBAL_KEYS["open"]))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.import_action = a("&Import files…", self.import_files_dialog, GLOBAL_KEYS["import"],
                               "Import articles or datasets into this project")
        file_menu.addAction(self.import_action)
        file_menu.addAction(a("Import &folder…", self.import_folder_dialog))
        self.export_action = a("&Export…", self.export_dialog, GLOBAL_KEYS["export"], "Export a labelled dataset")
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(a("&Settings…", self.settings_dialog, GLOBAL_KEYS["settings"]))
        file_menu.addSeparator()
        file_menu.addAction(a("&Quit", self.close, GLOBAL_KEYS["quit"]))

        edit = mb.addMenu("&Edit")
        self.undo_action = a("&Undo", self.annotator.undo, GLOBAL_KEYS["undo"], "Undo your last edit (also from an "
                             "earlier session)", "undo")
        self.redo_action = a("&Redo", self.annotator.redo, GLOBAL_KEYS["redo"], "Redo", "redo")
        self.redo_action.setShortcuts([QKeySequence(GLOBAL_KEYS["redo"]), QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(a("&Find in document…", self.find_in_document, GLOBAL_KEYS["find"], name="find"))
        edit.addAction(a("Find in &corpus…", self.find_in_corpus, GLOBAL_KEYS["find_corpus"], name="find_corpus"))

        self.annotate_menu = mb.addMenu("&Annotate")
        self.layer_menu = self.annotate_menu.addMenu("Active &layer")
        self.label_menu = self.annotate_menu.addMenu("&Label selection as")
        self.annotate_menu.addSeparator()
        self.review_anchor = self.annotate_menu.addSeparator()
        self.annotate_menu.addAction(a("Accept all suggestions of a label…", self.accept_label_dialog))
        self.annotate_menu.addSeparator()
        self.suggest_menu = self.annotate_menu.addMenu("&Suggest")
        self.suggest_menu.aboutToShow.connect(self._fill_suggest_menu)
        self.suggest_action = a("Suggest for this document", lambda: self.suggest(document_ids=self._doc_list()),
                                GLOBAL_KEYS["suggest"], "Run every suggester on the open document")
        self.suggest_action.setIconText("Suggest")
        self.annotate_menu.addAction(self.suggest_action)

        view = mb.addMenu("&View")
        view.addAction(a("&Reader", lambda: self.tabs.setCurrentWidget(self.reader), "Ctrl+1"))
        view.addAction(a("&Compare selected documents", self._compare_from_browser, GLOBAL_KEYS["compare"]))
        self.panels_menu = view.addMenu("&Panels")
        for dock in (self.browser_dock, self.panel_dock, self.search_dock):
            self.panels_menu.addAction(dock.toggleViewAction())
        self.side_panels_action = a("Side &panels", lambda: self.set_side_panels_visible(
            self.side_panels_action.isChecked()), "F9", "Show or hide the panels beside the text (more room to read)")
        self.side_panels_action.setCheckable(True)
        self.side_panels_action.setChecked(True)
        view.addAction(self.side_panels_action)
        self.label_names_action = a("Label &names on the text", lambda: self.set_label_names(
            self.label_names_action.isChecked()), GLOBAL_KEYS["label_names"],
            "Show each annotation's label name above it", "label_names")
        self.label_names_action.setCheckable(True)
        view.addAction(self.label_names_action)
        view.addSeparator()
        view.addAction(a("&Larger text", lambda: self.set_font_size(self.font_size + 1), "Ctrl++"))
        view.addAction(a("&Smaller text", lambda: self.set_font_size(self.font_size - 1), "Ctrl+-"))

        plugins = mb.addMenu("&Plugins")
        plugins.addAction(a("Manage &plugins…", self.plugins_dialog))
        plugins.addSeparator()
        self.core_menus["/Plugins"] = plugins
        from . import team_views

        self.team_menu = team_views.install(self, mb)
        self.help_menu = mb.addMenu("&Help")
        self.help_menu.addAction(a("&Getting started", self.show_getting_started, name="getting_started"))
        self.help_menu.addAction(a("&Keyboard shortcuts", self.shortcuts_dialog, "F1"))
        self.help_menu.addAction(a("&About Annotator", self.about))

        tb = QToolBar("Main")
        tb.setObjectName("toolbar:main")
        tb.setMovable(False)
        for act in (self.import_action, self.export_action):
            tb.addAction(act)
        tb.addSeparator()
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        tb.addSeparator()
        tb.addWidget(QLabel(" Layer "))
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("activeLayerBox")
        self.layer_box.setMinimumContentsLength(10)
        self.layer_box.activated.connect(lambda _i: self.set_active_layer(self.layer_box.currentData()))
        tb.addWidget(self.layer_box)
        self.addToolBar(tb)
        self.review_bar = QToolBar("Review")
        self.review_bar.setObjectName("toolbar:review")
        self.addToolBar(self.review_bar)
        self.plugin_toolbar = QToolBar("Plugin tools")
        self.plugin_toolbar.setObjectName("toolbar:plugins")
        self.addToolBar(self.plugin_toolbar)
        self.plugin_toolbar.hide()
        self.addToolBarBreak()
        self.label_bar = QToolBar("Labels")
        self.label_bar.setObjectName("toolbar:labels")
        self.label_bar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.addToolBar(self.label_bar)

    def _rebuild_keys(self) -> None:
        keymap = self.keys.build()
        layers = self.project.layers()
        # layer chooser (toolbar) and menu
        self.layer_box.clear()
        self.layer_menu.clear()
        group = QActionGroup(self.layer_menu)
        spans = {n: s for n, s in layers.items() if s.kind == "span"}
        for name, spec in spans.items():
            self.layer_box.addItem(spec.title or name, name)
            act = self.layer_menu.addAction(spec.title or name)
            act.setCheckable(True)
            act.setChecked(name == self._active_layer)
            group.addAction(act)
            act.triggered.connect(lambda _c=False, n=name: self.set_active_layer(n))
        if not spans:
            self.layer_box.addItem("(no layers: enable a plugin)", None)
        self.layer_box.setCurrentIndex(max(0, self.layer_box.findData(self._active_layer)))
        # labels: menu per layer, label bar for the active layer
        self.label_menu.clear()
        self.label_bar.clear()
        for name, spec in spans.items():
            sub = self.label_menu.addMenu(spec.title or name) if len(spans) > 1 else self.label_menu
            for label in spec.labels:
                act = self.keys.label_actions.get((name, label.name))
                if act is None:
                    continue
                sub.addAction(act)
                if name == self._active_layer:
                    key = keymap.key_of("label", (name, label.name))
                    act.setIconText(f"{label.name}  [{key}]" if key else label.name)
                    self.label_bar.addAction(act)
                else:
                    act.setIconText(label.name)
        # the review keys
        for act in list(self.annotate_menu.actions()):
            if act.objectName().startswith("core:"):
                self.annotate_menu.removeAction(act)
        self.review_bar.clear()
        for name in CORE_TITLES:
            self.annotate_menu.insertAction(self.review_anchor, self.keys.core_actions[name])
        for name in ("previous", "next", "accept", "reject"):
            self.review_bar.addAction(self.keys.core_actions[name])
        self.review_bar.addSeparator()
        self.review_bar.addAction(self.suggest_action)

    def _initial_layer(self) -> str | None:
        """The project's default layer (Settings), else the span layer with the most labels (the one the
        number keys help most with)."""
        layers = {n: s for n, s in self.project.layers().items() if s.kind == "span"}
        chosen = self.project.get_setting(WINDOW_SCOPE, "default_layer")
        if chosen in layers:
            return chosen
        return max(layers, key=lambda n: len(layers[n].labels), default=None)

    # ===================================================================================== WindowAPI

    def current_document_id(self) -> str | None:
        if self.tabs.currentWidget() is self.compare:
            pane = self._last_pane if self._last_pane in (self.compare.left, self.compare.right) else self.compare.left
            return pane.document_id or self.compare.left.document_id
        return self.reader.document_id

    def selection(self) -> tuple[str, int, int] | None:
        pane = self.focused_pane()
        if pane is None or pane.document_id is None:
            return None
        span = pane.snapped_selection()
        return (pane.document_id, *span) if span else None

    def selection_span(self) -> tuple[int, int] | None:
        sel = self.selection()
        return (sel[1], sel[2]) if sel else None

    def compare_selections(self):
        out = []
        for pane in (self.compare.left, self.compare.right):
            span = pane.snapped_selection() if pane.document_id else None
            out.append((pane.document_id, *span) if span else None)
        return out[0], out[1]

    def compare_documents(self) -> tuple[str | None, str | None]:
        return self.compare.documents()

    def open_document(self, document_id: str, start: int | None = None, end: int | None = None) -> None:
        if document_id != self.reader.document_id:
            self.reader.open(document_id)
            self.panel.document_id = document_id
            self._pending_refresh.start()  # the annotation table fills right after the text is drawn
            self.project.set_setting(WINDOW_SCOPE, "last_document", document_id)
        self.browser.select_document(document_id)
        self.tabs.setCurrentWidget(self.reader)
        if start is not None:
            self.reader.pane.select_cp(start, end)
        self.reader.pane.setFocus()
        self._last_pane = self.reader.pane

    def open_compare(self, left, right) -> None:
        ends = [(x, None, None) if isinstance(x, str) else tuple(x) for x in (left, right)]
        self.compare.open(ends[0][0], ends[1][0])
        self.tabs.setCurrentWidget(self.compare)
        for pane, (_doc, s, e) in zip((self.compare.left, self.compare.right), ends):
            if s is not None:
                pane.select_cp(s, e)
        if all(s is not None and e is not None for _d, s, e in ends):
            # the link joining exactly these two ends (if any) is drawn as the current one
            self.compare.show_link_between(ends[0][1:], ends[1][1:])
        self.compare.left.setFocus()
        self._last_pane = self.compare.left

    def active_layer(self) -> str | None:
        return self._active_layer

    def set_active_layer(self, layer: str | None, *, rebuild: bool = True) -> None:
        if layer is not None and layer not in self.project.layers():
            self.show_message(f"No layer {layer!r}")
            return
        self._active_layer = layer
        if rebuild:
            self._rebuild_keys()
            spec = self.project.layer(layer) if layer else None
            if spec is not None:
                n = min(9, len(spec.labels))
                self.show_message(f"Active layer: {spec.title or layer} — keys 1–{n} apply its labels")

    def refresh(self) -> None:
        """Re-read everything: layers, keys, plugin contributions, views."""
        self.project.poll_outside_changes()  # panels listening for outside edits reload too; no second refresh
        if self._active_layer not in self.project.layers():
            self._active_layer = self._initial_layer()
        self._rebuild_keys()
        self.plugin_ui.build(self.keys.keymap)
        self.reader.reload()
        self.compare.reload()
        self._refresh_lists()

    def _poll_outside_changes(self) -> None:
        if self.tasks.running:
            return  # a worker of this window is writing: the views refresh once, when it has finished
        if self.project.poll_outside_changes():
            self.refresh()

    def show_message(self, text: str, timeout_ms: int = 4000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def run_long(self, title: str, work, on_done=None):
        return self.tasks.run(title, work, on_done)

    # ===================================================================================== focus & keys

    def _focus_changed(self, _old, new) -> None:
        w = new
        while w is not None:
            if isinstance(w, TextPane) and w in self.text_panes:
                self._last_pane = w
                if w.document_id and w.document_id != self.panel.document_id:
                    self.panel.document_id = w.document_id  # the table follows the pane being read
                    self._pending_refresh.start()
                return
            w = w.parentWidget()

    def focused_pane(self) -> TextPane | None:
        if self.tabs.currentWidget() is self.compare:
            if self._last_pane in (self.compare.left, self.compare.right):
                return self._last_pane
            return self.compare.left
        return self.reader.pane

    def annotate(self, layer: str, label: str, exact: bool = False):
        """Annotate the focused pane's selection; ``exact`` skips word snapping (the Alt+key variant)."""
        return self.annotator.annotate(layer, label, exact=exact)

    def _extend_text_menu(self, menu, spans) -> None:
        """The text's context menu: label the selection, review the suggestion under the pointer, edit."""
        menu.addSeparator()
        label_menu = menu.addMenu("Label selection as")
        label_menu.addActions(self.label_menu.actions())
        label_menu.setEnabled(bool(self.keys.label_actions))
        if any(s.annotation.status == "suggested" for s in spans):
            menu.addAction(self.keys.core_actions["accept"])
            menu.addAction(self.keys.core_actions["reject"])
        if spans:
            ann_id = spans[0].annotation.id
            menu.addAction("Show in the annotation table", lambda: (self.panel_dock.show(),
                                                                    self.panel.select_annotation(ann_id)))
            menu.addAction("Delete this annotation", lambda: self.project.delete_annotation(ann_id))

    def core_key(self, name: str) -> None:
        if name == "accept":
            self.annotator.review("accepted")
        elif name == "reject":
            self.annotator.review("rejected")
        elif name == "next":
            self.annotator.step(True)
        elif name == "previous":
            self.annotator.step(False)
        elif name == "accept_label":
            self.annotator.accept_label()

    def accept_label_dialog(self) -> None:
        choices = self.annotator.suggestion_labels()
        if not choices:
            self.show_message("No suggestions in this document")
            return
        items = [f"{label} ({layer}): {n} suggestion(s)" for layer, label, n in choices]
        item, ok = QInputDialog.getItem(self, "Accept all suggestions", "Accept every suggestion of:", items, 0, False)
        if ok:
            layer, label, _n = choices[items.index(item)]
            self.annotator.accept_label(label, layer)

    def toggle_panel(self, panel_id: str) -> None:
        """A panel's key: show it and bring its tab to the front; only a panel already in front is hidden."""
        dock = self.plugin_ui.docks.get(panel_id)
        if dock is None:
            return
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            dock.hide()
            return
        dock.show()
        dock.raise_()
        dock.widget().setFocus()

    def run_command(self, command_id: str):
        ok, result = self.plugin_ui.run(command_id)
        if ok and isinstance(result, RefusedEdit):
            self.show_message(f"Not done: {result.message}", 6000)
        elif ok and isinstance(result, str) and result:
            self.show_message(result, 6000)
        return ok, result

    def jump_to_annotation(self, ann_id: str) -> None:
        """Show an annotation: in the compare pane that holds its document, else in the reader."""
        ann = self.project.annotation(ann_id)
        if ann is None:
            return
        if self.tabs.currentWidget() is self.compare:
            for pane in (self.compare.left, self.compare.right):
                if pane.document_id == ann.document_id:
                    pane.focus_id = ann.id
                    pane.select_cp(ann.start, ann.end)
                    pane.viewport().update()
                    return
        pane = self.reader.pane
        self.open_document(ann.document_id)
        pane.focus_id = ann.id
        pane.select_cp(ann.start, ann.end)

    def _tab_changed(self, _index: int) -> None:
        """The compare view has its own document lists: while it is shown the corpus list steps aside, so the
        two texts get its room; back in the reader it returns."""
        if self.tabs.currentWidget() is self.compare:
            if self.browser_dock.isVisible() and not self.browser_dock.isFloating():
                self.browser_dock.hide()
                self._corpus_hidden_for_compare = True
        elif self._corpus_hidden_for_compare:
            self._corpus_hidden_for_compare = False
            if self.side_panels_action.isChecked():
                self.browser_dock.show()

    def set_side_panels_visible(self, visible: bool) -> None:
        """Show or hide every dock (the corpus list, annotations, search and plugin panels) at once."""
        if not visible:
            self._hidden_docks = [d for d in self.findChildren(QDockWidget) if d.isVisible()]
            for dock in self._hidden_docks:
                dock.hide()
        else:
            for dock in getattr(self, "_hidden_docks", []) or [self.browser_dock, self.panel_dock]:
                dock.show()
            self._hidden_docks = []
        self.side_panels_action.setChecked(visible)

    def find_in_document(self) -> None:
        """Ctrl+F: search the pane that has focus (the reader, or the compare pane clicked last); in the corpus
        list, its filter box."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.browser or self.browser.isAncestorOf(focus)):
            self.browser.filter.setFocus()
            self.browser.filter.selectAll()
            return
        pane = self.focused_pane()
        bar = getattr(pane, "find_bar", None) or self.reader.find_bar
        bar.open_bar()

    def find_in_corpus(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus()

    # ===================================================================================== changes

    def _on_changes(self, changes: list[Change]) -> None:
        if self._closed:
            return
        if not changes or len(changes) > 2000:  # a document deleted, or a huge step: re-read everything
            self.reader.reload()
            self.compare.reload()
        else:  # patch the highlights of what changed; the lists follow a moment later
            self.reader.pane.apply_changes(changes)
            self.compare.apply_changes(changes)
        self.status.mark_saved()
        self._pending_refresh.start()
        if not self._pending_counts.isActive():
            self._pending_counts.start()

    def _refresh_lists(self) -> None:
        if self._closed:
            return
        self.panel.reload()
        self._refresh_counts()

    def _refresh_counts(self) -> None:
        if self._closed:
            return
        self.browser.reload()
        self.status.refresh()

    # ===================================================================================== plugins

    def _plugin_failed(self, plugin: str, message: str, details: str) -> None:
        if self._closed:
            return
        if self.error_box is None:
            self.error_box = PluginErrorBox(self)
            self.error_box.finished.connect(lambda _r: setattr(self, "error_box", None))
        self.error_box.add(plugin, message, details)
        self.show_message(message, 8000)
        self.plugin_ui.remove(plugin)
        QTimer.singleShot(0, self._after_plugin_change)

    def _after_plugin_change(self) -> None:
        if self._closed:
            return
        if self._active_layer not in self.project.layers():
            self._active_layer = self._initial_layer()
        self._rebuild_keys()
        self.reader.reload()
        self.compare.reload()

    def _report_startup_failures(self) -> None:
        failed = [i for i in self.project.host.plugins() if i.status == "failed"]
        for info in failed:
            first = info.errors[-1].splitlines()[0] if info.errors else "failed"
            self._plugin_failed(info.name, first, info.errors[-1] if info.errors else first)

    def plugins_dialog(self) -> PluginsDialog:
        dialog = PluginsDialog(self.project, self, self.keys.keymap.conflicts)
        dialog.changed.connect(self._plugins_changed)
        dialog.open()
        return dialog

    def _plugins_changed(self) -> None:
        self.plugin_ui.remove_all()
        self.refresh()

    # ===================================================================================== long work

    def _doc_list(self) -> list[str] | None:
        doc = self.current_document_id()
        return [doc] if doc else None

    def _fill_suggest_menu(self) -> None:
        self.suggest_menu.clear()
        suggesters = self.project.suggesters()
        if not suggesters:
            act = self.suggest_menu.addAction("No suggesters: enable a plugin that has one")
            act.setEnabled(False)
            return
        self.suggest_menu.addAction("All suggesters, this document", lambda: self.suggest(None, self._doc_list()))
        self.suggest_menu.addAction("All suggesters, all documents", lambda: self.suggest(None, None))
        self.suggest_menu.addSeparator()
        for name, spec in sorted(suggesters.items()):
            self.suggest_menu.addAction(f"{spec.title or name}, all documents", lambda n=name: self.suggest(n, None))

    def suggest(self, plugin: str | None = None, document_ids: list[str] | None = None, *,
                title: str | None = None, on_done=None):
        """Suggest off the UI thread (WindowAPI.suggest): progress and Cancel, then refresh and the summary."""
        project = self.project
        if not project.suggesters():
            self.show_message("No suggesters: enable a plugin that has one (Plugins…)")
            return None

        def work(task):
            p = project.reopen()
            try:
                return p.suggest(plugin, document_ids, task)
            finally:
                p.close()

        def done(result):
            self.refresh()
            if isinstance(result, BaseException):
                self.last_error = show_error(self, "Suggest", f"Suggesting failed: {result}", result)
            else:
                self.show_message(result.summary(), 10000)
            self.last_suggest_report = result
            if on_done is not None:
                on_done(result)

        return self.run_long(title or "Suggesting annotations", work, done)

    def import_files_dialog(self) -> None:
        exts = sorted({e for s in self.project.importers().values() for e in s.extensions})
        pattern = " ".join(f"*{e}" for e in exts)
        paths, _ = QFileDialog.getOpenFileNames(self, "Import files", str(Path.home()),
                                                f"Supported files ({pattern});;All files (*)")
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if path:
            self.import_paths([path])

    def import_paths(self, paths):
        project = self.project

        def work(task):
            p = project.reopen()
            try:
                return p.import_paths(list(paths), task)
            finally:
                p.close()

        def done(result):
            self.refresh()
            if isinstance(result, BaseException):
                self.last_error = show_error(self, "Import", f"The import failed: {result}", result)
                return
            self.last_import_dialog = ImportSummaryDialog(result, self)
            self.last_import_dialog.open()
            if self.reader.document_id is None and result.imported:
                self.open_document(result.imported[0]["document_id"])

        return self.run_long("Importing", work, done)

    def export_dialog(self) -> None:
        if not self.project.exporters():
            QMessageBox.information(self, "Export", "No export formats: enable an exporter plugin (Plugins…).")
            return
        dialog = ExportDialog(self.project, self, current_document=self.current_document_id())
        dialog.accepted.connect(lambda: self.export_to(*dialog.choice()))
        dialog.open()

    def export_to(self, fmt: str, path: str, filters):
        project = self.project

        def work(task):
            p = project.reopen()
            try:
                return p.export(fmt, path, filters, task)
            finally:
                p.close()

        def done(result):
            self.last_export_result = result
            if isinstance(result, BaseException):
                self.last_error = show_error(self, "Export", f"The export failed: {result}", result)
                return
            counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
            self.show_message(f"Exported to {result.path}" + (f" ({counts})" if counts else ""), 10000)
            if result.warnings:
                QMessageBox.information(self, "Export finished with warnings", "\n".join(result.warnings[:30]))

        return self.run_long("Exporting", work, done)

    # ===================================================================================== projects

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", str(config.data_dir() / "untitled.annotator"),
                                              "Annotator projects (*.annotator)")
        if path:
            if not path.endswith(".annotator"):
                path += ".annotator"
            self.switch_project(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(config.data_dir()),
                                              "Annotator projects (*.annotator);;All files (*)")
        if path:
            self.switch_project(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [r for r in config.recent_projects() if Path(r) != Path(self.project.path).resolve()]
        for path in recent:
            self.recent_menu.addAction(Path(path).name, lambda p=path: self.switch_project(p)).setToolTip(path)
        if not recent:
            self.recent_menu.addAction("(no other recent projects)").setEnabled(False)

    def switch_project(self, path: str):
        from .app import open_window

        try:
            window = open_window(path, plugin_dirs=self.plugin_dirs)
        except Exception as exc:  # a damaged or foreign file: say so, keep this window
            QMessageBox.warning(self, "Cannot open the project", f"{path}\n\n{exc}")
            return None
        self.close()
        return window

    # ===================================================================================== settings

    @property
    def measure(self) -> int:
        """The reading measure: characters per line in the text panes (0: the pane's whole width)."""
        try:
            return int(window_settings().value("measure", DEFAULT_MEASURE))
        except (TypeError, ValueError):
            return DEFAULT_MEASURE

    def set_label_names(self, shown: bool) -> None:
        """Show or hide the label names above the annotations in every text pane (remembered per user)."""
        window_settings().setValue("label_names", bool(shown))
        self.label_names_action.setChecked(bool(shown))
        for pane in self.text_panes:
            pane.set_label_names(shown)

    def _name_of(self, value: str) -> str | None:
        """What an id in an attribute names: an entity's canonical name, an annotation's text and label."""
        try:
            entity = self.project.entity(value)
        except Exception:  # not an id this project knows
            entity = None
        if entity is not None:
            label = getattr(entity, "label", "")
            return f"{entity.canonical_name} ({label})" if label else entity.canonical_name
        try:
            ann = self.project.annotation(value)
        except Exception:
            ann = None
        if ann is not None:
            quote = " ".join(self.project.text(ann.document_id)[ann.start:ann.end].split())
            return f"“{quote[:60]}” ({ann.label})"
        return None

    def set_measure(self, chars: int) -> None:
        chars = int(chars)
        window_settings().setValue("measure", chars)
        for pane in self.text_panes:
            pane.set_measure(chars)

    @property
    def font_size(self) -> float:
        return float(window_settings().value("font_size", DEFAULT_FONT_PT))

    def set_font_size(self, pt: float) -> None:
        pt = max(7.0, min(32.0, float(pt)))
        window_settings().setValue("font_size", pt)
        for pane in self.text_panes:
            pane.set_font_size(pt)  # the open documents re-flow in place

    def settings_dialog(self) -> SettingsDialog:
        dialog = SettingsDialog(self.project, default_layer=self.project.get_setting(WINDOW_SCOPE, "default_layer"),
                                font_size=self.font_size, measure=self.measure, parent=self)

        def apply():
            self.project.set_setting(WINDOW_SCOPE, "default_layer", dialog.chosen_layer)
            if dialog.chosen_layer:
                self.set_active_layer(dialog.chosen_layer)
            if dialog.chosen_font_size != self.font_size:
                self.set_font_size(dialog.chosen_font_size)
            if dialog.chosen_measure != self.measure:
                self.set_measure(dialog.chosen_measure)
            self.status.refresh()

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def _restore_layout(self) -> None:
        s = window_settings()
        pt = self.font_size
        measure = self.measure
        names = s.value("label_names", True, type=bool)
        self.label_names_action.setChecked(names)
        for pane in self.text_panes:
            pane.set_font_size(pt)
            pane.set_measure(measure)
            pane.set_label_names(names)
        fit_window(self, s.value("geometry"))
        state = s.value("state")
        if state is None or not self.restoreState(state, STATE_VERSION):
            self.arrange_docks()

    def arrange_docks(self) -> None:
        """The default layout: the corpus list on the left; the annotation table and every plugin panel as tabs
        in one area on the right (the annotation table in front); the corpus search closed until used. The two
        sides together take well under half the width, the text the rest."""
        right = [self.panel_dock, *self.plugin_ui.docks.values()]
        for dock in right:
            if self.dockWidgetArea(dock) != Qt.RightDockWidgetArea:
                self.addDockWidget(Qt.RightDockWidgetArea, dock)
        for dock in right[1:]:
            self.tabifyDockWidget(right[0], dock)
        for dock in right:
            dock.show()
        self.panel_dock.raise_()
        self._apply_dock_widths()
        self._widths_pending = True  # once more when shown: before that Qt may rebalance the areas

    def _apply_dock_widths(self) -> None:
        left, right_w = dock_widths(self.width())
        self.resizeDocks([self.browser_dock, self.panel_dock], [left, right_w], Qt.Horizontal)

    def _save_layout(self) -> None:
        if self._corpus_hidden_for_compare:  # stepped aside for the compare view only: saved as shown
            self.browser_dock.show()
        s = window_settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState(STATE_VERSION))
        s.sync()

    def _open_initial_document(self) -> None:
        last = self.project.get_setting(WINDOW_SCOPE, "last_document")
        docs = self.project.document_summaries()
        ids = {d["id"] for d in docs}
        if last in ids:
            self.open_document(last)
        elif docs:
            self.browser.view.setCurrentIndex(self.browser.proxy.index(0, 0))
            self.open_document(self.browser._id_at(self.browser.proxy.index(0, 0)))

    def _compare_from_browser(self) -> None:
        if not self.browser.compare_selected():
            self.show_message("Select two documents in the corpus list (Ctrl+click), then Compare")

    # ===================================================================================== dialogs

    def show_getting_started(self) -> GettingStarted:
        """The getting-started strip above the text (Help > Getting started); closing it is remembered."""
        if self.getting_started is None:
            self.getting_started = GettingStarted(self)
            self.getting_started.dismissed.connect(self.hide_getting_started)
            self.getting_started.preannotateRequested.connect(self._preannotate_from_start)
            self.central_layout.insertWidget(0, self.getting_started)
        self.getting_started.refresh()
        self.getting_started.show()
        return self.getting_started

    def hide_getting_started(self) -> None:
        if self.getting_started is not None:
            self.getting_started.hide()
        window_settings().setValue("getting_started_done", True)

    def _preannotate_from_start(self) -> None:
        self.suggest(None, None, title="Pre-annotating every report")

    def shortcuts_dialog(self) -> QDialog:
        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About Annotator",
                          f"<b>Annotator</b> {__version__}<br>Read several outlets' reports of one event side by "
                          f"side and annotate them.<br><br>Project: {html.escape(str(self.project.path))}")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        keep_on_screen(self)
        QTimer.singleShot(0, self._after_first_show)  # once the frame is known

    def _after_first_show(self) -> None:
        if self._closed:
            return
        keep_on_screen(self)
        if getattr(self, "_widths_pending", False):
            self._widths_pending = False
            self._apply_dock_widths()
            # a window manager may still resize the new window (asynchronously): share its final width too
            QTimer.singleShot(300, lambda: None if self._closed else self._apply_dock_widths())

    # ===================================================================================== closing

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self._closed:
            self._outside_poll.stop()
            self.tasks.cancel_all()
            self._save_layout()
            self._closed = True
            self._unsubscribe()
            self._unlisten_busy()
            try:
                self._unlisten_failures()
            except ValueError:
                pass
            try:
                QApplication.instance().focusChanged.disconnect(self._focus_changed)
            except (RuntimeError, TypeError):
                pass
            if self.owns_project:
                self.project.close()
        super().closeEvent(event)
