"""Fixtures of the unit tests: real project files in tmp_path with the core plugins and test layers."""

from __future__ import annotations

import pytest
from support import CORPUS, open_project


@pytest.fixture
def proj(tmp_path):
    """An empty project (core plugins + the test layers)."""
    p = open_project(tmp_path / "unit.annotator")
    yield p
    p.close()


@pytest.fixture
def sample(proj):
    """``proj`` with the five sample articles imported through the real pipeline."""
    report = proj.import_paths([CORPUS])
    assert len(report.imported) == 5, report
    return proj


@pytest.fixture
def by_source(sample):
    return {d.source: d for d in sample.documents()}


ARTICLE = ("Lukashenko says Putin offers help\n\n"
           "Alexander Lukashenko said Saturday that “we have a normal country”. Some 7,000 people were detained.\n\n"
           "Svetlana Tikhanovskaya left for Lithuania on Tuesday, her allies said.\n")


@pytest.fixture
def doc(proj, tmp_path):
    """One short article imported into ``proj``."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    report = proj.import_paths([path])
    assert len(report.imported) == 1, report
    return proj.document(report.imported[0]["document_id"])
