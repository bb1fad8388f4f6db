"""The campaign list through the store: search ignoring case and diacritics, filters,
sorting in SQL, money raised, the bin, and every ledger error reported at once."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.validation import ValidationError
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import (
    CampaignFilter,
    campaign_years,
    contributions_of,
    delete_campaigns,
    get_campaign,
    initiative_choices,
    list_rows,
    parse_ledger_field,
    query_ids,
    restore_campaigns,
    save_campaign,
)
from danvan_desktop.store.initiatives import save_initiative


def _money(on: str, amount: int, source: str = "nhan_dan") -> Contribution:
    return Contribution(on_date=on, source=source, kind="tien", amount_vnd=amount)


@pytest.fixture
def places(store, commune):
    district = store.scalar("SELECT parent_id FROM areas WHERE id = ?", (commune,))
    return {
        "dong_cuong": commune,
        "hoanh_tu": catalog.add_area(store, "Thôn Hoành Từ", "thon", commune),
        "me_linh": catalog.add_area(store, "Xã Mê Linh", "xa", district),
    }


@pytest.fixture
def three(store, places):
    me_linh_dam = catalog.add_area(store, "Thôn Đầm", "thon", places["me_linh"])
    road = save_campaign(store, Campaign(
        title="Mở rộng đường vào thôn Hoành Từ", type="duong", commune_id=places["dong_cuong"],
        village_id=places["hoanh_tu"], status="dang_thuc_hien", started_on="2023-01-20",
        estimate_vnd=1_200_000_000), [
        *[_money("2023-02-10", 100_000) for _ in range(150)],
        _money("2023-03-01", 350_000_000, "con_em_xa_que"),
        Contribution(on_date="2023-03-10", kind="ngay_cong", quantity=420),
        Contribution(on_date="2023-03-11", kind="vat_tu", amount_vnd=9_000_000),
    ])
    house = save_campaign(store, Campaign(
        title="Sửa nhà cho bà Nguyễn Thị Huệ", type="nha", commune_id=places["me_linh"],
        village_id=me_linh_dam, status="hoan_thanh", started_on="2022-11-15",
        finished_on="2022-12-20", estimate_vnd=30_000_000), [_money("2022-11-20", 30_000_000)])
    light = save_campaign(store, Campaign(
        title="Thắp sáng đường quê", type="chieu_sang", commune_id=places["dong_cuong"],
        status="ke_hoach", started_on="2024-05-01"))
    return {"road": road.id, "house": house.id, "light": light.id}


def _titles(store, ids):
    rows = list_rows(store, ids)
    return [rows[i]["title"] for i in ids]


@pytest.mark.parametrize("text", ["hoanh tu", "HOÀNH TỪ", "Hoành", "đường vào", "duong vao",
                                  "thon hoanh", "vao hoanh"])
def test_search_ignores_case_diacritics_and_d(store, three, text):
    assert query_ids(store, CampaignFilter(text=text)) == [three["road"]]


def test_search_words_may_match_village_or_commune(store, three):
    assert set(query_ids(store, CampaignFilter(text="dong cuong"))) == {three["road"], three["light"]}
    assert query_ids(store, CampaignFilter(text="me linh hue")) == [three["house"]]
    assert query_ids(store, CampaignFilter(text="thon dam")) == [three["house"]]


def test_search_text_is_a_parameter_not_sql(store, three):
    assert query_ids(store, CampaignFilter(text="' OR 1=1 --")) == []
    assert query_ids(store, CampaignFilter(text="hoanh%tu")) == [three["road"]]  # words, no wildcard
    for text in ("%", "_", "\\", "  "):  # no words: the whole list
        assert len(query_ids(store, CampaignFilter(text=text))) == 3
    assert store.scalar("SELECT count(*) FROM campaigns") == 3


def test_filters_by_commune_type_status_and_year(store, places, three):
    assert set(query_ids(store, CampaignFilter(commune_id=places["dong_cuong"]))) == {
        three["road"], three["light"]}
    assert query_ids(store, CampaignFilter(type="nha")) == [three["house"]]
    assert query_ids(store, CampaignFilter(status="ke_hoach")) == [three["light"]]
    assert query_ids(store, CampaignFilter(year=2023)) == [three["road"]]
    assert query_ids(store, CampaignFilter(year=2023, type="nha")) == []
    assert campaign_years(store) == [2024, 2023, 2022]


def test_sorted_in_sql_by_each_column(store, three):
    road, house, light = three["road"], three["house"], three["light"]
    assert query_ids(store, sort="raised_vnd", descending=True) == [road, house, light]
    # 100 % for the house, 30 % for the road, nothing for the light (no estimate last)
    assert query_ids(store, sort="raised_ratio", descending=True) == [house, road, light]
    assert query_ids(store, sort="title") == [road, house, light]  # M, S, T
    assert query_ids(store, sort="type") == [road, house, light]  # vocabulary order
    assert query_ids(store, sort="status") == [light, road, house]
    assert query_ids(store, sort="started_on") == [house, road, light]
    assert query_ids(store, sort="commune") == [road, light, house]  # then by title
    assert query_ids(store, sort="no such column") == sorted([road, house, light])


def test_list_rows_count_money_raised_from_the_live_ledger(store, three):
    rows = list_rows(store, [three["road"], three["house"]])
    road = rows[three["road"]]
    assert road["raised_vnd"] == 150 * 100_000 + 350_000_000  # tiền only, not vật tư
    assert (road["commune"], road["village"]) == ("Xã Đông Cường", "Thôn Hoành Từ")
    # Saving a shorter ledger bins the dropped rows; they no longer count.
    kept = contributions_of(store, three["road"])[:10]
    save_campaign(store, get_campaign(store, three["road"]), kept)
    assert list_rows(store, [three["road"]])[three["road"]]["raised_vnd"] == 1_000_000
    assert list_rows(store, []) == {}


def test_delete_moves_to_the_bin_and_restore_takes_back(store, three):
    assert delete_campaigns(store, [three["house"]]) == 1
    assert three["house"] not in query_ids(store)
    assert query_ids(store, CampaignFilter(in_bin=True)) == [three["house"]]
    assert campaign_years(store, in_bin=True) == [2022]
    assert restore_campaigns(store, [three["house"]]) == 1
    assert three["house"] in query_ids(store)
    assert query_ids(store, CampaignFilter(in_bin=True)) == []
    actions = [r[0] for r in store.execute(
        "SELECT action FROM audit_log WHERE record_kind = 'campaigns' AND record_id = ?"
        " ORDER BY id", (three["house"],))]
    assert actions == ["insert", "delete", "restore"]


def test_every_problem_is_reported_at_once_naming_ledger_rows(store, commune):
    bad = Campaign(title="", type="duong", commune_id=commune)
    ledger = [_money("2023-02-10", 100_000),
              Contribution(on_date="2023-02-10", kind="tien", amount_vnd=None),
              Contribution(on_date="hôm qua", kind="ngay_cong", quantity=None)]
    with pytest.raises(ValidationError) as caught:
        save_campaign(store, bad, ledger)
    fields = [e.field for e in caught.value.errors]
    assert "title" in fields
    assert "ledger:2:amount_vnd" in fields
    assert {"ledger:3:on_date", "ledger:3:quantity"} <= set(fields)
    messages = [e.message for e in caught.value.errors]
    assert "Dòng đóng góp 2: Chưa nhập số tiền (đồng)." in messages
    assert parse_ledger_field("ledger:3:quantity") == (3, "quantity")
    assert parse_ledger_field("title") is None
    assert store.scalar("SELECT count(*) FROM campaigns") == 0
    assert store.scalar("SELECT count(*) FROM contributions") == 0


def test_initiative_choices_are_the_communes_and_the_linked_one(store, places):
    def initiative(name, commune_id, year):
        return save_initiative(store, Initiative(
            name=name, kind="tap_the", field="kinh_te", owner_name="Chi bộ thôn",
            commune_id=commune_id, year=year)).id

    here_old = initiative("Dân vận khéo trong làm đường", places["dong_cuong"], 2021)
    here_new = initiative("Dân biết, dân bàn, dân làm", places["dong_cuong"], 2023)
    there = initiative("Chung tay sửa nhà", places["me_linh"], 2022)
    assert [r["id"] for r in initiative_choices(store, places["dong_cuong"])] == [here_new, here_old]
    assert [r["id"] for r in initiative_choices(store, places["dong_cuong"], keep_id=there)] == [
        there, here_new, here_old]
    assert initiative_choices(store, None) == []
