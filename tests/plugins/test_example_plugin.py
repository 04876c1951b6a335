"""The example plugin of docs/plugins.md (docs/examples/annotator_hello), loaded the two ways a user installs a
plugin, and run end to end on the sample corpus: its suggester, its exporter and its command.

Entry-point discovery is proven without pip: a ``*.dist-info`` folder with the example's ``entry_points.txt`` is
put on ``sys.path`` (exactly what ``pip install`` leaves in site-packages), so ``importlib.metadata`` finds it."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "annotator_hello"
CORE = "core-cleaners,core-readers,core-json"
sys.path.insert(0, str(ROOT / "tests" / "unit"))
from export_check import check_export  # noqa: E402


def install_entry_point(site: Path) -> None:
    """What `pip install docs/examples/annotator_hello` would leave behind, built from its pyproject.toml."""
    meta = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())
    project = meta["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    eps = configparser.ConfigParser()
    eps.optionxform = str
    eps["annotator.plugins"] = project["entry-points"]["annotator.plugins"]
    with open(info / "entry_points.txt", "w") as fh:
        eps.write(fh)
    for module in meta["tool"]["setuptools"]["py-modules"]:
        shutil.copy(EXAMPLE / f"{module}.py", site / f"{module}.py")


def workflow(runner_env: dict, tmp_path: Path, *global_args: str) -> None:
    runner = CliRunner(env=runner_env)

    def run(*args):
        result = runner.invoke(cli, [*global_args, *map(str, args)])
        assert result.exit_code == 0, (args, result.output)
        return result.output

    project = tmp_path / "hello.annotator"
    run("new", project, "--sample")
    assert "figures: 9 annotations" in run("suggest", "-p", project, "--plugin", "figures")
    counts = json.loads(run("run", "-p", project, "hello.count"))
    assert counts == {"AFP: detained": 2, "AP: detained": 1, "CBC: detained": 1, "CBC: other": 2,
                      "The Moscow Times: detained": 2, "The Moscow Times: other": 1}
    assert "wrote" in run("export", "-p", project, "-f", "figures-tsv", "-o", tmp_path / "figures",
                          "--include-suggestions")
    rows = (tmp_path / "figures.tsv").read_text().splitlines()
    assert len(rows) == 10 and rows[1].startswith("AP\tdetained\tsome 7,000 people\t")
    # the plugin's layer travels in the JSON dataset too, and every span's text is right
    run("export", "-p", project, "-o", tmp_path / "all.json", "--include-suggestions", "--layer", "figure")
    data = check_export(tmp_path / "all.json")
    assert {a["text"] for a in data["annotations"]} >= {"some 7,000 people", "at least 6,700 people"}
    assert any(layer["name"] == "figure" for layer in data["layers"])


def test_as_a_single_file_in_a_plugins_folder(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    shutil.copy(EXAMPLE / "annotator_hello.py", folder / "hello.py")
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", f"{CORE},hello")
    workflow({}, tmp_path, "--plugins-dir", str(folder))


def test_as_an_installed_distribution_with_an_entry_point(tmp_path, monkeypatch):
    install_entry_point(tmp_path / "site")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("ANNOTATOR_LOAD_PLUGINS", f"{CORE},hello")
    monkeypatch.delitem(sys.modules, "annotator_hello", raising=False)
    listed = json.loads(CliRunner().invoke(cli, ["plugins", "--json"]).output)
    (hello,) = [p for p in listed if p["name"] == "hello"]
    assert hello["status"] == "ok" and hello["version"] == "1.0.0"
    assert hello["source"] == "entry point (annotator-hello)"
    assert hello["hooks"] == ["register_commands", "register_exporters", "register_layers", "register_suggesters"]
    workflow({}, tmp_path)


def test_entry_point_in_a_fresh_interpreter(tmp_path):
    install_entry_point(tmp_path / "site")
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"), ANNOTATOR_HOME=str(tmp_path / "home"),
               ANNOTATOR_LOAD_PLUGINS=f"{CORE},hello")
    out = subprocess.run([sys.executable, "-m", "annotator", "plugins"], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    line = next(line for line in out.stdout.splitlines() if line.startswith("hello "))
    assert "1.0.0" in line and "ok" in line and "register_suggesters" in line
