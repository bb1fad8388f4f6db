"""The dashboard's figures: the same service as `danvan stats`, the periods it offers, and
for every figure a list filter that finds exactly the records it counts."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.periods import (
    PERIOD_KINDS,
    custom_period,
    period_of,
    year_and_quarter,
    year_period,
)
from danvan_desktop.services.stats import dashboard, dashboard_from_file, period_stats, top_communes
from danvan_desktop.store import catalog
from danvan_desktop.store import stats as store_stats
from danvan_desktop.store.campaigns import CampaignFilter, delete_campaigns, save_campaign
from danvan_desktop.store.campaigns import query_ids as campaign_ids
from danvan_desktop.store.initiatives import (
    InitiativeFilter,
    delete_initiatives,
    get_initiative,
    query_ids,
    save_initiative,
)
from danvan_desktop.ui.dashboard import links

# Thanh Ba district, Phú Thọ, 2022: 32 initiatives = 13 + 12 + 4 + 3 (DOMAIN.md).
THANH_BA_2022 = [("kinh_te", 10, 3), ("van_hoa_xa_hoi", 10, 2),
                 ("quoc_phong_an_ninh", 3, 1), ("xay_dung_dang", 2, 1)]


def add(store, commune, field="kinh_te", kind="tap_the", registered_on="2022-05-10", year=None,
        today=None, **extra) -> int:
    owner = "Chi bộ khu 1" if kind == "tap_the" else "Nguyễn Văn An"
    item = Initiative(name=f"Mô hình {field} {registered_on}", kind=kind, field=field,
                      owner_name=owner, commune_id=commune,
                      year=year or int(registered_on[:4]), registered_on=registered_on, **extra)
    return save_initiative(store, item, today=today).id


def fill_thanh_ba(store, commune) -> None:
    for field, collective, individual in THANH_BA_2022:
        for kind, count in (("tap_the", collective), ("ca_nhan", individual)):
            for n in range(count):
                add(store, commune, field, kind, f"2022-{1 + n % 12:02d}-{1 + n:02d}")


def test_thanh_ba_2022_agrees_with_the_cli(store, commune):
    fill_thanh_ba(store, commune)
    figures = dashboard(store, year_period(2022))
    table = figures["current"]["initiatives"]["by_field_kind"]
    assert [table[f]["tap_the"] + table[f]["ca_nhan"] for f in table] == [13, 12, 4, 3]
    assert figures["current"]["initiatives"]["total"] == 32
    assert figures["previous"]["initiatives"]["total"] == 0
    assert figures["previous_period"] == {"from": "2021-01-01", "to": "2021-12-31",
                                          "label": "cùng kỳ năm 2021"}
    store.close()
    result = subprocess.run([sys.executable, "-m", "danvan_desktop", "stats", "--db", str(store.path),
                             "--year", "2022", "--json"], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    cli = json.loads(result.stdout)
    assert cli["initiatives"]["by_field"] == {"kinh_te": 13, "van_hoa_xa_hoi": 12,
                                              "quoc_phong_an_ninh": 4, "xay_dung_dang": 3}
    # The very same figures, key for key: one service for both.
    assert cli == json.loads(json.dumps(dashboard_from_file(store.path, year_period(2022))["current"],
                                        ensure_ascii=False))


def test_the_cli_keeps_its_keys(store, commune):
    fill_thanh_ba(store, commune)
    figures = period_stats(store, year_period(2022))
    assert list(figures) == ["period", "initiatives", "campaigns", "contributions",
                             "households_benefited"]
    assert {"total", "by_field", "by_kind", "by_field_kind", "by_status", "recognized",
            "commended", "by_commune"} <= set(figures["initiatives"])
    assert {"total", "completed", "by_type"} <= set(figures["campaigns"])
    assert {"money_vnd", "workdays", "land_m2", "materials_vnd", "by_source"} <= set(
        figures["contributions"])


@pytest.mark.parametrize(("kind", "first", "last"), [
    ("quy_1", "2023-01-01", "2023-03-31"), ("quy_2", "2023-04-01", "2023-06-30"),
    ("quy_3", "2023-07-01", "2023-09-30"), ("quy_4", "2023-10-01", "2023-12-31"),
    ("6_thang_dau", "2023-01-01", "2023-06-30"), ("6_thang_cuoi", "2023-07-01", "2023-12-31"),
    ("9_thang", "2023-01-01", "2023-09-30"), ("nam", "2023-01-01", "2023-12-31"),
])
def test_period_choices(kind, first, last):
    period = period_of(kind, 2023)
    assert period.as_dict() == {"from": first, "to": last}
    assert kind in dict(PERIOD_KINDS)


def test_quarter_and_half_year_boundaries(store, commune):
    for day in ("2023-03-31", "2023-04-01", "2023-06-30", "2023-07-01"):
        add(store, commune, registered_on=day)
    totals = {kind: dashboard(store, period_of(kind, 2023))["current"]["initiatives"]["total"]
              for kind in ("quy_1", "quy_2", "quy_3", "6_thang_dau", "6_thang_cuoi")}
    assert totals == {"quy_1": 1, "quy_2": 2, "quy_3": 1, "6_thang_dau": 3, "6_thang_cuoi": 1}
    q1 = query_ids(store, links.registered({"period": period_of("quy_1", 2023).as_dict()}))
    assert [get_initiative(store, i).registered_on for i in q1] == ["2023-03-31"]
    assert period_of("tuy_chon", 0, dt.date(2023, 3, 31), dt.date(2023, 4, 1)).label == (
        "từ 31/03/2023 đến 01/04/2023")
    assert year_and_quarter(dt.date(2023, 4, 1), dt.date(2023, 6, 30)) == (2023, 2)
    assert year_and_quarter(dt.date(2023, 1, 1), dt.date(2023, 12, 31)) == (2023, None)
    assert year_and_quarter(dt.date(2023, 1, 1), dt.date(2023, 6, 30)) is None


@pytest.fixture
def spread(store, commune):
    """Initiatives over four years, some known by their year alone, some binned, in two
    communes; recognitions, commendations and replications on their own dates."""
    other = catalog.add_area(store, "Xã Mê Linh", "xa")
    rng = random.Random(5)
    ids = []
    for n in range(120):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
        place = commune if n % 3 else other
        extra = {}
        if n % 4 == 0:
            extra = {"status": "cong_nhan", "level": rng.choice(["xa", "huyen", "tinh"]),
                     "recognized_on": (day + dt.timedelta(days=rng.randrange(400))).isoformat()}
        if n % 8 == 0:
            extra["status"] = "khen_thuong"
            extra["commended_on"] = (dt.date.fromisoformat(extra["recognized_on"])
                                     + dt.timedelta(days=rng.randrange(200))).isoformat()
        dated = n % 10 != 7
        ids.append(add(store, place, rng.choice(["kinh_te", "van_hoa_xa_hoi", "xay_dung_dang"]),
                       rng.choice(["tap_the", "ca_nhan"]),
                       day.isoformat() if dated else None, year=day.year, today=day, **extra))
    for n, initiative in enumerate(ids[::8]):  # replicated later, on a date of its own
        item = get_initiative(store, initiative)
        item.status = "nhan_rong"
        save_initiative(store, item, today=dt.date(2022, 3, 1) + dt.timedelta(days=97 * n))
    delete_initiatives(store, ids[1::9])
    return {"communes": [commune, other], "ids": ids}


PERIODS = [period_of(k, y) for y in (2021, 2022, 2023, 2024) for k, _ in PERIOD_KINDS[:-1]] + [
    custom_period(dt.date(2021, 1, 1), dt.date(2022, 12, 31)),  # two whole years
    custom_period(dt.date(2021, 7, 1), dt.date(2023, 6, 30)),  # one whole year inside
    custom_period(dt.date(2022, 2, 14), dt.date(2022, 2, 14)),
]


def test_every_initiative_figure_has_its_exact_list(store, spread):
    for period in PERIODS:
        for commune in (None, *spread["communes"]):
            figures = store_stats.compute(store, period, commune)
            ini = figures["initiatives"]
            for flt, count in [
                (links.registered(figures, commune), ini["total"]),
                (links.recognized(figures, commune), ini["recognized"]),
                (links.commended(figures, commune), ini["commended"]),
                (links.replicated(figures, commune), ini["replicated"]),
                (links.registered(figures, commune, kind="ca_nhan"), ini["by_kind"]["ca_nhan"]),
                (links.registered(figures, commune, field="van_hoa_xa_hoi", kind="tap_the"),
                 ini["by_field_kind"]["van_hoa_xa_hoi"]["tap_the"]),
            ]:
                assert len(query_ids(store, flt)) == count, (period.label, commune, flt)


def test_replicated_counts_by_the_date_of_the_move(store, commune):
    first = add(store, commune, registered_on="2021-02-01", status="cong_nhan", level="xa",
                recognized_on="2021-06-01", today=dt.date(2021, 2, 1))
    item = get_initiative(store, first)
    item.status = "nhan_rong"
    save_initiative(store, item, today=dt.date(2023, 5, 1))
    binned = add(store, commune, registered_on="2023-01-05", status="nhan_rong",
                 level="xa", today=dt.date(2023, 1, 5))
    delete_initiatives(store, [binned])
    counts = [store_stats.compute(store, year_period(y))["initiatives"]["replicated"]
              for y in (2021, 2022, 2023)]
    assert counts == [0, 0, 1]
    assert query_ids(store, InitiativeFilter(replicated_from="2023-01-01",
                                             replicated_to="2023-12-31")) == [first]


def test_several_periods_at_once_equal_one_by_one(store, spread):
    overlapping = [PERIODS[-2], PERIODS[-3], period_of("quy_2", 2022)]
    for commune in (None, spread["communes"][1]):
        together = store_stats.compute_many(store, overlapping, commune)
        assert together == [store_stats.compute(store, p, commune) for p in overlapping]


def test_registrations_by_year_cover_ten_years(store, spread):
    figures = dashboard(store, period_of("quy_1", 2024))
    assert list(figures["by_year"]) == list(range(2015, 2025))
    live = query_ids(store, InitiativeFilter())
    assert sum(figures["by_year"].values()) == len(live)
    for year, count in figures["by_year"].items():
        assert len(query_ids(store, links.registered_in_year(year))) == count
    other = spread["communes"][1]
    mine = dashboard(store, year_period(2024), other)["by_year"]
    assert sum(mine.values()) == len(query_ids(store, InitiativeFilter(commune_id=other)))


def test_top_ten_communes_and_the_rest(store):
    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen")
    names = ["Xã An Bài", "Xã Bạch Đằng", "Xã Châu Sơn", "Xã Đông Á", "Xã Đông Cường",
             "Xã Hoa Lư", "Xã Hồng Việt", "Xã Liên Giang", "Xã Mê Linh", "Xã Minh Tân",
             "Xã Phong Châu", "Xã Trọng Quan", "Xã Yên Bắc"]
    communes = [catalog.add_area(store, name, "xa", district) for name in names]
    for n, commune in enumerate(communes):
        for _ in range(1 + n % 4):
            add(store, commune)
    figures = store_stats.compute(store, year_period(2022))
    top, rest = top_communes(figures)
    assert len(top) == 10 and [line["count"] for line in top][:3] == [4, 4, 4]
    assert [line["name"] for line in top[:3]] == ["Xã Đông Á", "Xã Liên Giang", "Xã Trọng Quan"]
    assert rest["communes"] == 3 and rest["count"] == sum(
        line["count"] for line in figures["initiatives"]["communes"]) - sum(
        line["count"] for line in top)
    for line in top:
        assert len(query_ids(store, links.commune_line(figures, line))) == line["count"]
    assert len(query_ids(store, links.commune_line(figures, rest, top=top))) == rest["count"]
    assert top_communes(figures, count=20)[1] is None


@pytest.fixture
def campaigns(store, commune):
    other = catalog.add_area(store, "Xã Mê Linh", "xa")

    def money(on, amount, source="nhan_dan", kind="tien"):
        return Contribution(on_date=on, source=source, kind=kind, amount_vnd=amount)

    rows = [
        (Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="duong", commune_id=commune,
                  status="dang_thuc_hien", started_on="2022-11-20"),
         [money("2022-12-01", 30_000_000), money("2023-02-10", 100_000),
          money("2023-03-01", 350_000_000, "con_em_xa_que"),
          Contribution(on_date="2023-03-10", kind="ngay_cong", quantity=420),
          Contribution(on_date="2023-03-10", kind="dat", quantity=2475.5)]),
        (Campaign(title="Sửa nhà cho bà Nguyễn Thị Huệ", type="nha", commune_id=other,
                  status="hoan_thanh", started_on="2023-02-01", finished_on="2023-04-01",
                  households_benefited=1),
         [money("2023-02-05", 30_000_000), money("2023-02-06", 5_000_000, "nha_hao_tam", "vat_tu")]),
        (Campaign(title="Thắp sáng đường quê", type="chieu_sang", commune_id=commune,
                  status="hoan_thanh", started_on="2022-03-01", finished_on="2023-01-15",
                  households_benefited=40), [money("2022-03-05", 12_000_000, "ngan_sach")]),
        (Campaign(title="Camera an ninh thôn Đầm", type="camera", commune_id=other,
                  status="hoan_thanh", finished_on="2023-06-01", households_benefited=7), []),
        (Campaign(title="Phân loại rác tại nguồn", type="moi_truong", commune_id=commune,
                  status="ke_hoach", started_on="2024-01-10"), [money("2023-12-30", 1_000_000)]),
    ]
    ids = [save_campaign(store, item, ledger).id for item, ledger in rows]
    binned = save_campaign(store, Campaign(title="Nhập nhầm", type="khac", commune_id=commune,
                                           started_on="2023-01-01"),
                           [money("2023-01-02", 999_000_000), money("2022-01-02", 7)]).id
    delete_campaigns(store, [binned])
    return ids


def test_every_campaign_figure_has_its_exact_list(store, commune, campaigns):
    for period in [year_period(2022), year_period(2023), period_of("quy_1", 2023),
                   period_of("6_thang_dau", 2023), custom_period(dt.date(2022, 6, 1),
                                                                 dt.date(2023, 2, 1))]:
        for area in (None, commune):
            figures = store_stats.compute(store, period, area)
            camp, money = figures["campaigns"], figures["contributions"]
            assert len(campaign_ids(store, links.campaigns_running(figures, area))) == camp["running"]
            assert len(campaign_ids(store, links.campaigns_completed(figures, area))) == camp["completed"]
            finished = campaign_ids(store, links.campaigns_finished(figures, area))
            households = {1: 1, 2: 40, 3: 7}
            assert sum(households.get(campaigns.index(i), 0) for i in finished) == (
                figures["households_benefited"])
            for kind, total in (("tien", money["money_vnd"]), ("dat", money["land_m2"]),
                                ("ngay_cong", money["workdays"]), ("vat_tu", money["materials_vnd"])):
                listed = campaign_ids(store, links.campaigns_contributed(figures, area, kind=kind))
                assert bool(listed) == bool(total), (period.label, kind)
            for source, amount in money["by_source"].items():
                listed = campaign_ids(store, links.campaigns_contributed(figures, area, "tien", source))
                assert bool(listed) == bool(amount), (period.label, source)
    y2023 = store_stats.compute(store, year_period(2023))
    assert (y2023["campaigns"]["running"], y2023["campaigns"]["completed"]) == (1, 2)
    assert y2023["households_benefited"] == 48  # the camera has no start date: counted all the same
    assert y2023["contributions"]["money_vnd"] == 100_000 + 350_000_000 + 30_000_000 + 1_000_000
    assert y2023["contributions"]["materials_vnd"] == 5_000_000
    assert store_stats.compute(store, year_period(2023), commune)["contributions"]["money_vnd"] == (
        351_100_000)
    assert campaign_ids(store, links.campaigns_contributed(y2023, None, "tien", "con_em_xa_que")) == [
        campaigns[0]]
    assert campaign_ids(store, CampaignFilter(unfinished_at="2023-12-31")) == sorted(
        [campaigns[0], campaigns[4]])


def test_known_parts_are_taken_as_they_are(store, commune, campaigns):
    fill_thanh_ba(store, commune)
    first = dashboard(store, year_period(2023))
    assert first["computed"] == ["initiatives", "campaigns", "by_year"]
    again = dashboard(store, year_period(2023), known=first["parts"])
    assert again["computed"] == []
    assert (again["current"], again["previous"]) == (first["current"], first["previous"])
    # 2024 against 2023: this year's 2023 figures serve as last year's.
    next_year = dashboard(store, year_period(2024), known=first["parts"])
    assert next_year["computed"] == ["initiatives", "campaigns", "by_year"]
    assert next_year["previous"] == first["current"]
    assert next_year["current"] == store_stats.compute(store, year_period(2024))
    only = {k: v for k, v in first["parts"].items() if k[0] != "campaigns"}
    assert dashboard(store, year_period(2023), known=only)["computed"] == ["campaigns"]
