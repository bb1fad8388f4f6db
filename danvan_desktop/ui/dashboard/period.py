"""The dashboard's period selector (year, quarter, 6 or 9 months, a range of dates) and
area filter (the whole district or one commune)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ...domain.periods import PERIOD_KINDS, Period, period_of

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
WHOLE_AREA = "Toàn địa bàn"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class PeriodBar(QWidget):
    """``changed`` is emitted once per change the user makes."""

    changed = Signal()

    def __init__(self, today: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        today = today or dt.date.today()
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for code, label in PERIOD_KINDS:
            self.kind.addItem(label, code)
        self.year = QSpinBox()
        self.year.setObjectName("period_year")
        self.year.setRange(1990, 2100)
        self.year.setValue(today.year)
        self.year.setKeyboardTracking(False)  # typing 2023 is one change, not four
        self.start = self._date_edit("period_start", dt.date(today.year, 1, 1))
        self.end = self._date_edit("period_end", today)
        self.area = QComboBox()
        self.area.setObjectName("period_area")
        self.area.setMinimumWidth(190)
        self.area.addItem(WHOLE_AREA, None)
        # The dates line is laid out by the page, on a line of its own under the controls:
        # beside them it was cut (1280×720 at 125 %).
        self.summary = QLabel()
        self.summary.setObjectName("period_summary")
        self.summary.setWordWrap(True)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for caption, widget in (("Kỳ:", self.kind), ("Năm:", self.year)):
            label = QLabel(caption)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        self.range_labels = [QLabel("Từ ngày:"), QLabel("đến ngày:")]
        for label, widget in zip(self.range_labels, (self.start, self.end), strict=True):
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        area_label = QLabel("Địa bàn:")
        area_label.setBuddy(self.area)
        row.addSpacing(12)
        row.addWidget(area_label)
        row.addWidget(self.area)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self._emit)
        self.start.dateChanged.connect(self._emit)
        self.end.dateChanged.connect(self._emit)
        self.area.currentIndexChanged.connect(self._emit)
        self._kind_changed()

    def _date_edit(self, name: str, day: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setObjectName(name)
        edit.setLocale(VIETNAMESE)  # month names of the calendar in Vietnamese
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.calendarWidget().setLocale(VIETNAMESE)
        edit.setKeyboardTracking(False)
        return edit

    def _kind_changed(self) -> None:
        custom = self.kind.currentData() == "tuy_chon"
        self.year.setVisible(not custom)
        self.year.setEnabled(not custom)
        for widget in (self.start, self.end, *self.range_labels):
            widget.setVisible(custom)
        self._emit()

    def _emit(self) -> None:
        self._update_summary()
        self.changed.emit()

    # --- reading and setting ---------------------------------------------------------

    def period(self) -> Period:
        kind = self.kind.currentData()
        if kind == "tuy_chon":
            start, end = _pydate(self.start.date()), _pydate(self.end.date())
            if end < start:  # dates typed the wrong way round: take them as a range
                start, end = end, start
            return period_of(kind, 0, start, end)
        return period_of(kind, self.year.value())

    def commune_id(self) -> int | None:
        return self.area.currentData()

    def area_name(self) -> str:
        return self.area.currentText() if self.commune_id() is not None else ""

    def set_period(self, kind: str, year: int | None = None, start: dt.date | None = None,
                   end: dt.date | None = None) -> None:
        """Choose a period as the user would, emitting ``changed`` once."""
        widgets = (self.kind, self.year, self.start, self.end)
        for widget in widgets:
            widget.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        if year is not None:
            self.year.setValue(year)
        if start is not None:
            self.start.setDate(_qdate(start))
        if end is not None:
            self.end.setDate(_qdate(end))
        for widget in widgets:
            widget.blockSignals(False)
        self._kind_changed()

    def set_communes(self, rows: list[dict]) -> None:
        """The communes to choose from (``id``, ``name``), keeping the choice."""
        keep = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem(WHOLE_AREA, None)
        for row in rows:
            self.area.addItem(row["name"], row["id"])
        index = self.area.findData(keep)
        self.area.setCurrentIndex(max(index, 0))
        self.area.blockSignals(False)
        if keep is not None and index < 0:  # the commune is gone: back to the whole area
            self._emit()

    def _update_summary(self) -> None:
        period = self.period()
        previous = period.same_period_last_year()
        self.summary.setText(
            f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}; so sánh với cùng kỳ "
            f"({previous.start:%d/%m/%Y} – {previous.end:%d/%m/%Y})")
