"""Offset conversion between the store (Unicode code points) and Qt (UTF-16 code units).

The store counts code points, end-exclusive. Qt's QTextDocument counts UTF-16 units; characters outside the
Basic Multilingual Plane (most emoji) take two. Combining characters are separate code points in both, so they
need no care. Stored text has only ``\\n`` line breaks (CRLF and CR are normalised at import), and QTextDocument
turns each into one paragraph separator, so line breaks keep their count.

A few characters would still break the one-to-one count if handed to Qt as they are: ``\\r`` (``\\r\\n`` becomes
ONE separator), and U+FDD0/U+FDD1 (Qt's frame markers). A text that reached the store without the import cleaners
(a dataset import keeps its text verbatim) may hold them, so :func:`display_text` replaces each by one
same-width stand-in before the text is given to Qt. These helpers are the one boundary.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_QT_UNSAFE = re.compile("[\r\ufdd0\ufdd1]")


def display_text(text: str) -> str:
    """``text`` as the view shows it: the same number of code points, nothing Qt would merge or swallow.

    ``\\r`` becomes U+240D (SYMBOL FOR CARRIAGE RETURN); Qt's frame markers become U+FFFD.
    """
    if not _QT_UNSAFE.search(text):
        return text
    return _QT_UNSAFE.sub(lambda m: "\u240d" if m.group() == "\r" else "\ufffd", text)


class OffsetMap:
    """Converts offsets of one text both ways in O(log n), after one scan for astral characters (a text
    without them maps one to one)."""

    __slots__ = ("_astral", "_starts")

    def __init__(self, text: str):
        # code-point positions of astral characters (each one adds a UTF-16 unit)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # the UTF-16 offset where each astral character starts
        self._starts = [p + i for i, p in enumerate(self._astral)]

    @property
    def identity(self) -> bool:
        """True when both counts agree everywhere (no astral characters)."""
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16``; an offset inside a surrogate pair rounds down to the
        start of its character."""
        if not self._astral:
            return u16
        k = bisect_left(self._starts, u16)  # astral chars starting strictly before u16
        if k and self._starts[k - 1] + 1 == u16:  # u16 points between the two halves of a pair
            return self._astral[k - 1]
        return u16 - k

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoint(self, start: int, end: int) -> tuple[int, int]:
        """Code-point span of a UTF-16 span; an end inside a surrogate pair rounds up so the character is kept."""
        s = self.to_codepoint(start)
        e = self.to_codepoint(end)
        if self.to_utf16(e) < end:
            e += 1
        return s, e


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_utf16(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def to_codepoint(text: str, u16: int) -> int:
    return OffsetMap(text).to_codepoint(u16)
