"""The plugin kit's commands: ``annotator plugin new`` refuses bad names and existing folders and writes what it
says; ``annotator plugin check`` reports hooks, contributions, conflicts, shortcut clashes and API compatibility, and
exits 1 on a problem."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest
from click.testing import CliRunner

from annotator import API_VERSION
from annotator.cli import cli


@pytest.fixture(autouse=True)
def _forget_checked_modules(monkeypatch):
    """`plugin check` imports the package it checks; keep those imports (and sys.path) to this test."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("annotator_tally", "annotator_checked")):
            del sys.modules[name]


def run(*args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result.output


@pytest.mark.parametrize("name", ["Bad", "two--hyphens", "x-", "with space", "under_score", ""])
def test_new_refuses_a_bad_name_and_writes_nothing(tmp_path, name):
    out = run("plugin", "new", name, "--dir", tmp_path, code=1)
    assert "use lower-case letters, digits and single hyphens" in out
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_folder(tmp_path):
    run("plugin", "new", "tally", "--dir", tmp_path)
    assert "exists already" in run("plugin", "new", "tally", "--dir", tmp_path, code=1)


@pytest.mark.parametrize("flags, hooks", [
    ((), ["register_layers", "register_suggesters"]),
    (("--exporter",), ["register_exporters"]),
    (("--panel", "--layer"), ["register_layers", "register_panels"]),
])
def test_new_writes_the_chosen_contributions_and_check_lists_them(tmp_path, flags, hooks):
    out = run("plugin", "new", "tally", "--dir", tmp_path, *flags)
    root = tmp_path / "annotator-tally"
    assert f"wrote {root / 'pyproject.toml'}" in out
    assert 'tally = "annotator_tally"' in (root / "pyproject.toml").read_text()
    report = json.loads(run("plugin", "check", root, "--json"))
    assert report["ok"] and report["status"] == "ok" and report["hooks"] == hooks
    assert report["api_ok"] and report["api_version"] == API_VERSION
    compile((root / "tests" / "test_plugin.py").read_text(), "test_plugin.py", "exec")


def plugin_file(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    return path


def test_check_reports_a_conflict_with_an_installed_plugin(tmp_path):
    path = plugin_file(tmp_path, "my_json", """
        from annotator import Command, Exporter, hookimpl

        @hookimpl
        def register_exporters(register):
            register(Exporter("json", lambda project, path, filters, task: None))

        @hookimpl
        def register_commands(register):
            register(Command("mine.find", "Find", lambda project, context: None, shortcut="Ctrl+F"))
    """)
    out = run("plugin", "check", path, code=1)
    assert "exporters: json" in out and "commands: mine.find" in out
    assert "conflict: exporter 'json' is contributed by plugins 'my-json' and 'core-json'; 'my-json' wins" in out
    assert "conflict: my-json: command mine.find wants Ctrl+F, which the window uses for find; ignored" in out
    assert out.strip().endswith("PROBLEMS FOUND")


def test_check_reports_a_misspelled_hook_and_an_incompatible_api(tmp_path):
    typo = plugin_file(tmp_path, "typo", """
        from annotator import hookimpl

        @hookimpl
        def register_exporter(register):
            pass
    """)
    out = run("plugin", "check", typo, code=1)
    assert "status: failed" in out and "did you mean 'register_exporters'?" in out
    future = plugin_file(tmp_path, "future", 'ANNOTATOR_API = ">=99"\n')
    out = run("plugin", "check", future, code=1)
    assert f"API: >=99; this Annotator: {API_VERSION} (INCOMPATIBLE)" in out and "status: incompatible" in out


def test_check_refuses_what_is_not_a_plugin(tmp_path):
    out = run("plugin", "check", tmp_path, code=1)
    assert "neither a plugin .py file nor a folder with a pyproject.toml" in out


# --------------------------------------------------------------------------------------------- stored listing


def test_the_listing_is_stored_and_invalidated_by_a_changed_plugin_file(tmp_path, monkeypatch):
    import os

    from annotator.plugin_listing import listing
    from annotator.plugins import PluginHost

    folder = tmp_path / "plugins"
    folder.mkdir()
    plugin = folder / "lister.py"
    plugin.write_text(textwrap.dedent("""
        from annotator import Exporter, hookimpl

        @hookimpl
        def register_exporters(register):
            register(Exporter("listed", lambda project, path, filters, task: None, description="one"))
    """))
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", "core-json,lister")
    built = []

    def make_host():
        built.append(1)
        return PluginHost(plugin_dirs=[folder])

    first, cached = listing([folder], make_host)
    assert not cached and len(built) == 1
    assert {e["name"]: e["description"] for e in first["exporters"]} == {"json": first["exporters"][0]["description"],
                                                                         "listed": "one"}
    again, cached = listing([folder], make_host)
    assert cached and again == first and len(built) == 1  # no plugin imported the second time
    plugin.write_text(plugin.read_text().replace('"one"', '"two"'))
    os.utime(plugin, ns=(plugin.stat().st_mtime_ns + 10**9,) * 2)
    changed, cached = listing([folder], make_host)
    assert not cached and len(built) == 2
    assert [e["description"] for e in changed["exporters"] if e["name"] == "listed"] == ["two"]


def test_a_listing_with_a_failed_plugin_is_not_stored(tmp_path, monkeypatch):
    from annotator.plugin_listing import listing
    from annotator.plugins import PluginHost

    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "broken.py").write_text("raise ImportError('needs a library not installed yet')\n")
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", "core-json,broken")
    for _ in range(2):
        result, cached = listing([folder], lambda: PluginHost(plugin_dirs=[folder]))
        assert not cached
        assert [p["status"] for p in result["plugins"] if p["name"] == "broken"] == ["failed"]


def test_annotator_plugins_and_formats_read_the_stored_listing(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", "core-readers,core-json")
    first = run("plugins", "--json")
    import annotator.plugins as plugins_module

    def refuse(*args, **kwargs):
        raise AssertionError("the stored listing should have been used")

    monkeypatch.setattr(plugins_module.PluginHost, "__init__", refuse)
    assert run("plugins", "--json") == first
    assert "jsonl" in run("formats")
