"""The layering rules, checked on the source (ASTs) of ``annotator/`` and ``plugins/``:

- PySide6 is imported at module level only in ``annotator/qt/`` and, in plugins, in modules whose name says they
  are UI (contains ``panel``, ``ui``, ``dialog``, ``popup`` or ``widget``); elsewhere only inside functions (panel
  factories), so headless use never imports Qt.
- No SQL outside ``annotator/store``: no ``sqlite3``/``sqlite_utils`` imports, no SQL strings handed to
  ``execute``-like calls.
- Bundled plugins use only the public API: ``annotator`` itself, ``annotator.window_api``, ``annotator.analysis``
  and ``annotator.lexicon`` (never
  ``annotator.store``, ``annotator.services``, ``annotator.qt``, ``annotator.builtin``...).
- ``import annotator``, the command line and loading every installed plugin do not import PySide6.
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
PUBLIC_SUBMODULES = {"window_api", "analysis", "lexicon"}
UI_WORDS = ("panel", "ui", "dialog", "popup", "widget")  # a plugin module so named may import Qt at the top
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|REPLACE|WITH|"
                 r"SAVEPOINT|RELEASE|VACUUM|ATTACH)\b", re.IGNORECASE)
EXECUTE_CALLS = {"execute", "executemany", "executescript", "query"}


def sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports(tree: ast.AST):
    """(module name, line, at module level?) for every import; module level includes class bodies and
    if/try blocks, but not function bodies."""
    out = []

    def visit(node, top):
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((alias.name, child.lineno, top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level == 0 and child.module:
                    out.append((child.module, child.lineno, top))
                    out.extend((f"{child.module}.{a.name}", child.lineno, top) for a in child.names
                               if child.module == "annotator")
            visit(child, inner)

    visit(tree, True)
    return out


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_ui_module(path: Path) -> bool:
    name = path.stem.lower()
    return any(word in name for word in UI_WORDS)


ALL = sources(APP) + sources(PLUGINS)


def test_the_scan_sees_the_code():
    assert any(rel(p) == "annotator/store/database.py" for p in ALL)
    assert len(ALL) > 25


@pytest.mark.parametrize("path", ALL, ids=rel)
def test_no_module_level_qt_outside_the_shell_and_ui_modules(path):
    if rel(path).startswith("annotator/qt/") or (rel(path).startswith("plugins/") and is_ui_module(path)):
        return
    bad = [f"line {line}: import {name}" for name, line, top in imports(parse(path))
           if top and name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")]
    assert not bad, f"{rel(path)} imports Qt at module level (import it inside the function that needs it): {bad}"


@pytest.mark.parametrize("path", [p for p in ALL if not rel(p).startswith("annotator/store/")], ids=rel)
def test_no_sql_outside_the_store(path):
    tree = parse(path)
    bad = [f"line {line}: import {name}" for name, line, _ in imports(tree)
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
    for name, line, _ in imports(parse(path)):
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
