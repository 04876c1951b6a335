"""The text-analysis pipeline in the window's settings dialog: listed, stored as ``core`` / ``nlp.pipeline``,
and what the next suggestion run analyses with."""

from __future__ import annotations

from annotator import analysis


def test_the_settings_dialog_sets_the_pipeline(window, gui_project):
    dialog = window.settings_dialog()
    box = dialog.pipeline
    values = [box.itemData(i) for i in range(box.count())]
    assert values[0] is None and "rules" in values and set(analysis.installed_pipelines()) <= set(values)
    assert box.currentData() is None  # unset: the default
    box.setCurrentIndex(values.index("rules"))
    dialog.accept()
    assert gui_project.get_setting("core", "nlp.pipeline") == "rules"
    doc = gui_project.documents()[0]
    assert gui_project.analysis(doc).pipeline == "rules"
    again = window.settings_dialog()
    assert again.pipeline.currentData() == "rules"
    again.pipeline.setCurrentIndex(0)
    again.accept()
    assert gui_project.get_setting("core", "nlp.pipeline") is None


def test_a_pipeline_that_is_not_installed_is_shown_and_kept(window, gui_project):
    gui_project.set_setting("core", "nlp.pipeline", "xx_missing_pipeline")
    dialog = window.settings_dialog()
    assert dialog.pipeline.currentData() == "xx_missing_pipeline"
    assert "not installed" in dialog.pipeline.currentText()
    dialog.author.setText("Someone Else")
    dialog.accept()  # unchanged pipeline: not re-validated, the rest is saved
    assert gui_project.author == "Someone Else"
    assert gui_project.get_setting("core", "nlp.pipeline") == "xx_missing_pipeline"
