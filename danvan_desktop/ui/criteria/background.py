"""Reading a year's scores off the UI thread (ui/tasks.run_job, with progress and Cancel)
on a read-only connection of its own: a year of 9,000 registrations takes most of a second
to rank, which the window must not wait for. A newer request makes an older result moot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ...store.db import Store, open_store
from ..tasks import Cancelled, collection_paused, run_job
from ..widgets.dialogs import error


def read_in_background(
    parent: QWidget,
    store: Store,
    title: str,
    read: Callable[[Store, Callable[[int, int, str], None]], Any],
    done: Callable[[Any], None],
) -> None:
    parent._read_generation = getattr(parent, "_read_generation", 0) + 1
    generation = parent._read_generation
    path, user = store.path, store.user

    def job(report):
        with collection_paused():  # a year's rows: no full collection holding the window
            own = open_store(path, user=user, read_only=True)
            try:
                return read(own, report)
            finally:
                own.close()

    def finished(result) -> None:
        if generation == parent._read_generation:
            done(result)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled) and generation == parent._read_generation:
            error(parent, "Không đọc được kết quả chấm điểm", str(exc) or exc.__class__.__name__)

    run_job(parent, title, job, finished, failed)
