"""Reporting periods (kỳ báo cáo): quarters, halves, nine months, years, custom ranges."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def full_years(self) -> tuple[int, int] | None:
        """The first and last calendar years wholly inside the period, if any: records
        known only by their year (no date) count in those."""
        first = self.start.year if (self.start.month, self.start.day) == (1, 1) else self.start.year + 1
        last = self.end.year if (self.end.month, self.end.day) == (12, 31) else self.end.year - 1
        return (first, last) if first <= last else None

    def same_period_last_year(self) -> Period:
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1),
                      f"cùng kỳ năm {self.start.year - 1}")

    def as_dict(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _shift_year(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")


def quarter_period(year: int, quarter: int) -> Period:
    if quarter not in ROMAN:
        raise ValueError("Quý phải từ 1 đến 4.")
    first = (quarter - 1) * 3 + 1
    return Period(dt.date(year, first, 1), _month_end(year, first + 2),
                  f"quý {ROMAN[quarter]} năm {year}")


def half_period(year: int, half: int) -> Period:
    if half == 1:
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30), f"6 tháng đầu năm {year}")
    if half == 2:
        return Period(dt.date(year, 7, 1), dt.date(year, 12, 31), f"6 tháng cuối năm {year}")
    raise ValueError("Nửa năm phải là 1 hoặc 2.")


def nine_months_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 9, 30), f"9 tháng năm {year}")


def stage_period(first_year: int, last_year: int) -> Period:
    if last_year < first_year:
        raise ValueError("Năm cuối giai đoạn phải sau năm đầu.")
    return Period(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31),
                  f"giai đoạn {first_year}–{last_year}")


def custom_period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise ValueError("Ngày kết thúc phải sau ngày bắt đầu.")
    return Period(start, end, f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")


def make_period(year: int, quarter: int | None = None, half: int | None = None,
                nine_months: bool = False) -> Period:
    if quarter:
        return quarter_period(year, quarter)
    if half:
        return half_period(year, half)
    if nine_months:
        return nine_months_period(year)
    return year_period(year)
