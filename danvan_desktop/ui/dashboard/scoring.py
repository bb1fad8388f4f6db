"""The dashboard's evidence line (issue 15): per field, of the period's registrations, how
many are scored in full, recognised and commended. Counted off the UI thread on a
read-only connection of its own; a result overtaken by a newer request is dropped."""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QLabel

from ...domain import vocab
from ...domain.periods import Period
from ...store.criteria import field_progress
from ...store.db import open_store


class _Signals(QObject):
    done = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, signals: _Signals, generation: int, path: str | os.PathLike, years: tuple[int, int]):
        super().__init__()
        self.signals, self.generation, self.path, self.years = signals, generation, path, years

    def run(self) -> None:
        try:
            with open_store(self.path, read_only=True) as store:
                counts = field_progress(store, *self.years)
        except Exception as exc:  # shown in the line, never lost
            counts = exc
        with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
            self.signals.done.emit(self.generation, counts)


class ScoringLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("scoring_line")
        self.setWordWrap(True)
        self.setToolTip(
            "Từ màn hình “Tiêu chí, chấm điểm”: mô hình đã được chấm đủ điểm, "
            "được công nhận, được biểu dương, khen thưởng."
        )
        self._signals = _Signals(self)
        self._signals.done.connect(self._show)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.generation = 0

    def refresh(self, path: str | os.PathLike, period: Period) -> None:
        self.generation += 1
        self._pool.start(_Job(self._signals, self.generation, path, (period.start.year, period.end.year)))

    def _show(self, generation: int, counts) -> None:
        if generation != self.generation:
            return
        if isinstance(counts, Exception):
            self.setText(f"Không tính được số mô hình đã chấm điểm: {counts}")
            return
        cells = "".join(
            f"<tr><td>{vocab.FIELDS.short(code)}</td><td align='right'>{c['scored']}/{c['registered']}</td>"
            f"<td align='right'>{c['recognised']}</td><td align='right'>{c['commended']}</td></tr>"
            for code, c in counts.items()
        )
        self.setText(
            "<table cellspacing='0' cellpadding='1' width='100%'>"
            "<tr><td><b>Chấm điểm (theo năm đăng ký)</b></td>"
            "<td align='right'><b>Đã chấm</b></td><td align='right'><b>Công nhận</b></td>"
            f"<td align='right'><b>Khen thưởng</b></td></tr>{cells}</table>"
        )
