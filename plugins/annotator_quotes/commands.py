"""Manual quote work, headless-testable: mark a selection as a quote (speaker found by the same patterns),
set a quote's speaker from a selection (an entity mention's entity is used), set it by name (matched to the
entity registry), and the window commands that call them.

Keys: ``Q`` (the quote label's shortcut, handled by the window) marks the selection as a plain quote;
``Shift+Q`` marks it and fills kind, speaker and cue; ``S`` makes the selected text the speaker of the nearest
quote; ``Shift+S`` opens the speaker editor (with completion from the entity registry) in the Quotes panel.
"""

from __future__ import annotations

import weakref

from annotator import Command, EditError

from .detect import DIRECT, KINDS, describe_span, normalize
from .layers import QUOTE
from .marks import ALL_MARKS
from .names import layer_mentions
from .suggester import parse_of, registry_of

# live Quotes panels, so a command can reach the one of its window
PANELS: weakref.WeakSet = weakref.WeakSet()


def _selection(context: dict) -> tuple[str, int, int]:
    doc_id, sel = context.get("document_id"), context.get("selection")
    if not doc_id or not sel or sel[1] <= sel[0]:
        raise EditError("select some text in the reader first")
    return doc_id, int(sel[0]), int(sel[1])


def trim_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and quotation marks at the edges of a selection: the marks stay outside the quote."""
    while start < end and (text[start].isspace() or text[start] in ALL_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ALL_MARKS):
        end -= 1
    return start, end


def quotes_of(project, document_id: str) -> list:
    return [a for a in project.annotations(document_id=document_id, layer=QUOTE) if a.status != "rejected"]


def nearest_quote(project, document_id: str, start: int, end: int, *, reach: int = 400):
    """The quote a selection is about: one overlapping it, else the nearest in its paragraph, else, within
    ``reach`` characters, the nearest one that has no speaker yet, else the nearest."""
    quotes = quotes_of(project, document_id)
    if not quotes:
        return None
    for a in quotes:
        if a.start < end and start < a.end:
            return a
    text = project.text(document_id)
    para_start = text.rfind("\n\n", 0, start) + 1
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end

    def distance(a) -> int:
        return a.start - end if a.start >= end else start - a.end

    same_para = [a for a in quotes if para_start <= a.start and a.end <= para_end]
    if same_para:
        return min(same_para, key=distance)
    pool = [a for a in quotes if distance(a) <= reach]
    return min(pool, key=lambda a: (bool((a.attributes or {}).get("speaker")), distance(a))) if pool else None


def entity_for(project, name: str) -> str | None:
    """The id of the one entity whose canonical name or alias is ``name`` (None if none or several)."""
    key = normalize(name)
    ids = {eid for eid, names in registry_of(project) for n in names if normalize(n) == key}
    return next(iter(ids)) if len(ids) == 1 else None


def set_speaker(project, ann_id: str, name: str, entity_id: str | None = None):
    """Set a quote's speaker (``name`` as written); the entity is ``entity_id`` or the registry entry the
    name matches. An empty name clears the speaker."""
    name = " ".join(name.split())
    if not name:
        return project.set_attributes(ann_id, speaker="", speaker_entity_id=None)
    entity_id = entity_id or entity_for(project, name)
    kind = {}
    current = project.annotation(ann_id)
    if current is not None and not (current.attributes or {}).get("kind"):
        kind = {"kind": DIRECT}  # a quote marked by hand with Q: direct once it has a speaker (editable)
    return project.set_attributes(ann_id, speaker=name, speaker_entity_id=entity_id, **kind)


def set_kind(project, ann_id: str, kind: str):
    """Set a quote's kind (direct, partial, scare, indirect); anything else is refused and changes nothing."""
    if kind not in KINDS:
        raise EditError(f"unknown quote kind {kind!r}: choose one of {', '.join(KINDS)}")
    return project.set_attributes(ann_id, kind=kind)


def set_speaker_from_selection(project, document_id: str, start: int, end: int, quote_id: str | None = None):
    """The selected text becomes the speaker of quote ``quote_id`` (the one selected in the Quotes panel) or
    else of the quote nearest the selection; if the selection is (part of) an entity mention, the quote's
    ``speaker_entity_id`` is that mention's entity."""
    text = project.text(document_id)
    start, end = trim_marks(text, start, end)
    if end <= start:
        raise EditError("select the speaker's name")
    quote = project.annotation(quote_id) if quote_id else None
    if quote is None or quote.document_id != document_id or quote.layer != QUOTE or \
            max(quote.start - end, start - quote.end) > 400:  # the panel's choice only when it is close by
        quote = nearest_quote(project, document_id, start, end)
    if quote is None:
        raise EditError("no quote near the selection: mark the quote first (select it and press Q)")
    if quote.start <= start and end <= quote.end:
        raise EditError("the selection is inside the quote: select the speaker's name outside it")
    entity_id = None
    best = 0
    for m in project.annotations(document_id=document_id, layer="entity"):
        overlap = min(m.end, end) - max(m.start, start)
        if m.status != "rejected" and overlap > best and (m.attributes or {}).get("entity_id"):
            entity_id, best = m.attributes["entity_id"], overlap
    return set_speaker(project, quote.id, text[start:end], entity_id)


def mark_quote(project, document_id: str, start: int, end: int):
    """Mark a selection as a quote with kind, speaker and cue found by the attribution patterns (a selection
    without quotation marks around it is ``indirect``)."""
    text = project.text(document_id)
    start, end = trim_marks(text, start, end)
    if end <= start:
        raise EditError("select the quoted words")
    for a in quotes_of(project, document_id):
        if a.start == start and a.end == end:
            raise EditError("this span is already marked as a quote")
    mentions = layer_mentions(project.annotations(document_id=document_id, layer="entity"))
    q = describe_span(text, start, end, mentions, registry_of(project), parse=parse_of(project, document_id))
    attrs = q.attributes()
    if q.reason:
        attrs["_reason"] = q.reason
    return project.add_annotation(document_id, start, end, QUOTE, QUOTE, attrs)


# ------------------------------------------------------------------------------------- window commands


def _panel_of(project):
    return next((p for p in list(PANELS) if p.project is project), None)


def _run_set_speaker(project, context: dict):
    doc_id, start, end = _selection(context)
    panel = _panel_of(project)
    ann = set_speaker_from_selection(project, doc_id, start, end, panel.selected_id() if panel else None)
    window = context.get("window")
    if window is not None:
        window.show_message(f"speaker: {ann.attributes.get('speaker')}")
    return ann


def _run_mark(project, context: dict):
    doc_id, start, end = _selection(context)
    ann = mark_quote(project, doc_id, start, end)
    window = context.get("window")
    if window is not None:
        speaker = ann.attributes.get("speaker") or "no speaker found"
        window.show_message(f"quote marked ({ann.attributes.get('kind')}; {speaker})")
    return ann


def _run_edit_speaker(project, context: dict):
    doc_id = context.get("document_id")
    sel = context.get("selection") or (0, 0)
    quote = nearest_quote(project, doc_id, sel[0], sel[1]) if doc_id else None
    panel = _panel_of(project)
    if panel is not None:
        panel.edit_speaker(quote.id if quote is not None else None)
        return quote
    window = context.get("window")
    if window is not None:
        window.show_message("open the Quotes panel to edit speakers")
    return quote


def _run_links(project, context: dict):
    report = project.suggest("same-statement")
    window = context.get("window")
    if window is not None:
        window.show_message(report.summary())
        window.refresh()
    return report


COMMANDS = (
    Command("quotes.mark", "Mark selection as quote (find speaker)", _run_mark, shortcut="Shift+Q", menu="Quotes",
            description="Mark the selection as a quote and fill kind, speaker and cue from the text around it"),
    Command("quotes.set-speaker", "Set speaker from selection", _run_set_speaker, shortcut="S", menu="Quotes",
            description="The selected name (or entity mention) becomes the speaker of the nearest quote"),
    Command("quotes.edit-speaker", "Edit speaker…", _run_edit_speaker, shortcut="Shift+S", menu="Quotes",
            description="Type the speaker of the nearest quote, with completion from the entity registry"),
    Command("quotes.link", "Propose same-statement links", _run_links, menu="Quotes", headless=True,
            description="Compare the project's quotes across outlets and propose same-statement links"),
)
