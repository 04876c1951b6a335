"""Export: dispatch to the exporter plugin for a format, writing to a temporary path that replaces the target
only when the exporter succeeded (a failed or cancelled export leaves no half-written file).

- The exporter reads the project in one read transaction (:meth:`Store.snapshot`): an export taken while
  others write is one state of the file, links' ends and counts included.
- The temporary ``.<name>.<pid>-<random>.part`` is made with the user's umask (not 0600) and replaced
  atomically; ``.part`` files left by a killed export (its process gone) are removed by the next export into
  the same folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from ..specs import ExportFilters, ExportResult, TaskContext


class ExportError(Exception):
    pass


def _part_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part"


def clean_stale_parts(folder: Path) -> list[Path]:
    """Remove the ``.part`` files and folders of exports whose process is gone. Returns what was removed."""
    removed = []
    try:
        entries = list(folder.glob(".*.part"))
    except OSError:
        return removed
    for entry in entries:
        tag = entry.name[:-len(".part")].rsplit(".", 1)[-1]  # "<pid>-<random>"
        pid_text = tag.split("-", 1)[0]
        if "-" not in tag or not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid == os.getpid() or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def export(project, format: str, path: Path, filters: ExportFilters, task: TaskContext) -> ExportResult:
    exporters = project.exporters()
    exporter = exporters.get(format)
    if exporter is None:
        raise ExportError(f"unknown export format {format!r} (available: {', '.join(sorted(exporters)) or 'none'})")
    path = Path(path)
    if path.suffix == "" and exporter.extension and not exporter.directory and not path.exists():
        path = path.with_suffix(exporter.extension)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_parts(path.parent)
    tmp = _part_name(path)
    if exporter.directory:
        tmp.mkdir()  # mode 0o777 less the umask
    else:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the user's umask applies
    try:
        with project._store.snapshot():  # one state of the file for the whole export
            ok, result = project.host.guard(exporter.plugin, f"exporter {exporter.name}", exporter.write, project,
                                            tmp, filters, task)
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
