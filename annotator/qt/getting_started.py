"""The getting-started panel: a short, dismissible strip above the reader on a first run that says what the window
shows and the three things to try, with their keys (pre-annotate, review, compare two reports and link).

Which keys it names comes from the window's keymap and the installed plugins' commands, so it stays true when a
plugin is missing or a key is taken. Closing it is remembered per user (``getting_started_done`` in the window
settings); Help > Getting started shows it again.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from .keymap import GLOBAL_KEYS


def steps(window) -> list[tuple[str, str]]:
    """(title, what to do) for each thing to try, with the keys this window really has."""
    km = window.keys.keymap
    key = km.key_of
    commands = window.project.commands()
    suggest = GLOBAL_KEYS["suggest"]
    pre = next((c for c in commands.values() if "preannotate" in c.id or "pre-annotate" in c.title.lower()), None)
    pre_text = "or Annotate > Suggest > <b>All suggesters, all documents</b>"
    if pre is not None:
        pre_key = km.key_of("command", pre.id)
        pre_text = f"or <b>{html.escape(pre.title)}</b>" + (f" ({pre_key})" if pre_key else "")
    out = [("Pre-annotate",
            f"Press <b>Suggest</b> ({suggest}) for the open report, {pre_text} for all of them: "
            "the plugins propose entities, quotes and claims as <i>suggestions</i> (dashed underline).")]
    nxt = key("core", "next") or "N"
    acc = " or ".join(k for k in km.keys_of("core", "accept") if k in ("Enter", "A"))
    rej = " or ".join(km.keys_of("core", "reject"))
    out.append(("Review",
                f"In the text, <b>{nxt}</b> jumps to the next suggestion, <b>{acc or 'Enter'}</b> accepts it "
                f"(filled, solid bar), <b>{rej or 'Backspace'}</b> rejects it; the next one is selected each time."))
    links = [c for c in commands.values() if c.id.endswith(".link") and km.key_of("command", c.id)]
    link = links[0] if links else None
    link_key = km.key_of("command", link.id) if link else None
    link_text = (f" Select a claim in each pane and press <b>{html.escape(link_key)}</b> to link them "
                 f"({html.escape(link.title)})." if link and link_key else "")
    out.append(("Compare two reports",
                f"Select two reports in the corpus list (Ctrl+click) and press <b>Compare selected</b> "
                f"({GLOBAL_KEYS['compare']}): they open side by side.{link_text}"))
    return out


class GettingStarted(QFrame):
    """The strip itself; ``dismissed`` when its Close button is pressed."""

    dismissed = Signal()
    preannotateRequested = Signal()

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.setObjectName("gettingStarted")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet("#gettingStarted { background: #eef4fb; border: 1px solid #b6cde6; border-radius: 4px; }")
        self.window_ref = window
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.RichText)
        self.body = QLabel()
        self.body.setObjectName("gettingStartedSteps")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.RichText)
        self.preannotate_button = QPushButton("Pre-annotate all reports now")
        self.preannotate_button.setObjectName("gettingStartedPreannotate")
        self.preannotate_button.clicked.connect(self.preannotateRequested.emit)
        self.close_button = QPushButton("Got it")
        self.close_button.setObjectName("gettingStartedClose")
        self.close_button.setToolTip("Hide this panel (Help > Getting started shows it again)")
        self.close_button.clicked.connect(self.dismissed.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preannotate_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addWidget(self.intro)
        lay.addWidget(self.body)
        lay.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        w = self.window_ref
        self.intro.setText("<b>Getting started.</b> On the left, the reports of the project; in the middle, the "
                           "report you read; on the right, its annotations and the plugins' panels (tabs).")
        items = "".join(f"<li><b>{html.escape(t)}</b>: {d}</li>" for t, d in steps(w))
        self.body.setText(f"<ol style='margin-left:-20px'>{items}</ol>")
        self.preannotate_button.setVisible(bool(w.project.suggesters()))

    def text(self) -> str:
        """The panel's words without markup (what a test or a screen reader sees)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.intro.text() + self.body.text())
        return doc.toPlainText()
