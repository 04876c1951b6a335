"""Import sqlite-utils without its optional pandas/numpy value adapters.

``sqlite_utils.db`` tries ``import pandas`` and ``import numpy`` at import time only to convert their values on
insert; with pandas installed (the interop extra brings it) that is over a second of every command's start-up.
The store never hands sqlite-utils pandas or numpy values, so they are hidden while it is imported. A process
that has imported them already keeps them, and anyone may import them afterwards as usual.
"""

from __future__ import annotations

import sys


def import_sqlite_utils() -> None:
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import pandas` raise ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
