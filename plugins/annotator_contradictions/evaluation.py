"""Score suggested contradiction links against a hand-made gold list (``tests/data/contradictions_gold.json``).

The gold list holds groups of claims (side a, side b) quoted from the documents of named outlets; each a x b
pair is a gold pair. A suggestion matches a gold pair when its two ends overlap the two quoted spans (either
direction). Reported at k (the top k suggestions by score) and over all suggestions: precision (share of
suggestions matching some gold pair), pair recall, group recall (a group is found when any of its pairs is),
recall of the major groups, and label agreement among matches. Pure: works on plain tuples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[str, int, int]


@dataclass(frozen=True)
class GoldPair:
    group: str
    label: str
    facet: str
    importance: str
    a: tuple[Span, ...]   # every occurrence of the quoted claim
    b: tuple[Span, ...]


@dataclass(frozen=True)
class Suggested:
    a: Span
    b: Span
    label: str
    score: float
    reason: str = ""


@dataclass
class Scores:
    k: int | None
    suggestions: int
    matched: int
    precision: float
    pair_recall: float
    group_recall: float
    major_recall: float
    label_agreement: float
    groups_found: list[str] = field(default_factory=list)

    def line(self) -> str:
        at = f"@{self.k}" if self.k else "all"
        return (f"{at:>5}: precision {self.precision:.2f} ({self.matched}/{self.suggestions}), pair recall "
                f"{self.pair_recall:.2f}, group recall {self.group_recall:.2f}, major groups "
                f"{self.major_recall:.2f}, label agreement {self.label_agreement:.2f}")


def load_gold(path: str | Path, documents) -> list[GoldPair]:
    """Gold pairs with quoted spans located in ``documents`` (objects with id, source, text)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    by_outlet = {d.source: d for d in documents}

    def spans(claim) -> tuple[Span, ...]:
        doc = by_outlet.get(claim["outlet"])
        if doc is None:
            raise ValueError(f"gold names outlet {claim['outlet']!r}, not in the documents")
        out, start = [], doc.text.find(claim["text"])
        while start >= 0:
            out.append((doc.id, start, start + len(claim["text"])))
            start = doc.text.find(claim["text"], start + 1)
        if not out:
            raise ValueError(f"gold quote not found in {claim['outlet']}: {claim['text']!r}")
        return tuple(out)

    pairs = []
    for g in data["groups"]:
        for ca in g["a"]:
            for cb in g["b"]:
                sa, sb = spans(ca), spans(cb)
                if set(sa) & set(sb):
                    continue
                pairs.append(GoldPair(g["id"], g["label"], g["facet"], g.get("importance", "minor"), sa, sb))
    return pairs


def _overlaps(x: Span, ys: tuple[Span, ...]) -> bool:
    return any(x[0] == y[0] and x[1] < y[2] and y[1] < x[2] for y in ys)


def matches(s: Suggested, g: GoldPair) -> bool:
    return (_overlaps(s.a, g.a) and _overlaps(s.b, g.b)) or (_overlaps(s.a, g.b) and _overlaps(s.b, g.a))


def score(suggestions: list[Suggested], gold: list[GoldPair], k: int | None = None) -> Scores:
    ranked = sorted(suggestions, key=lambda s: -s.score)
    top = ranked[:k] if k else ranked
    found_pairs: set[int] = set()
    matched = 0
    agree = 0
    for s in top:
        hits = [i for i, g in enumerate(gold) if matches(s, g)]
        if hits:
            matched += 1
            agree += any(gold[i].label == s.label for i in hits)
            found_pairs.update(hits)
    groups = {g.group for g in gold}
    major = {g.group for g in gold if g.importance == "major"}
    found_groups = {gold[i].group for i in found_pairs}
    denominator = k if k else len(top)
    return Scores(
        k, len(top), matched,
        precision=matched / denominator if denominator else 0.0,
        pair_recall=len(found_pairs) / len(gold) if gold else 0.0,
        group_recall=len(found_groups) / len(groups) if groups else 0.0,
        major_recall=len(found_groups & major) / len(major) if major else 0.0,
        label_agreement=agree / matched if matched else 0.0,
        groups_found=sorted(found_groups),
    )


def suggested_links(project, layer: str = "contradiction") -> list[Suggested]:
    """The project's suggested links of ``layer`` with their ends and ``_score``."""
    out = []
    for link in project.links(layer=layer, status="suggested"):
        a, b = project.annotation(link.source_id), project.annotation(link.target_id)
        if a is None or b is None:
            continue
        out.append(Suggested((a.document_id, a.start, a.end), (b.document_id, b.start, b.end), link.label,
                             float(link.attributes.get("_score") or 0.0), link.attributes.get("_reason", "")))
    return out


# ------------------------------------------------------------------------------------ topic gold (format 2)


def _locate(doc_text: str, quote: str, doc_id: str) -> tuple[Span, ...]:
    out, start = [], doc_text.find(quote)
    while start >= 0:
        out.append((doc_id, start, start + len(quote)))
        start = doc_text.find(quote, start + 1)
    return tuple(out)


def load_topic_gold(path: str | Path, topic: str, documents_by_file: dict) -> list[GoldPair]:
    """Gold pairs of one topic of a ``contradictions-gold/2`` file: groups of ``sides``, each a list of claims
    ``{"file", "text"}``; every pair of claims from two different sides is a gold pair. ``documents_by_file``
    maps a file name to the imported document (id, text)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pairs = []
    for g in data["topics"].get(str(topic), []):
        sides = []
        for side in g["sides"]:
            spans: list[Span] = []
            for claim in side:
                doc = documents_by_file.get(claim["file"])
                if doc is None:
                    raise ValueError(f"gold names {claim['file']!r}, not among the imported documents")
                found = _locate(doc.text, claim["text"], doc.id)
                if not found:
                    raise ValueError(f"gold quote not found in {claim['file']}: {claim['text']!r}")
                spans.extend(found)
            sides.append(tuple(spans))
        for i in range(len(sides)):
            for j in range(i + 1, len(sides)):
                pairs.append(GoldPair(g["id"], g["label"], g["facet"], g.get("importance", "minor"),
                                      sides[i], sides[j]))
    return pairs


def load_judged(path: str | Path, topic: str, documents_by_file: dict) -> list[GoldPair]:
    """Extra candidates judged by reading (``{"topic", "a": {file, text}, "b": {file, text}, "real": bool}``):
    the real ones, as pairs, for the precision "with reading of the extra candidates"."""
    p = Path(path)
    if not p.is_file():
        return []
    out = []
    for n, item in enumerate(json.loads(p.read_text(encoding="utf-8")).get("judged", [])):
        if str(item["topic"]) != str(topic) or not item.get("real"):
            continue
        ends = []
        for side in ("a", "b"):
            doc = documents_by_file.get(item[side]["file"])
            ends.append(_locate(doc.text, item[side]["text"], doc.id) if doc is not None else ())
        if ends[0] and ends[1]:
            out.append(GoldPair(f"judged-{n}", item.get("label", "contradicts"), "", "extra", ends[0], ends[1]))
    return out
