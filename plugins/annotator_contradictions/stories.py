"""Which articles report the same event: the one event scope a figure or a date of one article can contradict.

A project often holds reports of several events of one kind (two bank bombings, two jewel heists). Two
articles speak of the same event when they name the same rare people and places and use the same rare words:
:class:`Stories` keeps, per article, TF-IDF vectors of its name words and of its content lemmas (the weights
from how many articles of the project use each), and :meth:`Stories.similarity` is the mean of the two
cosines. Articles whose publication dates are more than :data:`MAX_DAYS_APART` apart are reports of different
events. :meth:`Stories.factor` turns this into the weight a candidate's score gets (1.0 for the same event,
down to :data:`FLOOR`).

One pair of articles is weak evidence: two reports of two heists in Paris share Paris, jewels, robbers and the
brand, and on the dev corpus a tenth of the pairs across two events of one topic are as similar as the pairs
within one. The articles are therefore also grouped into **events** (:meth:`Stories.events`): average-linkage
clustering of the article similarities, merging while two groups' mean similarity is at least
:data:`EVENT_LINK`; articles of two groups of at least :data:`MIN_EVENT` articles each report different events
(weight :data:`FLOOR`), articles of one group the same (at least :data:`SAME_GROUP`); a group smaller than
:data:`MIN_EVENT` joins the large group it is closest to (at half the bar), or stays undecided. A group is a whole
neighbourhood, so the few similar pairs across two events do not decide. The clustering needs the similarity
of every pair of articles (numpy, quadratic in the number of *articles*, not sentences; about a second for
1,000 articles): below :data:`MIN_CLUSTERED` and above :data:`MAX_CLUSTERED` articles it is skipped and the
pairwise weight alone is used.
Vectors are built once (linear in the text). Pure.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

MAX_DAYS_APART = 30
SAME_EVENT = 0.08   # mean cosine from which two articles surely report one event (measured on the dev corpus)
OTHER_EVENT = 0.02  # ... and up to which they surely do not: on topics 8, 12 and 24 (two events each), 55-100 %
                    # of the pairs across the two events lie below 0.03, 75-90 % of those within one above 0.04
FLOOR = 0.15
EVENT_LINK = 0.06   # mean similarity at which two groups of articles are one event: within one event of the dev
                    # topics the mean is 0.10-0.20, across two events of one topic 0.01-0.05
SAME_GROUP = 0.7
MIN_EVENT = 3          # a group of fewer articles is not trusted to be an event of its own
MAX_CLUSTERED = 2500
MIN_CLUSTERED = 10  # fewer articles give too few neighbours (and document frequencies) to group by
TERMS_PER_ARTICLE = 80


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
        self._event: list[int] | None = None
        self._size: Counter = Counter()

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

    def events(self) -> list[int]:
        """The event (a group number) of each article; see the module docstring."""
        if self._event is None:
            self._event = self._cluster()
            self._size = Counter(self._event)
        return self._event

    def _cluster(self) -> list[int]:
        n = len(self.published)
        if n < MIN_CLUSTERED or n > MAX_CLUSTERED:
            return list(range(n))
        import numpy as np

        sims = np.zeros((n, n), dtype=np.float32)
        for vectors in self._vectors:
            # the strongest terms of each article, and only terms two articles share (the others add nothing)
            tops = [sorted(vec.items(), key=lambda kv: -kv[1])[:TERMS_PER_ARTICLE] for vec in vectors]
            df = Counter(w for top in tops for w, _ in top)
            vocab = {w: k for k, w in enumerate(w for w, c in df.items() if c >= 2)}
            m = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
            for i, top in enumerate(tops):
                for w, x in top:
                    if w in vocab:
                        m[i, vocab[w]] = x
            sims += m @ m.T
        sims /= len(self._vectors)
        original = sims.copy()
        np.fill_diagonal(sims, -np.inf)
        size = np.ones(n)
        group = np.arange(n)
        # each row's best partner, kept up to date: a merge touches two rows and one column, so finding the next
        # pair to merge costs O(n), not a scan of the whole matrix (O(n^2) in all instead of O(n^3))
        best = sims.argmax(axis=1)
        best_val = sims[np.arange(n), best]
        while True:
            a = int(best_val.argmax())
            b = int(best[a])
            if best_val[a] < EVENT_LINK:
                break
            # average linkage (Lance-Williams): b joins a
            merged = (size[a] * sims[a] + size[b] * sims[b]) / (size[a] + size[b])
            sims[a], sims[:, a] = merged, merged
            sims[a, a] = -np.inf
            sims[b], sims[:, b] = -np.inf, -np.inf
            size[a] += size[b]
            group[group == b] = a
            best_val[b] = -np.inf
            stale = np.flatnonzero((best == a) | (best == b))
            for k in (a, *stale.tolist()):
                if k != b and np.isfinite(best_val[k]) or k == a:
                    best[k] = int(sims[k].argmax())
                    best_val[k] = sims[k, best[k]]
            rise = np.flatnonzero(sims[:, a] > best_val)
            best[rise] = a
            best_val[rise] = sims[rise, a]
        group = group.tolist()
        # a small group (an article or two the others resemble less) joins the large group it is closest to
        # on average, when that is at least half the linking bar
        counts = Counter(group)
        large = [g for g, c in counts.items() if c >= MIN_EVENT]
        if large:
            members = {g: [i for i in range(n) if group[i] == g] for g in counts}
            for g, c in counts.items():
                if c >= MIN_EVENT:
                    continue
                rows = original[members[g]]
                best, target = max((float(rows[:, members[h]].mean()), h) for h in large)
                if best >= EVENT_LINK / 2:
                    for i in members[g]:
                        group[i] = target
        return group

    def factor(self, i: int, j: int) -> float:
        """1.0 for two reports of one event, FLOOR for surely different ones, in between by similarity."""
        if i == j or len(self.published) < 3:
            return 1.0
        if self.far_apart(i, j):
            return 0.0
        events = self.events()
        if events[i] != events[j] and self._size[events[i]] >= MIN_EVENT and self._size[events[j]] >= MIN_EVENT:
            return FLOOR
        if events[i] == events[j]:
            share = (self.similarity(i, j) - OTHER_EVENT) / (SAME_EVENT - OTHER_EVENT)
            return max(SAME_GROUP, FLOOR + (1.0 - FLOOR) * min(1.0, max(0.0, share)))
        share = (self.similarity(i, j) - OTHER_EVENT) / (SAME_EVENT - OTHER_EVENT)
        return FLOOR + (1.0 - FLOOR) * min(1.0, max(0.0, share))
