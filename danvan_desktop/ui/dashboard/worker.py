"""The dashboard's figures computed off the UI thread: one job at a time, on a read-only
connection of its own; a result that a newer request has overtaken is dropped."""

from __future__ import annotations

import contextlib
import os
import time

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ...domain.periods import Period
from ...services.stats import dashboard_from_file
from ..errors import record

MAX_KNOWN = 64  # parts of figures kept for the next refreshes


class _Signals(QObject):
    done = Signal(int, object, float)  # generation, figures, seconds spent
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, signals: _Signals, generation: int, path: str | os.PathLike,
                 period: Period, commune_id: int | None, known: dict):
        super().__init__()
        self.signals = signals
        self.generation = generation
        self.args = (path, period, commune_id, known)

    def run(self) -> None:  # in the pool's thread: no widget, no shared connection
        started = time.perf_counter()
        try:
            figures = dashboard_from_file(*self.args)
        except Exception as exc:  # delivered to the window as a message; the log keeps the trace
            record(exc, "Tính số liệu tổng quan")
            self._emit(self.signals.failed, self.generation, str(exc))
        else:
            self._emit(self.signals.done, self.generation, figures, time.perf_counter() - started)

    @staticmethod
    def _emit(signal, *args) -> None:
        with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
            signal.emit(*args)


class StatsWorker(QObject):
    """``request()`` as often as you like; ``ready`` carries the figures of the latest
    request only. While a job runs, newer requests wait (only the newest is kept).

    Parts of figures already computed are kept and given to the next jobs, until
    ``forget()`` says the records they count have changed."""

    ready = Signal(object)  # the dict of services.stats.dashboard
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self.generation = 0  # of the newest request
        self._running: int | None = None
        self._waiting: tuple | None = None
        self.last_seconds = 0.0  # time the last delivered job took in its thread
        self.known: dict = {}
        self._epoch = 0  # changes with every forget(): older jobs' parts are not kept
        self._job_epoch = 0

    @property
    def busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def request(self, path: str | os.PathLike, period: Period, commune_id: int | None) -> int:
        was_busy = self.busy
        self.generation += 1
        self._waiting = (self.generation, path, period, commune_id)
        if self._running is None:
            self._start()
        if not was_busy:
            self.busy_changed.emit(True)
        return self.generation

    def forget(self, parts: set[str] | None = None) -> None:
        """Drop the kept parts named (``initiatives``, ``campaigns``, ``by_year``), or
        all of them."""
        self._epoch += 1
        self.known = {key: value for key, value in self.known.items()
                      if parts is not None and key[0] not in parts}

    def _start(self) -> None:
        generation, path, period, commune_id = self._waiting
        self._waiting = None
        self._running = generation
        self._job_epoch = self._epoch
        self._pool.start(_Job(self._signals, generation, path, period, commune_id,
                              dict(self.known)))

    def _finish(self) -> bool:
        """Start the waiting request if any; True when this result is still wanted."""
        finished, self._running = self._running, None
        if self._waiting is not None:
            self._start()
            return False
        self.busy_changed.emit(False)
        return finished == self.generation

    def _done(self, generation: int, figures: dict, seconds: float) -> None:
        if self._job_epoch == self._epoch:  # nothing changed meanwhile: keep its parts
            self.known.update(figures["parts"])
            for key in list(self.known)[:-MAX_KNOWN]:
                del self.known[key]
        if self._finish() and generation == self.generation:
            self.last_seconds = seconds
            self.ready.emit(figures)

    def _failed(self, generation: int, message: str) -> None:
        if self._finish() and generation == self.generation:
            self.failed.emit(message)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running job ends (for closing and for scripts)."""
        return self._pool.waitForDone(msecs)
