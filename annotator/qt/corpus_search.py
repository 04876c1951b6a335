"""Ctrl+Shift+F: search across the corpus (``project.search``) with a results list; choosing a hit opens its
document in the reader with the match selected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

HIT_ROLE = Qt.UserRole + 1
CONTEXT = 48


class CorpusSearch(QWidget):
    hitChosen = Signal(str, int, int)  # document id, start, end (code points)

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.edit = QLineEdit()
        self.edit.setObjectName("corpusSearchEdit")
        self.edit.setPlaceholderText("Search all documents (Enter)")
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(self.run)
        self.summary = QLabel("")
        self.results = QListWidget()
        self.results.setObjectName("corpusSearchResults")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.edit)
        lay.addWidget(self.summary)
        lay.addWidget(self.results, 1)

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def run(self, needle: str | None = None) -> int:
        if needle is not None:
            self.edit.setText(needle)
        needle = self.edit.text()
        self.results.clear()
        if not needle.strip():
            self.summary.setText("")
            return 0
        hits = self.project.search(needle, limit=2000)
        titles = {d["id"]: (d["source"] or "—", d["title"]) for d in self.project.document_summaries()}
        per_doc: dict[str, int] = {}
        for doc_id, pos in hits:
            per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
            text = self.project.text(doc_id)
            lo, hi = max(0, pos - CONTEXT), min(len(text), pos + len(needle) + CONTEXT)
            snippet = ("…" if lo else "") + text[lo:pos] + "[" + text[pos:pos + len(needle)] + "]" + \
                text[pos + len(needle):hi] + ("…" if hi < len(text) else "")
            source, title = titles.get(doc_id, ("?", doc_id))
            item = QListWidgetItem(f"{source} — {title}\n{' '.join(snippet.split())}")
            item.setData(HIT_ROLE, (doc_id, pos, pos + len(needle)))
            item.setToolTip(title)
            self.results.addItem(item)
        self.summary.setText(f"{len(hits)} match(es) in {len(per_doc)} document(s)" if hits else "no matches")
        return len(hits)

    def _chosen(self, item: QListWidgetItem) -> None:
        doc_id, start, end = item.data(HIT_ROLE)
        self.hitChosen.emit(doc_id, start, end)
