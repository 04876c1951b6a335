"""The layering rules, checked on the source (ASTs) of ``annotator/`` and ``plugins/``:

- PySide6 (or ``annotator.qt``) is imported at module level only in ``annotator/qt/`` and, in plugins, in modules
  whose name says they are UI (one of its ``_``-separated words is ``panel``, ``ui``, ``dialog``, ``popup`` or
  ``widget``, or their plurals: ``panel_model.py`` is, ``build.py`` and ``guide.py`` are not); elsewhere only inside
  functions (panel factories), so headless use never imports Qt.
- No SQL outside ``annotator/store``: no ``sqlite3``/``sqlite_utils`` imports, no SQL strings handed to
  ``execute``-like calls.
- Bundled plugins use only the public API: ``annotator`` itself, ``annotator.window_api``, ``annotator.analysis``
  and ``annotator.lexicon`` (never
  ``annotator.store``, ``annotator.services``, ``annotator.qt``, ``annotator.builtin``...).
- The raw store is reached only by the services: no ``.store``/``._store`` attribute outside ``annotator/services``
  and ``annotator/store``.
- ``import annotator``, the command line and loading every installed plugin do not import PySide6.

Relative imports (``from ..store import Store``) are resolved against the module's package and checked like
absolute ones.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "annotator"
PLUGINS = ROOT / "plugins"
PUBLIC_SUBMODULES = {"window_api", "analysis", "knowledge", "lexicon"}
UI_WORDS = {"panel", "ui", "dialog", "popup", "widget"}  # a plugin module so named may import Qt at the top
STORE_ATTRIBUTES = {"store", "_store"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|REPLACE|WITH|"
                 r"SAVEPOINT|RELEASE|VACUUM|ATTACH)\b", re.IGNORECASE)
EXECUTE_CALLS = {"execute", "executemany", "executescript", "query"}


def sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def module_name(path: Path) -> str:
    """The dotted name a file is imported as (``plugins/`` is a source root, like ``.``)."""
    relative = path.relative_to(PLUGINS if path.is_relative_to(PLUGINS) else ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(tree: ast.AST, module: str = "", is_package: bool = False):
    """(module name, line, at module level?) for every import; module level includes class bodies and
    if/try blocks, but not function bodies. Relative imports are resolved against ``module`` (the importing
    module's dotted name; ``is_package`` when it is an ``__init__``)."""
    out = []
    package = module if is_package else module.rpartition(".")[0]

    def visit(node, top):
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((alias.name, child.lineno, top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module
                if child.level:
                    anchor = package.split(".") if package else []
                    anchor = anchor[:len(anchor) - (child.level - 1)] if child.level > 1 else anchor
                    base = ".".join([*anchor, *([child.module] if child.module else [])])
                if base:
                    if child.module or not child.level:
                        out.append((base, child.lineno, top))
                    # `from annotator import X` and `from . import x` also name X / the submodule x
                    if base == "annotator" or (child.level and not child.module):
                        out.extend((f"{base}.{a.name}", child.lineno, top) for a in child.names)
            visit(child, inner)

    visit(tree, True)
    return out


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_ui_module(path: Path) -> bool:
    words = set(path.stem.lower().split("_"))
    return bool(words & (UI_WORDS | {w + "s" for w in UI_WORDS}))


def module_imports(path: Path):
    return imports(parse(path), module_name(path), path.name == "__init__.py")


ALL = sources(APP) + sources(PLUGINS)


def test_the_scan_sees_the_code():
    assert any(rel(p) == "annotator/store/database.py" for p in ALL)
    assert len(ALL) > 25


@pytest.mark.parametrize("path", ALL, ids=rel)
def test_no_module_level_qt_outside_the_shell_and_ui_modules(path):
    if rel(path).startswith("annotator/qt/") or (rel(path).startswith("plugins/") and is_ui_module(path)):
        return
    bad = [f"line {line}: import {name}" for name, line, top in module_imports(path)
           if top and (name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")
                       or name == "annotator.qt" or name.startswith("annotator.qt."))]
    assert not bad, f"{rel(path)} imports Qt at module level (import it inside the function that needs it): {bad}"


@pytest.mark.parametrize("path", [p for p in ALL if not rel(p).startswith("annotator/store/")], ids=rel)
def test_no_sql_outside_the_store(path):
    tree = parse(path)
    bad = [f"line {line}: import {name}" for name, line, _ in module_imports(path)
           if name.split(".")[0] in ("sqlite3", "sqlite_utils", "apsw")]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTE_CALLS:
            first = node.args[0] if node.args else None
            text = None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                text = first.value
            elif isinstance(first, ast.JoinedStr):
                text = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
            if text is not None and SQL.match(text):
                bad.append(f"line {node.lineno}: {node.func.attr}({text[:40]!r}...)")
    assert not bad, f"{rel(path)} talks SQL; only annotator/store may: {bad}"


PLUGIN_SOURCES = sources(PLUGINS) + [p for p in sources(APP / "builtin")]


@pytest.mark.parametrize("path", PLUGIN_SOURCES, ids=rel)
def test_plugins_use_only_the_public_api(path):
    bad = []
    for name, line, _ in module_imports(path):
        parts = name.split(".")
        if parts[0] != "annotator" or len(parts) == 1:
            continue
        if parts[1] in PUBLIC_SUBMODULES:
            continue
        # `from annotator import X` is reported as annotator.X: fine when X is exported by annotator/__init__
        if parts[1] in public_names():
            continue
        bad.append(f"line {line}: {name}")
    assert not bad, (f"{rel(path)} reaches past the public plugin API (use `from annotator import ...`, or grow "
                     f"the API in annotator/__init__.py): {bad}")


def store_reach_through(tree: ast.AST) -> list[str]:
    return [f"line {node.lineno}: .{node.attr}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in STORE_ATTRIBUTES]


@pytest.mark.parametrize("path", [p for p in ALL if not rel(p).startswith(("annotator/services/", "annotator/store/"))],
                         ids=rel)
def test_only_the_services_reach_the_store(path):
    bad = store_reach_through(parse(path))
    assert not bad, f"{rel(path)} reaches the raw store (use the Project's methods, or add one): {bad}"


def public_names() -> set[str]:
    import annotator

    return set(annotator.__all__)


def test_importing_annotator_the_cli_and_every_plugin_does_not_import_qt(tmp_path):
    code = f"""
import sys
import annotator, annotator.cli
from annotator import Project
from annotator.plugins import PluginHost
host = PluginHost()
project = Project({str(tmp_path / 'p.annotator')!r}, host=host)
project.import_paths([{str(ROOT / 'corpus')!r}])
for name, info in sorted(host.info.items()):
    print(name, info.status)
qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
print('QT', qt)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={"ANNOTATOR_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "core-json ok" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "QT []", result.stdout


def test_the_scanner_catches_what_it_must():
    tree = ast.parse(textwrap.dedent("""
        import os
        from PySide6.QtWidgets import QWidget
        try:
            import sqlite3
        except ImportError:
            pass
        from annotator import Project
        from annotator.store import Store

        class Panel:
            from PySide6 import QtCore

        def factory(project, window):
            from PySide6.QtWidgets import QLabel
            return QLabel()
    """))
    found = {(name, top) for name, _, top in imports(tree)}
    assert ("PySide6.QtWidgets", True) in found and ("PySide6", True) in found
    assert ("sqlite3", True) in found and ("annotator.store", True) in found
    assert ("annotator.Project", True) in found and ("PySide6.QtWidgets", False) in found
    assert SQL.match("  select * from t") and not SQL.match("selected items")


def test_the_scanner_resolves_relative_imports():
    tree = ast.parse("from ..store import Store\nfrom . import readers\nfrom .. import qt\n"
                     "from .json_format import x\n")
    found = {name for name, _, _ in imports(tree, "annotator.builtin.cleaners")}
    assert {"annotator.store", "annotator.builtin.readers", "annotator.qt", "annotator.builtin.json_format"} <= found
    found = {name for name, _, _ in imports(ast.parse("from . import brat\nfrom .. import store\n"),
                                            "annotator.builtin", is_package=True)}
    assert {"annotator.builtin.brat", "annotator.store"} <= found
    assert module_name(APP / "builtin" / "readers.py") == "annotator.builtin.readers"
    assert module_name(PLUGINS / "annotator_quotes" / "panel.py") == "annotator_quotes.panel"
    # `from ..store import Store` in annotator/builtin/ reaches past the public API (issue 18, finding 10)
    name = next(n for n, _, _ in imports(ast.parse("from ..store import Store\n"), "annotator.builtin.readers"))
    assert name.split(".")[1] not in PUBLIC_SUBMODULES and name.split(".")[1] not in public_names()


def test_ui_module_names_are_matched_as_words():
    ui = [p for p in ("panel.py", "panel_model.py", "label_popup.py", "labels_dialog.py", "ui.py", "widgets.py")]
    not_ui = ["build.py", "guide.py", "quilt.py", "panelist.py", "dialogue_acts.py"]
    assert all(is_ui_module(Path(p)) for p in ui)
    assert not any(is_ui_module(Path(p)) for p in not_ui)


def test_the_scanner_sees_store_reach_through():
    tree = ast.parse("def f(project, rows):\n    project.store.set_meta('a', 1)\n    return rows._store\n")
    assert sorted(store_reach_through(tree)) == ["line 2: .store", "line 3: ._store"]
    assert store_reach_through(ast.parse("project.stats()\n")) == []
