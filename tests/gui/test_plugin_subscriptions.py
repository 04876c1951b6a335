"""Panels subscribe with ``owner=widget``: when the Plugins dialog rebuilds the panels, the old widgets' subscriptions
end with them, and the next edit neither raises from a deleted widget nor calls it (issue 18, finding 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from annotator import Project
from annotator.plugins import PluginHost

ROOT = Path(__file__).resolve().parents[2]
CORE = ["core-cleaners", "core-readers", "core-json"]


def docs_panel_example() -> str:
    md = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    start = md.index("### `register_panels(register)`")
    (block,) = re.findall(r"^```python\n(.*?)^```$", md[start:md.index("\n### ", start + 10)],
                          re.MULTILINE | re.DOTALL)
    return block


@pytest.fixture
def panel_project(tmp_path, demo):
    """``panel_project(source)``: a project with the demo plugin and a single-file plugin of ``source`` (closed
    after the window: request this fixture before ``make_window``)."""
    opened = []

    def make(source: str) -> Project:
        folder = tmp_path / "plugins"
        folder.mkdir()
        (folder / "count_panel.py").write_text(source)
        host = PluginHost(load=[*CORE, "count-panel"], plugin_dirs=[folder])
        host.register_object(demo, name="demo", version="1.0")
        proj = Project(tmp_path / "p.annotator", host=host, author="tester")
        proj.import_paths([ROOT / "corpus"])
        opened.append(proj)
        return proj

    yield make
    for proj in opened:
        proj.close()


def count_labels(window) -> list[QLabel]:
    return [w for w in window.findChildren(QLabel) if w.text().endswith(" annotations")]


def rebuild_panels(window, qtbot) -> None:
    dialog = window.plugins_dialog()
    dialog.changed.emit()  # what ticking a plugin does: the window removes and rebuilds every panel
    qtbot.wait(50)
    dialog.close()


def test_the_docs_panel_example_survives_a_rebuild(panel_project, make_window, qtbot):
    assert "owner=label" in docs_panel_example()
    proj = panel_project(docs_panel_example())
    window = make_window(proj)
    before = proj._events.subscribers("changes")
    (label,) = count_labels(window)
    rebuild_panels(window, qtbot)
    qtbot.waitUntil(lambda: len(count_labels(window)) == 1 and count_labels(window)[0] is not label)
    doc = proj.documents()[0]
    proj.add_annotation(doc.id, 0, 4, "mention", "PERSON")  # used to raise RuntimeError from the deleted QLabel
    assert proj._events.subscribers("changes") == before  # the old label's subscription went with it
    assert count_labels(window)[0].text() == "1 annotations"
    assert proj.host.info["count-panel"].status == "ok"


def test_a_panel_without_owner_is_isolated_when_its_widget_is_gone(panel_project, make_window, qtbot):
    old_style = docs_panel_example().replace(", owner=label", "")
    proj = panel_project(old_style)
    window = make_window(proj)
    rebuild_panels(window, qtbot)
    qtbot.waitUntil(lambda: len(count_labels(window)) == 1)
    doc = proj.documents()[0]
    proj.add_annotation(doc.id, 0, 4, "mention", "PERSON")  # does not raise: the call into the dead label is caught
    assert len(proj.annotations()) == 1
    info = proj.host.info["count-panel"]
    assert info.status == "failed" and "RuntimeError" in info.errors[-1]


def test_the_plugins_dialog_shows_name_conflicts(panel_project, make_window, qtbot):
    proj = panel_project(docs_panel_example().replace('Panel("hello.count"', 'Panel("demo.panel"'))
    window = make_window(proj)
    dialog = window.plugins_dialog()
    names = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    loser = "demo" if proj.host.info["demo"].conflicts else "count-panel"
    row = names.index(loser)
    assert dialog.table.item(row, 3).text().endswith("(conflict)")
    dialog.table.selectRow(row)
    assert "Name conflicts:" in dialog.details.toPlainText()
    assert "panel 'demo.panel' is contributed by plugins" in dialog.details.toPlainText()
    dialog.close()
