"""Which articles report the same event: the one event scope a figure or a date of one article can contradict.

A project often holds reports of several events of one kind (two bank bombings, two jewel heists). Two
articles speak of the same event when they name the same rare people and places and use the same rare words:
:class:`Stories` keeps, per article, TF-IDF vectors of its name words and of its content lemmas (the weights
from how many articles of the project use each), and :meth:`Stories.similarity` is the mean of the two
cosines. Articles whose publication dates are more than :data:`MAX_DAYS_APART` apart are reports of different
events. :meth:`Stories.factor` turns this into the weight a candidate's score gets (1.0 for the same event,
down to :data:`FLOOR`). Vectors are built once (linear in the text); similarities are computed only for the
pairs of articles a candidate joins, and cached. Pure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

MAX_DAYS_APART = 30
SAME_EVENT = 0.08   # mean cosine from which two articles surely report one event (measured on the dev corpus)
FLOOR = 0.3


def _unit(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    vec = {w: (1.0 + math.log(c)) * idf[w] for w, c in counts.items() if idf.get(w, 0.0) > 0}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


class Stories:
    def __init__(self, names: Sequence[Counter], lemmas: Sequence[Counter], published: Sequence[dt.date | None]):
        n = len(names)
        self.published = list(published)
        self._cache: dict[tuple[int, int], float] = {}
        self._vectors = []
        for bags in (names, lemmas):
            df = Counter(w for bag in bags for w in bag)
            idf = {w: math.log(n / d) for w, d in df.items()} if n > 1 else {}
            self._vectors.append([_unit(bag, idf) for bag in bags])

    def similarity(self, i: int, j: int) -> float:
        if i == j:
            return 1.0
        key = (min(i, j), max(i, j))
        if key not in self._cache:
            self._cache[key] = sum(_cos(v[i], v[j]) for v in self._vectors) / len(self._vectors)
        return self._cache[key]

    def far_apart(self, i: int, j: int) -> bool:
        a, b = self.published[i], self.published[j]
        return a is not None and b is not None and abs((a - b).days) > MAX_DAYS_APART

    def factor(self, i: int, j: int) -> float:
        """1.0 for two reports of one event, FLOOR for surely different ones, in between by similarity."""
        if i == j or len(self.published) < 3:
            return 1.0
        if self.far_apart(i, j):
            return 0.0
        return FLOOR + (1.0 - FLOOR) * min(1.0, self.similarity(i, j) / SAME_EVENT)
