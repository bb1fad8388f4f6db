"""One way to run long work off the UI thread (Picard's thread helper, Anki's CollectionOp):
the job runs in a worker thread, never touches a widget, reports progress through a
callback, and its result or error comes back to the main thread by a signal. A progress
dialog with Cancel shows while it runs."""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from . import pulse
from .errors import record

# While a job runs Python (fonts measured, rows checked), the UI thread waits for Python's
# lock each time it calls into Python (every cell it paints), up to the switch interval
# per call: 1 ms instead of the default 5 keeps the window answering beside a busy job
# (bench_holds: the overflow check of a 5,040-certificate round held it 165–208 ms at
# 5 ms, 48–90 ms at 1 ms, same run).
SWITCH_INTERVAL_S = 0.001


def _share_python_lock() -> None:
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


_collection_paused = 0  # jobs running with Python's cycle collector paused
_collection_lock = threading.Lock()


@contextlib.contextmanager
def collection_paused():
    """Python's cycle collector paused while a bounded read builds a large result: a full
    collection walks every object and holds every thread, the UI's included, for its
    whole length (a 1M file's ranking: fourteen of 30–200 ms each while it was read; with
    the pause, one young collection of 50–90 ms at the end). Objects are still freed as
    they are dropped; cycles wait for the end of the read. Not for writes: a paste's
    objects collected at once at the end held the window longer (bench_holds)."""
    global _collection_paused
    with _collection_lock:
        ours = _collection_paused > 0 or gc.isenabled()  # else paused by someone else: keep out
        if ours:
            _collection_paused += 1
            gc.disable()
    try:
        yield
    finally:
        if ours:
            with _collection_lock:
                _collection_paused -= 1
                if _collection_paused == 0:
                    gc.enable()


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Runner(QRunnable):
    def __init__(self, job: Callable[[Callable[[int, int, str], None]], Any]):
        super().__init__()
        self.job = job
        self.signals = _Signals()
        self.cancelled = False
        # First of their slots: the window's pulse stops before the result is handled.
        self.signals.done.connect(lambda _result: pulse.stop())
        self.signals.failed.connect(lambda _exc: pulse.stop())

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total, text)
        pulse.give_way()

    def run(self) -> None:
        try:
            result = self.job(self.report)
        except BaseException as exc:  # delivered to the main thread, not lost
            outcome, value = self.signals.failed, exc
        else:
            outcome, value = self.signals.done, result
        with contextlib.suppress(RuntimeError):  # the program closed meanwhile: nobody to tell
            outcome.emit(value)


def _start(runner: _Runner, parent: QWidget, attribute: str) -> None:
    """Into the pool, kept alive by ``parent`` until done (two jobs of one screen each kept:
    a runner dropped while it runs would take its signals with it); the window's pulse
    beats meanwhile (ui/pulse.py)."""
    _share_python_lock()
    pulse.start()
    runner.setAutoDelete(False)
    setattr(parent, attribute, runner)  # the newest, for whoever asks (tests, Hủy)
    alive = parent.__dict__.setdefault("_jobs_alive", set())
    alive.add(runner)
    runner.signals.done.connect(lambda _result: alive.discard(runner))
    runner.signals.failed.connect(lambda _exc: alive.discard(runner))
    QThreadPool.globalInstance().start(runner)


def run_job(parent: QWidget, title: str, job: Callable[[Callable[[int, int, str], None]], Any],
            on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> _Runner:
    """Start ``job(report)`` in the pool; ``report(done, total, text)`` raises Cancelled
    once the user cancels."""
    dialog = QProgressDialog(title, "Hủy", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    runner = _Runner(job)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    def finish(result: Any) -> None:
        dialog.reset()
        dialog.deleteLater()
        on_done(result)

    def fail(exc: BaseException) -> None:
        dialog.reset()
        dialog.deleteLater()
        if not isinstance(exc, Cancelled):
            record(exc, title)  # the log keeps the traceback; on_error shows the message
        on_error(exc)

    def cancel() -> None:
        runner.cancelled = True

    runner.signals.progress.connect(progress)
    runner.signals.done.connect(finish)
    runner.signals.failed.connect(fail)
    dialog.canceled.connect(cancel)
    _start(runner, parent, "_running_job")
    return runner


def run_quietly(parent: QWidget, job: Callable[[Callable[[int, int, str], None]], Any],
                on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
                ) -> _Runner:
    """``run_job`` with no dialog: background work the user did not ask for and need not
    wait for (the check of the file at start)."""
    runner = _Runner(job)
    runner.signals.done.connect(on_done)
    runner.signals.failed.connect(on_error)
    _start(runner, parent, "_quiet_job")
    return runner


def run_on_store(parent: QWidget, store, title: str,
                 work: Callable[[Any, Callable[[int, int, str], None]], Any],
                 on_done: Callable[[Any], None], on_error: Callable[[BaseException], None], *,
                 writes: bool = False) -> _Runner:
    """``run_job`` with ``work(own_store, report)`` on a connection of the job's own (a
    connection belongs to one thread), read-only unless the work ``writes``; a write is
    one transaction, so a Hủy leaves the file as it was."""
    from ..store.db import open_store

    path, user, read_only = store.path, store.user, store.read_only or not writes

    def job(report):
        own = open_store(path, user=user, read_only=read_only)
        try:
            return work(own, report)
        finally:
            own.close()

    return run_job(parent, title, job, on_done, on_error)
