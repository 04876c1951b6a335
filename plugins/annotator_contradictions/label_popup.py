"""The small label popup of "Link selected claims": the link labels with their number keys, the last one used
first in focus (Enter), Esc to cancel. Qt only; imported lazily by the command when it runs in the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QCursor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QTextEdit, QWidget

OBJECT_NAME = "contradictionLabelPopup"


class LabelMenu(QMenu):
    """A menu whose keys win over the window's shortcuts while it is open: the number keys are also label
    keys of the active layer (and Enter accepts a suggestion) in the text pane that keeps the focus under a
    popup, so without this ``1`` would annotate the selection instead of choosing the first label."""

    def event(self, event):  # noqa: D401 - Qt override
        if event.type() == QEvent.ShortcutOverride and not (
                event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier)):
            event.accept()
            return True
        return super().event(event)


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


def _anchor(parent: QWidget | None) -> QPoint:
    """Where to open: at the text cursor of the focused text view, else at the mouse."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QTextEdit):
        rect = focus.cursorRect()
        return focus.viewport().mapToGlobal(rect.bottomRight())
    if parent is not None and parent.isVisible():
        return parent.mapToGlobal(parent.rect().center())
    return QCursor.pos()


def ask_label(window, labels: Sequence, default: str, on_chosen: Callable[[str], None]) -> QMenu:
    """Open the popup (non-blocking) and call ``on_chosen(label_name)`` when one is picked."""
    parent = window if isinstance(window, QWidget) else None
    menu = LabelMenu(parent)
    menu.setObjectName(OBJECT_NAME)
    menu.setTitle("Link as…")
    menu.setToolTipsVisible(True)
    default_action: QAction | None = None
    for i, label in enumerate(labels):
        key = str(i + 1) if i < 9 else ""
        text = f"&{key}  {label.name}" if key else label.name
        action = menu.addAction(_swatch(label.color), text)
        action.setData(label.name)
        if label.description:
            action.setToolTip(label.description)
        if label.name == default:
            default_action = action
    if default_action is not None:
        menu.setActiveAction(default_action)
    menu.triggered.connect(lambda action: on_chosen(action.data()))
    menu.aboutToHide.connect(menu.deleteLater)
    menu.popup(_anchor(parent), default_action)
    return menu
