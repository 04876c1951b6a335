"""Test support shared by the unit tests: a host with only the core plugins plus a small layer plugin (so these
tests never depend on the bundled NLP plugins), and helpers to make and reopen real project files."""

from __future__ import annotations

from pathlib import Path

from annotator import LabelSpec, LayerSpec, Project, hookimpl
from annotator.plugins import PluginHost

CORE = ("core-cleaners", "core-readers", "core-json")
ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


class TestLayers:
    """Declares the layers the unit tests annotate with (the core itself declares none)."""

    __test__ = False  # not a pytest test class

    @hookimpl
    def register_layers(self, register):
        register(LayerSpec("entity", "Entities", labels=(LabelSpec("PERSON", "#ef9a9a", "1"), LabelSpec("ORG"),
                                                          LabelSpec("GPE"))))
        register(LayerSpec("quote", "Quotes", labels=(LabelSpec("quote"),)))
        register(LayerSpec("claim", "Claims", labels=(LabelSpec("claim"),)))
        register(LayerSpec("contradiction", "Contradictions", kind="link",
                           labels=(LabelSpec("contradicts"), LabelSpec("agrees"))))


def core_host(*extra: tuple[str, object], plugin_dirs=(), load=CORE) -> PluginHost:
    """A real host: the core entry points (optionally more), the test layers, and ``extra`` (name, object)."""
    host = PluginHost(load=list(load), plugin_dirs=plugin_dirs)
    host.register_object(TestLayers(), "test-layers")
    for name, obj in extra:
        host.register_object(obj, name)
    return host


def open_project(path: Path, *extra, author: str = "tester", **kw) -> Project:
    return Project(path, host=core_host(*extra, **kw), author=author)
