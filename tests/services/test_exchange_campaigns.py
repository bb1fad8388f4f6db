"""Campaigns and their contributions in and out: the “Cuộc vận động” and “Đóng góp” sheets,
checked with sheet, row, column and reason, written with the initiatives in one
transaction or not at all, and read back from the export."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from openpyxl import Workbook, load_workbook

from danvan_desktop.domain.entities import Campaign, Contribution
from danvan_desktop.services.exchange.columns import CAMPAIGN_COLUMNS, INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.export import export_campaigns, export_contributions
from danvan_desktop.services.exchange.importer import commit_import, commit_plan, plan_import
from danvan_desktop.services.exchange.reader import FileRefused
from danvan_desktop.services.exchange.template import build_template
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.db import create_store

ROAD = "Mở rộng đường vào thôn Hoành Từ"
CAMPAIGN_HEADERS = [c.header for c in CAMPAIGN_COLUMNS]
LEDGER_HEADERS = ["Tên công trình", "Ngày", "Nguồn", "Người/đơn vị đóng góp", "Hình thức",
                  "Số tiền hoặc số lượng", "Ghi chú"]
INITIATIVE = ["Tuyến phố văn minh", "Tập thể", "VH-XH", "Chi bộ thôn Đầm", "", "Xã Đông Cường", "",
              2023, "07/03/2023", "", "", "", "", ""]


def _road(**changes):
    values = {"title": ROAD, "type": "Đường giao thông", "commune": "Đông Cường", "village": "Hoành Từ",
              "status": "Đang thực hiện", "started_on": "20/01/2023", "estimate_vnd": "1,2 tỷ",
              "length_m": "450", "width_before_m": "3,5", "width_after_m": 9,
              "households_benefited": "180", "households_asked": 180, "households_agreed": "176"}
    values.update(changes)
    return [values.get(c.key, "") for c in CAMPAIGN_COLUMNS]


def _households(count=3, on="10/02/2023"):
    return [[ROAD, on, "Nhân dân", f"Hộ số {n}", "Tiền", "100.000", ""] for n in range(1, count + 1)]


def _book(path, campaigns=(), ledger=(), initiatives=None):
    book = Workbook()
    book.remove(book.active)
    if initiatives is not None:
        sheet = book.create_sheet("Mô hình")
        sheet.append([c.header for c in INITIATIVE_COLUMNS])
        for row in initiatives:
            sheet.append(row)
    if campaigns is not None:
        sheet = book.create_sheet("Cuộc vận động")
        sheet.append(["DANH SÁCH CÔNG TRÌNH NĂM 2023"])  # a title row above the headers
        sheet.append(CAMPAIGN_HEADERS)
        for row in campaigns:
            sheet.append(row)
    if ledger is not None:
        sheet = book.create_sheet("Đóng góp")
        sheet.append(LEDGER_HEADERS)
        for row in ledger:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def places(store, commune):
    catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)
    return commune


def _count(store, table):
    return store.scalar(f"SELECT count(*) FROM {table}")


def test_the_hoanh_tu_road_with_its_households(store, places, tmp_path):
    ledger = _households(150) + [
        [ROAD, dt.datetime(2023, 3, 1), "Con em xa quê", "Hội đồng hương Hoành Từ tại Hà Nội", "Tiền",
         "350 triệu", ""],
        [ROAD, "01/03/2023", "nha hao tam", "Doanh nghiệp tư nhân Hoành Phát", "tien mat", 200_000_000, ""],
        [None, None, None, None, None, None, None],  # a blank row is skipped
        [ROAD, "10/03/2023", "Nhân dân", "Nhân dân thôn Hoành Từ", "Ngày công", "420", ""],
        [ROAD, "10/03/2023", "Nhân dân", "Các hộ dọc tuyến đường", "Hiến đất", "2.475,5", "m² đất"]]
    plan = plan_import(store, _book(tmp_path / "hoanh-tu.xlsx", [_road()], ledger))
    assert not plan.errors and not plan.rows
    assert (len(plan.campaigns), len(plan.contributions)) == (1, 154)
    road = plan.campaigns[0].item
    assert (road.estimate_vnd, road.length_m, road.width_before_m, road.started_on) == \
        (1_200_000_000, 450, 3.5, "2023-01-20")
    assert plan.contributions[0].row == 2 and plan.contributions[-1].row == 156
    result = commit_plan(store, plan)
    assert (result.campaigns, result.contributions, result.initiatives) == (1, 154, 0)
    stored = store.query("SELECT * FROM campaigns")[0]
    assert stored["village_id"] == catalog.find_area(store, "Thôn Hoành Từ", "thon")
    assert stored["status"] == "dang_thuc_hien" and stored["households_agreed"] == 176
    money = store.scalar("SELECT sum(amount_vnd) FROM contributions WHERE kind = 'tien'")
    assert money == 150 * 100_000 + 350_000_000 + 200_000_000
    assert store.scalar("SELECT count(*) FROM contributions WHERE amount_vnd = 100000") == 150
    assert store.scalar("SELECT quantity FROM contributions WHERE kind = 'dat'") == 2475.5
    assert store.scalar("SELECT quantity FROM contributions WHERE kind = 'ngay_cong'") == 420


def test_a_bad_contribution_refuses_the_whole_file_initiatives_too(store, places, tmp_path):
    ledger = _households(5)
    ledger[3][5] = "một trăm nghìn"
    path = _book(tmp_path / "xa.xlsx", [_road()], ledger, initiatives=[INITIATIVE])
    plan = plan_import(store, path)
    assert len(plan.rows) == 1 and not plan.rows[0].errors  # the initiative itself is fine
    [error] = plan.errors
    assert (error.sheet, error.row, error.column) == ("Đóng góp", 5, "Số tiền hoặc số lượng")
    assert "một trăm nghìn" in error.reason
    assert str(error).startswith("Trang “Đóng góp”, dòng 5, cột “Số tiền hoặc số lượng”:")
    assert plan.as_dict()["refused"] == [error.as_dict()]
    assert plan.as_dict()["contributions"]["refused"] == [error.as_dict()]
    with pytest.raises(ValueError):
        commit_plan(store, plan)
    with pytest.raises(ValueError):
        commit_import(store, plan)
    assert [_count(store, t) for t in ("initiatives", "campaigns", "contributions")] == [0, 0, 0]


def test_every_campaign_and_contribution_refusal_is_named(store, places, tmp_path):
    campaigns = [_road(), _road(title="Đường trục xã", type="Cầu cống"),
                 _road(title="Nhà đại đoàn kết", type="Nhà ở", status="Hoàn thành"),  # no finish date
                 _road(title="Đèn đường", type="Chiếu sáng", households_asked=10, households_agreed=12),
                 _road(title="", estimate_vnd="nhiều tiền"), _road(title="Đường xóm", commune="Xã Không Có"),
                 _road(title=ROAD.upper())]  # the same campaign twice
    ledger = [[ROAD, "31/02/2023", "Nhân dân", "", "Tiền", "100.000", ""],
              [ROAD, "10/02/2023", "Hàng xóm", "", "Tiền", "100.000", ""],
              [ROAD, "10/02/2023", "Nhân dân", "", "Ủng hộ", "100.000", ""],
              [ROAD, "10/02/2023", "Nhân dân", "", "Tiền", "", ""],
              ["", "10/02/2023", "Nhân dân", "", "Tiền", "100.000", ""]]
    plan = plan_import(store, _book(tmp_path / "sai.xlsx", campaigns, ledger))
    found = {(e.sheet, e.row, e.column) for e in plan.errors}
    assert found == {
        ("Cuộc vận động", 4, "Loại"), ("Cuộc vận động", 5, "Ngày hoàn thành"),
        ("Cuộc vận động", 6, "Số hộ đồng ý"), ("Cuộc vận động", 7, "Tên công trình"),
        ("Cuộc vận động", 7, "Dự toán (đồng)"), ("Cuộc vận động", 8, "Xã/phường"),
        ("Cuộc vận động", 9, "Tên công trình"),
        ("Đóng góp", 2, "Ngày"), ("Đóng góp", 3, "Nguồn"), ("Đóng góp", 4, "Hình thức"),
        ("Đóng góp", 5, "Số tiền hoặc số lượng"), ("Đóng góp", 6, "Tên công trình")}
    assert all(e.reason.strip() for e in plan.errors)
    reasons = {(e.row, e.column): e.reason for e in plan.errors if e.sheet == "Cuộc vận động"}
    assert "dòng 3" in reasons[(9, "Tên công trình")]
    assert "Cầu cống" in reasons[(4, "Loại")]


def test_contributions_to_an_unknown_campaign_are_refused_with_a_reason(store, places, tmp_path):
    ledger = _households(2) + [["Đường vào thôn Không Tên", "10/02/2023", "Nhân dân", "", "Tiền",
                                "100.000", ""]]
    plan = plan_import(store, _book(tmp_path / "gop.xlsx", [_road()], ledger))
    [error] = plan.errors
    assert (error.sheet, error.row, error.column) == ("Đóng góp", 4, "Tên công trình")
    assert "Không tìm thấy công trình “Đường vào thôn Không Tên”" in error.reason
    # a contributions-only file needs its campaign in the data file
    plan = plan_import(store, _book(tmp_path / "chi-gop.xlsx", None, _households(2)))
    assert len(plan.errors) == 2 and ROAD in plan.errors[0].reason


def test_contributions_go_to_a_campaign_already_in_the_data_file(store, places, tmp_path):
    other = catalog.add_area(store, "Xã Mê Linh", "xa")
    for commune in (places, other):
        save_campaign(store, Campaign(title=ROAD, type="duong", commune_id=commune, status="ke_hoach"))
    plan = plan_import(store, _book(tmp_path / "gop.xlsx", None, _households(2)))
    assert {e.column for e in plan.errors} == {"Tên công trình"}
    assert "Xã/phường" in plan.errors[0].reason  # two of that name: say which commune
    book = Workbook()
    book.active.append(["Tên công trình", "Xã/phường", "Ngày", "Nguồn", "Hình thức", "Số tiền"])
    book.active.append([ROAD.lower(), "mê linh", "10/02/2023", "Nhân dân", "Tiền", "1.000.000"])
    book.save(tmp_path / "me-linh.xlsx")
    plan = plan_import(store, tmp_path / "me-linh.xlsx")
    assert not plan.errors
    assert commit_plan(store, plan).contributions == 1
    target = store.scalar("SELECT id FROM campaigns WHERE commune_id = ?", (other,))
    assert store.scalar("SELECT campaign_id FROM contributions") == target


def test_importing_the_same_file_again_writes_nothing_new(store, places, tmp_path):
    path = _book(tmp_path / "lan-hai.xlsx", [_road()], _households(3))
    commit_plan(store, plan_import(store, path))
    again = plan_import(store, path)
    assert not again.errors and again.campaigns[0].duplicate_of is not None
    assert all(r.duplicate_of is not None for r in again.contributions)
    assert commit_plan(store, again).contributions == 0
    assert (_count(store, "campaigns"), _count(store, "contributions")) == (1, 3)
    # one more household than stored: only the new row is written, to the stored campaign
    more = plan_import(store, _book(tmp_path / "them.xlsx", [_road()], _households(4)))
    assert [r.row for r in more.contributions if r.duplicate_of is None] == [5]
    assert commit_plan(store, more).contributions == 1
    assert (_count(store, "campaigns"), _count(store, "contributions")) == (1, 4)
    kept = commit_plan(store, plan_import(store, path), keep_duplicates=True)
    assert (kept.campaigns, kept.contributions) == (1, 3)


def _sample(store, commune):
    village = catalog.find_area(store, "Thôn Hoành Từ", "thon")
    save_campaign(store, Campaign(
        title=ROAD, type="duong", commune_id=commune, village_id=village, status="hoan_thanh",
        started_on="2023-01-20", finished_on="2023-12-30", estimate_vnd=1_200_000_000, length_m=450,
        width_before_m=3.5, width_after_m=9, households_benefited=180, households_poor=4,
        households_near_poor=7, households_asked=180, households_agreed=176, notes="Kè hai bên"),
        [Contribution(on_date="2023-02-10", source="nhan_dan", kind="tien", contributor=f"Hộ số {n}",
                      amount_vnd=100_000) for n in range(1, 4)]
        + [Contribution(on_date="2023-03-10", source="nhan_dan", kind="dat", quantity=2475.5,
                        contributor="Các hộ dọc tuyến đường", note="m²")])
    save_campaign(store, Campaign(title="Sửa nhà cho bà Nguyễn Thị Huệ", type="nha", commune_id=commune,
                                  status="ke_hoach", estimate_vnd=30_000_000),
                  [Contribution(on_date="2023-04-01", source="to_chuc", kind="ngay_cong", quantity=12,
                                contributor="Đoàn thanh niên xã")])


CAMPAIGN_FIELDS = ("title, type, status, started_on, finished_on, estimate_vnd, length_m, width_before_m,"
                   " width_after_m, households_benefited, households_poor, households_near_poor,"
                   " households_asked, households_agreed, notes")
LEDGER_FIELDS = "k.title, x.on_date, x.source, x.kind, x.amount_vnd, x.quantity, x.contributor, x.note"


def _campaigns(store):
    return store.query(f"SELECT {CAMPAIGN_FIELDS} FROM campaigns ORDER BY title")


def _ledger(store):
    return store.query(f"SELECT {LEDGER_FIELDS} FROM contributions x JOIN campaigns k"
                       " ON k.id = x.campaign_id ORDER BY k.title, x.on_date, x.contributor")


def _other(tmp_path, name="khac.sqlite3"):
    other = create_store(tmp_path / name)
    commune = catalog.add_area(other, "Xã Đông Cường", "xa")
    catalog.add_area(other, "Thôn Hoành Từ", "thon", commune)
    return other


def test_export_campaigns_then_import_gives_the_same_campaigns(store, places, tmp_path):
    _sample(store, places)
    path, count = export_campaigns(store, tmp_path / "cong-trinh.xlsx", with_contributions=True)
    assert count == 2 and load_workbook(path).sheetnames == ["Cuộc vận động", "Đóng góp"]
    other = _other(tmp_path)
    plan = plan_import(other, path)
    assert not plan.errors
    assert commit_plan(other, plan).contributions == 5
    assert _campaigns(other) == _campaigns(store) and _ledger(other) == _ledger(store)
    other.close()


def test_campaign_list_and_ledger_exported_apart_import_back(store, places, tmp_path):
    _sample(store, places)
    campaigns, _ = export_campaigns(store, tmp_path / "cong-trinh.xlsx")
    ledger, rows = export_contributions(store, tmp_path / "dong-gop.xlsx")
    assert rows == 5
    other = _other(tmp_path)
    commit_plan(other, plan_import(other, campaigns))
    plan = plan_import(other, ledger)  # matched to the campaigns now in the data file
    assert not plan.errors and all(r.campaign_id for r in plan.contributions)
    commit_plan(other, plan)
    assert _campaigns(other) == _campaigns(store) and _ledger(other) == _ledger(store)
    other.close()


def test_a_csv_with_the_campaign_headers_is_read_as_campaigns(store, places, tmp_path):
    path = tmp_path / "cong-trinh.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(CAMPAIGN_HEADERS)
        writer.writerow(_road(estimate_vnd="1.200.000.000"))
    plan = plan_import(store, path)
    assert not plan.errors and not plan.rows and plan.campaigns[0].item.estimate_vnd == 1_200_000_000
    assert plan.sheets == {"campaigns": ""}


def test_a_named_sheet_missing_a_required_column_is_refused(store, places, tmp_path):
    path = _book(tmp_path / "thieu.xlsx", [_road()], None, initiatives=[INITIATIVE])
    book = load_workbook(path)
    sheet = book.create_sheet("Đóng góp")
    sheet.append(["Tên công trình", "Ngày", "Người/đơn vị đóng góp", "Hình thức", "Số tiền"])
    book.save(path)
    with pytest.raises(FileRefused, match="Trang “Đóng góp” thiếu cột bắt buộc: “Nguồn”"):
        plan_import(store, path)


def test_the_template_has_campaign_sheets_with_drop_downs_and_examples(store, places, tmp_path):
    path = build_template(tmp_path / "mau.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Hướng dẫn", "Mô hình", "Cuộc vận động", "Đóng góp", "Danh sách chọn"]
    assert [c.value for c in book["Cuộc vận động"][1]] == CAMPAIGN_HEADERS
    assert [c.value for c in book["Đóng góp"][1]] == ["Tên công trình", "Xã/phường", *LEDGER_HEADERS[1:]]
    lists = {s: {str(v.sqref)[0] for v in book[s].data_validations.dataValidation}
             for s in ("Cuộc vận động", "Đóng góp")}
    # Loại, Tình trạng; Nguồn, Hình thức
    assert lists == {"Cuộc vận động": {"B", "E"}, "Đóng góp": {"D", "F"}}
    guide = " ".join(str(c) for row in book["Hướng dẫn"].iter_rows(values_only=True) for c in row if c)
    assert "Trang “Cuộc vận động”" in guide and "Trang “Đóng góp”" in guide and "1,2 tỷ" in guide
    plan = plan_import(store, path, create_places=True)
    assert not plan.errors and (len(plan.rows), len(plan.campaigns), len(plan.contributions)) == (1, 1, 4)
    assert plan.contributions[0].campaign_row == plan.campaigns[0].row


def _danvan(*args):
    environment = {k: v for k, v in os.environ.items() if k != "DANVAN_DB"}
    environment["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "danvan_desktop", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=environment, timeout=120)


def test_cli_json_reports_campaigns_and_refuses_all_or_nothing(store, places, tmp_path):
    store.close()
    bad = _households(3)
    bad[1][1] = "hôm qua"
    path = _book(tmp_path / "sai.xlsx", [_road()], bad, initiatives=[INITIATIVE])
    result = _danvan("import", "--db", store.path, path, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["refused"] == [{"sheet": "Đóng góp", "row": 3, "column": "Ngày",
                                  "reason": report["refused"][0]["reason"]}]
    assert report["written"] == 0 and report["campaigns"]["written"] == 0 and report["rows"] == 1
    result = _danvan("import", "--db", store.path, _book(tmp_path / "dung.xlsx", [_road()], _households(3),
                                                         initiatives=[INITIATIVE]), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["written"] == 1 and report["valid"] == 1
    assert (report["campaigns"]["written"], report["contributions"]["written"]) == (1, 3)
    assert report["contributions"]["money_vnd"] == 300_000
    text = _danvan("import", "--db", store.path, tmp_path / "sai.xlsx")
    assert text.returncode == 1 and "Trang “Đóng góp”, dòng 3, cột “Ngày”" in text.stderr


def test_the_preview_dialog_shows_campaign_rows_and_their_refusals(qtbot, store, places, tmp_path,
                                                                  monkeypatch):
    from danvan_desktop.ui.exchange import import_dialog

    ledger = _households(3) + [["Đường không có", "10/02/2023", "Nhân dân", "", "Tiền", "100.000", ""]]
    dialog = import_dialog.ImportDialog(store, _book(tmp_path / "xa.xlsx", [_road()], ledger,
                                                     initiatives=[INITIATIVE]))
    qtbot.addWidget(dialog)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    text = dialog.summary.text()
    assert text.startswith("1 dòng: 1 hợp lệ, 0 bị từ chối") and "1 công trình, 4 khoản đóng góp" in text
    assert "1 dòng bị từ chối" in text and not dialog.import_button.isEnabled()
    model = dialog.campaign_table.model()
    assert model.rowCount() == 5 and dialog.tabs.tabText(1) == "Công trình, đóng góp (5)"
    last = [model.index(4, column).data() for column in range(6)]
    assert last[:3] == ["Đóng góp", "5", "Bị từ chối"] and "Đường không có" in last[5]
    assert model.index(0, 4).data().startswith("Đường – Đông Cường")

    monkeypatch.setattr(import_dialog.dialogs, "inform", lambda *a, **k: None)
    monkeypatch.setattr(import_dialog, "backup_folder", lambda: tmp_path / "backups")
    dialog = import_dialog.ImportDialog(store, _book(tmp_path / "dung.xlsx", [_road()], _households(3)))
    qtbot.addWidget(dialog)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.summary.text().startswith("1 công trình, 3 khoản đóng góp (tiền 300.000 đồng)")
    assert dialog.tabs.currentIndex() == 1 and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    assert (_count(store, "campaigns"), _count(store, "contributions")) == (1, 3)


def test_an_old_campaign_file_lands_in_todays_commune_keeping_the_old_one(store, places, tmp_path):
    # Xã Đông Cường (the fixture's) was merged into Xã Bắc Đông Hưng on 01/07/2025.
    province = store.scalar("SELECT id FROM areas WHERE level = 'tinh'")
    today = catalog.add_area(store, "Xã Bắc Đông Hưng", "xa", province)
    catalog.merge_areas(store, places, today, "2025-07-01")
    plan = plan_import(store, _book(tmp_path / "cu.xlsx", [_road()], _households(2)))
    assert not plan.errors
    commit_plan(store, plan)
    road = store.query("SELECT id, commune_id, former_commune_id FROM campaigns")[0]
    assert (road["commune_id"], road["former_commune_id"]) == (today, places)
    assert catalog.record_area_name_on(store, "campaigns", road["id"], "2023-01-20") == "Xã Đông Cường"
    assert _count(store, "contributions") == 2
