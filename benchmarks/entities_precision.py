"""Hand-judged precision of the entity tagger's PERSON/ORG/GPE proposals on the development corpus.

The judged sample is ``tests/data/entities/precision_sample.json``: for one article drawn at random (seeded) from
each topic, every PERSON, ORG and GPE span that a back end proposed, judged by reading the article:
``{"file": "<topic>/<name>.txt", "start", "end", "text", "label": what was proposed, "verdict": "correct" |
"wrong", "true_label": the label the span deserves ("" when the span is not a name, or its boundaries are
wrong), "note"}``. A proposal counts as correct when its exact span was judged and its label equals
``true_label``. Recall is *pooled*: over the correct spans any back end proposed in the judged articles.

``python benchmarks/entities_precision.py --show [--backend rules|spacy]`` lists the proposals in the sampled
articles that are not judged yet (with context), so the sample can be extended after the tagger changes;
judgements are added by hand to the JSON file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "entities" / "precision_sample.json"
LABELS = ("PERSON", "ORG", "GPE")
SEED = 14


def sampled_files(topic_dirs: list[Path], seed: int = SEED) -> list[str]:
    """One article per topic, ``<topic>/<file>``, chosen with a fixed seed."""
    rng = random.Random(seed)
    out = []
    for d in sorted(topic_dirs, key=lambda p: int(p.name)):
        files = sorted(p.name for p in d.glob("*.txt"))
        if files:
            out.append(f"{d.name}/{rng.choice(files)}")
    return out


def load(path: Path = SAMPLE) -> dict:
    if not path.exists():
        return {"files": [], "judgements": []}
    return json.loads(path.read_text(encoding="utf-8"))


def score(runs, sample: dict) -> dict:
    """Per label: precision over the judged proposals in the sampled articles of ``runs``, pooled recall."""
    files = set(sample.get("files", ()))
    judged = {(j["file"], j["start"], j["end"]): j for j in sample.get("judgements", ())}
    gold = defaultdict(set)
    for (f, s, e), j in judged.items():
        if j["true_label"] in LABELS:
            gold[j["true_label"]].add((f, s, e))
    labels = {lab: {"judged": 0, "correct": 0, "found": 0, "gold": 0} for lab in LABELS}
    unjudged = 0
    used_files = set()
    topics = set()
    for run in runs:
        for m in run.mentions:
            key = (f"{run.topic}/{m[0]}", m[1], m[2])
            if key[0] not in files or m[3] not in LABELS:
                continue
            used_files.add(key[0])
            j = judged.get(key)
            if j is None:
                unjudged += 1
                continue
            labels[m[3]]["judged"] += 1
            if j["true_label"] == m[3]:
                labels[m[3]]["correct"] += 1
                labels[m[3]]["found"] += 1
        for f in files:
            if f.split("/")[0] == run.topic:
                topics.add(run.topic)
                used_files.add(f)
    for lab in LABELS:
        labels[lab]["gold"] = sum(1 for k in gold[lab] if k[0] in used_files)
        v = labels[lab]
        v["precision"] = v["correct"] / v["judged"] if v["judged"] else 0.0
        v["recall"] = v["found"] / v["gold"] if v["gold"] else 0.0
    return {"judged_documents": len(used_files), "topics": len(topics), "unjudged": unjudged, "labels": labels}


def show(backends: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import entities_devcorpus as dc
    from eval_entities import VARIANTS

    sample = load()
    files = sample.get("files") or sampled_files(dc.topics("dev"))
    judged = {(j["file"], j["start"], j["end"]) for j in sample.get("judgements", ())}
    wanted_topics = {f.split("/")[0] for f in files}
    todo: dict[tuple, set] = {}
    texts = {}
    for backend in backends:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for folder in dc.topics("all"):
                if folder.name not in wanted_topics:
                    continue
                run = dc.run_topic(folder, dict(VARIANTS[backend]), Path(tmp))
                for m in run.mentions:
                    key = (f"{run.topic}/{m[0]}", m[1], m[2])
                    if key[0] in files and m[3] in LABELS and key not in judged:
                        todo.setdefault(key, set()).add(f"{m[3]}:{backend}")
                        texts[key[0]] = run.texts[m[0]]
    for key in sorted(todo):
        text = texts[key[0]]
        ctx = text[max(0, key[1] - 50):key[1]] + "[[" + text[key[1]:key[2]] + "]]" + text[key[2]:key[2] + 40]
        print(json.dumps({"file": key[0], "start": key[1], "end": key[2], "text": text[key[1]:key[2]],
                          "proposed": sorted(todo[key]), "context": " ".join(ctx.split())}, ensure_ascii=False))
    print(f"{len(todo)} unjudged proposals in {len(files)} sampled articles", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="list unjudged proposals in the sampled articles")
    parser.add_argument("--backend", action="append", choices=("rules", "spacy"))
    args = parser.parse_args(argv)
    if args.show:
        return show(args.backend or ["rules", "spacy"])
    print(json.dumps(load(), indent=1)[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
