"""Does the Quotes panel fit a laptop's window? The real window at 1366x768 (Qt's offscreen platform with a
1366x768 screen), the sample corpus with the quote marker's suggestions, the Quotes dock shown: prints the
window and dock geometry, the panel's size hint, whether any tab of the panel needs a horizontal scroll bar,
and the window's layout problems (:mod:`annotator.qt.layout_check`); saves a picture of the window.

    .venv/bin/python benchmarks/quotes_panel_fit.py [--size 1366x768] [--out /tmp/quotes-panel-1366.png]

Exits 1 when something does not fit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(out: str) -> int:
    from PySide6.QtWidgets import QApplication

    from annotator import Project
    from annotator.plugins import PluginHost
    from annotator.qt.app import _application
    from annotator.qt.layout_check import _fmt, global_rect, problems
    from annotator.qt.main_window import MainWindow

    app = _application()
    path = Path(os.environ["ANNOTATOR_HOME"]) / "fit.annotator"
    project = Project(path, host=PluginHost(), author="fit")
    project.import_paths([ROOT / "corpus"])
    project.suggest("quote-marker")
    window = MainWindow(project, owns_project=True)
    window.show()
    dock = window.plugin_ui.docks["quotes"]
    dock.show()
    dock.raise_()
    panel = dock.widget()
    for _ in range(20):
        app.processEvents()
    tabs = {}
    for i in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(i)
        if i == 2 and panel.groups.count():
            panel.groups.setCurrentRow(0)
        for _ in range(5):
            app.processEvents()
        page = panel.tabs.widget(i)
        bars = [w for w in page.findChildren(type(panel.table.horizontalScrollBar())) if w.orientation() == 1]
        tabs[panel.tabs.tabText(i)] = {"visible_horizontal_scroll_bars": sum(b.isVisible() for b in bars)}
    panel.tabs.setCurrentIndex(0)
    app.processEvents()
    result = {
        "screen": _fmt(window.screen().availableGeometry()),
        "window": _fmt(global_rect(window)),
        "quotes_dock": _fmt(global_rect(dock)),
        "panel_size_hint": [panel.sizeHint().width(), panel.sizeHint().height()],
        "panel_minimum_size_hint": [panel.minimumSizeHint().width(), panel.minimumSizeHint().height()],
        "quotes_rows": panel.table.rowCount(),
        "column_widths": [panel.table.columnWidth(c) for c in range(panel.table.columnCount())],
        "table_viewport_width": panel.table.viewport().width(),
        "tabs": tabs,
        "problems": problems(window, compare=False),
    }
    if out:
        window.grab().save(out)
        result["picture"] = out
    print(json.dumps(result))
    bad = result["problems"] or any(t["visible_horizontal_scroll_bars"] for t in tabs.values())
    window.close()
    QApplication.processEvents()
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="1366x768")
    ap.add_argument("--out", default="")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.out)
    w, h = (int(x) for x in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "fit", "x": 0, "y": 0, "width": w, "height": h,
                                                   "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
        env = {**os.environ, "ANNOTATOR_HOME": tmp, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        run = subprocess.run([sys.executable, __file__, "--child", "--out", args.out], env=env, text=True,
                             capture_output=True, timeout=600)
    line = [x for x in run.stdout.splitlines() if x.startswith("{")]
    if not line:
        print(run.stdout + run.stderr)
        return 2
    result = json.loads(line[-1])
    for k, v in result.items():
        print(f"{k:26} {v}")
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
