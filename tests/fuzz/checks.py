"""What every fuzz test asserts after feeding a project junk: it is still valid, its export is schema-valid and
imports back, and the session's plugins still work."""

from __future__ import annotations

import itertools
from pathlib import Path

from export_check import check_export

from annotator import ExportFilters, Project

ALL = ExportFilters(statuses=("accepted", "suggested", "rejected"))
_counter = itertools.count()


def assert_project_valid(proj: Project, tmp: Path, *, plugins=("core-json", "core-readers", "core-cleaners")) -> None:
    db = proj._store.db
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    bad = db.execute("SELECT id FROM annotations WHERE typeof(start) != 'integer' OR typeof(end) != 'integer' "
                     "OR start < 0 OR start >= end").fetchall()
    assert bad == [], bad
    assert db.execute("SELECT count(*) FROM documents WHERE typeof(text) != 'text'").fetchone()[0] == 0
    texts = {d.id: d.text for d in proj.documents()}
    for a in proj.annotations():
        assert a.end <= len(texts[a.document_id])
        assert isinstance(a.attributes, dict)
    for link in proj.links():
        assert link.source_id != link.target_id
    for e in proj.entities():
        assert e.canonical_name.strip()
    for name in plugins:
        assert proj.host.active(name), proj.host.info[name].errors[-1:]
    n = next(_counter)
    out = tmp / f"export-{n}.json"
    proj.export("json", out, ALL)
    data = check_export(out)
    again = Project(tmp / f"again-{n}.annotator", host=proj.host, author="fuzz")
    try:
        report = again.import_paths([out])
        assert not report.refused, report.refused
        assert again.stats()["annotations"] == len(data["annotations"])
    finally:
        again.close()
