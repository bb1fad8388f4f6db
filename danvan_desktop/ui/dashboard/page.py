"""Tổng quan: this year's initiatives by field and kind, from the same service as
``danvan stats``. (The full dashboard with tiles and charts is its own issue.)"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...domain import vocab
from ...domain.text import group_thousands
from ...services.stats import stats_for
from ...store.db import Store
from ..changes import ChangeBus


class DashboardPage(QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.table = QTableWidget(len(vocab.FIELDS) + 1, 3)
        self.table.setHorizontalHeaderLabels(["Tập thể", "Cá nhân", "Tổng"])
        self.table.setVerticalHeaderLabels([t.label for t in vocab.FIELDS] + ["Tổng"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setMinimumWidth(280)
        self.table.setMaximumHeight(190)
        layout.addWidget(self.table)
        layout.addStretch()
        bus.changed.connect(lambda _kinds: self.refresh())
        self.refresh()

    def refresh(self, year: int | None = None) -> None:
        year = year or dt.date.today().year
        figures = stats_for(self.store, year)["initiatives"]
        self.heading.setText(f"<h2>Mô hình, điển hình đăng ký năm {year}: "
                             f"{group_thousands(figures['total'])}</h2>")
        totals = [0, 0]
        for row, term in enumerate(vocab.FIELDS):
            kinds = figures["by_field_kind"][term.code]
            values = [kinds["tap_the"], kinds["ca_nhan"]]
            totals = [totals[0] + values[0], totals[1] + values[1]]
            self._row(row, values)
        self._row(len(vocab.FIELDS), totals)

    def _row(self, row: int, values: list[int]) -> None:
        for col, value in enumerate([*values, sum(values)]):
            item = QTableWidgetItem(group_thousands(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)
