"""The plugin host: discovery (entry points, plugins folders, ANNOTATOR_LOAD_PLUGINS), per-project enabling, and
failure isolation. A plugin that fails to import or raises inside any hook is reported with its name and
traceback, disabled for the session, and the data and the other plugins go on unharmed."""

from __future__ import annotations

import importlib
import textwrap

import pytest
from export_check import check_export
from support import CORE, CORPUS, core_host, open_project

from annotator import (
    Cancelled,
    Cleaner,
    Exporter,
    ExportFilters,
    Importer,
    LabelSpec,
    LayerSpec,
    Migration,
    Project,
    SpanSuggestion,
    Suggester,
    TaskContext,
    hookimpl,
)
from annotator.plugins import PluginHost
from annotator.services.exporting import ExportError


def make_distribution(site, dist: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    """Install a fake distribution into the folder ``site``: a ``*.dist-info`` with ``entry_points.txt`` in the
    ``annotator.plugins`` group, and its modules. With ``site`` on sys.path it is discovered like a pip install."""
    info = site / f"{dist}-1.2.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(
        "[annotator.plugins]\n" + "".join(f"{name} = {target}\n" for name, target in entry_points.items()))
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))


def failure(host, name) -> str:
    info = host.info[name]
    assert info.status == "failed", info
    assert not host.active(name)
    assert info.errors and "Traceback (most recent call last)" in info.errors[-1]
    return info.errors[-1]


# --------------------------------------------------------------------------------------------- discovery


def test_entry_points_are_discovered_with_their_distribution(tmp_path, monkeypatch):
    make_distribution(tmp_path / "site", "annotator-shout", {"shout": "annotator_shout"}, {"annotator_shout": """
        from annotator import Cleaner, hookimpl

        @hookimpl
        def register_cleaners(register):
            register(Cleaner("shout", lambda text, ctx: text.upper(), order=95))
    """})
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    importlib.invalidate_caches()
    host = PluginHost(load=[*CORE, "shout"])
    info = host.info["shout"]
    assert (info.status, info.version, info.hooks) == ("ok", "1.2.3", ["register_cleaners"])
    assert "annotator-shout" in info.source
    proj = open_project(tmp_path / "p.annotator", load=[*CORE, "shout"])
    path = tmp_path / "a.txt"
    path.write_text("Minsk rally\n\nThousands gathered.\n")
    doc_id = proj.import_paths([path]).imported[0]["document_id"]
    assert proj.document(doc_id).text == "MINSK RALLY\n\nTHOUSANDS GATHERED."
    proj.close()


def test_an_entry_point_that_fails_to_import_is_reported_and_the_rest_load(tmp_path, monkeypatch):
    make_distribution(tmp_path / "site", "annotator-bad", {"bad-import": "annotator_bad_import"},
                      {"annotator_bad_import": "import this_module_does_not_exist\n"})
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    importlib.invalidate_caches()
    host = PluginHost(load=[*CORE, "bad-import"])
    err = failure(host, "bad-import")
    assert "plugin 'bad-import' failed in import: ModuleNotFoundError" in err
    assert all(host.info[n].status == "ok" for n in CORE)


def test_plugins_folder_single_files(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "my_layers.py").write_text(textwrap.dedent("""
        from annotator import LabelSpec, LayerSpec, hookimpl
        __version__ = "0.3"

        @hookimpl
        def register_layers(register):
            register(LayerSpec("frame", "Frames", labels=(LabelSpec("conflict"), LabelSpec("human-interest"))))
    """))
    (folder / "syntax_error.py").write_text("def broken(:\n")
    (folder / "_private.py").write_text("raise SystemExit('never loaded')\n")
    (folder / "notes.txt").write_text("not a plugin")
    host = core_host(plugin_dirs=[folder], load=[*CORE, "my-layers", "syntax-error", "private"])
    assert host.info["my-layers"].status == "ok" and host.info["my-layers"].version == "0.3"
    assert "SyntaxError" in failure(host, "syntax-error")
    assert "private" not in host.info
    proj = open_project(tmp_path / "p.annotator", plugin_dirs=[folder], load=[*CORE, "my-layers", "syntax-error"])
    assert proj.layer("frame").labels[1].name == "human-interest"
    proj.close()


def test_plugins_dir_from_environment_and_load_limit(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "one.py").write_text("")
    (folder / "two.py").write_text("")
    monkeypatch.setenv("ANNOTATOR_PLUGINS_DIR", str(folder))
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", "core-json, two")
    host = PluginHost()
    assert sorted(host.info) == ["core-json", "two"]


def test_per_project_enable_and_disable(tmp_path):
    a = open_project(tmp_path / "a.annotator")
    assert "entity" in a.layers()
    a.set_plugin_enabled("test-layers", False)
    assert "entity" not in a.layers()
    assert a.host.info["test-layers"].status == "disabled"
    a.close()
    again = open_project(tmp_path / "a.annotator")  # the choice is saved in the project
    assert "entity" not in again.layers()
    b = open_project(tmp_path / "b.annotator")  # another project is not affected
    assert "entity" in b.layers()
    again.set_plugin_enabled("test-layers", True)
    assert "entity" in again.layers()
    again.close()
    b.close()


# --------------------------------------------------------------------------------------------- broken plugins


class RaisesInRegisterLayers:
    @hookimpl
    def register_layers(self, register):
        register(LayerSpec("half", labels=(LabelSpec("x"),)))
        raise RuntimeError("layers exploded")


class RegistersTheWrongType:
    @hookimpl
    def register_layers(self, register):
        register({"name": "not-a-spec"})


def test_raising_in_register_layers(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("bad-layers", RaisesInRegisterLayers()),
                        ("wrong-type", RegistersTheWrongType()))
    assert "RuntimeError: layers exploded" in failure(proj.host, "bad-layers")
    assert "register_layers expects LayerSpec, got dict" in failure(proj.host, "wrong-type")
    assert "half" not in proj.layers()  # nothing half-registered
    assert {"entity", "quote", "claim", "contradiction"} <= set(proj.layers())
    proj.close()


class RaisingCleaner:
    @hookimpl
    def register_cleaners(self, register):
        register(Cleaner("explode", lambda text, ctx: 1 / 0, order=45))


def test_raising_cleaner_is_skipped_and_the_import_goes_on(tmp_path):
    """A cleaner that raises on every file: the step is skipped per file (named in a warning), the other
    cleaners run; it is not disabled for input it was given (crafted text is a refusal, not a plugin failure)."""
    failures = []
    proj = open_project(tmp_path / "p.annotator", ("bad-cleaner", RaisingCleaner()))
    proj.host.on_failure(lambda info, message: failures.append((info.name, message)))
    report = proj.import_paths([CORPUS])
    assert len(report.imported) == 5
    skipped = [w for w in report.warnings if "cleaner explode of plugin bad-cleaner failed" in w]
    assert len(skipped) == 5 and all(w.endswith("(ZeroDivisionError: division by zero); step skipped")
                                     for w in skipped)
    assert proj.host.active("bad-cleaner") and failures == []
    mt = next(d for d in proj.documents() if d.source == "The Moscow Times")
    assert "Related article" not in mt.text and "\n\n" in mt.text  # the other cleaners all ran
    proj.close()


class RaisingImporter:
    @hookimpl
    def register_importers(self, register):
        def read(path, data, options):
            raise KeyError("importer bug")

        register(Importer("weird", read, (".weird",)))


def test_raising_importer_refuses_its_file_only(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("bad-importer", RaisingImporter()))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.weird").write_text("whatever")
    (tmp_path / "in" / "b.txt").write_text("A real article\n\nText.\n")
    report = proj.import_paths([tmp_path / "in"])
    assert [i["title"] for i in report.imported] == ["A real article"]
    (refused,) = report.refused
    assert refused["path"].endswith("a.weird")
    assert refused["reason"] == "importer weird (bad-importer) failed on this file: KeyError: 'importer bug'"
    assert proj.host.active("bad-importer")  # one bad file never disables a plugin
    proj.close()


class Suggesters:
    @hookimpl
    def register_suggesters(self, register):
        def good(project, documents, task):
            for doc in documents:
                i = doc.text.find("Minsk")
                if i >= 0:
                    yield SpanSuggestion(doc.id, i, i + 5, "entity", "GPE", reason="capital")

        def bad(project, documents, task):
            yield SpanSuggestion(documents[0].id, 0, 5, "entity", "PERSON")
            raise ValueError("suggester bug")

        register(Suggester("good", good))
        register(Suggester("bad", bad))


class BadSuggesterOnly:
    @hookimpl
    def register_suggesters(self, register):
        def outside(project, documents, task):
            yield SpanSuggestion(documents[0].id, 10**6, 10**6 + 5, "entity", "PERSON")

        register(Suggester("outside", outside))


def test_raising_suggester_stores_nothing_and_others_run(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("bad-suggesters", BadSuggesterOnly()), ("mixed", Suggesters()))
    proj.import_paths([CORPUS])
    report = proj.suggest()
    # "bad" raises on every document: retried one document at a time, it fails on all five
    assert report.errors["bad"] == "failed on every document: ValueError: suggester bug"
    assert len(report.failed_documents["bad"]) == 5
    # "outside" proposes one span outside its document: that proposal is refused, named, the run goes on
    assert report.counts["outside"]["refused"] == 1
    (refusal,) = report.refused["outside"]
    assert "span 1000000-1000005 'entity'/'PERSON'" in refusal and "is outside the document" in refusal
    assert report.counts["good"]["annotations"] == 5
    assert "ValueError: suggester bug" in failure(proj.host, "mixed")  # failed as a whole: disabled
    assert proj.host.active("bad-suggesters")  # a bad proposal is refused, the plugin stays
    anns = proj.annotations()
    assert {(a.label, a.origin, a.status, a.attributes["_reason"]) for a in anns} == {("GPE", "mixed", "suggested",
                                                                                       "capital")}
    assert set(proj.suggest().counts) == {"outside"}  # "mixed" is disabled for the rest of the session
    proj.close()


class SlowSuggester:
    @hookimpl
    def register_suggesters(self, register):
        def slow(project, documents, task):
            for i, doc in enumerate(documents):
                task.check()
                yield SpanSuggestion(doc.id, 0, 3, "entity", "ORG")
                task.progress(i + 1, len(documents), doc.title)

        register(Suggester("slow", slow))


def test_cancelled_suggester_stores_nothing_and_stays_enabled(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("slow", SlowSuggester()))
    proj.import_paths([CORPUS])
    seen = []
    task = TaskContext(progress=lambda done, total, msg: seen.append(done), cancelled=lambda: len(seen) >= 2)
    report = proj.suggest("slow", task=task)
    assert report.cancelled and proj.annotations() == []
    assert proj.host.active("slow")
    assert proj.suggest("slow").counts["slow"]["annotations"] == 5
    with pytest.raises(Cancelled):
        TaskContext(cancelled=lambda: True).check()
    proj.close()


class RaisingExporter:
    @hookimpl
    def register_exporters(self, register):
        def write(project, path, filters, task):
            path.write_text("half a file")
            raise OSError("disk full")

        register(Exporter("broken", write, ".txt"))


def test_raising_exporter_leaves_no_file_and_the_project_intact(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("bad-exporter", RaisingExporter()))
    proj.import_paths([CORPUS])
    target = tmp_path / "out.txt"
    target.write_text("the previous export")
    with pytest.raises(ExportError, match=r"exporter broken \(bad-exporter\) failed: OSError\('disk full'\)"):
        proj.export("broken", target)
    assert target.read_text() == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
    assert "OSError: disk full" in failure(proj.host, "bad-exporter")
    assert len(proj.documents()) == 5
    check_export(proj.export("json", tmp_path / "ok.json").path)  # the others still work
    proj.close()


class RaisingListener:
    calls = 0

    @hookimpl
    def annotation_changed(self, change, project):
        RaisingListener.calls += 1
        raise RuntimeError("listener bug")


def test_raising_event_hook_does_not_undo_the_edit(tmp_path):
    RaisingListener.calls = 0
    proj = open_project(tmp_path / "p.annotator", ("bad-listener", RaisingListener()))
    path = tmp_path / "a.txt"
    path.write_text("Minsk is the capital.\n")
    doc_id = proj.import_paths([path]).imported[0]["document_id"]
    seen = []
    proj.subscribe(seen.append)
    a = proj.add_annotation(doc_id, 0, 5, "entity", "GPE")
    proj.add_annotation(doc_id, 9, 16, "entity", "ORG")
    assert RaisingListener.calls == 1  # disabled after its first failure
    assert "RuntimeError: listener bug" in failure(proj.host, "bad-listener")
    assert len(seen) == 2 and proj.annotation(a.id) == a
    proj.close()
    assert len(open_project(proj.path).annotations()) == 2


def test_raising_command_via_the_cli(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "bad_command.py").write_text(textwrap.dedent("""
        from annotator import Command, hookimpl

        @hookimpl
        def register_commands(register):
            def run(project, context):
                raise LookupError("command bug")
            register(Command("bad.run", "Break things", run, headless=True))
    """))
    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", ",".join([*CORE, "bad-command"]))
    runner = CliRunner()
    project = str(tmp_path / "p.annotator")
    assert runner.invoke(cli, ["new", project]).exit_code == 0
    listed = runner.invoke(cli, ["--plugins-dir", str(folder), "run", "-p", project])
    assert "bad.run" in listed.output and "Break things" in listed.output
    result = runner.invoke(cli, ["--plugins-dir", str(folder), "run", "-p", project, "bad.run"])
    assert result.exit_code == 1
    assert "command bad.run failed: LookupError('command bug'); plugin disabled" in result.output
    assert "Traceback" not in result.output


def test_import_failure_inside_a_single_file_plugin_is_isolated(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "boom.py").write_text("raise RuntimeError('boom at import')\n")
    (folder / "fine.py").write_text(textwrap.dedent("""
        from annotator import Exporter, ExportResult, hookimpl

        @hookimpl
        def register_exporters(register):
            def write(project, path, filters, task):
                path.write_text(str(len(project.documents())))
                return ExportResult(path, {"documents": len(project.documents())})
            register(Exporter("count", write, ".txt"))
    """))
    proj = open_project(tmp_path / "p.annotator", plugin_dirs=[folder], load=[*CORE, "boom", "fine"])
    assert "RuntimeError: boom at import" in failure(proj.host, "boom")
    proj.import_paths([CORPUS])
    assert proj.export("count", tmp_path / "n.txt").path.read_text() == "5"
    proj.close()


def test_registered_specs_carry_their_plugin(proj):
    assert {c.plugin for c in proj.cleaners()} == {"core-cleaners"}
    assert proj.importers()["jsonl"].plugin == "core-readers"
    assert proj.exporters()["json"].plugin == "core-json"
    assert proj.layer("entity").plugin == "test-layers"
    assert [c.name for c in proj.cleaners()] == ["mojibake", "newlines", "nfc", "boilerplate", "unwrap", "whitespace"]


# --------------------------------------------------------------------------------------------- pluggy's own rules
# Each test below reproduces one finding of issue 18 (the host calling implementations itself).


class FewerArguments:
    seen: list = []

    @hookimpl
    def annotation_changed(self, change):  # pluggy lets an implementation take fewer arguments than the spec
        FewerArguments.seen.append(change.action)


def test_an_implementation_may_take_fewer_arguments_than_the_spec(doc, proj):
    FewerArguments.seen = []
    proj.host.register_object(FewerArguments(), "fewer")
    a = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")
    proj.delete_annotation(a.id)
    assert FewerArguments.seen == ["create", "delete"]
    assert proj.host.info["fewer"].status == "ok" and proj.host.info["fewer"].errors == []


class NewStyleWrapper:
    @hookimpl(wrapper=True)
    def register_layers(self, register):
        register(LayerSpec("wrapped", labels=(LabelSpec("w"),)))
        return (yield)


class OldStyleWrapper:
    @hookimpl(hookwrapper=True)
    def register_layers(self, register):
        outcome = yield
        outcome.get_result()
        register(LayerSpec("old-wrapped", labels=(LabelSpec("o"),)))


class BrokenWrapper:
    @hookimpl(wrapper=True)
    def register_layers(self, register):
        yield
        raise RuntimeError("wrapper broke after yield")


def test_wrappers_register_and_a_broken_wrapper_fails_alone(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("new-style", NewStyleWrapper()), ("old-style", OldStyleWrapper()),
                        ("broken-wrapper", BrokenWrapper()))
    assert proj.layer("wrapped").plugin == "new-style"
    assert proj.layer("old-wrapped").plugin == "old-style"
    assert "RuntimeError: wrapper broke after yield" in failure(proj.host, "broken-wrapper")
    assert {"entity", "quote", "claim"} <= set(proj.layers())  # the plain implementations all ran
    proj.close()


def make_ordered(tag: str, log: list, **opts):
    class Ordered:
        @hookimpl(**opts)
        def register_layers(self, register):
            log.append(tag)
            register(LayerSpec("shared", title=tag, labels=(LabelSpec(tag),)))

        @hookimpl(**opts)
        def register_exporters(self, register):
            register(Exporter("shared-format", lambda project, path, filters, task: None, description=tag))

    return Ordered()


def test_tryfirst_and_trylast_order_the_calls_and_decide_a_collision(tmp_path):
    log: list = []
    host = core_host(("early", make_ordered("early", log, tryfirst=True)), ("plain-a", make_ordered("a", log)),
                     ("plain-b", make_ordered("b", log)), ("late", make_ordered("late", log, trylast=True)))
    host.registry()
    assert log == ["early", "b", "a", "late"]  # pluggy's order: tryfirst, last registered first, trylast
    proj = Project(tmp_path / "p.annotator", host=host)
    assert proj.layer("shared").plugin == "early"
    assert proj.exporters()["shared-format"].plugin == "early"  # the same rule for every kind
    proj.close()


class Misspelled:
    @hookimpl
    def register_layer(self, register):  # the spec is register_layers
        register(LayerSpec("never"))


def test_a_misspelled_hook_fails_naming_the_real_one(tmp_path):
    proj = open_project(tmp_path / "p.annotator", ("typo", Misspelled()))
    info = proj.host.info["typo"]
    assert info.status == "failed" and info.hooks == []
    assert ("plugin 'typo' failed in register: UnknownHook: 'register_layer' is not an Annotator hook; did you "
            "mean 'register_layers'?") in info.errors[-1]
    assert "never" not in proj.layers()
    assert proj.host.pm.get_plugin("typo") is None  # unregistered: check_pending passes for the others
    proj.host.pm.check_pending()
    proj.close()


def test_file_plugin_with_an_unknown_hook_far_from_any(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "odd.py").write_text("from annotator import hookimpl\n\n@hookimpl\ndef zzz(x):\n    pass\n")
    host = core_host(plugin_dirs=[folder], load=[*CORE, "odd"])
    assert "'zzz' is not an Annotator hook; the hooks are annotation_changed," in host.info["odd"].errors[-1]


class LayerAndExporterA:
    @hookimpl
    def register_layers(self, register):
        register(LayerSpec("claim", "Claims of A", labels=(LabelSpec("a"),)))

    @hookimpl
    def register_exporters(self, register):
        register(Exporter("dup", lambda project, path, filters, task: None, description="A"))


class LayerAndExporterB:
    @hookimpl
    def register_layers(self, register):
        register(LayerSpec("claim", "Claims of B", labels=(LabelSpec("b"),)))

    @hookimpl
    def register_exporters(self, register):
        register(Exporter("dup", lambda project, path, filters, task: None, description="B"))


def test_a_name_collision_has_one_winner_for_every_kind_and_is_reported(tmp_path):
    heard = []
    host = core_host(("plugin-a", LayerAndExporterA()), ("plugin-b", LayerAndExporterB()))
    host.on_failure(lambda info, message: heard.append((info.name, message)))
    proj = Project(tmp_path / "p.annotator", host=host)
    # the documented rule: the plugin pluggy calls first wins; plain implementations are called from the last
    # registered to the first, so test-layers (registered first) loses "claim" to plugin-b as well
    assert proj.layer("claim").title == "Claims of B"
    assert proj.exporters()["dup"].description == "B"
    messages = [c.message for c in host.conflicts()]
    assert ("exporter 'dup' is contributed by plugins 'plugin-b' and 'plugin-a'; 'plugin-b' wins (it is called "
            "first), 'plugin-a''s is ignored") in messages
    assert any("layer 'claim' is contributed by plugins 'plugin-b' and 'plugin-a'" in m for m in messages)
    assert any(name == "plugin-a" and "exporter 'dup'" in m for name, m in heard)
    assert host.info["plugin-a"].status == "ok" and len(host.info["plugin-a"].conflicts) == 2
    proj.set_plugin_enabled("plugin-b", False)  # the per-project view: then A's contributions are the ones
    assert proj.layer("claim").title == "Claims of A" and proj.exporters()["dup"].description == "A"
    proj.close()


def test_conflicts_are_listed_by_annotator_plugins(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.py").write_text(textwrap.dedent(f"""
            from annotator import Exporter, hookimpl

            @hookimpl
            def register_exporters(register):
                register(Exporter("json", lambda project, path, filters, task: None, description="{name}"))
        """))
    from click.testing import CliRunner

    from annotator.cli import cli

    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", ",".join([*CORE, "one", "two"]))
    result = CliRunner().invoke(cli, ["--plugins-dir", str(folder), "plugins"])
    assert result.exit_code == 0, result.output
    assert "conflict: exporter 'json' is contributed by plugins 'two' and 'one'" in result.output
    assert "conflict: exporter 'json' is contributed by plugins 'two' and 'core-json'" in result.output


class WithMigration:
    @hookimpl
    def register_migrations(self, register):
        register(Migration("m001_notes", lambda db: db["late_notes"].create({"id": str}, pk="id")))


def test_enabling_a_plugin_mid_session_runs_its_migrations(tmp_path):
    path = tmp_path / "p.annotator"
    proj = open_project(path)  # the plugin is not installed yet; the project disables it ahead
    proj.set_plugin_enabled("late", False)
    proj.close()
    proj = open_project(path, ("late", WithMigration()))
    assert "late_notes" not in proj._store.db.table_names()  # disabled: its step waits
    proj.set_plugin_enabled("late", True)
    assert "late_notes" in proj._store.db.table_names()
    assert "late:m001_notes" in proj._store.applied_migrations()
    proj.close()


class Counting:
    layers = 0
    opened = 0

    @hookimpl
    def register_layers(self, register):
        Counting.layers += 1
        register(LayerSpec("counted", labels=(LabelSpec("c"),)))

    @hookimpl
    def project_opened(self, project):
        Counting.opened += 1


def test_reopen_shares_the_registry_and_does_not_fire_project_opened(tmp_path):
    Counting.layers = Counting.opened = 0
    proj = open_project(tmp_path / "p.annotator", ("counting", Counting()))
    workers = [proj.reopen() for _ in range(3)]
    assert (Counting.layers, Counting.opened) == (1, 1)
    assert all(w.layer("counted").plugin == "counting" for w in workers)
    other = Project(tmp_path / "q.annotator", host=proj.host)  # a second project: opened, not re-collected
    assert (Counting.layers, Counting.opened) == (1, 2)
    for p in (*workers, other, proj):
        p.close()


def test_a_raising_subscriber_is_isolated_reported_and_dropped(doc, proj):
    heard, later = [], []

    def broken(changes):
        raise RuntimeError("Internal C++ object (QLabel) already deleted.")

    proj.host.on_failure(lambda info, message: heard.append(message))
    proj.subscribe(broken)
    proj.subscribe(later.append)
    a = proj.add_annotation(doc.id, 0, 10, "entity", "PERSON")  # does not raise
    proj.add_annotation(doc.id, 11, 20, "entity", "PERSON")
    assert proj.annotation(a.id) == a and len(later) == 2
    assert heard == ["subscriber test_a_raising_subscriber_is_isolated_reported_and_dropped.<locals>.broken failed "
                     "in subscriber of changes: RuntimeError: Internal C++ object (QLabel) already deleted."]


def test_a_plugins_raising_subscriber_is_blamed_on_the_plugin(tmp_path, doc, proj):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "watcher.py").write_text(textwrap.dedent("""
        from annotator import hookimpl

        def on_changes(changes):
            raise ValueError("watcher bug")

        @hookimpl
        def project_opened(project):
            project.subscribe(on_changes)
    """))
    host = core_host(plugin_dirs=[folder], load=[*CORE, "watcher"])
    project = Project(proj.path, host=host)
    project.add_annotation(doc.id, 0, 5, "entity", "ORG")
    assert "failed in subscriber of changes: ValueError: watcher bug" in failure(host, "watcher")
    project.close()


def test_a_subscription_with_an_owner_ends_with_the_owner(doc, proj):
    class Owner:
        pass

    owner, seen = Owner(), []
    proj.subscribe(seen.append, owner=owner)
    proj.add_annotation(doc.id, 0, 5, "entity", "ORG")
    assert len(seen) == 1 and proj._events.subscribers("changes") == 1
    del owner
    import gc

    gc.collect()
    proj.add_annotation(doc.id, 6, 9, "entity", "ORG")
    assert len(seen) == 1 and proj._events.subscribers("changes") == 0


def test_export_view_and_export_rows_agree_on_a_link_layer(doc, proj):
    a = proj.add_annotation(doc.id, 0, 10, "claim", "claim")
    b = proj.add_annotation(doc.id, 11, 20, "claim", "claim")
    proj.add_link(a.id, b.id, "contradiction", "contradicts")
    for filters in (ExportFilters(layers=("contradiction",)), ExportFilters(), ExportFilters(labels=("claim",))):
        rows = proj.export_rows(filters)
        view = proj.export_view(filters)
        assert [l.id for l in view.links] == [l["id"] for l in rows.links()]
        assert [x.id for x in view.annotations] == [x["id"] for x in proj.export_rows(filters).annotations()]
    assert len(proj.export_view(ExportFilters(layers=("contradiction",))).links) == 1


def test_the_raw_store_does_not_reach_plugins(proj):
    rows = proj.export_rows()
    assert not hasattr(rows, "store") and not hasattr(proj, "store")
    import annotator

    assert "Store" not in annotator.__all__


def test_api_version_ranges(tmp_path):
    import annotator
    from annotator.plugins import api_compatible

    major = int(annotator.API_VERSION.split(".")[0])
    assert api_compatible(f">={major}.0,<{major + 1}") and not api_compatible(f">={major + 1}")
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "future.py").write_text(f'ANNOTATOR_API = ">={major + 1}.0"\nfrom annotator import hookimpl\n')
    (folder / "current.py").write_text(f'ANNOTATOR_API = "~={major}.0"\n')
    (folder / "garbled.py").write_text('ANNOTATOR_API = "one or two"\n')
    host = core_host(plugin_dirs=[folder], load=[*CORE, "future", "current", "garbled"])
    assert host.info["current"].status == "ok"
    future = host.info["future"]
    assert future.status == "incompatible" and not host.active("future")
    assert future.errors == [f"plugin 'future' refused: it supports Annotator API >={major + 1}.0, this "
                             f"Annotator provides API {annotator.API_VERSION}"]
    assert "malformed API range 'one or two'" in host.info["garbled"].errors[0]
