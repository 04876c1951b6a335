"""What an undo or redo step did, in words: "created PERSON 'Alexander Lukashenko'", "accepted 12 annotations
(PERSON 8, ORG 4)". Pure functions over the project's change records (no widgets), for the status bar.

Undo hands back the *reverting* changes (undoing a create deletes), so the original edit is named from their
inverse; redo hands back the edit itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

INVERSE = {"create": "delete", "delete": "create", "update": "update"}
VERBS = {"create": "created", "delete": "deleted"}
QUOTE_MAX = 50


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def _verb(change, undone: bool) -> str:
    action = INVERSE[change.action] if undone else change.action
    if action != "update":
        return VERBS[action]
    # the edit went from old to new: for an undo that is after -> before, for a redo before -> after
    old, new = (change.after, change.before) if undone else (change.before, change.after)
    if getattr(old, "status", None) != getattr(new, "status", None) and getattr(new, "status", None):
        return {"accepted": "accepted", "rejected": "rejected", "suggested": "reopened"}.get(new.status,
                                                                                             f"set {new.status}")
    if getattr(old, "label", None) != getattr(new, "label", None):
        return f"relabelled {getattr(old, 'label', '?')} as"
    return "edited"


def _what(change, text_of: Callable[[str, int, int], str]) -> str:
    obj = change.object
    if change.kind == "annotation":
        try:
            quote = _quote(text_of(obj.document_id, obj.start, obj.end))
        except Exception:  # the document is gone (deleted in the same step)
            quote = ""
        return f"{obj.label} '{quote}'" if quote else obj.label
    if change.kind == "link":
        return f"link {obj.label}"
    if change.kind == "entity":
        return f"entity '{getattr(obj, 'canonical_name', obj.id)}'"
    return change.kind


def describe(changes: Sequence, text_of: Callable[[str, int, int], str], *, undone: bool) -> str:
    """One line naming what the step did (``undone``: the changes come from an undo)."""
    if not changes:
        return ""
    if len(changes) == 1 and changes[0].action == "review":  # a bulk review (Project.review): one step
        c = changes[0]
        status = c.before["status"] if undone else c.after["status"]
        n, label = len(c.after["ids"]), c.after.get("label")
        what = f"annotations ({label} {n})" if label and n > 1 else "annotations" if n > 1 else \
            f"{label or 'suggestion'}"
        return f"{'accepted' if status == 'accepted' else 'rejected'} {n} {what}"
    groups: dict[tuple[str, str], list] = {}
    for c in changes:
        groups.setdefault((_verb(c, undone), c.kind), []).append(c)
    parts = []
    for (verb, kind), items in list(groups.items())[:3]:
        if len(items) == 1:
            parts.append(f"{verb} {_what(items[0], text_of)}")
            continue
        labels = Counter(getattr(c.object, "label", "") for c in items if getattr(c.object, "label", ""))
        detail = ", ".join(f"{lab} {n}" for lab, n in labels.most_common(4))
        more = "…" if len(labels) > 4 else ""
        parts.append(f"{verb} {len(items)} {kind}s" + (f" ({detail}{more})" if detail else ""))
    if len(groups) > 3:
        parts.append(f"and {len(groups) - 3} more kinds of change")
    return "; ".join(parts)
