"""The window's team views: the Agreement view (the figures of ``annotator agreement``, and every disagreement, which
opens the document at it) and the Curation view (one document's units, each annotator's version side by side,
taken into the gold set with the keyboard). Both read the headless services; no statistic or rule lives here.

Curation keys (in the Curation view): Down/Up or N/P move between units, 1-9 take that annotator's version,
B both (every version), X neither (discard what is curated there), A merge everything all annotators agree on in
this document, Ctrl+Z undo (the window's undo: each decision is one step), Enter opens the unit in the reader.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..services import agreement as ag
from ..services import curation
from ..services.agreement_report import rows

AGREED = QColor("#d9f0d3")  # green-ish (agreed), colour-blind safe beside the orange below
DISAGREED = QColor("#fde0c5")


def _span_layers(project) -> list[str]:
    present = {a.layer for a in project.annotations()}
    return sorted(n for n, s in project.layers().items() if s.kind == "span" and n in present)


def _item(text, data=None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else (f"{text:.3f}" if isinstance(text, float) else str(text)))
    it.setFlags(it.flags() & ~Qt.ItemIsEditable)
    if data is not None:
        it.setData(Qt.UserRole, data)
    return it


class AgreementView(QDialog):
    """Figures per layer and pair of sources, and the disagreements (double-click or Enter opens one)."""

    def __init__(self, window, project):
        super().__init__(window)
        self.setObjectName("agreementView")
        self.setWindowTitle("Agreement")
        self.window_ = window
        self.project = project
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.layer = QComboBox()
        self.layer.setObjectName("agreementLayer")
        for name in _span_layers(project):
            self.layer.addItem(name, name)
        self.by = QComboBox()
        self.by.setObjectName("agreementBy")
        self.by.addItem("annotators (author)", "author")
        self.by.addItem("suggesters (origin)", "origin")
        top.addWidget(QLabel("Layer"))
        top.addWidget(self.layer)
        top.addWidget(QLabel("Compare"))
        top.addWidget(self.by)
        top.addStretch(1)
        lay.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.figures = QTableWidget(0, 7)
        self.figures.setObjectName("agreementFigures")
        self.figures.setHorizontalHeaderLabels(["measure", "pair", "label", "value", "P", "R", "n"])
        self.disagreements = QTableWidget(0, 6)
        self.disagreements.setObjectName("agreementDisagreements")
        self.disagreements.setHorizontalHeaderLabels(["document", "kind", "source", "label", "other", "text"])
        for t in (self.figures, self.disagreements):
            t.setSelectionBehavior(QAbstractItemView.SelectRows)
            t.verticalHeader().hide()
            t.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.figures, "Figures")
        self.tabs.addTab(self.disagreements, "Disagreements")
        lay.addWidget(self.tabs, 1)
        self.disagreements.cellDoubleClicked.connect(lambda r, _c: self.open_row(r))
        QShortcut(QKeySequence(Qt.Key_Return), self.disagreements, lambda: self.open_row(
            self.disagreements.currentRow()), context=Qt.WidgetShortcut)
        self.layer.currentIndexChanged.connect(self.refresh)
        self.by.currentIndexChanged.connect(self.refresh)
        self.resize(900, 520)
        self.report = None
        self.refresh()

    def refresh(self) -> None:
        layer = self.layer.currentData()
        self.figures.setRowCount(0)
        self.disagreements.setRowCount(0)
        if layer is None:
            self.summary.setText("No annotations yet: agreement compares two or more annotators' work on a layer "
                                 "(set your name in Settings, annotate, and merge a colleague's copy with "
                                 "`annotator merge`).")
            return
        self.report = rep = ag.agreement(self.project, layer, by=self.by.currentData())
        notes = " ".join(rep.notes)
        self.summary.setText(f"{', '.join(rep.sources) or 'nobody'} over {rep.documents} document(s). {notes}")
        data = rows([rep])
        self.figures.setRowCount(len(data))
        for i, r in enumerate(data):
            for j, key in enumerate(("measure", "pair", "label", "value", "precision", "recall", "n")):
                self.figures.setItem(i, j, _item(r[key]))
        titles = {d["id"]: d["title"] for d in self.project.document_summaries()}
        self.disagreements.setRowCount(len(rep.disagreements))
        for i, d in enumerate(rep.disagreements):
            text = self.project.text(d["document_id"])[d["start"]:d["end"]]
            other = "" if d["other_label"] is None else f"{d['other_source']}: {d['other_label']}"
            values = [titles.get(d["document_id"], d["document_id"]), d["kind"], d["source"], d["label"], other,
                      text]
            for j, v in enumerate(values):
                self.disagreements.setItem(i, j, _item(v, d if j == 0 else None))
        self.figures.resizeColumnsToContents()

    def open_row(self, row: int) -> None:
        item = self.disagreements.item(row, 0)
        if item is None:
            return
        d = item.data(Qt.UserRole)
        self.window_.open_document(d["document_id"], d["start"], d["end"])


class CurationView(QDialog):
    """One document's units of a layer: a row per unit, a column per annotator (their version), and the gold set."""

    def __init__(self, window, project, document_id: str, layer: str | None = None):
        super().__init__(window)
        self.setObjectName("curationView")
        self.window_ = window
        self.project = project
        self.document_id = document_id
        layers = _span_layers(project)
        self.layer_name = layer or (window.active_layer() if window.active_layer() in layers else None) or \
            (layers[0] if layers else None)
        title = next((d["title"] for d in project.document_summaries() if d["id"] == document_id), document_id)
        self.setWindowTitle(f"Curate: {title}")
        lay = QVBoxLayout(self)
        self.help = QLabel("1–9 take that annotator's version · B both · X neither · A merge all agreed · "
                           "N/P next/previous · Enter show in the reader · Ctrl+Z undo. Green rows: everyone agrees.")
        self.help.setWordWrap(True)
        lay.addWidget(self.help)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("curationUnits")
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        merge = QPushButton("Merge all agreed (A)")
        merge.clicked.connect(self.merge_agreed)
        buttons.addWidget(merge)
        buttons.addStretch(1)
        self.status = QLabel()
        buttons.addWidget(self.status)
        lay.addLayout(buttons)
        # the unit table owns the curation keys (an event filter: plain keys in an item view would otherwise start
        # its type-ahead search, and the main window's number keys label text selections)
        self._keys = {getattr(Qt, f"Key_{i}"): (lambda i=i: self.take_source(i - 1)) for i in range(1, 10)}
        self._keys.update({Qt.Key_B: self.take_both, Qt.Key_X: self.take_neither, Qt.Key_A: self.merge_agreed,
                           Qt.Key_N: lambda: self.move(1), Qt.Key_P: lambda: self.move(-1),
                           Qt.Key_Return: self.show_in_reader, Qt.Key_Enter: self.show_in_reader})
        self.table.installEventFilter(self)
        self._undo = QShortcut(QKeySequence.Undo, self, self.undo, context=Qt.WidgetWithChildrenShortcut)
        self.resize(900, 480)
        self.units: list[curation.Unit] = []
        self.sources: list[str] = []
        self.refresh()
        if self.units:
            self.table.selectRow(0)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        plain = obj is self.table and event.type() in (QEvent.KeyPress, QEvent.ShortcutOverride) and not (
            event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier))
        slot = self._keys.get(event.key()) if plain else None
        if slot is not None:
            if event.type() == QEvent.ShortcutOverride:  # ours, not a window-wide shortcut's
                event.accept()
                return True
            slot()
            return True
        return super().eventFilter(obj, event)

    # -------------------------------------------------------------------------------- model
    def refresh(self) -> None:
        row = max(self.table.currentRow(), 0)
        if self.layer_name is None:
            self.units, self.sources = [], []
            self.status.setText("No annotations to curate yet.")
            self.table.setRowCount(0)
            return
        self.units = curation.units(self.project, self.document_id, self.layer_name)
        self.sources = list(self.units[0].versions) if self.units else []
        text = self.project.text(self.document_id)
        cols = ["text", *[f"{i + 1}: {s}" for i, s in enumerate(self.sources)], "gold"]
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels(cols)
        self.table.setRowCount(len(self.units))
        for i, u in enumerate(self.units):
            cells = [text[u.start:u.end].replace("\n", " ")]
            for s in self.sources:
                cells.append(", ".join(f"{a.label} «{text[a.start:a.end]}»" for a in u.versions[s]) or "—")
            cells.append(", ".join(f"{c.label} «{text[c.start:c.end]}»" for c in u.curated) or "")
            for j, c in enumerate(cells):
                it = _item(c)
                it.setBackground(AGREED if u.agreed else DISAGREED)
                self.table.setItem(i, j, it)
        done = sum(u.decided for u in self.units)
        self.status.setText(f"{done} of {len(self.units)} units decided; {sum(u.agreed for u in self.units)} agreed")
        if self.units:
            self.table.selectRow(min(row, len(self.units) - 1))
        self.table.resizeColumnsToContents()

    def current(self) -> curation.Unit | None:
        r = self.table.currentRow()
        return self.units[r] if 0 <= r < len(self.units) else None

    # -------------------------------------------------------------------------------- actions
    def _after(self, advance: bool = True) -> None:
        row = self.table.currentRow()
        self.refresh()
        if advance:
            self.table.selectRow(min(row + 1, max(len(self.units) - 1, 0)))
        self.window_.refresh()

    def take_source(self, index: int) -> None:
        u = self.current()
        if u is None or index >= len(self.sources):
            return
        curation.take(self.project, u.versions[self.sources[index]])
        self._after()

    def take_both(self) -> None:
        u = self.current()
        if u is None:
            return
        curation.take(self.project, [a for s in self.sources for a in u.versions[s]])
        self._after()

    def take_neither(self) -> None:
        u = self.current()
        if u is None:
            return
        curation.discard(self.project, u)
        self._after()

    def merge_agreed(self) -> None:
        if self.layer_name is None:
            return
        res = curation.merge_agreed(self.project, self.layer_name, documents=[self.document_id])
        self.status.setText(f"merged {res['annotations']} agreed annotation(s) and {res['links']} link(s)")
        self._after(advance=False)

    def undo(self) -> None:
        self.window_.undo_action.trigger()  # the window's undo: its message, its per-author rules
        self._after(advance=False)

    def move(self, step: int) -> None:
        if self.units:
            self.table.selectRow(max(0, min(len(self.units) - 1, self.table.currentRow() + step)))

    def show_in_reader(self) -> None:
        u = self.current()
        if u is not None:
            self.window_.open_document(self.document_id, u.start, u.end)


def text_panes(window) -> list:
    panes = [window.reader.pane]
    compare = getattr(window, "compare", None)
    if compare is not None:
        panes += [compare.left, compare.right]
    return panes


def show_authors(window, authors: frozenset[str] | None) -> None:
    """Show only these annotators' annotations in the reader and the compare view (None: everyone's)."""
    from .text_pane import TextPane

    TextPane.authors = authors  # every pane, the compare view's included, and panes made later
    window.refresh()
    for pane in text_panes(window):
        if pane.document_id:
            pane.set_annotations(window.project.span_rows(pane.document_id))
    who = "everyone's" if authors is None else ", ".join(sorted(authors)) + ("'s" if len(authors) == 1 else "")
    window.show_message(f"Showing {who} annotations")


def _fill_authors(window, menu) -> None:
    from .text_pane import TextPane

    menu.clear()
    me = window.project.author
    current = TextPane.authors
    names = sorted({a.author for a in window.project.annotations() if a.author})
    choices = [("Everyone", None), (f"Only mine ({me})", frozenset({me}))]
    choices += [(n, frozenset({n})) for n in names if n != me]
    for title, authors in choices:
        act = menu.addAction(title)
        act.setCheckable(True)
        act.setChecked(current == authors)
        act.triggered.connect(lambda _=False, a=authors: show_authors(window, a))


def install(window, menu_bar) -> QWidget:
    """Add the Team menu to the window: Agreement…, Curate this document…, Show annotations of…"""
    menu = menu_bar.addMenu("&Team")
    menu.setObjectName("teamMenu")
    act = menu.addAction("&Agreement…")
    act.setObjectName("action:agreement")
    act.triggered.connect(lambda: _show(window, AgreementView(window, window.project)))
    cur = menu.addAction("&Curate this document…")
    cur.setObjectName("action:curate")
    cur.triggered.connect(lambda: window.current_document_id() and _show(
        window, CurationView(window, window.project, window.current_document_id())))
    who = menu.addMenu("Show annotations &of")
    who.setObjectName("teamAuthors")
    who.aboutToShow.connect(lambda: _fill_authors(window, who))
    return menu


def _show(window, dialog: QDialog) -> QDialog:
    window._team_dialog = dialog  # keep a reference while it is open
    dialog.show()
    dialog.raise_()
    return dialog
