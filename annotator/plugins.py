"""The plugin host: discovery (entry points in the ``annotator.plugins`` group, and single-file plugins from
plugins folders), registration of what plugins contribute, and failure isolation.

There is no module-global plugin manager: each :class:`PluginHost` owns one, so tests and the window can
build their own. Built-in plugins are ordinary entry points of the ``annotator`` distribution, discovered
exactly like third-party ones. ``ANNOTATOR_LOAD_PLUGINS`` (comma-separated names) limits which load.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import importlib.util
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .specs import Cancelled, Cleaner, Command, Exporter, Importer, LayerSpec, Migration, Panel, Suggester

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "annotator.plugins"
LOAD_ENV = "ANNOTATOR_LOAD_PLUGINS"
DIRS_ENV = "ANNOTATOR_PLUGINS_DIR"

REGISTRATIONS: dict[str, type] = {
    "register_layers": LayerSpec,
    "register_cleaners": Cleaner,
    "register_importers": Importer,
    "register_exporters": Exporter,
    "register_suggesters": Suggester,
    "register_commands": Command,
    "register_panels": Panel,
    "register_migrations": Migration,
}
_NAME_FIELD = {Command: "id", Panel: "id"}


@dataclass
class PluginInfo:
    """What the host knows of one plugin: shown by ``annotator plugins`` and the Plugins dialog."""

    name: str
    version: str = ""
    source: str = ""  # "entry point <dist>" or the file path
    module: str = ""
    hooks: list[str] = field(default_factory=list)
    status: str = "ok"  # ok | failed | disabled
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class PluginHost:
    """Loads plugins and calls their hooks, one plugin at a time, so one failure never stops the others."""

    def __init__(
        self,
        *,
        plugin_dirs: Iterable[str | Path] = (),
        load: Iterable[str] | None = None,
        disabled: Iterable[str] = (),
        entry_points: bool = True,
    ):
        self.pm = pluggy.PluginManager("annotator")
        self.pm.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self.disabled: set[str] = set(disabled)
        self._listeners: list[Callable[[PluginInfo, str], None]] = []
        env = os.environ.get(LOAD_ENV)
        if load is None and env is not None:
            load = [n.strip() for n in env.split(",") if n.strip()]
        self.only: set[str] | None = set(load) if load is not None else None
        if entry_points:
            self._load_entry_points()
        dirs = list(plugin_dirs)
        if os.environ.get(DIRS_ENV):
            dirs.extend(os.environ[DIRS_ENV].split(os.pathsep))
        for d in dirs:
            self.load_folder(Path(d))

    # ------------------------------------------------------------------------------------- discovery

    def _wanted(self, name: str) -> bool:
        return self.only is None or name in self.only

    def _load_entry_points(self) -> None:
        eps = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        for ep in sorted(eps, key=lambda e: e.name):
            if not self._wanted(ep.name) or ep.name in self.info:
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(
                name=ep.name,
                version=getattr(dist, "version", "") or "",
                source=f"entry point ({getattr(dist, 'name', '?')})",
                module=ep.value,
            )
            self.info[ep.name] = info
            try:
                obj = ep.load()
            except Exception as exc:  # a plugin that fails to import is reported, not fatal
                self._record_failure(info, "import", exc)
                continue
            self._register(obj, info)

    def load_folder(self, folder: Path) -> None:
        """Load every ``*.py`` file of ``folder`` as a single-file plugin named after the file."""
        if not folder.is_dir():
            log.warning("plugins folder %s does not exist", folder)
            return
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            self.load_file(path)

    def load_file(self, path: Path) -> PluginInfo | None:
        name = path.stem.replace("_", "-")
        if not self._wanted(name) or name in self.info:
            return None
        info = PluginInfo(name=name, source=str(path), module=f"annotator_local_plugins.{path.stem}")
        self.info[name] = info
        try:
            spec = importlib.util.spec_from_file_location(info.module, path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[info.module] = module
            spec.loader.exec_module(module)
            info.version = str(getattr(module, "__version__", ""))
        except Exception as exc:
            sys.modules.pop(info.module, None)
            self._record_failure(info, "import", exc)
            return info
        self._register(module, info)
        return info

    def register_object(self, obj: Any, name: str, version: str = "", source: str = "in-process") -> PluginInfo:
        """Register a plugin object directly (tests, embedding)."""
        info = PluginInfo(name=name, version=version, source=source, module=getattr(obj, "__name__", repr(obj)))
        self.info[name] = info
        self._register(obj, info)
        return info

    def _register(self, obj: Any, info: PluginInfo) -> None:
        try:
            self.pm.register(obj, name=info.name)
        except Exception as exc:
            self._record_failure(info, "register", exc)
            return
        info.hooks = sorted(
            caller.name
            for caller in self.pm.get_hookcallers(obj) or []
        )
        if info.name in self.disabled:
            info.status = "disabled"

    # ------------------------------------------------------------------------------------- failures

    def on_failure(self, callback: Callable[[PluginInfo, str], None]) -> Callable[[], None]:
        """Call ``callback(info, message)`` whenever a plugin fails. Returns an unsubscribe function."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def _record_failure(self, info: PluginInfo, where: str, exc: BaseException) -> None:
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        message = f"plugin {info.name!r} failed in {where}: {type(exc).__name__}: {exc}"
        info.errors.append(f"{message}\n{tb}")
        info.status = "failed"
        log.info("%s", message)
        log.debug("%s", tb)
        for listener in list(self._listeners):
            try:
                listener(info, message)
            except Exception:  # a listener must not turn one failure into two
                log.exception("plugin failure listener raised")

    def fail(self, name: str, where: str, exc: BaseException) -> None:
        """Record that plugin ``name`` raised in ``where`` and disable it for this session."""
        info = self.info.get(name) or self.info.setdefault(name, PluginInfo(name=name))
        self._record_failure(info, where, exc)

    def active(self, name: str) -> bool:
        info = self.info.get(name)
        return info is not None and info.status == "ok" and name not in self.disabled

    def set_disabled(self, names: Iterable[str]) -> None:
        self.disabled = set(names)
        for name, info in self.info.items():
            if info.status in ("ok", "disabled"):
                info.status = "disabled" if name in self.disabled else "ok"

    # ------------------------------------------------------------------------------------- calling

    def impls(self, hook: str) -> Iterator[tuple[str, Callable[..., Any]]]:
        """The active implementations of ``hook`` as (plugin name, function), in registration order."""
        caller = getattr(self.pm.hook, hook)
        for impl in reversed(caller.get_hookimpls()):  # pluggy keeps them last-registered-first
            if self.active(impl.plugin_name):
                yield impl.plugin_name, impl.function

    def call_each(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every active implementation of ``hook``; a raising plugin is recorded and disabled."""
        results = []
        for name, fn in list(self.impls(hook)):
            try:
                results.append((name, fn(**kwargs)))
            except Exception as exc:
                self.fail(name, hook, exc)
        return results

    def guard(self, plugin: str, where: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """Run ``fn`` on behalf of ``plugin``; on an exception record it, disable the plugin, return (False, exc)."""
        if not self.active(plugin):
            return False, None
        try:
            return True, fn(*args, **kwargs)
        except Cancelled:  # the user stopped the work: not the plugin's fault
            raise
        except Exception as exc:
            self.fail(plugin, where, exc)
            return False, exc

    def collect(self, hook: str) -> list[Any]:
        """Call a ``register_*`` hook on every plugin and return the validated specs, each stamped with its
        plugin's name. A plugin registering the wrong type, or raising, is disabled."""
        expected = REGISTRATIONS[hook]
        out: list[Any] = []
        for name, fn in list(self.impls(hook)):
            got: list[Any] = []

            def register(spec: Any, _got=got, _name=name) -> None:
                if not isinstance(spec, expected):
                    raise TypeError(f"{hook} expects {expected.__name__}, got {type(spec).__name__}")
                _got.append(dataclasses.replace(spec, plugin=_name))

            try:
                fn(register=register)
            except Exception as exc:
                self.fail(name, hook, exc)
                continue
            out.extend(got)
        return out

    def notify(self, hook: str, **kwargs: Any) -> None:
        """Fire an event hook (annotation_changed...) on every active plugin, isolating failures."""
        self.call_each(hook, **kwargs)

    def plugins(self) -> list[PluginInfo]:
        return sorted(self.info.values(), key=lambda i: i.name)
