"""What plugins may ask of the window, as a Qt-free protocol.

Panels get it as ``factory(project, window)``; commands find it as ``context["window"]`` when run from the
window (headless runs have no ``window`` key). The Qt main window implements it; plugins depend on this
protocol, never on the window's classes.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable


def bind_lifetime(owner: Any, release: Callable[[], None]) -> None:
    """Call ``release()`` once ``owner`` is gone: when a Qt object emits ``destroyed`` (a panel closed or rebuilt
    by the Plugins dialog), else when the Python object is garbage-collected. Used by
    ``project.subscribe(callback, owner=widget)``; needs no Qt import."""
    destroyed = getattr(owner, "destroyed", None)
    if destroyed is not None and hasattr(destroyed, "connect"):
        destroyed.connect(lambda *_: release())
        return
    try:
        weakref.finalize(owner, release)
    except TypeError:  # not weak-referenceable: lives as long as the subscription
        pass


def owner_alive(owner: Any) -> bool:
    """False once a Qt object's C++ side is deleted (its Python wrapper may outlive it); True for anything else."""
    shiboken = sys.modules.get("shiboken6")
    if shiboken is None:
        return True
    try:
        return bool(shiboken.isValid(owner))
    except TypeError:  # not a Qt object
        return True


@runtime_checkable
class WindowAPI(Protocol):
    def current_document_id(self) -> str | None:
        """The document shown in the reader (or the left pane of the compare view when it has focus)."""

    def selection(self) -> tuple[str, int, int] | None:
        """The selected span of the focused text view as (document id, start, end) in code points, or None."""

    def compare_selections(self) -> tuple[tuple[str, int, int] | None, tuple[str, int, int] | None]:
        """The selected spans of the compare view's left and right panes (each may be None)."""

    def compare_documents(self) -> tuple[str | None, str | None]:
        """The documents open in the compare view's left and right panes."""

    def open_document(self, document_id: str, start: int | None = None, end: int | None = None) -> None:
        """Show a document in the reader, scrolled to and selecting ``start``-``end`` when given."""

    def open_compare(self, left: tuple[str, int, int] | str, right: tuple[str, int, int] | str) -> None:
        """Show two documents side by side; each side is a document id or (document id, start, end). When a
        link joins exactly the two given ends, it is highlighted as the current link of the compare view."""

    def active_layer(self) -> str | None:
        """The layer whose labels the number keys apply."""

    def set_active_layer(self, layer: str) -> None:
        """Make ``layer`` the active one."""

    def refresh(self) -> None:
        """Reload views from the project (after a plugin changed it outside the usual edit calls)."""

    def show_message(self, text: str, timeout_ms: int = 4000) -> None:
        """A transient message in the status bar."""

    def suggest(self, plugin: str | None = None, document_ids: list[str] | None = None, *,
                title: str | None = None, on_done=None) -> None:
        """Run one plugin's suggesters (every suggester when ``plugin`` is None) over ``document_ids`` (all when
        None) off the UI thread, with a progress dialog and Cancel, then refresh the views and show the summary.
        ``on_done(report_or_exception)`` runs on the UI thread after (the report is a ``SuggestReport``)."""

    def run_long(self, title: str, work, on_done=None) -> None:
        """Run ``work(task)`` off the UI thread with a progress dialog and Cancel; ``task`` is an
        :class:`annotator.TaskContext`. ``on_done(result_or_exception)`` runs on the UI thread after.
        ``work`` must not use the window's project object from the worker thread: open its own with
        ``project.reopen()`` if it needs one."""
