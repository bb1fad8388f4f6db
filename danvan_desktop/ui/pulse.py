"""The window's pulse, for workers to give way to it.

Python runs one thread at a time. A worker busy in Python or in Qt (PySide keeps Python's
lock through every Qt call) makes the window wait for the lock at each of its own entries
into Python: every cell a list paints is one (``data()``), a repaint is hundreds. Each
entry waits up to the switch interval plus the worker's current call, so a repaint under a
busy worker took half a second (bench_holds: certificates sent to the printer, 500–800 ms
when the progress dialog appeared over the rounds page).

So while a job runs, a timer on the UI thread stamps the time every PULSE_MS; a worker
calls ``give_way()`` between steps, and when the stamp is older than LATE_S (the window is
waiting for the lock) it sleeps, lock released, until the window has caught up. When the
window is idle its stamp stays fresh and the worker does not slow down.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication, QTimer

PULSE_MS = 4
LATE_S = 0.010
NAP_S = 0.002
LONGEST_WAIT_S = 0.25  # a window held in long native work does not stop the worker for good

_last = time.perf_counter()
_users = 0
_timer: QTimer | None = None
_lock = threading.Lock()


def _beat() -> None:
    global _last
    _last = time.perf_counter()


def start() -> None:
    """On the UI thread, when a job starts."""
    global _users, _timer
    _beat()
    with _lock:
        _users += 1
        if _timer is None:
            _timer = QTimer(QCoreApplication.instance())
            _timer.setInterval(PULSE_MS)
            _timer.timeout.connect(_beat)
        if not _timer.isActive():
            _timer.start()


def stop() -> None:
    """On the UI thread, when a job has ended (its result delivered or its error shown)."""
    global _users
    with _lock:
        _users = max(0, _users - 1)
        if _users == 0 and _timer is not None:
            _timer.stop()


def give_way() -> None:
    """In a worker, between two steps: sleep while the window is behind."""
    if _users == 0 or threading.current_thread() is threading.main_thread():
        return
    deadline = time.perf_counter() + LONGEST_WAIT_S
    while time.perf_counter() - _last > LATE_S and time.perf_counter() < deadline:
        time.sleep(NAP_S)
