"""Render the documentation screenshots offscreen: the main window on the sample corpus with suggestions and a
few annotations, and the compare view with a link between two reports.

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
    project.store.set_meta("name", "Belarus protests, 15 August 2020 (sample)")
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
    for _ in range(5):
        app.processEvents()
    written = []
    main_png = out / "screenshot-main.png"
    window.grab().save(str(main_png))
    written.append(main_png)

    links = [n for n, s in layers.items() if s.kind == "link"]
    left, right = docs["AFP"], docs["The Moscow Times"]
    if links:
        link = layers[links[0]]
        end_layer = link.link_ends[0] if link.link_ends else spans[0]
        end_label = layers[end_layer].labels[0].name if layers[end_layer].labels else "claim"
        pairs = [("Putin", "Putin"), ("Lukashenko", "Lukashenko")]
        for i, (a_needle, b_needle) in enumerate(pairs):
            s1 = _first(left.text, a_needle, 200 * i)
            s2 = _first(right.text, b_needle, 300 * i)
            with project.batch():
                a = project.add_annotation(left.id, s1[0], s1[1], end_layer, end_label)
                b = project.add_annotation(right.id, s2[0], s2[1], end_layer, end_label)
                project.add_link(a.id, b.id, link.name, link.labels[0].name if link.labels else "link")
    window.open_compare(left.id, right.id)
    window.set_side_panels_visible(False)  # F9: the two texts get the room
    if window.compare.link_rows:
        window.compare.show_link(0)
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
