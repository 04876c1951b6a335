"""Annotator: read several outlets' reports of one event side by side and annotate them.

This module is the public plugin API: everything a plugin needs is importable from here. Plugins never
import ``annotator.store`` or ``annotator.qt``. The shared text analysis and word lists are the public
submodules :mod:`annotator.analysis` and :mod:`annotator.lexicon`.
"""

from . import analysis, lexicon
from .hookspecs import hookimpl
from .model import Annotation, Change, Document, Entity, Link
from .services.project import EditError, ExportView, Project
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
from .version import __version__

__all__ = [
    "Annotation", "AttributeSpec", "Cancelled", "Change", "Cleaner", "Command", "Document", "EditError",
    "Entity", "EntitySuggestion", "ExportFilters", "ExportResult", "ExportView", "Exporter", "ImportBatch",
    "ImportRefused", "Importer", "LabelSpec", "LayerSpec", "Link", "LinkSuggestion", "Migration", "NewDocument",
    "Panel", "Project", "SpanSuggestion", "Suggester", "TaskContext", "__version__", "analysis",
    "decode_bytes", "hookimpl", "lexicon",
]
