"""Speed and size of the shared text analysis, each beside a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_analysis.py [--docs N] [--repeat R] [--skip-parse] [--skip-project]

On the development corpus (``../shared/dev-corpus/ecbplus``, 818 real articles; ``--docs`` takes the first N):

1. **Parse**: ``analysis.analyse_many`` (the boundaries component, the conversion to ``DocAnalysis``) on one
   process and on two, beside plain ``nlp.pipe`` of the same pipeline (no extra component) on the same texts,
   batch size 16, interleaved ``--repeat`` times; medians and ratios (target: one process within 1.15x of the
   baseline, two processes faster than it).
2. **Rule analysis**: documents per second of ``analysis.rules.analyse`` and of its sentences alone, beside
   pysbd (the plugins' own splitters it was first measured against are gone; docs/analysis.md keeps their figures)
   when installed; with the sentence-boundary precision/recall against the corpus's own sentence lines (ECB+
   writes one sentence a line, joined while a quotation is open: the articles are joined into one paragraph and
   each splitter must find the line ends again).
3. **Project**: the corpus imported into a fresh project; ``project.analyze()`` first run (parse + write the cache
   in the project file), then a new session (memory cleared, project reopened) ``analyze()`` + ``analysis()`` of
   every document (cache hit); the cache's size in the file; the same blobs written to and read from a separate
   cache file beside the project (the alternative design); then the five sample articles (in-sample).
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
DEV = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"


def dev_texts(n: int | None) -> list[str]:
    files = sorted(glob.glob(str(DEV / "*" / "*.txt")))
    if not files:
        sys.exit(f"no development corpus at {DEV}")
    return [Path(f).read_text(encoding="utf-8") for f in files[:n]]


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def cpu_timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its finished children)."""
    import resource

    def cpu():
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    c, t = cpu(), time.perf_counter()
    fn()
    return time.perf_counter() - t, cpu() - c


def med(xs) -> str:
    return f"{statistics.median(xs):.2f} s [{', '.join(f'{x:.2f}' for x in xs)}]"


def bench_parse(texts: list[str], repeat: int) -> None:
    import spacy

    from annotator import analysis

    package = analysis.default_pipeline()
    if package == analysis.RULES:
        print("parse: no spaCy pipeline installed, skipped")
        return
    plain = spacy.load(package)
    analysis.pipelines.load(package)
    chars = sum(map(len, texts))
    print(f"\n## parse: {len(texts)} dev articles, {chars / 1e6:.2f} M chars, pipeline {package}, "
          f"{os.cpu_count()} cores")
    runs: dict[str, list[tuple[float, float]]] = {"base": [], "one": [], "two": []}
    for _ in range(repeat):
        runs["base"].append(cpu_timed(lambda: list(plain.pipe(texts, batch_size=16))))
        runs["one"].append(cpu_timed(lambda: list(analysis.analyse_many(texts, package, n_process=1, cache=False))))
        runs["two"].append(cpu_timed(lambda: list(analysis.analyse_many(texts, package, n_process=2, cache=False))))
    wall = {k: [w for w, _ in v] for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    b = statistics.median(wall["base"])
    print("(wall: elapsed seconds, median [runs]; CPU: seconds of CPU used, this process and its workers)")
    print(f"plain nlp.pipe, 1 process (baseline) : wall {med(wall['base'])}  {len(texts) / b:.1f} docs/s; "
          f"CPU {cpu['base']:.1f} s")
    for key, label in (("one", "analyse_many, 1 process  "), ("two", "analyse_many, 2 processes")):
        print(f"{label}            : wall {med(wall[key])}  ratio {statistics.median(wall[key]) / b:.2f}x; "
              f"CPU {cpu[key]:.1f} s, ratio {cpu[key] / cpu['base']:.2f}x")


def boundary_score(texts, split) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for raw in texts:
        lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
        text = " ".join(lines)
        gold, p = set(), 0
        for ln in lines[:-1]:
            p += len(ln)
            gold.add(p)
            p += 1
        ends = {e for e in split(text) if e < len(text)}
        tp += len(ends & gold)
        fp += len(ends - gold)
        fn += len(gold - ends)
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return prec, rec, 2 * prec * rec / max(1e-9, prec + rec)


def bench_rules(texts: list[str], repeat: int) -> None:
    from annotator.analysis import rules

    # The plugins' own splitters that this was first measured against (annotator_quotes.sentences and
    # annotator_contradictions.sentences, before issue 13) are gone: every plugin reads these sentences now.
    # docs/analysis.md keeps their figures from that run.
    splitters = {
        "analysis rules: full analysis (paragraphs, sentences, tokens)":
            lambda t: [s.end for s in rules.analyse(t).sentences],
        "analysis rules: sentences only": lambda t: [s.end for s in rules.sentences(t)],
    }
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        splitters["pysbd 0.3 (library)"] = lambda t: [s.end - (len(s.sent) - len(s.sent.rstrip()))
                                                      for s in seg.segment(t)]
    except ImportError:
        pass
    print(f"\n## rule analysis: {len(texts)} dev articles (the texts as stored, then joined for the boundary score)")
    print("| splitter | docs/s (median) | boundary P / R / F1 |")
    print("|---|---|---|")
    for name, split in splitters.items():
        reps = 1 if "pysbd" in name else repeat
        times = [timed(lambda split=split: [split(t) for t in texts]) for _ in range(reps)]
        p, r, f = boundary_score(texts, split)
        print(f"| {name} | {len(texts) / statistics.median(times):.0f} | {p:.3f} / {r:.3f} / {f:.3f} |")


def bench_project(texts_dir: Path, label: str) -> None:
    from annotator import Project, analysis
    from annotator.plugins import PluginHost
    from annotator.services import analysing
    from annotator.store import Store
    from annotator.store import analysis_cache as stored

    if analysis.default_pipeline() == analysis.RULES:
        print("project: no spaCy pipeline installed, skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.annotator"
        host = PluginHost(load=["core-cleaners", "core-readers", "core-json"])
        project = Project(path, host=host, author="bench")
        project.import_paths([texts_dir])
        n = len(project.documents())
        project.close()
        Store(path).close()  # checkpoint the WAL into the file
        size0 = path.stat().st_size + _wal(path)
        project = Project(path, host=host, author="bench")
        analysis.MEMORY.clear()
        analysis.pipelines.load(analysis.default_pipeline())  # the model load is not part of the figure
        first = timed(lambda: project.analyze())
        project.close()
        Store(path).close()  # checkpoint the WAL into the file
        size1 = path.stat().st_size + _wal(path)
        analysis.MEMORY.clear()
        t = time.perf_counter()
        again = Project(path, host=host, author="bench")
        counts = again.analyze()
        for d in again.documents():
            again.analysis(d)
        hit = time.perf_counter() - t
        summary = analysing.cache_summary(again)
        pid = next(iter(summary))
        blobs = stored.get_many(again._store, pid, 1, [analysis.text_key(d.text) for d in again.documents()])
        again.close()
        side = Path(tmp) / "bench.annotator-analysis"
        side_store = Store(side)
        side_store.migrate()
        w = timed(lambda: stored.put_many(side_store, pid, 1, blobs.items()))
        r = timed(lambda: stored.get_many(side_store, pid, 1, list(blobs)))
        side_store.close()
        print(f"\n## project, {label}: {n} documents")
        print(f"analyze(), first run (parse + cache writes): {first:.1f} s ({n / first:.1f} docs/s)")
        print(f"new session, analyze() + analysis() of every document (cache hit): {hit:.2f} s, counts {counts}")
        print(f"cache in the project file: {summary[pid]['documents']} rows, {summary[pid]['bytes'] / 1e6:.2f} MB "
              f"of DocBin blobs; file grew {size0 / 1e6:.2f} -> {size1 / 1e6:.2f} MB")
        print(f"the same blobs in a cache file beside it: write {w:.2f} s, read {r:.2f} s, "
              f"file {side.stat().st_size / 1e6 + _wal(side) / 1e6:.2f} MB")


def _wal(path: Path) -> int:
    wal = Path(str(path) + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-parse", action="store_true")
    ap.add_argument("--skip-rules", action="store_true")
    ap.add_argument("--skip-project", action="store_true")
    args = ap.parse_args()
    texts = dev_texts(args.docs)
    if not args.skip_rules:
        bench_rules(texts, max(3, args.repeat))
    if not args.skip_parse:
        bench_parse(texts, args.repeat)
    if not args.skip_project:
        if args.docs is None:
            bench_project(DEV, "dev corpus")
        bench_project(ROOT / "corpus", "sample (in-sample)")


if __name__ == "__main__":
    main()
