"""Shared fixtures: real project files in ``tmp_path``, the real plugin host, the sample corpus.

The user data directory is pointed at a temporary folder and Qt at the offscreen platform before any
QApplication exists. Tests under ``tests/gui`` are marked ``gui`` automatically (``pytest -m "not gui"`` runs
the pure suite).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/gui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    monkeypatch.delenv("ANNOTATOR_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("ANNOTATOR_PLUGINS_DIR", raising=False)
    return home


@pytest.fixture
def host():
    from annotator.plugins import PluginHost

    return PluginHost()


@pytest.fixture
def project(tmp_path, host):
    """An empty project file with every installed plugin loaded."""
    from annotator import Project

    proj = Project(tmp_path / "test.annotator", host=host, author="tester")
    yield proj
    proj.close()


@pytest.fixture
def sample_project(project):
    """The empty project with the five sample articles imported (through the real import pipeline)."""
    report = project.import_paths([CORPUS])
    assert len(report.imported) == 5, report.refused
    return project


@pytest.fixture
def doc_by_source(sample_project):
    """Map outlet name (AP, CBC, AFP, The Moscow Times, RFE/RL) to its Document."""
    return {d.source: d for d in sample_project.documents()}


CORE_PLUGINS = ("core-cleaners", "core-readers", "core-json")


@pytest.fixture
def sample_with(tmp_path):
    """``sample_with("quote-marker", ...)``: a project file with only the core plugins and the named ones loaded,
    the five sample articles imported through the real pipeline (closed after the test)."""
    from annotator import Project
    from annotator.plugins import PluginHost

    opened = []

    def make(*plugins: str, name: str = "sample"):
        proj = Project(tmp_path / f"{name}.annotator", host=PluginHost(load=[*CORE_PLUGINS, *plugins]),
                       author="tester")
        report = proj.import_paths([CORPUS])
        assert len(report.imported) == 5, report.refused
        opened.append(proj)
        return proj

    yield make
    for proj in opened:
        proj.close()


@pytest.fixture
def annotator_cli():
    """``annotator_cli("suggest", "-p", path)``: run the real command line in-process; returns its output and
    fails the test on a non-zero exit."""
    from click.testing import CliRunner

    from annotator.cli import cli

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def corpus_copy(tmp_path):
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest
