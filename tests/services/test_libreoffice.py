"""Files made by real office software: spreadsheets saved by LibreOffice Calc import as
well as those written by openpyxl, and the files the program writes open in LibreOffice.

Skipped where LibreOffice is not installed (``soffice`` not on PATH); on Debian or Ubuntu
``apt-get install --no-install-recommends libreoffice-calc`` brings it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.services.exchange.columns import CAMPAIGN_COLUMNS, INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.export import export_campaigns, export_contributions, export_initiatives
from danvan_desktop.services.exchange.importer import commit_plan, plan_import
from danvan_desktop.services.exchange.template import build_template
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.db import create_store
from danvan_desktop.store.initiatives import save_initiative

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

# The text import as a Vietnamese office's Calc does it: comma, double quotes, UTF-8 (76),
# from line 1, standard cells, Vietnamese locale (1066: dd/mm/yyyy, 100.000 = one hundred thousand).
CSV_IN = "CSV:44,34,76,1,,1066"
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # UTF-8 out
ROAD = "Mở rộng đường vào thôn Hoành Từ"


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> str:
    """One fresh LibreOffice profile for the module: no lock shared with a running Calc."""
    return (tmp_path_factory.mktemp("lo") / f"lo-profile-{uuid.uuid4().hex}").as_uri()


def soffice(profile: str, source: Path, target: str, outdir: Path, infilter: str | None = None) -> Path:
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    suffix = target.split(":")[0]
    made = outdir / f"{source.stem}.{suffix}"
    assert result.returncode == 0 and made.is_file(), (result.stdout, result.stderr)
    return made


def _csv(path: Path, headers: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _made_by_libreoffice(path: Path) -> bool:
    with zipfile.ZipFile(path) as book:
        return "LibreOffice" in book.read("docProps/app.xml").decode("utf-8")


@pytest.fixture
def places(store, commune):
    catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)
    catalog.add_area(store, "Thôn Đầm", "thon", commune)
    return commune


def test_initiatives_csv_saved_as_xlsx_by_calc_keep_their_diacritics(store, places, tmp_path, profile):
    rows = [["Tuyến phố văn minh", "Tập thể", "Văn hoá - xã hội", "Chi bộ thôn Đầm", "", "Xã Đông Cường",
             "Thôn Đầm", "2023", "07/03/2023", "Đăng ký", "", "Vận động nhân dân, “mỗi nhà một việc”",
             "", ""],
            ["Hỗ trợ hộ nghèo, cận nghèo thoát nghèo bền vững", "Cá nhân", "KT", "Nguyễn Thị Huệ",
             "Chi hội trưởng phụ nữ", "Đông Cường", "Hoành Từ", "2023", "25/03/2023", "", "",
             "", "Thu nhập tăng 100.000 đồng/tháng", "Ủy ban, thuỷ lợi"]]
    source = _csv(tmp_path / "dang-ky.csv", [c.header for c in INITIATIVE_COLUMNS], rows)
    book = soffice(profile, source, "xlsx", tmp_path / "calc", CSV_IN)
    assert _made_by_libreoffice(book)
    plan = plan_import(store, book)
    assert not plan.errors, [str(e) for e in plan.errors]
    first, second = (r.item for r in plan.rows)
    assert first.name == "Tuyến phố văn minh" and first.owner_name == "Chi bộ thôn Đầm"
    assert first.field == "van_hoa_xa_hoi" and first.registered_on == "2023-03-07"  # day first
    assert first.method == "Vận động nhân dân, “mỗi nhà một việc”"
    assert second.name == "Hỗ trợ hộ nghèo, cận nghèo thoát nghèo bền vững" and second.year == 2023
    assert second.registered_on == "2023-03-25" and second.notes == "Ủy ban, thuỷ lợi"
    assert plan.rows[1].village == "Hoành Từ" and second.village_id is not None
    assert commit_plan(store, plan).initiatives == 2


def test_campaigns_and_contributions_saved_by_calc(store, places, tmp_path, profile):
    values = {"title": ROAD, "type": "Đường giao thông", "commune": "Xã Đông Cường",
              "village": "Thôn Hoành Từ", "status": "Đang thực hiện", "started_on": "20/01/2023",
              "estimate_vnd": "1.200.000.000", "length_m": "450", "width_before_m": "3,5",
              "width_after_m": "9", "households_asked": "180", "households_agreed": "176"}
    campaigns = _csv(tmp_path / "cong-trinh.csv", [c.header for c in CAMPAIGN_COLUMNS],
                     [[values.get(c.key, "") for c in CAMPAIGN_COLUMNS]])
    ledger = [[ROAD, "10/02/2023", "Nhân dân", f"Hộ số {n}", "Tiền", "100.000", ""] for n in range(1, 6)]
    ledger += [[ROAD, "01/03/2023", "Con em xa quê", "Hội đồng hương Hoành Từ tại Hà Nội", "Tiền",
                "1,2 tỷ", ""],
               [ROAD, "10/03/2023", "Nhân dân", "Nhân dân thôn Hoành Từ", "Ngày công", "2,5", ""]]
    contributions = _csv(tmp_path / "dong-gop.csv", ["Tên công trình", "Ngày", "Nguồn",
                                                     "Người/đơn vị đóng góp", "Hình thức",
                                                     "Số tiền hoặc số lượng", "Ghi chú"], ledger)
    outdir = tmp_path / "calc"
    plan = plan_import(store, soffice(profile, campaigns, "xlsx", outdir, CSV_IN))
    assert not plan.errors, [str(e) for e in plan.errors]
    road = plan.campaigns[0].item
    assert (road.estimate_vnd, road.width_before_m, road.started_on) == (1_200_000_000, 3.5, "2023-01-20")
    commit_plan(store, plan)
    plan = plan_import(store, soffice(profile, contributions, "xlsx", outdir, CSV_IN))
    assert not plan.errors, [str(e) for e in plan.errors]
    commit_plan(store, plan)
    assert store.scalar("SELECT count(*) FROM contributions WHERE amount_vnd = 100000") == 5
    assert store.scalar("SELECT sum(amount_vnd) FROM contributions") == 500_000 + 1_200_000_000
    assert store.scalar("SELECT quantity FROM contributions WHERE kind = 'ngay_cong'") == 2.5
    assert store.scalar("SELECT on_date FROM contributions WHERE kind = 'ngay_cong'") == "2023-03-10"


def _sample(store, commune):
    village = catalog.find_area(store, "Thôn Hoành Từ", "thon")
    for n, name in enumerate(["Tuyến phố văn minh", "Bồn rửa tay cho em", "Tái hòa nhập cộng đồng"]):
        save_initiative(store, Initiative(name=name, kind="tap_the", field="van_hoa_xa_hoi",
                                          owner_name=f"Chi bộ thôn Đầm {n}", commune_id=commune, year=2023,
                                          registered_on="2023-03-07"))
    save_campaign(store, Campaign(title=ROAD, type="duong", commune_id=commune, village_id=village,
                                  status="dang_thuc_hien", started_on="2023-01-20",
                                  estimate_vnd=1_200_000_000,
                                  length_m=450, width_before_m=3.5, width_after_m=9),
                  [Contribution(on_date="2023-02-10", source="nhan_dan", kind="tien",
                                contributor=f"Hộ số {n}", amount_vnd=100_000) for n in range(1, 4)]
                  + [Contribution(on_date="2023-03-10", source="nhan_dan", kind="dat", quantity=2475,
                                  contributor="Các hộ dọc tuyến đường")])


def test_exported_files_open_in_calc(store, places, tmp_path, profile):
    _sample(store, places)
    outdir = tmp_path / "calc"
    initiatives, _ = export_initiatives(store, tmp_path / "mo-hinh.xlsx")
    text = soffice(profile, initiatives, CSV_OUT, outdir).read_text(encoding="utf-8")
    assert "Tuyến phố văn minh" in text and "Tái hòa nhập cộng đồng" in text and "Tên mô hình" in text
    campaigns, _ = export_campaigns(store, tmp_path / "cong-trinh.xlsx", with_contributions=True)
    assert ROAD in soffice(profile, campaigns, CSV_OUT, outdir).read_text(encoding="utf-8")
    ledger, _ = export_contributions(store, tmp_path / "dong-gop.xlsx")
    assert "Các hộ dọc tuyến đường" in soffice(profile, ledger, CSV_OUT, outdir).read_text(encoding="utf-8")
    assert soffice(profile, build_template(tmp_path / "mau.xlsx"), "pdf", outdir).read_bytes()[:5] == b"%PDF-"


def test_files_resaved_by_calc_import_the_same(store, places, tmp_path, profile):
    _sample(store, places)
    outdir = tmp_path / "calc"
    template = soffice(profile, build_template(tmp_path / "mau.xlsx"), "xlsx", outdir)
    assert _made_by_libreoffice(template)
    plan = plan_import(store, template, create_places=True)
    assert not plan.errors and (len(plan.rows), len(plan.campaigns), len(plan.contributions)) == (1, 1, 4)
    (tmp_path / "goc").mkdir()  # the same names as Calc's copies, in another folder
    initiatives, _ = export_initiatives(store, tmp_path / "goc" / "mo-hinh.xlsx")
    campaigns, _ = export_campaigns(store, tmp_path / "goc" / "cong-trinh.xlsx", with_contributions=True)
    other = create_store(tmp_path / "khac.sqlite3")
    commune = catalog.add_area(other, "Xã Đông Cường", "xa")
    catalog.add_area(other, "Thôn Hoành Từ", "thon", commune)
    for path in (initiatives, campaigns):
        plan = plan_import(other, soffice(profile, path, "xlsx", outdir))
        assert not plan.errors, [str(e) for e in plan.errors]
        commit_plan(other, plan)
    for sql in ("SELECT name, kind, field, owner_name, year, registered_on FROM initiatives ORDER BY name",
                "SELECT title, type, status, started_on, estimate_vnd, length_m, width_after_m"
                " FROM campaigns",
                "SELECT on_date, source, kind, amount_vnd, quantity, contributor FROM contributions"
                " ORDER BY on_date, contributor"):
        assert other.query(sql) == store.query(sql)
    other.close()
