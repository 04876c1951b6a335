"""The plugin host: discovery (entry points in the ``annotator.plugins`` group, and single-file plugins from
plugins folders), API-version checks, the one contribution registry, the event bus, and failure isolation.

Hooks are called through pluggy (``pm.hook.<name>(...)``), so pluggy's own rules hold: an implementation may
accept fewer arguments than the spec, ``wrapper=True``/``hookwrapper=True`` implementations wrap the others,
``tryfirst``/``trylast`` order them. Isolation is added underneath pluggy: at registration each implementation's
function is replaced by a guard that skips it when its plugin is off and, when it raises, records the plugin's
name, where and the traceback, disables the plugin and lets the rest of the call go on.

There is no module-global plugin manager: each :class:`PluginHost` owns one, so tests and the window can build
their own. Built-in plugins are ordinary entry points of the ``annotator`` distribution, discovered exactly like
third-party ones. ``ANNOTATOR_LOAD_PLUGINS`` (comma-separated names) limits which load.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import importlib.metadata
import importlib.util
import logging
import os
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .plugin_names import DIRS_ENV, ENTRY_POINT_GROUP, LOAD_ENV
from .specs import Cancelled, Cleaner, Command, Exporter, Importer, LayerSpec, Migration, Panel, Suggester
from .version import API_VERSION

log = logging.getLogger(__name__)
__all__ = ["DIRS_ENV", "ENTRY_POINT_GROUP", "LOAD_ENV", "EventBus", "PluginHost", "PluginInfo", "Registry"]

API_ATTRIBUTE = "ANNOTATOR_API"  # a plugin module's supported API range, e.g. ANNOTATOR_API = ">=1.0,<2"

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
KIND_OF_HOOK = {
    "register_layers": "layer", "register_cleaners": "cleaner", "register_importers": "importer",
    "register_exporters": "exporter", "register_suggesters": "suggester", "register_commands": "command",
    "register_panels": "panel", "register_migrations": "migration",
}
_NAME_FIELD = {Command: "id", Panel: "id"}
HOOK_NAMES = sorted(n for n, v in vars(hookspecs).items() if callable(v) and hasattr(v, "annotator_spec"))
EVENT_HOOKS = tuple(n for n in HOOK_NAMES if n not in REGISTRATIONS)

PRECEDENCE = ("When two plugins contribute the same kind of thing under the same name, the one pluggy calls "
              "first wins: tryfirst implementations, then the others from the last registered to the first "
              "(plugins-folder plugins after installed ones), then trylast. The other is reported as a conflict.")


def spec_name(spec: Any) -> str:
    return getattr(spec, _NAME_FIELD.get(type(spec), "name"))


# --------------------------------------------------------------------------------------------- versions


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.strip().split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def api_compatible(requirement: str, version: str = API_VERSION) -> bool:
    """Whether ``version`` satisfies ``requirement``, a comma-separated list of PEP 440 comparisons
    (``">=1.0,<2"``, ``"~=1.1"``, ``"==1.*"``). Raises ValueError on a malformed requirement."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        return SpecifierSet(requirement).contains(version, prereleases=True)
    except InvalidSpecifier as exc:
        raise ValueError(f"malformed API range {requirement!r}: {exc}") from None


# --------------------------------------------------------------------------------------------- records


@dataclass
class PluginInfo:
    """What the host knows of one plugin: shown by ``annotator plugins`` and the Plugins dialog."""

    name: str
    version: str = ""
    source: str = ""  # "entry point <dist>" or the file path
    module: str = ""
    hooks: list[str] = field(default_factory=list)
    status: str = "ok"  # ok | failed | disabled | incompatible
    errors: list[str] = field(default_factory=list)
    api: str = ""  # the API range the plugin declares ("" = any)
    conflicts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Contribution:
    """One thing a plugin registered: ``kind`` (layer, exporter...), its owner and name, the stamped spec,
    and ``rank``, its place in pluggy's call order (lower is called first and wins a collision)."""

    hook: str
    owner: str
    name: str
    spec: Any
    rank: int

    @property
    def kind(self) -> str:
        return KIND_OF_HOOK[self.hook]


@dataclass(frozen=True)
class Conflict:
    hook: str
    name: str
    winner: str
    loser: str

    @property
    def message(self) -> str:
        kind = KIND_OF_HOOK[self.hook]
        if self.winner == self.loser:
            return f"plugin {self.loser!r} registers {kind} {self.name!r} twice; the first one is used"
        return (f"{kind} {self.name!r} is contributed by plugins {self.winner!r} and {self.loser!r}; "
                f"{self.winner!r} wins (it is called first), {self.loser!r}'s is ignored")


class Registry:
    """Every plugin's contributions, collected once per host (``register_*`` hooks called through pluggy) and
    keyed by (hook, owner, name). :meth:`resolve` is the per-project view: the enabled owners' specs, one per
    name by the precedence rule, in registration order."""

    def __init__(self, contributions: list[Contribution], order: dict[str, int]):
        self.contributions = contributions
        self._order = order  # plugin name -> registration index
        self.by_key: dict[tuple[str, str, str], Contribution] = {}
        self.conflicts: list[Conflict] = []
        seen: dict[tuple[str, str], str] = {}
        for c in sorted(contributions, key=lambda c: c.rank):
            if c.hook == "register_migrations":  # scoped by plugin: "plugin:name"
                if (c.hook, c.owner, c.name) in self.by_key:
                    self.conflicts.append(Conflict(c.hook, c.name, c.owner, c.owner))
                    continue
                self.by_key[(c.hook, c.owner, c.name)] = c
                continue
            if (c.hook, c.owner, c.name) in self.by_key:
                self.conflicts.append(Conflict(c.hook, c.name, c.owner, c.owner))
                continue
            self.by_key[(c.hook, c.owner, c.name)] = c
            first = seen.setdefault((c.hook, c.name), c.owner)
            if first != c.owner:
                self.conflicts.append(Conflict(c.hook, c.name, first, c.owner))

    def resolve(self, hook: str, enabled: Callable[[str], bool]) -> list[Any]:
        winners: dict[str, Contribution] = {}
        for c in sorted((c for c in self.by_key.values() if c.hook == hook), key=lambda c: c.rank):
            if not enabled(c.owner):
                continue
            key = f"{c.owner}:{c.name}" if hook == "register_migrations" else c.name
            winners.setdefault(key, c)
        ordered = sorted(winners.values(), key=lambda c: (self._order.get(c.owner, 1 << 30), c.rank))
        return [c.spec for c in ordered]

    def of(self, owner: str) -> list[Contribution]:
        return [c for c in self.by_key.values() if c.owner == owner]


# --------------------------------------------------------------------------------------------- the host


class PluginHost:
    """Loads plugins and calls their hooks through pluggy, each implementation guarded, so one failure never
    stops the others."""

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
        self._registry: Registry | None = None
        self._views: dict[tuple, list[Any]] = {}
        self._order: dict[str, int] = {}
        self._local = threading.local()
        self._lock = threading.RLock()
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
        if not self._api_ok(obj, info):
            return
        try:
            self.pm.register(obj, name=info.name)
        except Exception as exc:
            self._record_failure(info, "register", exc)
            return
        unknown = self._unknown_hooks(obj)
        if unknown:
            self.pm.unregister(obj)
            for hook in unknown:
                self._record_failure(info, "register", UnknownHook(info.name, hook), trace=False)
            return
        self._order[info.name] = len(self._order)
        self._guard_impls(obj, info.name)
        info.hooks = sorted(caller.name for caller in self.pm.get_hookcallers(obj) or [])
        if info.name in self.disabled:
            info.status = "disabled"
        self.reset_registry()  # a new plugin: collect again on next use

    def _api_ok(self, obj: Any, info: PluginInfo) -> bool:
        declared = getattr(obj, API_ATTRIBUTE, None)
        if declared is None:
            return True
        info.api = str(declared)
        try:
            ok = api_compatible(str(declared))
        except ValueError as exc:
            info.status = "incompatible"
            info.errors.append(f"plugin {info.name!r} refused: {exc}")
            self._tell(info, info.errors[-1])
            return False
        if not ok:
            info.status = "incompatible"
            info.errors.append(f"plugin {info.name!r} refused: it supports Annotator API {declared}, "
                               f"this Annotator provides API {API_VERSION}")
            self._tell(info, info.errors[-1])
        return ok

    def _unknown_hooks(self, obj: Any) -> list[str]:
        """The hooks ``obj`` implements that no spec declares (pluggy's ``check_pending``, per plugin)."""
        try:
            self.pm.check_pending()
            return []
        except pluggy.PluginValidationError:
            pass
        return sorted(
            caller.name for caller in self.pm.get_hookcallers(obj) or []
            if not caller.has_spec() and any(i.plugin is obj and not i.optionalhook for i in caller.get_hookimpls())
        )

    # ------------------------------------------------------------------------------------- guards

    def _guard_impls(self, obj: Any, name: str) -> None:
        """Replace each of ``obj``'s hook functions (pluggy keeps argument names it read at registration) with a
        guard: off when the plugin is off, and a raise recorded instead of propagated."""
        for caller in self.pm.get_hookcallers(obj) or []:
            for impl in caller.get_hookimpls():
                if impl.plugin is not obj or getattr(impl.function, "_annotator_guard", False):
                    continue
                if impl.hookwrapper or impl.wrapper:
                    guarded = self._guard_wrapper(name, caller.name, impl.function, old_style=impl.hookwrapper)
                else:
                    guarded = self._guard_plain(name, caller.name, impl.function)
                guarded._annotator_guard = True  # type: ignore[attr-defined]
                impl.function = guarded

    def _may_call(self, name: str, hook: str) -> bool:
        info = self.info.get(name)
        if info is None or info.status in ("failed", "incompatible"):
            return False
        # contributions are collected from every loaded plugin (the per-project view filters them);
        # events only reach the enabled ones
        return hook in REGISTRATIONS or name not in self.disabled

    def _guard_plain(self, name: str, hook: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def guarded(*args: Any) -> Any:
            if not self._may_call(name, hook):
                return None
            stack = self._calling()
            stack.append(name)
            try:
                return fn(*args)
            except Cancelled:
                raise
            except Exception as exc:
                self.fail(name, hook, exc)
                return None
            finally:
                stack.pop()

        return guarded

    def _guard_wrapper(self, name: str, hook: str, fn: Callable[..., Any], *, old_style: bool):
        host = self

        def step(gen, value=None, throw: BaseException | None = None):
            stack = host._calling()
            stack.append(name)
            try:
                return gen.throw(throw) if throw is not None else gen.send(value)
            finally:
                stack.pop()

        @functools.wraps(fn)
        def guarded(*args: Any):
            if not host._may_call(name, hook):
                return (yield)
            try:
                gen = fn(*args)
                step(gen)
            except Exception as exc:
                host.fail(name, hook, exc)
                return (yield)
            try:
                got = yield
            except BaseException as exc:  # an inner implementation raised: the wrapper may handle it
                try:
                    step(gen, throw=exc)
                except StopIteration as stop:
                    return stop.value
                raise RuntimeError(f"wrapper of plugin {name!r} for {hook} yielded twice") from exc
            try:
                step(gen, got)
            except StopIteration as stop:
                return got if old_style else stop.value
            except Exception as exc:
                host.fail(name, hook, exc)
                return got
            host.fail(name, hook, RuntimeError("a hook wrapper must yield exactly once"))
            return got

        return guarded

    def _calling(self) -> list[str]:
        stack = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        return stack

    def calling_plugin(self) -> str | None:
        """The plugin whose hook is running on this thread (for ``register`` callbacks)."""
        stack = self._calling()
        return stack[-1] if stack else None

    # ------------------------------------------------------------------------------------- failures

    def on_failure(self, callback: Callable[[PluginInfo, str], None]) -> Callable[[], None]:
        """Call ``callback(info, message)`` whenever a plugin fails, is refused, or loses a name conflict.
        Returns an unsubscribe function."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _tell(self, info: PluginInfo, message: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(info, message)
            except Exception:  # a listener must not turn one failure into two
                log.exception("plugin failure listener raised")

    def _record_failure(self, info: PluginInfo, where: str, exc: BaseException, *, trace: bool = True) -> None:
        message = f"plugin {info.name!r} failed in {where}: {type(exc).__name__}: {exc}"
        if trace:
            tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            info.errors.append(f"{message}\n{tb}")
        else:
            info.errors.append(message)
            tb = ""
        info.status = "failed"
        log.info("%s", message)
        log.debug("%s", tb)
        self._tell(info, message)

    def fail(self, name: str, where: str, exc: BaseException) -> None:
        """Record that plugin ``name`` raised in ``where`` and disable it for this session."""
        info = self.info.get(name) or self.info.setdefault(name, PluginInfo(name=name))
        self._record_failure(info, where, exc)

    def report(self, where: str, exc: BaseException, callback: Any = None) -> None:
        """A subscriber (not a hook) raised: blame its plugin when its module belongs to one (and disable it),
        else tell the failure listeners under the callback's name."""
        owner = self.plugin_of(callback)
        if owner is not None:
            self.fail(owner, where, exc)
            return
        label = getattr(callback, "__qualname__", None) or repr(callback)
        info = PluginInfo(name=label, source="subscriber")
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        message = f"subscriber {label} failed in {where}: {type(exc).__name__}: {exc}"
        info.errors.append(f"{message}\n{tb}")
        log.warning("%s\n%s", message, tb)
        self._tell(info, message)

    def plugin_of(self, callback: Any) -> str | None:
        """The plugin whose module defines ``callback`` (bound methods and lambdas included), or None."""
        fn = getattr(callback, "__func__", callback)
        module = getattr(fn, "__module__", None) or ""
        best = None
        for name, info in self.info.items():
            root = info.module.split(":")[0]
            package = root.rsplit(".", 1)[0] if "." in root else root
            if module == root or module.startswith(package + "."):
                if best is None or len(root) > len(self.info[best].module):
                    best = name
        return best

    def active(self, name: str) -> bool:
        info = self.info.get(name)
        return info is not None and info.status == "ok" and name not in self.disabled

    def set_disabled(self, names: Iterable[str]) -> None:
        self.disabled = set(names)
        for name, info in self.info.items():
            if info.status in ("ok", "disabled"):
                info.status = "disabled" if name in self.disabled else "ok"

    # ------------------------------------------------------------------------------------- contributions

    def registry(self) -> Registry:
        """The contributions of every loaded plugin, collected once (again only after a new plugin loads)."""
        with self._lock:
            if self._registry is None:
                self._registry = self._collect_all()
                for conflict in self._registry.conflicts:
                    info = self.info.get(conflict.loser)
                    if info is not None and conflict.message not in info.conflicts:
                        info.conflicts.append(conflict.message)
                        self._tell(info, conflict.message)
            return self._registry

    def _collect_all(self) -> Registry:
        contributions: list[Contribution] = []
        rank = 0
        for hook, expected in REGISTRATIONS.items():
            got: dict[str, list[Any]] = {}
            failed_before = {n for n, i in self.info.items() if i.status == "failed"}

            def register(spec: Any, _hook=hook, _expected=expected, _got=got) -> None:
                owner = self.calling_plugin()
                if owner is None:
                    raise RuntimeError(f"register() of {_hook} called outside the hook")
                if not isinstance(spec, _expected):
                    raise TypeError(f"{_hook} expects {_expected.__name__}, got {type(spec).__name__}")
                _got.setdefault(owner, []).append(dataclasses.replace(spec, plugin=owner))

            getattr(self.pm.hook, hook)(register=register)
            newly_failed = {n for n, i in self.info.items() if i.status == "failed"} - failed_before
            calls = self._call_order(hook)
            for owner in sorted(got, key=lambda o: calls.index(o) if o in calls else len(calls)):
                if owner in newly_failed:
                    continue  # nothing half-registered
                for spec in got[owner]:
                    contributions.append(Contribution(hook, owner, spec_name(spec), spec, rank))
                    rank += 1
        return Registry(contributions, dict(self._order))

    def _call_order(self, hook: str) -> list[str]:
        """Plugin names in the order pluggy calls their (non-wrapper) implementations of ``hook``."""
        caller = getattr(self.pm.hook, hook)
        impls = caller.get_hookimpls()  # pluggy keeps trylast..plain..tryfirst, each last-registered-last
        return [i.plugin_name for i in reversed(impls) if not (i.hookwrapper or i.wrapper)] + [
            i.plugin_name for i in reversed(impls) if (i.hookwrapper or i.wrapper)]

    def reset_registry(self) -> None:
        """Forget the collected contributions: the next :meth:`registry` collects them again."""
        with self._lock:
            self._registry = None
            self._views = {}

    def collect(self, hook: str) -> list[Any]:
        """The specs of a ``register_*`` hook from the active plugins, one per name (see :data:`PRECEDENCE`),
        each stamped with its plugin's name."""
        registry = self.registry()
        key = (hook, id(registry), frozenset(n for n in self.info if self.active(n)))
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = registry.resolve(hook, self.active)
        return list(view)

    def conflicts(self) -> list[Conflict]:
        return list(self.registry().conflicts)

    # ------------------------------------------------------------------------------------- calling

    def impls(self, hook: str) -> Iterator[tuple[str, Callable[..., Any]]]:
        """The active implementations of ``hook`` as (plugin name, guarded function), in pluggy's call order."""
        caller = getattr(self.pm.hook, hook)
        for impl in reversed(caller.get_hookimpls()):
            if self.active(impl.plugin_name):
                yield impl.plugin_name, impl.function

    def call(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call ``hook`` through pluggy on every active plugin; a raising implementation is recorded and
        disabled, the others still run. Returns pluggy's results (None results dropped)."""
        return getattr(self.pm.hook, hook)(**kwargs)

    def call_each(self, hook: str, **kwargs: Any) -> list[Any]:
        return self.call(hook, **kwargs)

    def notify(self, hook: str, **kwargs: Any) -> None:
        """Fire an event hook (annotation_changed...) on every active plugin, isolating failures."""
        self.call(hook, **kwargs)

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

    def plugins(self) -> list[PluginInfo]:
        if any(i.status in ("ok", "disabled") for i in self.info.values()):
            self.registry()  # fills each plugin's conflicts
        return sorted(self.info.values(), key=lambda i: i.name)


class UnknownHook(Exception):
    """A plugin implements a hook no spec declares (a misspelling, usually)."""

    def __init__(self, plugin: str, hook: str):
        close = difflib.get_close_matches(hook, HOOK_NAMES, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; the hooks are {', '.join(HOOK_NAMES)}"
        super().__init__(f"{hook!r} is not an Annotator hook{hint}")
        self.hook = hook
        self.suggestion = close[0] if close else None


# --------------------------------------------------------------------------------------------- events


@dataclass(eq=False)
class Subscription:
    topic: str
    callback: Callable[..., Any]
    owner: Any = None  # a weak reference, or None
    alive: bool = True


class EventBus:
    """The one place events go out: the plugins' event hooks (through pluggy, each implementation guarded) and
    the in-process subscribers (``Project.subscribe``/``subscribe_outside``), each call isolated. A subscriber that
    raises is reported (blamed on its plugin when it has one) and dropped; the edit stays committed. A subscriber
    with an ``owner`` is dropped when the owner is destroyed (``annotator.window_api.bind_lifetime``)."""

    def __init__(self, host: PluginHost):
        self.host = host
        self._subs: dict[str, list[Subscription]] = {}

    def subscribe(self, topic: str, callback: Callable[..., Any], owner: Any = None) -> Callable[[], None]:
        from . import window_api

        sub = Subscription(topic, callback)
        self._subs.setdefault(topic, []).append(sub)

        def unsubscribe(*_: Any) -> None:
            sub.alive = False
            subs = self._subs.get(topic, [])
            if sub in subs:
                subs.remove(sub)

        if owner is not None:
            try:
                sub.owner = weakref.ref(owner)
            except TypeError:
                sub.owner = lambda _o=owner: _o
            window_api.bind_lifetime(owner, unsubscribe)
        return unsubscribe

    def subscribers(self, topic: str) -> int:
        return len(self._subs.get(topic, []))

    def emit(self, topic: str, *args: Any, **kwargs: Any) -> None:
        """Call the event hook ``topic`` (if it is one) on the plugins, then every subscriber of ``topic``."""
        from . import window_api

        if topic in EVENT_HOOKS:
            self.host.call(topic, **kwargs)
        for sub in list(self._subs.get(topic, [])):
            if not sub.alive:
                continue
            if sub.owner is not None:
                owner = sub.owner()
                if owner is None or not window_api.owner_alive(owner):
                    self._drop(sub)
                    continue
            try:
                sub.callback(*args)
            except Cancelled:
                raise
            except Exception as exc:
                self._drop(sub)
                self.host.report(f"subscriber of {topic}", exc, sub.callback)

    def _drop(self, sub: Subscription) -> None:
        sub.alive = False
        subs = self._subs.get(sub.topic, [])
        if sub in subs:
            subs.remove(sub)
