"""Publication dates from an article's dateline: the ``dateline`` cleaner step of the contradiction linker
fills ``published`` when no manifest gives it, says so in the import report, and never overrides a manifest."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from annotator import Project
from annotator.plugins import PluginHost

PLUGINS = ["core-cleaners", "core-readers", "core-json", "contradiction-linker"]


@pytest.mark.parametrize("line, date", [
    ("Updated Thu 6 May 2010, 9:03am AEST", dt.date(2010, 5, 6)),
    ("12:48PM BST 09 Sep 2013", dt.date(2013, 9, 9)),
    ("Published: 09th June 2013", dt.date(2013, 6, 9)),
    ("First Posted 23:37:00 05/05/2010", dt.date(2010, 5, 5)),
    ("Last updated 13:26 14/09/2013", dt.date(2013, 9, 14)),
    ("7:15 a.m. Dec. 7, 2009", dt.date(2009, 12, 7)),
    ("Friday August 2, 2013", dt.date(2013, 8, 2)),
    ("Published: 2012.08.08 09:01 AM", dt.date(2012, 8, 8)),
])
def test_datelines_in_their_usual_forms(line, date):
    from annotator_contradictions.datelines import find_dateline

    found = find_dateline(f"Storm floods the valley\n\n{line}\n\nThe river burst its banks on Thursday.")
    assert found is not None and found.date == date and found.text == line


def test_a_date_inside_the_story_is_not_a_dateline():
    from annotator_contradictions.datelines import find_dateline

    assert find_dateline("Storm floods the valley\n\nThe river, which last flooded on May 4, 2010, burst its banks "
                         "on Thursday and forced hundreds from their homes.") is None
    assert find_dateline("Storm floods the valley\n\nThe river burst its banks.") is None


def _project(tmp_path):
    return Project(tmp_path / "d.annotator", host=PluginHost(load=PLUGINS), author="tester")


def test_import_sets_published_from_the_dateline_and_says_so(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Bank fire kills three\n\nWednesday 05 May 2010\n\nThree people died on Wednesday "
                                  "when the bank caught fire, police said.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Bank fire kills three\n\nThree people died when the bank caught fire on "
                                  "Wednesday, police said.\n", encoding="utf-8")
    proj = _project(tmp_path)
    report = proj.import_paths([folder])
    by_name = {item["path"].rsplit("/", 1)[-1]: item for item in report.imported}
    docs = {d.id: d for d in proj.documents()}
    assert docs[by_name["a.txt"]["document_id"]].published == "2010-05-05"
    assert any("dateline" in note and "2010-05-05" in note for note in by_name["a.txt"]["notes"])
    assert docs[by_name["b.txt"]["document_id"]].published in (None, "")
    # the weekday is now resolved against the dateline
    from annotator_contradictions.features import analyse

    doc = docs[by_name["a.txt"]["document_id"]]
    assert analyse("Three people died on Wednesday.", doc.published).dates[0].value == dt.date(2010, 5, 5)
    proj.close()


def test_a_manifest_date_wins_over_the_dateline(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Bank fire kills three\n\nWednesday 05 May 2010\n\nThree people died.\n",
                                  encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"files": {"a.txt": {"published": "2010-05-06"}}}),
                                          encoding="utf-8")
    proj = _project(tmp_path)
    report = proj.import_paths([folder])
    (item,) = report.imported
    assert proj.document(item["document_id"]).published == "2010-05-06"
    assert not any("dateline" in note for note in item.get("notes", []))
    proj.close()
