"""Core performance figures, each beside a baseline measured in the same run on the same machine.

    .venv/bin/python benchmarks/bench_core.py            # the issue's sizes: 10,000 articles, 1,000,000 annotations
    .venv/bin/python benchmarks/bench_core.py --quick    # a small run (seconds), e.g. to check the script works

What is measured (targets from issue 2):

- import of a synthetic corpus built from the five sample articles (10,000 articles, about 50 MB, a folder of
  .txt files) through the real pipeline: readers, the cleaner chain, one transaction per file. Baseline: reading
  the same files and one raw ``executemany`` of their rows into SQLite. Target: under 20 s.
- export of 1,000,000 annotations (over those articles) to the ``annotator/1`` JSON file. Baseline: a plain
  ``SELECT`` of the same document and annotation rows and ``orjson.dumps`` of them to a file. Target: within 2x.
- one annotation created and committed (its own transaction and operation-log row) in that large project: median
  and p99 latency. Baseline: one raw ``INSERT`` and ``COMMIT`` on the same file. Target: p99 under 5 ms.
- peak memory (maximum resident set size) of each, every measurement running in its own subprocess.

Timed phases run ``--repeat`` times (default 3) and the median is printed. Only the core plugins are loaded (plus
a one-line layer plugin for the annotations), so the figures are the core's; ``--all-plugins`` also measures edit
latency with every installed plugin listening to edits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORE = ["core-cleaners", "core-readers", "core-json"]
FULL = {"articles": 10_000, "annotations": 1_000_000, "edits": 2_000}
QUICK = {"articles": 500, "annotations": 50_000, "edits": 300}


# --------------------------------------------------------------------------------------------- helpers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def open_project(path: Path, all_plugins: bool = False):
    sys.path.insert(0, str(ROOT))
    from annotator import LabelSpec, LayerSpec, Project, hookimpl
    from annotator.plugins import PluginHost

    class BenchLayers:
        @hookimpl
        def register_layers(self, register):
            register(LayerSpec("bench", labels=(LabelSpec("A"), LabelSpec("B"))))

    host = PluginHost() if all_plugins else PluginHost(load=CORE)
    host.register_object(BenchLayers(), "bench-layers")
    return Project(path, host=host, author="bench")


def build_corpus(folder: Path, n: int, seed: int = 7) -> int:
    """``n`` articles made from the samples: paragraphs shuffled, a numbered headline, figures varied (so every text
    is different and nothing is skipped as a duplicate). Keeps their mojibake, hard wraps and boilerplate."""
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        paragraphs = samples[i % len(samples)].split("\n\n")
        rng.shuffle(paragraphs)
        text = f"Synthetic report {i}: {rng.randint(1000, 9999)} detained\n\n" + "\n\n".join(paragraphs)
        data = text.encode("utf-8")
        (folder / f"{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_phase(name: str, workdir: Path, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--phase", name, "--workdir", str(workdir), "--articles", str(args.articles),
           "--annotations", str(args.annotations), "--edits", str(args.edits)]
    if args.all_plugins:
        cmd.append("--all-plugins")
    env = dict(os.environ, ANNOTATOR_HOME=str(workdir / "home"))
    env.pop("ANNOTATOR_LOAD_PLUGINS", None)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"phase {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------- phases (subprocesses)


def phase_import(workdir: Path, args) -> dict:
    path = workdir / f"import-{time.time_ns()}.annotator"
    project = open_project(path)
    t0 = time.perf_counter()
    report = project.import_paths([workdir / "corpus"])
    seconds = time.perf_counter() - t0
    assert len(report.imported) == args.articles, (len(report.imported), report.refused[:3])
    project.close()
    return {"seconds": seconds, "peak_mb": peak_mb(), "path": str(path)}


def phase_import_baseline(workdir: Path, args) -> dict:
    path = workdir / f"baseline-{time.time_ns()}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL, raw BLOB, "
                 "sha256 TEXT NOT NULL)")
    conn.execute("CREATE UNIQUE INDEX idx_sha ON documents (sha256)")
    t0 = time.perf_counter()
    rows = []
    for f in sorted((workdir / "corpus").iterdir()):
        raw = f.read_bytes()
        text = raw.decode("utf-8")
        rows.append((f.stem, text.split("\n", 1)[0], text, raw, hashlib.sha256(text.encode()).hexdigest()))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - t0
    conn.close()
    return {"seconds": seconds, "peak_mb": peak_mb()}


def phase_setup_annotations(workdir: Path, args) -> dict:
    """Not timed: the big project for the export and edit phases (the imported corpus + N annotations)."""
    from annotator import Annotation
    from annotator.ids import new_id, now

    project = open_project(workdir / "big.annotator")
    if not project.documents():
        project.import_paths([workdir / "corpus"])
    texts = project._store.document_texts()
    doc_ids = sorted(texts)
    per_doc = max(1, args.annotations // len(doc_ids))
    rng = random.Random(11)
    t = now()

    def annotations():
        made = 0
        for doc_id in doc_ids:
            n = len(texts[doc_id])
            for _ in range(per_doc):
                if made == args.annotations:
                    return
                start = rng.randrange(0, n - 40)
                attrs = {"entity_id": "01BENCH", "canonical_name": "Alexander Lukashenko"} if made % 3 == 0 else {}
                yield Annotation(new_id(), doc_id, start, start + rng.randint(3, 40), "bench",
                                 "A" if made % 2 else "B", attrs, "bench", "manual", "accepted", t, t)
                made += 1

    with project._store.transaction():
        project._store.insert_unlogged("annotation", annotations())
    count = project.stats()["annotations"]
    project.close()
    return {"annotations": count}


def phase_export(workdir: Path, args) -> dict:
    project = open_project(workdir / "big.annotator")
    out = workdir / "export.json"
    t0 = time.perf_counter()
    result = project.export("json", out)
    seconds = time.perf_counter() - t0
    project.close()
    return {"seconds": seconds, "peak_mb": peak_mb(), "annotations": result.counts["annotations"],
            "bytes": out.stat().st_size}


def phase_export_baseline(workdir: Path, args) -> dict:
    import orjson

    conn = sqlite3.connect(workdir / "big.annotator")
    out = workdir / "baseline.json"
    t0 = time.perf_counter()
    docs = conn.execute("SELECT id, title, source, published, url, language, text, sha256, imported_at, meta "
                        "FROM documents ORDER BY id").fetchall()
    anns = conn.execute('SELECT id, document_id, start, "end", layer, label, attributes, author, origin, status, '
                        'created_at, modified_at FROM annotations ORDER BY document_id, start, "end", layer, label, '
                        "id").fetchall()
    with open(out, "wb") as fh:
        fh.write(orjson.dumps({"documents": docs, "annotations": anns}))
    seconds = time.perf_counter() - t0
    conn.close()
    return {"seconds": seconds, "peak_mb": peak_mb(), "annotations": len(anns), "bytes": out.stat().st_size}


def phase_edits(workdir: Path, args) -> dict:
    project = open_project(workdir / "big.annotator", all_plugins=args.all_plugins)
    docs = [d["id"] for d in project.document_summaries()[:50]]
    lengths = {d: len(project.text(d)) for d in docs}
    rng = random.Random(5)
    times = []
    for i in range(args.edits):
        doc = docs[i % len(docs)]
        start = rng.randrange(0, lengths[doc] - 20)
        t0 = time.perf_counter()
        project.add_annotation(doc, start, start + 12, "bench", "A")
        times.append(time.perf_counter() - t0)
    project.close()
    return {"times": times, "peak_mb": peak_mb()}


def phase_edits_baseline(workdir: Path, args) -> dict:
    conn = sqlite3.connect(workdir / "big.annotator", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    doc = conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    times = []
    for i in range(args.edits):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute('INSERT INTO annotations (id, document_id, start, "end", layer, label, attributes, author, '
                     "origin, status, created_at, modified_at) VALUES (?, ?, 0, 5, 'bench', 'A', '{}', 'raw', "
                     "'manual', 'accepted', '', '')", (f"raw-{i}-{time.time_ns()}", doc))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return {"times": times, "peak_mb": peak_mb()}


PHASES = {f.__name__[len("phase_"):]: f for f in (phase_import, phase_import_baseline, phase_setup_annotations,
                                                   phase_export, phase_export_baseline, phase_edits,
                                                   phase_edits_baseline)}


# --------------------------------------------------------------------------------------------- report


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a check that runs in seconds")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--annotations", type=int)
    parser.add_argument("--edits", type=int)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed phase (median printed)")
    parser.add_argument("--all-plugins", action="store_true", help="edit latency with every installed plugin")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    for key, value in sizes.items():
        if getattr(args, key) is None:
            setattr(args, key, value)

    if args.phase:  # a measurement in its own process
        print(json.dumps(PHASES[args.phase](args.workdir, args)))
        return

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        report(workdir, args)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def report(workdir: Path, args) -> None:
    print(f"Annotator core benchmark: {args.articles:,} articles, {args.annotations:,} annotations, "
          f"{args.edits:,} edits, median of {args.repeat} run(s); Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPU(s)\n")
    size = build_corpus(workdir / "corpus", args.articles)
    rows = []

    imports = [run_phase("import", workdir, args) for _ in range(args.repeat)]
    bases = [run_phase("import_baseline", workdir, args) for _ in range(args.repeat)]
    for r in imports:
        Path(r["path"]).unlink()
    imp, base = statistics.median(r["seconds"] for r in imports), statistics.median(r["seconds"] for r in bases)
    rows.append((f"import {args.articles:,} articles ({size / 1e6:.0f} MB)", f"{imp:.2f} s", f"{base:.2f} s",
                 f"{imp / base:.1f}x", max(r["peak_mb"] for r in imports), max(r["peak_mb"] for r in bases),
                 f"< 20 s ({'met' if imp < 20 else 'MISSED'})" if not args.quick else "(full run: < 20 s)"))
    rows.append(("  per article", f"{imp / args.articles * 1000:.2f} ms", f"{base / args.articles * 1000:.2f} ms",
                 "", None, None, ""))

    run_phase("setup_annotations", workdir, args)
    exports = [run_phase("export", workdir, args) for _ in range(args.repeat)]
    ebases = [run_phase("export_baseline", workdir, args) for _ in range(args.repeat)]
    exp, ebase = statistics.median(r["seconds"] for r in exports), statistics.median(r["seconds"] for r in ebases)
    ratio = exp / ebase
    rows.append((f"export {exports[0]['annotations']:,} annotations to JSON ({exports[0]['bytes'] / 1e6:.0f} MB)",
                 f"{exp:.2f} s", f"{ebase:.2f} s", f"{ratio:.2f}x", max(r["peak_mb"] for r in exports),
                 max(r["peak_mb"] for r in ebases), f"<= 2x baseline ({'met' if ratio <= 2 else 'MISSED'})"))

    edits = run_phase("edits", workdir, args)
    ebase_t = run_phase("edits_baseline", workdir, args)
    med, tail = statistics.median(edits["times"]) * 1000, p99(edits["times"]) * 1000
    bmed, btail = statistics.median(ebase_t["times"]) * 1000, p99(ebase_t["times"]) * 1000
    label = "all plugins" if args.all_plugins else "core"
    rows.append((f"add one annotation, committed ({label}): median", f"{med:.2f} ms", f"{bmed:.2f} ms",
                 f"{med / bmed:.1f}x", edits["peak_mb"], ebase_t["peak_mb"], ""))
    rows.append(("add one annotation, committed: p99", f"{tail:.2f} ms", f"{btail:.2f} ms", f"{tail / btail:.1f}x",
                 None, None, f"p99 < 5 ms ({'met' if tail < 5 else 'MISSED'})"))

    head = ("measurement", "annotator", "baseline", "ratio", "peak RSS", "baseline RSS", "target")
    widths = [max(len(str(r[i] if r[i] is not None else "")) for r in [head, *rows]) for i in range(len(head))]
    widths[4] = widths[5] = 12

    def fmt(row):
        cells = [row[0], row[1], row[2], row[3],
                 f"{row[4]:.0f} MB" if isinstance(row[4], float) else (row[4] or ""),
                 f"{row[5]:.0f} MB" if isinstance(row[5], float) else (row[5] or ""), row[6]]
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) if i < 6 else str(c)
                         for i, (c, w) in enumerate(zip(cells, widths)))

    print(fmt(head))
    for row in rows:
        print(fmt(row))
    print("\nBaselines: import = read the files + one raw executemany into SQLite; export = plain SELECT of the same "
          "rows + orjson.dumps to a file; edit = one raw INSERT + COMMIT on the same file.")


if __name__ == "__main__":
    main()
