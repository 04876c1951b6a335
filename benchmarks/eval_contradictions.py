"""Quality of the contradiction linker's suggestions on the sample corpus, against the hand-made gold list.

    .venv/bin/python benchmarks/eval_contradictions.py [--show 20]

Imports the five sample articles into a fresh project (real pipeline), runs the ``contradiction-linker``
suggester, and prints precision, pair recall, group recall, major-group recall and label agreement at 10 and
at 20 candidates and over all suggestions, then the top candidates with their reasons (+ = matches gold).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "contradictions_gold.json"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="print this many top candidates")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_HOME", str(Path(tmp) / "home"))
        from annotator_contradictions.evaluation import load_gold, matches, score, suggested_links

        from annotator import Project

        project = Project(Path(tmp) / "eval.annotator", author="eval")
        project.import_paths([ROOT / "corpus"])
        started = time.perf_counter()
        report = project.suggest("contradiction-linker")
        seconds = time.perf_counter() - started
        docs = project.documents()
        outlet = {d.id: d.source for d in docs}
        gold = load_gold(GOLD, docs)
        suggestions = suggested_links(project)
        groups = sorted({g.group for g in gold})
        print(f"sample corpus: {len(docs)} documents; gold: {len(gold)} pairs in {len(groups)} groups "
              f"({len({g.group for g in gold if g.importance == 'major'})} major)")
        print(f"suggest: {seconds:.2f} s, {report.summary()}")
        for k in (10, 20, None):
            s = score(suggestions, gold, k)
            print(s.line())
            if k == 20:
                print(f"       groups found @20: {', '.join(s.groups_found) or '-'}")
        missing = sorted(set(groups) - set(score(suggestions, gold).groups_found))
        print(f"groups never suggested: {', '.join(missing) or '-'}")
        print()
        for s in sorted(suggestions, key=lambda s: -s.score)[:args.show]:
            hit = "+" if any(matches(s, g) for g in gold) else " "
            print(f"{hit} {s.score:.2f} {s.label:17} {outlet[s.a[0]]} | {outlet[s.b[0]]}: {s.reason}")
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
