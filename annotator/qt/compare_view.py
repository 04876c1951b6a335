"""The compare view: two documents side by side, each with its own highlights, and the links between them.

Links (from any link layer, e.g. a contradiction linker's) whose ends lie in the two documents are drawn as
curves in the link's colour across a gutter between the panes, outlined on both ends, and listed below;
choosing one in the list scrolls both panes to its ends. Plugins read the two panes' selections through the
window (``compare_selections()``) to create links.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model import Annotation, Link
from .find_bar import FindBar
from .reader import DocumentHeader
from .text_pane import TextPane


class LinkGutter(QWidget):
    """Draws one curve per link from its end in the left pane to its end in the right pane."""

    def __init__(self, view: CompareView):
        super().__init__()
        self.view = view
        self.setFixedWidth(56)
        self.setObjectName("linkGutter")

    def _y(self, pane: TextPane, cp: int) -> float | None:
        y = pane.y_of(cp)
        if y is None:
            return None
        g = pane.viewport().mapToGlobal(pane.viewport().rect().topLeft())
        top = self.mapFromGlobal(g).y()
        h = pane.viewport().height()
        return top + max(-8.0, min(float(y), h + 8.0))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor("#f3f4f6"))
        w = self.width()
        for row in self.view.link_rows:
            left, right, colour = row["left"], row["right"], row["colour"]
            y1 = self._y(self.view.left, left.start)
            y2 = self._y(self.view.right, right.start)
            if y1 is None or y2 is None:
                continue
            path = QPainterPath(QPointF(0, y1))
            path.cubicTo(QPointF(w * 0.5, y1), QPointF(w * 0.5, y2), QPointF(w, y2))
            width = 3.0 if row["link"].id == self.view.current_link else 1.8
            pen = QPen(colour, width)
            if row["link"].status == "suggested":
                pen.setStyle(Qt.DashLine)
            p.setPen(pen)
            p.drawPath(path)
            p.setBrush(colour)
            p.drawEllipse(QPointF(2, y1), 3, 3)
            p.drawEllipse(QPointF(w - 2, y2), 3, 3)
        p.end()


class CompareView(QWidget):
    documentsChanged = Signal()

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.link_rows: list[dict] = []
        self.current_link: str | None = None
        self.left, self.right = TextPane(), TextPane()
        self.left.setObjectName("compareLeft")
        self.left.fetch = self.right.fetch = project.annotation
        self.right.setObjectName("compareRight")
        self.left_header, self.right_header = DocumentHeader(), DocumentHeader()
        for header in (self.left_header, self.right_header):
            header.empty_text = ("Choose a report in the list above, or select two in the corpus list (Ctrl+click) "
                                 "and press Compare selected (Ctrl+D).")
            header.show_document(None)
        self.left_choice, self.right_choice = QComboBox(), QComboBox()
        self.gutter = LinkGutter(self)
        for pane in (self.left, self.right):
            pane.viewChanged.connect(self.gutter.update)
        self.left_choice.activated.connect(lambda _i: self._chosen())
        self.right_choice.activated.connect(lambda _i: self._chosen())

        def side(choice, header, pane):
            w = QWidget()
            lay = QVBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(0)
            lay.addWidget(choice)
            lay.addWidget(header)
            lay.addWidget(pane, 1)
            pane.find_bar = FindBar(pane)  # Ctrl+F searches the pane that has focus
            lay.addWidget(pane.find_bar)
            return w

        for box in (self.left_choice, self.right_choice):  # long titles must not widen the window
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(16)

        panes = QWidget()
        row = QHBoxLayout(panes)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side(self.left_choice, self.left_header, self.left), 1)
        gutter_col = QVBoxLayout()
        gutter_col.setContentsMargins(0, 0, 0, 0)
        gutter_col.addWidget(self.gutter)
        row.addLayout(gutter_col)
        row.addWidget(side(self.right_choice, self.right_header, self.right), 1)

        self.links = QTableWidget(0, 4)
        self.links.setObjectName("compareLinks")
        self.links.setHorizontalHeaderLabels(["Link", "Left", "Right", "Status"])
        self.links.verticalHeader().hide()
        self.links.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.links.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.links.setSelectionMode(QAbstractItemView.SingleSelection)
        self.links.setWordWrap(False)
        h = self.links.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.Stretch)
        h.setSectionResizeMode(2, QHeaderView.Stretch)
        h.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        self.links.itemSelectionChanged.connect(self._link_chosen)
        self.links.cellClicked.connect(lambda r, _c: self.show_link(r))
        self.links_title = QLabel()
        self.links_title.setContentsMargins(6, 4, 6, 2)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(0)
        bl.addWidget(self.links_title)
        bl.addWidget(self.links)
        split = QSplitter(Qt.Vertical)
        split.addWidget(panes)
        split.addWidget(bottom)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._fill_choices()

    # ------------------------------------------------------------------------------------- documents

    def documents(self) -> tuple[str | None, str | None]:
        return self.left.document_id, self.right.document_id

    def _fill_choices(self) -> None:
        docs = self.project.document_summaries()
        for box, pane in ((self.left_choice, self.left), (self.right_choice, self.right)):
            box.blockSignals(True)
            box.clear()
            box.addItem("Choose a document…", None)
            for d in sorted(docs, key=lambda d: (d["source"] or "", d["title"] or "")):
                box.addItem(f"{d['source'] or '—'} — {d['title']}", d["id"])
            box.setCurrentIndex(max(0, box.findData(pane.document_id)))
            box.blockSignals(False)

    def _chosen(self) -> None:
        self.open(self.left_choice.currentData() or None, self.right_choice.currentData() or None)

    def _load(self, pane: TextPane, header: DocumentHeader, doc_id: str | None) -> None:
        doc = self.project.document(doc_id) if doc_id else None
        header.show_document(doc)
        if doc is None:
            pane.clear_document()
        else:
            pane.set_document(doc.id, doc.text, self.project.span_rows(doc.id), self.project.layers())

    def open(self, left: str | None, right: str | None) -> None:
        if left != self.left.document_id or not self.left.text:
            self._load(self.left, self.left_header, left)
        if right != self.right.document_id or not self.right.text:
            self._load(self.right, self.right_header, right)
        self._fill_choices()
        self.reload_links()
        self.documentsChanged.emit()

    def reload(self) -> None:
        layers = self.project.layers()
        for pane in (self.left, self.right):
            if pane.document_id is not None:
                try:
                    self.project.text(pane.document_id)
                except ValueError:
                    pane.clear_document()
                    continue
                pane.set_annotations(self.project.span_rows(pane.document_id), layers)
        self._fill_choices()
        self.reload_links()

    def apply_changes(self, changes) -> None:
        """Patch both panes' highlights; re-read the links when links (or link ends) changed."""
        hit = [pane.apply_changes(changes) for pane in (self.left, self.right) if pane.document_id]
        ends = {i for r in self.link_rows for i in (r["left"].id, r["right"].id)}
        if any(c.kind == "link" for c in changes) or any(
                c.kind == "annotation" and c.object is not None and c.object.id in ends for c in changes):
            self.reload_links()
        elif any(hit):
            self.gutter.update()

    # ------------------------------------------------------------------------------------- links

    def reload_links(self) -> None:
        self.link_rows = []
        left_id, right_id = self.documents()
        if left_id and right_id:
            layers = self.project.layers()
            links = [lk for lk in self.project.links(document_id=left_id) if lk.status != "rejected"]
            end_ids = list({i for lk in links for i in (lk.source_id, lk.target_id)})
            ends = {a.id: a for a in self.project.annotations(ids=end_ids)} if end_ids else {}
            for lk in links:
                s, t = ends.get(lk.source_id), ends.get(lk.target_id)
                if s is None or t is None:
                    continue
                if s.document_id == left_id and t.document_id == right_id:
                    pair = (s, t)
                elif t.document_id == left_id and s.document_id == right_id:
                    pair = (t, s)
                else:
                    continue
                spec = layers.get(lk.layer)
                colour = QColor(spec.color_of(lk.label) if spec else "#e53935")
                if colour.lightness() > 170:
                    colour = colour.darker(150)
                self.link_rows.append({"link": lk, "left": pair[0], "right": pair[1], "colour": colour})
            self.link_rows.sort(key=lambda r: (r["left"].start, r["right"].start))
        marks_l = {r["left"].id: r["colour"] for r in self.link_rows}
        marks_r = {r["right"].id: r["colour"] for r in self.link_rows}
        self.left.set_marks(marks_l)
        self.right.set_marks(marks_r)
        self._fill_links()
        self.gutter.update()

    def _quote(self, pane: TextPane, a: Annotation) -> str:
        t = pane.text[a.start:a.end].replace("\n", " ")
        return t if len(t) < 140 else t[:137] + "…"

    def _fill_links(self) -> None:
        self.links.blockSignals(True)
        self.links.setRowCount(len(self.link_rows))
        for r, row in enumerate(self.link_rows):
            lk: Link = row["link"]
            first = QTableWidgetItem(f"● {lk.label}")
            first.setForeground(row["colour"].darker(140))
            first.setToolTip(html.escape(f"{lk.layer}: {lk.label} by {lk.author}"))
            items = [first, QTableWidgetItem(self._quote(self.left, row["left"])),
                     QTableWidgetItem(self._quote(self.right, row["right"])), QTableWidgetItem(lk.status)]
            for c, item in enumerate(items):
                self.links.setItem(r, c, item)
            if lk.id == self.current_link:
                self.links.selectRow(r)
        self.links.blockSignals(False)
        n = len(self.link_rows)
        self.links_title.setText(f"<b>Links between the two documents</b> ({n})" if n else
                                 "<b>Links between the two documents</b>: none yet. Select a span in each pane "
                                 "and use a link command (e.g. the contradiction linker's).")

    def _link_chosen(self) -> None:
        rows = self.links.selectionModel().selectedRows()
        if rows:
            self.show_link(rows[0].row())

    def show_link(self, row: int) -> None:
        """Scroll both panes to the ends of the link in row ``row`` and select them."""
        if not 0 <= row < len(self.link_rows):
            return
        data = self.link_rows[row]
        self.current_link = data["link"].id
        for pane, ann in ((self.left, data["left"]), (self.right, data["right"])):
            pane.focus_id = ann.id
            pane.select_cp(ann.start, ann.end)
        self.gutter.update()

    def show_link_id(self, link_id: str) -> bool:
        for r, row in enumerate(self.link_rows):
            if row["link"].id == link_id:
                self.links.selectRow(r)
                self.show_link(r)
                return True
        return False

    def show_link_between(self, left: tuple[int, int], right: tuple[int, int]) -> bool:
        """Make the link whose ends are exactly these spans of the two panes the current one (thick curve,
        row selected), as when it is chosen in the list. False when no drawn link has these ends."""
        for r, row in enumerate(self.link_rows):
            if (row["left"].start, row["left"].end) == tuple(left) and (
                    row["right"].start, row["right"].end) == tuple(right):
                self.links.blockSignals(True)
                self.links.selectRow(r)
                self.links.blockSignals(False)
                self.show_link(r)
                return True
        return False
