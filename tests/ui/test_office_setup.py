"""Choosing who the office is: the first-start dialog (searchable pickers in Vietnamese
order) and the level choice in Cài đặt, which fills the level's defaults, still editable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from danvan_desktop.services import office_setup
from danvan_desktop.store import places, profile
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.settings.page import SettingsPage
from danvan_desktop.ui.setup.dialog import OfficeSetupDialog
from tests.ui.conftest import type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def units():
    return places.read_list()


def _visible(picker) -> list[str]:
    return [picker.unit_of(picker.list.item(r)).name for r in range(picker.list.count())
            if not picker.list.item(r).isHidden()]


def test_provinces_in_vietnamese_order_and_found_without_diacritics(qtbot, units):
    dialog = OfficeSetupDialog(None, "tinh", "", units)
    qtbot.addWidget(dialog)
    names = _visible(dialog.province)
    assert len(names) == 34
    assert names.index("Thành phố Đà Nẵng") > names.index("Tỉnh Cà Mau")  # Đ after D, after C
    assert names.index("Tỉnh Đắk Lắk") < names.index("Tỉnh Gia Lai")
    type_text(dialog.province.search, "hung yen")
    assert _visible(dialog.province) == ["Tỉnh Hưng Yên"]
    assert dialog.choice is not None and dialog.choice.province.code == "33"
    assert "BTGDVTU" in dialog.summary.text()


def test_a_commune_mttq_is_picked_typed_as_offices_write_it(qtbot, units):
    dialog = OfficeSetupDialog(None, "mttq_xa", "", units)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.province.search, "Hưng Yên")
    assert dialog.commune_box.isVisible()
    type_text(dialog.commune.search, "P. Thái Bình")
    assert _visible(dialog.commune) == ["Phường Thái Bình"]
    assert dialog.choice.unit.name == "Phường Thái Bình"
    assert "Nghị định 30/2020" in dialog.summary.text()
    ok = dialog.buttons.buttons()[0]
    assert ok.isEnabled()


def test_a_special_zone_lists_only_special_zones(qtbot, units):
    dialog = OfficeSetupDialog(None, "dac_khu", "", units)
    qtbot.addWidget(dialog)
    type_text(dialog.province.search, "quang ninh")
    assert _visible(dialog.commune) == ["Đặc khu Cô Tô", "Đặc khu Vân Đồn"]


def test_settings_change_the_level_fills_defaults_and_save_keeps_it(qtbot, store, units, monkeypatch):
    page = SettingsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    type_text(page.edits["signer_name"], "Lê Thị Hoa")
    choice = office_setup.resolve(
        units, "mttq_xa", next(u.code for u in units.communes["33"] if u.name == "Phường Thái Bình"))
    page._fill_defaults(choice, "")
    assert page.edits["issuing_body"].text() == "BAN THƯỜNG TRỰC"
    assert page.edits["signer_name"].text() == "Lê Thị Hoa"  # names typed are kept
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.preview.text()
    page.edits["place"].clear()
    type_text(page.edits["place"], "TP Thái Bình")  # still editable
    type_text(page.user_name, "Trần Văn Nam")
    qtbot.mouseClick(page.save_button, LEFT)
    saved = profile.get_profile(store)
    assert (saved.office_level, saved.letterhead, saved.signer_authority, saved.place) == \
        ("mttq_xa", "nha_nuoc", "TM. BAN THƯỜNG TRỰC", "TP Thái Bình")
    assert saved.unit_code == choice.unit.code
    page.load()
    assert page.letterhead.currentData() == "nha_nuoc"
    assert "Ủy ban MTTQ" in page.office_label.text()


def test_a_commune_office_pastes_its_villages(qtbot, store, units):
    from danvan_desktop.store import catalog
    from danvan_desktop.ui.catalog.forms import AddAreaDialog

    code = next(u.code for u in units.communes["33"] if u.name == "Xã Đông Hưng")
    places.load_unit(store, units, code)
    commune = catalog.get_area(store, places.area_by_code(store, code))
    dialog = AddAreaDialog(store, commune)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pasted.isVisible()
    dialog.pasted.setPlainText("Thôn Đông\nThôn Đoài\nXóm 3")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert {r["name"] for r in catalog.children(store, commune.id)} == {"Thôn Đông", "Thôn Đoài", "Xóm 3"}


def test_first_start_asks_who_the_office_is_then_opens_settings(qtbot, store, units, monkeypatch):
    from danvan_desktop import app
    from danvan_desktop.ui import main_window
    from danvan_desktop.ui.setup import flow

    told = []
    monkeypatch.setattr("danvan_desktop.ui.widgets.dialogs.inform", lambda *args, **_kw: told.append(args[2]))

    def choose(parent, store_, level, unit_code, on_done, save_profile):
        assert (level, unit_code, save_profile) == ("", "", True)
        choice = office_setup.resolve(units, "tinh", "33")
        office_setup.apply_choice(store_, units, choice, office_setup.default_profile(choice))
        on_done(choice, "")
        return True

    monkeypatch.setattr(flow, "choose_office", choose)
    window = main_window.MainWindow(store)
    qtbot.addWidget(window)
    app.ask_office_names(window)
    assert profile.get_profile(store).parent_body_1 == "TỈNH ỦY HƯNG YÊN"
    assert window.nav.currentItem().text() == "Cài đặt"
    assert told and "ghi tên người ký" in told[0]


def test_the_catalogue_loads_a_newer_list(qtbot, store, units, monkeypatch):
    from pathlib import Path

    from danvan_desktop.ui.catalog import official_list
    from danvan_desktop.ui.catalog.areas import AreasTab

    september = Path(__file__).parent.parent / "fixtures" / "dvhc" / "units-2026-09-20.json"
    places.load_unit(store, units, "24")
    told: list[str] = []
    monkeypatch.setattr(official_list.QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(september), ""))
    monkeypatch.setattr(official_list, "ask_text", lambda _p, _t, _l, text: text)
    monkeypatch.setattr(official_list, "inform", lambda _p, _t, text, rich=False: told.append(text))
    tab = AreasTab(store)
    qtbot.addWidget(tab)
    heard: list = []
    tab.changed.connect(heard.append)
    qtbot.mouseClick(tab.official_button, LEFT)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert "13 đơn vị đổi tên" in told[0] and "Thành phố Bắc Ninh" in told[0]
    assert store.scalar("SELECT name FROM areas WHERE code = '24'") == "Thành phố Bắc Ninh"
    assert store.scalar("SELECT valid_until FROM area_names LIMIT 1") == "2026-09-20"
    assert heard


def test_dashboard_as_they_were_opens_the_old_communes_records(qtbot, store, units):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store import catalog
    from danvan_desktop.store.initiatives import save_initiative
    from danvan_desktop.ui.main_window import MainWindow

    places.load_unit(store, units, "33")
    today = store.scalar("SELECT id FROM areas WHERE name = 'Xã Bắc Đông Hưng'")
    old = catalog.add_area(store, "Xã Đông Cường", "xa", places.area_by_code(store, "33"))
    for commune, day, name in ((old, "2025-03-01", "Đường làng"), (today, "2025-09-01", "Camera")):
        save_initiative(store, Initiative(name=name, kind="tap_the", field="kinh_te",
                                          owner_name=f"Chi bộ {name}", commune_id=commune, year=2025,
                                          registered_on=day))
    catalog.merge_areas(store, old, today, "2025-07-01")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("Tổng quan")
    page.period_bar.year.setValue(2025)
    qtbot.waitUntil(lambda: page.figures is not None and not page.is_busy(), timeout=10000)
    assert page.as_they_were.isVisible() and not page.as_they_were.isChecked()
    page.as_they_were.setChecked(True)
    qtbot.waitUntil(lambda: page.figures.get("as_they_were") and not page.is_busy(), timeout=10000)
    names = [line["name"] for line in page._top[0]]
    page._commune_clicked(0, names.index("Xã Đông Cường"))
    listing = window.show_page("Mô hình – điển hình")
    assert "1 mô hình" in listing.count.text()
    assert "Xã Đông Cường" in listing.banner.text.text()
    assert "theo địa bàn trước sắp xếp" in listing.banner.text.text()
