"""Excel habits walked as a clerk: copy rows in Excel and paste them into the initiative
list and into the contributions ledger (refused rows named by row and column; Ctrl+Z
takes the paste back), Ctrl+C copies whole rows with headers, right-click menus, the bulk
status change, "Lưu và thêm tiếp", and a column of village names pasted at once."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.store import catalog
from danvan_desktop.store.initiatives import get_initiative, save_initiative, status_history
from danvan_desktop.ui.campaigns import form as campaign_form_module
from danvan_desktop.ui.campaigns.page import CampaignsPage
from danvan_desktop.ui.catalog import forms as catalog_forms
from danvan_desktop.ui.catalog.page import CatalogPage
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.initiatives import habits as habits_module
from danvan_desktop.ui.initiatives.page import InitiativesPage
from danvan_desktop.ui.widgets.tables import context_menu, menu_texts, trigger

from .conftest import type_text

CTRL = Qt.KeyboardModifier.ControlModifier
HEADER = "Tên mô hình\tLoại\tLĩnh vực\tChủ thể\tXã/phường\tThôn/xóm\tNăm đăng ký\r\n"


@pytest.fixture
def village(store, commune):
    return catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)


@pytest.fixture
def asked(monkeypatch):
    """Message boxes answered "yes" and recorded, so that a test can read what was said."""
    said: list[tuple[str, str]] = []

    def confirm(_parent, title, text, **_kw):
        said.append((title, text))
        return True

    def error(_parent, title, text):
        said.append((title, text))

    monkeypatch.setattr(habits_module.dialogs, "confirm", confirm)
    monkeypatch.setattr(habits_module.dialogs, "error", error)
    return said


@pytest.fixture
def page(qtbot, store, commune, village, asked):
    widget = InitiativesPage(store, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget


def names(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def paste_into(qtbot, view, text: str) -> None:
    """Ctrl+V on the list, then wait while the rows are checked and written off the UI
    thread (the list's or the ledger's paste)."""
    QGuiApplication.clipboard().setText(text)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    owner = view.parent()
    while owner is not None and not hasattr(owner, "habits") and not hasattr(owner, "pasting"):
        owner = owner.parent()
    if owner is not None:
        qtbot.waitUntil(lambda: not (owner.habits.busy if hasattr(owner, "habits") else owner.pasting))


def test_paste_rows_from_excel_then_undo(qtbot, page, store, asked):
    assert "Chưa có mô hình nào" in page.table.viewport().findChild(QLabel, "empty_hint").text()
    block = (HEADER
             + "Sản xuất hương truyền thống\tCá nhân\tKinh tế\tNguyễn Thị Thu Hằng\tĐông Cường\t"
               "Hoành Từ\t2024\r\n"
             + "Tủ sách cộng đồng\tTập thể\tVH-XH\tChi bộ thôn Hoành Từ\tXã Đông Cường\t\t2024\r\n"
             + "Đường hoa\tTập thể\tThể thao\tĐoàn Thanh niên\tXã Đông Cường\t\t2024\r\n")
    paste_into(qtbot, page.table, block)

    # The refused row is named by its row and column; the two others are added.
    title, text = asked[-1]
    assert title == "Dán từ Excel"
    assert "Dòng 4, cột “Lĩnh vực”: Không rõ lĩnh vực “Thể thao”." in text
    assert sorted(names(page)) == ["Sản xuất hương truyền thống", "Tủ sách cộng đồng"]
    first = get_initiative(store, page.model.id_at(names(page).index("Sản xuất hương truyền thống")))
    assert (first.kind, first.field, first.year) == ("ca_nhan", "kinh_te", 2024)
    assert catalog.get_area(store, first.village_id).name == "Thôn Hoành Từ"
    assert len(page.selected_ids()) == 2  # the rows just added are selected

    # Ctrl+Z takes the whole paste back (to the bin); the menu says what it undoes first.
    assert "Hoàn tác dán 2 mô hình" in menu_texts(context_menu(page.table))
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: not page.habits.busy)
    assert names(page) == []
    page.bin_button.setChecked(True)
    assert len(names(page)) == 2


def test_a_paste_with_nothing_valid_adds_nothing_and_says_why(qtbot, page, store, asked):
    paste_into(qtbot, page.table, "Chỉ một ô\r\n")
    title, text = asked[-1]
    assert title == "Không dán được"
    assert "Dòng 1" in text and "dòng tiêu đề" in text
    assert store.scalar("SELECT count(*) FROM initiatives") == 0


def test_ctrl_c_copies_the_selected_rows_with_headers_and_pastes_back(qtbot, page, store,
                                                                         commune, asked):
    for name in ("Mái ấm tình thương", "Camera an ninh"):
        save_initiative(store, Initiative(name=name, kind="tap_the", field="van_hoa_xa_hoi",
                                          owner_name="Hội Phụ nữ xã", commune_id=commune, year=2023))
    page.apply_filter()
    page.table.selectAll()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_C, CTRL)
    lines = QGuiApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t")[:3] == ["Tên mô hình, điển hình", "Loại", "Lĩnh vực"]
    assert len([line for line in lines if line]) == 3
    assert lines[1].split("\t")[0] in ("Mái ấm tình thương", "Camera an ninh")
    # Pasted back into the list: the same records are recognised, not added twice.
    paste_into(qtbot, page.table, QGuiApplication.clipboard().text())
    assert "đã có mô hình này" in asked[-1][1]
    assert store.scalar("SELECT count(*) FROM initiatives") == 2


def test_right_click_menu_and_bulk_status_change(qtbot, page, store, commune):
    ids = [save_initiative(store, Initiative(name=f"Mô hình {n}", kind="tap_the", field="kinh_te",
                                             owner_name="Chi bộ thôn", commune_id=commune,
                                             year=2024, registered_on="2024-02-01")).id
           for n in range(3)]
    page.apply_filter()
    assert not page.status_button.isEnabled()  # nothing chosen yet
    page.table.selectAll()
    assert page.status_button.isEnabled()
    menu = context_menu(page.table)
    assert menu_texts(menu)[:4] == ["Mở", "Thêm mô hình…", "Đổi trạng thái…",
                                    "Xóa (chuyển vào thùng rác)"]
    assert "Chép các dòng đang chọn" in menu_texts(menu)
    trigger(menu, "Đổi trạng thái…")
    dialog = page.findChild(habits_module.BulkStatusDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.status.set_code("cong_nhan")
    dialog.level.set_code("xa")
    dialog.on.setText("15/03/2024")
    type_text(dialog.note, "Quyết định 12/QĐ-UBND")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "Sẽ đổi 3 mô hình sang “Được công nhận”, ngày 15/03/2024." in dialog.report.toPlainText()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not (shiboken6.isValid(dialog) and dialog.isVisible()))
    for initiative_id in ids:
        item = get_initiative(store, initiative_id)
        assert (item.status, item.level, item.recognized_on) == ("cong_nhan", "xa", "2024-03-15")
        last = status_history(store, initiative_id)[-1]
        assert (last["to_status"], last["changed_on"], last["note"]) == (
            "cong_nhan", "2024-03-15", "Quyết định 12/QĐ-UBND")
    assert {page.model.index(r, 6).data() for r in range(3)} == {"Được công nhận"}


def test_bulk_status_names_each_record_the_rules_refuse(qtbot, page, store, commune):
    late = save_initiative(store, Initiative(name="Đăng ký muộn", kind="tap_the", field="kinh_te",
                                             owner_name="Chi bộ", commune_id=commune, year=2024,
                                             registered_on="2024-06-01")).id
    early = save_initiative(store, Initiative(name="Đăng ký sớm", kind="tap_the", field="kinh_te",
                                              owner_name="Chi bộ", commune_id=commune, year=2024,
                                              registered_on="2024-01-10")).id
    page.apply_filter()
    page.table.selectAll()
    dialog = page.habits.change_status()
    dialog.status.set_code("cong_nhan")
    dialog.level.set_code("huyen")
    dialog.on.setText("01/03/2024")  # before the late one was registered
    dialog.check()
    qtbot.waitUntil(lambda: not dialog.busy)
    report = dialog.report.toPlainText()
    assert "1 mô hình không đổi được" in report
    refusal = next(line for line in report.splitlines() if line.startswith("• "))
    assert refusal.startswith(f"• Đăng ký muộn (số {late}): Ngày công nhận")
    assert "trước ngày đăng ký" in refusal
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not (shiboken6.isValid(dialog) and dialog.isVisible()))
    assert get_initiative(store, early).status == "cong_nhan"
    assert get_initiative(store, late).status == "dang_ky"


def test_save_and_add_next_keeps_commune_village_field_and_kind(qtbot, page, store):
    form = page.open_form(None)
    type_text(form.name, "Nuôi ong lấy mật")
    form.kind.set_code("ca_nhan")
    form.field.set_code("kinh_te")
    type_text(form.owner, "Bùi Công Nam")
    form.commune.setCurrentIndex(form.commune.findText("Xã Đông Cường"))
    form.village.setCurrentIndex(form.village.findText("Thôn Hoành Từ"))
    qtbot.mouseClick(form.save_next_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "Đã lưu “Nuôi ong lấy mật”" in form.saved_note.text()
    assert (form.name.text(), form.owner.text()) == ("", "")
    assert (form.kind.code(), form.field.code()) == ("ca_nhan", "kinh_te")
    assert (form.commune.currentText(), form.village.currentText()) == ("Xã Đông Cường",
                                                                        "Thôn Hoành Từ")
    assert names(page) == ["Nuôi ong lấy mật"]
    type_text(form.name, "Vườn mẫu")
    type_text(form.owner, "Trần Văn Bình")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert sorted(names(page)) == ["Nuôi ong lấy mật", "Vườn mẫu"]
    second = get_initiative(store, page.model.id_at(names(page).index("Vườn mẫu")))
    assert (second.kind, second.field, catalog.get_area(store, second.village_id).name) == (
        "ca_nhan", "kinh_te", "Thôn Hoành Từ")


# --- the contributions ledger ---------------------------------------------------------------


@pytest.fixture
def campaign_form(qtbot, store, commune, village, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    monkeypatch.setattr(campaign_form_module, "ask_save_discard_cancel", unexpected)
    monkeypatch.setattr(campaign_form_module, "error", unexpected)
    page = CampaignsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    page.open_form(None)
    form = page.form
    type_text(form.title, "Đường vào thôn Hoành Từ")
    form.commune.setCurrentIndex(form.commune.findText("Xã Đông Cường"))
    form.village.setCurrentIndex(form.village.findText("Thôn Hoành Từ"))
    form.type.set_code("duong")
    return form


def test_paste_contributions_into_the_ledger_then_undo(qtbot, store, campaign_form):
    form = campaign_form
    ledger = form.ledger
    assert "Chưa có khoản đóng góp nào" in ledger.table.viewport().findChild(QLabel, "empty_hint").text()
    block = ("Ngày\tNguồn\tHọ và tên\tHình thức\tSố tiền\r\n"
             "05/03/2023\tNhân dân\tHộ ông Nguyễn Văn Hòa\tTiền\t500.000\r\n"
             "05/03/2023\tNhân dân\tHộ bà Trần Thị Lan\tNgày công\t3\r\n"
             "31/02/2023\tNhân dân\tHộ ông Phạm Văn Tư\tTiền\t200.000\r\n"
             "06/03/2023\tKhách vãng lai\tÔng Lê Văn Khải\tTiền\t100.000\r\n")
    paste_into(qtbot, ledger.table, block)
    assert [r.contributor for r in ledger.rows()] == ["Hộ ông Nguyễn Văn Hòa", "Hộ bà Trần Thị Lan"]
    assert [(r.kind, r.amount) for r in ledger.rows()] == [("tien", "500.000"), ("ngay_cong", "3")]
    report = ledger.paste_report.text()
    assert "Đã dán 2 dòng" in report
    assert "Dòng 4, cột “Ngày”: Ngày đóng góp “31/02/2023” không đúng dạng ngày/tháng/năm." in report
    assert "Dòng 5, cột “Nguồn”: không rõ nguồn “Khách vãng lai”" in report
    assert ledger.totals.text().startswith("Tiền: 500.000 đồng")

    qtbot.keyClick(ledger.table, Qt.Key.Key_Z, CTRL)  # one step takes the whole paste back
    assert ledger.rows() == []
    assert not form.is_dirty() or form.ledger.rows() == []

    paste_into(qtbot, ledger.table, block)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert store.scalar("SELECT count(*) FROM contributions") == 2


def test_copy_ledger_rows_then_paste_them_again(qtbot, campaign_form):
    ledger = campaign_form.ledger
    paste_into(qtbot, ledger.table, "05/03/2023\tNhân dân\tHộ ông Hòa\tTiền\t500.000\tđợt 1\r\n")
    ledger.table.selectAll()
    qtbot.keyClick(ledger.table, Qt.Key.Key_C, CTRL)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Ngày\tNguồn\tNgười, đơn vị đóng góp\tHình thức\tSố tiền / số lượng")
    ledger.table.setCurrentIndex(ledger.model.index(0, 0))
    paste_into(qtbot, ledger.table, copied)
    assert [(r.contributor, r.amount, r.note) for r in ledger.rows()] == [
        ("Hộ ông Hòa", "500.000", "đợt 1")] * 2


def test_save_and_add_next_campaign_keeps_place_and_type(qtbot, store, campaign_form):
    form = campaign_form
    qtbot.mouseClick(form.save_next_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.title.text() == ""
    assert "Đã lưu “Đường vào thôn Hoành Từ”" in form.general_errors.text()
    assert (form.commune.currentText(), form.village.currentText(), form.type.code()) == (
        "Xã Đông Cường", "Thôn Hoành Từ", "duong")
    assert store.scalar("SELECT count(*) FROM campaigns") == 1


# --- villages ---------------------------------------------------------------------------------


def test_paste_a_list_of_villages_under_a_commune(qtbot, store, commune, village, monkeypatch):
    page = CatalogPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    areas = page.areas
    areas.select(village)
    assert not areas.add_button.isEnabled()  # nothing lies below a village
    assert not areas.villages_button.isEnabled()
    areas.select(commune)
    assert areas.add_button.isEnabled() and areas.villages_button.isEnabled()
    shown = []

    def run(dialog) -> bool:
        shown.append(dialog)
        dialog.names.setPlainText("Thôn Đông\nhoanh tu\nXóm Trại\nTHÔN ĐÔNG\n\n")
        assert "Đã có, không thêm (1): hoanh tu" in dialog.preview.text()
        assert "Lặp lại trong danh sách, chỉ thêm một lần (1): THÔN ĐÔNG" in dialog.preview.text()
        assert dialog.ok_button.text() == "Thêm 2 thôn, xóm"
        dialog.ok_button.click()
        return dialog.result() == catalog_forms.QDialog.DialogCode.Accepted

    monkeypatch.setattr(catalog_forms, "run_dialog", run)
    trigger(context_menu(areas.tree), "Thêm nhiều thôn…")
    assert shown
    children = sorted(r["name"] for r in catalog.children(store, commune))
    assert children == ["Thôn Hoành Từ", "Thôn Đông", "Xóm Trại"]
    assert areas.is_shown(catalog.find_area(store, "Xóm Trại", "thon", commune))


def test_ctrl_v_on_a_commune_opens_the_village_list_with_the_names_copied(qtbot, store, commune,
                                                                           monkeypatch):
    page = CatalogPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.areas.select(commune)
    seen = []

    def run(dialog) -> bool:
        seen.append(dialog.names.toPlainText())
        dialog.ok_button.click()
        return dialog.result() == catalog_forms.QDialog.DialogCode.Accepted

    monkeypatch.setattr(catalog_forms, "run_dialog", run)
    paste_into(qtbot, page.areas.tree, "Thôn Trung")
    assert seen == ["Thôn Trung"]
    assert [r["name"] for r in catalog.children(store, commune)] == ["Thôn Trung"]
