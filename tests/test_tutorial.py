"""The "Your first plugin" tutorial of docs/plugins.md, run literally: every line of its ``bash`` block, in order,
in a scratch folder with a scratch virtual environment layered over the test environment (so ``pip install -e``
never touches the environment running the tests). ``annotator`` runs as ``python -m annotator`` of that venv and
``pip`` gets ``--no-deps --no-build-isolation`` (offline, fast). Then: the scaffold's own tests passed, the plugin
is listed, its suggester stored proposals, ``plugin check`` is clean.

Marked ``slow`` (``-m "not slow"`` skips it; CI runs everything). The in-process variant (the scaffold's tests
run by pytest in this process, with the package on sys.path) stays fast and runs in the default suite as well."""

from __future__ import annotations

import os
import re
import shlex
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGINS_MD = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def tutorial_lines() -> list[str]:
    start = PLUGINS_MD.index("<!-- tutorial -->\n```bash\n") + len("<!-- tutorial -->\n```bash\n")
    return [line for line in PLUGINS_MD[start:PLUGINS_MD.index("```", start)].splitlines() if line.strip()]


def scratch_venv(folder: Path) -> Path:
    """A venv whose site-packages adds this environment's (annotator, pytest, pip, setuptools are found there)."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "_annotator_test_env.pth").write_text(
        "".join(f"import site; site.addsitedir({p!r})\n" for p in ours))
    return python


def command(line: str, python: Path) -> list[str]:
    args = shlex.split(line)
    if args[0] == "annotator":
        return [str(python), "-m", "annotator", *args[1:]]
    if args[0] == "python":
        args = [str(python), *args[1:]]
        if args[1:4] == ["-m", "pip", "install"]:
            args[4:4] = ["--no-deps", "--no-build-isolation", "-q"]
        return args
    raise AssertionError(f"the tutorial runs {line!r}, which this test does not know how to follow")


@pytest.mark.slow  # ~40 s on the shared CI machine; .ci/run runs it after the default suite (-m slow)
def test_the_tutorial_runs_from_scaffold_to_a_listed_working_plugin(tmp_path):
    python = scratch_venv(tmp_path / "venv")
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "ANNOTATOR_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ANNOTATOR_LOAD_PLUGINS", None)
    outputs = {}
    for line in tutorial_lines():
        result = subprocess.run(command(line, python), cwd=work, env=env, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, (line, result.stdout[-3000:], result.stderr[-3000:])
        outputs[line] = result.stdout
    tests = next(v for k, v in outputs.items() if "pytest" in k)
    assert re.search(r"\b[5-9] passed\b", tests), tests
    listed = next(v for k, v in outputs.items() if k.strip() == "annotator plugins")
    assert re.search(r"^vote-counts\s+0\.1\.0\s+ok\s+register_exporters, register_layers, register_suggesters$",
                     listed, re.MULTILINE), listed
    suggested = next(v for k, v in outputs.items() if k.startswith("annotator suggest"))
    assert re.search(r"vote-counts: [1-9]\d* annotations", suggested), suggested
    assert next(v for k, v in outputs.items() if "plugin check" in k).strip().endswith("OK")


def test_the_scaffold_tests_pass_in_process(tmp_path, monkeypatch):
    """Fast variant: scaffold with every part, put the package on sys.path as an entry point would, run its tests."""
    from annotator.plugin_kit.scaffold import scaffold

    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from test_plugin_host import make_distribution

    root = scaffold("inproc-tally", tmp_path, layer=True, suggester=True, exporter=True, panel=True)
    site_dir = tmp_path / "site"
    make_distribution(site_dir, "annotator-inproc-tally", {"inproc-tally": "annotator_inproc_tally"}, {})
    for name in [m for m in sys.modules if m.split(".")[0] == "annotator_inproc_tally"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.syspath_prepend(str(site_dir))
    import importlib

    importlib.invalidate_caches()
    assert pytest.main(["-q", "-p", "no:cacheprovider", str(root / "tests")]) == 0
