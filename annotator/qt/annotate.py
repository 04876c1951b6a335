"""Annotating from the keyboard, on whichever text pane has focus (the reader or a compare pane):

- a label key commits an annotation of the (word-snapped) selection through ``project.add_annotation``;
- accept/reject the suggestion under the cursor, then move on to the next one;
- next/previous suggestion; accept every suggestion of one label in the document;
- undo/redo through the project's operation log.

No widget state is the source of truth: every action reads the pane's position, calls the project, and the
views redraw from the project's change notification.
"""

from __future__ import annotations

from collections.abc import Callable

from ..services.project import EditError
from .step_names import describe
from .text_pane import TextPane


class Annotator:
    def __init__(self, project, pane: Callable[[], TextPane | None], message: Callable[[str], None]):
        self.project = project
        self._pane = pane
        self._message = message

    # ------------------------------------------------------------------------------------- create

    def annotate(self, layer: str, label: str, *, exact: bool = False):
        """Annotate the focused pane's selection with ``layer``/``label``. Returns the annotation or None."""
        pane = self._pane()
        if pane is None or pane.document_id is None:
            self._message("Open a document first")
            return None
        if exact:
            span = pane.selection_cp()
        else:
            span = pane.snapped_selection()
        if span is None:
            self._message(f"Select some text, then press the key for {label}")
            return None
        try:
            ann = self.project.add_annotation(pane.document_id, span[0], span[1], layer, label)
        except EditError as exc:
            self._message(f"Not annotated: {exc}")
            return None
        pane.select_cp(span[1], None, center=False)  # collapse the selection after the new span
        self._message(f"{label} ({layer}): “{pane.text[span[0]:span[1]][:60]}”")
        return ann

    # ------------------------------------------------------------------------------------- review

    def _suggestion_here(self, pane: TextPane):
        c = pane.textCursor()
        if c.hasSelection():
            return pane.index.suggestion_at(c.selectionStart(), c.selectionEnd())
        return pane.index.suggestion_at(c.position())

    def review(self, status: str) -> bool:
        """Accept or reject the suggestion under the cursor and select the next one."""
        pane = self._pane()
        if pane is None or pane.document_id is None:
            return False
        span = self._suggestion_here(pane)
        if span is None:
            self._message("No suggestion under the cursor (N / P move to the next / previous one)")
            return False
        ann = span.annotation
        try:
            self.project.set_status([ann.id], status)
        except EditError as exc:
            self._message(str(exc))
            return False
        verb = "Accepted" if status == "accepted" else "Rejected"
        self._message(f"{verb} {ann.label}: “{pane.text[ann.start:ann.end][:60]}”")
        nxt = pane.index.next_suggestion(span.start)  # the index was rebuilt by the change notification
        if nxt is not None:
            self._select_span(pane, nxt)
        return True

    def _select_span(self, pane: TextPane, span) -> None:
        a = span.annotation
        pane.select_cp(a.start, a.end)

    def step(self, forward: bool) -> bool:
        pane = self._pane()
        if pane is None or pane.document_id is None:
            return False
        c = pane.textCursor()
        if forward:
            span = pane.index.next_suggestion(c.selectionStart() if c.hasSelection() else c.position() - 1)
        else:
            span = pane.index.previous_suggestion(c.selectionStart() if c.hasSelection() else c.position())
        if span is None:
            self._message("No suggestions in this document")
            return False
        self._select_span(pane, span)
        total = len(pane.index.suggestions())
        self._message(f"Suggestion: {span.annotation.label} ({span.annotation.layer}) · {total} left to review")
        return True

    def accept_label(self, label: str | None = None, layer: str | None = None) -> int:
        """Accept every suggestion of ``label`` (default: the one under the cursor) in the pane's document."""
        pane = self._pane()
        if pane is None or pane.document_id is None:
            return 0
        if label is None:
            span = self._suggestion_here(pane)
            if span is None:
                self._message("Put the cursor on a suggestion of the label to accept")
                return 0
            label, layer = span.annotation.label, span.annotation.layer
        try:  # one undo step, one log row: Project.review
            n = self.project.review("accepted", layer=layer, label=label, document=pane.document_id)
        except EditError as exc:
            self._message(str(exc))
            return 0
        self._message(f"Accepted {n} suggestion(s) of {label}")
        return n

    def suggestion_labels(self) -> list[tuple[str, str, int]]:
        """(layer, label, count) of the suggestions in the focused document."""
        pane = self._pane()
        if pane is None:
            return []
        counts: dict[tuple[str, str], int] = {}
        for a in pane.index.suggestions():
            counts[(a.layer, a.label)] = counts.get((a.layer, a.label), 0) + 1
        return [(la, lb, n) for (la, lb), n in sorted(counts.items())]

    # ------------------------------------------------------------------------------------- history

    def undo(self) -> bool:
        try:
            changes = self.project.undo()
        except EditError as exc:  # someone else changed what the step touched: nothing was undone
            self._message(str(exc))
            return False
        self._message(f"Undid: {self._describe(changes, True)}" if changes else
                      f"Nothing of yours to undo ({self.project.author}: other people's and other windows' "
                      "steps are theirs to undo)")
        return bool(changes)

    def redo(self) -> bool:
        try:
            changes = self.project.redo()
        except EditError as exc:
            self._message(str(exc))
            return False
        self._message(f"Redid: {self._describe(changes, False)}" if changes else "Nothing of yours to redo")
        return bool(changes)

    def _describe(self, changes, undone: bool) -> str:
        return describe(changes, lambda doc, s, e: self.project.text(doc)[s:e], undone=undone)
