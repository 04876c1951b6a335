"""The words of a sentence as the linker reads them, taken from the shared text analysis.

Sentences, tokens, lemmas and the dependency parse come from :mod:`annotator.analysis` (``project.analysis(doc)``
in a suggestion run; :func:`annotator.analysis.analyse` for a bare string). This module does not split or
tokenise: it keeps the analysis's word tokens (punctuation and the possessive ``'s`` aside), moves their offsets
to the sentence, and adds what comparing needs:

- ``low``: the folded lower-case form (``anyascii``, so *Tsikhanouskaya* and *Tsikhanouskaja* stay close);
- ``lemma``: spaCy's lemma when the pipeline has one (``killed``/``kills`` → *kill*); with the rule analysis,
  whose tokens give only lower-cased forms, a light suffix stripper stands in. Then :data:`lexicon.LEMMAS`
  maps the near-synonyms reports of one event use for one thing (*fled/left*, *detention/arrested*);
- ``head``/``dep``/``pos``: the parse, the head as an index into the sentence's word list (-1 when the head is
  punctuation, outside the sentence, or there is no parse; a root is its own head).

Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from .lexicon import LEMMAS, STOPWORDS

_KEEP_ED = frozenset("hundred kindred indeed sacred wicked naked embed united".split())
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True)
class Word:
    text: str
    start: int      # code points into the sentence, end-exclusive
    end: int
    low: str        # folded, lower case, possessive 's removed
    lemma: str
    cap: bool       # starts with a capital letter
    stop: bool
    pos: str = ""   # universal part of speech ("" without a parse)
    dep: str = ""   # dependency relation to the head ("" without a parse)
    head: int = -1  # index of the head in the sentence's words (-1: none known)
    ent: str = ""   # the pipeline's named-entity label (PERSON, GPE, ORG...), "" outside one or without


@lru_cache(maxsize=50_000)
def fold(word: str) -> str:
    low = anyascii(word).lower()
    if low.endswith("'s") and len(low) > 3:
        low = low[:-2]
    return low.strip(".'")


@lru_cache(maxsize=50_000)
def _stem(low: str) -> str:
    """A stand-in lemma for the rule analysis (lower-cased forms only): plural and -ed/-ing endings off."""
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


def lemma(low: str, analysed: str | None = None) -> str:
    """The lemma the linker compares: the pipeline's (``analysed``) when it has one, else the stand-in; then
    the near-synonym classes of :data:`lexicon.LEMMAS`."""
    if analysed:
        base = fold(analysed)
        return LEMMAS.get(low, LEMMAS.get(base, base))
    return _stem(low)


def words(analysis, start: int, end: int) -> list[Word]:
    """The words of ``analysis.text[start:end]`` (a sentence), offsets relative to ``start``."""
    span = analysis.tokens_in(start, end)
    if not span:
        return []
    first = analysis.token_index(span[0].start)
    keep: list[int] = []
    for k, t in enumerate(span):
        if t.text in _POSSESSIVE or t.text.lower() in _POSSESSIVE:
            continue
        if not any(ch.isalnum() for ch in t.text):
            continue
        keep.append(k)
    index_of = {first + k: n for n, k in enumerate(keep)}
    out = []
    for k in keep:
        t = span[k]
        raw = t.text.rstrip(".") or t.text
        low = fold(raw)
        has_lemma = bool(t.pos)  # the rule analysis has no part of speech and only lower-cased "lemmas"
        out.append(Word(raw, t.start - start, t.start - start + len(raw), low,
                        lemma(low, t.lemma if has_lemma else None), raw[:1].isupper(),
                        low in STOPWORDS or len(low) < 2, t.pos, t.dep, index_of.get(t.head, -1), t.ent_type))
    return out


def variant_key(ws: list[Word]) -> str:
    """A key under which copies of one sentence (other quotes, spaces, case) collapse."""
    return " ".join(w.low for w in ws)


def text_words(text: str) -> list[Word]:
    """The words of a bare string by the rule analysis (tests, scripts)."""
    from annotator import analysis

    a = analysis.analyse(text, pipeline=analysis.RULES)
    return words(a, 0, len(text))
