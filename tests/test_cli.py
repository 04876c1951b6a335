"""The ``annotator`` command line, end to end on real project files: every command, ``--help`` on each, and clear
one-line errors with non-zero exit codes (never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import __version__
from annotator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORE = "core-cleaners,core-readers,core-json"
sys.path.insert(0, str(ROOT / "tests" / "unit"))
from export_check import check_export  # noqa: E402

PLUGIN = '''
import re
from annotator import Command, LabelSpec, LayerSpec, SpanSuggestion, Suggester, hookimpl

@hookimpl
def register_layers(register):
    register(LayerSpec("entity", "Entities", labels=(LabelSpec("GPE"), LabelSpec("PERSON"))))

@hookimpl
def register_suggesters(register):
    def suggest(project, documents, task):
        for i, doc in enumerate(documents):
            task.check()
            for m in re.finditer(r"\\bMinsk\\b", doc.text):
                yield SpanSuggestion(doc.id, m.start(), m.end(), "entity", "GPE")
            task.progress(i + 1, len(documents), doc.title)
    register(Suggester("minsk", suggest, "Find Minsk"))

@hookimpl
def register_commands(register):
    register(Command("cli.count", "Count documents", lambda project, ctx: {"documents": len(project.documents()),
                     "document_id": ctx.get("document_id")}, headless=True))
'''


@pytest.fixture
def env(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "cli_layers.py").write_text(textwrap.dedent(PLUGIN))
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", f"{CORE},cli-layers")
    monkeypatch.setenv("ANNOTATOR_PLUGINS_DIR", str(folder))
    return tmp_path


def run(*args, ok=True):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def test_the_whole_workflow(env):
    p = env / "study.annotator"
    assert "created" in run("new", p, "--name", "Belarus study").output
    out = run("import", "-p", p, CORPUS).output
    assert "5 document(s) imported" in out and "The Moscow Times" not in out  # titles, not outlets
    assert "5 skipped" in run("import", "-p", p, CORPUS).output

    listing = run("documents", "-p", p).output.splitlines()
    assert len(listing) == 5 and any("RFE/RL" in line for line in listing)
    first_id = listing[0].split()[0]

    assert "minsk: 13 annotations" in run("suggest", "-p", p, "--plugin", "minsk").output
    assert "minsk: nothing new (13 already in the project)" in run("suggest", "-p", p).output

    stats = json.loads(run("stats", "-p", p, "--json").output)
    assert stats["documents"] == 5 and stats["annotations"] == 13
    assert stats["annotations_by"] == [{"layer": "entity", "label": "GPE", "status": "suggested", "count": 13}]
    text = run("stats", "-p", p).output
    assert text.startswith("Belarus study") and "entity" in text and "suggested" in text

    out = env / "dataset.json"
    run("export", "-p", p, "-o", out)
    assert check_export(out)["annotations"] == []  # suggestions are not exported by default
    run("export", "-p", p, "-o", out, "--include-suggestions")
    assert len(check_export(out)["annotations"]) == 13

    assert "undid: 13 × annotation create" in run("undo", "-p", p).output
    assert json.loads(run("stats", "-p", p, "--json").output)["annotations"] == 0
    assert "redid: 13 × annotation create" in run("redo", "-p", p).output
    assert "nothing to redo" in run("redo", "-p", p).output

    assert "cli.count" in run("run", "-p", p).output
    result = json.loads(run("run", "-p", p, "cli.count", "--document", first_id).output)
    assert result == {"documents": 5, "document_id": first_id}


def test_suggest_on_one_document(env):
    p = env / "p.annotator"
    run("new", p, "--sample")
    ap = next(line.split()[0] for line in run("documents", "-p", p).output.splitlines() if " AP " in line)
    assert "minsk: 2 annotations" in run("suggest", "-p", p, "--document", ap).output


def test_plugins_and_formats(env):
    listing = run("plugins").output
    for name in ("core-cleaners", "core-readers", "core-json", "cli-layers"):
        assert name in listing
    data = json.loads(run("plugins", "--json").output)
    layers = next(i for i in data if i["name"] == "cli-layers")
    assert layers["status"] == "ok" and layers["hooks"] == ["register_commands", "register_layers",
                                                            "register_suggesters"]
    formats = run("formats").output
    assert "Import:" in formats and ".jsonl" in formats and "Export:" in formats and "json" in formats


def test_plugins_lists_failures_with_their_error(env, monkeypatch):
    (env / "plugins" / "broken_one.py").write_text("raise ImportError('missing dependency')\n")
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", f"{CORE},cli-layers,broken-one")
    out = run("plugins").output
    assert "broken-one" in out and "failed" in out
    assert "plugin 'broken-one' failed in import: ImportError: missing dependency" in out


def test_import_json_report(env):
    p = env / "p.annotator"
    run("new", p)
    report = json.loads(run("import", "-p", p, "--json", CORPUS).output)
    assert len(report["imported"]) == 5 and report["refused"] == []


@pytest.mark.parametrize("command", ["new", "import", "suggest", "export", "plugins", "stats", "documents", "undo",
                                     "redo", "formats", "run", "gui"])
def test_help_on_every_command(command):
    out = run(command, "--help").output
    assert out.startswith(f"Usage: cli {command}") or out.startswith(f"Usage: annotator {command}")
    assert "--help" in out


def test_help_and_version():
    out = run("--help").output
    for command in ("new", "import", "suggest", "export", "plugins", "stats", "undo", "redo"):
        assert f"  {command}" in out
    assert run("--version").output.strip() == f"annotator, version {__version__}"
    assert "Formats:" in run("export", "--help").output and "json" in run("export", "--help").output


@pytest.mark.parametrize("args, message", [
    (["stats", "-p", "{missing}"], "no project file at {missing} (create one with `annotator new {missing}`)"),
    (["export", "-p", "{missing}", "-o", "{tmp}/x.json"], "no project file at {missing}"),
    (["import", "-p", "{missing}", "{tmp}"], "no project file at {missing}"),
    (["suggest", "-p", "{missing}"], "no project file at {missing}"),
    (["undo", "-p", "{missing}"], "no project file at {missing}"),
    (["stats", "-p", "{corrupt}"], "{corrupt} is not an Annotator project (not an SQLite file)"),
    (["export", "-p", "{project}", "-f", "nope", "-o", "{tmp}/x"], "unknown export format 'nope' (available: json"),
    (["import", "-p", "{project}", "--format", "nope", "{tmp}"], "unknown import format 'nope'"),
    (["suggest", "-p", "{project}", "--plugin", "nope"], "no suggester named 'nope' (available: minsk)"),
    (["run", "-p", "{project}", "nope"], "no headless command 'nope'"),
    (["new", "{project}"], "{project} exists already"),
])
def test_clear_errors(env, args, message):
    project = env / "p.annotator"
    run("new", project)
    corrupt = env / "corrupt.annotator"
    corrupt.write_bytes(b"\x00garbage" * 100)
    names = {"missing": env / "missing.annotator", "corrupt": corrupt, "project": project, "tmp": env}
    result = run(*[a.format(**names) for a in args], ok=False)
    assert result.exit_code == 1, result.output
    assert message.format(**names) in result.output
    assert not (env / "missing.annotator").exists()  # an error never creates a project file


def test_the_installed_script_prints_one_line_errors(tmp_path):
    env = dict(os.environ, ANNOTATOR_HOME=str(tmp_path / "home"), ANNOTATOR_LOAD_PLUGINS=CORE)
    exe = Path(sys.executable).parent / "annotator"
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert version.returncode == 0 and __version__ in version.stdout
    damaged = tmp_path / "damaged.annotator"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = subprocess.run([exe, "stats", "-p", damaged], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "is damaged or not an Annotator project" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_default_project_is_created_with_the_sample_corpus(env):
    stats = json.loads(run("stats", "--json").output)  # no --project: the default project
    assert stats["documents"] == 5
    assert (Path(os.environ["ANNOTATOR_HOME"]) / "belarus-2020-08-15.annotator").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_bar_on_a_terminal(tmp_path):
    """Long work draws a progress bar on stderr when it is a terminal (and nothing when it is not)."""
    import pty

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i}.txt").write_text(f"Report {i}\n\nThousands rallied in Minsk on day {i}.\n")
    env = dict(os.environ, ANNOTATOR_HOME=str(tmp_path / "home"), ANNOTATOR_LOAD_PLUGINS=CORE)
    exe = Path(sys.executable).parent / "annotator"
    project = tmp_path / "p.annotator"
    subprocess.run([exe, "new", project], env=env, check=True, capture_output=True, timeout=60)
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([exe, "import", "-p", project, folder], env=env, stdout=subprocess.PIPE,
                            stderr=secondary)
    os.close(secondary)
    drawn = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    out = proc.communicate(timeout=60)[0].decode()
    os.close(primary)
    assert proc.returncode == 0
    assert b"Importing" in drawn and b"30/30" in drawn and b"[####" in drawn
    assert "30 document(s) imported" in out and "Importing" not in out
    piped = subprocess.run([exe, "import", "-p", project, folder], env=env, capture_output=True, text=True,
                           timeout=60)
    assert "Importing" not in piped.stderr


def test_settings_command_lists_gets_and_sets_any_plugin_setting(tmp_path, annotator_cli):
    from click.testing import CliRunner

    from annotator import Project
    from annotator.cli import cli

    path = tmp_path / "s.annotator"
    annotator_cli("new", path)
    out = annotator_cli("settings", "-p", path)
    assert "core.nlp.pipeline (not set" in out and "# text analysis uses:" in out
    assert annotator_cli("settings", "-p", path, "core.nlp.pipeline", "rules").strip() == 'core.nlp.pipeline = "rules"'
    assert annotator_cli("settings", "-p", path, "core.nlp.pipeline").strip() == '"rules"'
    annotator_cli("settings", "-p", path, "entity-tagger.backend", "spacy")
    annotator_cli("settings", "-p", path, "quote-marker.min_words", "4")
    out = annotator_cli("settings", "-p", path)
    assert 'entity-tagger.backend = "spacy"' in out and "quote-marker.min_words = 4" in out
    with Project(path) as proj:
        assert proj.get_setting("quote-marker", "min_words") == 4
        assert proj.get_setting("core", "nlp.pipeline") == "rules"
    for bad, message in [(("core.nlp.pipeline", "xx_not_installed"), "not installed"),
                         (("nosuchplugin.key", "1"), "no plugin or scope named 'nosuchplugin'"),
                         (("nodot", "1"), "SCOPE.KEY")]:
        result = CliRunner().invoke(cli, ["settings", "-p", str(path), *bad])
        assert result.exit_code == 1 and message in result.output, result.output
    assert annotator_cli("settings", "-p", path, "core.nlp.pipeline").strip() == '"rules"'  # unchanged
