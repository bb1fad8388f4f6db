"""Importing against today's places: unknown places listed once each with their rows and
how to create them; a commune typed any way; an old file's merged commune lands in today's
commune keeping the old name in the record's history."""

from __future__ import annotations

import csv
import json

from danvan_desktop.services.exchange.columns import INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.importer import PLACES_HINT, commit_plan, plan_import
from danvan_desktop.store import catalog, places
from tests.cli.test_cli import danvan

HEADERS = [c.header for c in INITIATIVE_COLUMNS]


def _csv(path, communes: list[str], year: int = 2022, date: str = "10/03/2022"):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n, commune in enumerate(communes, 1):
            writer.writerow([f"Mô hình số {n}", "Tập thể", "KT", f"Chi bộ {n}", "", commune, "", year,
                             date, "", "", "", "", ""])
    return path


def test_thanh_ba_table_on_a_fresh_file_names_each_place_once_with_its_rows(store, tmp_path):
    # Thanh Ba's 32 initiatives of 2022 (DOMAIN.md) spread over three communes the file lacks.
    communes = ["Xã Đỗ Sơn"] * 13 + ["Xã Chí Tiên"] * 12 + ["Thị trấn Thanh Ba"] * 7
    plan = plan_import(store, _csv(tmp_path / "thanh-ba.csv", communes))
    assert len(plan.errors) == 32
    unknown = plan.unknown_places
    assert [(p.name, len(p.rows)) for p in unknown] == \
        [("Xã Đỗ Sơn", 13), ("Xã Chí Tiên", 12), ("Thị trấn Thanh Ba", 7)]
    assert str(unknown[0]) == "Xã, phường “Xã Đỗ Sơn”: dòng 2–14"
    assert "--create-places" in PLACES_HINT and "Tạo mới các xã, thôn" in PLACES_HINT
    assert plan.as_dict()["unknown_places"][1]["rows"][0] == {"sheet": "", "row": 15}


def test_the_command_line_lists_unknown_places_once_and_says_how_to_create_them(store, tmp_path):
    path = store.path
    store.close()
    file = _csv(tmp_path / "thanh-ba.csv", ["Xã Đỗ Sơn"] * 20 + ["Xã Chí Tiên"] * 12)
    before = path.read_bytes()
    result = danvan("import", "--db", path, file)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "2 địa bàn chưa có trong danh mục:" in lines
    assert "  Xã, phường “Xã Đỗ Sơn”: dòng 2–21" in lines
    assert sum("Đỗ Sơn" in line for line in lines) == 1
    assert any("--create-places" in line for line in lines)
    assert path.read_bytes() == before
    created = danvan("import", "--db", path, file, "--create-places", "--json")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["written"] == 32


def test_a_commune_typed_without_its_type_or_abbreviated_is_found(store, tmp_path):
    places.load_unit(store, places.read_list(), "33")
    plan = plan_import(store, _csv(tmp_path / "a.csv", ["Thái Bình", "P. Thái Bình", "phường thái bình"],
                                   2026, "10/03/2026"))
    assert not plan.errors
    expected = store.scalar("SELECT id FROM areas WHERE name = 'Phường Thái Bình'")
    assert {r.item.commune_id for r in plan.rows} == {expected}


def test_an_old_file_lands_in_todays_commune_keeping_the_old_name(store, tmp_path):
    places.load_unit(store, places.read_list(), "33")
    today = store.scalar("SELECT id FROM areas WHERE name = 'Xã Đông Hưng'")
    province = store.scalar("SELECT id FROM areas WHERE code = '33'")
    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen", province)
    old = catalog.add_area(store, "Xã Đông Cường", "xa", district)
    catalog.merge_areas(store, old, today, "2025-07-01")
    plan = plan_import(store, _csv(tmp_path / "cu.csv", ["Đông Cường"]))
    assert not plan.errors
    commit_plan(store, plan)
    record = store.query("SELECT id, commune_id FROM initiatives")[0]
    assert record["commune_id"] == today
    assert catalog.record_area_name_on(store, "initiatives", record["id"], "2022-03-10") == "Xã Đông Cường"
    assert catalog.record_area_name_on(store, "initiatives", record["id"], "2026-01-01") == "Xã Đông Hưng"
