"""Places from the official list: a province's communes with codes and unit types, a
commune found however it is typed, a newer list renaming units while records keep the
names they had (the September 2026 changes of Quảng Ninh and Bắc Ninh)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.domain.validation import ValidationError
from danvan_desktop.store import catalog, places
from danvan_desktop.store.initiatives import save_initiative

SEPTEMBER = Path(__file__).parent.parent / "fixtures" / "dvhc" / "units-2026-09-20.json"


@pytest.fixture(scope="module")
def official():
    return places.read_list()


def test_the_shipped_list_holds_34_provinces_and_3321_units(official):
    assert len(official.provinces) == 34
    units = [u for communes in official.communes.values() for u in communes]
    assert len(units) == 3321
    kinds = {k: sum(u.unit_type == k for u in units) for k in ("xa", "phuong", "dac_khu")}
    # 2,611 xã here (DOMAIN.md's 2,610 leaves out the one the list spells "xã Bắc Sơn").
    assert kinds == {"xa": 2611, "phuong": 697, "dac_khu": 13}
    assert official.unit("06325").name == "Xã Bắc Sơn"
    assert (places.dvhc_dir() / "LICENSE").read_text().startswith("MIT")


def test_a_province_office_gets_every_commune_with_its_code_and_type(store, official):
    loaded = places.load_unit(store, official, "33")
    assert loaded["communes"] == 104
    province = catalog.get_area(store, loaded["province"])
    assert (province.name, province.code, province.unit_type, province.level) == \
        ("Tỉnh Hưng Yên", "33", "tinh", "tinh")
    row = store.query("SELECT * FROM areas WHERE name = 'Phường Thái Bình'")[0]
    assert (row["level"], row["unit_type"], row["parent_id"]) == ("xa", "phuong", province.id)
    assert len(row["code"]) == 5
    # Loading again adds nothing.
    places.load_unit(store, official, "33")
    assert store.scalar("SELECT count(*) FROM areas WHERE level = 'xa'") == 104


def test_a_commune_office_gets_its_commune_and_province_only(store, official):
    code = next(u.code for u in official.communes["33"] if u.name == "Xã Đông Hưng")
    places.load_unit(store, official, code)
    assert [r["name"] for r in store.query("SELECT name FROM areas ORDER BY id")] == \
        ["Tỉnh Hưng Yên", "Xã Đông Hưng"]


def test_an_unknown_code_is_refused_in_vietnamese(store, official):
    with pytest.raises(ValidationError, match="mã “99999”"):
        places.load_unit(store, official, "99999")
    assert store.scalar("SELECT count(*) FROM areas") == 0


@pytest.mark.parametrize("typed", ["Thái Bình", "P. Thái Bình", "phường thái bình",
                                   "Phuong Thai Binh", "P Thái Bình"])
def test_a_commune_is_found_typed_with_or_without_its_type(store, official, typed):
    places.load_unit(store, official, "33")
    expected = store.scalar("SELECT id FROM areas WHERE name = 'Phường Thái Bình'")
    assert catalog.find_area(store, typed, "xa") == expected


def test_either_tone_placement_finds_the_commune(store, official):
    places.load_unit(store, official, "22")
    expected = store.scalar("SELECT id FROM areas WHERE name = 'Phường Hiệp Hoà'")
    for typed in ("Hiệp Hòa", "phường hiệp hoà", "P. Hiệp Hòa"):
        assert catalog.find_area(store, typed, "xa") == expected


def test_a_bare_name_two_communes_share_is_no_match(store):
    province = catalog.add_area(store, "Tỉnh Thử", "tinh")
    catalog.add_area(store, "Xã Tân Tiến", "xa", province)
    catalog.add_area(store, "Phường Tân Tiến", "xa", province)
    assert catalog.find_area(store, "Tân Tiến", "xa") is None
    assert catalog.find_area(store, "P. Tân Tiến", "xa") == \
        store.scalar("SELECT id FROM areas WHERE name = 'Phường Tân Tiến'")


def test_the_september_2026_list_renames_units_and_old_records_keep_their_names(store, official):
    places.load_unit(store, official, "24")
    yen_phong = store.scalar("SELECT id FROM areas WHERE name = 'Xã Yên Phong'")
    item = save_initiative(store, Initiative(
        name="Đường hoa nông thôn mới", kind="tap_the", field="kinh_te", owner_name="Chi bộ thôn Đông",
        commune_id=yen_phong, year=2026, registered_on="2026-08-10"))
    newer = places.read_list(SEPTEMBER)
    result = places.update_places(store, newer, places.list_date(SEPTEMBER))
    assert ("Tỉnh Bắc Ninh", "Thành phố Bắc Ninh") in result.renamed
    wards = [new for old, new in result.renamed if old.startswith("Xã ")]
    assert len(wards) == 12 and all(n.startswith("Phường ") for n in wards)
    assert result.added == [] and result.missing == []
    row = store.query("SELECT name, unit_type, code FROM areas WHERE id = ?", (yen_phong,))[0]
    assert row["name"] == "Phường Yên Phong" and row["unit_type"] == "phuong"
    # The code stayed; the August record still prints the name it had on its date.
    assert catalog.area_name_on(store, yen_phong, item.registered_on) == "Xã Yên Phong"
    assert catalog.area_name_on(store, yen_phong, "2026-10-01") == "Phường Yên Phong"
    # An old file that still says "Xã Yên Phong" lands in the same place.
    assert catalog.find_area(store, "Xã Yên Phong", "xa") == yen_phong
    assert catalog.find_area(store, "Yên Phong", "xa") == yen_phong


def test_a_list_of_another_shape_is_refused_and_nothing_changes(store, official, tmp_path):
    places.load_unit(store, official, "24")
    before = store.query("SELECT id, name FROM areas ORDER BY id")
    bad = tmp_path / "bad.json"
    for content, words in ((json.dumps({"Code": "24"}), "danh sách các tỉnh"),
                           ("[{", "không phải tệp JSON"),
                           (json.dumps([{"Code": "24", "FullName": "Bắc Ninh", "Wards": []}]),
                            "không bắt đầu bằng loại đơn vị")):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(ValidationError, match=words):
            places.read_list(bad)
    assert store.query("SELECT id, name FROM areas ORDER BY id") == before


def test_villages_pasted_as_a_list_are_added_once_each(store, official):
    code = next(u.code for u in official.communes["33"] if u.name == "Xã Đông Hưng")
    places.load_unit(store, official, code)
    commune = places.area_by_code(store, code)
    added = places.add_villages(store, commune, "Hoành Từ\n- Thôn Đầm\n\nXóm 3\nhoanh tu\n")
    assert [catalog.get_area(store, i).name for i in added] == ["Thôn Hoành Từ", "Thôn Đầm", "Xóm 3"]
    assert places.add_villages(store, commune, "Thôn Đầm\nThôn Mới") != []
    assert store.scalar("SELECT count(*) FROM areas WHERE level = 'thon'") == 4
    with pytest.raises(ValidationError, match="Chưa có tên"):
        places.add_villages(store, commune, " \n ")


def test_communes_are_listed_in_vietnamese_order(store, official):
    places.load_unit(store, official, "33")
    names = [r["name"] for r in catalog.communes(store)]
    assert len(names) == 104
    assert names.index("Xã Ái Quốc") < names.index("Xã Bình Định") < names.index("Xã Đông Hưng") \
        < names.index("Xã Hưng Hà") < names.index("Xã Yên Mỹ")
