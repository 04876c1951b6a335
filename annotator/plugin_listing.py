"""What the listing commands show (``annotator plugins``, ``formats``, ``export --help``), without importing every
plugin when nothing changed.

The first run loads the plugins in a real :class:`~annotator.plugins.PluginHost` and stores the listing (each
plugin's info and conflicts, the importers' and exporters' names, extensions and descriptions) in the user data
folder, keyed by a fingerprint of everything that could change it: Annotator's version, the entry points with
their distributions' versions, the size and modification time of every ``.py`` file of each plugin's package and
of each plugins-folder file, and ``ANNOTATOR_LOAD_PLUGINS``. Later runs with the same fingerprint read the
stored listing (a static manifest learnt from the plugins, in the spirit of npe2's). A listing with a failed
plugin is never stored, so a fixed dependency shows at once. Commands that use plugins always load them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
from pathlib import Path
from typing import Any

import orjson

from .plugin_names import DIRS_ENV, ENTRY_POINT_GROUP, LOAD_ENV
from .version import API_VERSION, __version__

FILE_NAME = "plugin-listing.json"


def _files_signature(paths: list[Path]) -> list[tuple[str, int, int]]:
    out = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return out


@functools.cache
def _package_files(module: str) -> list[Path]:
    """The ``.py`` files of the top-level package holding ``module``, found without importing it."""
    return _top_files(module.split(":")[0].split(".")[0])


@functools.cache
def _top_files(top: str) -> list[Path]:
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        files: list[Path] = []
        for location in spec.submodule_search_locations:
            files.extend(sorted(p for p in Path(location).rglob("*.py") if "__pycache__" not in p.parts))
        return files
    return [Path(spec.origin)] if spec.origin else []


def path_signature() -> list[tuple[str, int]]:
    """The modification times of the import path's folders: installing or removing a distribution adds or removes
    its ``*.dist-info`` folder there, so an unchanged signature means unchanged entry points."""
    import sys

    out = []
    here = os.getcwd()
    for entry in sys.path:
        if not entry or entry == here or not entry.endswith(("site-packages", "dist-packages")):
            continue  # the working folder changes all the time; distributions live in site-packages
        try:
            out.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            continue
    return out


def entry_points() -> list[tuple[str, str, str, str]]:
    """(name, value, distribution, version) of every ``annotator.plugins`` entry point (reads every dist-info)."""
    out = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        out.append((ep.name, ep.value, getattr(dist, "name", "") or "", getattr(dist, "version", "") or ""))
    return sorted(out)


def fingerprint(plugin_dirs: list[Path], eps: list | None = None) -> str:
    parts: list[Any] = [__version__, API_VERSION, os.environ.get(LOAD_ENV), os.environ.get(DIRS_ENV)]
    for name, value, dist, version in (entry_points() if eps is None else eps):
        parts.append((name, value, dist, version, _files_signature(_package_files(value))))
    for folder in plugin_dirs:
        parts.append((str(folder), _files_signature(sorted(Path(folder).glob("*.py")) if folder.is_dir() else [])))
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()


def _spec_row(spec: Any) -> dict[str, Any]:
    return {"name": spec.name, "description": spec.description, "plugin": spec.plugin,
            "extensions": list(getattr(spec, "extensions", ()) or ()), "extension": getattr(spec, "extension", "")}


def build(host) -> dict[str, Any]:
    """The listing of a loaded host."""
    return {
        "plugins": [info.to_dict() for info in host.plugins()],
        "importers": sorted((_spec_row(s) for s in host.collect("register_importers")), key=lambda r: r["name"]),
        "exporters": sorted((_spec_row(s) for s in host.collect("register_exporters")), key=lambda r: r["name"]),
    }


def listing(plugin_dirs: list[Path], make_host) -> tuple[dict[str, Any], bool]:
    """(the listing, whether it came from the stored manifest). ``make_host()`` builds the real host when needed."""
    from .config import data_dir

    path = data_dir() / "cache" / FILE_NAME
    paths = [list(p) for p in path_signature()]
    try:
        stored = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        stored = {}
    if not isinstance(stored, dict):
        stored = {}
    eps = [tuple(e) for e in stored["entry_points"]] if stored.get("paths") == paths else entry_points()
    key = fingerprint(plugin_dirs, eps)
    if stored.get("fingerprint") == key and "listing" in stored:
        return stored["listing"], True
    if stored.get("paths") == paths:  # the path is unchanged but a plugin's files are: read entry points afresh
        eps = entry_points()
        key = fingerprint(plugin_dirs, eps)
    result = build(make_host())
    if all(p["status"] in ("ok", "disabled") for p in result["plugins"]):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(orjson.dumps({"fingerprint": key, "paths": paths, "entry_points": eps,
                                          "listing": result}))
            os.replace(tmp, path)
        except OSError:  # a read-only home: list without storing
            pass
    return result, False
