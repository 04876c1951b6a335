"""Offset conversion between the store (Unicode code points) and Qt (UTF-16 code units).

The store counts code points, end-exclusive. Qt's QTextDocument counts UTF-16 units; characters outside the
Basic Multilingual Plane (most emoji) take two. Stored text has only ``\\n`` line breaks (CRLF and CR are
normalised at import), and QTextDocument turns each into one paragraph separator, so line breaks keep their
count. Combining characters are separate code points in both. These helpers are the one boundary.
"""

from __future__ import annotations

from bisect import bisect_right


class OffsetMap:
    """Converts offsets of one text both ways in O(log n), after an O(n) scan done only if the text has
    astral characters (a text without them maps one to one)."""

    __slots__ = ("_astral",)

    def __init__(self, text: str):
        # code-point positions of astral characters (each one adds a UTF-16 unit)
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        if not self._astral:
            return cp
        return cp + bisect_right(self._astral, cp - 1)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16`` (an offset inside a surrogate pair rounds down)."""
        if not self._astral:
            return u16
        lo, hi = 0, len(self._astral)
        # find the number k of astral chars whose UTF-16 start (pos + index) is < u16 - 1 ... solve by search
        while lo < hi:
            mid = (lo + hi) // 2
            if self._astral[mid] + mid < u16 - 0:  # astral char starts before u16 in UTF-16
                if self._astral[mid] + mid + 1 < u16:
                    lo = mid + 1
                else:
                    # u16 points into the middle of this surrogate pair: round down to the char
                    return self._astral[mid]
            else:
                hi = mid
        return u16 - lo


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_utf16(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def to_codepoint(text: str, u16: int) -> int:
    return OffsetMap(text).to_codepoint(u16)
