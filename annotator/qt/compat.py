"""Work-arounds for defects of the Qt binding that would take the window down.

PySide6 6.12.0 on CPython before 3.12: every binding method that returns nothing hands back ``None`` without a
new reference, so each call (``setText``, ``update``, every ``QPainter`` draw...) takes one reference from
``None``. A few tens of thousands of calls (a minute of scrolling) bring its count to zero and CPython aborts
("none_dealloc: deallocating None"). From 3.12 on, ``None`` is immortal and the defect is harmless.

:func:`protect_none` detects the leak at start-up and, only if it is there, makes ``None`` effectively immortal
the way 3.12 does (a huge reference count; ``None`` is never freed anyway). The real fix is a binding without
the defect (PySide6 < 6.12 or a later fix on Python 3.11, any version on Python >= 3.12).
"""

from __future__ import annotations

import ctypes
import sys

_PROTECTED = False


def none_leak_per_call() -> float:
    """References to ``None`` lost per void binding call (0 on a sound binding)."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        obj.setObjectName("probe")
    return (before - sys.getrefcount(None)) / 64


def protect_none() -> bool:
    """Install the protection if this interpreter and binding need it. Returns whether it was installed."""
    global _PROTECTED
    if _PROTECTED:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if none_leak_per_call() < 0.5:
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40  # ob_refcnt is the first field of every object
    _PROTECTED = True
    return True
