"""How long the UI thread was held: the longest gap between ticks of a 2 ms timer while
an action runs (an idle event loop ticks every 2–3 ms). The standard is 50 ms; the
benchmark (benchmarks/bench_holds.py) measures it at scale. Tests use a wider bound, so
that a loaded machine does not fail them while work put back on the UI thread (seconds
at 1,000 rows) still does."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

HOLD_LIMIT = 0.25  # seconds; before the work moved off the UI thread: 1–4 s at 1,000 rows


class HoldMeter:
    """Used as ``with HoldMeter() as meter`` in tests, ``start()`` / ``stop()`` in the
    benchmarks (bench_dashboard, bench_holds)."""

    def __init__(self):
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self.last = time.perf_counter()

    def start(self) -> None:
        self.longest, self.last = 0.0, time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.longest

    def __enter__(self) -> HoldMeter:
        self.start()
        return self

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def __exit__(self, *_exc) -> None:
        self.stop()
