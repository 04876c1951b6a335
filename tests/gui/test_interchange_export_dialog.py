"""The window's Export dialog offers every interchange format (from the exporter hook), suggests a file or folder
name with the format's extension, and its choice (format, path, filters) writes a file a reader accepts."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator import ImportBatch, NewDocument, Project

INTERCHANGE = {"w3c-jsonld", "w3c-jsonl", "brat", "brat-zip", "conll", "hf-jsonl", "csv", "qdpx", "inception-xmi",
               "label-studio"}


def _project(tmp_path):
    project = Project(tmp_path / "study.annotator", author="tester")  # every installed plugin
    batch = ImportBatch()
    batch.documents.append(NewDocument(text="Police detained 7,000 people in Minsk 🇧🇾.", title="AP", id="D1",
                                       clean=False))
    batch.documents.append(NewDocument(text="About 6,700 were held, AFP said.", title="AFP", id="D2", clean=False))
    project.store_batch(batch)
    layer = next(n for n, s in project.layers().items() if s.kind == "span")
    label = project.layer(layer).labels[0].name if project.layer(layer).labels else "X"
    project.add_annotation("D1", 16, 21, layer, label)
    project.add_annotation("D2", 6, 11, layer, label)
    return project, layer


def test_export_dialog_lists_every_interchange_format_and_writes_the_choice(qtbot, tmp_path):
    from annotator.qt.import_export import ExportDialog

    project, layer = _project(tmp_path)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    offered = {dialog.format.itemData(i) for i in range(dialog.format.count())}
    assert INTERCHANGE <= offered
    assert "spacy-docbin" in offered or "spacy-docbin" not in project.exporters()
    # a folder format says so and suggests a folder; a file format suggests its extension
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    assert dialog.note.text() == "Writes a folder." and dialog.path.text().endswith("study-brat")
    dialog.format.setCurrentIndex(dialog.format.findData("w3c-jsonld"))
    assert dialog.path.text().endswith("study-w3c-jsonld.jsonld") and dialog.note.text() == ""
    # the researcher keeps one document only
    for i in range(dialog.documents.count()):
        item = dialog.documents.item(i)
        item.setCheckState(Qt.Checked if item.data(Qt.UserRole) == "D2" else Qt.Unchecked)
    fmt, path, filters = dialog.choice()
    assert fmt == "w3c-jsonld" and filters.documents == ("D2",)
    result = project.export(fmt, path, filters)
    data = json.loads(open(result.path, encoding="utf-8").read())
    (item,) = data["first"]["items"]
    assert item["target"]["source"] == "urn:annotator:doc:D2"
    assert item["target"]["selector"][0]["exact"] == "6,700"
    project.close()
