"""Catalogues through the store: the area tree (add, rename, merge, retire), organisations,
the office profile and the user's name, each audited and refused in Vietnamese."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from danvan_desktop.domain.entities import Campaign, Initiative, OfficeProfile
from danvan_desktop.domain.validation import ValidationError
from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
from danvan_desktop.store import catalog, profile
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.initiatives import InitiativeFilter, get_initiative, query_ids, save_initiative


@pytest.fixture
def places(store):
    province = catalog.add_area(store, "Tỉnh Thái Bình", "tinh")
    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen", province)
    a = catalog.add_area(store, "Xã Đông Cường", "xa", district)
    b = catalog.add_area(store, "Xã Mê Linh", "xa", district)
    return {"province": province, "district": district, "a": a, "b": b,
            "village": catalog.add_area(store, "Thôn Hoành Từ", "thon", a),
            "dam": catalog.add_area(store, "Thôn Đầm", "thon", b)}


def _initiative(commune, village=None, **changes):
    data = dict(name="Mở rộng đường làng", kind="tap_the", field="kinh_te",
                owner_name="Chi bộ thôn Hoành Từ", commune_id=commune, village_id=village,
                year=2023, registered_on="2023-03-01")
    data.update(changes)
    return Initiative(**data)


def _audit(store, kind):
    return store.query("SELECT * FROM audit_log WHERE record_kind = ? ORDER BY id", (kind,))


def test_add_area_refuses_blank_duplicates_and_wrong_levels(store, places):
    before = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError, match="Chưa nhập tên địa bàn"):
        catalog.add_area(store, "  ", "xa", places["district"])
    with pytest.raises(ValidationError, match="Đã có địa bàn"):
        catalog.add_area(store, "xa dong cuong", "xa", places["district"])
    with pytest.raises(ValidationError, match="không thể trực thuộc"):
        catalog.add_area(store, "Huyện Mới", "huyen", places["a"])
    assert store.scalar("SELECT count(*) FROM audit_log") == before
    # Since 2025 a commune may sit directly under the province.
    new = catalog.add_area(store, "Xã Hồng Phong", "xa", places["province"])
    assert catalog.get_area(store, new).parent_id == places["province"]


def test_rename_keeps_the_old_name_and_refuses_going_back_in_time(store, places):
    catalog.rename_area(store, places["a"], "Phường Đông Cường", "01/07/2025")
    assert catalog.area_name_on(store, places["a"], "2024-12-31") == "Xã Đông Cường"
    assert catalog.area_name_on(store, places["a"], "2025-07-01") == "Phường Đông Cường"
    assert catalog.name_history(store, places["a"]) == [
        {"name": "Xã Đông Cường", "valid_until": "2025-07-01"}]
    with pytest.raises(ValidationError, match="sau lần đổi tên trước"):
        catalog.rename_area(store, places["a"], "Phường Đông Cường 2", "2025-01-01")
    with pytest.raises(ValidationError, match="không đúng dạng"):
        catalog.rename_area(store, places["a"], "Phường Đông Cường 2", "31/02/2026")
    with pytest.raises(ValidationError, match="trùng với tên hiện tại"):
        catalog.rename_area(store, places["a"], "Phường Đông Cường", "2026-01-01")


def test_renamed_commune_is_searchable_by_its_new_name(store, places):
    saved = save_initiative(store, _initiative(places["a"]))
    catalog.rename_area(store, places["a"], "Phường Hồng Việt", "2025-07-01")
    assert query_ids(store, InitiativeFilter(text="hong viet")) == [saved.id]
    assert query_ids(store, InitiativeFilter(text="dong cuong")) == [saved.id]


def test_merge_moves_everything_and_keeps_the_old_name_for_old_records(store, places):
    a, b = places["a"], places["b"]
    old = save_initiative(store, _initiative(a, places["village"]))
    native = save_initiative(store, _initiative(b, name="Nhà tình nghĩa", owner_name="Hội Phụ nữ"))
    road = save_campaign(store, Campaign(title="Đường thôn Hoành Từ", commune_id=a,
                                         village_id=places["village"], started_on="2023-01-20"))
    org = catalog.add_organization(store, "Hội Nông dân xã Đông Cường", "hoi_nong_dan", a)

    moved = catalog.merge_areas(store, a, b, "01/07/2025")

    assert moved["initiatives"] == 1 and moved["campaigns"] == 1
    assert moved["organizations"] == 2  # the one added and the initiative's owner
    assert moved["areas"] == 1  # Thôn Hoành Từ
    assert get_initiative(store, old.id).commune_id == b
    assert get_initiative(store, old.id).village_id == places["village"]
    assert catalog.get_area(store, places["village"]).parent_id == b
    assert catalog.get_organization(store, org).area_id == b
    source = catalog.get_area(store, a)
    assert (source.retired_on, source.merged_into_id) == ("2025-07-01", b)
    assert [c["id"] for c in catalog.communes(store)] == [b]
    # Old records print the commune they had; the target's own records its own name.
    assert catalog.record_area_name_on(store, "initiatives", old.id, "2023-03-01") == "Xã Đông Cường"
    assert catalog.record_area_name_on(store, "campaigns", road.id, "2023-03-01") == "Xã Đông Cường"
    assert catalog.record_area_name_on(store, "initiatives", old.id, "2025-08-01") == "Xã Mê Linh"
    assert catalog.record_area_name_on(store, "initiatives", native.id, "2023-03-01") == "Xã Mê Linh"
    # Files that still say the old name find the commune it went into.
    assert catalog.find_area(store, "Xã Đông Cường", "xa") == b
    assert query_ids(store, InitiativeFilter(text="me linh hoanh")) == [old.id]
    changes = [json.loads(r["changes"]) for r in _audit(store, "initiatives")]
    assert {"commune_id": [a, b]} in changes


def test_merges_in_a_chain_find_the_first_commune(store, places):
    c = catalog.add_area(store, "Xã Hồng Giang", "xa", places["district"])
    old = save_initiative(store, _initiative(places["a"]))
    catalog.merge_areas(store, places["a"], places["b"], "2024-01-01")
    catalog.rename_area(store, places["b"], "Xã Mê Linh Mới", "2024-06-01")
    catalog.merge_areas(store, places["b"], c, "2025-07-01")
    assert get_initiative(store, old.id).commune_id == c
    assert catalog.record_area_name_on(store, "initiatives", old.id, "2023-05-01") == "Xã Đông Cường"
    assert catalog.record_area_name_on(store, "initiatives", old.id, "2024-03-01") == "Xã Mê Linh"
    assert catalog.record_area_name_on(store, "initiatives", old.id, "2024-09-01") == "Xã Mê Linh Mới"
    assert catalog.record_area_name_on(store, "initiatives", old.id, "2025-09-01") == "Xã Hồng Giang"


def test_village_merge_moves_records_to_the_target_commune(store, places):
    item = save_initiative(store, _initiative(places["a"], places["village"]))
    catalog.merge_areas(store, places["village"], places["dam"], "2025-07-01")
    again = get_initiative(store, item.id)
    assert (again.commune_id, again.village_id) == (places["b"], places["dam"])


@pytest.mark.parametrize("pair, message", [
    (("a", "a"), "chính nó"),
    (("a", "district"), "cùng cấp"),
    (("village", "b"), "cùng cấp"),
])
def test_merge_refusals_write_nothing(store, places, pair, message):
    before = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError, match=message):
        catalog.merge_areas(store, places[pair[0]], places[pair[1]], "2025-07-01")
    assert store.scalar("SELECT count(*) FROM audit_log") == before
    assert catalog.get_area(store, places["a"]).retired_on is None


def test_merge_refuses_retired_places_and_bad_dates(store, places):
    catalog.merge_areas(store, places["a"], places["b"], "2025-07-01")
    with pytest.raises(ValidationError, match="đã ngừng sử dụng"):
        catalog.merge_areas(store, places["b"], places["a"], "2025-08-01")
    with pytest.raises(ValidationError, match="Chưa nhập ngày sáp nhập"):
        catalog.merge_areas(store, places["b"], places["a"], "")


def test_retire_and_use_again(store, places):
    assert catalog.retire_area(store, places["a"], "2025-07-01") == 2  # with its village
    assert places["a"] not in [c["id"] for c in catalog.communes(store)]
    assert {r["id"] for r in catalog.list_areas(store)} == {
        places["province"], places["district"], places["b"], places["dam"]}
    with pytest.raises(ValidationError, match="đã ngừng sử dụng từ 01/07/2025"):
        catalog.retire_area(store, places["a"], "2025-08-01")
    with pytest.raises(ValidationError, match="đã ngừng sử dụng"):
        catalog.add_area(store, "Thôn Mới", "thon", places["a"])
    assert catalog.unretire_area(store, places["a"]) == 2
    assert catalog.get_area(store, places["village"]).retired_on is None


def test_a_merged_place_cannot_be_used_again(store, places):
    catalog.merge_areas(store, places["a"], places["b"], "2025-07-01")
    with pytest.raises(ValidationError, match="đã sáp nhập vào Xã Mê Linh"):
        catalog.unretire_area(store, places["a"])


def test_area_usage_counts(store, places):
    save_initiative(store, _initiative(places["a"], places["village"]))
    usage = catalog.area_usage(store)
    assert usage[places["a"]]["initiatives"] == 1
    assert usage[places["village"]]["initiatives"] == 1
    assert usage[places["a"]]["organizations"] == 1


def test_villages_sort_by_number():
    names = ["Xóm 10", "Xóm 2", "Thôn Đông", "Thôn Đầm", "Thôn Bắc"]
    assert sorted(names, key=catalog.area_sort_key) == [
        "Thôn Bắc", "Thôn Đầm", "Thôn Đông", "Xóm 2", "Xóm 10"]


def test_organisations_add_edit_search_bin_and_restore(store, places):
    org = catalog.add_organization(store, "Hội Liên hiệp Phụ nữ xã Mê Linh", "hoi_phu_nu", places["b"])
    catalog.add_organization(store, "Chi bộ thôn Hoành Từ", "chi_bo", places["village"])
    with pytest.raises(ValidationError, match="Đã có đơn vị"):
        catalog.add_organization(store, "hoi lien hiep phu nu xa me linh")
    with pytest.raises(ValidationError, match="Chưa nhập tên đơn vị"):
        catalog.update_organization(store, org, "", "khac")
    assert [r["name"] for r in catalog.list_organizations(store, "phu nu")] == [
        "Hội Liên hiệp Phụ nữ xã Mê Linh"]
    assert [r["id"] for r in catalog.list_organizations(store, "me linh")] == [org]
    assert [r["area_name"] for r in catalog.list_organizations(store, "hoanh tu")] == ["Thôn Hoành Từ"]
    assert catalog.list_organizations(store, "'; DROP TABLE organizations; --") == []
    assert len(catalog.list_organizations(store, kind="chi_bo")) == 1

    catalog.rename_organization(store, org, "Hội Phụ nữ xã Mê Linh")
    assert catalog.get_organization(store, org).name == "Hội Phụ nữ xã Mê Linh"
    assert catalog.delete_organizations(store, [org]) == 1
    assert [r["id"] for r in catalog.list_organizations(store, in_bin=True)] == [org]
    assert org not in [r["id"] for r in catalog.list_organizations(store)]
    assert catalog.restore_organizations(store, [org]) == 1
    actions = [r["action"] for r in _audit(store, "organizations") if r["record_id"] == org]
    assert actions == ["insert", "update", "delete", "restore"]


def test_profile_is_checked_saved_and_audited(store):
    with pytest.raises(ValidationError) as caught:
        profile.save_profile(store, OfficeProfile(issuing_body=" ", doc_code="BDV HU"))
    assert caught.value.for_field("issuing_body") == ["Chưa nhập tên cơ quan ban hành."]
    assert "chỉ gồm chữ và số" in caught.value.for_field("doc_code")[0]
    assert _audit(store, "office_profile") == []
    mine = OfficeProfile(parent_body_1="ĐẢNG BỘ TỈNH NGHỆ AN", parent_body_2="THỊ ỦY THÁI HÒA",
                         doc_code="BDVTU", place="Thái Hòa", recipients=["Lưu.", " ", "Thường trực Thị ủy,"])
    profile.save_profile(store, mine)
    again = profile.get_profile(store)
    assert again.doc_code == "BDVTU" and again.recipients == ["Lưu.", "Thường trực Thị ủy,"]
    assert len(_audit(store, "office_profile")) == 1


def test_user_name_is_kept_applied_and_audited(store):
    profile.set_user_name(store, "  Trần   Thị Lan ")
    assert store.user == "Trần Thị Lan" and profile.user_name(store) == "Trần Thị Lan"
    rows = _audit(store, "settings")
    assert rows[-1]["user"] == "Trần Thị Lan"
    assert json.loads(rows[-1]["changes"]) == {"user_name": [None, "Trần Thị Lan"]}
    with pytest.raises(ValidationError, match="Chưa nhập tên người sử dụng"):
        profile.set_user_name(store, "")
    assert store.user == "Trần Thị Lan"
    store.user = ""
    assert profile.load_user_name(store) == "Trần Thị Lan"


def test_office_settings_write_nothing_when_one_part_is_wrong(store):
    with pytest.raises(ValidationError) as caught:
        profile.save_office_settings(store, replace(DONG_HUNG_PROFILE, doc_code=""), "")
    assert {e.field for e in caught.value.errors} == {"doc_code", "user_name"}
    assert store.scalar("SELECT count(*) FROM audit_log") == 0
    assert profile.get_setting(store, "user_name") is None


def test_commune_and_village_lists_are_in_vietnamese_order(store):
    from danvan_desktop.store import catalog

    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen")
    for name in ("Xã Đông Xá", "Xã Đông Á", "Xã Duyên Hải", "Xã Mê Linh"):
        catalog.add_area(store, name, "xa", district)
    assert [r["name"] for r in catalog.communes(store)] == [
        "Xã Duyên Hải", "Xã Đông Á", "Xã Đông Xá", "Xã Mê Linh"]  # SQL's order put Đ last
    commune = catalog.communes(store)[0]["id"]
    for name in ("Thôn Đầm", "Thôn Dầu", "Xóm 10", "Xóm 2"):
        catalog.add_area(store, name, "thon", commune)
    assert [r["name"] for r in catalog.children(store, commune)] == [
        "Thôn Dầu", "Thôn Đầm", "Xóm 2", "Xóm 10"]
