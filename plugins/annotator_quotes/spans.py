"""Sorted spans and fast look-ups (is an offset inside one; which spans overlap a range), so detection stays
linear-ish on long documents. Pure."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanIndex:
    """(start, end) spans, possibly overlapping; look-ups by bisection over starts. ``longest`` bounds how far
    back a span can start and still reach a position."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def _candidates(self, lo: int, hi: int):
        i = bisect.bisect_left(self.starts, lo - self.longest)
        j = bisect.bisect_left(self.starts, hi)
        return self.spans[i:j]

    def contains(self, pos: int) -> bool:
        """Is ``pos`` inside a span (start <= pos < end)?"""
        return any(s <= pos < e for s, e in self._candidates(pos, pos + 1))

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._candidates(start, end))

    def covers(self, start: int, end: int) -> bool:
        """Is [start, end) inside one span?"""
        return any(s <= start and end <= e for s, e in self._candidates(start, end))
