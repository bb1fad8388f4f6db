"""Initiatives and campaigns through the store: saving, search, history, bin, audit."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.validation import ValidationError
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import contributions_of, ledger_totals, save_campaign
from danvan_desktop.store.initiatives import (
    InitiativeFilter,
    delete_initiatives,
    get_initiative,
    list_rows,
    query_ids,
    restore_initiatives,
    save_initiative,
    status_history,
)


def _hang(commune: int, **changes) -> Initiative:
    data = dict(name="Sản xuất hương truyền thống và xuất khẩu", kind="ca_nhan",
                field="kinh_te", owner_name="Nguyễn Thị Thu Hằng",
                position="Tổ trưởng tổ liên kết", commune_id=commune, year=2020,
                registered_on="2020-03-12", income_vnd=600_000_000, jobs=25)
    data.update(changes)
    return Initiative(**data)


def test_saved_initiative_reads_back(store, commune):
    saved = save_initiative(store, _hang(commune))
    again = get_initiative(store, saved.id)
    assert again.name == "Sản xuất hương truyền thống và xuất khẩu"
    assert again.owner_name == "Nguyễn Thị Thu Hằng"
    assert again.income_vnd == 600_000_000 and again.jobs == 25
    assert again.uuid and again.created_at and again.updated_at
    assert again.person_id is not None and again.organization_id is None


@pytest.mark.parametrize("typed", ["nguyen thi thu hang", "HUONG truyen", "Hằng",
                                   "xuat khau dong cuong", "sản xuất hương"])
def test_search_ignores_case_diacritics_and_d(store, commune, typed):
    saved = save_initiative(store, _hang(commune))
    save_initiative(store, _hang(commune, name="Cánh đồng mẫu lớn", owner_name="Hội Nông dân",
                                 kind="tap_the", position=""))
    assert query_ids(store, InitiativeFilter(text=typed)) == [saved.id]


def test_search_treats_both_tone_placements_alike(store, commune):
    saved = save_initiative(store, _hang(commune, name="Tái hoà nhập cộng đồng",
                                         owner_name="Công an", kind="tap_the", position=""))
    assert query_ids(store, InitiativeFilter(text="tái hòa")) == [saved.id]
    assert query_ids(store, InitiativeFilter(text="Tai hoa")) == [saved.id]


def test_search_with_quotes_and_markup_is_plain_text(store, commune):
    save_initiative(store, _hang(commune, owner_name='Hội <Phụ nữ> & "Cựu chiến binh"'))
    assert len(query_ids(store, InitiativeFilter(text='"Cựu chiến'))) == 1
    assert query_ids(store, InitiativeFilter(text="'); DROP TABLE initiatives;--")) == []
    assert store.scalar("SELECT count(*) FROM initiatives") == 1


def test_filters_and_rows(store, commune):
    a = save_initiative(store, _hang(commune)).id
    b = save_initiative(store, _hang(commune, name="Tuyến phố văn minh", kind="tap_the",
                                     field="van_hoa_xa_hoi", owner_name="Khối Kim Tân",
                                     position="", year=2021, registered_on="2021-05-02")).id
    assert query_ids(store, InitiativeFilter(year=2021)) == [b]
    assert query_ids(store, InitiativeFilter(field="kinh_te")) == [a]
    assert query_ids(store, InitiativeFilter(year=2021, quarter=2)) == [b]
    assert query_ids(store, InitiativeFilter(year=2021, quarter=1)) == []
    assert query_ids(store, InitiativeFilter(), sort="year", descending=True) == [b, a]
    rows = list_rows(store, [a, b])
    assert rows[b]["commune"] == "Xã Đông Cường"


def test_status_changes_are_kept_with_who_and_when(store, commune):
    saved = save_initiative(store, _hang(commune), today=dt.date(2020, 3, 12))
    saved.status, saved.level = "cong_nhan", "huyen"
    save_initiative(store, saved, status_note="Hội nghị sơ kết", today=dt.date(2020, 11, 20))
    history = status_history(store, saved.id)
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "dang_ky"), ("dang_ky", "cong_nhan")]
    assert history[1]["changed_on"] == "2020-11-20"
    assert history[1]["user"] == "Người kiểm thử"
    assert get_initiative(store, saved.id).recognized_on == "2020-11-20"


def test_bin_and_restore(store, commune):
    saved = save_initiative(store, _hang(commune))
    assert delete_initiatives(store, [saved.id]) == 1
    assert query_ids(store, InitiativeFilter()) == []
    assert query_ids(store, InitiativeFilter(in_bin=True)) == [saved.id]
    assert restore_initiatives(store, [saved.id]) == 1
    assert query_ids(store, InitiativeFilter()) == [saved.id]


def test_audit_log_records_changes_and_cannot_be_edited(store, commune):
    saved = save_initiative(store, _hang(commune))
    saved.jobs = 30
    save_initiative(store, saved)
    delete_initiatives(store, [saved.id])
    rows = store.query("SELECT * FROM audit_log WHERE record_uuid = ? ORDER BY id",
                       (saved.uuid,))
    assert [r["action"] for r in rows] == ["insert", "update", "delete"]
    assert json.loads(rows[1]["changes"]) == {"jobs": [25, 30]}
    assert {r["user"] for r in rows} == {"Người kiểm thử"}
    with pytest.raises(sqlite3.DatabaseError, match="không được sửa"):
        store.execute("UPDATE audit_log SET user = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="không được xóa"):
        store.execute("DELETE FROM audit_log")


def test_invalid_initiative_writes_nothing(store, commune):
    before = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError):
        save_initiative(store, _hang(commune, name="", year=12))
    assert store.scalar("SELECT count(*) FROM initiatives") == 0
    assert store.scalar("SELECT count(*) FROM persons") == 0
    assert store.scalar("SELECT count(*) FROM audit_log") == before


def test_hoanh_tu_road_with_its_ledger(store, commune):
    village = catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)
    road = Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="duong", commune_id=commune,
                    village_id=village, started_on="2023-01-20", estimate_vnd=1_200_000_000,
                    length_m=450, width_before_m=3.5, width_after_m=9)
    ledger = [Contribution(on_date="2023-02-10", source="nhan_dan", kind="tien",
                           amount_vnd=100_000) for _ in range(150)]
    ledger.append(Contribution(on_date="2023-03-10", source="nhan_dan", kind="ngay_cong",
                               quantity=420))
    saved = save_campaign(store, road, ledger)
    assert (saved.length_m, saved.width_before_m, saved.width_after_m) == (450, 3.5, 9)
    rows = contributions_of(store, saved.id)
    totals = ledger_totals(rows)
    assert totals["by_kind"]["tien"] == 15_000_000
    assert totals["by_kind"]["ngay_cong"] == 420
    assert totals["money_by_source"] == {"nhan_dan": 15_000_000}


def test_a_bad_ledger_row_writes_neither_campaign_nor_ledger(store, commune):
    road = Campaign(title="Đường thôn", type="duong", commune_id=commune,
                    started_on="2023-01-20")
    with pytest.raises(ValidationError):
        save_campaign(store, road, [Contribution(on_date="2023-02-10", kind="tien",
                                                 amount_vnd=100_000),
                                    Contribution(on_date="", kind="tien", amount_vnd=5)])
    assert store.scalar("SELECT count(*) FROM campaigns") == 0
    assert store.scalar("SELECT count(*) FROM contributions") == 0


def test_renamed_area_keeps_its_old_name_for_old_records(store, commune):
    catalog.rename_area(store, commune, "Xã Đông Cường Mới", "2025-07-01")
    assert catalog.area_name_on(store, commune, "2023-05-01") == "Xã Đông Cường"
    assert catalog.area_name_on(store, commune, "2025-08-01") == "Xã Đông Cường Mới"
    assert catalog.find_area(store, "xa dong cuong", "xa") == commune


def test_attachments_are_copied_listed_and_binned(store, commune, tmp_path):
    from danvan_desktop.store import attachments

    saved = save_initiative(store, _hang(commune))
    scan = tmp_path / "Quyết định công nhận.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    attachment_id = attachments.attach(store, "initiatives", saved.id, scan)
    listed = attachments.list_for(store, "initiatives", saved.id)
    assert [a["file_name"] for a in listed] == ["Quyết định công nhận.pdf"]
    copy = attachments.path_of(store, listed[0])
    assert copy.read_bytes() == b"%PDF-1.4 scan" and copy.parent != scan.parent
    attachments.remove(store, attachment_id)
    assert attachments.list_for(store, "initiatives", saved.id) == []
    assert copy.exists()  # kept so that restoring from the bin brings it back


def test_the_audit_log_names_linked_records_and_dates_as_a_reader_knows_them(store, commune):
    from danvan_desktop.store import audit

    road = save_campaign(store, Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="duong",
                                         commune_id=commune, started_on="2023-01-20"),
                         [Contribution(on_date="2023-02-10", kind="tien", amount_vnd=100_000)])
    ids = audit.query_ids(store)
    entries = audit.rows(store, ids)
    gift = next(e for e in entries.values() if e["record_kind"] == "contributions")
    text = audit.describe("contributions", gift["changes"], gift["action"])
    assert "Cuộc vận động: Mở rộng đường vào thôn Hoành Từ" in text
    assert "ngày: 10/02/2023" in text and "100.000 đồng" in text
    assert "campaign_id" not in text and str(road.id) not in text.split("Cuộc vận động: ")[1][:3]


def test_the_audit_log_speaks_words_not_table_and_column_names(store, commune):
    """“Báo cáo kỳ”, “Tiêu biểu: không → có”: never “Period_reports” nor “0 → 1”."""
    from danvan_desktop.store import audit

    assert audit.kind_label("period_reports") == "Báo cáo kỳ"
    assert audit.kind_label("a_table_added_later") == "Dữ liệu khác"
    assert audit.describe("initiatives", {"notable": [0, 1]}) == "Tiêu biểu: không → có"
    assert audit.describe("commendation_rounds", {"title": ["", "Biểu dương"]}) == (
        "Trích yếu: (trống) → Biểu dương")
    profile = audit.describe("office_profile", {"doc_code": ["", "BDVHU"], "signer_name": ["", "A"]})
    assert profile == "Mã văn bản: (trống) → BDVHU; người ký: (trống) → A"
    assert audit.describe("period_reports", {"number": [None, "12"]}, "insert") == "Số báo cáo: 12"
