"""The initiative screens walked as a user: type, save, search, edit, delete, restore."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut

from danvan_desktop.store import catalog
from danvan_desktop.store.initiatives import get_initiative
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.initiatives import page as page_module
from danvan_desktop.ui.initiatives.form import InitiativeForm
from danvan_desktop.ui.initiatives.list_model import InitiativeTableModel
from danvan_desktop.ui.initiatives.page import InitiativesPage

from .conftest import type_text


@pytest.fixture
def village(store, commune):
    return catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)


@pytest.fixture
def page(qtbot, store, commune, village, monkeypatch):
    monkeypatch.setattr(page_module.dialogs, "confirm", lambda *a, **k: True)
    widget = InitiativesPage(store, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _fill_new(qtbot, form: InitiativeForm, name: str) -> None:
    type_text(form.name, name)
    form.kind.set_code("ca_nhan")
    form.field.set_code("kinh_te")
    type_text(form.owner, "Nguyễn Thị Thu Hằng")
    type_text(form.position, "Tổ trưởng tổ liên kết sản xuất hương")
    form.commune.setCurrentIndex(form.commune.findText("Xã Đông Cường"))
    form.village.setCurrentIndex(form.village.findText("Thôn Hoành Từ"))
    qtbot.keyClicks(form.registered_on, "12/03/2020")
    form.registered_on.editingFinished.emit()


def test_type_a_new_initiative_save_and_find_it_without_diacritics(qtbot, page, store):
    form = page.open_form(None)
    _fill_new(qtbot, form, "Sản xuất hương truyền thống và xuất khẩu")
    assert form.year.value() == 2020  # the year follows the date typed
    shortcuts = [sc.key().toString() for sc in form.findChildren(QShortcut)]
    assert "Ctrl+S" in shortcuts
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert page.model.rowCount() == 1
    type_text(page.search, "san xuat huong")
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "Sản xuất hương truyền thống và xuất khẩu"
    assert page.model.index(0, 4).data() == "Xã Đông Cường – Thôn Hoành Từ"
    assert page.count.text() == "1 mô hình đang hiện"
    page.search.clear()
    type_text(page.search, "dong cuong khong co")
    assert page.model.rowCount() == 0


def test_edit_then_delete_and_restore_from_the_bin(qtbot, page, store):
    form = page.open_form(None)
    _fill_new(qtbot, form, "Tuyến phố văn minh")
    form.save()
    initiative_id = page.model.id_at(0)

    page.table.selectRow(0)
    page.table.doubleClicked.emit(page.model.index(0, 0))
    edit = page.findChildren(InitiativeForm)[-1]
    assert edit.name.text() == "Tuyến phố văn minh"
    edit.status.set_code("cong_nhan")
    edit.level.set_code("huyen")
    edit.save()
    saved = get_initiative(store, initiative_id)
    assert (saved.status, saved.level) == ("cong_nhan", "huyen")
    assert page.model.index(0, 6).data() == "Được công nhận"

    page.table.selectRow(0)
    page.delete_selected()
    assert page.model.rowCount() == 0
    page.bin_button.click()
    assert page.model.rowCount() == 1 and page.count.text() == "1 mô hình trong thùng rác"
    page.table.selectRow(0)
    page.restore_button.click()
    assert page.model.rowCount() == 0
    page.bin_button.click()
    assert page.model.rowCount() == 1


def test_invalid_input_shows_messages_and_writes_nothing(qtbot, page, store):
    before = store.scalar("SELECT count(*) FROM audit_log")
    form = page.open_form(None)
    qtbot.keyClicks(form.registered_on, "31/02/2020")
    assert form.save() is False
    assert form.isVisible()
    messages = form.errors.visible()
    assert messages["name"] == "Chưa nhập tên mô hình, điển hình."
    assert messages["commune_id"] == "Chưa chọn xã, phường, thị trấn."
    assert "ngày/tháng/năm" in messages["registered_on"]
    assert form.summary.text().startswith("Chưa lưu")
    assert store.scalar("SELECT count(*) FROM initiatives") == 0
    assert store.scalar("SELECT count(*) FROM audit_log") == before


def test_closing_with_unsaved_changes_asks(qtbot, page, monkeypatch):
    from danvan_desktop.ui.initiatives import form as form_module

    asked = []
    monkeypatch.setattr(form_module.dialogs, "ask_save_discard_cancel",
                        lambda *a: asked.append(a) or "cancel")
    form = page.open_form(None)
    type_text(form.name, "Mô hình chưa lưu")
    form.close()
    assert asked and form.isVisible()
    monkeypatch.setattr(form_module.dialogs, "ask_save_discard_cancel", lambda *a: "discard")
    form.close()
    assert not form.isVisible()


def test_filters_narrow_the_list(qtbot, page, store, commune):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import save_initiative

    for name, field, year, date in (("A", "kinh_te", 2021, "2021-02-01"),
                                    ("B", "van_hoa_xa_hoi", 2021, "2021-05-01"),
                                    ("C", "kinh_te", 2022, "2022-05-01")):
        save_initiative(store, Initiative(name=f"Mô hình {name}", field=field, kind="tap_the",
                                          owner_name="Chi bộ", commune_id=commune, year=year,
                                          registered_on=date))
    page.bus.notify("initiatives")
    assert page.model.rowCount() == 3
    page.year.setCurrentIndex(page.year.findData(2021))
    assert page.model.rowCount() == 2
    page.quarter.setCurrentIndex(page.quarter.findData(2))
    assert page.model.rowCount() == 1
    page.quarter.setCurrentIndex(0)
    page.field.set_code("kinh_te")
    assert page.model.rowCount() == 1
    page.year.setCurrentIndex(0)
    assert page.model.rowCount() == 2
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [page.model.index(r, 0).data() for r in range(2)] == ["Mô hình A", "Mô hình C"]


def test_the_table_model_passes_qt_model_checks(qtmodeltester, store, commune):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import save_initiative

    for n in range(450):  # more than two pages of lazy fetching
        save_initiative(store, Initiative(name=f"Đường hoa {n}", kind="tap_the", field="kinh_te",
                                          owner_name=f"Chi bộ {n}", commune_id=commune, year=2023))
    model = InitiativeTableModel(store)
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 450
    assert model.index(449, 0).data().startswith("Đường hoa")


def test_the_help_menu_opens_a_vietnamese_guide(qtbot, store):
    from danvan_desktop.ui.help import GuideDialog
    from danvan_desktop.ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    texts = [a.text() for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
             for a in menu.actions()]
    assert "Hướng dẫn sử dụng" in texts and "Giới thiệu" in texts
    window.show_guide()
    guide = window.findChild(GuideDialog)
    assert "Tải mẫu nhập liệu" in guide.text.toPlainText()
    guide.close()
