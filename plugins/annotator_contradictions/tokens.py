"""Words of a sentence with their offsets, a folded lower-case form and a crude lemma.

The lemma is a light suffix stripper plus :data:`lexicon.LEMMAS` (irregular forms and the near-synonyms that
reports of one event use interchangeably: fled/left, detention/detained/arrested). Good enough to align and
compare sentences; not a morphological analyser. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from .lexicon import LEMMAS, STOPWORDS

_WORD = re.compile(r"\d[\d,.]*\d%?|[^\W_](?:[\w'’.-]*[^\W_])?%?")


_KEEP_ED = frozenset("hundred kindred indeed sacred wicked naked embed united".split())


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    low: str    # folded, lower case, possessive 's removed
    lemma: str
    cap: bool   # starts with a capital letter
    stop: bool


@lru_cache(maxsize=50_000)
def fold(word: str) -> str:
    low = anyascii(word).lower()
    if low.endswith("'s") and len(low) > 3:
        low = low[:-2]
    return low.strip(".'")


@lru_cache(maxsize=50_000)
def lemma(low: str) -> str:
    if low in LEMMAS:
        return LEMMAS[low]
    w = low
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w in LEMMAS:
        return LEMMAS[w]
    if len(w) > 5 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ed") and w not in _KEEP_ED:
        w = w[:-2]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
            w = w[:-1]
    elif len(w) > 6 and w.endswith("ing"):
        w = w[:-3]
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
            w = w[:-1]
    return LEMMAS.get(w, w)


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _WORD.finditer(text):
        raw = m.group(0).rstrip(".")
        if not raw:
            continue
        low = fold(raw)
        out.append(Token(raw, m.start(), m.start() + len(raw), low, lemma(low), raw[0].isupper(),
                         low in STOPWORDS or len(low) < 2))
    return out


def normal_key(text: str) -> str:
    """A key under which copies of one sentence (other quotes, spaces, case) collapse."""
    return " ".join(fold(m.group(0)) for m in _WORD.finditer(text))
