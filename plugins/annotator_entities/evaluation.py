"""Scoring entity mentions and clusters against a gold set (pure functions; used by benchmarks/eval_entities.py
and the tests).

- mentions: exact-span, exact-label precision, recall and F1, per label and micro-averaged;
- clusters: B-cubed and pairwise precision/recall/F1 over the mentions both sides share, and for each gold
  entity the number of predicted entities its mentions are spread over (1 is perfect).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


Span = tuple[str, int, int, str]  # (document key, start, end, label)


def score_mentions(gold: Iterable[Span], predicted: Iterable[Span], labels: Iterable[str]) -> dict[str, PRF]:
    """Per-label and ``"all"`` exact-match scores, restricted to ``labels``."""
    labels = list(labels)
    g = {s for s in gold if s[3] in labels}
    p = {s for s in predicted if s[3] in labels}
    out = {}
    for label in labels:
        gl = {s for s in g if s[3] == label}
        pl = {s for s in p if s[3] == label}
        out[label] = PRF(len(gl & pl), len(pl - gl), len(gl - pl))
    out["all"] = PRF(len(g & p), len(p - g), len(g - p))
    return out


def bcubed(gold: dict, predicted: dict) -> PRF | tuple[float, float, float]:
    """B-cubed (precision, recall, F1) over the items present in both mappings item -> cluster id.
    Items without a predicted cluster count as singletons."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    gold_members: dict = defaultdict(set)
    pred_members: dict = defaultdict(set)
    for i in items:
        gold_members[gold[i]].add(i)
        pred_members[predicted[i] if predicted[i] is not None else ("single", i)].add(i)

    def pred_of(i):
        return predicted[i] if predicted[i] is not None else ("single", i)

    p = r = 0.0
    for i in items:
        g, q = gold_members[gold[i]], pred_members[pred_of(i)]
        both = len(g & q)
        p += both / len(q)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold: dict, predicted: dict) -> PRF:
    """Pairs of shared items in the same cluster: true positive when both sides agree."""
    items = [i for i in gold if i in predicted and predicted[i] is not None]
    tp = fp = fn = 0
    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            a, b = items[x], items[y]
            same_g = gold[a] == gold[b]
            same_p = predicted[a] == predicted[b]
            tp += same_g and same_p
            fp += same_p and not same_g
            fn += same_g and not same_p
    unassigned = [i for i in gold if i in predicted and predicted[i] is None]
    for u in unassigned:  # a mention left without an entity misses every pair it belongs to
        fn += sum(1 for i in gold if i in predicted and i != u and gold[i] == gold[u])
    return PRF(tp, fp, fn)


def spread(gold: dict, predicted: dict) -> dict[str, int]:
    """For each gold cluster: how many predicted clusters its (shared, assigned) mentions fall in."""
    out: dict = defaultdict(set)
    for i, g in gold.items():
        if i in predicted and predicted[i] is not None:
            out[g].add(predicted[i])
    return {g: len(s) for g, s in out.items()}
