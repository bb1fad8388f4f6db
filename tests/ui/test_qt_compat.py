"""The guard of ui/qt_compat.py keeps the window alive through many Qt calls."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(200_000):  # far more than None's own reference count
    label.setText("Đông Hưng")
print("sống")
"""


def _run(guard: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(guard=guard)],
                          capture_output=True, text=True, timeout=120)


def test_many_qt_calls_do_not_crash_with_the_guard():
    result = _run("import danvan_desktop.ui")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "sống"


def test_the_guard_is_applied_where_python_needs_it():
    import danvan_desktop.ui  # noqa: F401

    assert getattr(sys, "_danvan_singletons_durable", False) == (sys.version_info < (3, 12))
