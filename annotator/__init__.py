"""Annotator: read several outlets' reports of one event side by side and annotate them.

This module is the public plugin API: everything a plugin needs is importable from here. Plugins never
import ``annotator.store`` or ``annotator.qt``. The shared text analysis and word lists are the public
submodules :mod:`annotator.analysis`, :mod:`annotator.lexicon` and :mod:`annotator.knowledge` (places, first
names, nicknames and titles from data packages).

Names are loaded on first use (PEP 562), so ``annotator --help`` pays neither for the services, the store, pluggy
nor the dataclasses of the specs; ``from annotator import Project, hookimpl`` works as usual.
"""

from .version import API_VERSION as API_VERSION
from .version import __version__ as __version__

_WHERE = {
    "Annotation": "model", "Change": "model", "Document": "model", "Entity": "model", "Link": "model",
    "EditError": "services.project", "ExportView": "services.project", "Project": "services.project",
    "hookimpl": "hookspecs", "decode_bytes": "textio",
    **{name: "specs" for name in (
        "AttributeSpec", "Cancelled", "Cleaner", "Command", "EntitySuggestion", "Exporter", "ExportFilters",
        "ExportResult", "ImportBatch", "Importer", "ImportRefused", "LabelSpec", "LayerSpec", "LinkSuggestion",
        "Migration", "NewDocument", "Panel", "SpanSuggestion", "Suggester", "TaskContext")},
}
#: public submodules, imported on first use like the names above
_MODULES = ("analysis", "knowledge", "lexicon")

__all__ = sorted([*_WHERE, *_MODULES, "API_VERSION", "__version__"], key=str.lower)


def __getattr__(name: str):
    import importlib

    if name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        where = _WHERE.get(name)
        if where is None:
            raise AttributeError(f"module 'annotator' has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{where}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
