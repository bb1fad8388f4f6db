"""Workbooks read by python-calamine give what openpyxl gives (values, hidden sheets and
rows skipped and said); what calamine would hold as a huge rectangle goes to openpyxl."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from danvan_desktop.services.exchange import reader, xlsx_fast
from danvan_desktop.services.exchange.columns import INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.reader import SheetKind, read_sheet, read_sheets

HEADERS = [c.header for c in INITIATIVE_COLUMNS]


def _book(path, far_cell: str | None = None):
    book = Workbook()
    notes = book.active
    notes.title = "Hướng dẫn"
    notes["A1"] = "Điền từ dòng 4 của trang “Mô hình”."
    secret = book.create_sheet("Nháp")
    secret.append(HEADERS)
    secret.sheet_state = "hidden"
    sheet = book.create_sheet("Mô hình")
    sheet.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"])
    sheet.append([])
    sheet.append(HEADERS)
    for n in range(12):
        sheet.append([f"Mô hình số {n}", "Tập thể", "KT", f"Chi bộ {n}", "", "Xã Đông Cường", "",
                      2023 if n % 2 else "2023", dt.date(2023, 3, n + 1) if n % 3 else f"{n + 1}/03/2023",
                      "Đăng ký", "", "Cách làm", 1.5 if n == 4 else "", ""])
    for hidden in (6, 9):
        sheet.row_dimensions[hidden].hidden = True
    if far_cell:
        sheet[far_cell] = "x"
    book.save(path)
    return path


def _both(path, monkeypatch):
    notes_fast: list[str] = []
    fast = read_sheets(path, {"main": SheetKind(INITIATIVE_COLUMNS)}, notes_fast)["main"]
    monkeypatch.setattr(reader, "visible_sheets", lambda *args: None)
    notes_slow: list[str] = []
    slow = read_sheets(path, {"main": SheetKind(INITIATIVE_COLUMNS)}, notes_slow)["main"]
    return (fast, notes_fast), (slow, notes_slow)


def _trimmed(rows):
    """Cells up to the last one holding a value (openpyxl also gives the empty ones after)."""
    out = []
    for number, cells in rows:
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        out.append((number, cells))
    return out


def test_calamine_reads_what_openpyxl_reads(tmp_path, monkeypatch):
    path = _book(tmp_path / "a.xlsx")
    assert xlsx_fast.visible_sheets(path, [], 200) is not None  # the fast path is taken
    (fast, fast_notes), (slow, slow_notes) = _both(path, monkeypatch)
    assert _trimmed(fast.rows) == _trimmed(slow.rows) and fast.header_row == slow.header_row == 3
    assert (fast.columns, fast.name, fast.hidden_rows) == (slow.columns, slow.name, 2)
    assert fast_notes == slow_notes == ["Bỏ qua trang ẩn “Nháp”.",
                                        "Trang “Mô hình”: bỏ qua 2 dòng ẩn (dòng 6, 9)."]
    assert [n for n, _cells in fast.rows] == [4, 5, 7, 8, 10, 11, 12, 13, 14, 15]
    assert fast.rows[1][1][7] == 2023 and fast.rows[1][1][8] == dt.datetime(2023, 3, 2)
    assert fast.rows[3][1][12] == 1.5


def test_the_fast_path_does_not_need_openpyxl(tmp_path, monkeypatch):
    path = _book(tmp_path / "a.xlsx")

    def refuse(*_args, **_kwargs):
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr(reader, "_open_book", refuse)
    assert len(read_sheet(path, INITIATIVE_COLUMNS, "Mô hình").rows) == 10


@pytest.mark.parametrize(("far_cell", "rows"), [("A1048576", 11), ("XFD400", 10)])
def test_a_far_cell_is_left_to_openpyxl(tmp_path, far_cell, rows):
    path = _book(tmp_path / "far.xlsx", far_cell)
    assert xlsx_fast.visible_sheets(path, [], 200) is None  # not a million-row rectangle
    sheet = read_sheets(path, {"main": SheetKind(INITIATIVE_COLUMNS)})["main"]
    assert len(sheet.rows) == rows  # one more row, not a million; past the column cap: none


def test_a_table_starting_below_and_right_is_read_in_place(tmp_path, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet["D2"] = "Danh sách"
    for r, row in enumerate([HEADERS, ["Mô hình A", "Tập thể", "KT", "Chi bộ", "", "Xã Đông Cường",
                                       "", 2023]], start=5):
        for c, value in enumerate(row, start=3):
            sheet.cell(r, c, value)
    path = tmp_path / "lech.xlsx"
    book.save(path)
    (fast, _), (slow, _) = _both(path, monkeypatch)
    assert _trimmed(fast.rows) == _trimmed(slow.rows) and fast.columns == slow.columns
    assert fast.columns["name"] == 2 and fast.rows[0][0] == 6 and fast.rows[0][1][2] == "Mô hình A"
