"""Status, level and dates checked together (domain/lifecycle.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan_desktop.domain.lifecycle import check_lifecycle, dates_to_fill, why_not_commended


def _fields(problems):
    return sorted(field for field, _ in problems)


def test_registered_cannot_carry_a_recognition():
    problems = check_lifecycle("dang_ky", "huyen", "2024-01-10", "2024-05-01", None)
    assert _fields(problems) == ["level", "recognized_on"]
    assert all("Đăng ký" in message for _, message in problems)


@pytest.mark.parametrize("status", ["dang_ky", "dang_thuc_hien", "khong_dat"])
def test_statuses_before_recognition_without_level_or_dates_are_fine(status):
    assert check_lifecycle(status, None, "2024-01-10", None, None) == []


def test_recognised_needs_a_level_and_a_date_and_no_commendation_yet():
    assert _fields(check_lifecycle("cong_nhan", None, "2024-01-10", None, None)) == [
        "level", "recognized_on"]
    assert _fields(check_lifecycle("cong_nhan", "xa", "2024-01-10", "2024-05-01", "2024-06-01")) == [
        "commended_on"]
    assert check_lifecycle("cong_nhan", "xa", "2024-01-10", "2024-05-01", None) == []


def test_commended_needs_a_recognition_before_it():
    assert _fields(check_lifecycle("khen_thuong", "huyen", None, None, "2024-06-01")) == [
        "recognized_on"]
    problems = check_lifecycle("khen_thuong", "huyen", None, "2024-06-01", "2024-03-15")
    assert problems == [("commended_on", "Ngày khen thưởng 15/03/2024 không được trước ngày "
                                         "công nhận 01/06/2024.")]


def test_dates_in_order_and_labels_accepted_as_typed():
    problems = check_lifecycle("Được công nhận", "xa", dt.date(2024, 5, 1), dt.date(2024, 2, 1), None)
    assert _fields(problems) == ["recognized_on"] and "01/05/2024" in problems[0][1]


def test_only_the_missing_dates_are_filled():
    today = dt.date(2024, 12, 2)
    assert dates_to_fill("cong_nhan", None, None, today) == {"recognized_on": "2024-12-02"}
    assert dates_to_fill("khen_thuong", "2024-05-01", None, today) == {"commended_on": "2024-12-02"}
    assert dates_to_fill("dang_ky", None, None, today) == {}
    assert dates_to_fill("nhan_rong", "2024-05-01", None, today) == {}


def test_why_a_round_cannot_commend():
    reason = why_not_commended("cong_nhan", "2024-06-01", "2024-03-15", "12-QĐ/HU")
    assert "12-QĐ/HU" in reason and "15/03/2024" in reason and "01/06/2024" in reason
    assert why_not_commended("cong_nhan", "2024-02-01", "2024-03-15", "12") is None
    assert "chưa được công nhận" in why_not_commended("dang_ky", None, "2024-03-15", "12")
