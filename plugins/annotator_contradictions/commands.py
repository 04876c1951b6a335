"""The contradiction linker's commands (menu "Contradictions"; the headless ones also run as ``annotator run ID``).

"Link selected claims" (L) reads the compare view's two selections and asks for the label with a small popup;
in the ordinary reader (or with only one pane selected) the first L marks the first end and the second L, on
another selection, completes the link. The edit itself is :func:`linking.create_link_between_spans`; this
module only gathers input. ``context`` may carry ``left``/``right`` spans and a ``label`` (scripts, tests).
"""

from __future__ import annotations

from annotator import Command, EditError

from . import LINK, PLUGIN, linking
from .layers import LINK_LABELS

Span = tuple[str, int, int]


def _span(value) -> Span | None:
    if value is None or len(value) != 3 or value[1] is None or value[2] is None or value[1] >= value[2]:
        return None
    return str(value[0]), int(value[1]), int(value[2])


def gather(context: dict) -> tuple[Span | None, Span | None]:
    """(left, right) when two ends are selected; (span, None) when only one is."""
    left, right = _span(context.get("left")), _span(context.get("right"))
    window = context.get("window")
    if (left is None or right is None) and window is not None:
        try:
            sel_l, sel_r = window.compare_selections()
        except (AttributeError, TypeError, ValueError):
            sel_l = sel_r = None
        left, right = left or _span(sel_l), right or _span(sel_r)
        if left is None and right is None:
            left = _span(window.selection())
    if left is None and right is None:
        raw = context.get("selection")
        if raw is not None and len(raw) == 2 and context.get("document_id"):
            raw = (context["document_id"], *raw)
        left = _span(raw)
    if left is None and right is not None:
        left, right = right, None
    return left, right


def _tell(context: dict, message: str) -> str:
    window = context.get("window")
    if window is not None:
        window.refresh()
        window.show_message(message, 6000)
    return message


def default_label(project) -> str:
    spec = project.layer(LINK)
    names = [lab.name for lab in spec.labels] if spec is not None else [lab.name for lab in LINK_LABELS]
    last = project.get_setting(PLUGIN, "last_label")
    return last if last in names else names[0]


def finish_link(project, context: dict, left: Span, right: Span, label: str) -> str:
    result = linking.create_link_between_spans(project, left, right, label,
                                               context.get("note", ""), context.get("facet"))
    linking.PENDING.clear(project)
    project.set_setting(PLUGIN, "last_label", label)
    return _tell(context, linking.describe(project, result))


def run_link(project, context: dict) -> str:
    left, right = gather(context)
    if left is None:
        raise EditError("select a claim first: in the compare view one span in each pane, or in the reader one "
                        "span (press L), then the other end (press L again)")
    if right is None:
        pending = linking.PENDING.get(project)
        first = linking.trim_span(project, left)
        if pending is None or pending == first:
            linking.PENDING.set(project, first)
            text = " ".join(project.text(first[0])[first[1]:first[2]].split())
            short = text if len(text) <= 50 else text[:47] + "…"
            return _tell(context, f"first end marked: “{short}”. Select the other claim (in any document) and "
                                  "press L again")
        left, right = pending, first
    label = context.get("label")
    window = context.get("window")
    if label is None and window is not None:
        from .label_popup import ask_label

        spec = project.layer(LINK)

        def chosen(name: str) -> None:
            try:
                finish_link(project, context, left, right, name)
            except EditError as exc:
                window.show_message(f"Not linked: {exc}", 8000)

        ask_label(window, spec.labels if spec else LINK_LABELS, default_label(project), chosen)
        return "choose the label (1-4, Enter for the last one used, Esc to cancel)"
    return finish_link(project, context, left, right, label or default_label(project))


def run_forget_end(project, context: dict) -> str:
    span = linking.PENDING.clear(project)
    return _tell(context, "first end forgotten" if span else "no first end was marked")


def run_suggest(project, context: dict) -> str:
    """Suggest candidates; in the window the work runs off the UI thread with progress and Cancel."""
    window = context.get("window")
    if window is None:
        return project.suggest(PLUGIN).summary()

    window.suggest(PLUGIN, title="Finding contradiction candidates")
    return "started"


def run_labels(project, context: dict) -> str:
    """Edit the project's contradiction labels: ``context["labels"]`` (text, one ``name: description`` a
    line) or, in the window, a small dialog with the current set."""
    from .layers import labels_from_text, labels_to_text

    spec = project.layer(LINK)
    current = spec.labels if spec else LINK_LABELS
    text = context.get("labels")
    window = context.get("window")
    if text is None and window is not None:
        from .labels_dialog import edit_labels

        text = edit_labels(window, labels_to_text(current))
        if text is None:
            return "labels unchanged"
    if text is None:
        return labels_to_text(current)
    labels = labels_from_text(text, current)
    project.set_labels(LINK, labels)
    if window is not None:
        window.refresh()
    return f"contradiction labels: {', '.join(lab.name for lab in labels)}"


def run_list(project, context: dict) -> str:
    from .rows import format_table, link_rows

    return format_table(link_rows(project))


def commands() -> list[Command]:
    return [
        Command("contradictions.link", "Link selected claims", run_link, shortcut="L", menu="Contradictions",
                toolbar=True,
                description="Link the spans selected in the compare view's two panes (or, in the reader, the "
                            "marked first end and the current selection) as claims, with a typed label"),
        Command("contradictions.forget-end", "Forget the marked first end", run_forget_end, menu="Contradictions",
                description="Drop the first end marked with L in the reader"),
        Command("contradictions.suggest", "Suggest contradiction candidates", run_suggest, menu="Contradictions",
                headless=True, shortcut="Ctrl+Shift+K",
                description="Align sentences across the articles and propose links where numbers, dates, "
                            "names, causes or negations differ, each with its reason"),
        Command("contradictions.labels", "Edit contradiction labels…", run_labels, menu="Contradictions",
                description="This project's link labels, one a line (name: description); keys 1-9 follow "
                            "the order"),
        Command("contradictions.list", "List contradiction links", run_list, menu="Contradictions", headless=True,
                description="Every contradiction link with both ends, label, status and note"),
    ]
