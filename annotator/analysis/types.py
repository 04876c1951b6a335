"""The value types of a document analysis: :class:`Span`, :class:`Token`, :class:`EntitySpan` and
:class:`DocAnalysis` (paragraphs, sentences, tokens, entities and the spaCy ``Doc`` of one stored text).

All offsets are Unicode code points into the stored text, end-exclusive. Immutable; look-ups by offset use
binary search.
"""

from __future__ import annotations

import bisect
from typing import Any, NamedTuple


class Span(NamedTuple):
    """A stretch of the stored text: code points, end-exclusive."""

    start: int
    end: int


class Token(NamedTuple):
    """One token (never white space). ``head`` is the index in :attr:`DocAnalysis.tokens` of the token's
    syntactic head (its own index for a root, and always without a parse). Without a pipeline ``pos``, ``tag``,
    ``dep`` and ``ent_type`` are ``""``, ``ent_iob`` is ``"O"`` and ``lemma`` is the lower-cased text."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str
    ent_iob: str
    is_sent_start: bool


class EntitySpan(NamedTuple):
    """A named entity the pipeline found (spaCy's label, e.g. ``PERSON``, ``GPE``, ``DATE``)."""

    start: int
    end: int
    label: str


def _find(spans: tuple, starts: list[int], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and spans[i].start <= offset < spans[i].end:
        return i
    return None


class DocAnalysis:
    """The analysis of one document text by one pipeline (``"rules"`` or a spaCy package with its version).

    ``paragraphs`` and ``sentences`` are sorted, non-overlapping, trimmed of white space; a sentence never
    crosses a paragraph. ``spacy`` is the parse (``None`` for the rule analysis): its character offsets are the
    stored text's code points, ``a.spacy.text == a.text``.
    """

    __slots__ = ("text", "pipeline", "paragraphs", "sentences", "tokens", "entities", "spacy",
                 "_para_starts", "_sent_starts", "_tok_starts", "_tok_ends")

    def __init__(self, text: str, pipeline: str, paragraphs, sentences, tokens, entities=(), spacy: Any = None):
        self.text = text
        self.pipeline = pipeline
        self.paragraphs: tuple[Span, ...] = tuple(paragraphs)
        self.sentences: tuple[Span, ...] = tuple(sentences)
        self.tokens: tuple[Token, ...] = tuple(tokens)
        self.entities: tuple[EntitySpan, ...] = tuple(entities)
        self.spacy = spacy
        self._para_starts = [p.start for p in self.paragraphs]
        self._sent_starts = [s.start for s in self.sentences]
        self._tok_starts = [t.start for t in self.tokens]
        self._tok_ends = [t.end for t in self.tokens]

    @property
    def has_parse(self) -> bool:
        """A spaCy dependency parse is available (``spacy`` is set and its pipeline has a parser)."""
        return self.spacy is not None and bool(self.spacy.has_annotation("DEP"))

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding ``offset`` (None between sentences or outside the text)."""
        i = _find(self.sentences, self._sent_starts, offset)
        return None if i is None else self.sentences[i]

    def sentence_index(self, offset: int) -> int | None:
        """The index in :attr:`sentences` of the sentence holding ``offset`` (None if none does)."""
        return _find(self.sentences, self._sent_starts, offset)

    def paragraph_at(self, offset: int) -> Span | None:
        """The paragraph holding ``offset`` (None between paragraphs or outside the text)."""
        i = _find(self.paragraphs, self._para_starts, offset)
        return None if i is None else self.paragraphs[i]

    def tokens_in(self, start: int, end: int) -> tuple[Token, ...]:
        """The tokens that overlap ``[start, end)``, in order."""
        lo = bisect.bisect_right(self._tok_ends, start)
        hi = bisect.bisect_left(self._tok_starts, end)
        return self.tokens[lo:hi]

    def token_index(self, offset: int) -> int | None:
        """The index of the token holding ``offset`` (None in white space)."""
        i = bisect.bisect_right(self._tok_starts, offset) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return i
        return None

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start:s.end]

    def __repr__(self) -> str:
        return (f"DocAnalysis({self.pipeline!r}, {len(self.text)} chars, {len(self.paragraphs)} paragraphs, "
                f"{len(self.sentences)} sentences, {len(self.tokens)} tokens)")
