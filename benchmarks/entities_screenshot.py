"""Renders docs/entity-tagger-window.png offscreen: the sample project pre-annotated by the entity tagger and
reviewed (mentions accepted, entities confirmed), the reader on the RFE/RL article and the Entities panel with
who each outlet names and the mentions of Alexander Lukashenko under all of his spellings.

Run: ``.venv/bin/python benchmarks/entities_screenshot.py [out.png]`` (default: docs/entity-tagger-window.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="entities-shot-"))
    os.environ["ANNOTATOR_HOME"] = str(tmp / "home")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDockWidget

    from annotator import Project
    from annotator.plugins import PluginHost

    app = QApplication.instance() or QApplication([])
    project = Project(tmp / "belarus.annotator", host=PluginHost(load=[
        "core-cleaners", "core-readers", "core-json", "entity-tagger"]), author="Maria")
    project.import_paths([ROOT / "corpus"])
    project.suggest("entity-tagger")
    docs = {d.source: d for d in project.documents()}
    from annotator_entities import registry

    # the researcher has reviewed every article but one: mentions accepted, entities confirmed
    rfe = docs["RFE/RL"]
    project.set_status([a.id for a in project.annotations(layer="entity", status="suggested")
                        if a.document_id != docs["CBC"].id], "accepted")
    registry.confirm(project, [e.id for e in project.entities()])

    from annotator.qt.main_window import MainWindow

    window = MainWindow(project)
    window.resize(1600, 940)
    window.show()
    window.set_active_layer("entity")
    for dock in window.findChildren(QDockWidget):
        if window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            dock.hide()
    dock = window.plugin_ui.docks["entities"]
    dock.show()
    window.resizeDocks([dock], [760], Qt.Orientation.Horizontal)
    panel = dock.widget() if hasattr(dock.widget(), "table") else dock.findChildren(object)[0]
    from annotator_entities.panel import EntitiesPanel

    panel = dock.findChild(EntitiesPanel) or dock.widget()
    panel.refresh()
    luka = next(e for e in project.entities() if e.canonical_name == "Alexander Lukashenko")
    panel.select_entities([luka.id])
    panel.show_mentions(luka.id)
    i = rfe.text.index("Alyaksandr Lukashenka")
    window.open_document(rfe.id, i, i + len("Alyaksandr Lukashenka"))
    for _ in range(10):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    window.close()
    project.close()
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "entity-tagger-window.png"
    print(render(target))
