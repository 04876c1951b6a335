"""The Quotes panel (Qt; imported only by the panel factory). Three tabs:

- **Quotes**: every quote with speaker, outlet, kind and status; filters by speaker, outlet, kind and words;
  double-click (or Enter) opens the quote in the reader; a speaker editor with completion from the entity
  registry sets the selected quote's speaker (and its entity when the name is an entity's name or alias).
- **Who is quoted where**: counts per speaker × outlet; double-click a cell to list those quotes.
- **Same statement**: groups of quotes joined by same-statement links, shown side by side with their wording
  differences highlighted.

The data comes from :mod:`.panel_model`; the panel re-reads it when the project changes.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator import EditError

from . import commands
from .detect import KINDS
from .panel_model import (
    ALL,
    filter_rows,
    group_html,
    quote_rows,
    speaker_outlet_counts,
    statement_groups,
)

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Speaker", "Outlet", "Kind", "Quote", "Status")


class QuotesPanel(QWidget):
    def __init__(self, project, window, parent=None):
        super().__init__(parent)
        self.project = project
        self.window = window
        self.rows = []
        self.shown = []
        self.setObjectName("quotes-panel")
        self.tabs = QTabWidget(self)
        # tab titles elide and scroll rather than set the panel's minimum width (a side dock of 1366x768 is
        # about 340 px wide)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(self._build_quotes(), "Quotes")
        self.tabs.addTab(self._build_counts(), "Who is quoted where")
        self.tabs.addTab(self._build_same(), "Same statement")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tabs)
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.reload)
        self._unsubscribe = project.subscribe(lambda changes: self._pending.start())
        # a worker's suggestions or the command line write through another connection
        self._unsubscribe_outside = project.subscribe_outside(self._pending.start)
        self.destroyed.connect(lambda *_: (self._unsubscribe(), self._unsubscribe_outside()))
        commands.PANELS.add(self)
        self.reload()

    # ------------------------------------------------------------------------------------- building

    def _build_quotes(self) -> QWidget:
        page = QWidget(self)
        self.speaker_filter = QComboBox(page, objectName="speaker-filter")
        self.outlet_filter = QComboBox(page, objectName="outlet-filter")
        self.kind_filter = QComboBox(page, objectName="kind-filter")
        self.kind_filter.addItem("all kinds", ALL)
        for k in KINDS:
            self.kind_filter.addItem(k, k)
        self.words_filter = QLineEdit(page, objectName="words-filter", placeholderText="words…",
                                      clearButtonEnabled=True)
        self.words_filter.setMinimumWidth(60)
        self.suggested = QCheckBox("suggested too", page, objectName="include-suggested", checked=True)
        for w in (self.speaker_filter, self.outlet_filter, self.kind_filter):
            w.currentIndexChanged.connect(self.apply_filters)
        self.words_filter.textChanged.connect(self.apply_filters)
        self.suggested.toggled.connect(self.reload)
        # two rows of filters and combo boxes sized to a short content length, so the panel fits a side dock of
        # a 1366x768 window (long speaker names are elided in the combo, shown whole in its list)
        for w in (self.speaker_filter, self.outlet_filter, self.kind_filter):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(6)
        filters = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.speaker_filter, 1)
        first.addWidget(self.outlet_filter, 1)
        second.addWidget(self.kind_filter)
        second.addWidget(self.words_filter, 1)
        second.addWidget(self.suggested)
        filters.addLayout(first)
        filters.addLayout(second)
        self.table = QTableWidget(0, len(COLUMNS), page, objectName="quotes-table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # fixed, narrow columns and the quote's words stretched (elided; the whole quote is its tool tip): the
        # table never needs a horizontal scroll bar, whatever the length of a speaker's name or an outlet's
        header.setMinimumSectionSize(40)
        for column, width in ((0, 92), (1, 52), (2, 50), (4, 56)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.speaker_edit = QLineEdit(page, objectName="speaker-edit", placeholderText="speaker of the selected quote…")
        self.completer = QCompleter(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setModel(QStringListModel(self))
        self.speaker_edit.setCompleter(self.completer)
        self.speaker_edit.returnPressed.connect(self.apply_speaker)
        self.set_button = QPushButton("Set speaker", page, objectName="set-speaker")
        self.set_button.clicked.connect(self.apply_speaker)
        editor = QHBoxLayout()
        editor.addWidget(QLabel("Speaker:", page))
        editor.addWidget(self.speaker_edit, 1)
        editor.addWidget(self.set_button)
        self.summary = QLabel(page, objectName="quotes-summary")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(editor)
        layout.addWidget(self.summary)
        return page

    def _build_counts(self) -> QWidget:
        page = QWidget(self)
        self.counts = QTableWidget(0, 0, page, objectName="counts-table")
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.counts.cellDoubleClicked.connect(self._count_clicked)
        self.counts.setToolTip("Direct, partial and indirect quotes per speaker and outlet; double-click to list them")
        hint = QLabel("Direct, partial and indirect quotes (scare quotes have no speaker). Spellings of one person "
                      "count together once their quotes point at one entity (press S on an entity mention, or set "
                      "the speaker to a registry name).", page, wordWrap=True)
        hint.setStyleSheet("color: #666")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts, 1)
        layout.addWidget(hint)
        return page

    def _build_same(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.groups = QListWidget(splitter, objectName="statement-groups")
        self.groups.currentRowChanged.connect(self.show_group)
        self.variants = QWidget(splitter, objectName="variants")
        self.variants_layout = QHBoxLayout(self.variants)
        self.variants_layout.setContentsMargins(0, 0, 0, 0)
        splitter.addWidget(self.groups)
        splitter.addWidget(self.variants)
        splitter.setStretchFactor(1, 2)
        self.variant_views: list[QWidget] = []
        self.group_data = []
        return splitter

    # ------------------------------------------------------------------------------------- data

    def reload(self) -> None:
        selected = self.selected_id()
        self.rows = quote_rows(self.project, include_suggested=self.suggested.isChecked())
        self._fill_combo(self.speaker_filter, "all speakers", sorted({r.speaker for r in self.rows}, key=str.casefold))
        self._fill_combo(self.outlet_filter, "all outlets", sorted({r.outlet for r in self.rows}))
        names = {r.written for r in self.rows if r.written}
        for e in self.project.entities():
            if e.status != "rejected":
                names.update([e.canonical_name, *e.aliases])
        self.completer.model().setStringList(sorted(names, key=str.casefold))
        self.apply_filters()
        self._fill_counts()
        self._fill_groups()
        if selected:
            self.select_quote(selected)

    @staticmethod
    def _fill_combo(combo: QComboBox, all_label: str, values: list[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_label, ALL)
        for v in values:
            combo.addItem(v, v)
        i = combo.findData(current)
        combo.setCurrentIndex(i if i >= 0 else 0)
        combo.blockSignals(False)

    def apply_filters(self) -> None:
        self.shown = filter_rows(self.rows, speaker=self.speaker_filter.currentData() or ALL,
                                 outlet=self.outlet_filter.currentData() or ALL,
                                 kind=self.kind_filter.currentData() or ALL, contains=self.words_filter.text())
        self.table.setRowCount(len(self.shown))
        italic = QFont()
        italic.setItalic(True)
        for i, r in enumerate(self.shown):
            values = (r.speaker, r.outlet, r.kind, r.text, r.status)
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(ID_ROLE, r.id)
                if j == 3:
                    item.setToolTip(f"{r.text}\n\n{r.title}" + (f"\ncue: {r.cue}" if r.cue else ""))
                if r.status == "suggested":
                    item.setFont(italic)
                    item.setForeground(QColor("#555555"))
                self.table.setItem(i, j, item)
        self.summary.setText(f"{len(self.shown)} of {len(self.rows)} quotes")

    def _fill_counts(self) -> None:
        speakers, outlets, counts = speaker_outlet_counts(self.rows)
        self.counts.clear()
        self.counts.setRowCount(len(speakers))
        self.counts.setColumnCount(len(outlets) + 1)
        self.counts.setHorizontalHeaderLabels([*outlets, "Total"])
        self.counts.setVerticalHeaderLabels(speakers)
        for i, s in enumerate(speakers):
            total = 0
            for j, o in enumerate(outlets):
                n = counts.get((s, o), 0)
                total += n
                item = QTableWidgetItem(str(n) if n else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(ID_ROLE, (s, o))
                self.counts.setItem(i, j, item)
            item = QTableWidgetItem(str(total))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setData(ID_ROLE, (s, ALL))
            self.counts.setItem(i, len(outlets), item)
        self.count_speakers, self.count_outlets = speakers, outlets

    def _fill_groups(self) -> None:
        current = self.groups.currentRow()
        self.group_data = statement_groups(self.project, self.rows)
        self.groups.blockSignals(True)
        self.groups.clear()
        for g in self.group_data:
            words = " ".join(g[0].text.split()[:8])
            item = QListWidgetItem(f"{g[0].speaker} — “{words}…” ({', '.join(r.outlet for r in g)})")
            self.groups.addItem(item)
        self.groups.blockSignals(False)
        if self.group_data:
            self.groups.setCurrentRow(min(max(current, 0), len(self.group_data) - 1))
            self.show_group(self.groups.currentRow())
        else:
            self.show_group(-1)

    def show_group(self, index: int) -> None:
        for view in self.variant_views:
            self.variants_layout.removeWidget(view)
            view.hide()
            view.setParent(None)
            view.deleteLater()
        self.variant_views = []
        if not 0 <= index < len(self.group_data):
            return
        group = self.group_data[index]
        for row, body in zip(group, group_html(group)):
            box = QWidget(self.variants, objectName=f"variant:{row.id}")
            button = QPushButton(f"{row.outlet} · {row.kind}", box, flat=True, toolTip="open in the reader")
            button.clicked.connect(lambda _checked=False, r=row: self._open(r))
            view = QTextBrowser(box)
            view.setHtml(f"<p>{body}</p><p style='color:#666'>{row.speaker}</p>")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(button)
            inner.addWidget(view, 1)
            # the variants share the panel's width (their text wraps) rather than widen it: the panel fits a side
            # dock of a 1366x768 window without a horizontal scroll bar
            box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            box.setMinimumWidth(60)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.variants_layout.addWidget(box)
            self.variant_views.append(box)

    # ------------------------------------------------------------------------------------- actions

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def select_quote(self, ann_id: str) -> bool:
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).data(ID_ROLE) == ann_id:
                self.table.selectRow(i)
                self.table.scrollToItem(self.table.item(i, 0))
                return True
        return False

    def _selected_changed(self) -> None:
        row = next((r for r in self.shown if r.id == self.selected_id()), None)
        self.speaker_edit.setText(row.written if row else "")

    def open_row(self, index: int) -> None:
        if 0 <= index < len(self.shown):
            self._open(self.shown[index])

    def _open(self, row) -> None:
        if self.window is not None:
            self.window.open_document(row.document_id, row.start, row.end)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.open_row(self.table.currentRow())
            return
        super().keyPressEvent(event)

    def apply_speaker(self) -> None:
        ann_id = self.selected_id()
        if ann_id is None:
            self._message("select a quote in the list first")
            return
        try:
            commands.set_speaker(self.project, ann_id, self.speaker_edit.text())
        except EditError as exc:
            self._message(str(exc))
            return
        self.reload()
        self.select_quote(ann_id)
        self._message(f"speaker set: {self.speaker_edit.text() or '(none)'}")

    def edit_speaker(self, ann_id: str | None) -> None:
        """Show the panel's quote list with ``ann_id`` selected and put the cursor in the speaker editor."""
        self.tabs.setCurrentIndex(0)
        dock = self.parentWidget()
        if dock is not None and not dock.isVisible():
            dock.show()
        if ann_id is not None and not self.select_quote(ann_id):
            for combo in (self.speaker_filter, self.outlet_filter, self.kind_filter):
                combo.setCurrentIndex(0)
            self.words_filter.clear()
            self.reload()  # the quote may be newer than the list (reloads are coalesced)
            self.select_quote(ann_id)
        self.speaker_edit.setFocus()
        self.speaker_edit.selectAll()

    def _count_clicked(self, row: int, column: int) -> None:
        item = self.counts.item(row, column)
        if item is None:
            return
        speaker, outlet = item.data(ID_ROLE)
        self.speaker_filter.setCurrentIndex(max(0, self.speaker_filter.findData(speaker)))
        self.outlet_filter.setCurrentIndex(max(0, self.outlet_filter.findData(outlet)))
        self.kind_filter.setCurrentIndex(0)
        self.tabs.setCurrentIndex(0)

    def _message(self, text: str) -> None:
        if self.window is not None:
            self.window.show_message(text)


def factory(project, window) -> QuotesPanel:
    return QuotesPanel(project, window)
