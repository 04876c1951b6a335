"""The rule analysis of a news text, without any NLP library: paragraphs, quotations, sentences and tokens.

- **Paragraphs**: blank lines separate blocks; inside a block each line is a paragraph (headings, captions,
  one-sentence-per-line text) unless the block is hard-wrapped (a long line that does not end a sentence
  continues on the next), then the block is one paragraph.
- **Quotations**: curly double quotes pair “ with the next ”, straight double quotes pair in order within a
  paragraph, curly single quotes ‘…’ when they open at a word start; an unpaired mark makes no quotation.
- **Sentences** never cross a paragraph. A terminal mark (``. ! ? …`` and any closing quotes or brackets) ends
  one when white space and a capital letter, digit or opening mark follow, unless the full stop ends an
  abbreviation (:data:`annotator.lexicon.ABBREVIATIONS`, an initial, a dotted acronym) or the mark lies inside a
  quotation (``“We will win. We always do,” he said`` is one sentence).
- **Tokens**: words (with inner hyphens and apostrophes), numbers, dotted acronyms and listed abbreviations
  with their full stop, the possessive ``'s`` apart, and every other character alone.

Measured on the 818 dev-corpus articles against pysbd and the plugins' splitters (``benchmarks/bench_analysis.py``,
``docs/analysis.md``): this is as accurate as the best of them and two orders of magnitude faster than pysbd.
Pure functions.
"""

from __future__ import annotations

import bisect
import re

from .. import lexicon
from .types import DocAnalysis, Span, Token

RULES = "rules"

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_BLANK = re.compile(r"(?:\r\n|[\n\r\u2028\u2029])[ \t\f\v\u00a0]*(?:\r\n|[\n\r\u2028\u2029])|\u2029")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][”’\"'»)\]]*\s*$")
_TERMINAL = re.compile(r"[.!?…]+[”’\"'»)\]]*")
_NEXT_START = re.compile(r"\s+(?:[-–—]+\s*)?[“‘\"'«(\[]*[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)$")
_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?")
WRAP_WIDTH = 40  # a line at least this long that does not end a sentence continues on the next line

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., e.g.
    r"|\d+(?:[.,:]\d+)*"  # 7,000  3.5  10:30
    r"|[^\W_]+(?:[-'’][^\W_]+)*"  # words, hyphenated words, O'Brien, don't
    r"|\S"
)
_POSSESSIVE = re.compile(r"['’][sS]$")


# --------------------------------------------------------------------------------------------- paragraphs


def paragraphs(text: str) -> list[Span]:
    """Paragraphs of ``text`` as trimmed spans, in order (see the module docstring)."""
    out: list[Span] = []
    pos = 0
    for m in _BLANK.finditer(text + "\n\n"):
        _block(text, pos, min(m.start(), len(text)), out)
        pos = m.end()
    return out


def _block(text: str, start: int, end: int, out: list[Span]) -> None:
    lines = []
    for m in _LINE.finditer(text[start:end]):
        a, b = _trim(text, start + m.start(), start + m.end())
        if b > a:
            lines.append((a, b))
    if not lines:
        return
    wrapped = any(b - a >= WRAP_WIDTH and not _ENDS_SENTENCE.search(text, a, b) for a, b in lines[:-1])
    if wrapped:
        out.append(Span(lines[0][0], lines[-1][1]))
    else:
        out.extend(Span(a, b) for a, b in lines)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# --------------------------------------------------------------------------------------------- quotations


def quotations(text: str, paragraph: Span) -> list[Span]:
    """Quotations inside one paragraph as spans from the opening mark to just after the closing one."""
    out: list[Span] = []
    start, end = paragraph
    open_curly = None
    straight = None
    open_single = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or ch == "«":
            if open_curly is None:
                open_curly = i
        elif ch == "”" or ch == "»":
            if open_curly is not None:
                out.append(Span(open_curly, i + 1))
                open_curly = None
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                out.append(Span(straight, i + 1))
                straight = None
        elif ch == "‘":
            prev = text[i - 1] if i > start else " "
            if open_single is None and not prev.isalnum():
                open_single = i
        elif ch == "’" and open_single is not None:
            nxt = text[i + 1] if i + 1 < end else " "
            if not nxt.isalnum():
                out.append(Span(open_single, i + 1))
                open_single = None
    out.sort()
    merged: list[Span] = []
    for q in out:  # nested quotations fold into the outer one
        if merged and q.start < merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, q.end))
        else:
            merged.append(q)
    return merged


def _inside(spans: list[Span], starts: list[int], pos: int) -> bool:
    """``pos`` lies strictly inside a quotation (after the opening mark, before the closing one)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i].start < pos < spans[i].end - 1


# --------------------------------------------------------------------------------------------- sentences


def is_abbreviation(text: str, dot: int, start: int = 0) -> bool:
    """The full stop at ``dot`` ends an abbreviation, an initial or a dotted acronym, not a sentence."""
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(start, dot - 12), dot)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if _ACRONYM.fullmatch(word + "."):
        return True  # U.S., a.m.
    low = word.lower()
    if low in lexicon.NUMERAL_ABBREVIATIONS:
        return bool(re.match(r"\s*\d", text[dot + 1:dot + 4]))
    return low in lexicon.ABBREVIATIONS


def split_paragraph(text: str, paragraph: Span, quotes: list[Span] | None = None) -> list[Span]:
    """Sentences of one paragraph (trimmed spans)."""
    start, end = paragraph
    quotes = quotations(text, paragraph) if quotes is None else quotes
    starts = [q.start for q in quotes]
    bounds = [start]
    for m in _TERMINAL.finditer(text, start, end):
        cut = m.end()
        if cut >= end or not _NEXT_START.match(text, cut, end):
            continue
        if m.end() - m.start() == 1 and is_abbreviation(text, m.start(), start):
            continue
        if _inside(quotes, starts, m.start()) and _inside(quotes, starts, cut - 1):
            continue  # a terminal inside a quotation
        bounds.append(cut)
    bounds.append(end)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        a, b = _trim(text, a, b)
        if b > a:
            out.append(Span(a, b))
    return out


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentences of ``text``, in order; none crosses a paragraph."""
    out: list[Span] = []
    for p in paragraphs(text) if paras is None else paras:
        out.extend(split_paragraph(text, p))
    return out


# --------------------------------------------------------------------------------------------- tokens


def tokenize(text: str, start: int = 0, end: int | None = None, sentence_ends: set[int] = frozenset()) -> list[Span]:
    """Token spans of ``text[start:end]`` (see the module docstring). A listed abbreviation keeps its full stop
    unless that full stop ends a sentence (an offset in ``sentence_ends``)."""
    end = len(text) if end is None else end
    out: list[Span] = []
    taken = -1
    for m in _TOKEN.finditer(text, start, end):
        a, b = m.span()
        if a < taken:
            continue
        if (b < end and text[b] == "." and b + 1 not in sentence_ends and text[a].isalpha()
                and text[a:b].lower() in lexicon.ABBREVIATIONS):
            out.append(Span(a, b + 1))  # "Mr.", "Aug."
            taken = b + 1
        elif b - a > 2 and _POSSESSIVE.search(text, a, b):
            out.append(Span(a, b - 2))
            out.append(Span(b - 2, b))
        else:
            out.append(Span(a, b))
    return out


def analyse(text: str) -> DocAnalysis:
    """The rule analysis of ``text`` (never raises for a str)."""
    paras = paragraphs(text)
    sents = sentences(text, paras)
    sent_starts = {s.start for s in sents}
    tokens = []
    for i, (a, b) in enumerate(tokenize(text, sentence_ends={s.end for s in sents})):
        word = text[a:b]
        tokens.append(Token(a, b, word, word.lower(), "", "", "", i, "", "O", a in sent_starts))
    return DocAnalysis(text, RULES, paras, sents, tokens)
