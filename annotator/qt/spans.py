"""Qt-free logic of the text views: which annotations a screen shows, how overlapping ones stack, where a
selection snaps to words, which suggestion comes next.

The reader asks :class:`SpanIndex` only for the range on screen, so opening a document with thousands of
annotations costs one sort, and painting costs only what is visible. Positions in the index are Qt's UTF-16
offsets (converted once, through :mod:`annotator.offsets`); everything handed back to the project is in code
points.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from itertools import accumulate, compress
from operator import attrgetter, ge
from typing import Any, NamedTuple

from ..offsets import OffsetMap

_CORE = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]")  # letters, digits, combining marks
_INNER = "'’-\u00ad"


class Span(NamedTuple):
    """One annotation as the view places it: UTF-16 offsets and its stacking lane (0 = lowest)."""

    start: int
    end: int
    lane: int
    annotation: Any  # an Annotation or a SpanRow: id, start, end, layer, label, status


def _order(a) -> tuple:
    return (a.start, -a.end, a.layer, a.label, a.id)


class SpanIndex:
    """Annotations of one document, indexed for "what overlaps this range", answered in UTF-16 offsets.

    Building it is a sort of the rows by start and one pass over C-level arrays; everything per annotation
    (UTF-16 positions, stacking lanes) is computed only for what a query touches. Lanes are assigned per
    *cluster* (a maximal run of transitively overlapping annotations) by greedy interval colouring, so they are
    the same whichever part of the document is on screen. Edits (:meth:`add`, :meth:`remove`) patch the rows.
    """

    def __init__(self, annotations: Iterable[Any], omap: OffsetMap):
        self.omap = omap
        rows = list(annotations)
        rows.sort(key=attrgetter("start"))
        self._rows = rows
        self._by_id = {a.id: a for a in rows}
        self._arrays()

    def _arrays(self, suggestions: bool = True) -> None:
        rows = self._rows
        self._starts = starts = [a.start for a in rows]
        ends = list(accumulate((a.end for a in rows), max))  # running maximum of ends
        # a cluster begins where no earlier annotation reaches past this one's start (C-level loops: an edit
        # in a document with 20,000 annotations stays within a few milliseconds)
        self._clusters = [0, *compress(range(1, len(rows)), map(ge, starts[1:], ends))] if rows else []
        self._lanes: dict[int, dict[str, int]] = {}
        if suggestions:
            to16 = self.omap.to_utf16
            self._suggested = sorted((to16(a.start), a.id) for a in rows if a.status == "suggested")

    def _cluster_of(self, i: int) -> tuple[int, int]:
        k = bisect_right(self._clusters, i) - 1
        c = self._clusters[k]
        nxt = self._clusters[k + 1] if k + 1 < len(self._clusters) else len(self._rows)
        return c, nxt

    def _lanes_of(self, c: int, nxt: int) -> dict[str, int]:
        lanes = self._lanes.get(c)
        if lanes is not None:
            return lanes
        lanes = {}
        busy: list[tuple[int, int]] = []
        free: list[int] = []
        used = 0
        for a in sorted(self._rows[c:nxt], key=_order):
            while busy and busy[0][0] <= a.start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane, used = used, used + 1
            heapq.heappush(busy, (a.end, lane))
            lanes[a.id] = lane
        self._lanes[c] = lanes
        return lanes

    def _span(self, i: int) -> Span:
        a = self._rows[i]
        c, nxt = self._cluster_of(i)
        to16 = self.omap.to_utf16
        return Span(to16(a.start), to16(a.end), self._lanes_of(c, nxt)[a.id], a)

    # ------------------------------------------------------------------------------------- edits

    def add(self, a: Any) -> None:
        """Insert (or replace) one annotation."""
        if a.id in self._by_id:
            self.remove(a.id)
        i = bisect_right(self._starts, a.start)
        self._rows.insert(i, a)
        self._by_id[a.id] = a
        if a.status == "suggested":
            insort(self._suggested, (self.omap.to_utf16(a.start), a.id))
        self._arrays(suggestions=False)

    def remove(self, ann_id: str) -> None:
        a = self._by_id.pop(ann_id, None)
        if a is None:
            return
        i = bisect_left(self._starts, a.start)
        while self._rows[i].id != ann_id:
            i += 1
        del self._rows[i]
        if a.status == "suggested":
            key = (self.omap.to_utf16(a.start), ann_id)
            k = bisect_left(self._suggested, key)
            if k < len(self._suggested) and self._suggested[k] == key:
                del self._suggested[k]
        self._arrays(suggestions=False)

    # ------------------------------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def spans(self) -> list[Span]:
        return [self._span(i) for i in range(len(self._rows))]

    @property
    def lanes(self) -> int:
        return max((s.lane + 1 for s in self.spans), default=0)

    def get(self, ann_id: str) -> Span | None:
        a = self._by_id.get(ann_id)
        if a is None:
            return None
        i = bisect_left(self._starts, a.start)
        while self._rows[i].id != ann_id:
            i += 1
        return self._span(i)

    def overlapping(self, lo: int, hi: int) -> list[Span]:
        """Spans with ``start < hi`` and ``end > lo`` (UTF-16), in stacking order (lane, then start)."""
        if not self._rows:
            return []
        if hi <= lo:
            hi = lo + 1
        lo_cp, hi_cp = self.omap.span_to_codepoint(lo, hi)
        j = bisect_left(self._starts, hi_cp)  # rows starting before hi
        k = bisect_right(self._starts, lo_cp) - 1
        i = self._cluster_of(k)[0] if k >= 0 else 0  # nothing before this cluster reaches lo
        rows = self._rows
        out = [self._span(x) for x in range(i, j) if rows[x].end > lo_cp]
        out = [s for s in out if s.start < hi and s.end > lo]
        out.sort(key=lambda s: (s.lane, s.start))
        return out

    def at(self, pos: int) -> list[Span]:
        """Spans covering UTF-16 position ``pos`` (innermost, i.e. shortest, first)."""
        hits = [s for s in self.overlapping(pos, pos + 1) if s.start <= pos < s.end]
        hits.sort(key=lambda s: s.end - s.start)
        return hits

    def suggestion_at(self, lo: int, hi: int | None = None) -> Span | None:
        """The suggestion under the cursor (``hi`` None) or best matching a selection ``lo``-``hi``."""
        if hi is None or hi <= lo:
            cands = [s for s in self.at(lo) if s.annotation.status == "suggested"]
            if not cands and lo > 0:  # the cursor just after a span (e.g. after N/P selected it)
                cands = [s for s in self.at(lo - 1) if s.annotation.status == "suggested"]
            return cands[0] if cands else None
        cands = [s for s in self.overlapping(lo, hi) if s.annotation.status == "suggested"]
        if not cands:
            return None
        return min(cands, key=lambda s: (abs(s.start - lo) + abs(s.end - hi), s.lane))

    def next_suggestion(self, pos: int) -> Span | None:
        """The first suggestion starting after UTF-16 ``pos`` (wrapping around), or None if there is none."""
        if not self._suggested:
            return None
        i = bisect_right(self._suggested, (pos, "\uffff"))
        return self.get(self._suggested[i % len(self._suggested)][1])

    def previous_suggestion(self, pos: int) -> Span | None:
        if not self._suggested:
            return None
        i = bisect_left(self._suggested, (pos, "")) - 1
        return self.get(self._suggested[i % len(self._suggested)][1])

    def suggestions(self, label: str | None = None, layer: str | None = None) -> list[Any]:
        out = [self._by_id[i] for _s, i in self._suggested]
        return [a for a in out if (label is None or a.label == label) and (layer is None or a.layer == layer)]


def _is_word(text: str, i: int) -> bool:
    ch = text[i]
    if _CORE.match(ch):
        return True
    # an apostrophe or hyphen inside a word ("Lukashenko's", "so-called") belongs to it; at an edge it does not
    return ch in _INNER and 0 < i < len(text) - 1 and bool(_CORE.match(text[i - 1])) and bool(_CORE.match(text[i + 1]))


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a code-point selection to whole words and trim surrounding white space.

    A selection that touches a word part-way takes the whole word; punctuation at the edges stays only if the
    user selected it. Returns ``(start, end)``; an all-blank selection comes back empty (``start == end``).
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if end < start:
        start, end = end, start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    if _is_word(text, start):
        while start > 0 and _is_word(text, start - 1):
            start -= 1
    if _is_word(text, end - 1):
        while end < n and _is_word(text, end):
            end += 1
    return start, end


def word_at(text: str, pos: int) -> tuple[int, int]:
    """The code-point span of the word at ``pos`` (empty if there is none)."""
    if not text:
        return 0, 0
    pos = max(0, min(pos, len(text) - 1))
    if not _is_word(text, pos):
        return pos, pos
    return snap_to_words(text, pos, pos + 1)


def sort_key_labels(labels: Sequence[str]) -> dict[str, int]:
    return {name: i for i, name in enumerate(labels)}
