"""Scoring quote detection against a hand-made gold set, the way the BBC's Citron quote extractor reports it:
span-level precision, recall and F1 with exact matching (same start and end) and overlap matching (a
predicted span is right if it overlaps a gold span; a gold span is found if a prediction overlaps it); speaker
accuracy on the gold quotes of a kind (a speaker is right when it is one of the gold speaker's accepted
spellings); kind agreement; and same-statement links scored against the gold clusters.

Pure: gold and predictions are plain dicts / tuples. ``benchmarks/eval_quotes.py`` prints these figures; the
tests assert floors on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .detect import normalize


@dataclass(frozen=True)
class Span:
    document: str  # the outlet (source) names the document in the gold set
    start: int
    end: int
    kind: str = ""
    speaker: str = ""

    def overlaps(self, other: Span) -> bool:
        return self.document == other.document and self.start < other.end and other.start < self.end


@dataclass
class PRF:
    tp_pred: int = 0  # predictions counted right
    n_pred: int = 0
    tp_gold: int = 0  # gold spans found
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "predicted": self.n_pred, "gold": self.n_gold}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0
    errors: list[tuple[Span, str]] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def as_dict(self) -> dict:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


def load_gold(data: Mapping) -> tuple[list[Span], dict[str, set[str]], list[list[tuple[str, int]]]]:
    """Gold spans, accepted spellings per speaker (normalised, the name itself included), and clusters."""
    spans = [Span(d["source"], q["start"], q["end"], q["kind"], q.get("speaker", ""))
             for d in data["documents"] for q in d["quotes"]]
    names = {}
    for speaker in {s.speaker for s in spans if s.speaker} | set(data.get("speakers", {})):
        names[speaker] = {normalize(speaker)} | {normalize(a) for a in data.get("speakers", {}).get(speaker, [])}
    clusters = [[(src, start) for src, start in c] for c in data.get("same_statement", [])]
    return spans, names, clusters


def span_scores(gold: Sequence[Span], pred: Sequence[Span], kinds: Iterable[str] | None = None) -> dict[str, PRF]:
    """Exact and overlap P/R/F1. With ``kinds`` only gold and predicted spans of those kinds count."""
    if kinds is not None:
        ks = set(kinds)
        gold = [g for g in gold if g.kind in ks]
        pred = [p for p in pred if p.kind in ks]
    gold_keys = {(g.document, g.start, g.end) for g in gold}
    pred_keys = {(p.document, p.start, p.end) for p in pred}
    exact = PRF(len(pred_keys & gold_keys), len(pred), len(gold_keys & pred_keys), len(gold))
    overlap = PRF(sum(any(p.overlaps(g) for g in gold) for p in pred), len(pred),
                  sum(any(g.overlaps(p) for p in pred) for g in gold), len(gold))
    return {"exact": exact, "overlap": overlap}


def _match(g: Span, pred: Sequence[Span]) -> Span | None:
    """The prediction for a gold span: the exact one, else the one overlapping it most."""
    best, best_len = None, 0
    for p in pred:
        if p.document == g.document and p.start == g.start and p.end == g.end:
            return p
        if p.overlaps(g):
            common = min(p.end, g.end) - max(p.start, g.start)
            if common > best_len:
                best, best_len = p, common
    return best


def speaker_accuracy(gold: Sequence[Span], pred: Sequence[Span], names: Mapping[str, set[str]], kind: str,
                     *, matched_only: bool = False) -> Accuracy:
    """Share of gold quotes of ``kind`` whose prediction names the right speaker. A gold quote with no
    prediction counts as wrong unless ``matched_only``."""
    acc = Accuracy()
    for g in gold:
        if g.kind != kind:
            continue
        p = _match(g, pred)
        if p is None and matched_only:
            continue
        acc.total += 1
        said = normalize(p.speaker) if p is not None else ""
        accepted = names.get(g.speaker, {normalize(g.speaker)}) if g.speaker else {""}
        if said in accepted:
            acc.right += 1
        else:
            acc.errors.append((g, p.speaker if p is not None else "(not found)"))
    return acc


def kind_accuracy(gold: Sequence[Span], pred: Sequence[Span]) -> tuple[Accuracy, dict[tuple[str, str], int]]:
    """Kind agreement on gold spans that have a prediction, and the confusion counts (gold, predicted)."""
    acc, confusion = Accuracy(), {}
    for g in gold:
        p = _match(g, pred)
        if p is None:
            continue
        acc.total += 1
        confusion[(g.kind, p.kind)] = confusion.get((g.kind, p.kind), 0) + 1
        if p.kind == g.kind:
            acc.right += 1
        else:
            acc.errors.append((g, p.kind))
    return acc, confusion


def link_scores(clusters: Sequence[Sequence[tuple[str, int]]], gold: Sequence[Span],
                links: Iterable[tuple[Span, Span]]) -> PRF:
    """Same-statement links against gold clusters: a predicted link is right when both its ends match gold
    quotes of one cluster; recall is over the gold cross-article pairs."""
    by_key = {(g.document, g.start): g for g in gold}
    cluster_of: dict[tuple[str, int], int] = {}
    gold_pairs = set()
    for ci, members in enumerate(clusters):
        for m in members:
            cluster_of[tuple(m)] = ci
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a[0] != b[0]:
                    gold_pairs.add(frozenset((tuple(a), tuple(b))))
    found, right, n = set(), 0, 0
    for a, b in links:
        n += 1
        ga = _match_gold(a, gold, by_key)
        gb = _match_gold(b, gold, by_key)
        if ga and gb and ga in cluster_of and gb in cluster_of and cluster_of[ga] == cluster_of[gb]:
            right += 1
            found.add(frozenset((ga, gb)))
    return PRF(right, n, len(found & gold_pairs), len(gold_pairs))


def _match_gold(p: Span, gold: Sequence[Span], by_key) -> tuple[str, int] | None:
    for g in gold:
        if g.overlaps(p):
            return (g.document, g.start)
    return None
