"""Benchmarks of the Qt shell. Prints medians, each beside a baseline measured in the same run.

- open a ~1 MB document with 20,000 annotations in the reader and paint it (target < 300 ms); baseline: the same
  text without annotations;
- repaint one screen while scrolling through it (smoothness); baseline: the same without annotations;
- keyboard annotation (select, press a label key) to the repainted highlight (target < 30 ms), on a sample
  article and on the big document;
- cold start of ``annotator gui --smoke-test`` on the sample project to a drawn window (target < 1.5 s);
  baseline: a bare ``python -c "import PySide6.QtWidgets"`` process.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py [--quick]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "gui"))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def row(name: str, value_ms: float, baseline_ms: float | None = None, target_ms: float | None = None) -> None:
    extra = ""
    if baseline_ms is not None:
        ratio = value_ms / baseline_ms if baseline_ms else float("nan")
        extra += f"   baseline {baseline_ms:8.1f} ms   ratio {ratio:5.2f}"
    if target_ms is not None:
        extra += f"   target < {target_ms:.0f} ms: {'OK' if value_ms < target_ms else 'MISSED'}"
    print(f"{name:<52} {value_ms:8.1f} ms{extra}", flush=True)


def big_text(corpus_texts: list[str], size: int = 1_000_000) -> str:
    parts, n, i = [], 0, 0
    while n < size:
        t = corpus_texts[i % len(corpus_texts)]
        parts.append(t)
        n += len(t) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def make_project(tmp: Path):
    from demo_plugins import DemoPlugin

    from annotator import ImportBatch, NewDocument, Project
    from annotator.ids import new_id
    from annotator.model import Annotation
    from annotator.plugins import PluginHost

    host = PluginHost(load=["core-cleaners", "core-readers", "core-json"])
    host.register_object(DemoPlugin(), name="demo")
    project = Project(tmp / "bench.annotator", host=host, author="bench")
    project.import_paths([ROOT / "corpus"])
    texts = [d.text for d in project.documents()]
    text = big_text(texts)
    rnd = random.Random(7)
    big_id, plain_id = new_id(), new_id()
    words = _words(text)
    labels = [("mention", "PERSON"), ("mention", "PLACE"), ("mention", "ORG"), ("claim", "claim")]
    anns = []
    for k in range(20_000):
        w = rnd.randrange(len(words) - 4)
        s, e = words[w]
        if rnd.random() < 0.15:  # some longer spans, overlapping their neighbours
            e = words[w + rnd.randint(1, 3)][1]
        layer, label = labels[k % len(labels)]
        status = "suggested" if k % 3 == 0 else "accepted"
        anns.append(Annotation(new_id(), big_id, s, min(e, len(text)), layer, label, {}, "bench", "bench", status))
    batch = ImportBatch(documents=[NewDocument(text, title="Big document (1 MB, 20,000 annotations)", id=big_id,
                                               clean=False, source="bench"),
                                   NewDocument(text + " ", title="Big document (no annotations)", id=plain_id,
                                               clean=False, source="bench")],
                        annotations=anns)
    project.store_batch(batch)
    return project, big_id, plain_id


def _words(text: str):
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]


def bench_open(window, app, big_id: str, plain_id: str, small_id: str, runs: int):
    pane = window.reader.pane
    results = {}
    for name, doc in (("annotated", big_id), ("plain", plain_id)):
        samples, panel = [], []
        for _ in range(runs):
            window.open_document(small_id)
            app.processEvents()
            t = time.perf_counter()
            window.open_document(doc)
            pane.viewport().repaint()
            samples.append(time.perf_counter() - t)
            app.processEvents()  # the annotation table and lists fill after the first paint
            panel.append(time.perf_counter() - t)
        results[name] = median_ms(samples)
        results[name + "+panel"] = median_ms(panel)
    return results


def bench_scroll(window, app, doc_id: str, pages: int):
    window.open_document(doc_id)
    pane = window.reader.pane
    bar = pane.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)  # somewhere in the middle, laid out once
    app.processEvents()
    samples = []
    for _ in range(pages):
        bar.setValue(bar.value() + pane.viewport().height())
        t = time.perf_counter()
        pane.viewport().repaint()
        samples.append(time.perf_counter() - t)
    return median_ms(samples)


def bench_keyboard(window, app, project, doc_id: str, runs: int):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.open_document(doc_id)
    pane = window.reader.pane
    pane.setFocus()
    text = project.text(doc_id)
    spots = _words(text)[5:5 + runs * 7:7]
    samples = []
    for s, e in spots[:runs]:
        pane.select_cp(s, e)
        app.processEvents()
        t = time.perf_counter()
        QTest.keyClick(pane, Qt.Key_2)
        pane.viewport().repaint()
        samples.append(time.perf_counter() - t)
    assert len(project.annotations(document_id=doc_id, label="PLACE")) >= runs // 2
    return median_ms(samples)


def bench_cold_start(runs: int):
    exe = Path(sys.executable).with_name("annotator")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "ANNOTATOR_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
        first = time.perf_counter()
        out = subprocess.run([str(exe), "gui", "--smoke-test"], env=env, capture_output=True, text=True, timeout=120)
        first = time.perf_counter() - first
        if out.returncode != 0:
            print(out.stdout, out.stderr)
            raise SystemExit("smoke test failed")
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([str(exe), "gui", "--smoke-test"], env=env, capture_output=True, timeout=120, check=True)
            samples.append(time.perf_counter() - t)
        base = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets as w; a = w.QApplication([])"], env=env,
                           capture_output=True, timeout=60, check=True)
            base.append(time.perf_counter() - t)
    return first * 1000, median_ms(samples), median_ms(base)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args()
    runs = 3 if args.quick else 7
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_HOME"] = str(Path(tmp) / "home")
        app = QApplication.instance() or QApplication([])
        t = time.perf_counter()
        project, big_id, plain_id = make_project(Path(tmp))
        print(f"(setup: project with a {len(project.text(big_id)):,}-character document and "
              f"{len(project.annotations(document_id=big_id)):,} annotations in {time.perf_counter() - t:.1f} s)")
        from annotator.qt.main_window import MainWindow

        window = MainWindow(project)
        window.resize(1440, 900)
        window.show()
        app.processEvents()
        small_id = next(d["id"] for d in project.document_summaries() if d["source"] == "AP")

        opened = bench_open(window, app, big_id, plain_id, small_id, runs)
        row("open 1 MB doc + 20,000 annotations, first paint", opened["annotated"], opened["plain"], 300)
        row("  … and the annotation table filled", opened["annotated+panel"], opened["plain+panel"])
        scroll_a = bench_scroll(window, app, big_id, 40 if not args.quick else 15)
        scroll_p = bench_scroll(window, app, plain_id, 40 if not args.quick else 15)
        row("repaint one screen while scrolling (annotated)", scroll_a, scroll_p, 16.7)
        key_small = bench_keyboard(window, app, project, small_id, 15 if not args.quick else 6)
        row("key → annotation → repaint, sample article", key_small, None, 30)
        key_big = bench_keyboard(window, app, project, big_id, 10 if not args.quick else 4)
        row("key → annotation → repaint, 1 MB/20k doc", key_big, key_small, 30)
        window.close()
        project.close()
    first, cold, base = bench_cold_start(3 if args.quick else 5)
    row("cold start `annotator gui --smoke-test` (sample)", cold, base, 1500)
    row("first run (creates the sample project)", first)


if __name__ == "__main__":
    main()
