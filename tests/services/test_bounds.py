"""Every number is bounded and every bad character refused, row by row with the column
named; sums of what a file already holds cannot overflow (a file written before the
bounds may hold amounts near 2^62: the figures, the report and the export still work)."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.periods import make_period
from danvan_desktop.domain.validation import (
    MAX_MONEY,
    ValidationError,
    validate_campaign,
    validate_contribution,
    validate_initiative,
)
from danvan_desktop.services.documents.report_xlsx import build_report_xlsx
from danvan_desktop.services.exchange.export import export_campaigns
from danvan_desktop.services.exchange.importer import plan_import
from danvan_desktop.services.stats import period_stats
from danvan_desktop.store.campaigns import list_rows, query_ids, save_campaign


def _initiative(**changes) -> Initiative:
    values = dict(name="Mô hình", kind="tap_the", field="kinh_te", owner_name="Chi hội", commune_id=1,
                  year=2024)
    values.update(changes)
    return Initiative(**values)


@pytest.mark.parametrize(("changes", "field"), [
    ({"money_vnd": MAX_MONEY + 1}, "money_vnd"),
    ({"money_vnd": 2**63}, "money_vnd"),
    ({"income_vnd": 10**30}, "income_vnd"),
    ({"households": 10**9}, "households"),
    ({"jobs": 10**12}, "jobs"),
    ({"name": "Mô hình\x00ẩn"}, "name"),
    ({"owner_name": "Chi hội\x1b[31m"}, "owner_name"),
    ({"notes": "dòng một\x07"}, "notes"),
])
def test_initiative_bounds_and_control_characters(changes, field):
    with pytest.raises(ValidationError) as refused:
        validate_initiative(_initiative(**changes))
    assert refused.value.for_field(field)


def test_the_bounds_themselves_and_line_breaks_are_accepted():
    item = validate_initiative(_initiative(money_vnd=MAX_MONEY, households=10_000_000,
                                           notes="dòng một\ndòng hai\tcột"))
    assert item.money_vnd == MAX_MONEY


@pytest.mark.parametrize(("kind", "amount", "quantity"), [
    ("tien", MAX_MONEY + 1, None), ("vat_tu", 2**70, None),
    ("ngay_cong", None, 1e12), ("dat", None, float("inf")), ("dat", None, 1e300),
])
def test_contribution_bounds(kind, amount, quantity):
    with pytest.raises(ValidationError):
        validate_contribution(Contribution(campaign_id=1, on_date="2024-03-01", source="nhan_dan",
                                           kind=kind, amount_vnd=amount, quantity=quantity))


def test_campaign_bounds():
    with pytest.raises(ValidationError) as refused:
        validate_campaign(Campaign(title="Đường", type="duong", commune_id=1, estimate_vnd=10**16,
                                   length_m=1e9, width_after_m=5000, households_benefited=10**8))
    assert {e.field for e in refused.value.errors} >= {"estimate_vnd", "length_m", "width_after_m",
                                                       "households_benefited"}


def test_an_import_names_the_row_and_column_of_a_control_character(store, commune, tmp_path):
    source = tmp_path / "nhap.csv"
    source.write_text("Tên mô hình,Loại,Lĩnh vực,Chủ thể,Xã/phường,Năm đăng ký,Ghi chú\n"
                      "Mô hình tốt,Tập thể,Kinh tế,Chi hội,Xã Đông Cường,2024,ổn\n"
                      "Mô hình\x01lạ,Tập thể,Kinh tế,Chi hội,Xã Đông Cường,2024,\n"
                      "Mô hình ba,Tập thể,Kinh tế,Chi hội\x00,Xã Đông Cường,2024,\n", encoding="utf-8")
    plan = plan_import(store, source)
    errors = {(e.row, e.column) for e in plan.errors}
    assert errors == {(3, "Tên mô hình, điển hình"), (4, "Chủ thể")}
    assert all("U+00" in e.reason for e in plan.errors)


def test_sums_of_huge_stored_amounts_do_not_overflow(store, commune, tmp_path):
    campaign = save_campaign(store, Campaign(title="Đường liên thôn", type="duong", commune_id=commune,
                                             status="dang_thuc_hien", started_on="2024-01-10"),
                             [Contribution(on_date="2024-02-01", source="nhan_dan", kind="tien",
                                           contributor=f"Hộ {n}", amount_vnd=1_000) for n in range(3)])
    # A file written before the bounds: amounts whose sum passes 2^63.
    with store.atomic():
        store.execute("UPDATE contributions SET amount_vnd = ? WHERE campaign_id = ?", (2**62, campaign.id))
    figures = period_stats(store, make_period(2024, None, None, False))
    assert figures["contributions"]["money_vnd"] == 3 * 2**62  # exact here; never an overflow
    path, count = export_campaigns(store, tmp_path / "cong-trinh.xlsx", 2024)
    assert count == 1
    assert build_report_xlsx(store, make_period(2024, None, None, False), tmp_path / "bao-cao.xlsx").exists()
    ids = query_ids(store, sort="raised_vnd")
    assert list_rows(store, ids)[campaign.id]["raised_vnd"] == 2**63 - 1  # the list: held at the top
