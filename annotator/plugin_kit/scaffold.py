"""``annotator plugin new NAME``: write a ready plugin package (pyproject with the entry point, the chosen
contributions with comments, a README, tests that run with the ``annotator.testing`` fixtures)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from ..version import API_VERSION

NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PARTS = ("layer", "suggester", "exporter", "panel")


class ScaffoldError(ValueError):
    """The plugin cannot be written (bad name, folder exists): nothing was written."""


def api_range() -> str:
    major, minor = API_VERSION.split(".")[:2]
    return f">={major}.{minor},<{int(major) + 1}"


def scaffold(name: str, parent: Path, *, layer: bool = False, suggester: bool = False, exporter: bool = False,
             panel: bool = False) -> Path:
    """Write the package ``annotator-NAME`` into ``parent``; returns its folder. Without any part chosen, a layer
    and a suggester are written. A suggester needs a layer to propose into, so it brings one."""
    if not NAME.match(name):
        raise ScaffoldError(f"plugin name {name!r}: use lower-case letters, digits and single hyphens "
                            "(e.g. 'figures' or 'vote-counts')")
    if not (layer or suggester or exporter or panel):
        layer = suggester = True
    layer = layer or suggester
    package = "annotator_" + name.replace("-", "_")
    root = Path(parent) / f"annotator-{name}"
    if root.exists():
        raise ScaffoldError(f"{root} exists already")
    title = name.replace("-", " ").title()
    files = {
        "pyproject.toml": _pyproject(name, package),
        "README.md": _readme(name, package, layer, suggester, exporter, panel),
        f"{package}/__init__.py": _module(name, title, layer, suggester, exporter, panel),
        "tests/test_plugin.py": _tests(name, layer, suggester, exporter, panel),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _pyproject(name: str, package: str) -> str:
    return textwrap.dedent(f"""\
        [build-system]
        requires = ["setuptools>=70.1"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "annotator-{name}"
        version = "0.1.0"
        description = "An Annotator plugin"
        requires-python = ">=3.11"
        dependencies = ["annotator-workbench"]

        [project.optional-dependencies]
        test = ["pytest>=8"]

        # the entry point is what makes Annotator find the plugin: its name is the plugin's name
        [project.entry-points."annotator.plugins"]
        {name} = "{package}"

        [tool.setuptools]
        packages = ["{package}"]

        [tool.pytest.ini_options]
        testpaths = ["tests"]
        """)


def _readme(name: str, package: str, layer: bool, suggester: bool, exporter: bool, panel: bool) -> str:
    parts = [p for p, on in zip(PARTS, (layer, suggester, exporter, panel)) if on]
    return textwrap.dedent(f"""\
        # annotator-{name}

        An [Annotator](https://example.invalid/annotator) plugin contributing: {", ".join(parts)}.
        Written by `annotator plugin new {name}`; the code is in `{package}/__init__.py`.

        ```bash
        python -m pip install -e .          # Annotator finds it through its entry point
        python -m pytest                    # its tests (fixtures from annotator.testing)
        annotator plugins                   # {name} is listed, status ok
        annotator plugin check .            # hooks, contributions, conflicts, API compatibility
        ```
        """) + (f"\nPre-annotate a project with `annotator suggest -p study.annotator --plugin {name}`.\n"
                if suggester else "")


def _module(name: str, title: str, layer: bool, suggester: bool, exporter: bool, panel: bool) -> str:
    names = ["hookimpl"]
    if layer:
        names += ["LabelSpec", "LayerSpec"]
    if suggester:
        names += ["SpanSuggestion", "Suggester"]
    if exporter:
        names += ["ExportResult", "Exporter"]
    if panel:
        names += ["Panel"]
    imports = ",\n".join(f"    {n}" for n in sorted(names, key=lambda n: (n[0].islower(), n.lower())))
    out = [f'''"""annotator-{name}: an Annotator plugin (written by `annotator plugin new`).

Each `@hookimpl` function below is one kind of contribution; delete what you do not need. The hook reference is
in Annotator's docs/plugins.md ("Hook reference"). Import only from `annotator` (and `annotator.window_api`).
"""

from __future__ import annotations
{"" if not suggester else chr(10) + "import re" + chr(10)}
from annotator import (
{imports},
)

__version__ = "0.1.0"
# the Annotator plugin API versions this plugin works with; outside this range Annotator refuses to load it
ANNOTATOR_API = "{api_range()}"

PLUGIN = "{name}"
''']
    if layer:
        out.append(f'''LAYER = "{name}"


@hookimpl
def register_layers(register):
    # a span layer with its labels. A label's shortcut is a key such as "1"; keep clear of the window's own keys
    # (Ctrl+Z, Ctrl+F, Ctrl+Shift+F...): `annotator plugin check` and the Plugins dialog report conflicts.
    register(LayerSpec(LAYER, title="{title}", labels=(
        LabelSpec("number", "#ffcc80", description="a figure in the text"),
    )))
''')
    if suggester:
        out.append(r'''
NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")


def suggest(project, documents, task):
    """Propose every number as a `number` annotation: replace this rule with your own."""
    for done, doc in enumerate(documents):
        task.check()  # raises Cancelled when the user presses Cancel; then nothing of the run is stored
        for m in NUMBER.finditer(doc.text):  # offsets are code points into doc.text, end-exclusive
            yield SpanSuggestion(doc.id, m.start(), m.end(), LAYER, "number", reason="a number")
        task.progress(done + 1, len(documents), doc.title)


@hookimpl
def register_suggesters(register):
    # run with `annotator suggest --plugin NAME` or from the window's Suggest menu; proposals await review
    register(Suggester(PLUGIN, suggest, title="Find numbers", layers=(LAYER,)))
''')
    if exporter:
        out.append(r'''

def write_tsv(project, path, filters, task):
    """One row per exported annotation: document, layer, label, text. `filters` (statuses, layers...) apply."""
    rows = project.export_rows(filters)  # the one read model of exports: streaming, deterministic
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("document_id\tlayer\tlabel\ttext\n")
        for ann in rows.annotations():
            task.check()
            text = ann["text"].replace("\t", " ").replace("\n", " ")
            out.write(f"{ann['document_id']}\t{ann['layer']}\t{ann['label']}\t{text}\n")
            count += 1
    return ExportResult(path, {"annotations": count})


@hookimpl
def register_exporters(register):
    # `annotator export -f NAME-tsv -o out.tsv`; the file is written to a temporary path and moved into place
    register(Exporter(f"{PLUGIN}-tsv", write_tsv, extension=".tsv", description="Annotations as a table"))
''')
    if panel:
        out.append(f'''

@hookimpl
def register_panels(register):
    def factory(project, window):
        # Qt only inside the factory: headless use never imports it
        from PySide6.QtWidgets import QLabel

        label = QLabel()

        def refresh(changes=()):
            label.setText(f"{{len(project.annotations())}} annotations")

        # owner=label: the subscriptions end when the label is destroyed (panel closed or rebuilt)
        project.subscribe(refresh, owner=label)
        project.subscribe_outside(refresh, owner=label)
        refresh()
        return label

    register(Panel(f"{{PLUGIN}}.panel", "{title}", factory, area="right"))
''')
    return "\n".join(out).rstrip() + "\n"


def _tests(name: str, layer: bool, suggester: bool, exporter: bool, panel: bool) -> str:
    out = [f'''"""Tests of annotator-{name}: `python -m pytest`. The fixtures (annotator_host, annotator_project,
annotator_sample, annotator_window) come from `annotator.testing`, installed with Annotator."""

from __future__ import annotations

import pytest{"" if not exporter else chr(10) + "from annotator import ExportFilters"}


@pytest.fixture
def annotator_plugins():
    return ["{name}"]  # load the core plugins and this one, nothing else


def test_the_plugin_loads(annotator_host):
    info = annotator_host.info["{name}"]
    assert info.status == "ok", info.errors
    assert info.conflicts == []
''']
    if layer:
        out.append(f'''
def test_the_layer_is_declared(annotator_project):
    layer = annotator_project.layer("{name}")
    assert layer.plugin == "{name}" and [label.name for label in layer.labels] == ["number"]
''')
    if suggester:
        out.append(f'''
def test_the_suggester_proposes_numbers(annotator_sample):
    report = annotator_sample.suggest("{name}")
    assert report.counts["{name}"]["annotations"] > 0, report.errors
    for ann in annotator_sample.annotations(status="suggested"):
        assert annotator_sample.text(ann.document_id)[ann.start:ann.end][0].isdigit()
    assert annotator_sample.suggest("{name}").counts.get("{name}", {{}}).get("annotations", 0) == 0  # no repeats
''')
    if exporter:
        out.append(f'''
def test_the_exporter_writes_a_table(annotator_sample, tmp_path):
    {"annotator_sample.suggest(" + repr(name) + ")" if suggester else "pass"}
    result = annotator_sample.export("{name}-tsv", tmp_path / "out", ExportFilters(statuses=("accepted", "suggested")))
    lines = result.path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "document_id\\tlayer\\tlabel\\ttext"
    assert len(lines) - 1 == result.counts["annotations"]
''')
    if panel:
        out.append(f'''
def test_the_panel_is_registered(annotator_project):
    assert [p.id for p in annotator_project.panels()] == ["{name}.panel"]
''')
    out.append('''
def test_a_headless_window_for_commands(annotator_window, annotator_sample):
    doc = annotator_sample.documents()[0]
    annotator_window.open_document(doc.id, 0, 5)
    assert annotator_window.current_document_id() == doc.id
''')
    return "".join(out)
