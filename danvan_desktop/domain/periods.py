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


# The choices of a period selector: (code, label). "tuy_chon" takes two dates.
PERIOD_KINDS: list[tuple[str, str]] = [
    ("nam", "Cả năm"),
    ("quy_1", "Quý I"),
    ("quy_2", "Quý II"),
    ("quy_3", "Quý III"),
    ("quy_4", "Quý IV"),
    ("6_thang_dau", "6 tháng đầu năm"),
    ("6_thang_cuoi", "6 tháng cuối năm"),
    ("9_thang", "9 tháng"),
    ("tuy_chon", "Khoảng ngày tùy chọn"),
]


def period_of(kind: str, year: int, start: dt.date | None = None,
              end: dt.date | None = None) -> Period:
    """The period a selector's choice means: ``period_of("quy_2", 2023)``,
    ``period_of("tuy_chon", 0, start, end)``."""
    if kind == "nam":
        return year_period(year)
    if kind.startswith("quy_"):
        return quarter_period(year, int(kind[-1]))
    if kind == "6_thang_dau":
        return half_period(year, 1)
    if kind == "6_thang_cuoi":
        return half_period(year, 2)
    if kind == "9_thang":
        return nine_months_period(year)
    if kind == "tuy_chon":
        if start is None or end is None:
            raise ValueError("Chưa chọn ngày bắt đầu và ngày kết thúc.")
        return custom_period(start, end)
    raise ValueError(f"Không có loại kỳ “{kind}”.")


def year_and_quarter(start: dt.date, end: dt.date) -> tuple[int, int | None] | None:
    """(year, None) when the range is one whole calendar year, (year, quarter) when it is
    one quarter, else None."""
    if start.year != end.year:
        return None
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return start.year, None
    for quarter in ROMAN:
        candidate = quarter_period(start.year, quarter)
        if (candidate.start, candidate.end) == (start, end):
            return start.year, quarter
    return None
