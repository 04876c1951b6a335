"""Schema migrations: ordered named steps recorded in ``_migrations`` and applied on open; plugins add their
own through ``register_migrations``; the resulting schema is pinned.

The pinned schema is ``tests/data/core/schema.sql``. After adding a migration on purpose, regenerate it with::

    .venv/bin/python -c "from annotator.store import Store; s = Store('/tmp/pin.annotator'); s.migrate(); \\
        open('tests/data/core/schema.sql', 'w').write(s.schema() + '\\n')" && rm /tmp/pin.annotator*

and review the diff: a released step is never edited, only new steps are added.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator import Migration, Project, hookimpl
from annotator.plugins import PluginHost
from annotator.store import Store, migrations

PINNED = Path(__file__).resolve().parent / "data" / "core" / "schema.sql"
CORE = ["core-cleaners", "core-readers", "core-json"]


def host_with(*plugins):
    host = PluginHost(load=CORE)
    for name, obj in plugins:
        host.register_object(obj, name)
    return host


def test_fresh_file_has_the_pinned_schema(tmp_path):
    store = Store(tmp_path / "p.annotator")
    ran = store.migrate()
    assert ran == [fn.__name__ for fn in migrations.MIGRATIONS]
    assert store.schema() + "\n" == PINNED.read_text(), (
        "the project schema changed; if on purpose, regenerate tests/data/core/schema.sql "
        "(see this module's docstring)")
    assert store.applied_migrations() == ran


def test_migrations_are_recorded_and_run_once(tmp_path):
    path = tmp_path / "p.annotator"
    Project(path, host=host_with()).close()
    store = Store(path)
    assert store.migrate() == []
    rows = store.conn.execute("SELECT name, applied_at FROM _migrations").fetchall()
    assert [r[0] for r in rows] == [fn.__name__ for fn in migrations.MIGRATIONS]
    assert all(r[1].endswith("Z") for r in rows)


def test_a_new_step_applies_to_an_existing_file_on_open(tmp_path, monkeypatch):
    path = tmp_path / "p.annotator"
    Project(path, host=host_with()).close()

    def m999_add_reviewed_column(db):
        db["annotations"].add_column("reviewed_by", str)

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_add_reviewed_column])
    proj = Project(path, host=host_with())
    assert "reviewed_by" in proj._store.db["annotations"].columns_dict
    assert proj._store.applied_migrations()[-1] == "m999_add_reviewed_column"
    proj.close()


def test_a_failing_step_leaves_no_trace_and_runs_again(tmp_path, monkeypatch):
    path = tmp_path / "p.annotator"
    Project(path, host=host_with()).close()
    calls = []

    def m999_half_done(db):
        calls.append(1)
        db["scratch"].create({"id": int}, pk="id")
        if len(calls) == 1:
            raise RuntimeError("disk full, say")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_half_done])
    with pytest.raises(RuntimeError):
        Store(path).migrate()
    conn = sqlite3.connect(path)
    assert "scratch" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    store = Store(path)
    assert store.migrate() == ["m999_half_done"]
    assert "scratch" in store.db.table_names()


class NotesPlugin:
    runs = 0

    @hookimpl
    def register_migrations(self, register):
        def m001_notes(db):
            NotesPlugin.runs += 1
            db["hello_notes"].create({"id": str, "annotation_id": str, "text": str}, pk="id")

        def m002_index(db):
            db["hello_notes"].create_index(["annotation_id"])

        register(Migration("m001_notes", m001_notes))
        register(Migration("m002_index", m002_index))


class BrokenMigrationPlugin:
    opened: list = []

    @hookimpl
    def register_migrations(self, register):
        def m001_bad(db):
            db["broken_table"].create({"id": int}, pk="id")
            raise ValueError("this step is wrong")

        register(Migration("m001_bad", m001_bad))

    @hookimpl
    def project_opened(self, project):
        BrokenMigrationPlugin.opened.append(project)  # must not happen: the plugin is disabled


def test_plugin_migrations_apply_once_under_the_plugins_name(tmp_path):
    NotesPlugin.runs = 0
    path = tmp_path / "p.annotator"
    proj = Project(path, host=host_with(("hello", NotesPlugin())))
    assert "hello_notes" in proj._store.db.table_names()
    assert proj._store.applied_migrations()[-2:] == ["hello:m001_notes", "hello:m002_index"]
    proj.close()
    Project(path, host=host_with(("hello", NotesPlugin()))).close()
    assert NotesPlugin.runs == 1


def test_a_broken_plugin_migration_is_rolled_back_reported_and_disabled(tmp_path):
    path = tmp_path / "p.annotator"
    host = host_with(("broken", BrokenMigrationPlugin()), ("hello", NotesPlugin()))
    proj = Project(path, host=host)  # opens anyway
    info = host.info["broken"]
    assert info.status == "failed"
    assert "migration broken:m001_bad" in info.errors[0] and "ValueError: this step is wrong" in info.errors[0]
    assert "Traceback" in info.errors[0]
    tables = proj._store.db.table_names()
    assert "broken_table" not in tables and "hello_notes" in tables
    assert "broken:m001_bad" not in proj._store.applied_migrations()
    assert BrokenMigrationPlugin.opened == []
    proj.close()
