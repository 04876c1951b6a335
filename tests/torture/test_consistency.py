"""Reads while others write: an export, the stats and the counts of a report each read one snapshot of the
file (one read transaction), so an export taken during heavy writing is self-consistent (every link's ends
are in it) and imports back."""

from __future__ import annotations

from torture_support import check_export, check_file, open_project


def test_exports_during_heavy_writing_are_self_consistent_and_import_back(shared, role, tmp_path):
    writers = [role("write", shared, 0), role("write", shared, 0, "colleague")]
    for w in writers:
        assert w.line()["op"] == "ready"
    exports = []
    with open_project(shared) as p:
        for i in range(12):
            target = tmp_path / f"during-{i}.json"
            p.export("json", target)
            exports.append(target)
            stats = p.stats()  # one snapshot: the per-status counts add up to the total
            assert sum(r["count"] for r in stats["annotations_by"]) == stats["annotations"]
            assert sum(r["count"] for r in stats["links_by"]) == stats["links"]
    for w in writers:
        w.kill()
    counts = [check_export(e) for e in exports]
    assert sum(c["links"] for c in counts) > 0  # the writers made links while we exported
    for e in exports[::4]:
        fresh = open_project(tmp_path / f"{e.stem}.annotator")
        report = fresh.import_paths([e])
        assert report.refused == [], report.refused
        assert len(fresh.links()) == check_export(e)["links"]
        fresh.close()
    assert check_file(shared) == "ok"
