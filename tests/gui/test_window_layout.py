"""The window fits the screen: the first geometry comes from the available area, a saved geometry is clamped to
the current screen, and at 1280x720, 1366x768 and 1920x1080 (the offscreen platform with that screen size, in a
subprocess, with every bundled plugin) every top-level widget, dock and the status bar lie inside the screen and
the reader and the compare panes get more than half the width. The reading measure centres ~80 characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QRect, Qt

from annotator.qt import layout


@pytest.mark.parametrize("w,h", [(1280, 720), (1366, 768), (1920, 1080), (2560, 1440)])
def test_initial_rect_lies_inside_the_available_area(w, h):
    area = QRect(0, 27, w, h - 27)  # a top panel
    r = layout.initial_rect(area, frame=(4, 30))
    assert area.contains(r.topLeft()) and r.right() + 4 <= area.right() and r.bottom() + 30 <= area.bottom()
    assert r.width() >= min(layout.MIN_WIDTH, w) and r.height() >= layout.MIN_HEIGHT - 30
    if w < layout.SMALL_SCREEN:  # a laptop: all of it
        assert r.width() == w - 4


def test_saved_geometry_from_a_bigger_screen_is_clamped():
    area = QRect(0, 0, 1366, 768)
    r = layout.clamp_rect(QRect(1800, 900, 1700, 1000), area, frame=(0, 28))
    assert r == QRect(0, 0, 1366, 740)
    r = layout.clamp_rect(QRect(-300, -50, 800, 500), area)
    assert r == QRect(0, 0, 800, 500)


def test_dock_widths_leave_the_reader_more_than_half():
    for width in (960, 1280, 1366, 1920, 2560):
        left, right = layout.dock_widths(width)
        assert width - left - right > width / 2


def test_measure_margin_centres_the_column():
    assert layout.measure_margin(1200, 8.0, 80) == (1200 - 640) // 2
    assert layout.measure_margin(500, 8.0, 80) == 18  # narrower than the measure: the normal margin
    assert layout.measure_margin(1200, 8.0, 0) == 18  # 0: the whole width


def test_saved_geometry_is_clamped_when_the_window_opens(gui_project, make_window, qtbot):
    from annotator.qt.main_window import window_settings

    w = make_window(gui_project)
    w.setGeometry(5000, 4000, 4000, 3000)  # as if saved on a huge second monitor
    w.close()
    w2 = make_window(gui_project)
    area = w2.screen().availableGeometry()
    fg = w2.frameGeometry()
    assert area.contains(fg.topLeft()) and area.contains(fg.bottomRight()), (fg, area)
    assert window_settings().value("geometry") is not None


def test_reader_lines_have_a_limited_measure(window, qtbot):
    pane = window.reader.pane
    window.resize(1600, 800)
    window.set_side_panels_visible(False)
    qtbot.waitUntil(lambda: pane.viewport().width() > 1200)
    margin = pane.document().rootFrame().frameFormat().leftMargin()
    assert margin > 100  # the column is centred
    block = pane.document().begin()
    longest = 0
    while block.isValid():
        lay = block.layout()
        for i in range(lay.lineCount()):
            longest = max(longest, lay.lineAt(i).textLength())
        block = block.next()
    assert 55 <= longest <= 110, longest  # about 80 characters, not 150
    window.set_measure(0)
    assert pane.document().rootFrame().frameFormat().leftMargin() == 18
    window.set_measure(80)


def _check_at(tmp_path, w, h):
    config = tmp_path / f"screen-{w}x{h}.json"
    config.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, "width": w, "height": h,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "ANNOTATOR_HOME": str(tmp_path / f"home-{w}"),
           "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    out = subprocess.run([sys.executable, "-m", "annotator.qt.layout_check"], env=env, capture_output=True,
                         text=True, timeout=120)
    line = [x for x in out.stdout.splitlines() if x.startswith("{")]
    assert line, out.stdout + out.stderr
    return out.returncode, json.loads(line[-1])


@pytest.mark.parametrize("w,h", [(1366, 768), (1920, 1080)])
def test_whole_window_fits_the_screen(tmp_path, w, h):
    code, result = _check_at(tmp_path, w, h)
    assert result["problems"] == [] and code == 0, result
    assert result["screen"] == f"{w}x{h}+0+0"
    assert result["reader_width"] * 2 > int(result["window"].split("x")[0])
    assert "dock:corpus" in result["docks"] and "dock:annotations" in result["docks"]


def test_layout_check_reports_a_window_off_the_screen(window, qtbot):
    from annotator.qt.layout_check import problems

    window.setMinimumSize(0, 0)
    area = window.screen().availableGeometry()
    window.setGeometry(area.x() + area.width() - 200, area.y(), 900, 500)  # half off the right edge
    qtbot.wait(10)
    found = problems(window, compare=False)
    assert any("not inside" in p for p in found), found


def test_settings_change_the_line_length(window, qtbot):
    dialog = window.settings_dialog()
    assert dialog.measure.value() == 80
    dialog.measure.setValue(60)
    dialog.accept()
    assert window.measure == 60 and all(p.measure == 60 for p in window.text_panes)
    window.set_measure(80)


def test_compare_view_gets_the_corpus_lists_room(window, gui_project, qtbot):
    docs = gui_project.documents()
    assert window.browser_dock.isVisible()
    window.open_compare(docs[0].id, docs[1].id)
    assert not window.browser_dock.isVisible()
    qtbot.waitUntil(lambda: (window.compare.left.width() + window.compare.right.width()) * 2 > window.width())
    window.open_document(docs[0].id)
    assert window.browser_dock.isVisible()


def test_a_narrow_corpus_list_gives_the_headline_the_dates_room(window, qtbot):
    browser = window.browser
    window.resizeDocks([window.browser_dock], [240], Qt.Horizontal)
    qtbot.waitUntil(lambda: browser.view.isColumnHidden(1))
    window.resize(1900, 900)
    window.resizeDocks([window.browser_dock], [600], Qt.Horizontal)
    qtbot.waitUntil(lambda: not browser.view.isColumnHidden(1))
