"""Quality figures of the entity tagger against the hand-made gold set (tests/data/entities_gold.json).

For each back end (rules; spaCy when installed) it imports the sample corpus into a fresh project, runs the real
suggester (``project.suggest("entity-tagger")``) and scores:

- PERSON/ORG/GPE suggestions: exact span + label precision, recall, F1 (per label and micro);
- clusters, end to end: B-cubed and pairwise F1 of the entity ids the run assigned to the correctly found mentions;
- clusters, oracle mentions: the clustering alone, fed the gold mentions (isolates it from mention errors);
- for each gold person, how many proposed entities hold their mentions (1 = all spellings merged).

Note: the rules were written while reading the sample corpus, gold articles included, so the rules' figures
are optimistic for unseen text; the spaCy model never saw it.

Run: ``.venv/bin/python benchmarks/eval_entities.py [--backend rules|spacy] [--json]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "entities_gold.json"
LABELS = ("PERSON", "ORG", "GPE")


def load_gold(path: Path = GOLD) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


VARIANTS = {
    "rules": {"backend": "rules"},
    "spacy": {"backend": "spacy"},
    "spacy-raw": {"backend": "spacy", "spacy_relabel_known": False},
}


def run_backend(variant: str, workdir: Path) -> tuple:
    """A fresh sample project pre-annotated with ``variant`` (see VARIANTS); returns (project, report)."""
    from annotator import Project

    project = Project(workdir / f"eval-{variant}.annotator", author="eval")
    project.import_paths([ROOT / "corpus"])
    for key, value in VARIANTS[variant].items():
        project.set_setting("entity-tagger", key, value)
    report = project.suggest("entity-tagger")
    return project, report


def evaluate(project, gold: dict) -> dict:
    from annotator_entities.clustering import Mention, cluster_mentions
    from annotator_entities.evaluation import bcubed, pairwise, score_mentions, spread

    docs = {d.source: d for d in project.documents()}
    gold_spans, pred_spans = [], []
    gold_cluster, pred_cluster = {}, {}
    oracle = []
    for gdoc in gold["documents"]:
        doc = docs[gdoc["source"]]
        for m in gdoc["mentions"]:
            assert doc.text[m["start"]:m["end"]] == m["text"], f"gold offsets drifted in {gdoc['source']}: {m}"
            key = (gdoc["source"], m["start"], m["end"], m["label"])
            gold_spans.append(key)
            gold_cluster[key] = m["entity"]
            oracle.append(Mention(f"{gdoc['source']}:{m['start']}", doc.id, m["text"], m["label"]))
        for a in project.annotations(document_id=doc.id, layer="entity"):
            key = (gdoc["source"], a.start, a.end, a.label)
            pred_spans.append(key)
            if key in gold_cluster:
                pred_cluster[key] = a.attributes.get("entity_id")
    mentions = score_mentions(gold_spans, pred_spans, LABELS)
    b3 = bcubed(gold_cluster, pred_cluster)
    pw = pairwise(gold_cluster, pred_cluster)
    # oracle: clustering only, on the gold mentions
    oracle_pred = {}
    for i, c in enumerate(cluster_mentions(oracle)):
        for m in c.mentions:
            source, start = m.ref.rsplit(":", 1)
            oracle_pred[next(k for k in gold_cluster if k[0] == source and k[1] == int(start))] = i
    ob3 = bcubed(gold_cluster, oracle_pred)
    opw = pairwise(gold_cluster, oracle_pred)
    people = {k for k, v in gold["entities"].items() if v["label"] == "PERSON"}
    sp = {k: v for k, v in spread(gold_cluster, pred_cluster).items() if k in people}
    return {
        "mentions": {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "tp": v.tp, "fp": v.fp,
                         "fn": v.fn} for k, v in mentions.items()},
        "clusters_end_to_end": {"bcubed_p": b3[0], "bcubed_r": b3[1], "bcubed_f1": b3[2], "pairwise_p": pw.precision,
                                "pairwise_r": pw.recall, "pairwise_f1": pw.f1, "mentions_scored": len(pred_cluster)},
        "clusters_oracle_mentions": {"bcubed_p": ob3[0], "bcubed_r": ob3[1], "bcubed_f1": ob3[2],
                                     "pairwise_p": opw.precision, "pairwise_r": opw.recall, "pairwise_f1": opw.f1},
        "people_spread": sp,
        "errors": _errors(gold_spans, pred_spans),
    }


def _errors(gold_spans, pred_spans) -> dict:
    g = {s for s in gold_spans}
    p = {s for s in pred_spans if s[3] in LABELS}
    return {"missed": sorted(g - p), "spurious": sorted(p - g)}


def dev_corpus_figures(backend: str, which: str, errors: bool = False) -> dict:
    """Run ``backend`` over the development corpus's topics (``dev``, ``heldout`` or ``all``) and score the
    people (see ``entities_devcorpus``) and the hand-judged precision sample."""
    import entities_devcorpus as dc
    import entities_precision as pj

    t = time.perf_counter()
    runs = dc.run_all(which, dict(VARIANTS[backend]))
    total = dc.PersonScore()
    for run in runs:
        total.add(dc.score_people(run, dc.load_gold(dc.DEV_CORPUS / run.topic)))
    out = {"topics": len(runs), "documents": sum(r.n_docs for r in runs), "seconds": time.perf_counter() - t,
           "suggest_seconds": sum(r.seconds for r in runs), "people": total.as_dict(),
           "precision": pj.score(runs, pj.load())}
    if errors:
        out["missed"] = total.missed
        out["split"] = total.split
        out["merges"] = total.merges
    return out


def print_dev(backend: str, which: str, r: dict, errors: bool) -> None:
    p = r["people"]
    print(f"\n== {backend} on the development corpus ({which}: {r['topics']} topics, {r['documents']} articles; "
          f"{r['suggest_seconds']:.1f} s in suggest)")
    print(f"  gold people {p['people']}: found {p['people_found']}; person-documents named "
          f"{p['person_docs_found']}/{p['person_docs']} = {p['person_doc_recall']:.3f}; found people as one entity "
          f"{p['found_people_one_entity']}/{p['people_found']} = {p['one_entity_share']:.3f} "
          f"(ignoring mentions left without an entity: {p['found_people_one_entity_assigned']}/{p['people_found']}); "
          f"wrong merges {p['wrong_merges']}")
    pr = r["precision"]
    if pr["judged_documents"]:
        print(f"  hand-judged precision ({pr['judged_documents']} articles of {pr['topics']} topics in this part; "
              f"{pr['unjudged']} proposals not judged yet):")
        for label, v in pr["labels"].items():
            print(f"    {label:<7} P {v['precision']:.3f} ({v['correct']}/{v['judged']})  "
                  f"R {v['recall']:.3f} ({v['found']}/{v['gold']})")
    if errors:
        print(f"  missed: {r.get('missed')}")
        print("  split (where each spelling landed):")
        for topic, name, _ids, landed in r.get("split") or ():
            print(f"    topic {topic} {name}: " + "; ".join(
                f"{ent}: " + ", ".join(f"{t} x{n}" for t, n in sp.items()) for ent, sp in landed.items()))
        print(f"  merges: {r.get('merges')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("sample", "dev", "heldout", "all"), action="append",
                        help="sample: the five bundled articles (in-sample); dev/heldout/all: the development "
                             "corpus's tuning topics, held-out topics, or both (default: sample, dev, heldout)")
    parser.add_argument("--backend", choices=tuple(VARIANTS), action="append",
                        help="spacy-raw: spaCy without the built-in lists relabelling known names")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list missed and spurious mentions")
    args = parser.parse_args(argv)
    from annotator_entities.spacy_backend import installed_pipelines, spacy_installed

    backends = args.backend or ["rules", "spacy"]
    corpora = args.corpus or ["sample", "dev", "heldout"]
    if any(c != "sample" for c in corpora):
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import entities_devcorpus as dc

        if not dc.DEV_CORPUS.is_dir():
            print(f"development corpus not found at {dc.DEV_CORPUS}: only the sample is scored")
            corpora = [c for c in corpora if c == "sample"]
        for which in [c for c in corpora if c != "sample"]:
            for backend in backends:
                if backend.startswith("spacy") and not (spacy_installed() and installed_pipelines()):
                    continue
                r = dev_corpus_figures(backend, which, args.errors)
                if args.json:
                    print(json.dumps({"corpus": which, "backend": backend,
                                      **{k: v for k, v in r.items() if k not in ("missed", "split", "merges")}}))
                else:
                    print_dev(backend, which, r, args.errors)
    if "sample" not in corpora:
        return 0
    print("\n== in-sample: the five bundled articles (the sample corpus, not a development set)")
    gold = load_gold()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            if backend.startswith("spacy") and not (spacy_installed() and installed_pipelines()):
                print("spacy: skipped (spaCy or a pipeline with ner is not installed: pip install '.[nlp]')")
                continue
            project, _ = run_backend(backend, Path(tmp))
            results[backend] = evaluate(project, gold)
            project.close()
    if args.json:
        print(json.dumps({b: {k: v for k, v in r.items() if k != "errors"} for b, r in results.items()}, indent=1))
        return 0
    n = sum(len(d["mentions"]) for d in gold["documents"])
    print(f"gold: {len(gold['documents'])} articles ({', '.join(d['source'] for d in gold['documents'])}), "
          f"{n} PERSON/ORG/GPE mentions, {len(gold['entities'])} entities")
    for backend, r in results.items():
        print(f"\n== {backend}")
        for label in (*LABELS, "all"):
            m = r["mentions"][label]
            print(f"  {label:<7} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                  f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
        c = r["clusters_end_to_end"]
        print(f"  clusters (end to end, {c['mentions_scored']} mentions): "
              f"B3 P {c['bcubed_p']:.3f} R {c['bcubed_r']:.3f} "
              f"F1 {c['bcubed_f1']:.3f}; pairwise P {c['pairwise_p']:.3f} R {c['pairwise_r']:.3f} "
              f"F1 {c['pairwise_f1']:.3f}")
        o = r["clusters_oracle_mentions"]
        print(f"  clusters (gold mentions):  B3 P {o['bcubed_p']:.3f} R {o['bcubed_r']:.3f} F1 {o['bcubed_f1']:.3f}; "
              f"pairwise P {o['pairwise_p']:.3f} R {o['pairwise_r']:.3f} F1 {o['pairwise_f1']:.3f}")
        print("  proposed entities per gold person: "
              + ", ".join(f"{k} {v}" for k, v in sorted(r["people_spread"].items())))
        if args.errors:
            for kind, spans in r["errors"].items():
                print(f"  {kind}: " + "; ".join(f"{s[0]} {s[1]}-{s[2]} {s[3]}" for s in spans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
