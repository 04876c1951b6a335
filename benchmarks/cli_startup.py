"""Start-up time of the command line beside the interpreter's own (``python -c pass``), same run, same machine.

    .venv/bin/python benchmarks/cli_startup.py [--runs 7]

Prints the median wall time of each command over ``--runs`` runs and its ratio to the baseline. Targets (issue
18): ``annotator --help`` < 0.3 s, ``annotator stats -p P`` < 0.6 s. The project is the sample corpus, made once
in a temporary folder; every installed plugin is present (the listing and export commands load them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ANNOTATOR_HOME": str(Path(tmp) / "home")}
        env.pop("ANNOTATOR_LOAD_PLUGINS", None)
        project = str(Path(tmp) / "sample.annotator")
        subprocess.run([py, "-m", "annotator", "new", project, "--sample"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        out = str(Path(tmp) / "out.json")
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "annotator --help": [py, "-m", "annotator", "--help"],
            "annotator stats -p P": [py, "-m", "annotator", "stats", "-p", project],
            "annotator documents -p P": [py, "-m", "annotator", "documents", "-p", project],
            "annotator formats": [py, "-m", "annotator", "formats"],
            "annotator plugins": [py, "-m", "annotator", "plugins"],
            "annotator export -p P -o out.json": [py, "-m", "annotator", "export", "-p", project, "-o", out],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so load on the machine hits every command alike
            for name, cmd in commands.items():
                times[name].append(wall(cmd, env))
    base = statistics.median(times["python -c pass"])
    print(f"{'command':<36} {'median s':>9} {'x baseline':>11}   ({args.runs} runs each)")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<36} {med:>9.3f} {med / base:>11.1f}")


if __name__ == "__main__":
    main()
