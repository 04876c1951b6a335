"""Zip bombs are refused in bounded time and memory: importing a ``.qdpx`` and a brat ``.zip`` whose member inflates
to 1 GiB (a few MiB on disk), beside the same import of an honest archive of the same kind, in the same run.

    .venv/bin/python benchmarks/bench_archives.py            # 1 GiB members
    .venv/bin/python benchmarks/bench_archives.py --gib 0.25 # smaller

Each import runs in its own subprocess, so its peak memory (maximum resident set size) is its own; the figures
are wall time (median of ``--repeat``) and peak RSS. Before the limits, the 1 GiB members took 2-4 GB of memory and
the brat one was imported as a document of NUL bytes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from annotator import Project
from annotator.plugins import PluginHost
t0 = time.perf_counter()
proj = Project(sys.argv[1], host=PluginHost(load=["core-cleaners", "core-readers", "core-json", "interchange"]),
               author="bench")
report = proj.import_paths([sys.argv[2]])
elapsed = time.perf_counter() - t0
proj.close()
print(json.dumps({"seconds": elapsed, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "imported": len(report.imported), "refused": [r["reason"] for r in report.refused]}))
"""


def write_member(zf: zipfile.ZipFile, name: str, size: int) -> None:
    chunk = b"\0" * (1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as out:
        left = size
        while left > 0:
            out.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def make_archives(folder: Path, size: int) -> dict[str, Path]:
    text = "Minsk is a city. Police detained protesters on Saturday, the ministry said.\n" * 20
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="b"><Sources>'
           '<TextSource guid="00000000-0000-0000-0000-000000000001" name="a" plainTextPath="internal://a.txt"/>'
           '</Sources></Project>')
    out = {}
    for kind, bomb in (("honest", False), ("bomb", True)):
        q = folder / f"{kind}.qdpx"
        with zipfile.ZipFile(q, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("project.qde", qde)
            if bomb:
                write_member(zf, "sources/a.txt", size)
            else:
                zf.writestr("sources/a.txt", text)
        b = folder / f"{kind}-brat.zip"
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("c/a.ann", "T1\tGPE 0 5\tMinsk\n")
            if bomb:
                write_member(zf, "c/a.txt", size)
            else:
                zf.writestr("c/a.txt", text)
        out[f"qdpx {kind}"], out[f"brat-zip {kind}"] = q, b
    return out


def run(archive: Path, folder: Path, i: int) -> dict:
    project = folder / f"p{i}.annotator"
    done = subprocess.run([sys.executable, "-c", CHILD, str(project), str(archive)], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    project.unlink(missing_ok=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gib", type=float, default=1.0, help="inflated size of the bomb member")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        archives = make_archives(folder, int(args.gib * (1 << 30)))
        print(f"{'archive':<18} {'on disk':>10} {'inflates to':>12} {'seconds':>8} {'peak RSS':>9}  outcome")
        for i, (name, path) in enumerate(sorted(archives.items())):
            with zipfile.ZipFile(path) as zf:
                inflated = sum(m.file_size for m in zf.infolist())
            runs = [run(path, folder, i * 10 + k) for k in range(args.repeat)]
            last = runs[-1]
            outcome = f"imported {last['imported']}" if last["imported"] else f"refused: {last['refused'][0][:70]}"
            print(f"{name:<18} {path.stat().st_size / (1 << 20):>7.2f} MiB {inflated / (1 << 20):>8.0f} MiB "
                  f"{statistics.median(r['seconds'] for r in runs):>8.2f} "
                  f"{statistics.median(r['rss_mib'] for r in runs):>5.0f} MiB  {outcome}", flush=True)


if __name__ == "__main__":
    main()
