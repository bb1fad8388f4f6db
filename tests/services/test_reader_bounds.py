"""Hidden sheets and rows are not imported, and the preview says so; the errors of a
large refused file are listed up to 50, then counted ("và N lỗi khác")."""

from __future__ import annotations

from openpyxl import Workbook

from danvan_desktop import cli
from danvan_desktop.services.exchange.importer import plan_import

HEADERS = ["Tên mô hình", "Loại", "Lĩnh vực", "Chủ thể", "Xã/phường", "Năm đăng ký"]


def test_hidden_sheets_and_rows_are_skipped_and_named(store, commune, tmp_path):
    book = Workbook()
    hidden = book.active
    hidden.title = "Mô hình cũ"
    hidden.append(HEADERS)
    hidden.append(["Mô hình ẩn", "Tập thể", "Kinh tế", "Chi hội", "Xã Đông Cường", 2020])
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("Mô hình")
    sheet.append(HEADERS)
    for n in range(5):
        sheet.append([f"Mô hình {n}", "Tập thể", "Kinh tế", f"Chi hội {n}", "Xã Đông Cường", 2024])
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[6].hidden = True
    path = tmp_path / "an.xlsx"
    book.save(path)
    plan = plan_import(store, path)
    assert [r.name for r in plan.rows] == ["Mô hình 0", "Mô hình 2", "Mô hình 3"]
    assert plan.notes == ["Bỏ qua trang ẩn “Mô hình cũ”.",
                          "Trang “Mô hình”: bỏ qua 2 dòng ẩn (dòng 3, 6)."]
    assert plan.as_dict()["notes"] == plan.notes


def test_a_file_of_many_bad_rows_lists_fifty_then_counts_the_rest(store, commune, tmp_path, capsys):
    path = tmp_path / "sai.csv"
    path.write_text(",".join(HEADERS) + "\n" + "".join(
        f"Mô hình {n},Loại lạ,Kinh tế,Chi hội,Xã Đông Cường,2024\n" for n in range(300)), encoding="utf-8")
    assert cli.run(["import", str(path), "--db", str(store.path), "--dry-run"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 52  # 50 rows, the count of the others, "Không ghi gì…"
    assert err[50] == "… và 250 lỗi khác."


def test_a_row_written_between_the_preview_and_the_import_is_not_written_twice(store, commune, tmp_path):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.services.exchange.importer import commit_plan
    from danvan_desktop.store.db import open_store
    from danvan_desktop.store.initiatives import save_initiative

    path = tmp_path / "nhap.csv"
    path.write_text(",".join(HEADERS) + "\nMô hình chung,Tập thể,Kinh tế,Chi hội,Xã Đông Cường,2024\n"
                    "Mô hình riêng,Tập thể,Kinh tế,Chi hội,Xã Đông Cường,2024\n", encoding="utf-8")
    plan = plan_import(store, path)
    assert not plan.errors and not plan.duplicates
    with open_store(store.path) as other:  # another import, committed meanwhile
        save_initiative(other, Initiative(name="Mô hình chung", kind="tap_the", field="kinh_te",
                                          owner_name="Chi hội", commune_id=commune, year=2024))
    written = commit_plan(store, plan)
    assert written.initiatives == 1
    names = sorted(r["name"] for r in store.query("SELECT name FROM initiatives"))
    assert names == ["Mô hình chung", "Mô hình riêng"]
