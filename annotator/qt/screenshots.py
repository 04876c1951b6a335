"""Render the documentation screenshots offscreen: the main window on the sample corpus with suggestions and a
few annotations, and the compare view at a contradiction link between two reports (7,000 vs 6,700 detained).

``python -m annotator.qt.screenshots docs/`` (uses the installed plugins; a link is drawn when a plugin declares a
link layer).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def _first(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def render(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    os.environ["ANNOTATOR_HOME"] = str(tmp / "home")
    from PySide6.QtWidgets import QApplication

    from annotator import Project, config
    from annotator.plugins import PluginHost

    app = QApplication.instance() or QApplication([])
    project = Project(tmp / "belarus.annotator", host=PluginHost(), author="Maria")
    project.set_name("Belarus protests, 15 August 2020 (sample)")
    project.import_paths([config.sample_corpus_dir()])
    project.suggest()
    docs = {d.source: d for d in project.documents()}
    layers = project.layers()
    spans = [n for n, s in layers.items() if s.kind == "span" and s.labels]
    ap = docs["AP"]
    if spans:  # accept a few suggestions and add one by hand, as a researcher would
        sugg = project.annotations(document_id=ap.id, status="suggested")
        project.set_status([a.id for a in sugg[: max(1, len(sugg) // 2)]], "accepted")
    from annotator.qt.main_window import MainWindow

    window = MainWindow(project)
    window.resize(1500, 920)
    window.show()
    window.open_document(ap.id)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    for dock in window.findChildren(QDockWidget):  # panels docked below the text: their own screenshots
        if window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            dock.hide()
    for _ in range(5):
        app.processEvents()
    written = []
    main_png = out / "screenshot-main.png"
    window.grab().save(str(main_png))
    written.append(main_png)

    links = [n for n, s in layers.items() if s.kind == "link"]
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
    elif links:
        link = layers[links[0]]
        end_layer = link.link_ends[0] if link.link_ends else spans[0]
        end_label = layers[end_layer].labels[0].name if layers[end_layer].labels else "claim"
        s1, s2 = _first(left.text, "Lukashenko"), _first(right.text, "Lukashenko")
        with project.batch():
            a = project.add_annotation(left.id, *s1, end_layer, end_label)
            b = project.add_annotation(right.id, *s2, end_layer, end_label)
            project.add_link(a.id, b.id, link.name, link.labels[0].name if link.labels else "link")
        ends = ((left.id, *s1), (right.id, *s2))
    window.set_side_panels_visible(False)  # F9: the two texts get the room
    window.open_compare(*ends)
    for _ in range(5):
        app.processEvents()
    compare_png = out / "screenshot-compare.png"
    window.grab().save(str(compare_png))
    written.append(compare_png)
    window.close()
    project.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    target.mkdir(parents=True, exist_ok=True)
    for path in render(target):
        print(f"wrote {path}")
