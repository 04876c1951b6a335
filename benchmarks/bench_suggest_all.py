"""All three bundled suggesters over the development corpus, end to end: first run, then a second run (cache hit).

Issue 13 asks for the whole pre-annotation as a researcher runs it: ``annotator suggest -p P`` (every suggester:
entities, quotes, contradictions) on a project holding the dev-corpus articles, once on a fresh project (the
shared analysis parses every text and caches it in the project file), then again in a new process (the analysis
comes from the cache; the suggesters run again). Beside them, in the same run, ``annotator analyze``-equivalent
work alone: ``Project.analyze()`` on a second fresh copy, so the suggesters' own share is visible.

Each figure is a whole process (``python -m annotator suggest``), so the model load is included in every run.

    python benchmarks/bench_suggest_all.py [--docs N] [--topics 1,2,3]

Without spaCy installed the same runs use the rule analysis (the script says which).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "dev-corpus" / "ecbplus"


def copy_articles(dest: Path, limit: int | None, topics: list[str] | None) -> int:
    """Copy the articles (and each topic's manifest) into ``dest``; the gold files stay behind."""
    n = 0
    for topic in sorted(DEV.iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else 0):
        if not topic.is_dir() or (topics and topic.name not in topics):
            continue
        out = dest / topic.name
        out.mkdir(parents=True)
        if (topic / "manifest.json").exists():
            shutil.copy(topic / "manifest.json", out / "manifest.json")
        for f in sorted(topic.glob("*.txt")):
            if limit is not None and n >= limit:
                return n
            shutil.copy(f, out / f.name)
            n += 1
    return n


def run(*args: str) -> float:
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True)
    took = time.perf_counter() - t
    if done.returncode:
        raise SystemExit(f"annotator {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def counts(project: Path) -> dict:
    code = (
        "import sys, json, annotator\n"
        "p = annotator.Project(sys.argv[1], author='bench')\n"
        "anns = p.annotations()\n"
        "by = {}\n"
        "for a in anns: by[a.layer] = by.get(a.layer, 0) + 1\n"
        "print(json.dumps({'annotations': by, 'links': len(p.links())}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=None, help="only the first N articles (default: all 818)")
    ap.add_argument("--topics", default=None, help="comma-separated topic numbers")
    args = ap.parse_args()
    if not DEV.is_dir():
        raise SystemExit(f"the development corpus is not at {DEV}")
    from annotator import analysis

    pipeline = analysis.default_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n = copy_articles(tmp / "articles", args.docs, args.topics.split(",") if args.topics else None)
        suggest_p, analyze_p = tmp / "suggest.annotator", tmp / "analyze.annotator"
        run("new", str(suggest_p))
        run("import", "-p", str(suggest_p), str(tmp / "articles"))
        shutil.copy(suggest_p, analyze_p)
        code = "import sys, annotator; annotator.Project(sys.argv[1], author='bench').analyze()"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(analyze_p)], check=True)
        analyse_only = time.perf_counter() - t
        first = run("suggest", "-p", str(suggest_p))
        size1 = suggest_p.stat().st_size
        second = run("suggest", "-p", str(suggest_p))
        found = counts(suggest_p)
    print(f"# all suggesters over {n} dev-corpus articles, pipeline {pipeline!r} (whole processes)")
    print("| run | wall | vs analysis alone |")
    print("|---|---|---|")
    print(f"| `Project.analyze()` alone, fresh project (baseline) | {analyse_only:.1f} s | 1 |")
    print(f"| `annotator suggest`, first run (parse, cache) | {first:.1f} s | {first / analyse_only:.2f}× |")
    print(f"| `annotator suggest`, second run (cache hit) | {second:.1f} s | {second / analyse_only:.2f}× |")
    print(f"project file after the first run: {size1 / 1e6:.1f} MB; suggestions: {found}")


if __name__ == "__main__":
    main()
