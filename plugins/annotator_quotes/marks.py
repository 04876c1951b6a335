"""Quotation marks in news text: find the quoted stretches, telling quotes from apostrophes.

Pure functions over a string (no project, no Qt). :func:`find_quotes` returns one :class:`QuotePiece` per quoted
stretch, with the offsets of the quoted words (the marks stay outside, surrounding spaces are trimmed) and of
the marks themselves. It handles the typography real articles carry:

- curly double ``“…”`` and single ``‘…’`` quotes, straight ``"…"`` and ``'…'``, low ``„…“``, guillemets;
- apostrophes (``don’t``, ``Lukashenka's``, ``I’m``, ``’90s``) that are never quote marks, and trailing
  possessive apostrophes (``the countries’ union``) told from closing quotes by what follows;
- a quote broken across a hard line break (a single newline inside a quote is part of it);
- a quote continued over several paragraphs: an opening mark with no closing mark before the paragraph
  ends, reopened at the start of the next one. Each paragraph piece is its own :class:`QuotePiece`; pieces of
  one quotation share a ``group`` and carry ``continues`` / ``continued``;
- nested quotes (``“He said ‘no’ to me”``): the inner one is a piece with ``depth=1`` and ``parent`` set;
- typos: a doubled opening mark (``“”We will…``), a mark of the wrong direction (``”We will”``), a missing
  closing mark (the quote runs to the end of its paragraph) or a missing opening mark (from the paragraph
  start); each is recorded in ``notes``.

Classification follows the left/right-flanking idea of CommonMark's smart punctuation: a mark followed by a
word and preceded by space can open, one preceded by a word and followed by space or punctuation can close;
the glyph's own direction decides when both or neither hold, and the pairing state decides for straight marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

DOUBLE, SINGLE = "double", "single"

OPEN_GLYPHS = {"“": DOUBLE, "„": DOUBLE, "«": DOUBLE, "‟": DOUBLE, "‘": SINGLE, "‚": SINGLE, "‹": SINGLE,
               "‛": SINGLE, "`": SINGLE}
CLOSE_GLYPHS = {"”": DOUBLE, "»": DOUBLE, "’": SINGLE, "›": SINGLE}
STRAIGHT = {'"': DOUBLE, "'": SINGLE}
ALL_MARKS = {**OPEN_GLYPHS, **CLOSE_GLYPHS, **STRAIGHT}

# what may stand before an opening mark / after a closing mark besides white space
_BEFORE_OPEN = set("([{<—–-/:;,…") | set(ALL_MARKS)
_AFTER_CLOSE = set(".,;:!?)]}>—–-/…") | set(ALL_MARKS)
# elisions written with a leading apostrophe: ’em, ’n’, ’til, ’cause, ’tis, ’twas, ’bout, ’90s
_ELISION = re.compile(r"(?:em|n|til|cause|cos|tis|twas|bout|round|s)\b|\d\d(?:s|th)?\b", re.IGNORECASE)

OPEN, CLOSE, EITHER, APOSTROPHE = "open", "close", "either", "apostrophe"


@dataclass(frozen=True)
class Mark:
    """One quotation-mark character and the role its surroundings give it."""

    pos: int
    char: str
    family: str  # double | single
    role: str  # open | close | either | apostrophe
    weak: bool = False  # a closing candidate that may be a possessive apostrophe (the countries’ union)
    note: str = ""
    width: int = 1  # 2 for the typewriter pairs of older wire copy: ``…'' (two backticks, two apostrophes)


@dataclass
class QuotePiece:
    """A quoted stretch. ``start``/``end`` cover the quoted words (code points, end-exclusive);
    ``open_pos``/``close_pos`` are the marks' offsets (None when the mark is missing)."""

    start: int
    end: int
    open_pos: int | None
    close_pos: int | None
    family: str
    depth: int = 0
    parent: int | None = None  # index (in the returned list) of the enclosing piece
    group: int = 0  # pieces of one quotation continued over paragraphs share a group
    continues: bool = False  # this piece continues the previous paragraph's piece
    continued: bool = False  # the quotation goes on in the next paragraph
    notes: list[str] = field(default_factory=list)

    @property
    def outer_start(self) -> int:
        """Start including the opening mark."""
        return self.open_pos if self.open_pos is not None else self.start

    @property
    def outer_end(self) -> int:
        """End including the closing mark."""
        return self.close_pos + 1 if self.close_pos is not None else self.end


def _space(c: str | None) -> bool:
    return c is None or c.isspace()


def classify(text: str, i: int) -> Mark | None:
    """The role of the quotation mark at ``text[i]`` (None if it is not a quotation mark)."""
    c = text[i]
    family = ALL_MARKS.get(c)
    if family is None:
        return None
    prev = text[i - 1] if i > 0 else None
    nxt = text[i + 1] if i + 1 < len(text) else None
    can_open = not _space(nxt) and (_space(prev) or prev in _BEFORE_OPEN)
    can_close = not _space(prev) and (_space(nxt) or nxt in _AFTER_CLOSE)
    if family == SINGLE and c not in ("‘", "‚", "‹", "‛") or c == "‘":
        # apostrophes: inside a word (don’t, Lukashenka's, I’m) or eliding (’em, '90s)
        if prev is not None and prev.isalnum() and nxt is not None and nxt.isalpha():
            return Mark(i, c, family, APOSTROPHE)
        if can_open and not can_close and c != "‘" and _ELISION.match(text, i + 1):
            return Mark(i, c, family, APOSTROPHE)
        if c == "‘" and _ELISION.match(text, i + 1) and re.match(r"\d\d", text[i + 1:i + 3]):
            return Mark(i, c, family, APOSTROPHE)  # ‘90s written with the wrong glyph
    weak = family == SINGLE and can_close and prev is not None and prev in "sSzZ" and not (nxt and nxt in ".,;:!?")
    if c in OPEN_GLYPHS:
        if can_close and not can_open:
            return Mark(i, c, family, CLOSE, note="opening glyph used as closing mark")
        return Mark(i, c, family, OPEN)
    if c in CLOSE_GLYPHS:
        if can_open and not can_close:
            return Mark(i, c, family, OPEN, note="closing glyph used as opening mark")
        return Mark(i, c, family, CLOSE, weak=weak)
    # straight marks: the surroundings decide, or the pairing state when they do not
    if can_open and not can_close:
        return Mark(i, c, family, OPEN)
    if can_close and not can_open:
        return Mark(i, c, family, CLOSE, weak=weak)
    if family == SINGLE and not _space(prev) and not _space(nxt):
        return Mark(i, c, family, APOSTROPHE)  # rock'n'roll, O'Brien-style forms not caught above
    return Mark(i, c, family, EITHER)


def _closes_before_attribution(text: str, pos: int) -> bool:
    """An opening glyph after the quote's final punctuation and before a lower-case word: ``do, “said``."""
    before = text[max(0, pos - 3):pos].rstrip()
    return bool(before) and before[-1] in ",.!?…" and pos + 1 < len(text) and text[pos + 1].islower()


def _closes_unclosed(text: str, pos: int) -> bool:
    """Inside an open “…, an opening glyph after the quote's final punctuation, with no closing glyph after it in
    the paragraph, can only be the closing mark: ``an anchor again, “Jonathan Wright, … said``."""
    before = text[max(0, pos - 3):pos].rstrip()
    if not before or before[-1] not in ",.!?…":
        return False
    end = text.find("\n\n", pos)
    return "”" not in text[pos + 1:len(text) if end < 0 else end]


def classify_marks(text: str) -> list[Mark]:
    """Every quotation-mark character of ``text`` with its role, in order."""
    out = []
    skip = -1
    for m in re.finditer("[" + re.escape("".join(ALL_MARKS)) + "]", text):
        i = m.start()
        if i <= skip:
            continue
        pair = text[i:i + 2]
        if pair in ("``", "''"):
            mark = _typewriter_pair(text, i, pair)
            if mark is not None:
                out.append(mark)
                skip = i + 1
                continue
        mark = classify(text, i)
        if mark is not None:
            out.append(mark)
    return out


def _typewriter_pair(text: str, i: int, pair: str) -> Mark | None:
    """````We lost,'' he said``: two backticks open a double quotation, two apostrophes close it (they open
    one only where nothing can close: after a space and before a word)."""
    prev = text[i - 1] if i > 0 else None
    nxt = text[i + 2] if i + 2 < len(text) else None
    if pair == "``":
        return Mark(i, "“", DOUBLE, OPEN, width=2)
    can_open = not _space(nxt) and (_space(prev) or prev in _BEFORE_OPEN)
    can_close = not _space(prev) and (_space(nxt) or nxt in _AFTER_CLOSE)
    if can_open and not can_close:
        return Mark(i, '"', DOUBLE, OPEN, width=2)
    if can_close or not can_open:
        return Mark(i, "”", DOUBLE, CLOSE, width=2)
    return None


@dataclass
class _Open:
    pos: int
    content_start: int
    family: str
    char: str
    group: int
    continues: bool = False
    notes: list[str] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    out, start = [], 0
    for m in re.finditer("\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _opening_mark_of_line(text: str, line: tuple[int, int], marks_by_pos: dict[int, Mark]) -> Mark | None:
    """The opening mark a line starts with (after spaces and a heading dash), if any."""
    i = line[0]
    while i < line[1] and (text[i].isspace() or text[i] in "–—-"):
        i += 1
    mark = marks_by_pos.get(i)
    return mark if mark is not None and mark.role in (OPEN, EITHER) else None


class _Scanner:
    """Pairs the marks of a text line by line; see :func:`find_quotes`."""

    def __init__(self, text: str):
        self.text = text
        self.marks = [m for m in classify_marks(text) if m.role != APOSTROPHE]
        self.by_pos = {m.pos: m for m in self.marks}
        self.lines = _lines(text)
        self.pieces: list[QuotePiece] = []
        self.stack: list[_Open] = []
        self._groups = 0
        self.pending: dict[str, int] = {}  # family -> group of a quotation reopened in the next paragraph
        self.resume = 0  # where a quote with a missing opening mark would start (paragraph start or after a quote)

    def group(self) -> int:
        self._groups += 1
        return self._groups

    def is_blank(self, li: int) -> bool:
        s, e = self.lines[li]
        return self.text[s:e].strip() == ""

    def emit(self, entry: _Open, end: int, close_pos: int | None, notes: list[str], *, continued: bool = False,
             open_pos: int | None = -1) -> None:
        text, s, e = self.text, entry.content_start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            return
        self.pieces.append(QuotePiece(s, e, entry.pos if open_pos == -1 else open_pos, close_pos, entry.family,
                                      group=entry.group, continues=entry.continues, continued=continued,
                                      notes=[*entry.notes, *notes]))

    def later_closer(self, mi: int, family: str, limit: int) -> bool:
        """Is there another mark of ``family`` that can close before ``limit`` and before the next opener?"""
        for m in self.marks[mi:]:
            if m.pos >= limit:
                return False
            if m.family != family:
                continue
            if m.role in (CLOSE, EITHER):
                return True
            if m.role == OPEN:
                return False
        return False

    def paragraph_end(self, li: int) -> int:
        """Where the paragraph of line ``li`` ends (the start of the next blank line, or the text's end)."""
        if not hasattr(self, "_para_end"):
            ends, nxt = [0] * len(self.lines), len(self.text)
            for k in range(len(self.lines) - 1, -1, -1):
                if self.is_blank(k):
                    nxt = self.lines[k][0]
                ends[k] = nxt
            self._para_end = ends
        return self._para_end[li + 1] if li + 1 < len(self.lines) else len(self.text)

    def role_of(self, m: Mark, top: int | None) -> str:
        role = m.role
        if role == EITHER:
            role = CLOSE if top is not None else OPEN
        if m.char == "“":
            # “ closes a „ quote (German style), and a quote whose closing mark was typed with the opening glyph
            # right before its attribution (``we could do, “said the juror``); elsewhere it opens
            if top is not None and self.stack[top].char == "„":
                role = CLOSE
            elif top is not None and _closes_before_attribution(self.text, m.pos):
                role = CLOSE
            elif top is not None and self.stack[top].char == "“" and _closes_unclosed(self.text, m.pos):
                role = CLOSE
            else:
                role = OPEN
        return role

    def close(self, m: Mark, top: int, mi: int, para_end: int) -> None:
        if m.weak and self.later_closer(mi, m.family, para_end):
            return  # a possessive apostrophe inside the quote (the protesters’ demands): a later mark closes
        del self.stack[top + 1:]  # an inner quote never closed: its opener was not a quote mark
        entry = self.stack.pop()
        german = m.char == "“" and entry.char == "„"  # „…“ is correct German, not a typo
        self.emit(entry, m.pos, m.pos + m.width - 1, [m.note] if m.note and not german else [])
        self.resume = m.pos + m.width

    def open(self, m: Mark, top: int | None, first_in_line: bool) -> None:
        stack = self.stack
        if top is not None and top == len(stack) - 1 and stack[top].content_start == m.pos:
            stack[top].content_start = m.pos + 1  # “”We will…: a doubled opening mark
            stack[top].notes.append("doubled opening mark")
            return
        if top is not None:
            # the same kind of mark opened again while open: the earlier quote lost its closing mark
            del stack[top + 1:]
            self.emit(stack.pop(), m.pos, None, ["no closing mark before the next opening mark"])
        group, cont = self.group(), False
        if first_in_line and m.family in self.pending and not stack:
            group, cont = self.pending.pop(m.family), True
        stack.append(_Open(m.pos, m.pos + m.width, m.family, m.char, group, cont, [m.note] if m.note else []))

    def run(self) -> list[QuotePiece]:
        lines, stack = self.lines, self.stack
        mi = 0
        para_start = 0
        for li, (ls, le) in enumerate(lines):
            if self.is_blank(li):
                continue
            if li == 0 or self.is_blank(li - 1):
                para_start = ls
                if not stack:
                    self.resume = ls
            para_end = self.paragraph_end(li)
            first_in_line = True
            while mi < len(self.marks) and self.marks[mi].pos < le:
                m = self.marks[mi]
                mi += 1
                top = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == m.family), None)
                role = self.role_of(m, top)
                if m.char == "“" and role == CLOSE and self.stack[top].char != "„":
                    m = replace(m, note="opening glyph used as closing mark")
                if role == CLOSE and top is not None:
                    self.close(m, top, mi, para_end)
                elif role == CLOSE:
                    if m.family == DOUBLE and not stack and not m.weak:
                        # a closing mark with no opening one: the quote ran from the paragraph start
                        entry = _Open(self.resume, self.resume, m.family, "", self.group())
                        self.emit(entry, m.pos, m.pos, ["no opening mark: taken from the paragraph start"],
                                  open_pos=None)
                        self.resume = m.pos + 1
                else:
                    self.open(m, top, first_in_line)
                first_in_line = False
            if stack:
                self.end_of_line(li, le, para_start)
        return ordered(self.pieces)

    def end_of_line(self, li: int, le: int, para_start: int) -> None:
        """A quote is open at the end of a line: a continued quotation, the end of its paragraph, or a hard
        line break inside it."""
        text, lines, stack = self.text, self.lines, self.stack
        nxt = next((k for k in range(li + 1, len(lines)) if not self.is_blank(k)), None)
        outer = stack[0]
        reopen = _opening_mark_of_line(text, lines[nxt], self.by_pos) if nxt is not None else None
        if reopen is not None and reopen.family == outer.family:
            del stack[1:]
            self.emit(stack.pop(), le, None, [], continued=True)
            self.pending[outer.family] = outer.group
            self.resume = le
            return
        if nxt is None or nxt > li + 1:  # a blank line (or the end) follows: the paragraph ends here
            del stack[1:]
            entry = stack.pop()
            at_para_start = text[para_start:entry.pos].strip(" \t–—-") == ""
            if entry.family == DOUBLE or at_para_start:
                self.emit(entry, le, None, ["no closing mark before the paragraph ends"])
            self.resume = le
        # otherwise a hard line break inside the quote: it goes on on the next line


def find_quotes(text: str) -> list[QuotePiece]:
    """All quoted stretches of ``text`` in document order (an enclosing piece before the pieces nested in it).
    See the module docstring for the typography handled."""
    return _Scanner(text).run()


def ordered(pieces: list[QuotePiece]) -> list[QuotePiece]:
    """Sort pieces by position (outer before inner) and set nesting (depth, parent) from containment."""
    pieces.sort(key=lambda p: (p.outer_start, -p.outer_end))
    open_: list[int] = []  # indices of the pieces that may still enclose the next ones
    for i, p in enumerate(pieces):
        while open_ and not (pieces[open_[-1]].start <= p.outer_start and p.outer_end <= pieces[open_[-1]].end):
            open_.pop()
        p.parent = open_[-1] if open_ else None
        p.depth = pieces[p.parent].depth + 1 if open_ else 0
        open_.append(i)
    return pieces
