"""Annotator beside Label Studio on the same data and the same machine (issue 21), run by hand.

    .venv/bin/python benchmarks/bench_peer.py --no-label-studio    # Annotator only
    ANNOTATOR_LABEL_STUDIO=/work/peers/ls .venv/bin/python benchmarks/bench_peer.py   # and Label Studio
    ... bench_peer.py --workers-too 2     # also the import with ANNOTATOR_IMPORT_WORKERS=2 (1: serial)
    ... bench_peer.py --no-memo-too       # also the import with the mojibake cleaner's line memo off
    .venv/bin/python benchmarks/bench_peer.py --quick --no-label-studio   # small sizes, to check the script works

Workloads (the issue's table):

- import N plain-text articles (``--articles``, default 1,000 and 10,000; about 5 kB each, built from the sample
  articles with their mojibake, hard wraps and boilerplate, every text different): Annotator's ``import_paths`` on
  the folder (the whole cleaning chain, the raw bytes kept; the worker processes it decides on by default, see
  ``annotator/services/import_pool.py``) vs Label Studio's task import (``POST /api/projects/<id>/import`` of
  the same texts as ``{"data": {"text": ...}}`` tasks, one request);
- accept all S suggestions (default 200,000 over 2,000 documents): Annotator's ``Project.review("accepted")``
  (one undo step) and its undo vs Label Studio's Data Manager action ``predictions_to_annotations`` on all
  tasks (the same regions imported as predictions beforehand, untimed).

Each run of a workload by Label Studio is followed at once by Annotator's (the machine is shared: both meet the
same load), once Label Studio's processes are idle and the writes of the run before are on disk (``os.sync``:
the kernel's write-back of one import's 100-200 MB otherwise lands in the next one's time).

Each Annotator measurement runs in its own subprocess (its peak resident memory is that process's); Label Studio
runs in its own virtual environment (``ANNOTATOR_LABEL_STUDIO``: the venv or its ``label-studio``), started on
127.0.0.1 with a temporary data folder (``tests/plugins/label_studio_server.py``), and its memory is the peak
resident size of its server processes. Every timed phase runs ``--repeat`` times; medians are printed, and the
ratio (Label Studio time / Annotator time) compares figures of the same run.

Before the first run and after the last, the same pure-Python work is timed in one process, then in two at once:
the work two busy processes get done beside one's is the most a second worker process can give on this machine
now (on a 2-vCPU guest it was 1.2-1.8x, not 2x: the vCPUs behave like hyperthreads of one core, or a neighbour is
busy). It is printed last, to read the import's ratio beside.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "plugins"))

LABELS = ("PERSON", "ORG", "GPE", "DATE")
LABEL_CONFIG = ("<View><Labels name=\"label\" toName=\"text\">" + "".join(f"<Label value=\"{x}\"/>" for x in LABELS)
                + "</Labels><Text name=\"text\" value=\"$text\"/></View>")


def peak_mb() -> float:
    """This process's peak resident size: VmHWM (ru_maxrss would count the bench process it was forked from
    before its exec, which holds Label Studio's copy of the texts)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------------------- data

def build(workdir: Path, articles: list[int], docs: int, per_doc: int) -> None:
    import bench_core

    for n in articles:
        bench_core.build_corpus(workdir / f"corpus-{n}", n)
    review = workdir / "review-corpus"
    bench_core.build_corpus(review, docs, seed=23)


def regions(text: str, n: int, seed: int) -> list[tuple[int, int, str]]:
    """``n`` distinct spans of ``text`` (start, end, label), the same for both tools."""
    rng = random.Random(seed)
    out, used = [], set()
    while len(out) < n:
        s = rng.randrange(0, max(1, len(text) - 20))
        e = s + rng.randint(3, 15)
        if (s, e) in used:
            continue
        used.add((s, e))
        out.append((s, e, LABELS[len(out) % len(LABELS)]))
    return out


# ----------------------------------------------------------------------------------------- Annotator phases

def open_project(path: Path):
    import bench_core  # noqa: F401  (sys.path)

    from annotator import LabelSpec, LayerSpec, Project, hookimpl
    from annotator.plugins import PluginHost

    class PeerLayers:
        @hookimpl
        def register_layers(self, register):
            register(LayerSpec("entity", labels=tuple(LabelSpec(x) for x in LABELS)))

    host = PluginHost(load=["core-cleaners", "core-readers", "core-json"])
    host.register_object(PeerLayers(), "peer-layers")
    return Project(path, host=host, author="bench")


def phase_import(workdir: Path, args) -> dict:
    path = workdir / f"import-{time.time_ns()}.annotator"
    from annotator.services.import_pool import POOL_MIN_FILES, workers

    if os.environ.get("BENCH_LINE_MEMO") == "0":  # (--no-memo-too: the mojibake cleaner fixes every line anew)
        from annotator.builtin import cleaners

        cleaners._MEMO_LINES = 0
    project = open_project(path)
    used = workers() if args.size >= POOL_MIN_FILES else 1  # (what the import is about to decide)
    t0 = time.perf_counter()
    report = project.import_paths([workdir / f"corpus-{args.size}"])
    seconds = time.perf_counter() - t0
    n = len(report.imported)
    project.close()
    for f in workdir.glob(path.name + "*"):
        f.unlink()
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the import's worker processes
    return {"seconds": seconds, "documents": n, "refused": len(report.refused), "peak_mb": peak_mb(),
            "workers_peak_mb": workers_mb, "workers": used}


def phase_review(workdir: Path, args) -> dict:
    from annotator import Annotation
    from annotator.ids import new_id, now

    path = workdir / f"review-{time.time_ns()}.annotator"
    project = open_project(path)
    project.import_paths([workdir / "review-corpus"])  # untimed set-up
    t = now()
    texts = project._store.document_texts()

    def suggestions():
        for k, doc_id in enumerate(sorted(texts)):
            for s, e, label in regions(texts[doc_id], args.per_doc, k):
                yield Annotation(new_id(), doc_id, s, e, "entity", label, {}, "suggester", "bench-suggester",
                                 "suggested", t, t)

    with project._store.transaction():
        project._store.insert_unlogged("annotation", suggestions())
    setup_mb = peak_mb()
    t0 = time.perf_counter()
    n = project.review("accepted")
    accept = time.perf_counter() - t0
    accept_mb = peak_mb()
    t0 = time.perf_counter()
    undone = project.undo()
    undo = time.perf_counter() - t0
    accepted = len(project._store.annotations(status="accepted"))  # 0: the undo restored every suggestion
    project.close()
    for f in workdir.glob(path.name + "*"):
        f.unlink()
    return {"seconds": accept, "undo_seconds": undo, "reviewed": n, "undo_steps": len(undone),
            "accepted_after_undo": accepted, "setup_peak_mb": setup_mb, "peak_mb": accept_mb}


def phase_spin(workdir: Path, args) -> dict:
    """A fixed piece of pure-Python work (about a second on the development machine), timed."""
    t0 = time.perf_counter()
    total = 0
    for i in range(15_000_000):
        total += i & 7
    return {"seconds": time.perf_counter() - t0, "total": total}


PHASES = {"import": phase_import, "review": phase_review, "spin": phase_spin}


def parallel_ceiling(workdir: Path, args) -> tuple[float, float]:
    """How much more work two busy processes get done per second than one, on this machine now: the ceiling of
    any speed-up from a second worker process (2.0 on two free cores; less where the two virtual cores share
    a physical one, or a neighbour is busy). The same pure-Python work is run alone, then twice at once;
    ``(ceiling, seconds alone)``."""
    cmd = [sys.executable, __file__, "--phase", "spin", "--workdir", str(workdir)]
    alone = [json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["seconds"]
             for _ in range(2)]
    t0 = time.perf_counter()
    pair = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL) for _ in range(2)]
    for proc in pair:
        proc.wait()
    both = time.perf_counter() - t0
    return 2 * min(alone) / both, min(alone)


def run_phase(name: str, workdir: Path, args, size: int = 0, workers: int | None = None,
              memo: bool = True) -> dict:
    cmd = [sys.executable, __file__, "--phase", name, "--workdir", str(workdir), "--per-doc", str(args.per_doc),
           "--size", str(size)]
    env = dict(os.environ)
    if workers is not None:
        env["ANNOTATOR_IMPORT_WORKERS"] = str(workers)
    if not memo:
        env["BENCH_LINE_MEMO"] = "0"
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------------------- Label Studio

def label_studio_module():
    import label_studio_server  # tests/plugins: the server helper the round-trip test uses

    return label_studio_server


def _tree(pid: int):
    """``pid`` and its descendants (those still alive), each as it is found."""
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        yield p
        pids.extend(int(c) for c in children)


def tree_peak_mb(pid: int) -> float:
    """The largest peak resident size (VmHWM) among ``pid`` and its descendants."""
    best = 0.0
    for p in _tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                best = max(best, int(line.split()[1]) / 1024)
    return best


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid`` and its descendants."""
    ticks = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(pid: int, most: float = 15.0) -> float:
    """Wait until Label Studio's processes are idle (under 5 % of a core over half a second, at most ``most``
    seconds), so that Annotator's run after it does not meet its leftover work; the CPU seconds it used
    meanwhile."""
    start = last = tree_cpu_seconds(pid)
    t_end = time.perf_counter() + most
    while time.perf_counter() < t_end:
        time.sleep(0.5)
        now_cpu = tree_cpu_seconds(pid)
        if now_cpu - last < 0.025:
            break
        last = now_cpu
    return last - start


def ls_import(ls, texts: list[str], name: str) -> float:
    """Label Studio's task import of ``texts`` in one request, timed."""
    pid = ls.create_project(name, LABEL_CONFIG)
    tasks = [{"data": {"text": t}} for t in texts]
    # every timed run starts with the writes of the run before on disk: an import writes 100-200 MB, which the
    # kernel writes back while the next run goes on (and its syncs wait behind them)
    os.sync()
    t0 = time.perf_counter()
    ls.import_tasks(pid, tasks)
    seconds = time.perf_counter() - t0
    count = ls.project(pid).get("task_number")
    after = settle(ls.proc.pid)
    print(f"  Label Studio {name}: {seconds:.2f} s ({count} tasks; {after:.2f} s of CPU after it answered, "
          "waited for before Annotator's run)", file=sys.stderr)
    return seconds


def ls_review(ls, review_texts: list[str], args, name: str) -> float:
    """The same suggestions imported as predictions (untimed), then all of them made annotations, timed."""
    pid = ls.create_project(name, LABEL_CONFIG)
    tasks = []
    for k, text in enumerate(review_texts):
        result = [{"id": f"r{k}-{j}", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}
                  for j, (s, e, label) in enumerate(regions(text, args.per_doc, k))]
        tasks.append({"data": {"text": text}, "predictions": [{"model_version": "bench", "result": result}]})
    for c in range(0, len(tasks), 500):  # untimed set-up
        ls.import_tasks(pid, tasks[c:c + 500])
    t0 = time.perf_counter()
    ls.api("POST", f"/api/dm/actions?id=predictions_to_annotations&project={pid}",
           {"selectedItems": {"all": True, "excluded": []}})
    seconds = time.perf_counter() - t0
    got = ls.project(pid).get("total_annotations_number")
    print(f"  Label Studio {name} (predictions to annotations): {seconds:.2f} s ({got} annotations)", file=sys.stderr)
    return seconds


def measure(workdir: Path, args) -> tuple[dict, dict]:
    """Every workload ``--repeat`` times, Label Studio's run and Annotator's one right after the other (so that
    both meet the same load of the shared machine), Label Studio's server up throughout."""
    import contextlib

    ours: dict[str, list] = {"review": [], **{f"import {n}": [] for n in args.articles},
                             **({f"forced {n}": [] for n in args.articles} if args.workers_too else {}),
                             **({f"nomemo {n}": [] for n in args.articles} if args.no_memo_too else {})}
    peer: dict[str, Any] = {}
    exe = None
    if not args.no_label_studio:
        lss = label_studio_module()
        exe, why = lss.find()
        if exe is None:
            print(f"Label Studio not measured: {why}", file=sys.stderr)
    texts = {n: [p.read_text(encoding="utf-8") for p in sorted((workdir / f"corpus-{n}").glob("*.txt"))]
             for n in args.articles}
    review_texts = [p.read_text(encoding="utf-8") for p in sorted((workdir / "review-corpus").glob("*.txt"))]

    def ours_run(name: str, r: int) -> None:
        kind, _, size = name.partition(" ")
        os.sync()  # (the other's writes on disk first: see ls_import)
        ours[name].append(run_phase("review" if kind == "review" else "import", workdir, args, int(size or 0),
                                    workers=args.workers_too if kind == "forced" else None,
                                    memo=kind != "nomemo"))
        print(f"  Annotator {name} {r + 1}: {json.dumps(ours[name][-1])}", file=sys.stderr)

    t_start = time.perf_counter()
    with (lss.LabelStudio(exe, start_timeout=900) if exe is not None else contextlib.nullcontext()) as ls:
        if ls is not None:
            peer = {"import": {n: [] for n in args.articles}, "review": [],
                    "start_seconds": time.perf_counter() - t_start}
        for r in range(args.repeat):
            for n in args.articles:
                if ls is not None:
                    peer["import"][n].append(ls_import(ls, texts[n], f"import {n} {r + 1}"))
                ours_run(f"import {n}", r)
                if args.workers_too:
                    ours_run(f"forced {n}", r)
                if args.no_memo_too:
                    ours_run(f"nomemo {n}", r)
            if ls is not None:
                peer["review"].append(ls_review(ls, review_texts, args, f"review {r + 1}"))
            ours_run("review", r)
        if ls is not None:
            peer["peak_mb"] = tree_peak_mb(ls.proc.pid)
    return ours, peer


# ----------------------------------------------------------------------------------------- report

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=lambda v: sorted(int(x) for x in v.split(",")), default=[1_000, 10_000],
                    help="import sizes, comma-separated (default 1000,10000)")
    ap.add_argument("--workers-too", type=int, metavar="N",
                    help="also time the import with ANNOTATOR_IMPORT_WORKERS=N (1: one process, 2: two workers)")
    ap.add_argument("--no-memo-too", action="store_true",
                    help="also time the import with the mojibake cleaner's memo of fixed lines off (this corpus "
                         "repeats each sample paragraph about 2,000 times; a real corpus repeats far less)")
    ap.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=int, default=2_000, help="documents of the bulk-review workload")
    ap.add_argument("--per-doc", type=int, default=100, help="suggestions per document (2,000 x 100 = 200,000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="1,000 articles, 20,000 suggestions, 1 run")
    ap.add_argument("--no-label-studio", action="store_true")
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.workdir, args)))
        return
    if args.quick:
        args.articles, args.docs, args.per_doc, args.repeat = [1_000], 200, 100, 1
    workdir = Path(tempfile.mkdtemp(prefix="annotator-peer-"))
    try:
        build(workdir, args.articles, args.docs, args.per_doc)
        mb = sum(p.stat().st_size for p in (workdir / f"corpus-{args.articles[-1]}").glob("*.txt")) / 1e6
        print(f"data: {args.articles} articles ({mb:.1f} MB), {args.docs * args.per_doc} suggestions over "
              f"{args.docs} documents; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
        ceilings = [parallel_ceiling(workdir, args)]
        ours, peer = measure(workdir, args)
        ceilings.append(parallel_ceiling(workdir, args))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(args, ours, peer)
    print("\ntwo busy processes did " + " and ".join(f"{c:.2f}x" for c, _ in ceilings) + " the work of one per "
          "second (before and after the runs; pure Python, one alone took " + " and ".join(
              f"{a:.2f} s" for _, a in ceilings) + "): the most a second worker process can give here")


def report(args, ours: dict, peer: dict) -> None:
    def med(values):
        return statistics.median(values) if values else None

    def fmt(v, unit="s"):
        return "-" if v is None else f"{v:.2f} {unit}" if unit == "s" else f"{v:.0f} {unit}"

    rows = []
    for n in args.articles:
        runs = ours[f"import {n}"]
        used = sorted({r["workers"] for r in runs})
        rows.append((f"import {n:,} plain-text articles (default: {'/'.join(map(str, used))} worker process(es); "
                     "1 = serial)", med(peer.get("import", {}).get(n, [])), med([r["seconds"] for r in runs])))
        if f"forced {n}" in ours:
            rows.append((f"import {n:,} plain-text articles (ANNOTATOR_IMPORT_WORKERS={args.workers_too})",
                         med(peer.get("import", {}).get(n, [])), med([r["seconds"] for r in ours[f"forced {n}"]])))
        if f"nomemo {n}" in ours:
            rows.append((f"import {n:,} plain-text articles (default workers, memo of fixed lines off)",
                         med(peer.get("import", {}).get(n, [])), med([r["seconds"] for r in ours[f"nomemo {n}"]])))
    rows += [
        (f"accept all {args.docs * args.per_doc:,} suggestions (LS: predictions to annotations)",
         med(peer.get("review", [])), med([r["seconds"] for r in ours["review"]])),
        ("undo of that accept (LS: none)", None, med([r["undo_seconds"] for r in ours["review"]])),
    ]
    print(f"\nmedians of {args.repeat} run(s); load average now {os.getloadavg()[0]:.1f}\n")
    print("| workload | Label Studio | Annotator | ratio (LS / ours) |")
    print("|---|---|---|---|")
    for name, ls, us in rows:
        ratio = f"{ls / us:.2f}" if ls and us else "-"
        print(f"| {name} | {fmt(ls)} | {fmt(us)} | {ratio} |")
    print("\n| peak resident memory | Label Studio server | Annotator |")
    print("|---|---|---|")
    largest = ours[f"import {args.articles[-1]}"]
    pool_mb = max(r.get("workers_peak_mb", 0) for r in largest)
    workers = f" (each worker process at most {pool_mb:.0f} MB)" if pool_mb else ""
    print(f"| import {args.articles[-1]:,} | {fmt(peer.get('peak_mb'), 'MB')} (server, whole run) | "
          f"{fmt(max(r['peak_mb'] for r in largest), 'MB')}{workers} |")
    print(f"| bulk accept | (same server) | {fmt(max(r['peak_mb'] for r in ours['review']), 'MB')} "
          f"(set-up {fmt(max(r['setup_peak_mb'] for r in ours['review']), 'MB')}) |")
    if peer.get("start_seconds"):
        print(f"\nLabel Studio started in {peer['start_seconds']:.0f} s (not counted)")


if __name__ == "__main__":
    main()
