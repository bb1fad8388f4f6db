"""A guard against a PySide6 6.12.0 defect on Python 3.11: every Qt call that returns
nothing (``setText``, ``addItem``…) and every read of an empty value gives back one
reference to ``None``/``True``/``False`` that it never took. After some thousands of calls
``None``'s count reaches zero and the interpreter aborts ("none_dealloc"). Python 3.12
made these objects immortal, so the defect does nothing there.

On an affected interpreter we give the three objects a reference count so large that no
session can use it up: the same effect as 3.12's immortality. Measured by
tests/ui/test_qt_compat.py, which fails if the guard is missing while the defect is there.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # ~10^12 lost references: centuries of clicking


def _count(obj: object) -> ctypes.c_ssize_t:
    # ob_refcnt is the first field of every object in CPython 3.11.
    return ctypes.c_ssize_t.from_address(id(obj))


def make_singletons_durable() -> bool:
    """Apply the guard once; True when it was needed (Python before 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(sys, "_danvan_singletons_durable", False):
        return True
    for obj in (None, True, False):
        _count(obj).value += _RESERVE
    sys._danvan_singletons_durable = True  # type: ignore[attr-defined]
    return True
