"""Work-arounds for defects of the Qt binding that would take the window down.

PySide6 6.12.0 on CPython before 3.12 mishandles the reference counts of the interpreter's singletons:

- every binding method that returns nothing hands back ``None`` without a new reference, so each call
  (``setText``, ``update``, every ``QPainter`` draw...) takes one reference from ``None``;
- every emission of a signal with a ``bool`` argument (``toggled``, ``setChecked``, a ``Signal(bool)`` emitted
  from Python) takes one reference from ``True`` or ``False``.

A few tens of thousands of such calls (a minute of scrolling, twenty minutes of toggling checkboxes and
docks) bring a count to zero and CPython aborts ("none_dealloc: deallocating None", "bool_dealloc: deallocating
True or False"). From 3.12 on, these objects are immortal and the defect is harmless.

:func:`protect_singletons` probes both leaks at start-up and, only if one is there, makes ``None``, ``True``
and ``False`` effectively immortal the way 3.12 does (a huge reference count; they are never freed anyway).
The real fix is a binding without the defect (any version on Python >= 3.12).
``benchmarks/torture.py --quit-session`` drives the window for ten minutes and checks that it quits with
exit status 0.
"""

from __future__ import annotations

import ctypes
import sys

_PROTECTED = False
_IMMORTAL = 1 << 40


def none_leak_per_call() -> float:
    """References to ``None`` lost per void binding call (0 on a sound binding)."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        obj.setObjectName("probe")
    return (before - sys.getrefcount(None)) / 64


def bool_leak_per_emit() -> float:
    """References to ``True`` lost per emission of a ``bool`` signal (0 on a sound binding)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        flag = Signal(bool)

    probe = _Probe()
    probe.flag.connect(lambda value: None)
    before = sys.getrefcount(True)
    for _ in range(64):
        probe.flag.emit(True)
    lost = (before - sys.getrefcount(True)) / 64
    probe.flag.disconnect()
    return lost


def _immortalise(obj) -> None:
    ctypes.c_ssize_t.from_address(id(obj)).value += _IMMORTAL  # ob_refcnt is the first field of every object


def protect_singletons() -> bool:
    """Install the protection if this interpreter and binding need it. Returns whether it was installed."""
    global _PROTECTED
    if _PROTECTED:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if none_leak_per_call() < 0.5 and bool_leak_per_emit() < 0.5:
        return False
    for obj in (None, True, False):
        _immortalise(obj)
    _PROTECTED = True
    return True


protect_none = protect_singletons  # the earlier name
