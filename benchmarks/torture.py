"""The project file under real use, full version: prints the figures quoted in docs/architecture.md.

    .venv/bin/python benchmarks/torture.py                       # everything but the 10-minute window session
    .venv/bin/python benchmarks/torture.py --quit-session 600    # and a 10-minute offscreen window session
    .venv/bin/python benchmarks/torture.py --kills 100 --long 120000

1. Commit time of an interactive edit, ``synchronous=FULL`` against ``NORMAL`` (the baseline), p50/p99.
2. A long write (``--long`` proposals, one suggestion run) in chunks: the write lock's hold time per chunk
   (p50/p99/max), against the same run in one transaction (the old behaviour, the baseline); and the
   latency of another process's interactive edits meanwhile (p50/p99/max, failures).
3. ``--kills`` writers killed with SIGKILL at random moments: acknowledged edits lost, integrity failures.
4. An export loop beside two writers: exports, inconsistent ones, re-import refusals.
5. Cross-process undo: the window's Ctrl+Z after a command's run, the later command's undo, a colleague.
6. Optionally the window session (``--quit-session SECONDS``) beside a writer and an export loop.

Every figure is measured in this run on this machine; medians and ratios are what to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TORTURE = ROOT / "tests" / "torture"
sys.path.insert(0, str(TORTURE))

from torture_support import check_export, check_file, lost_edits, make_project, open_project, stored_ids  # noqa: E402

from annotator.store import database  # noqa: E402


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def ms(x):
    return f"{x * 1000:.2f} ms"


class Proc:
    def __init__(self, *args):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TORTURE), os.environ.get("PYTHONPATH", "")]))
        self.p = subprocess.Popen([sys.executable, str(TORTURE / "torture_support.py"), *map(str, args)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env)

    def line(self):
        return json.loads(self.p.stdout.readline())

    def close_stdin_and_read(self):
        out, err = self.p.communicate(timeout=600)
        return [json.loads(x) for x in out.splitlines() if x.strip()], err

    def kill(self):
        self.p.kill()
        out, _ = self.p.communicate()
        recs = []
        for x in out.splitlines():
            try:
                recs.append(json.loads(x))
            except ValueError:
                pass
        return recs


def commit_times(folder: Path, n: int) -> dict:
    out = {}
    for mode in ("NORMAL", "FULL"):
        path = folder / f"sync-{mode}.annotator"
        make_project(path, 1)
        old = database.SYNCHRONOUS
        database.SYNCHRONOUS = mode
        try:
            p = open_project(path)
            assert p._store.synchronous == mode
            doc = p.documents()[0].id
            times = []
            for i in range(n):
                t0 = time.perf_counter()
                p.add_annotation(doc, i % 900, i % 900 + 3, "entity", "PERSON")
                times.append(time.perf_counter() - t0)
            p.close()
        finally:
            database.SYNCHRONOUS = old
        out[mode] = {"p50": pct(times, 50), "p99": pct(times, 99)}
    print(f"1. interactive edit commit, {n} edits each: NORMAL (baseline) p50 {ms(out['NORMAL']['p50'])} "
          f"p99 {ms(out['NORMAL']['p99'])}; FULL p50 {ms(out['FULL']['p50'])} p99 {ms(out['FULL']['p99'])} "
          f"(FULL/NORMAL p50 {out['FULL']['p50'] / out['NORMAL']['p50']:.2f}x)")
    return out


def long_write(folder: Path, n: int) -> dict:
    from annotator.ids import new_id, now
    from annotator.model import Annotation

    res = {}
    for mode in ("one transaction", "chunked"):
        path = folder / f"long-{mode.replace(' ', '-')}.annotator"
        make_project(path, 1)
        editor = Proc("edit-latency", path, 20)
        assert editor.line() == {"ready": True}
        p = open_project(path)
        doc = p.documents()[0].id
        t = now()
        anns = [Annotation(new_id(), doc, i % 1000, i % 1000 + 3, "entity", "GPE", {}, "tester", "long",
                           "suggested", t, t) for i in range(n)]
        changes = [("annotation", "create", None, a) for a in anns]
        database.lock_holds = holds = []
        old_chunk = database.CHUNK_ROWS
        if mode == "one transaction":
            database.CHUNK_ROWS = 10 ** 9
        t0 = time.perf_counter()
        try:
            p._commit(changes)
        finally:
            database.CHUNK_ROWS = old_chunk
            database.lock_holds = None
        total = time.perf_counter() - t0
        time.sleep(0.3)
        records, _ = editor.close_stdin_and_read()
        lat = records[-1]["latencies"]
        fails = records[-1]["failures"]
        p.close()
        big = [h for h in holds]
        res[mode] = {"total_s": total, "chunks": len(big), "hold_p50": pct(big, 50), "hold_p99": pct(big, 99),
                     "hold_max": max(big), "edit_p50": pct(lat, 50), "edit_p99": pct(lat, 99),
                     "edit_max": max(lat), "edits": len(lat), "edit_failures": len(fails),
                     "locked": sum("locked" in f for f in fails)}
        r = res[mode]
        print(f"2. {n} proposals, {mode}{' (baseline)' if mode == 'one transaction' else ''}: {r['total_s']:.2f} s "
              f"in {r['chunks']} write transaction(s); lock held p50 {ms(r['hold_p50'])} p99 {ms(r['hold_p99'])} "
              f"max {ms(r['hold_max'])}; another process's edits meanwhile: {r['edits']} edits, p50 "
              f"{ms(r['edit_p50'])} p99 {ms(r['edit_p99'])} max {ms(r['edit_max'])}, failures "
              f"{r['edit_failures']} ({r['locked']} 'database is locked')")
    return res


def kills(folder: Path, trials: int) -> dict:
    path = folder / "kills.annotator"
    make_project(path)
    rng = random.Random(7)
    lost = failures = acknowledged = 0
    long_kills = 0
    for i in range(trials):
        if i % 10 == 9:  # every tenth trial kills a long write half-way: the next opener rolls it back
            before = stored_ids(path)
            w = Proc("long", path, 30000)
            w.line()
            time.sleep(rng.uniform(0.2, 1.5))
            w.kill()
            with open_project(path) as p:
                if {a.id for a in p.annotations()} != before:
                    lost += 1
            long_kills += 1
        else:
            w = Proc("write", path)
            assert w.line()["op"] == "ready"
            time.sleep(rng.uniform(0.05, 0.5))
            records = [r for r in w.kill() if r["op"] != "ready"]
            acknowledged += len(records)
            lost += lost_edits(path, records)
        if check_file(path) != "ok":
            failures += 1
    print(f"3. kill -9: {trials} trials ({long_kills} of them during a long chunked write), {acknowledged} "
          f"acknowledged edits, {lost} lost, {failures} integrity_check failures")
    return {"trials": trials, "acknowledged": acknowledged, "lost": lost, "integrity_failures": failures}


def export_loop(folder: Path, seconds: float) -> dict:
    path = folder / "exports.annotator"
    make_project(path)
    writers = [Proc("write", path, 0), Proc("write", path, 0, "colleague")]
    for w in writers:
        w.line()
    out = folder / "exports"
    out.mkdir()
    bad = refused = n = 0
    with open_project(path) as p:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            target = out / f"e{n}.json"
            p.export("json", target)
            n += 1
            try:
                check_export(target)
            except AssertionError:
                bad += 1
    for w in writers:
        w.kill()
    for f in sorted(out.glob("e*.json"))[::max(1, n // 10)]:
        fresh = open_project(folder / f"re-{f.stem}.annotator")
        if fresh.import_paths([f]).refused:
            refused += 1
        fresh.close()
    print(f"4. export loop beside two writers: {n} exports in {seconds:.0f} s, {bad} inconsistent, "
          f"{refused} of {len(list(out.glob('e*.json'))[::max(1, n // 10)])} re-imports refused; "
          f"integrity {check_file(path)}")
    return {"exports": n, "inconsistent": bad, "reimport_refused": refused}


def undo_scenarios() -> dict:
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        str(TORTURE / "test_undo_sessions.py")], capture_output=True, text=True, cwd=ROOT)
    lines = (r.stdout + r.stderr).strip().splitlines()
    last = lines[-1] if lines else "(no output)"
    print(f"5. cross-process undo scenarios (tests/torture/test_undo_sessions.py): exit {r.returncode}, {last}")
    return {"result": last, "exit": r.returncode}


def quit_session(folder: Path, seconds: int) -> dict:
    path = folder / "window.annotator"
    make_project(path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TORTURE), os.environ.get("PYTHONPATH", "")]),
               QT_QPA_PLATFORM="offscreen")
    colleague = Proc("write", path, 0, "colleague", "no")
    exports = Proc("export-loop", path, folder, seconds)
    t0 = time.perf_counter()
    w = subprocess.run([sys.executable, str(TORTURE / "gui_session.py"), str(path), str(seconds)],
                       capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    colleague.kill()
    files, _ = exports.close_stdin_and_read()
    figures = json.loads(w.stdout.strip().splitlines()[-1]) if w.stdout.strip() else {}
    lost = len(set(figures.get("expected", [])) - stored_ids(path))
    bad = 0
    for f in files:
        try:
            check_export(f["export"])
        except AssertionError:
            bad += 1
    summary = {k: figures.get(k) for k in ("actions", "annotated", "undo", "redo", "reviewed", "toggles", "suggest")}
    print(f"6. window session {elapsed:.0f} s (offscreen) beside a writer and an export loop: exit status "
          f"{w.returncode}, {summary}, errors shown {len(figures.get('errors', []))}, 'locked' messages "
          f"{len(figures.get('locked_messages', []))}, window edits lost {lost}, {len(files)} exports "
          f"({bad} inconsistent), integrity {check_file(path)}")
    if w.returncode:
        print(w.stderr[-2000:])
    return {"exit": w.returncode, "lost": lost, **summary}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--long", type=int, default=120_000)
    ap.add_argument("--edits", type=int, default=500)
    ap.add_argument("--export-seconds", type=float, default=30)
    ap.add_argument("--quit-session", type=int, default=0, help="seconds of window session (600: ten minutes)")
    ap.add_argument("--only", default="", help="comma-separated: commit,long,kills,exports,undo,window")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="annotator-torture-") as tmp:
        folder = Path(tmp)
        print(f"torture run, Python {sys.version.split()[0]}, SQLite {__import__('sqlite3').sqlite_version}, "
              f"{os.cpu_count()} CPUs, chunk {database.CHUNK_ROWS} rows")
        if not only or "commit" in only:
            commit_times(folder, args.edits)
        if not only or "long" in only:
            long_write(folder, args.long)
        if not only or "kills" in only:
            kills(folder, args.kills)
        if not only or "exports" in only:
            export_loop(folder, args.export_seconds)
        if not only or "undo" in only:
            undo_scenarios()
        if args.quit_session and (not only or "window" in only):
            quit_session(folder, args.quit_session)


if __name__ == "__main__":
    main()
