"""A small period choice for packages: a year and a part of it (or everything)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from ...domain.periods import Period, half_period, quarter_period, year_period

PARTS = [("Cả năm", "nam"), ("Quý I", "q1"), ("Quý II", "q2"), ("Quý III", "q3"),
         ("Quý IV", "q4"), ("6 tháng đầu năm", "h1"), ("6 tháng cuối năm", "h2")]


def make(year: int, part: str) -> Period | None:
    if part == "tat_ca":
        return None
    if part.startswith("q"):
        return quarter_period(year, int(part[1]))
    if part.startswith("h"):
        return half_period(year, int(part[1]))
    return year_period(year)


class PeriodChoice(QWidget):
    changed = Signal()

    def __init__(self, allow_all: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        today = dt.date.today()
        self.part = QComboBox()
        self.part.setObjectName("package_period")
        if allow_all:
            self.part.addItem("Tất cả (mọi thời gian)", "tat_ca")
        for label, code in PARTS:
            self.part.addItem(label, code)
        self.part.setCurrentIndex(self.part.findData(f"q{(today.month - 1) // 3 + 1}"))
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setValue(today.year)
        self.year.setKeyboardTracking(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Kỳ:"))
        row.addWidget(self.part)
        row.addWidget(QLabel("Năm:"))
        row.addWidget(self.year)
        row.addStretch()
        self.part.currentIndexChanged.connect(self._changed)
        self.year.valueChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.year.setEnabled(self.part.currentData() != "tat_ca")
        self.changed.emit()

    def period(self) -> Period | None:
        return make(self.year.value(), self.part.currentData())

    def set_period(self, year: int, part: str) -> None:
        self.year.setValue(year)
        self.part.setCurrentIndex(max(self.part.findData(part), 0))
