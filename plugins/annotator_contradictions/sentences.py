"""Sentences of a news article, as code-point spans of the stored text.

News text needs care: abbreviations (``Aug. 9``, ``U.S. officials``, ``Mr. Smith``, initials) do not end a
sentence; a full stop inside a quotation does not end the writer's sentence (``“We have a normal country. We
don’t need mediators.” He appeared…`` ends after the closing mark, not inside); straight, curly and single
quotes all occur; a line break always ends a sentence (paragraphs, headings, captions). Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset("""
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev st sr jr mt ft
inc ltd co corp dept univ assn bros no nos vs etc approx est fig al
a.m p.m e.g i.e u.s u.k u.n u.s.a e.u
""".split())

_TERMINAL = re.compile(r"[.!?…]+")
_CLOSERS = "”’\"'»)]"
_NEXT = re.compile(r"\s+(?:[-–—]\s*)?[“‘\"'«(\[]?[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int  # position among the document's sentences


def _quote_depth(para: str) -> list[int]:
    """Open-quotation depth after each character of a paragraph (double quotes, and single quotes used as such)."""
    depth_double = 0
    depth_single = 0
    out = []
    n = len(para)
    for i, ch in enumerate(para):
        prev = para[i - 1] if i else " "
        nxt = para[i + 1] if i + 1 < n else " "
        if ch in "“«":
            depth_double += 1
        elif ch in "”»":
            depth_double = max(0, depth_double - 1)
        elif ch == '"':
            if prev.isspace() or prev in "([—–-":
                depth_double += 1
            else:
                depth_double = max(0, depth_double - 1)
        elif ch == "‘" or (ch == "'" and (prev.isspace() or prev in "([—–-") and nxt.isalnum()):
            depth_single += 1
        elif ch in "’'" and depth_single and not nxt.isalnum() and not prev.isspace():
            depth_single -= 1
        out.append(depth_double + depth_single)
    return out


def _abbreviation(para: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(para[max(0, dot - 12):dot])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1:
        return True  # an initial, or the last letter of U.S.
    return word in ABBREVIATIONS


def _split_paragraph(para: str) -> list[tuple[int, int]]:
    depth = _quote_depth(para)
    bounds = [0]
    for m in _TERMINAL.finditer(para):
        end = m.end()
        while end < len(para) and para[end] in _CLOSERS:
            end += 1
        nxt = _NEXT.match(para, end)
        if nxt is None:
            continue
        if para[m.start()] == "." and m.end() - m.start() == 1 and _abbreviation(para, m.start()):
            continue
        if depth[end - 1] > 0:
            continue  # still inside a quotation
        bounds.append(end)
    bounds.append(len(para))
    return [(a, b) for a, b in zip(bounds, bounds[1:])]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text``, white space trimmed, in order."""
    out: list[Sentence] = []
    para_no = 0
    for pm in re.finditer(r"[^\n]+", text):
        para = pm.group(0)
        if not para.strip():
            continue
        for a, b in _split_paragraph(para):
            seg = para[a:b]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg.rstrip())
            if trail > lead:
                out.append(Sentence(pm.start() + a + lead, pm.start() + a + trail, para_no, len(out)))
        para_no += 1
    return out


def is_claim_like(text: str) -> bool:
    """A sentence worth comparing: enough words to state something (not a heading, credit or dateline)."""
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return False  # a photo credit
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(words) < 6:
        return False
    return text.rstrip()[-1:] in ".!?”’\"'…:)" or len(words) >= 10
