"""Sentence alignment across documents: TF-IDF vectors over content lemmas (plus character trigrams of names,
so ``Tsikhanouskaya`` meets ``Tikhanovskaya``), cosine similarity, and an inverted index so each sentence is
scored only against sentences that share a term with it.

The index visits, for each sentence, the postings of its highest-weighted terms only (``probe_terms``), and of
each term only its ``champions`` highest-weighted postings (champion lists, as in Manning, Raghavan & Schütze,
*Introduction to Information Retrieval*, ch. 7): the work per sentence stays bounded when one story is told by
hundreds of documents and the story's words occur in thousands of sentences, so the whole alignment grows
about linearly. The few candidates found are then scored with the full vectors. Standard library only.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence


def name_trigrams(key: str) -> list[str]:
    word = f" {key} "
    return ["#" + word[i:i + 3] for i in range(len(word) - 2)]


class Aligner:
    """Cosine similarity between term bags, with an inverted index for neighbour search."""

    def __init__(self, bags: Sequence[Sequence[str]], *, max_df: float = 0.5, champions: int = 120):
        self.n = len(bags)
        df: Counter = Counter()
        for bag in bags:
            df.update(set(bag))
        # terms in more than max_df of all sentences say nothing about which sentences belong together
        limit = max(2, int(max_df * self.n))
        self.idf = {t: math.log((self.n + 1) / (c + 1)) + 1.0 for t, c in df.items() if c <= limit or self.n < 8}
        self.vectors: list[dict[str, float]] = []
        for bag in bags:
            tf = Counter(t for t in bag if t in self.idf)
            vec = {t: (1.0 + math.log(c)) * self.idf[t] for t, c in tf.items()}
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            self.vectors.append({t: w / norm for t, w in vec.items()})
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vec in enumerate(self.vectors):
            for t, w in vec.items():
                self.postings[t].append((i, w))
        for plist in self.postings.values():
            if len(plist) > champions:  # champion list: the sentences where the term weighs most
                plist.sort(key=lambda p: -p[1])
                del plist[champions:]

    def similarity(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(w * b.get(t, 0.0) for t, w in a.items())

    def neighbours(self, i: int, *, k: int = 10, min_sim: float = 0.2, probe_terms: int = 12,
                   allowed=None) -> list[tuple[int, float]]:
        """The ``k`` most similar sentences to ``i`` (cosine >= ``min_sim``); ``allowed(j)`` filters."""
        vec = self.vectors[i]
        probes = heapq.nlargest(probe_terms, vec.items(), key=lambda kv: kv[1])
        partial: dict[int, float] = defaultdict(float)
        for t, w in probes:
            for j, wj in self.postings[t]:
                partial[j] += w * wj
        partial.pop(i, None)
        if allowed is not None:
            partial = {j: p for j, p in partial.items() if allowed(j)}
        shortlist = heapq.nlargest(max(3 * k, 30), partial.items(), key=lambda kv: kv[1])
        scored = []
        for j, _p in shortlist:
            s = self.similarity(i, j)
            if s >= min_sim:
                scored.append((s, j))
        return [(j, s) for s, j in heapq.nlargest(k, scored)]
