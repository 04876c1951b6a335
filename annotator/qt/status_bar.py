"""The status bar: project name, counts (documents, annotations, suggestions), the annotator's name, and
"Saved" after every committed edit (each edit is its own SQLite transaction, so saved means on disk), and
"Saving…" while an edit waits for the file (another program's write holds it for a moment)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QStatusBar


class StatusBar(QStatusBar):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.project_label = QLabel()
        self.counts = QLabel()
        self.counts.setObjectName("statusCounts")
        self.author = QLabel()
        self.saved = QLabel("✓ Saved")
        self.saved.setObjectName("statusSaved")
        self.saved.setStyleSheet("color:#2e7d32")
        for w in (self.project_label, self.counts, self.author, self.saved):
            w.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(w)
        self.refresh()

    def refresh(self, document_id: str | None = None) -> None:
        self.project_label.setText(self.project.name)
        self.project_label.setToolTip(str(self.project.path))
        s = self.project.stats()
        by = s.get("annotations_by", [])
        suggested = sum(r["count"] for r in by if r["status"] == "suggested")
        accepted = sum(r["count"] for r in by if r["status"] == "accepted")
        text = f"{s['documents']} documents · {accepted} annotations · {suggested} suggestions · {s['links']} links"
        self.counts.setText(text)
        self.author.setText(f"Annotator: {self.project.author}")
        self.author.setToolTip("Your name, stored with each edit (Settings… to change)")

    def mark_saved(self) -> None:
        self.saved.setText(f"✓ Saved {time.strftime('%H:%M:%S')}")
        self.saved.setToolTip("Every edit is committed to the project file at once")

    def mark_busy(self, waiting: bool) -> None:
        """Show that an edit is waiting for the file (called on the UI thread, which the wait blocks: the
        label is repainted at once rather than at the next event loop turn)."""
        if waiting:
            self.saved.setText("⏳ Saving…")
            self.saved.setToolTip("The project file is busy (another program is writing); your edit waits, "
                                  "then is saved")
            self.saved.setStyleSheet("color:#b26a00")
        else:
            self.saved.setStyleSheet("color:#2e7d32")
            self.mark_saved()
        self.saved.repaint()
