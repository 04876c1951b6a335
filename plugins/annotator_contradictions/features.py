"""What a sentence states that another report might state differently: its content lemmas (for alignment),
named people and places, quantities, dates, negations, attribution markers, causes of death or injury and
evaluative words. One :class:`Features` per distinct sentence; computed once, compared many times. Pure.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from .dates import DateMention, extract_dates
from .lexicon import (
    ATTRIBUTION,
    CAUSES,
    DEATH_WORDS,
    DISPUTE_CUES,
    EVALUATIVE,
    MONTHS,
    NEGATORS,
    STOPWORDS,
    TITLE_WORDS,
    WEEKDAYS,
)
from .measures import Measure, measure, scope_at, scope_spans
from .quantities import Quantity, extract_quantities
from .words import Word as Token
from .words import text_words

_CAUSE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(c) for c in CAUSES), key=len, reverse=True)) + r")\b",
                       re.IGNORECASE)
_NOT_NAMES = STOPWORDS | TITLE_WORDS | set(MONTHS) | set(WEEKDAYS) | {
    "but", "and", "the", "a", "an", "in", "on", "at", "as", "after", "before", "while", "when", "despite",
    "earlier", "later", "meanwhile", "however", "listen", "video", "people", "others", "many", "some", "officials",
    "police", "thousands", "hundreds", "both", "other", "slain", "riot", "workers",
}


def is_claim_like(text: str) -> bool:
    """A sentence worth comparing: enough words to state something (not a heading, credit or dateline)."""
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        return False  # a photo credit
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(words) < 6:
        return False
    return text.rstrip()[-1:] in ".!?”’\"'…:)" or len(words) >= 10


@dataclass(frozen=True)
class Name:
    text: str
    key: str        # folded, for matching variant spellings
    start: int
    end: int
    token_index: int
    ent: str = ""   # the pipeline's entity label of the name (PERSON, GPE, ORG, FAC...), "" when unknown


@dataclass(frozen=True)
class Cause:
    cls: str
    strong: bool
    negated: bool
    surface: str
    start: int


@dataclass
class Features:
    text: str
    tokens: list[Token]
    lemmas: list[str]                       # content lemmas in order (no numbers, dates)
    names: list[Name]
    quantities: list[Quantity]
    dates: list[DateMention]
    negations: list[int]                    # token indexes of negators
    attributions: list[int]                 # token indexes of attribution markers
    dispute: bool                           # speaks of a denial or doubt
    causes: list[Cause]
    death: bool
    evaluative: dict[str, int] = field(default_factory=dict)  # evaluative lemma -> token index
    measures: list[Measure] = field(default_factory=list)     # what each quantity measures (same order)

    @property
    def pronoun(self) -> bool:
        return any(t.low in ("he", "his", "him", "she", "her") for t in self.tokens)


def _names(text: str, tokens: list[Token]) -> list[Name]:
    out: list[Name] = []
    run: list[tuple[int, Token]] = []

    def flush():
        while run and run[0][1].low in _NOT_NAMES:
            run.pop(0)
        while run and run[-1][1].low in _NOT_NAMES:
            run.pop()
        if run:
            first, last = run[0], run[-1]
            text = " ".join(t.text for _, t in run)
            labels = Counter(t.ent for _, t in run if t.ent)
            ent = labels.most_common(1)[0][0] if labels else ""
            out.append(Name(text, " ".join(t.low for _, t in run), first[1].start, last[1].end, first[0], ent))
        run.clear()

    for i, t in enumerate(tokens):
        if t.cap and not t.low[:1].isdigit() and t.low not in _NOT_NAMES:
            run.append((i, t))
        else:
            flush()
    flush()
    # a capitalised first word (of the sentence or of a quotation) is a name only if another follows it
    return [n for n in out if not (_opens(text, tokens, n.token_index) and " " not in n.text)]


def _opens(text: str, tokens: list[Token], i: int) -> bool:
    if i == 0:
        return True
    between = text[tokens[i - 1].end:tokens[i].start]
    return any(ch in between for ch in "“\"‘'—–:(")


# a negator does not reach past a clause break, nor into an embedded question: "did not know why the officers
# took the bomb inside" negates the knowing, not the bomb
_CLAUSE_BREAK = re.compile(r"[,;:—–()!?]|[.](?:\s|$)|\b(?:but|and|while|whereas|why|how|when|where|whether)\b")


def in_scope(text: str, negator_end: int, pos: int) -> bool:
    """Whether ``pos`` lies in the clause a negator ending at ``negator_end`` governs."""
    return not _CLAUSE_BREAK.search(text, negator_end, pos)


def _causes(text: str, tokens: list[Token], negations: list[int]) -> list[Cause]:
    out = []
    starts = [t.start for t in tokens]
    for m in _CAUSE_RE.finditer(text):
        phrase = m.group(1).lower()
        if re.match(r"\s+(?:attempts?|bid|threats?|risk|fears?|watch)\b", text[m.end():m.end() + 10], re.IGNORECASE):
            continue  # "an apparent suicide attempt", "a bomb threat": not what caused a death
        cls, strong = CAUSES[phrase]
        idx = next((i for i, s in enumerate(starts) if s >= m.start()), len(tokens))
        negated = any(0 < idx - n <= 12 and in_scope(text, tokens[n].end, m.start()) for n in negations)
        out.append(Cause(cls, strong, negated, m.group(1), m.start()))
    return out


def analyse(text: str, published: str | None = None, anchors=None, words: list[Token] | None = None) -> Features:
    """The features of one sentence. ``words`` are its words from the shared analysis
    (:func:`words.words`); without them the rule analysis of ``text`` is used."""
    tokens = text_words(text) if words is None else words
    quantities = extract_quantities(text, tokens)
    dates = extract_dates(text, tokens, published, anchors)
    masked = [(q.start, q.end) for q in quantities if q.value is not None] + [(d.start, d.end) for d in dates]
    lemmas = [t.lemma for t in tokens
              if not t.stop and not t.low[:1].isdigit() and not any(a <= t.start < b for a, b in masked)]
    negations = [i for i, t in enumerate(tokens) if t.low in NEGATORS or t.low.endswith("n't")]
    attributions = [i for i, t in enumerate(tokens) if t.low in ATTRIBUTION]
    evaluative = {}
    for i, t in enumerate(tokens):
        if t.lemma in EVALUATIVE and t.lemma not in evaluative:
            evaluative[t.lemma] = i
    return Features(
        text=text, tokens=tokens, lemmas=lemmas, names=_names(text, tokens), quantities=quantities, dates=dates,
        negations=negations, attributions=attributions,
        dispute=any(t.low in DISPUTE_CUES for t in tokens),
        causes=_causes(text, tokens, negations),
        death=any(t.lemma in DEATH_WORDS for t in tokens), evaluative=evaluative,
        measures=_measures(text, quantities, published),
    )


def _measures(text: str, quantities: list[Quantity], published: str | None) -> list[Measure]:
    spans = scope_spans(text, _year(published), _month(published))
    return [dataclasses.replace(measure(text, q), scope=scope_at(spans, q.start)) for q in quantities]


def _month(published: str | None) -> int | None:
    try:
        return int(str(published)[5:7]) if published and len(str(published)) >= 7 else None
    except ValueError:
        return None


def _year(published: str | None) -> int | None:
    try:
        return int(str(published)[:4]) if published else None
    except ValueError:
        return None
