"""Timing of the contradiction linker's candidate generator: the sample corpus, then 50, 100 and 200 synthetic
documents of one story, with a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_contradictions.py [--sizes 50 100 200 1000] [--repeat 3] [--dev]

Synthetic documents are rewrites of the five sample articles (one story): each keeps most sentences of one
article, changes figures (7,000 -> 6,400…), weekdays and qualifiers, drops and reorders words, and borrows
sentences from the other articles, so nearly every sentence is a distinct variant (no free ride from wire copy
collapsing into one variant) and many pairs do differ. Printed per size: documents, sentences, distinct
variants, aligned pairs, compared pairs, candidates; the median time of ``generate`` (inverted index +
blocking, the shipped path) and of the baseline, the same sentence analysis followed by an exhaustive
all-pairs cosine alignment (what the pairwise work costs without the index), and their ratio. The baseline is
skipped above ``--baseline-max`` documents (it grows quadratically). With ``--dev``, the whole ECB+ dev corpus
(818 real articles of 36 stories) as one project. Then the end-to-end ``project.suggest`` on the sample
project (reading, generating and storing suggestions).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUALIFIERS = ["some", "about", "at least", "more than", "nearly", "around", ""]
SWAPS = {"fled": "left", "left": "fled", "detained": "arrested", "protesters": "demonstrators",
         "demonstrators": "protesters", "said": "told reporters", "police": "security forces"}


def _perturb(sentence: str, rng: random.Random) -> str:
    def number(m):
        value = int(m.group(0).replace(",", ""))
        if value < 10 or 1800 <= value <= 2100:
            return m.group(0)
        new = max(1, int(value * rng.uniform(0.7, 1.3)))
        return f"{new:,}" if value >= 1000 else str(new)

    s = re.sub(r"\d{1,3}(?:,\d{3})+|\d+", number, sentence) if rng.random() < 0.5 else sentence
    if rng.random() < 0.3:
        s = re.sub(r"\b(some|about|at least)\b", lambda m: rng.choice(QUALIFIERS) or m.group(0), s)
    if rng.random() < 0.3:
        s = re.sub(r"\b(" + "|".join(WEEKDAYS) + r")\b", lambda m: rng.choice(WEEKDAYS), s)
    words = s.split(" ")
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(words))
        w = words[i].strip(",.")
        if w in SWAPS:
            words[i] = words[i].replace(w, SWAPS[w])
        elif len(words) > 8 and rng.random() < 0.5 and not any(c.isdigit() for c in words[i]):
            del words[i]
    return " ".join(words)


def synthetic_story(sample_docs, n: int, seed: int = 7) -> list[SimpleNamespace]:
    """``n`` rewritten reports of the sample story (see the module docstring)."""
    from annotator import analysis

    rng = random.Random(seed)
    bases = []
    for d in sample_docs:
        sentences = [d.text[s.start:s.end] for s in analysis.analyse(d.text, pipeline=analysis.RULES).sentences]
        bases.append((d, sentences))
    everything = [s for _d, ss in bases for s in ss]
    out = []
    for i in range(n):
        base, sentences = bases[i % len(bases)]
        kept = [s for s in sentences if rng.random() < 0.85]
        for _ in range(rng.randint(2, 6)):
            kept.insert(rng.randrange(len(kept) + 1), rng.choice(everything))
        text = "\n\n".join(_perturb(s, rng) for s in kept)
        day = 13 + rng.randint(0, 4)
        out.append(SimpleNamespace(id=f"syn{i:04d}", text=text, published=f"2020-08-{day:02d}",
                                   source=f"Outlet {i}", title=f"Report {i}"))
    return out


def exhaustive_baseline(documents) -> int:
    """The naive generator: the same sentence analysis, every cross-document pair of claim-like sentence
    variants scored with the full cosine, and every pair at or above the alignment threshold compared by the
    same detectors. The quadratic work the inverted index (top neighbours) and blocking avoid."""
    from annotator_contradictions.align import Aligner
    from annotator_contradictions.candidates import _bag
    from annotator_contradictions.compare import compare
    from annotator_contradictions.dates import find_anchors
    from annotator_contradictions.features import analyse, is_claim_like
    from annotator_contradictions.words import variant_key, words

    from annotator import analysis

    anchors = find_anchors((d.text, d.published) for d in documents)
    seen, feats, owner = {}, [], []
    for di, d in enumerate(documents):
        a = analysis.analyse(d.text, pipeline=analysis.RULES)  # the same shared analysis generate() reads
        for s in a.sentences:
            text = d.text[s.start:s.end]
            ws = words(a, s.start, s.end)
            key = (variant_key(ws), d.published)
            if key in seen or not is_claim_like(text):
                continue
            seen[key] = len(feats)
            feats.append(analyse(text, d.published, anchors, ws))
            owner.append(di)
    aligner = Aligner([_bag(f) for f in feats])
    aligned = 0
    for i in range(len(feats)):
        for j in range(i + 1, len(feats)):
            if owner[i] != owner[j]:
                sim = aligner.similarity(i, j)
                if sim >= 0.2:
                    aligned += 1
                    compare(feats[i], feats[j], sim)
    return aligned


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 100, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=100,
                        help="largest corpus on which to run the exhaustive baseline")
    parser.add_argument("--dev", action="store_true",
                        help="also time the whole ECB+ dev corpus (../shared/dev-corpus/ecbplus) as one project")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_HOME", str(Path(tmp) / "home"))
        from annotator_contradictions.candidates import Settings, Stats, generate

        from annotator import Project
        from annotator.plugins import PluginHost

        host = PluginHost(load=["core-cleaners", "core-readers", "core-json", "contradiction-linker"])
        project = Project(Path(tmp) / "bench.annotator", host=host, author="bench")
        project.import_paths([ROOT / "corpus"])
        sample = project.documents()
        settings = Settings()
        generate(sample, settings)  # warm-up, not timed: one-time imports (numerizer loads spaCy) and caches

        print(f"{'docs':>5} {'sentences':>9} {'variants':>8} {'aligned':>8} {'compared':>8} {'cands':>6} "
              f"{'generate (median)':>18} {'exhaustive baseline':>20} {'ratio':>6}  per document")
        previous = None
        for label, docs in [("sample", sample)] + [(str(n), synthetic_story(sample, n)) for n in args.sizes]:
            stats = Stats()

            def run(docs=docs, stats=stats):
                stats.__init__()
                return generate(docs, settings, stats=stats)

            seconds, found = _median(run, args.repeat)
            if len(docs) <= args.baseline_max:
                base, _aligned = _median(lambda docs=docs: exhaustive_baseline(docs), args.repeat)
                base_s, ratio = f"{base:.3f} s", f"{base / seconds:.1f}x"
            else:
                base_s, ratio = "(skipped)", "-"
            growth = f"  (x{seconds / previous[1]:.1f} time for x{len(docs) / previous[0]:.0f} documents)" \
                if previous and label != "sample" and previous[0] > 5 else ""
            print(f"{label:>5} {stats.sentences:>9} {stats.variants:>8} {stats.aligned_pairs + stats.block_pairs:>8} "
                  f"{stats.compared:>8} {len(found):>6} {seconds:>16.3f} s {base_s:>20} {ratio:>6}  "
                  f"{1000 * seconds / len(docs):.1f} ms{growth}")
            if label != "sample":
                previous = (len(docs), seconds)

        if args.dev and DEV_CORPUS.is_dir():
            dev_project = Project(Path(tmp) / "dev.annotator", host=host, author="bench")
            t = time.perf_counter()
            dev_project.import_paths(sorted(DEV_CORPUS.iterdir()))
            imported = time.perf_counter() - t
            dev_docs = dev_project.documents()
            stats = Stats()

            def run_dev(docs=dev_docs, stats=stats):
                stats.__init__()
                return generate(docs, settings, stats=stats)

            seconds, found = _median(run_dev, args.repeat)
            if len(dev_docs) <= args.baseline_max:
                base, _ = _median(lambda: exhaustive_baseline(dev_docs), args.repeat)
                base_s, ratio = f"{base:.3f} s", f"{base / seconds:.1f}x"
            else:
                base_s, ratio = "(skipped)", "-"
            print(f"{'dev':>5} {stats.sentences:>9} {stats.variants:>8} {stats.aligned_pairs + stats.block_pairs:>8} "
                  f"{stats.compared:>8} {len(found):>6} {seconds:>16.3f} s {base_s:>20} {ratio:>6}  "
                  f"{1000 * seconds / len(dev_docs):.1f} ms  (the whole ECB+ dev corpus, {len(dev_docs)} articles "
                  f"of 36 stories as one project; import {imported:.1f} s)")
            dev_project.close()

        times = []
        for r in range(args.repeat):  # a fresh project each time: the first run stores everything
            fresh = Project(Path(tmp) / f"fresh{r}.annotator", host=host, author="bench")
            fresh.import_paths([ROOT / "corpus"])
            t = time.perf_counter()
            report = fresh.suggest("contradiction-linker")
            times.append(time.perf_counter() - t)
            fresh.close()
        seconds = statistics.median(times)
        print(f"\nproject.suggest on the sample project (read, generate, store): median {seconds:.3f} s — "
              f"{report.summary()}")
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
