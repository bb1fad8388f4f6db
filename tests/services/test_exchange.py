"""Excel in and out: tolerant reading, every refusal named, all or nothing, round trip."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.services.exchange.columns import INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.export import export_initiatives
from danvan_desktop.services.exchange.importer import commit_import, plan_import
from danvan_desktop.services.exchange.reader import FileRefused
from danvan_desktop.services.exchange.template import build_template
from danvan_desktop.store import catalog
from danvan_desktop.store.initiatives import save_initiative

HEADERS = [c.header for c in INITIATIVE_COLUMNS]


def _xlsx(path, rows, headers=HEADERS, title_rows=0):
    book = Workbook()
    sheet = book.active
    for n in range(title_rows):
        sheet.append([f"ỦY BAN MTTQ XÃ ĐÔNG CƯỜNG – dòng tiêu đề {n + 1}"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _row(name="Tuyến phố văn minh", kind="Tập thể", field="VH-XH", owner="Chi bộ thôn Đầm",
         commune="Xã Đông Cường", year=2023, date="07/03/2023", status="", level=""):
    row = [name, kind, field, owner, "", commune, "", year, date, status, level, "", "", ""]
    return row + [""] * (len(HEADERS) - len(row))  # the registration columns, left blank


@pytest.fixture
def places(store, commune):
    catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)
    return commune


def test_headers_below_titles_in_any_order_and_case(store, places, tmp_path):
    order = list(reversed(range(len(HEADERS))))
    headers = [HEADERS[i].upper().replace("Ê", "E") for i in order]
    rows = [[_row()[i] for i in order]]
    plan = plan_import(store, _xlsx(tmp_path / "a.xlsx", rows, headers, title_rows=3))
    assert not plan.errors and len(plan.rows) == 1
    assert plan.rows[0].item.field == "van_hoa_xa_hoi"


@pytest.mark.parametrize(("typed", "code"), [
    ("KT", "kinh_te"), ("VH-XH", "van_hoa_xa_hoi"), ("Văn hoá - xã hội", "van_hoa_xa_hoi"),
    ("Quốc phòng, an ninh", "quoc_phong_an_ninh"), ("QPAN", "quoc_phong_an_ninh"),
    ("XDĐ", "xay_dung_dang"), ("XD Đảng", "xay_dung_dang")])
def test_fields_as_offices_type_them(store, places, tmp_path, typed, code):
    plan = plan_import(store, _xlsx(tmp_path / "f.xlsx", [_row(field=typed)]))
    assert plan.rows[0].item.field == code


def test_excel_dates_text_years_and_commune_without_prefix(store, places, tmp_path):
    plan = plan_import(store, _xlsx(tmp_path / "d.xlsx", [
        _row(date=dt.datetime(2023, 3, 7), year="2023", commune="Đông Cường"),
        ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # blank row skipped
        _row(name="Mô hình hai", date="7/3/2023", status="Được công nhận", level="huyện")]))
    assert not plan.errors and len(plan.rows) == 2
    assert plan.rows[0].item.registered_on == "2023-03-07"
    assert plan.rows[1].item.status == "cong_nhan" and plan.rows[1].item.level == "huyen"


def test_every_refusal_names_row_column_and_reason(store, places, tmp_path):
    plan = plan_import(store, _xlsx(tmp_path / "bad.xlsx", [
        _row(name=""), _row(kind="Hộ gia đình"), _row(field="Thể thao"), _row(owner=""),
        _row(commune="Xã Không Có"), _row(year="23"), _row(date="31/02/2023"),
        _row(status="Tuyệt vời"), _row(level="Thôn")]))
    found = {(e.row, e.column) for e in plan.errors}
    assert found == {(2, "Tên mô hình, điển hình"), (3, "Loại"), (4, "Lĩnh vực"), (5, "Chủ thể"),
                     (6, "Xã/phường"), (7, "Năm đăng ký"), (8, "Ngày đăng ký"), (9, "Trạng thái"),
                     (10, "Cấp công nhận")}
    assert all(e.reason for e in plan.errors)
    assert "Xã Không Có" in next(e.reason for e in plan.errors if e.row == 6)


def test_one_bad_row_among_a_thousand_writes_nothing(store, places, tmp_path):
    rows = [_row(name=f"Mô hình số {n}") for n in range(1000)]
    rows[637] = _row(name="Mô hình hỏng", field="???")
    plan = plan_import(store, _xlsx(tmp_path / "big.xlsx", rows))
    assert [(e.row, e.column) for e in plan.errors] == [(639, "Lĩnh vực")]
    with pytest.raises(ValueError):
        commit_import(store, plan)
    assert store.scalar("SELECT count(*) FROM initiatives") == 0


def test_possible_duplicates_are_flagged_and_skipped_unless_kept(store, places, tmp_path):
    save_initiative(store, Initiative(name="Tuyến phố văn minh", kind="tap_the", field="van_hoa_xa_hoi",
                                      owner_name="Chi bộ thôn Đầm", commune_id=places, year=2023))
    path = _xlsx(tmp_path / "dup.xlsx", [_row(name="TUYẾN PHỐ VĂN MINH", owner="chi bo thon dam"),
                                         _row(name="Mô hình mới")])
    plan = plan_import(store, path)
    assert [r.row for r in plan.duplicates] == [2]
    assert commit_import(store, plan) == 1
    assert commit_import(store, plan_import(store, path), keep_duplicates=True) == 2


def test_duplicates_are_found_by_name_owner_and_year_whatever_their_length(store, places, tmp_path):
    """Found through the index of the search key's start: long names (past the characters
    the index holds), an owner that only starts the same, another year, a binned one."""
    long = "Dân vận khéo trong xây dựng nông thôn mới kiểu mẫu gắn với chỉnh trang khu dân cư"
    for name, owner, year in [(long, "Chi bộ thôn Đầm", 2023), ("Đường hoa", "Hội Phụ nữ xã", 2023),
                              ("Camera an ninh", "Công an xã", 2022)]:
        save_initiative(store, Initiative(name=name, kind="tap_the", field="kinh_te",
                                          owner_name=owner, commune_id=places, year=year))
    binned = save_initiative(store, Initiative(name="Tủ sách", kind="tap_the", field="kinh_te",
                                               owner_name="Chi đoàn", commune_id=places, year=2023))
    store.execute("UPDATE initiatives SET deleted_at = '2024-01-01' WHERE id = ?", (binned.id,))
    path = _xlsx(tmp_path / "dup.xlsx", [
        _row(name=long.upper(), owner="chi bo thon dam"),  # 2: the same, in capitals, no marks
        _row(name=long, owner="Chi bộ thôn Đầm Hồng"),  # 3: another owner that starts the same
        _row(name="Đuong hoa", owner="Hoi phu nu xa"),  # 4: the same (đ/d, marks)
        _row(name="Camera an ninh", owner="Công an xã"),  # 5: 2023, the record is 2022
        _row(name="Tủ sách", owner="Chi đoàn"),  # 6: only a binned one
    ])
    assert [r.row for r in plan_import(store, path).duplicates] == [2, 4]


def test_unknown_places_are_created_only_when_asked(store, places, tmp_path):
    path = _xlsx(tmp_path / "p.xlsx", [_row(commune="Xã Mê Linh")])
    assert plan_import(store, path).errors
    plan = plan_import(store, path, create_places=True)
    assert not plan.errors and plan.new_places == ["Xã Mê Linh"]
    commit_import(store, plan)
    assert catalog.find_area(store, "Xã Mê Linh", "xa") is not None


def test_csv_with_bom_and_semicolons(store, places, tmp_path):
    path = tmp_path / "xa.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerow(_row())
    plan = plan_import(store, path)
    assert not plan.errors and plan.rows[0].item.owner_name == "Chi bộ thôn Đầm"


@pytest.mark.parametrize(("content", "message"), [
    (b"PK\x03\x04 broken zip", "bị hỏng"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old or encrypted", "mật khẩu"),
])
def test_damaged_or_protected_files_are_refused_in_vietnamese(store, tmp_path, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match=message):
        plan_import(store, path)


def test_old_xls_empty_sheet_and_missing_headers(store, tmp_path):
    (tmp_path / "cu.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileRefused, match=".xls"):
        plan_import(store, tmp_path / "cu.xls")
    with pytest.raises(FileRefused, match="Không tìm thấy dòng tiêu đề"):
        plan_import(store, _xlsx(tmp_path / "empty.xlsx", [], headers=[]))
    with pytest.raises(FileRefused, match="thiếu cột bắt buộc: .*Lĩnh vực"):
        plan_import(store, _xlsx(tmp_path / "h.xlsx", [], headers=[h for h in HEADERS if h != "Lĩnh vực"]))


def test_template_has_drop_downs_an_example_and_instructions(store, places, tmp_path):
    path = build_template(tmp_path / "mau.xlsx")
    book = load_workbook(path)
    assert book.sheetnames[0] == "Hướng dẫn" and "Mô hình" in book.sheetnames
    sheet = book["Mô hình"]
    assert [c.value for c in sheet[1]] == HEADERS
    lists = {str(v.sqref).split(":")[0][0] for v in sheet.data_validations.dataValidation}
    assert {"B", "C", "J", "K"} <= lists  # Loại, Lĩnh vực, Trạng thái, Cấp công nhận
    plan = plan_import(store, path, create_places=True)
    assert not plan.errors and plan.rows[0].item.name.startswith("Sản xuất hương")


def test_export_then_import_gives_the_same_records(store, places, tmp_path):
    for n, field in enumerate(["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_dang"]):
        save_initiative(store, Initiative(
            name=f'Mô hình <{n}> & "{field}"', kind="ca_nhan" if n % 2 else "tap_the", field=field,
            owner_name=f"Nguyễn Thị Huệ {n}", position="Trưởng thôn" if n % 2 else "",
            commune_id=places, year=2022, registered_on=f"2022-0{n + 1}-15",
            status="cong_nhan", level="huyen", results="Hiệu quả tốt"))
    path, count = export_initiatives(store, tmp_path / "xuat.xlsx")
    assert count == 4
    from danvan_desktop.store.db import create_store

    other = create_store(tmp_path / "khac.sqlite3")
    catalog.add_area(other, "Xã Đông Cường", "xa")
    plan = plan_import(other, path)
    assert not plan.errors
    commit_import(other, plan)
    columns = "name, kind, field, owner_name, position, year, registered_on, status, level, results"
    before = store.query(f"SELECT {columns} FROM initiatives ORDER BY name")
    after = other.query(f"SELECT {columns} FROM initiatives ORDER BY name")
    assert before == after
    other.close()


def test_contradictory_rows_are_refused_and_filled_dates_are_said(store, places, tmp_path):
    plan = plan_import(store, _xlsx(tmp_path / "s.xlsx", [
        _row(name="Đăng ký mà có cấp", status="Đăng ký", level="Huyện"),
        _row(name="Công nhận thiếu cấp", status="Được công nhận"),
        _row(name="Công nhận đủ", status="Được công nhận", level="Xã")]))
    refused = {e.row: (e.column, e.reason) for e in plan.errors}
    assert refused[2][0] == "Cấp công nhận" and "Đăng ký" in refused[2][1]
    assert refused[3][0] == "Cấp công nhận" and "cần có cấp" in refused[3][1]
    assert 4 not in refused
    good = plan.rows[2]
    assert good.filled == {"recognized_on": dt.date.today().isoformat()}
    assert good.item.recognized_on == dt.date.today().isoformat()
