"""The demo is a 2026 province office: Hưng Yên, with the seeds' Đông Hưng records under
their old places, merged into today's communes, and new records under today's communes."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.periods import make_period
from danvan_desktop.services.demo import make_demo
from danvan_desktop.services.stats import period_stats
from danvan_desktop.store import catalog
from danvan_desktop.store.db import open_store
from danvan_desktop.store.initiatives import InitiativeFilter, query_ids
from danvan_desktop.store.profile import get_profile


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    make_demo(path, size=300, seed=3)
    with open_store(path, read_only=True) as store:
        yield store


def test_the_demo_office_is_hung_yen_province(demo):
    profile = get_profile(demo)
    assert (profile.office_level, profile.unit_code, profile.parent_body_1, profile.doc_code) == \
        ("tinh", "33", "TỈNH ỦY HƯNG YÊN", "BTGDVTU")
    assert demo.scalar("SELECT count(*) FROM areas WHERE level = 'xa' AND code IS NOT NULL"
                       " AND retired_on IS NULL") == 104


def test_seed_records_keep_their_old_commune_inside_todays(demo):
    row = demo.query("SELECT i.id, i.commune_id, i.former_commune_id, a.name FROM initiatives i"
                     " JOIN areas a ON a.id = i.commune_id WHERE i.name = ?",
                     ("Chung tay sửa nhà cho hộ cận nghèo",))[0]
    me_linh = catalog.get_area(demo, row["former_commune_id"])
    assert (me_linh.name, me_linh.retired_on, me_linh.merged_into_id) == \
        ("Xã Mê Linh", "2025-07-01", row["commune_id"])
    assert row["name"] == "Xã Bắc Tiên Hưng"
    assert catalog.record_area_name_on(demo, "initiatives", row["id"], "2022-10-05") == "Xã Mê Linh"
    assert row["id"] in query_ids(demo, InitiativeFilter(text="bac tien hung"))
    assert row["id"] in query_ids(demo, InitiativeFilter(text="me linh"))


def test_new_records_are_under_todays_communes_and_figures_group_by_them(demo):
    stray = demo.scalar("SELECT count(*) FROM initiatives i JOIN areas a ON a.id = i.commune_id"
                        " WHERE i.registered_on >= '2025-07-01' AND a.retired_on IS NOT NULL")
    assert stray == 0
    assert demo.scalar("SELECT count(*) FROM initiatives WHERE registered_on >= '2025-07-01'"
                       " AND former_commune_id IS NOT NULL") == 0
    now = period_stats(demo, make_period(2022))["initiatives"]["by_commune"]
    then = period_stats(demo, make_period(2022), as_they_were=True)["initiatives"]["by_commune"]
    assert "Xã Mê Linh" not in now and then["Xã Mê Linh"] >= 1
    assert sum(now.values()) == sum(then.values())


def test_every_reference_in_the_demo_points_at_a_record(demo):
    # the generator writes with the foreign-key checks off (ten million references at 1M)
    assert demo.execute("PRAGMA foreign_key_check").fetchall() == []
    assert demo.scalar("PRAGMA integrity_check") == "ok"


def test_the_generator_draws_exactly_what_random_would():
    """Same seed, same file: the generator's quick draws are random.Random's own."""
    import random

    from danvan_desktop.services.demo_rows import Draws

    plain, quick = random.Random(11), random.Random(11)
    draws = Draws(quick)
    words = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ"]
    for _ in range(2_000):
        assert plain.choice(words) == words[draws.below(len(words))]
        assert plain.randint(2016, 2026) == 2016 + draws.below(11)
        assert plain.randrange(50, 2500) == 50 + draws.below(2450)
        assert plain.choices(words, cum_weights=list(range(1, 8)))[0] == draws.pick(words, list(range(1, 8)))
        assert plain.random() == draws.random()


def _content(path):
    with open_store(path, read_only=True) as store:
        def rows(sql):
            return [tuple(r) for r in store.execute(sql)]

        return {
            "initiatives": rows(
                "SELECT name, kind, field, owner_name, position, commune_id, former_commune_id,"
                " village_id, year, registered_on, status, level, recognized_on, commended_on,"
                " search_key FROM initiatives ORDER BY id"),
            "history": rows("SELECT initiative_id, from_status, to_status, changed_on"
                            " FROM initiative_status_history ORDER BY id"),
            "ledgers": rows("SELECT campaign_id, on_date, source, kind, amount_vnd, quantity"
                            " FROM contributions ORDER BY id"),
            "campaigns": rows("SELECT title, commune_id, former_commune_id, status,"
                              " started_on, finished_on FROM campaigns ORDER BY id"),
            "awards": rows("SELECT round_id, initiative_id FROM awards ORDER BY id"),
            "counts": rows("SELECT * FROM stats_registered_kinds WHERE n > 0 ORDER BY 1, 2, 3, 4, 5"),
        }


def test_the_same_seed_makes_the_same_data_and_another_seed_other_data(tmp_path):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        make_demo(tmp_path / f"{name}.sqlite3", size=400, seed=seed)
    first, again, other = (_content(tmp_path / f"{n}.sqlite3") for n in "abc")
    assert first == again
    assert first["initiatives"] != other["initiatives"]
    assert len(first["ledgers"]) == 10 * (400 // 5) + 189  # ten a campaign, and the seeds' own


def test_no_district_decides_after_the_reform(demo):
    """Rounds decided since 01/7/2025 are the province's (districts no longer exist);
    earlier ones stay the district's, as they were signed."""
    rounds = demo.query("SELECT number, decided_on, issuer, level FROM commendation_rounds")
    later = [r for r in rounds if r["decided_on"] >= "2025-07-01"]
    earlier = [r for r in rounds if r["decided_on"] < "2025-07-01"]
    assert later and earlier
    assert all("Huyện" not in r["issuer"] and r["level"] == "tinh" and r["number"].endswith("/TU")
               for r in later)
    assert any("Huyện ủy" in r["issuer"] and r["level"] == "huyen" for r in earlier)
