"""The window's side of issue 12: the first-run question for the researcher's name (asked once, never the account
name unless chosen), a plugin with a malformed LayerSpec does not stop the window from opening, and a suggester
that ignores Cancel does not hold the window."""

from __future__ import annotations

import threading
import time

import pytest
from demo_plugins import CORPUS

from annotator import LayerSpec, Project, SpanSuggestion, Suggester, config, hookimpl


@pytest.fixture
def projects(tmp_path):
    """``projects(name, **kw)``: a project file closed after the window (request this before make_window)."""
    opened = []

    def make(name, **kw):
        proj = Project(tmp_path / name, **kw)
        opened.append(proj)
        return proj

    yield make
    for proj in opened:
        proj.close()


def test_the_window_asks_once_for_the_researchers_name(projects, gui_host, make_window, qtbot, monkeypatch):
    monkeypatch.setattr(config, "account_name", lambda: "os-account")
    proj = projects("p.annotator", host=gui_host)
    proj.import_paths([CORPUS])
    assert proj.author == config.UNNAMED_AUTHOR
    w = make_window(proj)
    prompt = w.author_prompt
    qtbot.waitUntil(prompt.isVisible)
    assert prompt.name.text() == ""  # the account name is offered, not filled in
    prompt.account.click()
    assert prompt.name.text() == "os-account"
    prompt.name.setText("Maria Novak")
    prompt.ok.click()
    assert proj.author == "Maria Novak" and config.configured_author() == "Maria Novak"
    doc = proj.documents()[0]
    assert proj.add_annotation(doc.id, 0, 3, "mention", "PERSON").author == "Maria Novak"
    proj2 = projects("q.annotator", host=gui_host)
    w2 = make_window(proj2)
    assert getattr(w2, "author_prompt", None) is None  # asked once


def test_later_is_remembered(projects, gui_host, make_window, qtbot):
    proj = projects("p.annotator", host=gui_host)
    w = make_window(proj)
    qtbot.waitUntil(w.author_prompt.isVisible)
    w.author_prompt.reject()
    assert not config.author_question_due() and proj.author == config.UNNAMED_AUTHOR


def test_a_plugin_with_string_labels_does_not_stop_the_window(projects, gui_host, make_window):
    class StringLabels:
        @hookimpl
        def register_layers(self, register):
            register(LayerSpec("bad", labels=("a", "b")))

    gui_host.register_object(StringLabels(), "string-labels")
    proj = projects("p.annotator", host=gui_host, author="tester")
    proj.import_paths([CORPUS])
    w = make_window(proj)
    assert w.isVisible() and "bad" not in proj.layers()
    assert gui_host.info["string-labels"].status == "failed"


def _window_with_spinner(projects, gui_host, make_window, stop, started, *, propose: bool):
    """A window whose suggester "spin" never calls task.check() and spins until ``stop`` is set; Suggest started."""

    class Spinner:
        @hookimpl
        def register_suggesters(self, register):
            def spin(project, documents, task):
                started.set()
                while not stop.is_set():
                    time.sleep(0.01)
                return [SpanSuggestion(documents[0].id, 0, 2, "mention", "PERSON")] if propose else []

            register(Suggester("spin", spin))

    gui_host.register_object(Spinner(), "spinner")
    proj = projects("p.annotator", host=gui_host, author="tester")
    proj.import_paths([CORPUS])
    w = make_window(proj)
    w.suggest("spin", None)
    return proj, w


def test_cancel_returns_from_a_suggester_that_never_checks(projects, gui_host, make_window, qtbot):
    stop, started = threading.Event(), threading.Event()
    proj, w = _window_with_spinner(projects, gui_host, make_window, stop, started, propose=True)
    qtbot.waitUntil(lambda: bool(w.tasks.running))
    task = w.tasks.running[0]
    assert started.wait(10)
    task.cancel()
    qtbot.waitUntil(lambda: not w.tasks.running, timeout=10000)  # returns although the plugin never stops
    stop.set()
    report = w.last_suggest_report
    assert report.stuck == ["spin"] and not proj.host.active("spinner")


def test_closing_the_window_does_not_wait_for_a_stuck_suggester(projects, gui_host, make_window, qtbot):
    stop, started = threading.Event(), threading.Event()
    proj, w = _window_with_spinner(projects, gui_host, make_window, stop, started, propose=False)
    qtbot.waitUntil(lambda: bool(w.tasks.running))
    worker = w.tasks.running[0].worker
    assert started.wait(10)
    w.close()  # cancels and waits for the worker: the watchdog lets it return although the plugin spins on
    assert worker.isFinished()
    stop.set()
