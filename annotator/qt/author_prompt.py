"""The first-run question for the researcher's name (stored as the author of every edit).

Asked once, when no name is set (``config.author_question_due``): a non-blocking dialog with an empty name
field, a button offering the operating system's account name (used only if chosen), and "Later". Whatever the
answer, it is not asked again; the name can be changed in Settings or with ``annotator author NAME``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QVBoxLayout

from .. import config


class AuthorPrompt(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("authorPrompt")
        self.setWindowTitle("Your name")
        self.window_ = window
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Annotator records a name as the author of every annotation you make, and exports "
                                "carry it.\nWhich name should it record?"))
        self.name = QLineEdit()
        self.name.setObjectName("authorName")
        self.name.setPlaceholderText("e.g. Maria Novak, or initials")
        layout.addWidget(self.name)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Use this name", QDialogButtonBox.AcceptRole)
        account = config.account_name()
        self.account = None
        if account:
            self.account = QPushButton(f"Use my account name ({account})")
            self.account.clicked.connect(lambda: self.name.setText(account))
            buttons.addButton(self.account, QDialogButtonBox.ActionRole)
        buttons.addButton("Later", QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _r: config.update_config(author_asked=True))

    def _accept(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.name.setFocus()
            return
        self.window_.project.set_author(name)
        status = getattr(self.window_, "status", None)
        if status is not None and hasattr(status, "refresh"):
            status.refresh()
        self.accept()


def ask_author_once(window) -> AuthorPrompt | None:
    """Show the question (without blocking) if it is due and the project records the unnamed author."""
    if not config.author_question_due() or window.project.author != config.UNNAMED_AUTHOR:
        return None
    prompt = AuthorPrompt(window)
    window.author_prompt = prompt
    prompt.open()
    return prompt
