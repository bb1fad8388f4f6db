"""Pasted blocks read without a window: Excel's clipboard text, header rows matched or the
template's order, every refusal named by row and column, duplicates found by an index seek,
village lists, and the bulk status change with its per-record refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.services.exchange.paste import (
    PasteRefused,
    add_villages,
    commit_initiatives,
    parse_block,
    plan_initiatives,
    plan_villages,
)
from danvan_desktop.services.status_change import StatusChange, apply_status_change, plan_status_change
from danvan_desktop.store import catalog
from danvan_desktop.store.initiatives import get_initiative, save_initiative, status_history


def test_excel_clipboard_text_with_a_quoted_multi_line_cell():
    text = 'Tên\tGhi chú\r\nTủ sách\t"dòng một\r\ndòng hai"\r\n\r\n'
    # One cell, not two rows (stored text has its blanks made one space, as everywhere).
    assert parse_block(text) == [["Tên", "Ghi chú"], ["Tủ sách", "dòng một dòng hai"]]
    with pytest.raises(PasteRefused, match="không có dòng nào"):
        parse_block("\r\n\t\r\n")


def test_rows_without_a_header_follow_the_template_order(store, commune):
    plan = plan_initiatives(store, "Tủ sách cộng đồng\tTập thể\tVH-XH\tChi bộ thôn Đông\t\t"
                                   "Đông Cường\t\t2024\r\n")
    assert not plan.header and not plan.errors
    item = plan.accepted[0].item
    assert (item.name, item.kind, item.field, item.commune_id, item.year) == (
        "Tủ sách cộng đồng", "tap_the", "van_hoa_xa_hoi", commune, 2024)


def test_every_refusal_names_its_row_and_column_and_nothing_is_written(store, commune):
    block = ("Năm đăng ký\tTên mô hình\tLoại\tLĩnh vực\tChủ thể\tXã/phường\r\n"
             "2024\tĐường hoa\tĐoàn thể\tKinh tế\tĐoàn Thanh niên\tXã Đông Cường\r\n"
             "24\tVườn mẫu\tTập thể\tKinh tế\tChi bộ\tXã Không Có\r\n")
    plan = plan_initiatives(store, block)
    assert [str(e) for e in plan.errors] == [
        "Dòng 2, cột “Loại”: “Đoàn thể” không phải Tập thể hay Cá nhân.",
        "Dòng 3, cột “Năm đăng ký”: “24” không phải năm có 4 chữ số.",
        "Dòng 3, cột “Xã/phường”: Xã, phường “Xã Không Có” chưa có trong danh mục.",
    ]
    assert plan.accepted == []
    assert store.scalar("SELECT count(*) FROM initiatives") == 0


def test_a_record_already_in_the_file_is_found_by_an_index_seek(store, commune):
    save_initiative(store, Initiative(name="Mái ấm tình thương", kind="tap_the", field="kinh_te",
                                      owner_name="Hội Phụ nữ xã", commune_id=commune, year=2024))
    block = ("Tên mô hình\tLoại\tLĩnh vực\tChủ thể\tXã/phường\tNăm đăng ký\r\n"
             "MÁI ẤM TÌNH THƯƠNG\tTập thể\tKT\thội phụ nữ xã\tXã Đông Cường\t2024\r\n"
             "Mái ấm tình thương\tTập thể\tKT\tHội Phụ nữ xã\tXã Đông Cường\t2025\r\n")
    plan = plan_initiatives(store, block)
    assert "Dòng 2, cột “Tên mô hình, điển hình”: đã có mô hình này" in str(plan.errors[0])
    assert [r.item.year for r in plan.accepted] == [2025]  # another year: another record
    ids = commit_initiatives(store, plan)
    assert get_initiative(store, ids[0]).year == 2025
    assert status_history(store, ids[0])[0]["note"] == "Dán từ bảng tính"
    steps = store.query("EXPLAIN QUERY PLAN SELECT id FROM initiatives WHERE deleted_at IS NULL"
                        " AND name_sort >= ? AND name_sort < ? AND +year = ?", ("a", "b", 2024))
    assert "initiatives_live_name" in steps[0]["detail"]


def test_village_list_leaves_out_names_the_commune_has(store, commune):
    catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)
    plan = plan_villages(store, commune, "Hoành Từ\nThôn Đông\nXÓM TRẠI\nthon dong\n")
    assert (plan.new, plan.already, plan.repeated) == (["Thôn Đông", "XÓM TRẠI"], ["Hoành Từ"],
                                                       ["thon dong"])
    add_villages(store, commune, plan.new)
    assert sorted(r["name"] for r in catalog.children(store, commune)) == [
        "Thôn Hoành Từ", "Thôn Đông", "XÓM TRẠI"]


def test_bulk_status_refusals_are_per_record_and_the_rest_is_written(store, commune):
    early = save_initiative(store, Initiative(name="Sớm", kind="tap_the", field="kinh_te",
                                              owner_name="Chi bộ", commune_id=commune, year=2024,
                                              registered_on="2024-01-05")).id
    late = save_initiative(store, Initiative(name="Muộn", kind="tap_the", field="kinh_te",
                                             owner_name="Chi bộ", commune_id=commune, year=2024,
                                             registered_on="2024-09-05")).id
    plan = plan_status_change(store, [early, late],
                              StatusChange("cong_nhan", dt.date(2024, 6, 1), "QĐ 7", "huyen"))
    assert [r.initiative_id for r in plan.refused] == [late]
    assert "Ngày công nhận" in str(plan.refused[0]) and "trước ngày đăng ký" in str(plan.refused[0])
    assert apply_status_change(store, plan) == 1
    item = get_initiative(store, early)
    assert (item.status, item.level, item.recognized_on) == ("cong_nhan", "huyen", "2024-06-01")
    assert get_initiative(store, late).status == "dang_ky"
