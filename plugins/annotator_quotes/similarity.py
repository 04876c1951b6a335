"""Same statement across outlets: do two quotes in different articles report the same utterance?

Outlets trim, re-punctuate and translate differently: AP has Lukashenko say "We don’t need any foreign
government, any sort of mediators", AFP "We don’t need any foreign governments, any intermediaries". Two
signals, averaged: rapidfuzz's token-set ratio (robust to one quote being a trimmed part of the other) and the
overlap of content words (stop words dropped, plurals folded), measured against the shorter quote. Speakers
must be compatible (same entity, or names that agree); a pair with an unknown speaker needs closer wording.
Each quote is linked at most to its best match in each other document. Pure, no project.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .detect import normalize

THRESHOLD = 0.6
UNKNOWN_SPEAKER_THRESHOLD = 0.8

STOP = set("""a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll
she's should shouldn't so some such than that that's the their theirs them themselves then there there's these
they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're
we've were weren't what what's when when's where where's which while who who's whom why why's with won't would
wouldn't you you'd you'll you're you've your yours yourself yourselves will just also now even still sort kind
one ones any anyone anything""".split())


@dataclass(frozen=True)
class QuoteRef:
    """A quote as the matcher sees it. ``handle`` is an annotation id or a suggestion key."""

    handle: str
    document_id: str
    text: str
    speaker: str = ""
    entity_id: str | None = None
    kind: str = "direct"


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> set[str]:
    return {_stem(w) for w in normalize(text).split() if w not in STOP and len(w) > 1 and not w.isdigit()}


def wording_similarity(a: str, b: str, *, prepared: tuple | None = None) -> tuple[float, dict]:
    """0-1 similarity of two quotes' wording and the parts it is made of. ``prepared`` is
    ((normalised a, content words a), (normalised b, content words b)) when the caller has them."""
    (na, ca), (nb, cb) = prepared or ((normalize(a), content_words(a)), (normalize(b), content_words(b)))
    token_set = fuzz.token_set_ratio(na, nb) / 100.0
    shared = ca & cb
    overlap = len(shared) / min(len(ca), len(cb)) if ca and cb else 0.0
    return 0.5 * token_set + 0.5 * overlap, {"token_set": round(token_set, 3), "content_overlap": round(overlap, 3),
                                             "shared": sorted(shared)}


def speakers_compatible(a: QuoteRef, b: QuoteRef) -> bool | None:
    """True/False when both speakers are known, None when either is unknown."""
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    sa, sb = normalize(a.speaker), normalize(b.speaker)
    if not sa or not sb:
        return None
    if sa == sb or sa in sb or sb in sa:
        return True
    la, lb = sa.split()[-1], sb.split()[-1]
    return fuzz.ratio(la, lb) >= 80 and la[:1] == lb[:1]


def _eligible(q: QuoteRef) -> bool:
    if q.kind == "scare":
        return False
    return len(content_words(q.text)) >= 2


def same_statements(quotes: Sequence[QuoteRef], *, threshold: float = THRESHOLD,
                    must_include: set[str] | None = None) -> list[tuple[QuoteRef, QuoteRef, float, str]]:
    """Pairs (a, b, score, reason) of quotes in different documents that report the same utterance.

    Each quote keeps at most its best match per other document, and a pair is kept only when each is the
    other's best in that document. ``must_include`` (handles) restricts to pairs touching one of them.
    """
    pool = [q for q in quotes if _eligible(q)]
    prep = [(normalize(q.text), content_words(q.text)) for q in pool]
    scored: dict[tuple[int, int], tuple[float, str]] = {}
    for i, a in enumerate(pool):
        for j in range(i + 1, len(pool)):
            b = pool[j]
            if a.document_id == b.document_id:
                continue
            if must_include is not None and a.handle not in must_include and b.handle not in must_include:
                continue
            short = min(len(prep[i][1]), len(prep[j][1]))
            if short < 3 and prep[i][0] != prep[j][0]:
                continue  # two-word fragments match only when identical
            if not prep[i][1] & prep[j][1]:
                continue  # not one content word in common
            compatible = speakers_compatible(a, b)
            if compatible is False:
                continue
            score, parts = wording_similarity(a.text, b.text, prepared=(prep[i], prep[j]))
            need = threshold if compatible else UNKNOWN_SPEAKER_THRESHOLD
            if score < need:
                continue
            who = (f"same speaker ({a.speaker or b.speaker})" if compatible else "speaker unknown on one side")
            reason = (f"{who}; wording similarity {score:.2f} (token-set {parts['token_set']:.2f}, content words "
                      f"shared {parts['content_overlap']:.2f}: {', '.join(parts['shared'][:8])})")
            scored[(i, j)] = (score if compatible else score - 0.1, reason)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), (score, _) in scored.items():
        for x, y in ((i, j), (j, i)):
            key = (x, pool[y].document_id)
            if key not in best or score > best[key][0]:
                best[key] = (score, y)
    out = []
    for (i, j), (score, reason) in sorted(scored.items()):
        if best[(i, pool[j].document_id)][1] == j and best[(j, pool[i].document_id)][1] == i:
            out.append((pool[i], pool[j], round(score, 4), reason))
    return out


def word_diff(a: str, b: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Word-level differences of two variants: for each side a list of (word, tag) where tag is ``same``,
    ``changed`` (replaced on the other side) or ``extra`` (absent from the other side)."""
    import difflib

    wa, wb = re.findall(r"\S+", a), re.findall(r"\S+", b)
    ka = [normalize(w) for w in wa]
    kb = [normalize(w) for w in wb]
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ka, b=kb, autojunk=False).get_opcodes():
        if op == "equal":
            left += [(w, "same") for w in wa[i1:i2]]
            right += [(w, "same") for w in wb[j1:j2]]
        elif op == "replace":
            left += [(w, "changed") for w in wa[i1:i2]]
            right += [(w, "changed") for w in wb[j1:j2]]
        elif op == "delete":
            left += [(w, "extra") for w in wa[i1:i2]]
        else:
            right += [(w, "extra") for w in wb[j1:j2]]
    return left, right
