"""In-test plugins for the GUI tests: a span layer with labels, a claim layer with a letter shortcut, a link
layer, a command, a compare-view link command and a dock panel; and a plugin that raises everywhere.

They use only the public plugin API, exactly as a third-party plugin would.
"""

from __future__ import annotations

from pathlib import Path

from annotator import AttributeSpec, Command, LabelSpec, LayerSpec, Panel, SpanSuggestion, Suggester, hookimpl

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


class DemoPlugin:
    """Declares ``mention`` (PERSON/PLACE/ORG), ``claim`` (label ``claim``, key C), link layer ``relation``."""

    def __init__(self):
        self.panel_widget = None
        self.runs: list[dict] = []

    @hookimpl
    def register_layers(self, register):
        register(LayerSpec("mention", title="Mentions", labels=(
            LabelSpec("PERSON", "#ef9a9a", description="a named person"),
            LabelSpec("PLACE", "#90caf9"),
            LabelSpec("ORG", "#a5d6a7"))))
        register(LayerSpec("claim", title="Claims", labels=(LabelSpec("claim", "#ffcc80", "C"),), attributes=(
            AttributeSpec("confidence", "choice", ("low", "high")), AttributeSpec("checked", "bool"))))
        register(LayerSpec("relation", title="Relations", kind="link", link_ends=("claim",),
                           labels=(LabelSpec("contradicts", "#e53935"),)))

    @hookimpl
    def register_commands(self, register):
        def count(project, context):
            self.runs.append(dict(context))
            doc = context.get("document_id")
            n = len(project.annotations(document_id=doc)) if doc else 0
            return f"{n} annotations here"

        def link(project, context):
            window = context["window"]
            left, right = window.compare_selections()
            if left is None or right is None:
                return "select a span in each pane"
            with project.batch():
                a = project.add_annotation(left[0], left[1], left[2], "claim", "claim")
                b = project.add_annotation(right[0], right[1], right[2], "claim", "claim")
                project.add_link(a.id, b.id, "relation", "contradicts")
            return "linked"

        register(Command("demo.count", "Count annotations here", count, shortcut="Ctrl+Alt+W", menu="Demo",
                         toolbar=True))
        register(Command("demo.link", "Link the two selections", link, shortcut="L", menu="Demo/Compare"))

    @hookimpl
    def register_panels(self, register):
        def factory(project, window):
            from PySide6.QtWidgets import QLabel

            self.panel_widget = QLabel(f"{len(project.documents())} documents; layer {window.active_layer()}")
            self.panel_widget.setObjectName("demoPanelLabel")
            return self.panel_widget

        register(Panel("demo.panel", "Demo panel", factory, area="right"))

    @hookimpl
    def register_suggesters(self, register):
        def suggest(project, documents, task):
            import re

            for i, doc in enumerate(documents):
                task.check()
                for m in re.finditer(r"\bMinsk\b", doc.text):
                    yield SpanSuggestion(doc.id, m.start(), m.end(), "mention", "PLACE", reason="city name")
                for m in re.finditer(r"\bPutin\b", doc.text):
                    yield SpanSuggestion(doc.id, m.start(), m.end(), "mention", "PERSON", reason="known name")
                task.progress(i + 1, len(documents), doc.title)

        register(Suggester("demo-names", suggest, title="Demo names", layers=("mention",)))


class RaisingPlugin:
    """Raises in its panel factory and its command."""

    @hookimpl
    def register_panels(self, register):
        def factory(project, window):
            raise RuntimeError("panel factory exploded")

        register(Panel("bad.panel", "Bad panel", factory))

    @hookimpl
    def register_commands(self, register):
        def run(project, context):
            raise ZeroDivisionError("command exploded")

        register(Command("bad.cmd", "Explode", run, shortcut="Ctrl+Alt+X", menu="Bad"))


class RaisingCommandPlugin:
    """A plugin whose panel works but whose command raises."""

    @hookimpl
    def register_panels(self, register):
        def factory(project, window):
            from PySide6.QtWidgets import QLabel

            return QLabel("fragile")

        register(Panel("fragile.panel", "Fragile panel", factory, area="bottom"))

    @hookimpl
    def register_commands(self, register):
        def run(project, context):
            raise KeyError("boom")

        register(Command("fragile.cmd", "Fragile command", run, menu="Fragile"))
