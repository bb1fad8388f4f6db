"""The figures of a period, as the dashboard, the report and `danvan stats` give them."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.periods import make_period, quarter_period
from danvan_desktop.services.stats import compare_with_last_year, stats_for
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.initiatives import delete_initiatives, save_initiative

# Thanh Ba district, Phú Thọ, 2022: 32 initiatives = 13 + 12 + 4 + 3 (DOMAIN.md).
THANH_BA_2022 = [("kinh_te", 10, 3), ("van_hoa_xa_hoi", 10, 2),
                 ("quoc_phong_an_ninh", 3, 1), ("xay_dung_dang", 2, 1)]


def _add(store, commune, field, kind, n, registered_on="2022-05-10", **extra):
    ids = []
    for i in range(n):
        owner = f"Chi bộ khu {i}" if kind == "tap_the" else f"Nguyễn Văn {chr(65 + i)}"
        item = Initiative(name=f"Mô hình {field} {kind} {i}", kind=kind, field=field,
                          owner_name=owner, commune_id=commune, year=int(registered_on[:4]),
                          registered_on=registered_on, **extra)
        ids.append(save_initiative(store, item).id)
    return ids


@pytest.fixture
def thanh_ba(store):
    province = catalog.add_area(store, "Tỉnh Phú Thọ", "tinh")
    district = catalog.add_area(store, "Huyện Thanh Ba", "huyen", province)
    commune = catalog.add_area(store, "Xã Đông Thành", "xa", district)
    for field, collective, individual in THANH_BA_2022:
        _add(store, commune, field, "tap_the", collective)
        _add(store, commune, field, "ca_nhan", individual)
    return commune


def test_thanh_ba_2022_reads_32_as_13_12_4_3(store, thanh_ba):
    figures = stats_for(store, 2022)["initiatives"]
    assert figures["total"] == 32
    assert figures["by_field"] == {"kinh_te": 13, "van_hoa_xa_hoi": 12,
                                   "quoc_phong_an_ninh": 4, "xay_dung_dang": 3}
    assert figures["by_kind"] == {"tap_the": 25, "ca_nhan": 7}
    assert figures["by_field_kind"]["kinh_te"] == {"tap_the": 10, "ca_nhan": 3}
    assert figures["by_commune"] == {"Xã Đông Thành": 32}


def test_every_code_appears_even_at_zero(store, thanh_ba):
    figures = stats_for(store, 2019)
    assert figures["initiatives"]["total"] == 0
    assert set(figures["initiatives"]["by_status"]) == {
        "dang_ky", "dang_thuc_hien", "cong_nhan", "khen_thuong", "nhan_rong", "khong_dat",
        "dung"}
    assert set(figures["campaigns"]["by_type"]) == {"duong", "nha", "chieu_sang", "camera",
                                                    "moi_truong", "khac"}
    assert set(figures["contributions"]["by_source"]) == {
        "nhan_dan", "con_em_xa_que", "nha_hao_tam", "ngan_sach", "to_chuc"}
    assert figures["period"] == {"from": "2019-01-01", "to": "2019-12-31"}


def test_deleted_initiatives_do_not_count(store, thanh_ba):
    ids = _add(store, thanh_ba, "kinh_te", "tap_the", 2)
    delete_initiatives(store, ids)
    assert stats_for(store, 2022)["initiatives"]["total"] == 32


def test_quarter_boundaries(store, commune):
    _add(store, commune, "kinh_te", "tap_the", 1, registered_on="2023-03-31")
    _add(store, commune, "kinh_te", "tap_the", 2, registered_on="2023-04-01")
    _add(store, commune, "kinh_te", "tap_the", 4, registered_on="2023-06-30")
    _add(store, commune, "kinh_te", "tap_the", 8, registered_on="2023-07-01")
    totals = [stats_for(store, 2023, quarter=q)["initiatives"]["total"] for q in (1, 2, 3, 4)]
    assert totals == [1, 6, 8, 0]
    assert stats_for(store, 2023, half=1)["initiatives"]["total"] == 7
    assert stats_for(store, 2023, half=2)["initiatives"]["total"] == 8
    assert stats_for(store, 2023, nine_months=True)["initiatives"]["total"] == 15
    assert quarter_period(2024, 1).end.isoformat() == "2024-03-31"


def test_undated_registrations_count_in_their_year_only(store, commune):
    item = Initiative(name="Cánh đồng mẫu lớn", kind="tap_the", field="kinh_te",
                      owner_name="Hội Nông dân", commune_id=commune, year=2023)
    save_initiative(store, item)
    assert stats_for(store, 2023)["initiatives"]["total"] == 1
    assert stats_for(store, 2023, quarter=1)["initiatives"]["total"] == 0


def test_recognised_and_commended_count_by_their_own_dates(store, commune):
    _add(store, commune, "van_hoa_xa_hoi", "tap_the", 3, registered_on="2022-10-01",
         status="cong_nhan", level="huyen", recognized_on="2023-02-01")
    _add(store, commune, "van_hoa_xa_hoi", "tap_the", 2, registered_on="2023-01-05",
         status="khen_thuong", level="huyen", recognized_on="2023-05-01", commended_on="2023-12-15")
    figures = stats_for(store, 2023)["initiatives"]
    assert (figures["total"], figures["recognized"], figures["commended"]) == (2, 5, 2)
    assert figures["by_status"]["khen_thuong"] == 2


def test_contributions_and_campaigns_of_the_period(store, commune):
    save_campaign(store, Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="duong",
                                  commune_id=commune, started_on="2023-01-20",
                                  estimate_vnd=1_200_000_000), [
        Contribution(on_date="2023-02-10", source="nhan_dan", kind="tien", amount_vnd=100_000),
        Contribution(on_date="2023-03-01", source="con_em_xa_que", kind="tien",
                     amount_vnd=350_000_000),
        Contribution(on_date="2023-03-10", source="nhan_dan", kind="ngay_cong", quantity=420),
        Contribution(on_date="2023-03-10", source="nhan_dan", kind="dat", quantity=2475),
        Contribution(on_date="2024-01-10", source="nhan_dan", kind="tien", amount_vnd=5),
    ])
    save_campaign(store, Campaign(title="Sửa nhà cho bà Nguyễn Thị Huệ", type="nha",
                                  commune_id=commune, started_on="2022-11-15",
                                  finished_on="2022-12-20", status="hoan_thanh",
                                  households_benefited=1),
                  [Contribution(on_date="2022-11-20", kind="tien", amount_vnd=30_000_000)])
    y2023 = stats_for(store, 2023)
    assert y2023["contributions"]["money_vnd"] == 350_100_000
    assert y2023["contributions"]["workdays"] == 420
    assert y2023["contributions"]["land_m2"] == 2475
    assert y2023["contributions"]["by_source"]["con_em_xa_que"] == 350_000_000
    assert y2023["campaigns"]["total"] == 1 and y2023["campaigns"]["by_type"]["duong"] == 1
    y2022 = stats_for(store, 2022)
    assert y2022["campaigns"]["completed"] == 1
    assert y2022["households_benefited"] == 1
    assert y2022["contributions"]["money_vnd"] == 30_000_000


def test_same_period_last_year(store, commune):
    _add(store, commune, "kinh_te", "tap_the", 3, registered_on="2022-02-01")
    _add(store, commune, "kinh_te", "tap_the", 5, registered_on="2023-02-01")
    both = compare_with_last_year(store, make_period(2023, quarter=1))
    assert both.current["initiatives"]["total"] == 5
    assert both.previous["initiatives"]["total"] == 3
    assert both.previous["period"] == {"from": "2022-01-01", "to": "2022-03-31"}


def test_one_commune_only(store, commune):
    other = catalog.add_area(store, "Xã Mê Linh", "xa")
    _add(store, commune, "kinh_te", "tap_the", 2)
    _add(store, other, "kinh_te", "tap_the", 3)
    assert stats_for(store, 2022, commune_id=other)["initiatives"]["total"] == 3
    assert stats_for(store, 2022)["initiatives"]["by_commune"] == {
        "Xã Mê Linh": 3, "Xã Đông Cường": 2}
