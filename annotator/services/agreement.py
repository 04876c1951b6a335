"""Inter-annotator agreement on every layer: spans, token labels, attributes, links (across documents too) and
entity clusters, between any two or more *sources* (an annotator = ``author``, or a suggester = ``origin``).

Headless and Qt-free; the command line (``annotator agreement``), the HTML report and the window's Agreement view
all read :func:`agreement`'s :class:`Report`. The statistics come from well-kept libraries where one exists:
Krippendorff's α from ``krippendorff``, the coreference scores (MUC, B³, CEAF-e, BLANC) from ``scorch``. Cohen's
and Fleiss' κ are a few lines over the confusion counts computed here on numpy arrays, and the tests check every
figure against ``sklearn.metrics.cohen_kappa_score`` and ``statsmodels``' ``fleiss_kappa`` on the same data.

What is compared:

- **spans**: a pair of sources' annotations of a layer match *exactly* (same document, offsets and label) or by
  *overlap* (same document and label, overlapping offsets; each annotation matched at most once, largest overlap
  first). Pairwise precision/recall/F1 taking one source as reference (F1 is symmetric), per label and document.
- **token labels**: every token (the rule tokenizer of the shared analysis, the same for every pipeline setting)
  of the documents both sources annotated gets each source's label (``O`` outside any span); Cohen's κ per pair,
  Fleiss' κ over all sources, Krippendorff's α (nominal) with a document a source never annotated as missing.
- **attributes**: on exactly matched spans, how often each attribute has the same value (and κ over its values).
- **links**: a link matches when both ends match (exactly, or by overlap) and, for *typed* agreement, its label;
  both are reported, links within and across documents apart.
- **entity clusters**: the mentions both sources tied to an entity record (same document and offsets), clustered
  by their ``entity_id``; MUC, B³, CEAF-e and BLANC F1 with one source as key.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

OUTSIDE = "O"


# --------------------------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """Who made annotations: ``kind`` is ``author`` or ``origin``; ``name`` its value."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        return self.name if self.kind == "author" else f"{self.name} (suggester)"

    def owns(self, obj) -> bool:
        return (obj.author if self.kind == "author" else obj.origin) == self.name


def parse_sources(text: str | None, by: str = "author") -> list[Source] | None:
    """``alice,bob`` (authors, or origins with ``by="origin"``), ``author:alice,origin:entity-tagger`` mixes."""
    if not text:
        return None
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        kind, _, name = part.partition(":") if part.split(":", 1)[0] in ("author", "origin") else (by, ":", part)
        out.append(Source(kind, name))
    return out


def available_sources(annotations: Iterable, by: str = "author") -> list[Source]:
    names = Counter((a.author if by == "author" else a.origin) for a in annotations)
    return [Source(by, n) for n, _ in sorted(names.items()) if n]


# --------------------------------------------------------------------------------------------- statistics


def prf(matched: int, n_ref: int, n_other: int) -> dict[str, float | int]:
    """Precision of ``other`` against ``ref``, recall, F1 (F1 = 2·matched / (n_ref + n_other), symmetric)."""
    p = matched / n_other if n_other else (1.0 if not n_ref else 0.0)
    r = matched / n_ref if n_ref else (1.0 if not n_other else 0.0)
    f = 2 * matched / (n_ref + n_other) if (n_ref + n_other) else 1.0
    return {"precision": p, "recall": r, "f1": f, "matched": matched, "reference": n_ref, "other": n_other}


def cohen_kappa(a: Sequence, b: Sequence) -> float | None:
    """Cohen's κ of two raters' labels for the same units (None when undefined: no units)."""
    n = len(a)
    if n == 0:
        return None
    cats = sorted(set(a) | set(b))
    if len(cats) == 1:
        return 1.0
    import numpy as np

    idx = {c: i for i, c in enumerate(cats)}
    m = np.zeros((len(cats), len(cats)))
    np.add.at(m, (np.fromiter((idx[x] for x in a), int, n), np.fromiter((idx[x] for x in b), int, n)), 1)
    po = np.trace(m) / n
    pe = float((m.sum(0) * m.sum(1)).sum()) / (n * n)
    return 1.0 if pe == 1 else float((po - pe) / (1 - pe))


def fleiss_kappa(table) -> float | None:
    """Fleiss' κ of a units × categories table of rater counts (each unit rated by the same number of raters)."""
    import numpy as np

    t = np.asarray(table, dtype=float)
    if t.size == 0 or t.shape[0] == 0:
        return None
    n = t.sum(1)[0]
    if n < 2:
        return None
    p_j = t.sum(0) / t.sum()
    p_i = ((t * t).sum(1) - n) / (n * (n - 1))
    pbar, pe = p_i.mean(), (p_j * p_j).sum()
    return 1.0 if pe == 1 else float((pbar - pe) / (1 - pe))


def krippendorff_alpha(matrix) -> float | None:
    """Krippendorff's α (nominal) of a raters × units matrix of category numbers, ``nan`` for missing."""
    import numpy as np

    m = np.asarray(matrix, dtype=float)
    if m.size == 0 or np.count_nonzero(~np.isnan(m)) < 2:
        return None
    values = np.unique(m[~np.isnan(m)])
    if len(values) < 2:
        return 1.0
    import krippendorff

    return float(krippendorff.alpha(reliability_data=m, level_of_measurement="nominal", value_domain=values))


def coref_scores(key: list[set], response: list[set]) -> dict[str, float]:
    """MUC, B³, CEAF-e and BLANC F1 (and the CoNLL-2012 average) of a response clustering against a key."""
    import scorch.scores as sc

    if not key and not response:
        return {"muc": 1.0, "b3": 1.0, "ceaf_e": 1.0, "blanc": 1.0, "conll": 1.0}
    muc, b3, ceaf = sc.muc(key, response)[2], sc.b_cubed(key, response)[2], sc.ceaf_e(key, response)[2]
    blanc = sc.blanc(key, response)[2]
    return {"muc": muc, "b3": b3, "ceaf_e": ceaf, "blanc": blanc, "conll": (muc + b3 + ceaf) / 3}


# --------------------------------------------------------------------------------------------- matching


def match_spans(ref: Sequence, other: Sequence, *, overlap: bool, labelled: bool = True) -> list[tuple[Any, Any]]:
    """Pairs (r, o) of matched annotations, each used at most once. Exact: same document, start, end (and label);
    overlap: same document (and label), overlapping, the largest overlaps paired first."""
    if not overlap:
        index: dict[tuple, list] = defaultdict(list)
        for o in other:
            index[(o.document_id, o.start, o.end, o.label if labelled else None)].append(o)
        pairs = []
        for r in ref:
            bucket = index.get((r.document_id, r.start, r.end, r.label if labelled else None))
            if bucket:
                pairs.append((r, bucket.pop()))
        return pairs
    import bisect

    by_doc: dict[tuple, list] = defaultdict(list)
    for o in other:
        by_doc[(o.document_id, o.label if labelled else None)].append(o)
    index = {}
    for key, v in by_doc.items():
        v.sort(key=lambda a: a.start)
        index[key] = ([o.start for o in v], max(o.end - o.start for o in v), v)
    cands = []
    for r in ref:
        hit = index.get((r.document_id, r.label if labelled else None))
        if hit is None:
            continue
        starts, longest, pool = hit
        # only spans starting after r.start - longest can reach r; stop once past r's end
        for k in range(bisect.bisect_left(starts, r.start - longest + 1), bisect.bisect_left(starts, r.end)):
            o = pool[k]
            ov = min(r.end, o.end) - max(r.start, o.start)
            if ov > 0:
                cands.append((-ov, r.id, o.id, r, o))
    cands.sort(key=lambda c: c[:3])
    used_r, used_o, pairs = set(), set(), []
    for _, rid, oid, r, o in cands:
        if rid not in used_r and oid not in used_o:
            used_r.add(rid)
            used_o.add(oid)
            pairs.append((r, o))
    return pairs


# --------------------------------------------------------------------------------------------- the report


@dataclass
class Report:
    """Everything :func:`agreement` measured. Plain data (dicts and lists): JSON-serialisable as it is."""

    layer: str
    sources: list[str]
    documents: int
    spans: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)
    entities: dict[str, Any] = field(default_factory=dict)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("layer", "sources", "documents", "spans", "tokens", "attributes",
                                              "links", "entities", "disagreements", "notes")}


def agreement(project, layer: str, sources: Sequence[Source] | None = None, *, by: str = "author",
              documents: Sequence[str] | None = None, statuses: Sequence[str] = ("accepted", "suggested"),
              link_layers: Sequence[str] | None = None, max_disagreements: int = 500) -> Report:
    """Agreement on ``layer`` between ``sources`` (default: every author, or every origin with ``by="origin"``,
    that made annotations of the layer). Rejected annotations are nobody's answer and are left out."""
    doc_filter = set(documents) if documents else None
    anns = [a for a in project.annotations(layer=layer)
            if a.status in statuses and (doc_filter is None or a.document_id in doc_filter)]
    if sources is None:
        sources = available_sources(anns, by)
    sources = list(dict.fromkeys(sources))
    rep = Report(layer=layer, sources=[s.label for s in sources], documents=0)
    if len(sources) < 2:
        rep.notes.append(f"agreement needs two or more sources; layer {layer!r} has "
                         f"{', '.join(s.label for s in sources) or 'none'}")
        return rep
    mine = {s: [a for a in anns if s.owns(a)] for s in sources}
    docs_of = {s: {a.document_id for a in v} for s, v in mine.items()}
    rep.documents = len(set().union(*docs_of.values()))
    for s in sources:
        if not mine[s]:
            rep.notes.append(f"{s.label} made no annotation of layer {layer!r}")
    _span_agreement(rep, sources, mine, docs_of, max_disagreements)
    _token_agreement(rep, project, sources, mine, docs_of)
    _attribute_agreement(rep, project, layer, sources, mine, docs_of)
    _link_agreement(rep, project, layer, sources, mine, statuses, link_layers, doc_filter)
    _entity_agreement(rep, sources, mine, docs_of)
    return rep


def _pair_name(a: Source, b: Source) -> str:
    return f"{a.label} ~ {b.label}"


def _shared(docs_of, a, b, items):
    """The annotations of ``items`` in documents both sources annotated (the others are not comparable)."""
    both = docs_of[a] & docs_of[b]
    return [x for x in items if x.document_id in both]


def _span_agreement(rep, sources, mine, docs_of, max_dis) -> None:
    pairs = {}
    for a, b in itertools.combinations(sources, 2):
        ra, rb = _shared(docs_of, a, b, mine[a]), _shared(docs_of, a, b, mine[b])
        out = {"documents": len(docs_of[a] & docs_of[b])}
        exact_pairs = match_spans(ra, rb, overlap=False)
        overlap_pairs = match_spans(ra, rb, overlap=True)
        out["exact"] = prf(len(exact_pairs), len(ra), len(rb))
        out["overlap"] = prf(len(overlap_pairs), len(ra), len(rb))
        unlabelled = match_spans(ra, rb, overlap=True, labelled=False)
        out["overlap_unlabelled"] = prf(len(unlabelled), len(ra), len(rb))
        # per label: labelled matching never pairs two labels, so the counts of the whole matching split by label
        lab_a, lab_b = Counter(x.label for x in ra), Counter(x.label for x in rb)
        lab_exact, lab_over = Counter(x.label for x, _ in exact_pairs), Counter(x.label for x, _ in overlap_pairs)
        out["labels"] = {label: {"exact": prf(lab_exact[label], lab_a[label], lab_b[label]),
                                 "overlap": prf(lab_over[label], lab_a[label], lab_b[label])}
                         for label in sorted(set(lab_a) | set(lab_b))}
        n_a, n_b = Counter(x.document_id for x in ra), Counter(x.document_id for x in rb)
        n_m = Counter(x.document_id for x, _ in exact_pairs)
        out["per_document_exact_f1"] = {d: prf(n_m[d], n_a[d], n_b[d])["f1"] for d in sorted(docs_of[a] & docs_of[b])}
        # label confusion on spans both marked (matched by overlap, any label)
        conf = Counter((x.label, y.label) for x, y in unlabelled)
        out["confusion"] = [[x, y, n] for (x, y), n in sorted(conf.items())]
        pairs[_pair_name(a, b)] = out
        matched_ids = {x.id for x, _ in exact_pairs} | {y.id for _, y in exact_pairs}
        near = {x.id: y for x, y in unlabelled}
        near_back = {y.id: x for x, y in unlabelled}
        for side, x in itertools.chain(((0, x) for x in ra), ((1, x) for x in rb)):
            if len(rep.disagreements) >= max_dis:
                break
            if x.id in matched_ids:
                continue
            other = near.get(x.id) if side == 0 else near_back.get(x.id)
            owner, counterpart = (a, b) if side == 0 else (b, a)
            kind = "missing" if other is None else ("label" if other.label != x.label else "boundary")
            if other is not None and side == 1:
                continue  # a pair is reported once, from the first source's side
            rep.disagreements.append({
                "pair": _pair_name(a, b), "document_id": x.document_id, "start": x.start, "end": x.end,
                "kind": kind, "source": owner.label, "label": x.label, "annotation_id": x.id,
                "other_source": counterpart.label, "other_label": other.label if other is not None else None,
                "other_start": other.start if other is not None else None,
                "other_end": other.end if other is not None else None})
    rep.spans = {"pairs": pairs}
    if pairs:
        rep.spans["mean_exact_f1"] = sum(p["exact"]["f1"] for p in pairs.values()) / len(pairs)
        rep.spans["mean_overlap_f1"] = sum(p["overlap"]["f1"] for p in pairs.values()) / len(pairs)


def tokens_of(text: str) -> list:
    """The units of token-level agreement: the rule tokenizer's tokens (the same whatever the pipeline setting)."""
    from ..analysis.rules import tokenize

    return tokenize(text)


def token_labels(toks: Sequence, spans: Sequence) -> list[str]:
    """Each token's label under ``spans`` (a token inside several spans takes the shortest's; ``O`` outside)."""
    starts = [t.start for t in toks]
    labels = [OUTSIDE] * len(toks)
    import bisect

    for s in sorted(spans, key=lambda a: a.start - a.end):  # shorter spans written last win
        i = bisect.bisect_left(starts, s.start)
        while i < len(toks) and toks[i].start < s.end:
            labels[i] = s.label
            i += 1
        # a span starting inside a token marks that token too
        j = bisect.bisect_right(starts, s.start) - 1
        if 0 <= j < len(toks) and toks[j].start < s.start < toks[j].end:
            labels[j] = s.label
    return labels


def _token_agreement(rep, project, sources, mine, docs_of) -> None:
    import numpy as np

    all_docs = sorted(set().union(*docs_of.values()))
    per_source: dict[Source, list[str | None]] = {s: [] for s in sources}
    cats: dict[str, int] = {OUTSIDE: 0}
    by_doc = {s: defaultdict(list) for s in sources}
    for s in sources:
        for x in mine[s]:
            by_doc[s][x.document_id].append(x)
    for d in all_docs:
        toks = tokens_of(project.text(d))
        for s in sources:
            if d in docs_of[s]:
                per_source[s].extend(token_labels(toks, by_doc[s][d]))
            else:
                per_source[s].extend([None] * len(toks))
    for labs in per_source.values():
        for x in labs:
            if x is not None and x not in cats:
                cats[x] = len(cats)
    n_units = len(next(iter(per_source.values()))) if per_source else 0
    out: dict[str, Any] = {"tokens": n_units, "categories": sorted(cats, key=cats.get), "pairs": {}}
    for a, b in itertools.combinations(sources, 2):
        la, lb = per_source[a], per_source[b]
        keep = [i for i in range(n_units) if la[i] is not None and lb[i] is not None]
        xa, xb = [la[i] for i in keep], [lb[i] for i in keep]
        agree = sum(1 for u, v in zip(xa, xb) if u == v)
        out["pairs"][_pair_name(a, b)] = {"tokens": len(keep), "observed": agree / len(keep) if keep else None,
                                          "cohen_kappa": cohen_kappa(xa, xb)}
    # Fleiss: the tokens every source rated
    full = [i for i in range(n_units) if all(per_source[s][i] is not None for s in sources)]
    if full:
        table = np.zeros((len(full), len(cats)))
        for s in sources:
            col = np.fromiter((cats[per_source[s][i]] for i in full), int, len(full))
            np.add.at(table, (np.arange(len(full)), col), 1)
        out["fleiss_kappa"] = fleiss_kappa(table)
        out["fleiss_tokens"] = len(full)
    else:
        out["fleiss_kappa"] = None
        out["fleiss_tokens"] = 0
    matrix = np.array([[np.nan if x is None else cats[x] for x in per_source[s]] for s in sources], dtype=float)
    out["krippendorff_alpha"] = krippendorff_alpha(matrix)
    rep.tokens = out


def _attribute_agreement(rep, project, layer, sources, mine, docs_of) -> None:
    spec = project.layer(layer)
    declared = [a.name for a in getattr(spec, "attributes", ())] if spec is not None else []
    out: dict[str, Any] = {}
    for a, b in itertools.combinations(sources, 2):
        pairs = match_spans(_shared(docs_of, a, b, mine[a]), _shared(docs_of, a, b, mine[b]), overlap=False,
                            labelled=False)
        keys = sorted({k for x, y in pairs for k in (*x.attributes, *y.attributes)
                       if not k.startswith("_") and k != "entity_id"} | set(declared) - {"entity_id"})
        res = {"matched_spans": len(pairs), "label": None, "attributes": {}}
        if pairs:
            res["label"] = {"agreement": sum(x.label == y.label for x, y in pairs) / len(pairs),
                            "cohen_kappa": cohen_kappa([x.label for x, _ in pairs], [y.label for _, y in pairs])}
        for k in keys:
            both = [(x.attributes.get(k), y.attributes.get(k)) for x, y in pairs
                    if k in x.attributes or k in y.attributes]
            if not both:
                continue
            va = [_hashable(u) for u, _ in both]
            vb = [_hashable(v) for _, v in both]
            res["attributes"][k] = {"spans": len(both), "agreement": sum(u == v for u, v in zip(va, vb)) / len(both),
                                    "cohen_kappa": cohen_kappa(va, vb)}
        out[_pair_name(a, b)] = res
    rep.attributes = {"pairs": out}


def _hashable(v):
    if isinstance(v, (list, dict)):
        import json

        return json.dumps(v, sort_keys=True)
    return v


def _link_agreement(rep, project, layer, sources, mine, statuses, link_layers, doc_filter) -> None:
    """Links whose ends are annotations of ``layer`` (or every link layer when ``link_layers`` names them)."""
    ann_by_id = {x.id: x for v in mine.values() for x in v}
    links_all = [l for l in project.links() if l.status in statuses
                 and (not link_layers or l.layer in link_layers)
                 and l.source_id in ann_by_id and l.target_id in ann_by_id]
    if not links_all:
        rep.links = {}
        return
    out: dict[str, Any] = {"pairs": {}}
    for a, b in itertools.combinations(sources, 2):
        la = [l for l in links_all if a.owns(l)]
        lb = [l for l in links_all if b.owns(l)]
        res = {}
        ends = {mode: {x.id: y.id for x, y in match_spans(mine[a], mine[b], overlap=mode == "overlap",
                                                          labelled=False)} for mode in ("exact", "overlap")}
        for mode in ("exact", "overlap"):
            end_of = ends[mode]
            for typed in (False, True):
                index = Counter((l.source_id, l.target_id, l.label if typed else None) for l in lb)
                matched = 0
                for l in la:
                    key = (end_of.get(l.source_id), end_of.get(l.target_id), l.label if typed else None)
                    if index.get(key):
                        index[key] -= 1
                        matched += 1
                res[f"{mode}_{'typed' if typed else 'untyped'}"] = prf(matched, len(la), len(lb))
        cross_a = sum(ann_by_id[l.source_id].document_id != ann_by_id[l.target_id].document_id for l in la)
        cross_b = sum(ann_by_id[l.source_id].document_id != ann_by_id[l.target_id].document_id for l in lb)
        res["cross_document"] = {"reference": cross_a, "other": cross_b}
        # agreement on the cross-document links alone (the ones no other tool measures)
        end_of = ends["overlap"]
        xa = [l for l in la if ann_by_id[l.source_id].document_id != ann_by_id[l.target_id].document_id]
        xb = [l for l in lb if ann_by_id[l.source_id].document_id != ann_by_id[l.target_id].document_id]
        index = Counter((l.source_id, l.target_id, l.label) for l in xb)
        m = 0
        for l in xa:
            key = (end_of.get(l.source_id), end_of.get(l.target_id), l.label)
            if index.get(key):
                index[key] -= 1
                m += 1
        res["cross_document"]["overlap_typed"] = prf(m, len(xa), len(xb))
        out["pairs"][_pair_name(a, b)] = res
    out["layers"] = sorted({l.layer for l in links_all})
    rep.links = out


def _entity_agreement(rep, sources, mine, docs_of) -> None:
    tied = {s: {(x.document_id, x.start, x.end): x.attributes.get("entity_id") for x in mine[s]
                if isinstance(x.attributes.get("entity_id"), str) and x.attributes.get("entity_id")}
            for s in sources}
    if sum(bool(v) for v in tied.values()) < 2:
        return
    out: dict[str, Any] = {"pairs": {}}
    for a, b in itertools.combinations(sources, 2):
        common = sorted(set(tied[a]) & set(tied[b]))
        if not common:
            continue

        def clusters(src, common=common):
            groups: dict[str, set] = defaultdict(set)
            for m in common:
                groups[tied[src][m]].add(m)
            return list(groups.values())

        scores = coref_scores(clusters(a), clusters(b))
        out["pairs"][_pair_name(a, b)] = {"mentions": len(common),
                                          "only_reference": len(set(tied[a]) - set(tied[b])),
                                          "only_other": len(set(tied[b]) - set(tied[a])), **scores}
    rep.entities = out


# --------------------------------------------------------------------------------------------- suggesters


def evaluate_suggesters(project, layer: str | None = None, *, gold_author: str | None = None,
                        documents: Sequence[str] | None = None) -> dict[str, Any]:
    """Precision and recall of each plugin's suggestions against the reviewed annotations, per label.

    Gold is, per document, the accepted annotations of a *reviewed* document: one curated by ``gold_author``
    (every accepted annotation of that author), or else one where no suggestion of the layer waits for review
    (every accepted annotation, whoever made it). A plugin's predictions are all it proposed there, whatever the
    researcher did with them (accepted, rejected, edited away)."""
    anns = [a for a in project.annotations() if layer is None or a.layer == layer]
    if documents:
        keep = set(documents)
        anns = [a for a in anns if a.document_id in keep]
    origins = sorted({a.origin for a in anns if a.origin and a.origin != "manual"})
    if gold_author:
        reviewed = {a.document_id for a in anns if a.author == gold_author}
        gold = [a for a in anns if a.author == gold_author and a.status == "accepted"]
    else:
        pending = {a.document_id for a in anns if a.status == "suggested"}
        reviewed = {a.document_id for a in anns} - pending
        gold = [a for a in anns if a.document_id in reviewed and a.status == "accepted"]
    out: dict[str, Any] = {"documents": len(reviewed), "gold": len(gold), "suggesters": {}}
    for origin in origins:
        # matched by place and label (a curator's copy is another annotation than the suggestion it kept)
        pred_for = [a for a in anns if a.origin == origin and a.document_id in reviewed]
        res = {"all": prf(len(match_spans(gold, pred_for, overlap=False)), len(gold), len(pred_for)), "labels": {}}
        for label in sorted({a.label for a in gold} | {a.label for a in pred_for}):
            g = [a for a in gold if a.label == label]
            p = [a for a in pred_for if a.label == label]
            res["labels"][label] = prf(len(match_spans(g, p, overlap=False)), len(g), len(p))
        out["suggesters"][origin] = res
    return out
