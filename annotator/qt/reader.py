"""The document reader: a header (title, outlet, date), the annotated text, and its find bar.

It reads everything through the project (``document()``, ``annotations(document_id=...)``, ``layers()``) and
reloads when told; it never edits.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .find_bar import FindBar
from .text_pane import TextPane


class DocumentHeader(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.RichText)
        self.setWordWrap(True)
        self.setContentsMargins(18, 10, 18, 8)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setObjectName("documentHeader")
        self.empty_text = "No document open. Double-click one in the corpus list (or import some: Ctrl+I)."

    def show_document(self, doc, extra: str = "") -> None:
        if doc is None:
            self.setText(f"<span style='color:#666'>{html.escape(self.empty_text)}</span>")
            return
        meta = " · ".join(x for x in (doc.source, doc.published or "") if x)
        self.setText(f"<div style='font-size:13pt; font-weight:600'>{html.escape(doc.title or doc.id)}</div>"
                     f"<div style='color:#555'>{html.escape(meta)}{html.escape(extra)}</div>")


class ReaderView(QWidget):
    """Shows one document of the project with its annotations."""

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.header = DocumentHeader()
        self.pane = TextPane()
        self.pane.setObjectName("readerPane")
        self.pane.fetch = project.annotation
        self.find_bar = self.pane.find_bar = FindBar(self.pane)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(self.pane, 1)
        lay.addWidget(self.find_bar)
        self.header.show_document(None)

    @property
    def document_id(self) -> str | None:
        return self.pane.document_id

    def open(self, document_id: str | None) -> None:
        if document_id is None:
            self.header.show_document(None)
            self.pane.clear_document()
            return
        doc = self.project.document(document_id)
        if doc is None:
            self.open(None)
            return
        self.header.show_document(doc)
        self.pane.set_document(doc.id, doc.text, self.project.span_rows(doc.id), self.project.layers())

    def reload(self) -> None:
        """Re-read the annotations (and layers) of the open document, keeping the scroll position."""
        if self.pane.document_id is None:
            return
        try:
            self.project.text(self.pane.document_id)
        except ValueError:  # the document was deleted
            self.open(None)
            return
        self.pane.set_annotations(self.project.span_rows(self.pane.document_id), self.project.layers())
