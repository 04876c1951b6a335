"""Logic of the views without widgets: the span index (visible-range lookup, lanes for overlaps, suggestion
navigation), word snapping, and the keymap's priorities and conflicts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator import Command, LabelSpec, LayerSpec, Panel
from annotator.model import Annotation
from annotator.offsets import OffsetMap
from annotator.qt.keymap import build_keymap
from annotator.qt.spans import SpanIndex, snap_to_words, word_at


def ann(i, s, e, status="accepted", label="X", layer="l"):
    return Annotation(f"a{i}", "d", s, e, layer, label, status=status)


def test_overlaps_get_separate_lanes_and_lanes_are_reused():
    idx = SpanIndex([ann(1, 0, 10), ann(2, 5, 15), ann(3, 12, 20), ann(4, 30, 40)], OffsetMap("x" * 50))
    lanes = {s.annotation.id: s.lane for s in idx.spans}
    assert lanes["a1"] != lanes["a2"]
    assert lanes["a3"] != lanes["a2"] and lanes["a3"] == lanes["a1"]  # a1 ended: its lane is free again
    assert lanes["a4"] == 0 and idx.lanes == 2


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 300)), max_size=60),
       st.integers(0, 5200), st.integers(1, 3000))
def test_overlapping_finds_exactly_the_intersecting_spans(raw, lo, width):
    anns = [ann(i, s, s + n) for i, (s, n) in enumerate(raw)]
    idx = SpanIndex(anns, OffsetMap("x" * 5400))
    got = {s.annotation.id for s in idx.overlapping(lo, lo + width)}
    assert got == {a.id for a in anns if a.start < lo + width and a.end > lo}
    lanes: dict[int, list] = {}
    for s in idx.spans:  # no two overlapping spans share a lane
        for other in lanes.get(s.lane, []):
            assert not (s.start < other.end and other.start < s.end)
        lanes.setdefault(s.lane, []).append(s)


def test_index_positions_are_utf16():
    text = "😀 Minsk"
    idx = SpanIndex([ann(1, 2, 7)], OffsetMap(text))
    assert (idx.spans[0].start, idx.spans[0].end) == (3, 8)
    assert idx.at(3)[0].annotation.id == "a1" and idx.at(2) == []


def test_suggestion_navigation_wraps():
    idx = SpanIndex([ann(1, 0, 3, "suggested"), ann(2, 10, 13), ann(3, 20, 23, "suggested")], OffsetMap("x" * 30))
    assert idx.next_suggestion(-1).annotation.id == "a1"
    assert idx.next_suggestion(0).annotation.id == "a3"
    assert idx.next_suggestion(20).annotation.id == "a1"
    assert idx.previous_suggestion(20).annotation.id == "a1"
    assert idx.previous_suggestion(0).annotation.id == "a3"
    assert idx.suggestion_at(21).annotation.id == "a3"
    assert idx.suggestion_at(11) is None
    assert idx.suggestion_at(23).annotation.id == "a3"  # the cursor just after it


def test_snap_to_words():
    text = "  President Alexander Lukashenko's claim, 'so-called' win  "
    s = text.index("ashen")
    assert text[slice(*snap_to_words(text, s, s + 3))] == "Lukashenko's"
    a = text.index("ident")
    b = text.index("Alex") + 2
    assert text[slice(*snap_to_words(text, a, b))] == "President Alexander"
    q = text.index("'so")
    assert text[slice(*snap_to_words(text, q + 1, q + 4))] == "so-called"  # the quote mark stays out
    assert text[slice(*snap_to_words(text, q, q + 4))] == "'so-called"  # unless selected
    assert snap_to_words(text, 0, 2) == (2, 2)  # blank only
    assert text[slice(*snap_to_words(text, text.index("claim"), text.index(",") + 1))] == "claim,"
    combining = "Лукаше\u0301нко said"
    assert combining[slice(*snap_to_words(combining, 2, 3))] == "Лукаше\u0301нко"
    assert word_at(text, text.index("win") + 1) == (text.index("win"), text.index("win") + 3)


def test_keymap_priorities_and_conflicts():
    layers = {
        "quote": LayerSpec("quote", labels=(LabelSpec("quote", shortcut="Q"),), plugin="quotes"),
        "claim": LayerSpec("claim", labels=(LabelSpec("claim", shortcut="C"),), plugin="contra"),
        "entity": LayerSpec("entity", labels=tuple(LabelSpec(n) for n in ("PERSON", "ORG", "GPE")),
                            plugin="ents"),
        "greedy": LayerSpec("greedy", labels=(LabelSpec("undo", shortcut="Ctrl+Z"), LabelSpec("a", shortcut="a")),
                            plugin="greedy"),
    }
    commands = {"link": Command("link", "Link", lambda p, c: None, shortcut="L", plugin="contra"),
                "dup": Command("dup", "Dup", lambda p, c: None, shortcut="Q", plugin="other")}
    km = build_keymap(layers, commands, [Panel("p", "P", lambda p, w: None, shortcut="Ctrl+Shift+E",
                                                plugin="ents")], "entity")
    assert km.bindings["Q"].payload == ("quote", "quote")
    assert km.bindings["C"].payload == ("claim", "claim")
    assert km.bindings["L"].kind == "command"
    assert km.bindings["A"].payload == ("greedy", "a")  # a plugin's label wins over the core's accept key
    assert km.keys_of("core", "accept") == ["Return", "Enter"]
    assert km.bindings["R"].payload == "reject" and km.bindings["N"].payload == "next"
    assert [km.bindings[k].payload for k in "123"] == [("entity", "PERSON"), ("entity", "ORG"), ("entity", "GPE")]
    assert "4" not in km.bindings
    assert km.bindings["Ctrl+Shift+E"].kind == "panel"
    assert "Ctrl+Z" not in km.bindings  # the window's undo is not for plugins
    assert any("Ctrl+Z" in c and "undo" in c for c in km.conflicts)
    assert any(c.startswith("other:") and "Q" in c for c in km.conflicts)


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60)), min_size=1, max_size=40), st.data())
def test_edits_keep_the_index_exact(raw, data):
    text = "x😀" * 300  # astral characters: queries in UTF-16, rows in code points
    omap = OffsetMap(text)
    anns = [ann(i, s, s + n, status="suggested" if i % 2 else "accepted") for i, (s, n) in enumerate(raw)]
    idx = SpanIndex(anns[: len(anns) // 2], omap)
    live = {a.id: a for a in anns[: len(anns) // 2]}
    for a in anns[len(anns) // 2:]:
        idx.add(a)
        live[a.id] = a
    for victim in data.draw(st.lists(st.sampled_from(sorted(live)), unique=True, max_size=len(live))):
        idx.remove(victim)
        del live[victim]
    lo = data.draw(st.integers(0, 500))
    hi = lo + data.draw(st.integers(1, 200))
    lo16, hi16 = omap.to_utf16(lo), omap.to_utf16(hi)
    got = {s.annotation.id for s in idx.overlapping(lo16, hi16)}
    assert got == {a.id for a in live.values() if a.start < hi and a.end > lo}
    spans = idx.spans
    for s in spans:
        for t in spans:
            if s is not t and s.lane == t.lane:
                assert not (s.start < t.end and t.start < s.end)
    assert [a.id for a in idx.suggestions()] == [
        a.id for a in sorted(live.values(), key=lambda a: (omap.to_utf16(a.start), a.id)) if a.status == "suggested"]


def test_project_span_rows_match_annotations(project):
    from annotator.model import SpanRow

    project.import_paths([__import__("demo_plugins").CORPUS])
    doc = project.documents()[0]
    assert project.span_rows(doc.id) == []
    project.host.register_object(__import__("demo_plugins").DemoPlugin(), name="demo-rows")
    project.reload_plugins()
    a = project.add_annotation(doc.id, 10, 20, "mention", "ORG")
    b = project.add_annotation(doc.id, 0, 5, "mention", "PERSON", status="suggested")
    rows = project.span_rows(doc.id)
    assert rows == [SpanRow.of(b), SpanRow.of(a)]  # by start, without attributes
    assert rows[0].status == "suggested" and rows[1].author == a.author


def test_none_refcount_guard():
    import sys

    import annotator.qt  # noqa: F401 - installs the guard where the binding needs it
    from annotator.qt import compat

    if sys.version_info < (3, 12) and (compat.none_leak_per_call() >= 0.5 or compat.bool_leak_per_emit() >= 0.5):
        assert compat._PROTECTED
        assert min(sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)) > 1 << 39
    else:
        assert not compat._PROTECTED


def test_bool_signals_emitted_many_times_do_not_crash_the_interpreter(qapp):
    """The crash on quit after twenty minutes: each emission of a bool signal took a reference from True
    (PySide6 6.12.0, Python 3.11); far more emissions than True had references now pass."""
    import sys

    from PySide6.QtCore import QObject, Signal

    import annotator.qt  # noqa: F401

    class Toggler(QObject):
        toggled = Signal(bool)

    t = Toggler()
    heard = []
    t.toggled.connect(lambda v: heard.append(v) if len(heard) < 3 else None)
    emissions = 200_000  # True and False have a few thousand references at most on an unprotected interpreter
    for i in range(emissions):
        t.toggled.emit(i % 2 == 0)
    assert heard == [True, False, True] and sys.getrefcount(True) > 0 and sys.getrefcount(False) > 0
