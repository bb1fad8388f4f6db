"""The initiative list's ids read off the UI thread, for large files: each request runs
on a read-only connection of its own; the first page of ids is delivered at once, then
all of them. A newer request interrupts the query of an older one (a keystroke makes the
search before it useless)."""

from __future__ import annotations

import contextlib
import os
import sqlite3

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ...store.db import open_store
from ...store.initiatives import InitiativeFilter, id_chunks, query_ids
from .. import pulse


class _Signals(QObject):
    page = Signal(int, object)  # generation, the first ids
    done = Signal(int, object)  # generation, every id
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, signals: _Signals, generation: int, path: str | os.PathLike,
                 flt: InitiativeFilter, sort: str, descending: bool, first: int):
        super().__init__()
        self.signals = signals
        self.generation = generation
        self.args = (path, flt, sort, descending, first)
        self.conn: sqlite3.Connection | None = None
        self.stopped = False

    def stop(self) -> None:
        """From the UI thread: end the query now running (SQLite checks between steps)."""
        self.stopped = True
        conn = self.conn
        if conn is not None:
            with contextlib.suppress(sqlite3.ProgrammingError):
                conn.interrupt()

    def run(self) -> None:  # in the pool's thread: no widget, no shared connection
        path, flt, sort, descending, first = self.args
        try:
            store = open_store(path, read_only=True)
        except Exception as exc:  # delivered to the page as a message
            self._emit(self.signals.failed, str(exc))
            return
        self.conn = store.conn
        try:
            if self.stopped:
                return
            ids = query_ids(store, flt, sort, descending, limit=first)
            self._emit(self.signals.page, ids)
            if len(ids) == first:
                ids = []
                for chunk in id_chunks(store, flt, sort, descending):
                    ids += chunk
                    pulse.give_way()  # the window first, when it is waiting for Python
                    if self.stopped:
                        return
            self._emit(self.signals.done, ids)
        except sqlite3.OperationalError as exc:
            if not self.stopped:
                self._emit(self.signals.failed, str(exc))
        finally:
            self.conn = None
            store.close()

    def _emit(self, signal, value) -> None:
        if self.stopped:
            return
        with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
            signal.emit(self.generation, value)


class ListLoader(QObject):
    """``request()`` as often as you like: ``page`` then ``done`` carry the ids of the
    newest request only."""

    page = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.page.connect(lambda g, ids: self._deliver(g, self.page, ids))
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)
        self.generation = 0
        self._job: _Job | None = None
        # Whether this loader holds a beat of the window's pulse: given back if the list is
        # closed while it reads (else the 4 ms timer would beat for good).
        holds = self._holds_pulse = [False]
        self.destroyed.connect(lambda *_: holds[0] and pulse.stop())

    @property
    def busy(self) -> bool:
        return self._job is not None

    def request(self, path: str | os.PathLike, flt: InitiativeFilter, sort: str,
                descending: bool, first: int) -> None:
        self.generation += 1
        if self._job is not None:
            self._job.stop()
        else:
            pulse.start()  # one beat for the loader while any request of it runs
            self._holds_pulse[0] = True
        self._job = _Job(self._signals, self.generation, path, flt, sort, descending, first)
        self._job.setAutoDelete(False)
        self._pool.start(self._job)

    def _deliver(self, generation: int, signal, value) -> None:
        if generation == self.generation:
            signal.emit(value)

    def _done(self, generation: int, ids: list[int]) -> None:
        if generation == self.generation:
            self._ended()
            self.done.emit(ids)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self._ended()
            self.failed.emit(message)

    def _ended(self) -> None:
        if self._job is not None:
            self._job = None
            self._holds_pulse[0] = False
            pulse.stop()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running request ends (for closing, tests and scripts)."""
        return self._pool.waitForDone(msecs)
