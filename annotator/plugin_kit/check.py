"""``annotator plugin check PATH``: load one plugin in a fresh host beside every installed plugin and report its
hooks, contributions, name conflicts, shortcut clashes with the window, and API compatibility."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..plugins import ENTRY_POINT_GROUP, PluginHost, api_compatible
from ..version import API_VERSION


@dataclass
class CheckReport:
    name: str
    source: str
    status: str = "ok"
    version: str = ""
    api: str = ""
    api_ok: bool = True
    hooks: list[str] = field(default_factory=list)
    contributions: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.api_ok and not self.conflicts

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "ok": self.ok, "api_version": API_VERSION}

    def lines(self) -> list[str]:
        out = [f"plugin {self.name} {self.version}".rstrip() + f"  ({self.source})",
               f"status: {self.status}",
               f"API: {self.api or 'any (declare ANNOTATOR_API)'}; this Annotator: {API_VERSION} "
               f"({'compatible' if self.api_ok else 'INCOMPATIBLE'})",
               f"hooks: {', '.join(self.hooks) or '-'}"]
        for kind, names in self.contributions.items():
            out.append(f"{kind}s: {', '.join(names)}")
        out += [f"conflict: {c}" for c in self.conflicts]
        out += [f"error: {e.splitlines()[0]}" for e in self.errors]
        out.append("OK" if self.ok else "PROBLEMS FOUND")
        return out


def _load_target(path: Path) -> tuple[str, Any, str]:
    """(plugin name, module object, source) for a single-file plugin or a package folder with a pyproject."""
    if path.is_file() and path.suffix == ".py":


        name = path.stem.replace("_", "-")
        spec = importlib.util.spec_from_file_location(f"annotator_checked.{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return name, module, str(path)
    pyproject = path / "pyproject.toml"
    if not pyproject.is_file():
        raise FileNotFoundError(f"{path} is neither a plugin .py file nor a folder with a pyproject.toml")
    meta = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    eps = meta.get("project", {}).get("entry-points", {}).get(ENTRY_POINT_GROUP, {})
    if len(eps) != 1:
        raise ValueError(f"{pyproject} declares {len(eps)} entry points in the group {ENTRY_POINT_GROUP!r}; "
                         "expected one")
    ((name, target),) = eps.items()
    module_name = target.split(":")[0]
    if str(path.resolve()) in sys.path:
        sys.path.remove(str(path.resolve()))
    sys.path.insert(0, str(path.resolve()))
    top = module_name.split(".")[0]
    for loaded in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
        if not str(getattr(sys.modules[loaded], "__file__", "") or "").startswith(str(path.resolve())):
            del sys.modules[loaded]  # another copy of the same package (an earlier check): load this one
    importlib.invalidate_caches()
    module = importlib.import_module(module_name)
    if ":" in target:
        module = getattr(module, target.split(":")[1])
    return name, module, f"{pyproject}"


def check_plugin(path: str | Path) -> CheckReport:
    path = Path(path)
    try:
        name, obj, source = _load_target(path)
    except Exception as exc:
        report = CheckReport(name=path.stem, source=str(path), status="failed")
        report.errors.append(f"import failed: {type(exc).__name__}: {exc}")
        return report
    host = PluginHost()  # every installed plugin: conflicts with them are what a user would meet
    installed = host.info.get(name)
    if installed is not None and installed.module.split(":")[0] == getattr(obj, "__name__", ""):
        host.pm.unregister(name=name)  # the same plugin installed (pip install -e .): check this copy
        host.info.pop(name)
        host.reset_registry()
    elif installed is not None:
        name = f"{name} (checked)"
    info = host.register_object(obj, name, version=str(getattr(obj, "__version__", "")), source=source)
    report = CheckReport(name=name, source=source, version=info.version, api=info.api, hooks=list(info.hooks))
    report.api_ok = not info.api or _api_ok(info.api)
    registry = host.registry()
    report.status = info.status
    for c in sorted(registry.of(name), key=lambda c: c.rank):
        report.contributions.setdefault(c.kind, []).append(c.name)
    report.conflicts = [c.message for c in registry.conflicts if name in (c.winner, c.loser)]
    report.conflicts += _shortcut_clashes(host, name)
    report.errors = list(info.errors)
    return report


def _api_ok(spec: str) -> bool:
    try:
        return api_compatible(spec)
    except ValueError:
        return False


def _shortcut_clashes(host: PluginHost, name: str) -> list[str]:
    """Keys the plugin declares that the window keeps for itself (only when Qt is installed)."""
    try:
        from ..qt.keymap import build_keymap
    except Exception:  # no Qt: the key check needs QKeySequence
        return []
    layers = {s.name: s for s in host.collect("register_layers")}
    commands = {s.id: s for s in host.collect("register_commands")}
    keymap = build_keymap(layers, commands, host.collect("register_panels"), None)
    return [c for c in keymap.conflicts if c.startswith(f"{name}:")]


