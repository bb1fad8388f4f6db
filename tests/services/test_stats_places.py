"""Figures by today's communes, or with pre-reform places as they were."""

from __future__ import annotations

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.domain.periods import make_period
from danvan_desktop.services.stats import period_stats
from danvan_desktop.store import catalog, places
from danvan_desktop.store.initiatives import save_initiative
from tests.cli.test_cli import danvan


def _initiative(store, commune, day, name):
    return save_initiative(store, Initiative(name=name, kind="tap_the", field="kinh_te",
                                             owner_name=f"Chi bộ {name}", commune_id=commune,
                                             year=int(day[:4]), registered_on=day))


def test_merged_communes_count_in_todays_commune_or_as_they_were(store):
    places.load_unit(store, places.read_list(), "33")
    today = store.scalar("SELECT id FROM areas WHERE name = 'Xã Bắc Đông Hưng'")
    province = store.scalar("SELECT id FROM areas WHERE code = '33'")
    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen", province)
    old_a = catalog.add_area(store, "Xã Đông Cường", "xa", district)
    old_b = catalog.add_area(store, "Xã Đông Xá", "xa", district)
    _initiative(store, old_a, "2025-03-01", "Đường làng")
    _initiative(store, old_b, "2025-04-01", "Sân chơi")
    _initiative(store, old_b, "2025-05-01", "Đèn đường")
    for old in (old_a, old_b):
        catalog.merge_areas(store, old, today, "2025-07-01")
    _initiative(store, today, "2025-09-01", "Camera an ninh")
    now = period_stats(store, make_period(2025))["initiatives"]
    assert now["by_commune"]["Xã Bắc Đông Hưng"] == 4
    assert "Xã Đông Xá" not in now["by_commune"] and len(now["by_commune"]) == 104
    then = period_stats(store, make_period(2025), as_they_were=True)["initiatives"]
    assert (then["by_commune"]["Xã Đông Cường"], then["by_commune"]["Xã Đông Xá"],
            then["by_commune"]["Xã Bắc Đông Hưng"]) == (1, 2, 1)
    assert then["total"] == now["total"] == 4


def test_the_command_line_speaks_of_communes_and_keeps_its_json(store):
    path = store.path
    places.load_unit(store, places.read_list(), "33")
    commune = store.scalar("SELECT id FROM areas WHERE name = 'Phường Thái Bình'")
    _initiative(store, commune, "2026-02-01", "Tuyến phố văn minh")
    store.close()
    human = danvan("stats", "--db", path, "--year", "2026")
    assert human.returncode == 0, human.stderr
    assert "Theo xã, phường, đặc khu hiện nay:" in human.stdout
    assert "  Phường Thái Bình: 1" in human.stdout and "huyện" not in human.stdout.lower()
    import json

    figures = json.loads(danvan("stats", "--db", path, "--year", "2026", "--json").stdout)
    assert figures["initiatives"]["by_commune"]["Phường Thái Bình"] == 1
    assert set(figures) == {"period", "initiatives", "campaigns", "contributions", "households_benefited"}


def test_a_commune_office_reports_by_village(store):
    from dataclasses import replace

    from danvan_desktop.domain import office
    from danvan_desktop.services.documents.report_content import build_content
    from danvan_desktop.store.profile import save_profile

    units = places.read_list()
    code = next(u.code for u in units.communes["33"] if u.name == "Xã Đông Hưng")
    places.load_unit(store, units, code)
    commune = places.area_by_code(store, code)
    dong, doai = places.add_villages(store, commune, "Thôn Đông\nThôn Đoài")
    for village, name in ((dong, "Đường hoa"), (dong, "Sân chơi"), (doai, "Camera"), (None, "Quỹ")):
        save_initiative(store, Initiative(name=name, kind="tap_the", field="kinh_te",
                                          owner_name=f"Chi bộ {name}", commune_id=commune,
                                          village_id=village, year=2026, registered_on="2026-03-01"))
    save_profile(store, replace(office.defaults("xa", "Tỉnh Hưng Yên", "Xã Đông Hưng"), unit_code=code))
    table = build_content(store, make_period(2026)).tables[2]
    assert table.title == "Bảng 3. Mô hình, điển hình đăng ký theo thôn, xóm, tổ dân phố"
    assert [row[1:] for row in table.rows] == [["Thôn Đoài", "1"], ["Thôn Đông", "2"],
                                               ["Không ghi thôn, xóm", "1"], ["Tổng cộng", "4"]]


def test_the_dashboard_choice_shows_old_communes_and_their_lists(store):
    from danvan_desktop.services.stats import AS_THEY_WERE, dashboard
    from danvan_desktop.store.initiatives import query_ids
    from danvan_desktop.store.profile import set_setting
    from danvan_desktop.ui.dashboard.links import commune_line

    places.load_unit(store, places.read_list(), "33")
    today = store.scalar("SELECT id FROM areas WHERE name = 'Xã Bắc Đông Hưng'")
    province = store.scalar("SELECT id FROM areas WHERE code = '33'")
    old = catalog.add_area(store, "Xã Đông Cường", "xa", catalog.add_area(store, "Huyện Đông Hưng", "huyen",
                                                                         province))
    before = _initiative(store, old, "2025-03-01", "Đường làng")
    catalog.merge_areas(store, old, today, "2025-07-01")
    after = _initiative(store, today, "2025-09-01", "Camera an ninh")
    now = dashboard(store, make_period(2025))
    line = next(x for x in now["current"]["initiatives"]["communes"] if x["name"] == "Xã Bắc Đông Hưng")
    assert line["count"] == 2
    assert set(query_ids(store, commune_line(now["current"], line))) == {before.id, after.id}
    set_setting(store, AS_THEY_WERE, True)
    then = dashboard(store, make_period(2025), known=now["parts"])
    assert then["as_they_were"] and "initiatives" in then["computed"]  # not the kept figures
    lines = {x["name"]: x for x in then["current"]["initiatives"]["communes"]}
    assert lines["Xã Đông Cường"]["count"] == 1 and lines["Xã Bắc Đông Hưng"]["count"] == 1
    assert query_ids(store, commune_line(then["current"], lines["Xã Đông Cường"])) == [before.id]
    assert query_ids(store, commune_line(then["current"], lines["Xã Bắc Đông Hưng"])) == [after.id]


def test_the_report_follows_the_offices_choice(store):
    from danvan_desktop.services.documents.report_content import build_content
    from danvan_desktop.services.stats import AS_THEY_WERE
    from danvan_desktop.store.profile import set_setting

    places.load_unit(store, places.read_list(), "33")
    today = store.scalar("SELECT id FROM areas WHERE name = 'Xã Bắc Đông Hưng'")
    province = store.scalar("SELECT id FROM areas WHERE code = '33'")
    old = catalog.add_area(store, "Xã Đông Cường", "xa", province)
    _initiative(store, old, "2025-03-01", "Đường làng")
    catalog.merge_areas(store, old, today, "2025-07-01")
    names = [row[1] for row in build_content(store, make_period(2025)).tables[2].rows]
    assert names == ["Xã Bắc Đông Hưng", "Tổng cộng"]
    set_setting(store, AS_THEY_WERE, True)
    names = [row[1] for row in build_content(store, make_period(2025)).tables[2].rows]
    assert names == ["Xã Đông Cường", "Tổng cộng"]


def test_a_commune_offices_dashboard_counts_its_villages(store):
    from dataclasses import replace

    from danvan_desktop.domain import office
    from danvan_desktop.services.stats import dashboard, top_communes
    from danvan_desktop.store.initiatives import query_ids
    from danvan_desktop.store.profile import save_profile
    from danvan_desktop.ui.dashboard.links import commune_line

    units = places.read_list()
    code = next(u.code for u in units.communes["33"] if u.name == "Xã Đông Hưng")
    places.load_unit(store, units, code)
    commune = places.area_by_code(store, code)
    dong, doai = places.add_villages(store, commune, "Thôn Đông\nThôn Đoài")
    made = {}
    for village, name in ((dong, "Đường hoa"), (dong, "Sân chơi"), (doai, "Camera"), (None, "Quỹ")):
        made[name] = save_initiative(store, Initiative(
            name=name, kind="tap_the", field="kinh_te", owner_name=f"Chi bộ {name}", commune_id=commune,
            village_id=village, year=2026, registered_on="2026-03-01")).id
    save_profile(store, replace(office.defaults("mttq_xa", "Tỉnh Hưng Yên", "Xã Đông Hưng"), unit_code=code))
    figures = dashboard(store, make_period(2026))["current"]
    top, rest = top_communes(figures)
    assert [(line["name"], line["count"]) for line in top] == \
        [("Thôn Đông", 2), ("Thôn Đoài", 1), ("Không ghi thôn, xóm", 1)]
    assert rest is None
    assert set(query_ids(store, commune_line(figures, top[0]))) == {made["Đường hoa"], made["Sân chơi"]}
    assert query_ids(store, commune_line(figures, top[2])) == [made["Quỹ"]]
    assert set(query_ids(store, commune_line(figures, top[1], top=top[:1]))) == \
        {made["Camera"], made["Quỹ"]}


def test_a_commune_offices_stats_speak_of_villages_and_search_finds_it_typed_any_way(store):
    from dataclasses import replace

    from danvan_desktop.domain import office
    from danvan_desktop.store.initiatives import InitiativeFilter, query_ids
    from danvan_desktop.store.profile import save_profile

    units = places.read_list()
    code = next(u.code for u in units.communes["33"] if u.name == "Phường Thái Bình")
    places.load_unit(store, units, code)
    commune = places.area_by_code(store, code)
    (village,) = places.add_villages(store, commune, "Tổ dân phố 3")
    made = save_initiative(store, Initiative(name="Tuyến phố văn minh", kind="tap_the", field="kinh_te",
                                             owner_name="Chi bộ tổ 3", commune_id=commune,
                                             village_id=village, year=2026, registered_on="2026-02-01"))
    save_profile(store, replace(office.defaults("mttq_xa", "Tỉnh Hưng Yên", "Phường Thái Bình"),
                                unit_code=code))
    for typed in ("Thái Bình", "P. Thái Bình", "phường thái bình", "thai binh"):
        assert query_ids(store, InitiativeFilter(text=typed)) == [made.id]
    path = store.path
    store.close()
    human = danvan("stats", "--db", path, "--year", "2026")
    assert "Theo thôn, xóm, tổ dân phố:\n  Tổ dân phố 3: 1" in human.stdout
