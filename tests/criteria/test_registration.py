"""The registration parts of an initiative: saved, validated, exported and imported back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.domain.validation import ValidationError
from danvan_desktop.services.exchange.export import export_initiatives
from danvan_desktop.services.exchange.importer import commit_import, plan_import
from danvan_desktop.services.exchange.template import build_template
from danvan_desktop.store.initiatives import get_initiative, save_initiative


def _item(commune, **parts) -> Initiative:
    return Initiative(
        name="Mở rộng đường vào thôn Hoành Từ",
        kind="tap_the",
        field="kinh_te",
        owner_name="Chi bộ thôn Hoành Từ",
        commune_id=commune,
        year=2023,
        **parts,
    )


def test_parts_are_kept_and_numbers_checked(store, commune):
    saved = save_initiative(
        store,
        _item(
            commune,
            situation="Đường hẹp 3,5 m, xuống cấp",
            budget_vnd="1.200.000.000",
            workdays="420,5",
            timeframe="Năm 2023",
        ),
    )
    again = get_initiative(store, saved.id)
    assert again.situation == "Đường hẹp 3,5 m, xuống cấp" and again.budget_vnd == 1_200_000_000
    assert again.workdays == 420.5 and again.timeframe == "Năm 2023" and again.goals == ""
    with pytest.raises(ValidationError) as caught:
        save_initiative(store, _item(commune, donations_vnd="nhiều"))
    assert caught.value.for_field("donations_vnd") == ["Tài trợ, ủng hộ (đồng) phải là số nguyên."]


def test_export_then_import_carries_the_registration(store, commune, tmp_path):
    save_initiative(
        store,
        _item(
            commune,
            goals="Mở rộng 450 m đường lên 9 m",
            budget_vnd=1_200_000_000,
            donations_vnd=350_000_000,
            workdays=420,
            sustainability="Nhân rộng ra 3 thôn",
        ),
    )
    path, count = export_initiatives(store, tmp_path / "mo-hinh.xlsx")
    sheet = load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    assert "Mục tiêu" in headers and "Kinh phí (đồng)" in headers
    row = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    assert row["Tài trợ, ủng hộ (đồng)"] == 350_000_000 and row["Ngày công"] == 420
    store.execute("UPDATE initiatives SET deleted_at = '2024-01-01'")
    plan = plan_import(store, path)
    assert not plan.errors
    commit_import(store, plan)
    copy = get_initiative(store, store.scalar("SELECT max(id) FROM initiatives"))
    assert copy.goals == "Mở rộng 450 m đường lên 9 m" and copy.budget_vnd == 1_200_000_000
    assert copy.workdays == 420 and copy.sustainability == "Nhân rộng ra 3 thôn"


def test_template_offers_the_parts_and_refuses_a_bad_amount_by_column(store, commune, tmp_path):
    path = build_template(tmp_path / "mau.xlsx")
    book = load_workbook(path)
    sheet = book["Mô hình"]
    headers = [c.value for c in sheet[1]]
    assert "Sự cần thiết, lý do" in headers and "Khả năng duy trì, nhân rộng" in headers
    sheet.cell(2, 6).value = "Xã Đông Cường"
    sheet.cell(2, headers.index("Kinh phí (đồng)") + 1).value = "hai trăm triệu"
    book.save(path)
    plan = plan_import(store, path)
    assert [str(e) for e in plan.initiative_errors] == [
        "Trang “Mô hình”, dòng 2, cột “Kinh phí (đồng)”: “hai trăm triệu” không phải số tiền (đồng)."
    ]
