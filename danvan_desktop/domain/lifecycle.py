"""Status, level and dates of an initiative, checked together: one rule for the form,
the Excel import, the command line and the packages exchanged between offices
(``check_lifecycle``), and the dates the program may fill in for the user
(``dates_to_fill``), which callers show before saving.

The rule (DOMAIN.md: Đăng ký → Đang thực hiện → Được công nhận → Được biểu dương, khen
thưởng → Nhân rộng; or Không đạt / Dừng):

- not yet recognised (Đăng ký, Đang thực hiện) or not recognised (Không đạt): no
  recognition level, no recognition date, no commendation date;
- recognised (Được công nhận): a level and a recognition date; no commendation date yet;
- commended or replicated: a level, a recognition date, and (commended) the date of the
  commendation, which follows the recognition;
- stopped (Dừng): whatever it reached before it stopped, dates in order;
- always: registration ≤ recognition ≤ commendation.
"""

from __future__ import annotations

import datetime as dt

from . import vocab
from .text import format_date

NOT_RECOGNISED = {"dang_ky", "dang_thuc_hien", "khong_dat"}
RECOGNISED = {"cong_nhan", "khen_thuong", "nhan_rong"}
COMMENDED = {"khen_thuong"}


def _code(status: str | None) -> str:
    """A status code, also from a label as typed (``Được công nhận``)."""
    if not status:
        return "dang_ky"
    return status if status in vocab.STATUSES else (vocab.STATUSES.match(status) or status)


def _iso(value: str | dt.date | None) -> str | None:
    if value in (None, ""):
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def check_lifecycle(status: str | None, level: str | None, registered_on: str | dt.date | None,
                    recognized_on: str | dt.date | None,
                    commended_on: str | dt.date | None) -> list[tuple[str, str]]:
    """Every contradiction between status, level and dates, as (field, Vietnamese message);
    empty when they agree. Dates are ISO strings or dates (already parsed)."""
    status = _code(status)
    label = vocab.STATUSES.label(status) or status
    registered, recognized, commended = (_iso(registered_on), _iso(recognized_on),
                                         _iso(commended_on))
    problems: list[tuple[str, str]] = []
    if status in NOT_RECOGNISED:
        why = f"Mô hình ở trạng thái “{label}” chưa được công nhận nên"
        if level:
            problems.append(("level", f"{why} không có cấp công nhận; hãy bỏ cấp hoặc đổi trạng thái."))
        if recognized:
            problems.append(("recognized_on", f"{why} không có ngày công nhận; hãy xóa ngày "
                                              "hoặc đổi trạng thái."))
        if commended:
            problems.append(("commended_on", f"{why} không có ngày khen thưởng; hãy xóa ngày "
                                             "hoặc đổi trạng thái."))
        return problems
    if status in RECOGNISED:
        if not level:
            problems.append(("level", f"Mô hình “{label}” cần có cấp công nhận (xã, huyện, tỉnh…)."))
        if not recognized:
            problems.append(("recognized_on", f"Mô hình “{label}” cần có ngày công nhận."))
    if status == "cong_nhan" and commended:
        problems.append(("commended_on", "Mô hình mới “Được công nhận” chưa có ngày khen thưởng; "
                                         "hãy xóa ngày hoặc chọn trạng thái “Được biểu dương, khen thưởng”."))
    if status in COMMENDED and not commended:
        problems.append(("commended_on", f"Mô hình “{label}” cần có ngày biểu dương, khen thưởng."))
    if status == "dung" and commended and not recognized:
        problems.append(("recognized_on", "Mô hình đã được khen thưởng thì phải có ngày công nhận trước đó."))
    if registered and recognized and recognized < registered:
        problems.append(("recognized_on", f"Ngày công nhận {format_date(recognized)} không được "
                                          f"trước ngày đăng ký {format_date(registered)}."))
    if recognized and commended and commended < recognized:
        problems.append(("commended_on", f"Ngày khen thưởng {format_date(commended)} không được "
                                         f"trước ngày công nhận {format_date(recognized)}."))
    return problems


def dates_to_fill(status: str | None, recognized_on: str | dt.date | None,
                  commended_on: str | dt.date | None, today: dt.date) -> dict[str, str]:
    """The dates a status needs and does not have yet, filled with ``today`` (ISO):
    what the form puts in its fields (visibly) when the user picks the status, and what
    the import shows in its preview before writing."""
    filled: dict[str, str] = {}
    status = _code(status)
    if status in RECOGNISED and not _iso(recognized_on):
        filled["recognized_on"] = today.isoformat()
    if status in COMMENDED and not _iso(commended_on):
        filled["commended_on"] = today.isoformat()
    return filled


def why_not_commended(status: str | None, recognized_on: str | None, decided_on: str,
                      round_number: str) -> str | None:
    """Why an initiative cannot be added to a round decided on ``decided_on`` (its
    commendation would then be dated before its recognition), or None when it can."""
    recognized = _iso(recognized_on)
    if status not in RECOGNISED:
        label = vocab.STATUSES.label(status) or status
        return f"mô hình đang ở trạng thái “{label}”, chưa được công nhận"
    if recognized and decided_on < recognized:
        return (f"Quyết định số {round_number} ngày {format_date(decided_on)} trước ngày công "
                f"nhận mô hình {format_date(recognized)}: không thể khen trước khi công nhận. "
                "Hãy sửa ngày công nhận của mô hình hoặc ngày quyết định")
    return None
