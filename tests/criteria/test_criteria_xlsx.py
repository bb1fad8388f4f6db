"""Criteria sets and score sheets through .xlsx: round trips, templates, refusals."""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import load_workbook

from danvan_desktop.services.criteria import scoring_xlsx, sets_xlsx
from danvan_desktop.services.exchange.reader import FileRefused
from danvan_desktop.store import criteria as sc


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_when_the_year_has_no_set_then_import_it(store, tmp_path):
    path, count = sets_xlsx.export_sets(store, 2024, tmp_path / "tieu-chi.xlsx")
    assert count == 0
    sheet = load_workbook(path)["Bộ tiêu chí"]
    assert sheet["D1"].value == "Tiêu chí" and sheet["E2"].value == 15
    saved = sets_xlsx.import_sets(store, 2024, path)
    assert len(saved) == 1 and saved[0].total_points == 100
    assert [t.label for t in saved[0].thresholds] == ["Xuất sắc", "Tốt", "Đạt"]


def test_export_import_round_trip_keeps_every_criterion(store, scored_year, tmp_path):
    path, count = sets_xlsx.export_sets(store, 2023, tmp_path / "bo.xlsx")
    assert count == 1
    sets_xlsx.import_sets(store, 2024, path)
    copy = sc.current_set(store, 2024)
    original = scored_year["set"]
    assert [(c.group, c.code, c.wording, c.max_points) for c in copy.criteria] == [
        (c.group, c.code, c.wording, c.max_points) for c in original.criteria
    ]


def test_a_bad_row_refuses_the_whole_file_naming_sheet_row_and_column(store, scored_year, tmp_path):
    path, _ = sets_xlsx.export_sets(store, 2023, tmp_path / "bo.xlsx")
    book = load_workbook(path)
    book["Bộ tiêu chí"]["E3"] = "ba mươi"
    book["Bộ tiêu chí"].append(["Tập thể", "", "9", "Tiêu chí riêng cho tập thể", 10])
    book.save(path)
    with pytest.raises(sets_xlsx.ImportRefused) as caught:
        sets_xlsx.import_sets(store, 2025, path)
    assert (
        str(caught.value.errors[0])
        == "Trang “Bộ tiêu chí”, dòng 3, cột “Điểm tối đa”: “ba mươi” không phải một số."
    )
    assert sc.sets_of_year(store, 2025) == []


def _evaluator_file(store, data, tmp_path):
    an = data["evaluators"][0]
    return scoring_xlsx.export_scoring(store, 2023, an, tmp_path / "an.xlsx")


def test_an_evaluators_workbook_comes_back_as_their_sheets(store, scored_year, tmp_path):
    path = _evaluator_file(store, scored_year, tmp_path)
    book = load_workbook(path)
    sheet = book["Chấm điểm"]
    assert [c.value for c in sheet[1]][:6] == [
        "Mã",
        "Tên mô hình, điển hình",
        "Chủ thể",
        "Lĩnh vực",
        "1.1 (tối đa 20)",
        "2.1 (tối đa 30)",
    ]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    first = scored_year["ids"][0]
    for cell, value in zip(rows[first][4:8], (18, 27.5, 28, 17), strict=True):
        cell.value = value
    rows[first][9].value = "Mô hình tiêu biểu"
    book.save(path)
    plan = scoring_xlsx.import_scores(store, path)
    assert plan.errors == [] and len(plan.sheets) == 1
    sheet_saved = sc.sheet_of(store, scored_year["set"].id, first, scored_year["evaluators"][0])
    assert sheet_saved.total == 90.5 and sheet_saved.remark == "Mô hình tiêu biểu"
    again = load_workbook(
        scoring_xlsx.export_scoring(store, 2023, scored_year["evaluators"][0], tmp_path / "an2.xlsx")
    )["Chấm điểm"]
    row = next(r for r in again.iter_rows(min_row=2, values_only=True) if r[0] == first)
    assert row[4:8] == (18, 27.5, 28, 17)


def test_points_over_the_maximum_refuse_the_file_by_sheet_row_and_criterion(store, scored_year, tmp_path):
    path = _evaluator_file(store, scored_year, tmp_path)
    book = load_workbook(path)
    sheet = book["Chấm điểm"]
    sheet["E2"], sheet["F2"] = 15, 31
    sheet["E3"] = "mười"
    book.save(path)
    before = _digest(tmp_path / "data.sqlite3")
    plan = scoring_xlsx.import_scores(store, path)
    assert [str(e) for e in plan.errors] == [
        "Trang “Chấm điểm”, dòng 2, cột “2.1 (tối đa 30)”: Điểm 31 vượt điểm tối đa 30.",
        "Trang “Chấm điểm”, dòng 3, cột “1.1 (tối đa 20)”: “mười” không phải số điểm.",
    ]
    assert store.scalar("SELECT count(*) FROM score_sheets") == 0
    assert _digest(tmp_path / "data.sqlite3") == before


def test_a_workbook_made_before_the_set_changed_is_refused(store, scored_year, tmp_path):
    from danvan_desktop.domain.criteria import ScoreSheet

    from .conftest import make_set

    path = _evaluator_file(store, scored_year, tmp_path)
    criteria = scored_year["set"].criteria
    sc.save_sheet(
        store,
        scored_year["set"].id,
        ScoreSheet(scored_year["ids"][1], scored_year["evaluators"][1], {criteria[0].id: 10}),
    )
    changed = make_set()
    changed.criteria[0].max_points = 25
    sc.save_set(store, changed)
    with pytest.raises(FileRefused, match="phiên bản mới"):
        scoring_xlsx.import_scores(store, path)


def test_names_like_formulas_stay_text_and_only_the_total_is_a_formula(store, scored_year, tmp_path):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import get_initiative, save_initiative

    item = get_initiative(store, scored_year["ids"][0])
    save_initiative(store, Initiative(**{**item.__dict__, "name": "=1+1", "owner_name": '=HYPERLINK("x")'}))
    path = scoring_xlsx.export_scoring(store, 2023, scored_year["evaluators"][0], tmp_path / "an.xlsx")
    book = load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert {c.value for c in cells if c.data_type == "s"} >= {"=1+1", '=HYPERLINK("x")'}
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert formulas and all(f.startswith("=IF(COUNT(") for f in formulas)  # the totals, ours
