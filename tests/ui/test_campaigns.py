"""Cuộc vận động, walked as a user: add the Hoành Từ road with household contributions,
see the totals, save, find it in the list, reopen it; invalid input writes nothing; the
bin; search, filters and sorting; and the form's logic without a window."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from danvan_desktop.domain.entities import Campaign, Contribution
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import contributions_of, get_campaign, save_campaign
from danvan_desktop.ui.campaigns import form as form_module
from danvan_desktop.ui.campaigns import page as page_module
from danvan_desktop.ui.campaigns.ledger import COLUMNS as LEDGER_COLUMNS
from danvan_desktop.ui.campaigns.ledger import LedgerModel
from danvan_desktop.ui.campaigns.list_model import COLUMNS
from danvan_desktop.ui.campaigns.logic import (
    LedgerRow,
    agreement_text,
    campaign_from_values,
    format_amount,
    format_percent,
    parse_measure,
    row_to_contribution,
    sources_text,
    totals_text,
)
from danvan_desktop.ui.campaigns.page import CampaignsPage
from danvan_desktop.ui.changes import ChangeBus

TITLE = "Mở rộng đường vào thôn Hoành Từ"
AMOUNT = LEDGER_COLUMNS.index(("amount", "Số tiền / số lượng"))
CONTRIBUTOR = LEDGER_COLUMNS.index(("contributor", "Người, đơn vị đóng góp"))


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    """Message boxes would block a test: fail loudly if one is shown unexpectedly."""
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    for module in (form_module, page_module):
        for name in ("error", "confirm"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, unexpected)
    monkeypatch.setattr(form_module, "ask_save_discard_cancel", unexpected)


@pytest.fixture
def village(store, commune):
    return catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)


@pytest.fixture
def page(qtbot, store, commune, village):
    bus = ChangeBus()
    widget = CampaignsPage(store, bus)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def count(store, table: str) -> int:
    return store.scalar(f"SELECT count(*) FROM {table}")


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def type_text(widget, text: str) -> None:
    """Type as a keyboard (or Unikey) does, one character at a time, Vietnamese included
    (QTest.keyClicks only knows Latin-1)."""
    for char in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                           Qt.KeyboardModifier.NoModifier)


def type_into(qtbot, widget, text: str) -> None:
    widget.clear()
    type_text(widget, text)
    widget.editingFinished.emit()  # as when the user leaves the field


def type_cell(qtbot, form, row: int, column: int, text: str) -> None:
    """Open a ledger cell's editor, type, press Enter."""
    table = form.ledger.table
    index = form.ledger.model.index(row, column)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = form.ledger.delegates[column].open_editor
    assert editor is not None
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Enter through a queued call.
    qtbot.waitUntil(lambda: form.ledger.delegates[column].open_editor is None)


def open_new_form(qtbot, page):
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.form is not None and page.form.isVisible()
    assert page.form.windowTitle() == "Cuộc vận động"
    return page.form


def fill_hoanh_tu(qtbot, form, households: int = 10) -> None:
    type_text(form.title, TITLE)
    choose(form.commune, "Xã Đông Cường")
    choose(form.village, "Thôn Hoành Từ")
    form.type.set_code("duong")
    form.status.set_code("dang_thuc_hien")
    type_into(qtbot, form.started_edit, "20/01/2023")
    type_into(qtbot, form.estimate, "1,2 tỷ")
    type_into(qtbot, form.numbers["length_m"], "450")
    type_into(qtbot, form.numbers["width_before_m"], "3,5")
    type_into(qtbot, form.numbers["width_after_m"], "9")
    type_into(qtbot, form.numbers["households_asked"], "180")
    type_into(qtbot, form.numbers["households_agreed"], "176")
    # One household's 100.000 đồng, then the same line for the other households.
    qtbot.mouseClick(form.ledger.add_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, form, 0, AMOUNT, "100000")
    type_cell(qtbot, form, 0, CONTRIBUTOR, "Hộ ông Nguyễn Văn Hòa")
    form.ledger.count.setValue(households - 1)
    form.ledger.table.setCurrentIndex(form.ledger.model.index(0, 0))
    qtbot.mouseClick(form.ledger.add_button, Qt.MouseButton.LeftButton)


def test_add_the_hoanh_tu_road_with_household_contributions(qtbot, store, page):
    assert page.model.rowCount() == 0
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    form = page.form
    assert form is not None and form.isVisible()
    fill_hoanh_tu(qtbot, form)

    assert form.estimate.text() == "1.200.000.000"
    assert form.estimate_words.text() == "1,2 tỷ đồng"
    assert form.agreement.text() == "Tỷ lệ đồng ý: 97,8 %"
    assert form.ledger.model.rowCount() == 10
    assert form.ledger.rows_label.text() == "10 dòng"
    assert form.ledger.totals.text() == ("Tiền: 1.000.000 đồng (0,08 % dự toán) · Ngày công: 0"
                                         " · Đất hiến: 0 m² · Vật tư: 0 đồng")
    assert form.ledger.sources.text() == "Tiền theo nguồn: Nhân dân: 1.000.000 đồng"
    assert form.ledger.model.data(form.ledger.model.index(9, AMOUNT)) == "100.000 đồng"

    with qtbot.waitSignal(page.bus.changed) as changed:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == [frozenset({"campaigns"})]
    assert not form.isVisible()
    assert count(store, "campaigns") == 1
    assert count(store, "contributions") == 10

    # The list shows the new row, selected, with the money raised and its share.
    assert page.model.rowCount() == 1
    cells = [page.model.data(page.model.index(0, c)) for c in range(len(COLUMNS))]
    assert cells == [TITLE, "Đường", "Xã Đông Cường", "Thôn Hoành Từ", "20/01/2023", "",
                     "Đang thực hiện", "1.200.000.000", "1.000.000", "0,08"]
    assert page.selected_ids() == [page.model.id_at(0)]
    assert page.count_label.text() == "1 cuộc vận động"


def test_reopen_shows_the_saved_values(qtbot, store, page):
    fill_hoanh_tu(qtbot, open_new_form(qtbot, page))
    qtbot.mouseClick(page.form.save_button, Qt.MouseButton.LeftButton)
    assert page.form is None

    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = page.form
    assert form is not None and form.campaign_id == page.model.id_at(0)
    assert form.title.text() == TITLE
    assert (form.commune.currentText(), form.village.currentText()) == ("Xã Đông Cường",
                                                                        "Thôn Hoành Từ")
    assert form.type.code() == "duong" and form.status.code() == "dang_thuc_hien"
    assert form.started_edit.text() == "20/01/2023"
    assert form.estimate.text() == "1.200.000.000"
    assert [form.numbers[n].text() for n in ("length_m", "width_before_m", "width_after_m")] == [
        "450", "3,5", "9"]
    assert form.agreement.text() == "Tỷ lệ đồng ý: 97,8 %"
    assert form.ledger.model.rowCount() == 10
    first = form.ledger.rows()[0]
    assert (first.on_date, first.contributor, first.amount) == (
        form.ledger.rows()[1].on_date, "Hộ ông Nguyễn Văn Hòa", "100.000")
    assert "(0,08 % dự toán)" in form.ledger.totals.text()

    # Nothing changed: closing asks nothing (the autouse fixture fails on any dialog).
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert page.form is None

    # Enter on the selected row opens it too; remove two rows, save with Ctrl+S.
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    form = page.form
    form.ledger.table.selectRow(8)
    form.ledger.table.selectionModel().select(
        form.ledger.model.index(9, 0),
        form.ledger.table.selectionModel().SelectionFlag.Select
        | form.ledger.table.selectionModel().SelectionFlag.Rows)
    qtbot.mouseClick(form.ledger.remove_button, Qt.MouseButton.LeftButton)
    assert form.ledger.model.rowCount() == 8
    assert form.ledger.totals.text().startswith("Tiền: 800.000 đồng (0,07 % dự toán)")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.form is None
    assert len(contributions_of(store, page.model.id_at(0))) == 8
    assert page.model.data(page.model.index(0, COLUMNS.index(("raised_vnd", "Đã huy động")))) == \
        "800.000"


def test_invalid_input_shows_messages_and_writes_nothing(qtbot, store, page):
    before = {t: count(store, t) for t in ("campaigns", "contributions", "audit_log")}
    form = open_new_form(qtbot, page)
    choose(form.commune, "Xã Đông Cường")
    type_into(qtbot, form.numbers["width_before_m"], "ba mét")
    qtbot.mouseClick(form.ledger.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.ledger.add_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, form, 0, AMOUNT, "100.000")  # row 2 has no amount
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.isVisible()
    assert {t: count(store, t) for t in before} == before
    shown = form.errors.visible()
    assert shown["title"] == "Chưa nhập tên cuộc vận động, công trình."
    assert shown["width_before_m"] == "Chiều rộng cũ phải là một số."
    assert form.ledger.errors.isVisible()
    assert form.ledger.errors.text() == "Dòng đóng góp 2: Chưa nhập số tiền (đồng)."
    assert form.general_errors.text().startswith("Chưa lưu: có 3 lỗi")
    bad_row = form.ledger.model.index(1, 0)
    assert form.ledger.model.data(bad_row, Qt.ItemDataRole.ToolTipRole) == form.ledger.errors.text()

    # Fixing them saves.
    type_text(form.title, "Đường thôn")
    type_into(qtbot, form.numbers["width_before_m"], "3")
    type_cell(qtbot, form, 1, AMOUNT, "1 triệu")
    assert form.ledger.totals.text().startswith("Tiền: 1.100.000 đồng ·")  # no estimate, no %
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert count(store, "campaigns") == 1
    assert count(store, "contributions") == 2


def test_closing_with_unsaved_changes_asks(qtbot, store, page, monkeypatch):
    answers = []
    monkeypatch.setattr(form_module, "ask_save_discard_cancel",
                        lambda *args: answers.pop(0))
    form = open_new_form(qtbot, page)
    choose(form.commune, "Xã Đông Cường")
    type_text(form.title, "Lắp camera an ninh thôn Hoành Từ")

    answers.append("cancel")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and page.form is form

    answers.append("save")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert count(store, "campaigns") == 1

    form = open_new_form(qtbot, page)
    type_text(form.title, "Không giữ")
    answers.append("discard")
    form.close()
    assert not form.isVisible()
    assert count(store, "campaigns") == 1
    assert answers == []


def test_delete_moves_to_the_bin_and_restore(qtbot, store, page, commune, monkeypatch):
    saved = save_campaign(store, Campaign(title=TITLE, type="duong", commune_id=commune,
                                          started_on="2023-01-20"))
    page.bus.notify("campaigns")  # another screen saved: this list follows
    assert page.model.ids() == [saved.id]
    asked = []
    monkeypatch.setattr(page_module, "confirm",
                        lambda parent, title, text, **kw: asked.append(text) or True)

    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert TITLE in asked[0] and "thùng rác" in asked[0]
    assert page.model.rowCount() == 0
    assert get_campaign(store, saved.id).deleted_at is not None

    qtbot.mouseClick(page.bin_button, Qt.MouseButton.LeftButton)
    assert page.restore_button.isVisible() and not page.delete_button.isVisible()
    assert not page.add_button.isEnabled()
    assert page.count_label.text() == "1 trong thùng rác"
    page.table.selectRow(0)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.bin_button, Qt.MouseButton.LeftButton)
    assert page.model.ids() == [saved.id]
    assert get_campaign(store, saved.id).deleted_at is None


def test_delete_key_asks_and_can_be_declined(qtbot, store, page, commune, monkeypatch):
    save_campaign(store, Campaign(title=TITLE, type="duong", commune_id=commune))
    page.bus.notify("campaigns")
    monkeypatch.setattr(page_module, "confirm", lambda *args, **kw: False)
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 1


def _three(store, commune, village):
    district = store.scalar("SELECT parent_id FROM areas WHERE id = ?", (commune,))
    me_linh = catalog.add_area(store, "Xã Mê Linh", "xa", district)
    save_campaign(store, Campaign(title=TITLE, type="duong", commune_id=commune,
                                  village_id=village, status="dang_thuc_hien",
                                  started_on="2023-01-20", estimate_vnd=1_200_000_000),
                  [Contribution(on_date="2023-02-10", kind="tien", amount_vnd=600_000_000)])
    save_campaign(store, Campaign(title="Sửa nhà cho bà Nguyễn Thị Huệ", type="nha",
                                  commune_id=me_linh, status="hoan_thanh", started_on="2022-11-15",
                                  finished_on="2022-12-20", estimate_vnd=30_000_000),
                  [Contribution(on_date="2022-11-20", kind="tien", amount_vnd=30_000_000)])
    save_campaign(store, Campaign(title="Thắp sáng đường quê", type="chieu_sang",
                                  commune_id=commune, started_on="2024-05-01"))


def _titles(page) -> list[str]:
    return [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]


def test_search_as_you_type_and_filters(qtbot, store, commune, village, page):
    _three(store, commune, village)
    page.bus.notify("campaigns")
    assert page.model.rowCount() == 3
    assert [page.year.itemText(i) for i in range(page.year.count())] == [
        "Mọi năm", "2024", "2023", "2022"]

    type_text(page.search, "NGUYEN THI HUE")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _titles(page) == ["Sửa nhà cho bà Nguyễn Thị Huệ"]
    page.search.clear()
    type_text(page.search, "duong")  # d finds đ
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)

    choose(page.commune, "Xã Đông Cường")
    assert sorted(_titles(page)) == [TITLE, "Thắp sáng đường quê"]
    page.type.set_code("chieu_sang")
    assert _titles(page) == ["Thắp sáng đường quê"]
    page.type.set_code(None)
    page.status.set_code("dang_thuc_hien")
    assert _titles(page) == [TITLE]
    page.status.set_code(None)
    choose(page.commune, "Mọi xã, phường")
    choose(page.year, "2022")
    assert _titles(page) == ["Sửa nhà cho bà Nguyễn Thị Huệ"]


def test_sort_on_column_click(qtbot, store, commune, village, page):
    _three(store, commune, village)
    page.bus.notify("campaigns")
    assert _titles(page)[0] == "Thắp sáng đường quê"  # newest start first
    header = page.table.horizontalHeader()
    ratio = COLUMNS.index(("raised_ratio", "Tỷ lệ %"))

    def click(column):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))

    click(ratio)
    first = _titles(page)
    click(ratio)
    second = _titles(page)
    assert {tuple(first), tuple(second)} == {
        ("Thắp sáng đường quê", TITLE, "Sửa nhà cho bà Nguyễn Thị Huệ"),
        ("Sửa nhà cho bà Nguyễn Thị Huệ", TITLE, "Thắp sáng đường quê")}
    page.table.selectRow(1)
    selected = page.selected_ids()
    click(0)  # by title; the selection stays on the same campaign
    assert page.selected_ids() == selected


def test_list_model_passes_the_model_tester(qtmodeltester, store, commune, village, page):
    _three(store, commune, village)
    page.bus.notify("campaigns")
    qtmodeltester.check(page.model)
    form = page.open_form(page.model.id_at(0))
    qtmodeltester.check(form.ledger.model)
    qtmodeltester.check(LedgerModel([LedgerRow(amount="100000"), LedgerRow(kind="dat")]))


def test_the_list_pages_rows_lazily(qtbot, store, commune, page, monkeypatch):
    from danvan_desktop.ui.campaigns import list_model

    for n in range(250):
        save_campaign(store, Campaign(title=f"Đường xóm {n}", type="duong", commune_id=commune))
    calls = []
    real = list_model.list_rows
    monkeypatch.setattr(list_model, "list_rows", lambda s, ids: calls.append(len(ids)) or real(s, ids))
    page.model.refresh()
    assert page.model.rowCount() == 250
    page.model.data(page.model.index(249, 0))
    page.model.data(page.model.index(200, 3))
    assert calls and max(calls) <= list_model.PAGE


# --- The form's logic without a window ----------------------------------------------------


def test_totals_text_as_the_office_reads_it():
    rows = [LedgerRow(kind="tien", amount="100.000") for _ in range(150)]
    rows += [LedgerRow(kind="ngay_cong", amount="420"), LedgerRow(kind="dat", amount="2.475"),
             LedgerRow(kind="tien", amount="không rõ")]
    assert totals_text(rows, 1_200_000_000) == (
        "Tiền: 15.000.000 đồng (1,25 % dự toán) · Ngày công: 420 · Đất hiến: 2.475 m² "
        "· Vật tư: 0 đồng")
    assert totals_text([], None) == "Tiền: 0 đồng · Ngày công: 0 · Đất hiến: 0 m² · Vật tư: 0 đồng"
    rows.append(LedgerRow(kind="tien", source="con_em_xa_que", amount="350 triệu"))
    assert sources_text(rows) == ("Tiền theo nguồn: Nhân dân: 15.000.000 đồng · "
                                  "Con em xa quê: 350.000.000 đồng")


@pytest.mark.parametrize(("asked", "agreed", "text"), [
    ("180", "176", "Tỷ lệ đồng ý: 97,8 %"), ("", "5", "Tỷ lệ đồng ý: —"),
    ("0", "0", "Tỷ lệ đồng ý: —"), ("3", "3", "Tỷ lệ đồng ý: 100 %")])
def test_agreement_text(asked, agreed, text):
    assert agreement_text(asked, agreed) == text


def test_numbers_as_typed():
    assert [parse_measure(t) for t in ("3,5", "3.5", "2.475", "1.200,5", "", "ba", None)] == [
        3.5, 3.5, 2475, 1200.5, None, None, None]
    assert format_percent(99.999) == "100 %"
    assert format_percent(1_000_000 * 100 / 1_200_000_000) == "0,08 %"


def test_values_become_records_and_bad_ones_reach_validation():
    item = campaign_from_values({"title": " Đường ", "commune_id": 1, "type": "duong",
                                 "status": "ke_hoach", "started_on": "", "estimate_vnd": 5,
                                 "length_m": "450", "width_before_m": "3,5",
                                 "households_asked": "180", "households_agreed": "1,5"})
    assert (item.started_on, item.estimate_vnd, item.length_m, item.width_before_m) == (
        None, 5, 450.0, 3.5)
    assert (item.households_asked, item.households_agreed, item.width_after_m) == (180, "1,5", None)
    money = row_to_contribution(LedgerRow(kind="tien", amount="1,2 triệu", on_date="10/02/2023"))
    assert (money.amount_vnd, money.quantity, money.on_date) == (1_200_000, None, "10/02/2023")
    land = row_to_contribution(LedgerRow(kind="dat", amount="2.475"))
    assert (land.amount_vnd, land.quantity) == (None, 2475)
    assert row_to_contribution(LedgerRow(kind="tien", amount="mười nghìn")).amount_vnd == "mười nghìn"


@given(st.integers(min_value=0, max_value=10**13))
def test_money_typed_in_the_ledger_reads_back(amount):
    shown = format_amount("tien", str(amount))
    assert row_to_contribution(LedgerRow(kind="tien", amount=shown)).amount_vnd == amount


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=99))
def test_quantities_typed_in_the_ledger_read_back(whole, hundredths):
    quantity = whole + hundredths / 100
    shown = format_amount("dat", str(quantity).replace(".", ","))
    assert row_to_contribution(LedgerRow(kind="dat", amount=shown)).quantity == pytest.approx(quantity)


def test_the_ratio_column_lines_up(qtbot, store, commune, village, page):
    """Every ratio with two decimals (1,70 under 0,32), thousands grouped: a column a
    clerk compares by eye."""
    import re

    _three(store, commune, village)
    page.bus.notify("campaigns")
    model = page.table.model()
    ratio = COLUMNS.index(("raised_ratio", "Tỷ lệ %"))
    shown = [model.index(row, ratio).data() for row in range(model.rowCount())]
    assert [s for s in shown if s], shown
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}", s) for s in shown if s), shown
