"""The annotated text view shared by the reader and both panes of the compare view.

A read-only :class:`QTextEdit` that shows one document and draws its annotations itself, for the visible lines
only: accepted ones as a fill in their label's colour with a solid bar under the line, suggestions as a dashed
underline without fill, overlapping ones in separate lanes (stacked bars, deepening fills). Nothing is computed
per annotation up front except one sort (:class:`annotator.qt.spans.SpanIndex`), so a long document with
thousands of annotations opens at once and each repaint costs only the screen.

All offsets leaving this widget are code points (converted once, through :mod:`annotator.offsets`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip

from ..model import SpanRow
from ..offsets import OffsetMap, display_text
from ..specs import LayerSpec
from .layout import measure_margin
from .spans import Span, SpanIndex, snap_to_words

LINE_HEIGHT = 150  # percent: room under each line for stacked lane bars
LINE_HEIGHT_TAGS = 205  # percent, while label names are shown: room above each line for the names too
TAG_SCALE = 0.62  # label names' size relative to the text
DOC_MARGIN = 18  # px around the text (the side margins grow to centre a limited line length)
FILL_ALPHA = 80
BAR_H = 2
LANE_STEP = 3
SHOWN_STATUSES = ("accepted", "suggested")


def colour_of(layers: dict[str, LayerSpec], layer: str, label: str) -> QColor:
    spec = layers.get(layer)
    return QColor(spec.color_of(label) if spec else "#9e9e9e")


def _tint(c: QColor, lane: int) -> QColor:
    """The label colour mixed with white: an opaque fill that, multiplied onto the page, reads as a light
    background behind black text (deeper where fills overlap)."""
    a = (FILL_ALPHA if lane == 0 else FILL_ALPHA // 2 + 10) / 255
    return QColor(round(255 - (255 - c.red()) * a), round(255 - (255 - c.green()) * a),
                  round(255 - (255 - c.blue()) * a))


def _bar_colour(c: QColor) -> QColor:
    """A darker shade of a (often pastel) label colour, so the bar reads on white."""
    return c.darker(160) if c.lightness() > 150 else QColor(c)


class TextPane(QTextEdit):
    """Shows one document with its annotations; reports selections in code points."""

    selectionChangedCp = Signal()
    annotationClicked = Signal(str)  # annotation id under a click
    viewChanged = Signal()  # scrolled or resized: overlays (compare gutter) redraw

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self.document_id: str | None = None
        self.text = ""
        self.omap = OffsetMap("")
        self.index = SpanIndex((), self.omap)
        self.layers: dict[str, LayerSpec] = {}
        self.fetch = lambda _ann_id: None  # id -> full Annotation (attributes for tooltips), set by the owner
        self.name_of = lambda _value: None  # an attribute value that is an id (an entity's...) -> its name
        self.extend_menu = lambda _menu, _spans: None  # the window adds labelling and review entries
        self.marks: dict[str, QColor] = {}  # annotation id -> outline colour (links in the compare view)
        self.focus_id: str | None = None  # annotation outlined (chosen in the panel / a link)
        self.exact_selection = False  # the last mouse selection was made with Alt: no word snapping
        self._top_block = 0  # the block on top at the last paint (where the visible-range search starts)
        self._font_pt = 12.0
        self.measure = 0  # characters per line (0: the whole width); the column is centred in a wider pane
        self._side_margin = -1
        self.show_label_names = False  # label names drawn above their spans (toggled from the View menu)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewChanged.emit())
        self.selectionChanged.connect(self.selectionChangedCp.emit)

    # ----------------------------------------------------------------------------------- content

    def set_font_size(self, pt: float) -> None:
        self._font_pt = pt
        font = QFont(self.font())
        font.setPointSizeF(pt)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._apply_measure()

    def set_label_names(self, shown: bool) -> None:
        """Draw each annotation's label name above its first line (more room between lines while shown)."""
        shown = bool(shown)
        if shown == self.show_label_names:
            return
        self.show_label_names = shown
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.Document)
        fmt = QTextBlockFormat()
        fmt.setLineHeight(LINE_HEIGHT_TAGS if shown else LINE_HEIGHT, 1)
        cursor.mergeBlockFormat(fmt)
        self.viewport().update()

    def set_measure(self, chars: int) -> None:
        """Limit lines to about ``chars`` characters, centred (0: use the whole width)."""
        self.measure = max(0, int(chars))
        self._apply_measure()

    def _apply_measure(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self._font_pt)
        char_w = QFontMetricsF(font).averageCharWidth()
        margin = measure_margin(self.viewport().width(), char_w, self.measure, DOC_MARGIN)
        if margin == self._side_margin:
            return
        self._side_margin = margin
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        fmt.setLeftMargin(margin)
        fmt.setRightMargin(margin)
        frame.setFrameFormat(fmt)

    def set_document(self, document_id: str | None, text: str, annotations: Iterable = (),
                     layers: dict[str, LayerSpec] | None = None) -> None:
        self.document_id = document_id
        self.text = text
        self.omap = OffsetMap(text)
        self.layers = dict(layers or {})
        doc = QTextDocument(self)
        font = QFont(self.font())
        font.setPointSizeF(self._font_pt)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(DOC_MARGIN)
        doc.setUndoRedoEnabled(False)
        cursor = QTextCursor(doc)
        fmt = QTextBlockFormat()
        fmt.setLineHeight(LINE_HEIGHT_TAGS if self.show_label_names else LINE_HEIGHT, 1)  # ProportionalHeight
        cursor.setBlockFormat(fmt)
        cursor.insertText(display_text(text))
        self.setDocument(doc)  # Qt deletes the previous document (a child of this widget)
        self._side_margin = -1
        self._apply_measure()
        self._top_block = 0
        self.focus_id = None
        self.set_annotations(annotations)

    #: whose annotations are shown (None: everyone's); the window's Team › Show annotations of… sets it
    authors: frozenset[str] | None = None

    def shows(self, a) -> bool:
        return a.status in SHOWN_STATUSES and (self.authors is None or a.author in self.authors)

    def set_annotations(self, annotations: Iterable, layers: dict[str, LayerSpec] | None = None) -> None:
        """Show these annotations (``Annotation`` or light ``SpanRow`` objects); rejected ones are hidden, and so
        are other annotators' when :attr:`authors` names whose to show."""
        if layers is not None:
            self.layers = dict(layers)
        self.index = SpanIndex((a for a in annotations if self.shows(a)), self.omap)
        self.viewport().update()

    def apply_changes(self, changes) -> bool:
        """Update the highlights from the project's change records, touching only what changed. Returns
        whether any change concerned this document."""
        hit = False
        for c in changes:
            if c.kind != "annotation":
                continue
            obj = c.after if c.after is not None else c.before
            if obj.document_id != self.document_id and (c.before is None or c.before.document_id != self.document_id):
                continue
            hit = True
            if c.before is not None:
                self.index.remove(c.before.id)
            if c.after is not None and self.shows(c.after) and c.after.document_id == self.document_id:
                self.index.add(SpanRow.of(c.after))
        if hit:
            self.viewport().update()
        return hit

    def set_marks(self, marks: dict[str, QColor]) -> None:
        self.marks = dict(marks)
        self.viewport().update()

    def clear_document(self) -> None:
        self.set_document(None, "", ())

    # ----------------------------------------------------------------------------------- offsets

    def selection_cp(self) -> tuple[int, int] | None:
        """The selection in code points, or None when nothing is selected."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self.omap.span_to_codepoint(c.selectionStart(), c.selectionEnd())

    def cursor_cp(self) -> int:
        return self.omap.to_codepoint(self.textCursor().position())

    def snapped_selection(self) -> tuple[int, int] | None:
        """The selection widened to whole words (unless it was made with Alt held), in code points."""
        sel = self.selection_cp()
        if sel is None:
            return None
        if self.exact_selection:
            return sel
        start, end = snap_to_words(self.text, *sel)
        return (start, end) if end > start else None

    def select_cp(self, start: int, end: int | None = None, *, center: bool = True) -> None:
        """Select code points ``start``-``end`` (or put the cursor at ``start``) and scroll there."""
        n = len(self.text)
        s16 = self.omap.to_utf16(max(0, min(start, n)))
        c = QTextCursor(self.document())
        c.setPosition(s16)
        if end is not None:
            c.setPosition(self.omap.to_utf16(max(0, min(end, n))), QTextCursor.KeepAnchor)
        self.exact_selection = False
        self.setTextCursor(c)
        if center:
            self.center_on(start)

    def center_on(self, cp: int) -> None:
        """Scroll so that code point ``cp`` is in the middle of the view; once more after Qt has applied pending
        layout (a document just set, a tab just shown, side panels just hidden move the lines)."""
        self._center_now(cp)
        self._pending_center = cp
        QTimer.singleShot(0, self._center_pending)

    def _center_pending(self) -> None:
        cp, self._pending_center = getattr(self, "_pending_center", None), None
        if cp is not None:
            self._center_now(cp)

    def _center_now(self, cp: int) -> None:
        c = QTextCursor(self.document())
        c.setPosition(self.omap.to_utf16(max(0, min(cp, len(self.text)))))
        rect = self.cursorRect(c)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def y_of(self, cp: int) -> float | None:
        """The viewport y of the line holding code point ``cp`` (its vertical middle)."""
        c = QTextCursor(self.document())
        c.setPosition(self.omap.to_utf16(max(0, min(cp, len(self.text)))))
        r = self.cursorRect(c)
        return r.center().y()

    def span_at_point(self, point: QPoint) -> list[Span]:
        pos = self.cursorForPosition(point).position()
        # cursorForPosition snaps to the nearest gap; look at the character on either side of it
        hits = self.index.at(pos)
        if not hits and pos > 0:
            hits = [s for s in self.index.at(pos - 1) if self._point_in_span(point, s)]
        return hits

    def _point_in_span(self, point: QPoint, span: Span) -> bool:
        return any(r.contains(QPointF(point)) for r in self._rects(span.start, span.end))

    # ----------------------------------------------------------------------------------- painting

    def _visible_range(self) -> tuple[int, int]:
        """UTF-16 range of the blocks (paragraphs) on screen.

        Found from the blocks' geometry, starting at the block that was on top at the last paint and galloping
        to the one at the scroll position, so only blocks near the screen are touched (hit tests are avoided:
        right after a long document is set, Qt's lazy layout answers them from a stale state, slowly)."""
        doc = self.document()
        layout = doc.documentLayout()
        y = self.verticalScrollBar().value()
        bottom_y = y + self.viewport().height()
        count = doc.blockCount()

        def rect_of(n: int):
            return layout.blockBoundingRect(doc.findBlockByNumber(n))

        n = min(self._top_block, count - 1)
        if rect_of(n).bottom() < y:  # scrolled down: gallop forward, then bisect
            step, lo = 1, n
            while n + step < count and rect_of(n + step).bottom() < y:
                lo = n + step
                step *= 2
            hi = min(n + step, count - 1)
            while lo < hi:
                mid = (lo + hi) // 2
                if rect_of(mid).bottom() < y:
                    lo = mid + 1
                else:
                    hi = mid
            n = lo
        else:  # scrolled up (blocks above are laid out already): bisect between the start and here
            lo, hi = 0, n
            while lo < hi:
                mid = (lo + hi) // 2
                if rect_of(mid).bottom() < y:
                    lo = mid + 1
                else:
                    hi = mid
            n = lo
        self._top_block = n
        top = doc.findBlockByNumber(n)
        block = top
        while block.isValid() and layout.blockBoundingRect(block).top() <= bottom_y:
            last = block
            block = block.next()
        return top.position(), last.position() + last.length()

    def _rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles covering UTF-16 range ``start``-``end``, one per visual line."""
        doc = self.document()
        layout_of = doc.documentLayout()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        out: list[QRectF] = []
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            bpos = block.position()
            layout = block.layout()
            origin = layout_of.blockBoundingRect(block).topLeft()
            s = max(start, bpos) - bpos
            e = min(end, bpos + block.length() - 1) - bpos
            if e > s:
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls, ln = line.textStart(), line.textLength()
                    a, b = max(s, ls), min(e, ls + ln)
                    if b <= a:
                        continue
                    x1 = line.cursorToX(a)[0]
                    x2 = line.cursorToX(b)[0]
                    if x2 < x1:
                        x1, x2 = x2, x1
                    out.append(QRectF(origin.x() + x1 + dx, origin.y() + line.y() + dy, max(x2 - x1, 2.0),
                                      line.height()))
            block = block.next()
        return out

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        # the text first: Qt lays out what is on screen while drawing it, so the visible range found after it is
        # exact even in a long document opened a moment ago; fills then go "under" the glyphs by multiplying
        super().paintEvent(event)
        if not len(self.index):
            return
        lo, hi = self._visible_range()
        geometry = [(s, self._rects(s.start, s.end)) for s in self.index.overlapping(lo, hi)]
        if not geometry:
            return
        p = QPainter(self.viewport())
        p.setClipRect(event.rect())
        p.setCompositionMode(QPainter.CompositionMode_Multiply)
        for s, rects in geometry:
            if s.annotation.status != "accepted":
                continue
            tint = _tint(colour_of(self.layers, s.annotation.layer, s.annotation.label), s.lane)
            for r in rects:
                p.fillRect(r, tint)
        p.setCompositionMode(QPainter.CompositionMode_SourceOver)
        for s, rects in geometry:
            a = s.annotation
            c = _bar_colour(colour_of(self.layers, a.layer, a.label))
            lane = min(s.lane, 3)
            pen = QPen(c, BAR_H)
            pen.setCapStyle(Qt.FlatCap)
            if a.status == "suggested":
                pen.setStyle(Qt.CustomDashLine)
                pen.setDashPattern([3, 2])
            p.setPen(pen)
            for r in rects:
                y = r.bottom() + 1 + BAR_H / 2 + lane * LANE_STEP
                p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            mark = self.marks.get(a.id)
            if mark is not None or a.id == self.focus_id:
                outline = QPen(mark if mark is not None else QColor("#1a237e"), 1.6)
                p.setPen(outline)
                p.setBrush(Qt.NoBrush)
                for r in rects:
                    p.drawRoundedRect(r.adjusted(-1, -1, 1, 1), 2, 2)
        if self.show_label_names:
            self._paint_tags(p, geometry)
        p.end()

    def _paint_tags(self, p: QPainter, geometry) -> None:
        """Label names above the first line of each span (brat style): accepted ones as a filled tag in the
        label's colour, suggestions as an outlined, dashed tag; tags that would overlap move right."""
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, self._font_pt * TAG_SCALE))
        font.setBold(True)
        p.setFont(font)
        fm = QFontMetricsF(font)
        taken: list[QRectF] = []
        for s, rects in sorted(geometry, key=lambda g: (g[0].start, g[0].lane)):
            if not rects:
                continue
            a = s.annotation
            colour = _bar_colour(colour_of(self.layers, a.layer, a.label))
            first = rects[0]
            w, h = fm.horizontalAdvance(a.label) + 6, fm.height()
            tag = QRectF(first.left(), first.top() - h - 1, w, h)
            for other in taken:
                if other.intersects(tag):
                    tag.moveLeft(other.right() + 2)
            taken.append(tag)
            if a.status == "accepted":
                p.setPen(Qt.NoPen)
                p.setBrush(colour)
                p.drawRoundedRect(tag, 2, 2)
                p.setPen(QColor("#ffffff") if colour.lightness() < 150 else QColor("#000000"))
            else:
                pen = QPen(colour, 1)
                pen.setStyle(Qt.DashLine)
                p.setPen(pen)
                p.setBrush(QColor("#ffffff"))
                p.drawRoundedRect(tag, 2, 2)
                p.setPen(colour.darker(130))
            p.drawText(tag, Qt.AlignCenter, a.label)

    def tag_names(self) -> list[str]:
        """The label names drawn on screen (for tests): one per visible annotation while names are shown."""
        if not self.show_label_names or not len(self.index):
            return []
        lo, hi = self._visible_range()
        return [s.annotation.label for s in self.index.overlapping(lo, hi)]

    # ----------------------------------------------------------------------------------- events

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.ToolTip:
            spans = self.span_at_point(event.pos())
            if spans:
                QToolTip.showText(event.globalPos(), self.tooltip_html(spans), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if event.type() == QEvent.Resize:
            self._apply_measure()
            self.viewChanged.emit()
        return super().viewportEvent(event)

    def tooltip_html(self, spans: list[Span]) -> str:
        parts = []
        for s in spans[:6]:
            a = self.fetch(s.annotation.id) or s.annotation
            spec = self.layers.get(a.layer)
            layer_title = spec.title if spec and spec.title else a.layer
            colour = colour_of(self.layers, a.layer, a.label).name()
            status = "" if a.status == "accepted" else f" <i>({a.status})</i>"
            rows = [f"<span style='color:{colour}'>■</span> <b>{html.escape(a.label)}</b> · "
                    f"{html.escape(layer_title)}{status}"]
            quote = self.text[a.start:a.end]
            if len(quote) > 80:
                quote = quote[:77] + "…"
            rows.append(f"“{html.escape(quote)}”")
            attributes = getattr(a, "attributes", {}) or {}
            attrs = {k: v for k, v in attributes.items() if not k.startswith("_")}
            for k, v in list(attrs.items())[:6]:
                name = self.name_of(v) if isinstance(v, str) and v else None
                if name:  # an id (of an entity, an annotation): show what it names
                    k = k[:-3] if str(k).endswith("_id") else k
                    v = name
                rows.append(f"{html.escape(str(k).replace('_', ' '))}: {html.escape(str(v))}")
            if attributes.get("_reason"):
                rows.append(f"<i>why: {html.escape(str(attributes['_reason']))}</i>")
            rows.append(f"<span style='color:#666'>by {html.escape(a.author or '?')}"
                        f"{'' if a.origin == 'manual' else ' via ' + html.escape(a.origin)}</span>")
            parts.append("<br>".join(rows))
        if len(spans) > 6:
            parts.append(f"… and {len(spans) - 6} more")
        return "<hr>".join(parts)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        menu = self.createStandardContextMenu(event.pos())
        self.extend_menu(menu, self.span_at_point(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        if event.button() != Qt.LeftButton:
            return
        self.exact_selection = bool(event.modifiers() & Qt.AltModifier)
        if self.textCursor().hasSelection() and not self.exact_selection:
            snapped = self.snapped_selection()
            if snapped is not None:
                self._show_selection(*snapped)
        elif not self.textCursor().hasSelection():
            spans = self.span_at_point(event.position().toPoint())
            if spans:
                self.annotationClicked.emit(spans[0].annotation.id)

    def _show_selection(self, start: int, end: int) -> None:
        exact = self.exact_selection
        c = QTextCursor(self.document())
        c.setPosition(self.omap.to_utf16(start))
        c.setPosition(self.omap.to_utf16(end), QTextCursor.KeepAnchor)
        self.setTextCursor(c)
        self.exact_selection = exact

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        super().scrollContentsBy(dx, dy)
        self.viewChanged.emit()
