"""Annotator: read several outlets' reports of one event side by side and annotate them.

This module is the public plugin API: everything a plugin needs is importable from here. Plugins never
import ``annotator.store`` or ``annotator.qt``.
"""

from .model import Annotation, Change, Document, Entity, Link
from .specs import (
    AttributeSpec,
    Cancelled,
    Cleaner,
    Command,
    EntitySuggestion,
    Exporter,
    ExportFilters,
    ExportResult,
    ImportBatch,
    Importer,
    ImportRefused,
    LabelSpec,
    LayerSpec,
    LinkSuggestion,
    Migration,
    NewDocument,
    Panel,
    SpanSuggestion,
    Suggester,
    TaskContext,
)
from .textio import decode_bytes
from .version import API_VERSION, __version__

__all__ = [
    "API_VERSION", "Annotation", "AttributeSpec", "Cancelled", "Change", "Cleaner", "Command", "Document", "EditError",
    "Entity", "EntitySuggestion", "ExportFilters", "ExportResult", "ExportView", "Exporter", "ImportBatch",
    "ImportRefused", "Importer", "LabelSpec", "LayerSpec", "Link", "LinkSuggestion", "Migration", "NewDocument",
    "Panel", "Project", "SpanSuggestion", "Suggester", "TaskContext", "__version__", "decode_bytes", "hookimpl",
]

# imported when first asked for, so that `annotator --help` pays neither for pluggy nor for the store
_LAZY = {"EditError": "services.project", "ExportView": "services.project", "Project": "services.project",
         "hookimpl": "hookspecs"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'annotator' has no attribute {name!r}")
