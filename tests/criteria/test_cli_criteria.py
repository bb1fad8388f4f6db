"""danvan criteria export/import and danvan scores [import], in a subprocess."""

from __future__ import annotations

import hashlib
import json

from openpyxl import load_workbook

from danvan_desktop.services.criteria import scoring_xlsx

from ..cli.test_cli import danvan


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_criteria_export_template_then_import(store, tmp_path):
    db = tmp_path / "data.sqlite3"
    store.close()
    out = tmp_path / "mau.xlsx"
    result = danvan("criteria", "export", "--db", db, "--year", 2024, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "chưa có bộ tiêu chí" in result.stdout
    result = danvan("criteria", "import", "--db", db, "--year", 2024, out)
    assert result.returncode == 0, result.stderr
    assert "5 tiêu chí, tổng 100 điểm" in result.stdout
    book = load_workbook(out)
    book["Bộ tiêu chí"]["E2"] = -3
    book.save(out)
    before = _digest(db)
    result = danvan("criteria", "import", "--db", db, "--year", 2025, out)
    assert result.returncode == 1
    assert "Trang “Bộ tiêu chí”, dòng 2, cột “Điểm tối đa”" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(db) == before


def test_scores_import_and_ranking(store, scored_year, tmp_path):
    db = tmp_path / "data.sqlite3"
    path = scoring_xlsx.export_scoring(store, 2023, scored_year["evaluators"][0], tmp_path / "an.xlsx")
    store.close()
    book = load_workbook(path)
    sheet = book["Chấm điểm"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    for cell, value in zip(rows[scored_year["ids"][1]][4:8], (19, 28, 27, 18), strict=True):
        cell.value = value
    book.save(path)
    result = danvan("scores", "import", "--db", db, path)
    assert result.returncode == 0, result.stderr
    assert "1 phiếu chấm của Nguyễn Văn An" in result.stdout
    result = danvan("scores", "--db", db, "--year", 2023, "--json")
    assert result.returncode == 0, result.stderr
    ranked = {r["name"]: r for r in json.loads(result.stdout)}
    assert ranked["Cánh đồng mẫu lớn"]["average"] == 92 and ranked["Cánh đồng mẫu lớn"]["rank"] == 1
    assert ranked["Cánh đồng mẫu lớn"]["grade"] == "Xuất sắc"
    assert ranked["Cánh đồng mẫu lớn"]["missing"] == ["Chưa chấm: Trần Thị Bình"]
    text = danvan("scores", "--db", db, "--year", 2023)
    assert "   1. Cánh đồng mẫu lớn (Hợp tác xã Đông Cường): 92, Xuất sắc" in text.stdout
    assert danvan("scores", "--db", db).returncode == 2


def test_scores_export_one_workbook_per_evaluator(store, scored_year, tmp_path):
    db = tmp_path / "data.sqlite3"
    store.close()
    out = tmp_path / "phieu"
    out.mkdir()
    result = danvan("scores", "export", "--db", db, "--year", 2023, "-o", out)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == ["Phieu cham diem 2023 - nguyenvanan.xlsx", "Phieu cham diem 2023 - tranthibinh.xlsx"]
    assert load_workbook(out / files[0])["Thông tin"]["B3"].value == "Nguyễn Văn An"
