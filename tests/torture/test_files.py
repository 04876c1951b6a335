"""Files Annotator must leave alone, and files of ours it must not trust: a foreign SQLite database or a
project of a newer schema is refused before anything in it changes (its journal mode included); a project
whose schema carries triggers or views is refused, naming them; project metadata is written in one
transaction; export ``.part`` files of killed exports are cleaned up; exports honour the umask."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest
from torture_support import check_file, open_project

from annotator.store import NotAProject, Store


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_applications_database_is_refused_untouched(tmp_path):
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photo(name) VALUES ('beach')")
    conn.commit()
    conn.close()
    before = digest(other)
    with pytest.raises(NotAProject, match="not an Annotator project"):
        Store(other)
    assert digest(other) == before  # not even switched to WAL
    assert not (tmp_path / "photos.db-wal").exists()
    conn = sqlite3.connect(other)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_project_of_a_newer_schema_is_refused_before_any_write(shared):
    conn = sqlite3.connect(shared)
    conn.execute("INSERT INTO _migrations(name, applied_at) VALUES ('m999_from_the_future', 'x')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(shared)
    with pytest.raises(NotAProject, match="newer Annotator.*m999_from_the_future"):
        open_project(shared)
    assert digest(shared) == before


def test_a_crafted_trigger_never_runs_the_project_is_refused_naming_it(shared):
    conn = sqlite3.connect(shared)
    conn.execute("CREATE TABLE stolen (v TEXT)")
    conn.execute("CREATE TRIGGER leak AFTER INSERT ON annotations BEGIN INSERT INTO stolen VALUES (new.id); END")
    conn.execute("CREATE VIEW everything AS SELECT * FROM documents")
    conn.commit()
    conn.close()
    with pytest.raises(NotAProject, match=r"trigger 'leak'.*view 'everything'"):
        open_project(shared)


def test_untrusted_schema_functions_are_off(project):
    assert project._store.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0


def test_a_project_without_its_id_gets_one_with_its_time_in_one_step(shared):
    conn = sqlite3.connect(shared)
    created = conn.execute("SELECT value FROM project WHERE key = 'created_at'").fetchone()[0]
    conn.execute("DELETE FROM project WHERE key = 'id'")  # a kill between two metadata writes (old versions)
    conn.commit()
    conn.close()
    with open_project(shared) as p:
        assert p.id and p.info()["created_at"] == created.strip('"')


def test_exports_honour_the_umask_and_clean_up_after_killed_ones(shared, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # a killed export's leftovers: a .part of a process that is gone, and one of a process still running
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".dataset.json.{gone.stdout.strip()}-deadbeef.part"
    stale.write_bytes(b"x" * 1000)
    live = out / f".dataset.json.{os.getppid()}-cafecafe.part"
    live.write_bytes(b"y")
    old = os.umask(0o022)
    try:
        with open_project(shared) as p:
            p.export("json", out / "dataset.json")
    finally:
        os.umask(old)
    assert not stale.exists() and live.exists()
    assert (out / "dataset.json").stat().st_mode & 0o777 == 0o644  # not 0600
    assert sorted(f.name for f in out.iterdir()) == [live.name, "dataset.json"]


def test_a_text_file_is_refused_without_being_changed(tmp_path):
    notes = tmp_path / "notes.annotator"
    notes.write_text("my notes, not a database\n" * 10)
    before = digest(notes)
    with pytest.raises(NotAProject, match="not an SQLite file"):
        Store(notes)
    assert digest(notes) == before and not (tmp_path / "notes.annotator-wal").exists()


def test_importing_a_folder_that_holds_the_open_project_never_reads_it(shared, tmp_path):
    """Reading the project file with Python (to import it) would drop SQLite's locks: it is skipped in a
    folder and refused by name."""
    (shared.parent / "article.txt").write_text("Lukashenko says Putin offers help.\n")
    with open_project(shared) as p:
        report = p.import_paths([shared.parent])
        assert [i["path"] for i in report.imported] == [str(shared.parent / "article.txt")]
        assert not [r for r in report.refused if "shared.annotator" in r["path"]]
        report = p.import_paths([shared, shared.parent / (shared.name + "-wal")])
        assert len(report.refused) == 2 and all("open project file" in r["reason"] for r in report.refused)
    assert check_file(shared) == "ok"
