"""The documentation is checked like code (the datasette way): every hook in ``annotator/hookspecs.py`` has a
reference section in ``docs/plugins.md`` with its arguments, return value, when it is called and an example that
really loads as a plugin; the public API and the window API are all described; the complete example plugin shown
in the docs is the file in ``docs/examples`` and runs; the JSON Schema copied into ``docs/json-format.md`` is the
shipped one, and the example there validates."""

from __future__ import annotations

import inspect
import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

import annotator
from annotator import Project, hookspecs
from annotator.plugins import REGISTRATIONS, PluginHost
from annotator.window_api import WindowAPI

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PLUGINS_MD = (DOCS / "plugins.md").read_text(encoding="utf-8")
JSON_MD = (DOCS / "json-format.md").read_text(encoding="utf-8")
EXAMPLE = DOCS / "examples" / "annotator_hello"
CORE = ["core-cleaners", "core-readers", "core-json"]
sys.path.insert(0, str(ROOT / "tests" / "unit"))
from export_check import check_export  # noqa: E402

HOOKS = {name: fn for name, fn in vars(hookspecs).items() if callable(fn) and hasattr(fn, "annotator_spec")}


def section(markdown: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = markdown.index(heading + "\n")
    stop = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(markdown, start + len(heading))
    return markdown[start:stop.start() if stop else None]


def code_blocks(markdown: str, lang: str = "python") -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


def test_the_hooks_are_found():
    assert len(HOOKS) >= 12 and "register_layers" in HOOKS and "annotation_changed" in HOOKS


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_is_documented(name):
    args = ", ".join(inspect.signature(HOOKS[name]).parameters)
    heading = f"### `{name}({args})`"
    assert heading in PLUGINS_MD, f"docs/plugins.md lacks a section headed {heading}"
    text = section(PLUGINS_MD, heading)
    for part in ("**Arguments:**", "**Returns:**", "**Called:**"):
        assert part in text, f"the {name} section does not say {part}"
    (example,) = code_blocks(text)
    assert f"def {name}(" in example and "@hookimpl" in example
    assert "```python" in (HOOKS[name].__doc__ or ""), f"hookspecs.{name} has no example in its docstring"


def test_the_hook_reference_is_generated_from_hookspecs():
    """hookspecs.py is the single source: the section must be what its docstrings render to."""
    from annotator.plugin_kit.reference import hook_reference, replace_reference

    assert hook_reference() in PLUGINS_MD, ("docs/plugins.md's Hook reference differs from annotator/hookspecs.py: "
                                            "run python -m annotator.plugin_kit.reference --write docs/plugins.md")
    assert replace_reference(PLUGINS_MD) == PLUGINS_MD


def plugin_examples():
    return [block for block in code_blocks(PLUGINS_MD) if "@hookimpl" in block]


@pytest.mark.parametrize("index", range(len(plugin_examples())))
def test_every_plugin_example_in_the_docs_loads_and_registers(tmp_path, index):
    """Each example is written to a plugins folder and loaded by the real host; its register_* hooks must
    register valid specs without raising."""
    block = plugin_examples()[index]
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "doc_example.py").write_text(block)
    host = PluginHost(load=[*CORE, "doc-example"], plugin_dirs=[folder])
    info = host.info["doc-example"]
    assert info.status == "ok", info.errors
    for hook in info.hooks:
        if hook in REGISTRATIONS:
            specs = [s for s in host.collect(hook) if s.plugin == "doc-example"]
            assert specs, f"{hook} of the example registered nothing"
    assert host.info["doc-example"].status == "ok", host.info["doc-example"].errors


def test_every_public_name_is_described():
    missing = [name for name in annotator.__all__ if f"`{name}" not in PLUGINS_MD]
    assert not missing, f"docs/plugins.md does not mention {missing}"


def test_every_public_project_method_is_described():
    names = [n for n, _ in inspect.getmembers(Project) if not n.startswith("_") and n != "store"]
    missing = [n for n in names if f"`{n}(" not in PLUGINS_MD and f"`{n}`" not in PLUGINS_MD]
    assert not missing, f"docs/plugins.md (The Project API) does not describe Project.{missing}"


def test_every_window_api_method_is_described():
    text = section(PLUGINS_MD, "## The window API")
    methods = [n for n, v in vars(WindowAPI).items() if callable(v) and not n.startswith("_")]
    assert len(methods) >= 8
    for name in methods:
        assert f"`{name}(" in text, f"window API method {name} is not described"


def test_the_example_listing_is_the_example_file():
    marker = "<!-- example: examples/annotator_hello/annotator_hello.py -->\n```python\n"
    start = PLUGINS_MD.index(marker) + len(marker)
    listing = PLUGINS_MD[start:PLUGINS_MD.index("\n```\n", start) + 1]
    assert listing == (EXAMPLE / "annotator_hello.py").read_text(encoding="utf-8")
    assert 'hello = "annotator_hello"' in (EXAMPLE / "pyproject.toml").read_text()


def test_all_python_in_the_docs_compiles():
    for block in code_blocks(PLUGINS_MD):
        compile(block, "docs/plugins.md", "exec")


def test_the_example_plugin_from_the_docs_runs(tmp_path):
    host = PluginHost(load=[*CORE, "annotator-hello"], plugin_dirs=[EXAMPLE])
    project = Project(tmp_path / "hello.annotator", host=host, author="docs")
    project.import_paths([ROOT / "corpus"])
    report = project.suggest("figures")
    assert report.counts["figures"]["annotations"] >= 5
    counts = project.commands()["hello.count"].run(project, {})
    assert counts["AP: detained"] == 1 and counts["AFP: detained"] >= 1
    result = project.export("figures-tsv", tmp_path / "figures", annotator.ExportFilters(
        statuses=("accepted", "suggested")))
    rows = result.path.read_text(encoding="utf-8").splitlines()
    assert result.path.suffix == ".tsv" and rows[0].startswith("source\tlabel\ttext")
    assert any(row.startswith("AP\tdetained\tsome 7,000 people\t") for row in rows)
    project.close()


def test_the_testing_example_in_the_docs_passes(tmp_path, monkeypatch):
    block = next(b for b in code_blocks(PLUGINS_MD) if "def test_figures" in b)
    monkeypatch.syspath_prepend(str(EXAMPLE))
    namespace: dict = {}
    exec(compile(block, "docs/plugins.md", "exec"), namespace)
    namespace["test_figures"](tmp_path)


def test_json_format_doc_has_the_shipped_schema():
    shipped = json.loads((ROOT / "annotator" / "schemas" / "annotator-1.schema.json").read_text())
    (copy,) = [json.loads(b) for b in code_blocks(JSON_MD, "json") if '"$schema"' in b]
    assert copy == shipped


def test_json_format_example_is_valid():
    (example,) = [json.loads(b) for b in code_blocks(JSON_MD, "json") if '"format": "annotator/1"' in b]
    data = check_export(example)
    assert data["links"][0]["source"]["text"] == "Some 7,000 people were detained"
    properties = shipped_properties()
    for key in ("entity_id", "canonical_name", "speaker", "speaker_entity_id", "cue", "kind"):
        assert key in properties and f"`{key}`" in JSON_MD


def shipped_properties():
    schema = json.loads((ROOT / "annotator" / "schemas" / "annotator-1.schema.json").read_text())
    return schema["$defs"]["attributes"]["properties"]


def test_docs_do_not_promise_unknown_commands():
    from annotator.cli import cli

    for command in set(re.findall(r"^annotator (?:--plugins-dir \S+ )?([a-z]+)", PLUGINS_MD + JSON_MD, re.MULTILINE)):
        assert command in cli.commands, f"the docs show `annotator {command}`, which does not exist"


def test_section_helper():
    md = textwrap.dedent("""\
        ## A
        one
        ### `b(x)`
        two
        ### `c(y)`
        three
        ## D
        """)
    assert section(md, "### `b(x)`") == "### `b(x)`\ntwo\n"
    assert section(md, "## A").endswith("three\n")


def test_the_example_plugins_shortcuts_are_free_in_the_window(tmp_path):
    """Issue 18, finding 9: the example's command shortcut was the window's own (Ctrl+Shift+F: search the corpus)
    and silently ignored. Every key the example declares must reach it, beside every bundled plugin."""
    from annotator.qt.keymap import build_keymap

    host = PluginHost(plugin_dirs=[EXAMPLE])  # every installed plugin, and the example
    project = Project(tmp_path / "keys.annotator", host=host)
    keymap = build_keymap(project.layers(), project.commands(), project.panels(), "figure")
    mine = [c for c in keymap.conflicts if c.startswith("annotator-hello:")]
    assert not mine, mine
    assert keymap.bindings["Ctrl+Alt+F"].payload == "hello.count"
    assert keymap.bindings["F"].payload == "figure"
    project.close()


def test_the_annotator_testing_example_in_the_docs_passes(tmp_path, monkeypatch):
    """The fixtures example of "Testing a plugin", run by pytest itself with the example plugin installed as the
    entry point `hello` (a dist-info on sys.path, what pip leaves behind)."""
    block = next(b for b in code_blocks(PLUGINS_MD) if "def test_hello_loads_and_suggests" in b)
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from test_plugin_host import make_distribution

    site = tmp_path / "site"
    make_distribution(site, "annotator-hello", {"hello": "annotator_hello"}, {})
    monkeypatch.syspath_prepend(str(EXAMPLE))
    monkeypatch.syspath_prepend(str(site))
    import importlib

    importlib.invalidate_caches()
    (tmp_path / "test_hello_docs.py").write_text(block)
    assert pytest.main(["-q", "-p", "no:cacheprovider", str(tmp_path / "test_hello_docs.py")]) == 0
