"""Each stage's share of an article import (issue 21), one process, under cProfile; run by hand.

    .venv/bin/python benchmarks/import_stages.py                 # 1,000 synthetic articles (bench_core's)
    .venv/bin/python benchmarks/import_stages.py --articles 2000
    PYTHONPATH=/tmp/old-src .venv/bin/python benchmarks/import_stages.py   # another checkout's code
                                                     # (git archive <commit> annotator | tar -x -C /tmp/old-src)

Prints a Markdown table: the cumulative time of the folder listing, the importer (read + decode), the cleaning
chain and its main cleaners, the checks after cleaning and the store's writes, each with its share of the
whole ``import_paths``. The profiler inflates Python-heavy stages; compare runs made one right after the other.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1_000)
    args = ap.parse_args()
    os.environ["ANNOTATOR_IMPORT_WORKERS"] = "1"  # one process: the profiler sees every stage
    import bench_core
    import bench_peer

    import annotator

    work = Path(tempfile.mkdtemp(prefix="annotator-stages-"))
    try:
        bench_core.build_corpus(work / "corpus", args.articles)
        project = bench_peer.open_project(work / "p.annotator")
        profile = cProfile.Profile()
        profile.enable()
        report = project.import_paths([work / "corpus"])
        profile.disable()
        project.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stats = pstats.Stats(profile).stats

    def cum(func: str, file: str) -> float:  # (the largest: a closure and a method may share a name)
        return max((ct for (fn, _line, name), (_cc, _nc, _tt, ct, _c) in stats.items()
                    if name == func and fn.endswith(file)), default=0.0)

    total = cum("import_paths", "importing.py")
    rows = [("list the folder", cum("_expand", "importing.py")),
            ("read + decode (the importer)", cum("_read_one", "importing.py")),
            ("cleaning chain", cum("clean_text", "importing.py")),
            ("- of which mojibake (ftfy)", cum("fix_mojibake", "cleaners.py")),
            ("- of which unwrap", cum("unwrap_lines", "cleaners.py")),
            ("- of which boilerplate", cum("drop_boilerplate", "cleaners.py")),
            ("- of which whitespace", cum("tidy_whitespace", "cleaners.py")),
            ("checks after cleaning (+ sha256)", cum("_pack", "importing.py") + cum("_valid", "importing.py")),
            ("store: transactions, inserts, checkpoints", cum("flush", "importing.py"))]
    print(f"{len(report.imported)} articles imported by {Path(annotator.__file__).parent}; "
          f"load {os.getloadavg()[0]:.1f}; {time.strftime('%H:%M')}\n")
    print("| stage | time (share) |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} s ({100 * seconds / total:.0f} %) |")
    print(f"| total under the profiler | {total:.2f} s |")


if __name__ == "__main__":
    main()
