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
