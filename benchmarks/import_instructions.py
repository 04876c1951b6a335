"""Instructions per article of an import (under valgrind's callgrind): the working tree beside a git revision.

On the shared machine an import's seconds move by 20-40 % from one run to the next, more than most changes to
the pipeline are worth; the number of instructions it executes moves by under 1 % (ids and times differ from run
to run; string hashing is fixed with ``PYTHONHASHSEED=0``), so a change worth 2 % or more shows in one run.

So this script imports the same articles, in one process (``ANNOTATOR_IMPORT_WORKERS=1``), with the code of the
working tree and with the code of ``--against`` (taken with ``git archive`` into a temporary folder), each under
callgrind, and prints instructions per article of each and their ratio. Start-up is taken out: each side also
imports one article, and the figure is ``(count(N + 1) - count(1)) / N``.

Read it beside the timings, not instead of them: valgrind's virtual CPU has no SHA extensions or wide vector
units, so hashing and copying count for more here than they cost on the machine, and an instruction that waits
for memory counts the same as one that does not.

    .venv/bin/python benchmarks/import_instructions.py --against HEAD~3          # 500 articles, about 2 minutes
    .venv/bin/python benchmarks/import_instructions.py --against 60d5b81 --articles 200
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

IMPORT = """
import os, sys
from pathlib import Path
sys.path.insert(0, {here!r})
import bench_peer
path = Path({project!r} + "-" + Path(sys.argv[1]).name + ".annotator")
project = bench_peer.open_project(path)
report = project.import_paths([Path(sys.argv[1])])
project.close()
assert len(report.imported) == int(sys.argv[2]), (len(report.imported), report.refused[:2])
"""


def instructions(python: str, script: Path, corpus: Path, n: int, code: Path | None) -> int:
    """Instructions callgrind counts for one import of ``corpus`` (``n`` articles) by ``code`` (None: as installed)."""
    env = dict(os.environ, ANNOTATOR_IMPORT_WORKERS="1", PYTHONHASHSEED="0")  # (string hashes steer dict probes)
    env.pop("PYTHONPATH", None)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, str(script),
                          str(corpus), str(n)], capture_output=True, text=True, env=env, cwd=script.parent)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or not found:
        sys.exit(f"the import under valgrind failed:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", required=True, help="git revision to compare with (e.g. HEAD~1, a commit)")
    ap.add_argument("--articles", type=int, default=500)
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    import bench_core

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        many, one = work / "many", work / "one"
        bench_core.build_corpus(many, args.articles)
        one.mkdir()
        shutil.copy(sorted(many.iterdir())[0], one)
        base = work / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.against, "annotator"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        scripts = []
        for side in ("tree", "base"):
            script = work / f"import_{side}.py"
            script.write_text(IMPORT.format(here=str(HERE), project=str(work / side)))
            scripts.append(script)
        runs = [(scripts[0], many, args.articles, None), (scripts[0], one, 1, None),
                (scripts[1], many, args.articles, base), (scripts[1], one, 1, base)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # (counts do not depend on the load)
            counts = list(pool.map(lambda r: instructions(sys.executable, *r), runs))
    tree = (counts[0] - counts[1]) / args.articles
    against = (counts[2] - counts[3]) / args.articles
    print(f"instructions per article, {args.articles} articles, one process:")
    print(f"  {args.against:>12}: {against:12,.0f}")
    print(f"  {'working tree':>12}: {tree:12,.0f}   ({tree / against:.3f} of it)")


if __name__ == "__main__":
    main()
