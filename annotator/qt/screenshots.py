"""Render the documentation screenshots at a laptop's and a desktop's screen size (1366x768 and 1920x1080): the
main window on the sample project after a pre-annotation (every suggester on every report, some suggestions of
the open report accepted), and the compare view at a contradiction link between two reports (7,000 vs 6,700
detained).

``python -m annotator.qt.screenshots docs/`` writes ``screenshot-main-1366.png``, ``screenshot-main-1920.png``,
``screenshot-compare-1366.png``, ``screenshot-compare-1920.png`` (and ``screenshot-main.png`` /
``screenshot-compare.png``, the 1366 ones, for the README). Each size renders in its own process on Qt's
offscreen platform with a screen of that size, so the window takes the geometry it would take on that screen.
``--size WxH`` renders one size in this process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SIZES = ((1366, 768), (1920, 1080))


def _first(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def _settle(app, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def render_here(out: Path, width: int, height: int) -> list[Path]:
    """Render both pictures on the screen Qt was started with (named with ``width``)."""
    tmp = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    os.environ["ANNOTATOR_HOME"] = str(tmp / "home")
    from PySide6.QtWidgets import QApplication

    from annotator import Project, config
    from annotator.plugins import PluginHost

    app = QApplication.instance() or QApplication([])
    project = Project(tmp / "belarus.annotator", host=PluginHost(), author="Maria")
    project.set_name("Belarus protests, 15 August 2020 (sample)")
    project.import_paths([config.sample_corpus_dir()])
    project.suggest()  # the pre-annotation a new user starts with
    docs = {d.source: d for d in project.documents()}
    layers = project.layers()
    ap = docs["AP"]
    sugg = project.annotations(document_id=ap.id, status="suggested")
    if sugg:  # the first half of the open report reviewed, as a researcher would
        first_half = [a.id for a in sugg if a.start < len(ap.text) // 2]
        project.set_status(first_half[::2], "accepted")
        project.set_status(first_half[1::6], "rejected")
    from annotator.qt.main_window import MainWindow, window_settings

    window_settings().setValue("getting_started_done", True)
    window = MainWindow(project)
    window.show()
    window.open_document(ap.id)
    _settle(app)
    written = []
    main_png = out / f"screenshot-main-{width}.png"
    window.grab().save(str(main_png))
    written.append(main_png)

    left, right = docs["AP"], docs["AFP"]
    ends: tuple = (left.id, right.id)
    if "contradiction" in layers and "claim" in layers:  # the corpus' best-known disagreement, linked by hand
        s1 = _first(left.text, "the detention of some 7,000 people")
        s2 = _first(right.text, "at least 6,700 people detained")
        with project.batch():
            a = project.add_annotation(left.id, *s1, "claim", "claim")
            b = project.add_annotation(right.id, *s2, "claim", "claim")
            project.add_link(a.id, b.id, "contradiction", "differs-in-detail",
                             {"note": "7,000 vs 6,700 detained", "facet": "number"})
        ends = ((left.id, *s1), (right.id, *s2))
    window.open_compare(*ends)
    _settle(app)
    compare_png = out / f"screenshot-compare-{width}.png"
    window.grab().save(str(compare_png))
    written.append(compare_png)
    window.close()
    project.close()
    return written


def render(out: Path, sizes=SIZES) -> list[Path]:
    """Render every size, each in a child process with an offscreen screen of that size."""
    written: list[Path] = []
    for w, h in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "screen.json"
            config.write_text(json.dumps({"screens": [{"name": "docs", "x": 0, "y": 0, "width": w, "height": h,
                                                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
            subprocess.run([sys.executable, "-m", "annotator.qt.screenshots", "--size", f"{w}x{h}", str(out)],
                           env=env, check=True)
        written += [out / f"screenshot-main-{w}.png", out / f"screenshot-compare-{w}.png"]
    first = sizes[0][0]
    for kind in ("main", "compare"):  # the README's pictures: the laptop size
        shutil.copyfile(out / f"screenshot-{kind}-{first}.png", out / f"screenshot-{kind}.png")
        written.append(out / f"screenshot-{kind}.png")
    return written


def main(argv: list[str]) -> int:
    if argv[:1] == ["--size"]:
        w, h = (int(x) for x in argv[1].split("x"))
        target = Path(argv[2] if len(argv) > 2 else "docs")
        target.mkdir(parents=True, exist_ok=True)
        for path in render_here(target, w, h):
            print(f"wrote {path}")
        return 0
    target = Path(argv[0] if argv else "docs")
    target.mkdir(parents=True, exist_ok=True)
    written = render(target)
    for path in written[-2:]:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
