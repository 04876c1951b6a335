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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Annotation
from ..offsets import OffsetMap

BUCKET = 2048  # UTF-16 units per bucket of the visible-range lookup

_CORE = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]")  # letters, digits, combining marks
_INNER = "'’-\u00ad"


@dataclass(frozen=True, slots=True)
class Span:
    """One annotation as the view places it: UTF-16 offsets and its stacking lane (0 = lowest)."""

    start: int
    end: int
    lane: int
    annotation: Annotation


class SpanIndex:
    """Annotations of one document, indexed for "what overlaps this range" in UTF-16 offsets."""

    def __init__(self, annotations: Iterable[Annotation], omap: OffsetMap):
        anns = sorted(annotations, key=lambda a: (a.start, -a.end, a.layer, a.label, a.id))
        spans: list[Span] = []
        # greedy interval colouring: an annotation takes the lowest lane free at its start
        busy: list[tuple[int, int]] = []  # (end, lane) heap of lanes in use
        free: list[int] = []
        lanes_used = 0
        conv = omap.to_utf16
        for a in anns:
            while busy and busy[0][0] <= a.start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane, lanes_used = lanes_used, lanes_used + 1
            heapq.heappush(busy, (a.end, lane))
            spans.append(Span(conv(a.start), conv(a.end), lane, a))
        self.spans = spans
        self.lanes = lanes_used
        self._by_id = {s.annotation.id: s for s in spans}
        self._buckets: dict[int, list[Span]] = {}
        for s in spans:
            for b in range(s.start // BUCKET, (max(s.end - 1, s.start)) // BUCKET + 1):
                self._buckets.setdefault(b, []).append(s)
        self._suggested = [s for s in spans if s.annotation.status == "suggested"]
        self._suggested_starts = [s.start for s in self._suggested]

    def __len__(self) -> int:
        return len(self.spans)

    def get(self, ann_id: str) -> Span | None:
        return self._by_id.get(ann_id)

    def overlapping(self, lo: int, hi: int) -> list[Span]:
        """Spans with ``start < hi`` and ``end > lo`` (UTF-16), in stacking order (lane, then start)."""
        if hi <= lo:
            hi = lo + 1
        seen: set[int] = set()
        out: list[Span] = []
        for b in range(lo // BUCKET, (hi - 1) // BUCKET + 1):
            for s in self._buckets.get(b, ()):
                if s.start < hi and s.end > lo and id(s) not in seen:
                    seen.add(id(s))
                    out.append(s)
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

    def next_suggestion(self, pos: int, *, after_start: int | None = None) -> Span | None:
        """The first suggestion starting after ``pos`` (wrapping around), or None if there is none."""
        if not self._suggested:
            return None
        i = bisect_right(self._suggested_starts, pos)
        return self._suggested[i % len(self._suggested)]

    def previous_suggestion(self, pos: int) -> Span | None:
        if not self._suggested:
            return None
        i = bisect_left(self._suggested_starts, pos) - 1
        return self._suggested[i % len(self._suggested)]

    def suggestions(self, label: str | None = None, layer: str | None = None) -> list[Annotation]:
        return [s.annotation for s in self._suggested
                if (label is None or s.annotation.label == label) and (layer is None or s.annotation.layer == layer)]


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
