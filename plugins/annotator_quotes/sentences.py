"""Sentences and paragraphs of a news text that respect quotations and hard-wrapped lines.

A full stop inside a quotation does not end the writer's sentence (``“We will win. We always do,” he said``
is one sentence), but one right before the closing mark does when a capitalised word follows
(``…mediators.” He appeared…``). Abbreviations (``Aug. 9``, ``U.S. officials``, ``Mr. Smith``) do not end
sentences. Line breaks end sentences unless they fall inside a quotation (a hard-wrapped quote).
Pure functions, no project.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .lexicon import ABBREVIATIONS
from .marks import QuotePiece

_END = re.compile(r"[.!?…]+[”’\"'»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[-–—]?\s*[“‘\"'«(\[]?[A-Z0-9À-ÖØ-Þ]")


class Sentences:
    """Sentence and paragraph boundaries of ``text``; look-ups by offset."""

    def __init__(self, text: str, quotes: Sequence[QuotePiece] = ()):
        self.text = text
        inside = sorted((q.start, q.close_pos if q.close_pos is not None else q.end) for q in quotes if q.depth == 0)
        bounds = {0, len(text)}
        for m in _END.finditer(text):
            p = m.start()
            if self._abbreviation(p):
                continue
            end = m.end()
            if _inside(inside, p) and _inside(inside, end - 1):
                continue  # a full stop inside a quotation
            if not _NEXT_START.match(text, end):
                continue
            bounds.add(end)
        for m in re.finditer(r"\n", text):
            if not _inside(inside, m.start()) and self._line_break_ends_sentence(m.start()):
                bounds.add(m.start())
                bounds.add(m.end())
        self.bounds = sorted(bounds)
        paras = {0, len(text)}
        for m in re.finditer(r"\n\s*\n", text):
            paras.update((m.start(), m.end()))
        self.para_bounds = sorted(paras)

    def _line_break_ends_sentence(self, p: int) -> bool:
        """A blank line always ends a sentence; a single line break only after sentence-final punctuation or a
        short (heading-like) line: otherwise it is a hard wrap inside a sentence."""
        text = self.text
        before = text[:p].rstrip(" \t")
        after = text[p + 1:].lstrip(" \t")
        if not before or before.endswith("\n") or after.startswith("\n") or not after:
            return True
        if re.search(r"[.!?:…][”’\"'»)\]]*$", before):
            return True
        line = before[before.rfind("\n") + 1:]
        return len(line) < 40

    def _abbreviation(self, p: int) -> bool:
        if self.text[p] != ".":
            return False
        m = re.search(r"([A-Za-z.]+)$", self.text[max(0, p - 12):p])
        if not m:
            return False
        word = m.group(1)
        if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", word) or len(word) == 1:
            return True  # U.S., a single initial
        return word.lower() in ABBREVIATIONS

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


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of the (start, close) spans of quotations (start <= pos < close)?"""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
