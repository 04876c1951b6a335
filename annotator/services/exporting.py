"""Export: dispatch to the exporter plugin for a format, writing to a temporary path that replaces the target
only when the exporter succeeded (a failed or cancelled export leaves no half-written file)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..specs import ExportFilters, ExportResult, TaskContext


class ExportError(Exception):
    pass


def export(project, format: str, path: Path, filters: ExportFilters, task: TaskContext) -> ExportResult:
    exporters = project.exporters()
    exporter = exporters.get(format)
    if exporter is None:
        raise ExportError(f"unknown export format {format!r} (available: {', '.join(sorted(exporters)) or 'none'})")
    path = Path(path)
    if path.suffix == "" and exporter.extension and not exporter.directory and not path.exists():
        path = path.with_suffix(exporter.extension)
    path.parent.mkdir(parents=True, exist_ok=True)
    if exporter.directory:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
    try:
        ok, result = project.host.guard(exporter.plugin, f"exporter {exporter.name}", exporter.write, project, tmp,
                                        filters, task)
        if not ok:
            raise ExportError(f"exporter {exporter.name} ({exporter.plugin}) failed: {result!r}; plugin disabled")
        task.check()
        if exporter.directory:
            if path.exists():
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            tmp.rename(path)
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink()
    if result is None:
        result = ExportResult(path)
    result.path = path
    return result
