"""The figures behind the default install: the three annotation plugins over the development corpus with and
without spaCy, each topic in its own project (one event, many outlets, as a researcher would work).

    .venv/bin/python benchmarks/bench_default_install.py [--topics N] [--variants rules spacy]

Variants: ``rules`` (``core.nlp.pipeline = rules``, entity tagger back end ``rules``) and ``spacy`` (the
installed English pipeline for the shared analysis, entity tagger back end ``spacy``). Per variant: the time of
the first ``suggest`` run over all three plugins (analysis phase included) and of a second run on the same
projects in a new session (the analysis comes from the cache), the suggestions per plugin, and the PERSON recall
against ``gold_persons.json`` (a gold person counts as found in an article when a PERSON suggestion there holds
the last word of one of its proper-name spellings; ECB+ annotates only event participants, so this is recall,
not precision), with the entities per found gold person (1.0 = all its mentions in one entity).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
DEV = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"
PLUGINS = ["core-cleaners", "core-readers", "core-json", "entity-tagger", "quote-marker", "contradiction-linker"]


def proper_names(names: list[str]) -> list[str]:
    from annotator import lexicon

    out = []
    for n in names:
        words = n.split()
        if words and all(w[:1].isupper() for w in words) and not (len(words) == 1 and (
                words[0].lower() in lexicon.ROLES or words[0].lower() in lexicon.TITLES)):
            out.append(n)
    return out


def run_variant(variant: str, topics: list[Path], tmp: Path) -> dict:
    from annotator import Project, analysis
    from annotator.plugins import PluginHost

    analysis.MEMORY.clear()
    first = second = 0.0
    counts: dict[str, int] = {}
    found = total = 0
    spread = []
    paths = []
    for topic in topics:
        path = tmp / f"{variant}-{topic.name}.annotator"
        host = PluginHost(load=PLUGINS)  # one failing topic disables a plugin for its own project only
        with Project(path, host=host, author="bench") as project:
            report = project.import_paths([topic])
            by_file = {Path(r["path"]).name: r["document_id"] for r in report.imported}
            project.set_setting("core", "nlp.pipeline", "rules" if variant == "rules" else None)
            project.set_setting("entity-tagger", "backend", "rules" if variant == "rules" else "spacy")
            t = time.perf_counter()
            report = project.suggest()
            first += time.perf_counter() - t
            if report.errors:
                print(f"  topic {topic.name}: errors {report.errors}", flush=True)
            for name, c in report.counts.items():
                counts[name] = counts.get(name, 0) + c.get("annotations", 0) + c.get("links", 0)
            docs = {d.id: d for d in project.documents()}
            persons = project.annotations(layer="entity", label="PERSON")
            gold = json.loads((topic / "gold_persons.json").read_text(encoding="utf-8"))
            for g in gold:
                names = proper_names(g["names"])
                if not names:
                    continue
                last = {n.split()[-1].lower() for n in names}
                ents = set()
                for fname in g["docs"]:
                    doc_id = by_file.get(fname)
                    if doc_id is None:
                        continue
                    total += 1
                    text = docs[doc_id].text
                    hits = [a for a in persons if a.document_id == doc_id
                            and last & {w.lower().strip(".,'’s") for w in text[a.start:a.end].split()}]
                    if hits:
                        found += 1
                        ents |= {a.attributes.get("entity_id") for a in hits}
                if ents:
                    spread.append(len(ents - {None}) or 1)
        paths.append(path)
    analysis.MEMORY.clear()  # a new session: the second run reads the cache in the project files
    for path in paths:
        with Project(path, host=PluginHost(load=PLUGINS), author="bench") as project:
            t = time.perf_counter()
            project.suggest()
            second += time.perf_counter() - t
    return {"first": first, "second": second, "counts": counts, "recall": found / max(1, total),
            "found": found, "total": total, "entities_per_person": statistics.mean(spread) if spread else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topics", type=int, default=None)
    ap.add_argument("--variants", nargs="+", default=["rules", "spacy"])
    args = ap.parse_args()
    topics = sorted((p for p in DEV.iterdir() if p.is_dir()), key=lambda p: int(p.name) if p.name.isdigit() else 0)
    topics = topics[:args.topics]
    n_docs = sum(len(list(t.glob("*.txt"))) for t in topics)
    print(f"{len(topics)} topics, {n_docs} articles")
    with tempfile.TemporaryDirectory() as tmp:
        for variant in args.variants:
            r = run_variant(variant, topics, Path(tmp))
            print(f"| {variant} | {r['first']:.1f} s ({n_docs / r['first']:.1f} docs/s) | {r['second']:.1f} s | "
                  f"{r['recall']:.3f} ({r['found']}/{r['total']}) | {r['entities_per_person']:.2f} | "
                  f"{', '.join(f'{k} {v}' for k, v in sorted(r['counts'].items()))} |", flush=True)


if __name__ == "__main__":
    main()
