"""Pytest fixtures for plugin authors, the way pytest's ``pytester`` or datasette's test client serve theirs.

Installed as a pytest plugin (entry point ``pytest11``), so in any environment where Annotator is installed a
plugin's tests can use them without a conftest:

- ``annotator_plugins``: the plugins to load besides the core ones (override it: ``return ["my-plugin"]``;
  the default, ``None``, loads every installed plugin);
- ``annotator_host``: a fresh :class:`~annotator.plugins.PluginHost` with those plugins;
- ``annotator_project``: an empty project file in ``tmp_path`` opened with that host (closed after the test);
- ``annotator_sample``: the same project with the bundled sample corpus imported (five articles);
- ``annotator_window``: a headless :class:`annotator.window_api.WindowAPI` over ``annotator_project``, for
  commands and panels' logic (messages shown, documents opened, suggest and long work run synchronously).

Everything is real: SQLite files, the real host, the real import pipeline. No mocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

CORE_PLUGINS = ("core-cleaners", "core-readers", "core-json")


class HeadlessWindow:
    """The window API without a window: it records what a plugin asks for, and runs work at once."""

    def __init__(self, project: Any):
        self.project = project
        self.messages: list[str] = []
        self.opened: list[tuple[str, int | None, int | None]] = []
        self.compared: list[tuple[Any, Any]] = []
        self._document: str | None = None
        self._selection: tuple[str, int, int] | None = None
        self._layer: str | None = None
        self.refreshed = 0

    # what the test sets up
    def select(self, document_id: str, start: int, end: int) -> None:
        """Pretend the user selected ``start``-``end`` of ``document_id`` in the reader."""
        self._document, self._selection = document_id, (document_id, start, end)

    # the WindowAPI protocol
    def current_document_id(self) -> str | None:
        return self._document

    def selection(self) -> tuple[str, int, int] | None:
        return self._selection

    def compare_selections(self):
        return (None, None)

    def compare_documents(self):
        return (None, None)

    def open_document(self, document_id: str, start: int | None = None, end: int | None = None) -> None:
        self._document = document_id
        self.opened.append((document_id, start, end))

    def open_compare(self, left, right) -> None:
        self.compared.append((left, right))

    def active_layer(self) -> str | None:
        return self._layer

    def set_active_layer(self, layer: str) -> None:
        self._layer = layer

    def refresh(self) -> None:
        self.refreshed += 1

    def show_message(self, text: str, timeout_ms: int = 4000) -> None:
        self.messages.append(text)

    def suggest(self, plugin: str | None = None, document_ids: list[str] | None = None, *,
                title: str | None = None, on_done: Callable[[Any], None] | None = None) -> None:
        try:
            result: Any = self.project.suggest(plugin, document_ids)
        except Exception as exc:  # the window hands exceptions to on_done too
            result = exc
        self.refresh()
        if on_done is not None:
            on_done(result)

    def run_long(self, title: str, work: Callable[[Any], Any], on_done: Callable[[Any], None] | None = None) -> None:
        from . import TaskContext

        try:
            result: Any = work(TaskContext())
        except Exception as exc:
            result = exc
        if on_done is not None:
            on_done(result)


@pytest.fixture
def annotator_plugins() -> list[str] | None:
    """The plugins to load besides the core ones; override in your tests (``None``: every installed plugin)."""
    return None


@pytest.fixture
def annotator_host(annotator_plugins):
    from .plugins import PluginHost

    load = None if annotator_plugins is None else [*CORE_PLUGINS, *annotator_plugins]
    return PluginHost(load=load)


@pytest.fixture
def annotator_project(tmp_path, annotator_host, monkeypatch) -> Iterator[Any]:
    from . import Project

    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path / "annotator-home"))  # never the user's own settings
    project = Project(tmp_path / "test.annotator", host=annotator_host, author="tester")
    yield project
    project.close()


@pytest.fixture
def annotator_sample(annotator_project):
    from .config import sample_corpus_dir

    report = annotator_project.import_paths([sample_corpus_dir()])
    assert report.imported, report.refused
    return annotator_project


@pytest.fixture
def annotator_window(annotator_project) -> HeadlessWindow:
    return HeadlessWindow(annotator_project)
