"""The catalogue and settings screens, walked as a user: type, click, see the tree, the list
and the saved profile. Forms run without blocking: ``forms.run_dialog`` is replaced by a
step that fills the form and presses its button, exactly as a user would."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.store import catalog, profile
from danvan_desktop.store.initiatives import get_initiative, save_initiative
from danvan_desktop.ui.catalog import forms
from danvan_desktop.ui.catalog.page import CatalogPage
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.settings.page import SettingsPage

LEFT = Qt.MouseButton.LeftButton


class Steps:
    """Replaces ``forms.run_dialog``: each step fills one form; then its button is pressed.
    Records each form shown and whether it closed (saved)."""

    def __init__(self, monkeypatch):
        self.steps: list = []
        self.shown: list = []
        monkeypatch.setattr(forms, "run_dialog", self._run)

    def then(self, step) -> Steps:
        self.steps.append(step)
        return self

    def _run(self, dialog) -> bool:
        self.shown.append(dialog)
        self.steps.pop(0)(dialog)
        dialog.ok_button.click()
        return dialog.result() == forms.QDialog.DialogCode.Accepted


@pytest.fixture
def bus():
    return ChangeBus()


@pytest.fixture
def heard(bus):
    kinds: list[frozenset] = []
    bus.changed.connect(kinds.append)
    return kinds


@pytest.fixture
def page(qtbot, store, bus):
    widget = CatalogPage(store, bus)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _type(qtbot, edit, text):
    """Type into a line edit. QTest can only press ASCII keys, so Vietnamese text is
    inserted the way an input method commits it (textEdited is emitted either way)."""
    edit.selectAll()
    edit.del_()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def _select(page, area_id):
    page.areas.select(area_id)
    assert page.areas.selected_id() == area_id


def _audit_count(store):
    return store.scalar("SELECT count(*) FROM audit_log")


# --- areas ----------------------------------------------------------------------------------


def test_build_the_tree_rename_and_keep_the_old_name(qtbot, store, page, heard, monkeypatch):
    tab = page.areas
    assert tab.add_button.text() == "Thêm tỉnh, thành phố…"
    steps = Steps(monkeypatch)
    for name in ("Tỉnh Thái Bình", "Huyện Đông Hưng", "Xã Đông Cường"):
        steps.then(lambda d, n=name: _type(qtbot, d.name, n))
        qtbot.mouseClick(tab.add_button, LEFT)
        assert tab.add_button.text() == "Thêm địa bàn con…"  # the new place is selected
    commune = tab.selected_id()
    assert catalog.get_area(store, commune).level == "xa"
    steps.then(lambda d: _type(qtbot, d.name, "Thôn Hoành Từ"))
    qtbot.mouseClick(tab.add_button, LEFT)
    village = tab.selected_id()
    assert steps.shown[-1].level.code() == "thon"  # the level below was offered first
    assert tab.parent_shown(village) == commune
    assert catalog.get_area(store, village).parent_id == commune
    assert frozenset({"areas"}) in heard

    _select(page, commune)
    steps.then(lambda d: (_type(qtbot, d.name, "Phường Đông Cường"), _type(qtbot, d.on_date, "01/07/2025")))
    qtbot.mouseClick(tab.rename_button, LEFT)
    assert tab.item_text(commune) == "Phường Đông Cường"
    assert catalog.area_name_on(store, commune, "2024-05-01") == "Xã Đông Cường"
    assert catalog.area_name_on(store, commune, "2025-07-02") == "Phường Đông Cường"
    assert "Xã Đông Cường (đến 01/07/2025)" in tab.info.text()


def test_empty_name_shows_a_message_and_writes_nothing(qtbot, store, page, monkeypatch):
    before = _audit_count(store)
    steps = Steps(monkeypatch).then(lambda d: _type(qtbot, d.name, "   "))
    qtbot.mouseClick(page.areas.add_button, LEFT)
    dialog = steps.shown[-1]
    assert dialog.result() != forms.QDialog.DialogCode.Accepted  # the form stays open
    assert dialog.errors.visible()["name"] == "Chưa nhập tên địa bàn."
    assert _audit_count(store) == before
    assert page.areas.model.nodes == {}


def test_rename_with_a_bad_date_keeps_the_form_open(qtbot, store, commune, page, monkeypatch):
    _select(page, commune)
    steps = Steps(monkeypatch).then(lambda d: (_type(qtbot, d.name, "Xã Mới"),
                                               _type(qtbot, d.on_date, "31/02/2025")))
    qtbot.mouseClick(page.areas.rename_button, LEFT)
    assert "không đúng dạng" in steps.shown[-1].errors.visible()["on_date"]
    assert catalog.get_area(store, commune).name == "Xã Đông Cường"


def _initiative(commune_id):
    return Initiative(name="Mở rộng đường làng", kind="tap_the", field="kinh_te",
                      owner_name="Chi bộ thôn Hoành Từ", commune_id=commune_id, year=2023,
                      registered_on="2023-03-01")


def test_merge_two_communes(qtbot, store, commune, page, heard, monkeypatch):
    district = catalog.get_area(store, commune).parent_id
    target = catalog.add_area(store, "Xã Mê Linh", "xa", district)
    moved = save_initiative(store, _initiative(commune))
    page.bus.notify("areas")  # someone else added Xã Mê Linh: the tree refreshes
    assert page.areas.is_shown(target)

    _select(page, commune)

    def choose(dialog):
        assert dialog.target_ids == [target]  # same level only, never itself
        assert "1 mô hình" in dialog.intro.text()
        dialog.select_target(target)
        _type(qtbot, dialog.on_date, "01/07/2025")

    Steps(monkeypatch).then(choose)
    qtbot.mouseClick(page.areas.merge_button, LEFT)

    assert get_initiative(store, moved.id).commune_id == target
    assert catalog.get_area(store, commune).merged_into_id == target
    assert catalog.record_area_name_on(store, "initiatives", moved.id, "2023-03-01") == "Xã Đông Cường"
    assert not page.areas.is_shown(commune)  # retired places are hidden…
    assert page.areas.selected_id() == target
    assert frozenset({"areas", "initiatives", "campaigns", "organizations"}) in heard
    page.areas.show_retired.setChecked(True)  # …until asked for, greyed, with the reason
    assert page.areas.item_text(commune) == "Xã Đông Cường (đã sáp nhập vào Xã Mê Linh)"
    model = page.areas.model
    assert model.data(model.index_of(commune), Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8a8a"
    _select(page, commune)
    assert not page.areas.merge_button.isEnabled()
    assert not page.areas.retire_button.isEnabled()  # a merged place cannot come back


def test_merge_refusal_is_shown_in_the_form(qtbot, store, commune, page, monkeypatch):
    district = catalog.get_area(store, commune).parent_id
    catalog.add_area(store, "Xã Mê Linh", "xa", district)
    page.bus.notify("areas")
    _select(page, commune)
    steps = Steps(monkeypatch).then(lambda d: _type(qtbot, d.on_date, ""))
    before = _audit_count(store)
    qtbot.mouseClick(page.areas.merge_button, LEFT)
    assert steps.shown[-1].errors.visible()["on_date"] == "Chưa nhập ngày sáp nhập."
    assert _audit_count(store) == before


def test_retire_and_use_again(qtbot, store, commune, page, monkeypatch):
    _select(page, commune)
    Steps(monkeypatch).then(lambda d: _type(qtbot, d.on_date, "01/01/2026"))
    qtbot.mouseClick(page.areas.retire_button, LEFT)
    assert catalog.get_area(store, commune).retired_on == "2026-01-01"
    assert not page.areas.is_shown(commune)
    page.areas.show_retired.setChecked(True)
    _select(page, commune)
    assert page.areas.item_text(commune) == "Xã Đông Cường (ngừng sử dụng từ 01/01/2026)"
    assert page.areas.retire_button.text() == "Dùng lại"
    asked = []
    monkeypatch.setattr(forms, "confirm", lambda *a, **k: asked.append(a) or True)
    qtbot.mouseClick(page.areas.retire_button, LEFT)
    assert asked and catalog.get_area(store, commune).retired_on is None
    assert page.areas.retire_button.text() == "Ngừng sử dụng"


def test_tree_search_ignores_diacritics_and_finds_old_names(qtbot, store, commune, page):
    catalog.rename_area(store, commune, "Phường Hồng Việt", "2025-07-01")
    page.bus.notify("areas")
    _type(qtbot, page.areas.search, "dong cuong")
    assert page.areas.is_shown(commune)
    _type(qtbot, page.areas.search, "khong co")
    assert not page.areas.is_shown(commune)


# --- organisations --------------------------------------------------------------------------


def test_add_edit_delete_restore_an_organisation(qtbot, store, commune, page, heard, monkeypatch):
    tab = page.organizations
    page.tabs.setCurrentWidget(tab)
    steps = Steps(monkeypatch)

    def fill(dialog):
        _type(qtbot, dialog.name, "Hội Nông dân xã Đông Cường")
        dialog.kind.set_code("hoi_nong_dan")
        dialog.select_area(commune)

    steps.then(fill)
    qtbot.mouseClick(tab.add_button, LEFT)
    assert [r["name"] for r in tab.rows] == ["Hội Nông dân xã Đông Cường"]
    org = tab.rows[0]["id"]
    assert tab.selected_ids() == [org]
    assert tab.cell(0, 1) == "Hội Nông dân"
    assert tab.cell(0, 2) == "Xã Đông Cường"
    assert frozenset({"organizations"}) in heard

    steps.then(lambda d: _type(qtbot, d.name, ""))  # refused: the form stays, nothing written
    before = _audit_count(store)
    qtbot.mouseClick(tab.edit_button, LEFT)
    assert steps.shown[-1].errors.visible()["name"] == "Chưa nhập tên đơn vị."
    assert _audit_count(store) == before

    steps.then(lambda d: _type(qtbot, d.name, "Hội Nông dân xã Đông Cường mới"))
    qtbot.mouseClick(tab.edit_button, LEFT)
    assert catalog.get_organization(store, org).name == "Hội Nông dân xã Đông Cường mới"
    assert tab.cell(0, 0) == "Hội Nông dân xã Đông Cường mới"

    _type(qtbot, tab.search, "nong dan MOI")
    tab.refresh()  # the search waits for a pause in typing
    assert [r["id"] for r in tab.rows] == [org]
    _type(qtbot, tab.search, "phu nu")
    tab.refresh()
    assert tab.rows == []
    tab.search.clear()
    tab.refresh()

    asked = []
    monkeypatch.setattr(forms, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    tab.select_id(org)
    qtbot.mouseClick(tab.delete_button, LEFT)
    assert "thùng rác" in asked[-1]
    assert catalog.get_organization(store, org).deleted_at is not None
    assert tab.rows == []
    tab.in_bin.setChecked(True)
    assert tab.restore_button.isVisible() and not tab.add_button.isVisible()
    tab.select_id(org)
    qtbot.mouseClick(tab.restore_button, LEFT)
    assert catalog.get_organization(store, org).deleted_at is None
    actions = [r["action"] for r in store.query(
        "SELECT action FROM audit_log WHERE record_kind = 'organizations' ORDER BY id")]
    assert actions == ["insert", "update", "delete", "restore"]


def test_delete_cancelled_writes_nothing(qtbot, store, page, monkeypatch):
    org = catalog.add_organization(store, "Công an xã Đông Cường", "cong_an")
    page.bus.notify("organizations")
    page.organizations.select_id(org)
    monkeypatch.setattr(forms, "confirm", lambda *a, **k: False)
    qtbot.mouseClick(page.organizations.delete_button, LEFT)
    assert catalog.get_organization(store, org).deleted_at is None


# --- settings -------------------------------------------------------------------------------


@pytest.fixture
def settings(qtbot, store, bus):
    import dataclasses

    from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE

    # An office that filled in its names earlier (written directly: no audit row to count).
    store.execute("INSERT INTO office_profile (id, data) VALUES (1, ?)",
                  (json.dumps(dataclasses.asdict(DONG_HUNG_PROFILE), ensure_ascii=False),))
    widget = SettingsPage(store, bus)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def test_edit_the_office_profile_and_the_user_name(qtbot, store, settings, heard):
    assert settings.user_name.text() == "Người kiểm thử"
    _type(qtbot, settings.edits["parent_body_1"], "ĐẢNG BỘ TỈNH NGHỆ AN")
    _type(qtbot, settings.edits["parent_body_2"], "THỊ ỦY THÁI HÒA")
    _type(qtbot, settings.edits["doc_code"], "BDVTU")
    _type(qtbot, settings.edits["place"], "Thái Hòa")
    _type(qtbot, settings.edits["signer_name"], "Lê Thị Hoa")
    settings.recipients.setPlainText("Ban Dân vận Tỉnh ủy,\n\nThường trực Thị ủy,\nLưu.")
    _type(qtbot, settings.user_name, "Trần Văn Nam")
    assert settings.is_dirty()
    preview = settings.preview.text()
    assert "Thái Hòa, ngày" in preview and "BC/BDVTU" in preview and "THỊ ỦY THÁI HÒA" in preview

    qtbot.mouseClick(settings.save_button, LEFT)

    saved = profile.get_profile(store)
    assert (saved.parent_body_1, saved.doc_code, saved.place, saved.signer_name) == (
        "ĐẢNG BỘ TỈNH NGHỆ AN", "BDVTU", "Thái Hòa", "Lê Thị Hoa")
    assert saved.recipients == ["Ban Dân vận Tỉnh ủy,", "Thường trực Thị ủy,", "Lưu."]
    assert store.user == "Trần Văn Nam" and profile.user_name(store) == "Trần Văn Nam"
    rows = store.query("SELECT * FROM audit_log WHERE record_kind IN ('office_profile', 'settings')")
    assert {r["record_kind"] for r in rows} == {"office_profile", "settings"}
    assert {r["user"] for r in rows} == {"Trần Văn Nam"}
    assert json.loads(rows[0]["changes"])["user_name"] == [None, "Trần Văn Nam"]
    assert frozenset({"profile"}) in heard
    assert not settings.is_dirty() and settings.status.text().startswith("Đã lưu")


def test_invalid_profile_shows_messages_and_writes_nothing(qtbot, store, settings):
    before = profile.get_profile(store)
    settings.edits["issuing_body"].clear()
    _type(qtbot, settings.edits["doc_code"], "BDV/HU")
    settings.user_name.clear()
    qtbot.mouseClick(settings.save_button, LEFT)
    shown = settings.errors.visible()
    assert shown["issuing_body"] == "Chưa nhập tên cơ quan ban hành."
    assert "chỉ gồm chữ và số" in shown["doc_code"]
    assert shown["user_name"] == "Chưa nhập tên người sử dụng."
    assert profile.get_profile(store) == before
    assert _audit_count(store) == 0
    assert store.user == "Người kiểm thử"
    qtbot.mouseClick(settings.revert_button, LEFT)
    assert settings.edits["issuing_body"].text() == "BAN DÂN VẬN" and not settings.errors.visible()


def test_settings_follow_changes_saved_elsewhere(qtbot, store, settings, bus):
    changed = profile.get_profile(store)
    changed.place = "Đông Cường"
    profile.save_profile(store, changed)
    bus.notify("profile")
    assert settings.edits["place"].text() == "Đông Cường"
    _type(qtbot, settings.edits["place"], "Mê Linh")  # being edited: not overwritten
    bus.notify("profile")
    assert settings.edits["place"].text() == "Mê Linh"


def test_saved_user_name_is_applied_when_the_page_opens(qtbot, store, bus):
    profile.set_user_name(store, "Phạm Thị Hằng")
    store.user = ""
    widget = SettingsPage(store, bus)
    qtbot.addWidget(widget)
    assert store.user == "Phạm Thị Hằng" and widget.user_name.text() == "Phạm Thị Hằng"
