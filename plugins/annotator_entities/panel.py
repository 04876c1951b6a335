"""The Entities dock panel (Qt). Imported only by the panel factory in :mod:`annotator_entities.plugin`.

Three tabs, each a thin view over headless functions:

- **Entities**: the registry as a table (name, label, status, mentions, one column per outlet: who each outlet
  names and how often, then QID and note; when the panel is too narrow for a column per outlet, one "Outlets"
  cell lists them, and the table never scrolls sideways). Filter by text and label. F2 edits name, QID or note
  in place (rename keeps the old name as an alias). Buttons with keys: Confirm (C), Reject (R), Merge (M),
  Split (S), Accept mentions (A), Delete (Del). The mention list below follows the selected entity; in it, S
  splits the selected mentions off and Enter opens one in the reader (``window.open_document``).
  "Pre-annotate" runs the suggester off the UI thread.
- **Labels**: the project's entity labels: rename (edit the name), colour (edit ``#rrggbb`` or double-click the
  swatch), shortcut, add, remove, reset.
- **Settings**: back end (rules or spaCy), spaCy pipeline, clustering and learning switches.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import EditError

from . import PLUGIN, labels, registry
from . import settings as settings_mod

ENTITY_ID = Qt.ItemDataRole.UserRole
COLUMNS = ("Name", "Label", "Status", "Mentions")  # then one column per outlet, OUTLETS, then TAIL
OUTLETS = "Outlets"  # all outlets in one cell ("AP 3 · AFP 2"), shown instead of the per-outlet columns when narrow
TAIL = ("QID", "Note")  # after the outlets, so who each outlet names is visible without scrolling


class EntitiesPanel(QWidget):
    def __init__(self, project, window, parent=None):
        super().__init__(parent)
        self.setObjectName("entities-panel")
        self.project = project
        self.window_api = window
        self._outlets: list[str] = []
        self._current_entity: str | None = None
        self._loading = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_when_idle)
        # edits made through another connection (a worker thread's pre-annotation, the command line) come through
        # project.subscribe_outside (the window polls the file); a hidden panel catches up when it is shown
        self._stale = False

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_entities_tab(), "Entities")
        self.tabs.addTab(self._build_labels_tab(), "Labels")
        settings_scroll = QScrollArea(self)  # long option texts scroll rather than widen the side area
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        settings_scroll.setWidget(self._build_settings_tab())
        self.tabs.addTab(settings_scroll, "Settings")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)

        self._unsubscribe = project.subscribe(self._on_changes)
        self._unsubscribe_outside = project.subscribe_outside(self._outside_changes)
        self.destroyed.connect(lambda *_: (self._unsubscribe(), self._unsubscribe_outside()))
        self.refresh()

    # ------------------------------------------------------------------------------------------ building

    def _build_entities_tab(self) -> QWidget:
        tab = QWidget(self)
        self.filter_edit = QLineEdit(tab)
        self.filter_edit.setPlaceholderText("Filter names and aliases…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.label_filter = QComboBox(tab)
        self.label_filter.currentIndexChanged.connect(self._apply_filter)
        self.preannotate_button = QPushButton("Pre-annotate", tab)
        self.preannotate_button.setToolTip("Propose entity mentions and entity records for every document")
        self.preannotate_button.clicked.connect(self.preannotate)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.label_filter)
        top.addWidget(self.preannotate_button)

        self.table = QTableWidget(0, len(COLUMNS), tab)
        self.table.setObjectName("entities-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)  # most mentioned first
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemActivated.connect(lambda item: self.show_mentions(item.data(ENTITY_ID)))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.viewport().installEventFilter(self)  # columns re-fit when the panel is resized
        self.compact_outlets = False

        self.confirm_button = QPushButton("&Confirm", tab)
        self.reject_button = QPushButton("&Reject", tab)
        self.merge_button = QPushButton("&Merge", tab)
        self.split_button = QPushButton("&Split…", tab)
        self.accept_mentions_button = QPushButton("&Accept mentions", tab)
        self.delete_button = QPushButton("Delete", tab)
        for button, slot, key, tip in (
            (self.confirm_button, self.confirm_selected, "C", "Accept the selected suggested entities"),
            (self.reject_button, self.reject_selected, "R",
             "Reject the selected suggested entities: not proposed again (Ctrl+Z brings them back)"),
            (self.merge_button, self.merge_selected, "M", "Merge the selected entities into one"),
            (self.split_button, self.split_selected, "S", "Move the selected mentions to a new entity"),
            (self.accept_mentions_button, self.accept_mentions, "A", "Accept every suggested mention of the entity"),
            (self.delete_button, self.delete_selected, "Delete", "Delete the entity records (mentions stay)"),
        ):
            button.clicked.connect(slot)
            button.setToolTip(f"{tip} ({key})")
            shortcut = QShortcut(QKeySequence("Del" if key == "Delete" else key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        buttons = QVBoxLayout()  # two rows: the panel fits a laptop's side area
        for row_buttons in ((self.confirm_button, self.reject_button, self.merge_button),
                            (self.split_button, self.accept_mentions_button, self.delete_button)):
            row = QHBoxLayout()
            for b in row_buttons:
                row.addWidget(b)
            buttons.addLayout(row)

        self.mentions_title = QLabel("Mentions: select an entity", tab)
        self.mentions = QListWidget(tab)
        self.mentions.setObjectName("entity-mentions")
        self.mentions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.mentions.itemActivated.connect(self._open_mention)
        self.mentions.itemSelectionChanged.connect(self._update_buttons)
        # in the mention list, S splits the selected mentions off and A accepts the entity's mentions
        for key, slot in (("S", self.split_selected), ("A", self.accept_mentions)):
            shortcut = QShortcut(QKeySequence(key), self.mentions)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda slot=slot: slot())
        lower = QWidget(tab)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.mentions_title)
        lower_layout.addWidget(self.mentions)
        upper = QWidget(tab)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table)
        upper_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, tab)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return tab

    def _build_labels_tab(self) -> QWidget:
        tab = QWidget(self)
        self.labels_table = QTableWidget(0, 4, tab)
        self.labels_table.setObjectName("entity-labels")
        self.labels_table.setHorizontalHeaderLabels(["Label", "Colour", "Number key", "Extra shortcut"])
        self.labels_table.verticalHeader().setVisible(False)
        self.labels_table.horizontalHeader().setStretchLastSection(True)
        self.labels_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.labels_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.labels_table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                          | QAbstractItemView.EditTrigger.DoubleClicked)
        self.labels_table.itemChanged.connect(self._on_label_changed)
        self.new_label_edit = QLineEdit(tab)
        self.new_label_edit.setPlaceholderText("New label name")
        self.new_label_edit.returnPressed.connect(self.add_label)
        add = QPushButton("Add", tab)
        add.clicked.connect(self.add_label)
        remove = QPushButton("Remove", tab)
        remove.clicked.connect(self.remove_label)
        colour = QPushButton("Colour…", tab)
        colour.clicked.connect(self.pick_colour)
        reset = QPushButton("Reset to defaults", tab)
        reset.clicked.connect(self.reset_labels)
        row = QVBoxLayout()  # two rows: the panel fits a laptop's side area
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.new_label_edit, 1)
        first.addWidget(add)
        for b in (remove, colour, reset):
            second.addWidget(b)
        row.addLayout(first)
        row.addLayout(second)
        hint = QLabel("Edit a name to rename the label (its annotations follow). While the entity layer is "
                      "active, the number keys apply its labels in this order.", tab)
        hint.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.labels_table)
        layout.addLayout(row)
        layout.addWidget(hint)
        return tab

    def _build_settings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.backend_combo = QComboBox(tab)
        self.backend_combo.addItem("Rules (no extra installs)", "rules")
        self.backend_combo.addItem("spaCy pipeline", "spacy")
        self.model_combo = QComboBox(tab)
        self.model_combo.setEditable(True)
        self.cluster_check = QCheckBox("Group mentions into entities (who is who across outlets)", tab)
        self.learn_check = QCheckBox("Never propose a name again that I only ever rejected", tab)
        self.gazetteer_check = QCheckBox("Propose names I accepted elsewhere in the project", tab)
        self.case_check = QCheckBox("“Tag all other occurrences” matches case", tab)
        self.threshold_spin = QSpinBox(tab)
        self.threshold_spin.setRange(50, 100)
        self.threshold_spin.setSuffix(" %")
        self.threshold_spin.setToolTip("How alike two surnames must be to count as one person's (rapidfuzz ratio)")
        form = QFormLayout(tab)
        form.addRow("Back end", self.backend_combo)
        form.addRow("spaCy pipeline", self.model_combo)
        form.addRow(self.cluster_check)
        form.addRow(self.gazetteer_check)
        form.addRow(self.learn_check)
        form.addRow(self.case_check)
        form.addRow("Surname similarity", self.threshold_spin)
        self.backend_combo.currentIndexChanged.connect(self._save_settings)
        self.model_combo.currentTextChanged.connect(self._save_settings)
        for check in (self.cluster_check, self.learn_check, self.gazetteer_check, self.case_check):
            check.toggled.connect(self._save_settings)
        self.threshold_spin.valueChanged.connect(self._save_settings)
        self._models_listed = False
        self.tabs_settings_index = 2
        return tab

    # ------------------------------------------------------------------------------------------ refresh

    def _on_changes(self, changes) -> None:
        self._refresh_timer.start()

    def _editing(self) -> bool:
        editing = QAbstractItemView.State.EditingState
        return self.table.state() == editing or self.labels_table.state() == editing

    def _refresh_when_idle(self) -> None:
        if self._editing():  # never pull the table from under the researcher's typing
            self._refresh_timer.start(300)
        else:
            self.refresh()

    def _outside_changes(self) -> None:
        if self.isVisible():
            self._refresh_when_idle()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh_when_idle()

    def refresh(self) -> None:
        self._stale = False
        self._loading = True
        try:
            self._fill_label_filter()
            self._fill_entities()
            self._fill_labels()
            self._fill_settings()
            if self._current_entity is not None:
                self.show_mentions(self._current_entity)
        finally:
            self._loading = False
        self._update_buttons()

    def _fill_label_filter(self) -> None:
        current = self.label_filter.currentData()
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem("All labels", None)
        for lab in self._labels():
            self.label_filter.addItem(lab.name, lab.name)
        index = self.label_filter.findData(current)
        self.label_filter.setCurrentIndex(max(0, index))
        self.label_filter.blockSignals(False)

    def _labels(self):
        try:
            return labels.labels(self.project)
        except EditError:
            return []

    def _fill_entities(self) -> None:
        selected = set(self.selected_entity_ids())
        rows = registry.entity_rows(self.project)
        self._outlets = registry.outlets(self.project)
        colours = {lab.name: lab.color for lab in self._labels()}
        t = self.table
        t.blockSignals(True)
        t.setSortingEnabled(False)
        t.clearContents()
        t.setColumnCount(len(COLUMNS) + len(self._outlets) + 1 + len(TAIL))
        t.setHorizontalHeaderLabels([*COLUMNS, *self._outlets, OUTLETS, *TAIL])
        editable = self._editable()
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            e = row.entity
            aliases = ", ".join(e.aliases)
            combined = " · ".join(f"{o} {row.by_outlet[o]}" for o in self._outlets if row.by_outlet.get(o))
            values = [e.canonical_name, e.label, e.status, row.mentions,
                      *(row.by_outlet.get(o, 0) for o in self._outlets), combined, e.qid or "", e.note]
            for c, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                item.setData(ENTITY_ID, e.id)
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                if c in editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if c == 0:
                    tip = [f"{e.canonical_name} ({e.label}, {e.status})"]
                    if aliases:
                        tip.append(f"also: {aliases}")
                    if row.spellings:
                        tip.append("spellings: " + ", ".join(f"{s} ×{n}" for s, n in row.spellings.most_common()))
                    if e.attributes.get("_reason"):
                        tip.append(f"why: {e.attributes['_reason']}")
                    item.setToolTip("\n".join(tip))
                    item.setData(Qt.ItemDataRole.UserRole + 1, " ".join([e.canonical_name, *e.aliases]).casefold())
                    if e.status == "suggested":
                        font = item.font()
                        font.setItalic(True)
                        item.setFont(font)
                if c == 1 and e.label in colours:
                    item.setBackground(QBrush(QColor(colours[e.label])))
                    item.setForeground(QBrush(QColor("#000000")))
                t.setItem(r, c, item)
        t.setSortingEnabled(True)
        t.blockSignals(False)
        self._fit_columns()
        if selected:
            self.select_entities(selected)
        self._apply_filter()

    def _editable(self) -> dict[int, str]:
        """Editable columns of the entities table: the name, and the QID and note after the outlet columns."""
        qid = len(COLUMNS) + len(self._outlets) + 1
        return {0: "name", qid: "qid", qid + 1: "note"}

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_columns)
        return super().eventFilter(obj, event)

    def _fit_columns(self) -> None:
        """Fit the table to the panel's width, never scrolling sideways: one column per outlet when there is
        room, else the outlets in one "Outlets" cell, with the name and that cell shortened (elided) to fit."""
        t = self.table
        n = len(self._outlets)
        if t.columnCount() != len(COLUMNS) + n + 1 + len(TAIL):
            return
        header = t.horizontalHeader()
        per_outlet = list(range(len(COLUMNS), len(COLUMNS) + n))
        combined = len(COLUMNS) + n
        tail = [combined + 1 + i for i in range(len(TAIL))]
        natural = {c: max(t.sizeHintForColumn(c), header.sectionSizeHint(c)) + 4 for c in range(t.columnCount())}
        room = t.viewport().width()
        wide = [0, 1, 2, 3, *per_outlet, *tail]
        compact = sum(natural[c] for c in wide) > room
        self.compact_outlets = compact
        for c in per_outlet:
            t.setColumnHidden(c, compact)
        t.setColumnHidden(combined, not compact)
        shown = [0, 1, 2, 3, combined, *tail] if compact else wide
        widths = {c: natural[c] for c in shown}
        excess = sum(widths.values()) - room
        # shorten these (elided), in this order: the name and the label stay readable longest
        order = ((tail[1], 28), (tail[0], 28), (combined, 70), (2, 56), (3, 44), (0, 110), (combined, 36),
                 (1, 48), (0, 70), *((c, 20) for c in shown))
        for c, floor in order:
            if excess <= 0 or c not in widths:
                continue
            cut = min(excess, max(0, widths[c] - floor))
            widths[c] -= cut
            excess -= cut
        for c, w in widths.items():
            t.setColumnWidth(c, w)
        t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if compact
                                       else Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def _selection_changed(self) -> None:
        """The mention list follows the selected entity (one selected: its mentions)."""
        ids = self.selected_entity_ids()
        if len(ids) == 1 and ids[0] != self._current_entity and not self._loading:
            self.show_mentions(ids[0])
        self._update_buttons()

    def column_of(self, header: str) -> int:
        """The entities table's column with this header (outlets shift the QID and note columns)."""
        for c in range(self.table.columnCount()):
            if self.table.horizontalHeaderItem(c).text() == header:
                return c
        raise KeyError(header)

    def _apply_filter(self) -> None:
        needle = self.filter_edit.text().casefold().strip()
        label = self.label_filter.currentData()
        for r in range(self.table.rowCount()):
            name_item, label_item = self.table.item(r, 0), self.table.item(r, 1)
            if name_item is None:
                continue
            hay = name_item.data(Qt.ItemDataRole.UserRole + 1) or ""
            visible = (not needle or needle in hay) and (label is None or label_item.text() == label)
            self.table.setRowHidden(r, not visible)

    def _fill_labels(self) -> None:
        t = self.labels_table
        t.blockSignals(True)
        labs = self._labels()
        t.setRowCount(len(labs))
        for r, lab in enumerate(labs):
            name = QTableWidgetItem(lab.name)
            name.setData(Qt.ItemDataRole.UserRole, lab.name)
            colour = QTableWidgetItem(lab.color)
            colour.setData(Qt.ItemDataRole.UserRole, lab.name)
            colour.setBackground(QBrush(QColor(lab.color)))
            colour.setForeground(QBrush(QColor("#000000")))
            number = QTableWidgetItem(str(r + 1) if r < 9 else "")
            number.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            number.setToolTip("The window gives the number keys to the active layer's labels, in this order")
            shortcut = QTableWidgetItem(lab.shortcut or "")
            shortcut.setData(Qt.ItemDataRole.UserRole, lab.name)
            shortcut.setToolTip("An optional window-wide key for this label (e.g. a letter)")
            t.setItem(r, 0, name)
            t.setItem(r, 1, colour)
            t.setItem(r, 2, number)
            t.setItem(r, 3, shortcut)
        t.blockSignals(False)

    def _fill_settings(self) -> None:
        try:
            cfg = settings_mod.load(self.project)
        except ValueError as exc:
            self._say(str(exc))
            cfg = settings_mod.Settings()
        widgets = (self.backend_combo, self.model_combo, self.cluster_check, self.learn_check,
                   self.gazetteer_check, self.case_check, self.threshold_spin)
        for w in widgets:
            w.blockSignals(True)
        self.backend_combo.setCurrentIndex(max(0, self.backend_combo.findData(cfg.backend)))
        if self.model_combo.findText(cfg.spacy_model) < 0:
            self.model_combo.addItem(cfg.spacy_model)
        self.model_combo.setCurrentText(cfg.spacy_model)
        self.cluster_check.setChecked(cfg.cluster)
        self.learn_check.setChecked(cfg.learn_from_rejections)
        self.gazetteer_check.setChecked(cfg.use_gazetteer)
        self.case_check.setChecked(cfg.occurrences_case_sensitive)
        self.threshold_spin.setValue(int(cfg.fuzzy_threshold))
        for w in widgets:
            w.blockSignals(False)

    def list_models(self) -> list[str]:
        """Fill the pipeline list with installed spaCy pipelines that have ner (imports spaCy: done on demand)."""
        from .spacy_backend import installed_pipelines

        models = installed_pipelines()
        current = self.model_combo.currentText()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.addItems(models)
        if current and self.model_combo.findText(current) < 0:
            self.model_combo.addItem(current)
        self.model_combo.setCurrentText(current)
        self.model_combo.blockSignals(False)
        self._models_listed = True
        if not models:
            self._say("No spaCy pipeline with ner is installed: pip install 'annotator-workbench[nlp]'")
        return models

    # ------------------------------------------------------------------------------------------ helpers

    def _say(self, text: str) -> None:
        self.status.setText(text)
        if self.window_api is not None:
            self.window_api.show_message(text)

    def _do(self, fn, *args, message: str | None = None, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except (EditError, ValueError) as exc:
            self._say(str(exc))
            self.refresh()
            return None
        if message:
            self._say(message)
        return result

    def selected_entity_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(ENTITY_ID) for r in rows if self.table.item(r, 0) is not None]

    def select_entities(self, entity_ids) -> None:
        wanted = set(entity_ids)
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(ENTITY_ID) in wanted:
                self.table.selectRow(r)
        self.table.setSelectionMode(mode)

    def row_of(self, entity_id: str) -> int:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(ENTITY_ID) == entity_id:
                return r
        return -1

    def _update_buttons(self) -> None:
        ids = self.selected_entity_ids()
        self.confirm_button.setEnabled(bool(ids))
        self.reject_button.setEnabled(bool(ids))
        self.merge_button.setEnabled(len(ids) >= 2)
        self.delete_button.setEnabled(bool(ids))
        self.accept_mentions_button.setEnabled(len(ids) == 1 or self._current_entity is not None)
        self.split_button.setEnabled(self._current_entity is not None and bool(self.mentions.selectedItems()))

    # ------------------------------------------------------------------------------------------ actions

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        field = self._editable().get(item.column())
        entity_id = item.data(ENTITY_ID)
        value = str(item.data(Qt.ItemDataRole.DisplayRole) or "")
        if field == "name":
            self._do(registry.rename, self.project, entity_id, value, message=f"renamed to {value!r}")
        elif field == "qid":
            self._do(registry.set_qid, self.project, entity_id, value, message="Wikidata QID set")
        elif field == "note":
            self._do(registry.set_note, self.project, entity_id, value, message="note saved")

    def show_mentions(self, entity_id: str | None) -> None:
        self._current_entity = entity_id
        self.mentions.clear()
        if not entity_id:
            return
        ent = self.project.entity(entity_id)
        if ent is None:
            self._current_entity = None
            self.mentions_title.setText("Mentions: select an entity")
            return
        rows = registry.mentions_of(self.project, entity_id)
        self.mentions_title.setText(f"Mentions of {ent.canonical_name}: {len(rows)} (Enter opens one)")
        for m in rows:
            a = m["annotation"]
            mark = {"suggested": "?", "accepted": "✓", "rejected": "✗"}.get(a.status, "")
            item = QListWidgetItem(f"{mark} {m['outlet']}: {m['context']}")
            item.setData(Qt.ItemDataRole.UserRole, (a.document_id, a.start, a.end, a.id))
            item.setToolTip(f"{a.label}, {a.status}; {a.attributes.get('_reason', '')}".rstrip("; "))
            self.mentions.addItem(item)
        self._update_buttons()

    def _open_mention(self, item: QListWidgetItem) -> None:
        doc_id, start, end, _ = item.data(Qt.ItemDataRole.UserRole)
        if self.window_api is not None:
            self.window_api.open_document(doc_id, start, end)

    def confirm_selected(self) -> None:
        ids = self.selected_entity_ids()
        if ids:
            n = self._do(registry.confirm, self.project, ids)
            if n is not None:
                self._say(f"{n} entit{'y' if n == 1 else 'ies'} confirmed")

    def reject_selected(self) -> None:
        ids = self.selected_entity_ids()
        if ids:
            n = self._do(registry.reject, self.project, ids)
            if n is not None:
                self._say(f"{n} entit{'y' if n == 1 else 'ies'} rejected: not proposed again (Ctrl+Z to undo)")

    def merge_selected(self) -> None:
        ids = self.selected_entity_ids()
        kept = self._do(registry.merge, self.project, ids)
        if kept is not None:
            self._say(f"merged {len(ids)} entities into {kept.canonical_name!r}")
            self._current_entity = kept.id
            self.refresh()
            self.select_entities([kept.id])

    def split_selected(self, name: str | None = None) -> None:
        if self._current_entity is None:
            self._say("select an entity, then the mentions to split off (S)")
            return
        ann_ids = [i.data(Qt.ItemDataRole.UserRole)[3] for i in self.mentions.selectedItems()]
        if not ann_ids:
            self._say("select the mentions to split off")
            return
        if name is None:
            first = self.mentions.selectedItems()[0].data(Qt.ItemDataRole.UserRole)
            suggestion = self.project.text(first[0])[first[1]:first[2]]
            name, ok = QInputDialog.getText(self, "Split entity", "Name of the new entity:", text=suggestion)
            if not ok:
                return
        new = self._do(registry.split, self.project, self._current_entity, ann_ids, name)
        if new is not None:
            self._say(f"{len(ann_ids)} mention(s) moved to {new.canonical_name!r}")

    def accept_mentions(self) -> None:
        ids = self.selected_entity_ids()
        entity_id = ids[0] if len(ids) == 1 else self._current_entity
        if entity_id:
            n = self._do(registry.accept_mentions, self.project, entity_id)
            if n is not None:
                self._say(f"{n} mention(s) accepted")

    def delete_selected(self) -> None:
        ids = self.selected_entity_ids()
        if ids:
            if self._current_entity in ids:
                self._current_entity = None
            self._do(registry.delete, self.project, ids, message=f"{len(ids)} entity record(s) deleted")

    def preannotate(self) -> None:
        """Pre-annotate every document: off the UI thread with progress and Cancel when there is a window."""
        from .spacy_backend import BackendUnavailable, load

        cfg = self._do(settings_mod.load, self.project)
        if cfg is None:
            return
        if cfg.backend == "spacy":
            try:  # say so now rather than fail (and disable the plugin) in the worker
                load(cfg.spacy_model)
            except BackendUnavailable as exc:
                self._say(str(exc))
                return
        if self.window_api is None:
            report = self.project.suggest(PLUGIN)
            self._say(report.summary())
            self.refresh()
            return
        def done(result):
            if isinstance(result, BaseException):
                self._say(f"Pre-annotation failed: {result}")
            else:
                self._say(f"Entities: {result.summary()}")
            self.refresh()

        self._say("Pre-annotating…")
        self.window_api.suggest(PLUGIN, title="Pre-annotating entities", on_done=done)

    # ------------------------------------------------------------------------------------------ labels

    def _on_label_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        value = item.text().strip()
        if item.column() == 0:
            n = self._do(labels.rename_label, self.project, name, value)
            if n is not None:
                self._say(f"label {name} renamed to {value} ({n} annotation(s) relabelled)")
        elif item.column() == 1:
            self._do(labels.set_color, self.project, name, value, message=f"{name}: colour {value}")
        elif item.column() == 3:
            self._do(labels.set_shortcut, self.project, name, value or None,
                     message=f"{name}: shortcut {value or 'none'}")
        self.refresh()
        if self.window_api is not None:
            self.window_api.refresh()

    def selected_label(self) -> str | None:
        rows = self.labels_table.selectionModel().selectedRows() if self.labels_table.selectionModel() else []
        if not rows:
            return None
        return self.labels_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def add_label(self) -> None:
        name = self.new_label_edit.text().strip()
        new = self._do(labels.add_label, self.project, name)
        if new is not None:
            self.new_label_edit.clear()
            self._say(f"label {new.name} added (number key {labels.implicit_key(self.project, new.name) or 'none'})")
            self._after_label_edit()

    def remove_label(self) -> None:
        name = self.selected_label()
        if not name:
            self._say("select a label first")
            return
        self._do(labels.remove_label, self.project, name, message=f"label {name} removed")
        self._after_label_edit()

    def pick_colour(self) -> None:
        name = self.selected_label()
        if not name:
            self._say("select a label first")
            return
        current = next((lab.color for lab in self._labels() if lab.name == name), "#ffffff")
        colour = QColorDialog.getColor(QColor(current), self, f"Colour of {name}")
        if colour.isValid():
            self._do(labels.set_color, self.project, name, colour.name(), message=f"{name}: colour {colour.name()}")
            self._after_label_edit()

    def reset_labels(self) -> None:
        self._do(labels.reset, self.project, message="labels reset to the defaults")
        self._after_label_edit()

    def _after_label_edit(self) -> None:
        self.refresh()
        if self.window_api is not None:
            self.window_api.refresh()

    # ------------------------------------------------------------------------------------------ settings

    def _save_settings(self, *_) -> None:
        if self._loading:
            return
        backend = self.backend_combo.currentData()
        if backend == "spacy" and not self._models_listed:
            self.list_models()
        self._do(settings_mod.save, self.project, backend=backend, spacy_model=self.model_combo.currentText().strip()
                 or settings_mod.DEFAULT_SPACY_MODEL, cluster=self.cluster_check.isChecked(),
                 learn_from_rejections=self.learn_check.isChecked(), use_gazetteer=self.gazetteer_check.isChecked(),
                 occurrences_case_sensitive=self.case_check.isChecked(),
                 fuzzy_threshold=float(self.threshold_spin.value()), message="entity tagger settings saved")

