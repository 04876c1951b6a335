"""Sentence and paragraph look-ups over a news text, for the attribution rules.

The sentences are the shared analysis's (:mod:`annotator.analysis`, the rule splitter: quotation-aware, a
full stop inside a quotation does not end the writer's sentence, abbreviations such as ``Aug. 9`` or ``Mr.
Smith`` do not end one, none crosses a paragraph); this module only indexes them by offset and answers
"the sentence holding this offset", "the one before", "the paragraph". Pure, no project.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from annotator import analysis

from .marks import QuotePiece


class Sentences:
    """Sentence and paragraph boundaries of ``text``; look-ups by offset. (``quotes`` is accepted for the
    callers' convenience; the shared splitter finds quotations itself.)"""

    def __init__(self, text: str, quotes: Sequence[QuotePiece] = ()):
        self.text = text
        bounds = {0, len(text)}
        for sent in analysis.analyse(text, "rules").sentences:
            bounds.update((sent.start, sent.end))
        self.bounds = sorted(bounds)
        paras = {0, len(text)}
        for m in re.finditer(r"\n\s*\n", text):
            paras.update((m.start(), m.end()))
        self.para_bounds = sorted(paras)

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding offset ``pos`` as (start, end), white space trimmed."""
        i = bisect.bisect_right(self.bounds, pos) - 1
        i = max(0, min(i, len(self.bounds) - 2))
        return self._trim(self.bounds[i], self.bounds[i + 1])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the sentence holding ``start`` to the end of the one holding ``end - 1``."""
        return self.sentence(start)[0], self.sentence(max(start, end - 1))[1]

    def previous(self, pos: int) -> tuple[int, int] | None:
        """The non-empty sentence before the one holding ``pos`` (None at the start of the text)."""
        i = bisect.bisect_right(self.bounds, pos) - 1
        i = max(0, min(i, len(self.bounds) - 2))
        s = self._trim(self.bounds[i], self.bounds[i + 1])[0]
        while i > 0:
            i -= 1
            prev = self._trim(self.bounds[i], self.bounds[i + 1])
            if prev[1] > prev[0] and prev[0] < s:
                return prev
        return None

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.para_bounds, pos) - 1
        i = max(0, min(i, len(self.para_bounds) - 2))
        return self._trim(self.para_bounds[i], self.para_bounds[i + 1])

    def _trim(self, s: int, e: int) -> tuple[int, int]:
        t = self.text
        while s < e and t[s].isspace():
            s += 1
        while e > s and t[e - 1].isspace():
            e -= 1
        return s, e
