"""Backups, restore, the damaged-file dialog, the lock and the audit log in the window,
walked as a user would (modal dialogs replaced by steps that press their buttons)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument

from danvan_desktop import app as app_module
from danvan_desktop.services import backup, integrity
from danvan_desktop.store import lock as lock_module
from danvan_desktop.store import records
from danvan_desktop.store.db import create_store
from danvan_desktop.ui import main_window as main_module
from danvan_desktop.ui.audit.dialog import AuditDialog
from danvan_desktop.ui.backup import actions, damaged, restore_dialog
from danvan_desktop.ui.backup import settings as backup_settings
from danvan_desktop.ui.widgets import dialogs

HOSTILE = ["'); DROP TABLE initiatives;--", "<b>", "&amp;"]


@pytest.fixture
def said(monkeypatch):
    """Messages the window shows (inform/error), instead of modal boxes."""
    shown: list[tuple[str, str, str]] = []
    for module in (actions, main_module):
        for name in ("inform", "error"):
            monkeypatch.setattr(module, name, lambda _p, title, text, n=name: shown.append((n, title, text)))
    return shown


@pytest.fixture
def window(qtbot, store, said):
    for i in range(5):
        records.insert(store, "areas", {"name": f"Xã số {i}", "level": "xa"})
    win = main_module.MainWindow(store)
    qtbot.addWidget(win)
    yield win
    win.store.close()


def _names(store):
    return [r["name"] for r in store.query("SELECT name FROM areas ORDER BY id")]


def _menu_texts(win):
    return [a.text() for m in win.menuBar().actions() for a in m.menu().actions() if a.text()]


def test_the_file_menu_offers_backup_restore_check_and_the_log(window):
    texts = _menu_texts(window)
    for text in ("Sao lưu ngay", "Khôi phục từ bản sao lưu…", "Cài đặt sao lưu…",
                 "Kiểm tra tệp dữ liệu", "Nhật ký thay đổi…"):
        assert text in texts


def test_backup_now_goes_to_the_chosen_folder_or_falls_back(qtbot, window, said, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_settings.set_backup_folder(usb)
    window.backup_now()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said[-1][0] == "inform" and str(usb) in said[-1][2]
    assert [c.path.parent for c in backup.list_backups(window.store.path, usb)] == [usb]
    backup_settings.set_backup_folder(tmp_path / "rut-ra")  # the stick is not plugged in
    window.backup_now()
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
    assert "Không tìm thấy thư mục sao lưu" in said[-1][2]
    assert (tmp_path / "backups").is_dir()


def test_settings_dialog_refuses_a_missing_folder(qtbot, tmp_path, store):
    dialog = backup_settings.BackupSettingsDialog(None, store.path)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "khong-co"))
    dialog.ok_button.click()
    assert "Không tìm thấy thư mục" in dialog.message.text() and backup_settings.backup_folder() is None
    dialog.folder.setText(str(tmp_path))
    dialog.ok_button.click()
    assert backup_settings.backup_folder() == str(tmp_path)


def test_a_copy_at_start_when_none_is_recent(qtbot, window):
    window.backup_if_due()
    qtbot.waitUntil(lambda: bool(backup.list_backups(window.store.path)), timeout=10_000)
    assert backup.list_backups(window.store.path)[0].reason == backup.DAILY


def test_restore_from_the_window_reloads_the_pages(qtbot, window, said, monkeypatch):
    copy = backup.backup_to_folder(window.store.path, now=dt.datetime(2024, 3, 7, 8, 15))
    records.insert(window.store, "areas", {"name": "Xã thêm sau", "level": "xa"})
    old_store, old_page = window.store, window.pages.widget(0)
    asked = []
    monkeypatch.setattr(restore_dialog, "confirm", lambda _p, _t, text, **k: asked.append(text) or True)

    def choose(dialog):
        if not isinstance(dialog, restore_dialog.RestoreDialog):
            return False
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "07/03/2024 08:15"
        assert dialog.table.item(0, 2).text() == "0"  # initiatives in that copy
        dialog.table.selectRow(0)
        dialog.restore_button.click()
        return dialog.result() == restore_dialog.QDialog.DialogCode.Accepted

    monkeypatch.setattr(actions, "run_dialog", choose)
    window.restore_from_backup()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said[-1][1] == "Khôi phục" and "truoc-khoi-phuc" in said[-1][2]
    assert "07/03/2024 08:15" in asked[0]
    assert window.store is not old_store and old_store._closed
    assert window.pages.widget(0) is not old_page
    assert "Xã thêm sau" not in _names(window.store)
    kept = [c for c in backup.list_backups(window.store.path) if c.reason == backup.BEFORE_RESTORE]
    assert kept and copy.exists()


def test_closing_after_changes_leaves_a_copy(qtbot, window):
    records.insert(window.store, "areas", {"name": "Xã mới", "level": "xa"})
    window.close()
    copies = backup.list_backups(window.store.path)
    assert [c.reason for c in copies] == [backup.ON_EXIT]
    assert "Xã mới" in [r[0] for r in _read(copies[0].path, "SELECT name FROM areas")]


def test_closing_after_a_write_by_another_connection_leaves_a_copy(qtbot, window):
    from danvan_desktop.store.db import open_store

    with open_store(window.store.path) as own:  # as an import or certificate printing does
        records.insert(own, "areas", {"name": "Xã từ kết nối khác", "level": "xa"})
    window.close()
    copies = backup.list_backups(window.store.path)
    assert [c.reason for c in copies] == [backup.ON_EXIT]
    assert "Xã từ kết nối khác" in [r[0] for r in _read(copies[0].path, "SELECT name FROM areas")]


def test_closing_without_changes_makes_no_copy(window):
    window.close()
    assert backup.list_backups(window.store.path) == []


def _read(path, sql):
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# --- a damaged file at start -----------------------------------------------------------------


def _damaged_with_backup(tmp_path):
    store = create_store(tmp_path / "danvan.sqlite3", user="Lan")
    for i in range(400):
        records.insert(store, "areas", {"name": f"Thôn {i}", "level": "thon"})
    copy = backup.backup_to_folder(store.path)
    store.close()
    data = bytearray(store.path.read_bytes())
    for offset in range(len(data) - 3 * 4096, len(data), 5):
        data[offset] = 0x5A
    store.path.write_bytes(bytes(data))
    return store.path, copy


def _press(monkeypatch, action):
    def run(dialog):
        assert dialog.copies, "no good backup offered"
        if action:
            (dialog.new_button if action == damaged.NEW_FILE else dialog.replace_button).click()
        else:
            dialog.reject()
        return dialog.result() == damaged.QDialog.DialogCode.Accepted

    monkeypatch.setattr(damaged.DamagedDialog, "exec", lambda self: 1 if run(self) else 0)


def test_damaged_file_at_start_is_kept_and_replaced_by_the_newest_good_copy(qtbot, tmp_path, monkeypatch):
    path, copy = _damaged_with_backup(tmp_path)
    before = path.read_bytes()
    _press(monkeypatch, damaged.REPLACE)
    store = app_module.open_checked(path, read_only=False)
    try:
        assert store.path == path and store.scalar("SELECT count(*) FROM areas") == 400
    finally:
        store.close()
    kept = [p for p in tmp_path.iterdir() if "-hong-" in p.name and p.suffix == ".sqlite3"]
    assert len(kept) == 1 and kept[0].read_bytes() == before


def test_damaged_file_at_start_can_be_restored_into_a_new_file(qtbot, tmp_path, monkeypatch):
    path, _ = _damaged_with_backup(tmp_path)
    before = path.read_bytes()
    _press(monkeypatch, damaged.NEW_FILE)
    monkeypatch.setattr(damaged, "save_file_name", lambda _p, suggested: str(suggested))
    store = app_module.open_checked(path, read_only=False)
    try:
        assert store.path.name.startswith("danvan-khoi-phuc-") and integrity.check_file(store.path) == []
    finally:
        store.close()
    assert path.read_bytes() == before


def test_quitting_at_the_damaged_dialog_changes_nothing(qtbot, tmp_path, monkeypatch):
    path, _ = _damaged_with_backup(tmp_path)
    before = path.read_bytes()
    _press(monkeypatch, None)
    assert app_module.open_checked(path, read_only=False) == 3
    assert path.read_bytes() == before


# --- one window per file ---------------------------------------------------------------------


def test_a_second_window_is_told_and_the_first_comes_to_the_front(qtbot, window, monkeypatch):
    held = lock_module.acquire(window.store.path)
    window.data_lock = held
    window.front_door = app_module.FrontDoor(window)
    assert window.front_door.listen(window.store.path)
    told = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **k: told.append(text) or True)
    try:
        assert app_module.take_lock(window.store.path) == (None, True)
        assert "đang được mở ở một cửa sổ khác" in told[0]
        qtbot.waitUntil(lambda: "vừa được mở lại" in window.statusBar().currentMessage(), timeout=5000)
    finally:
        held.release()
    lock, read_only = app_module.take_lock(window.store.path)
    assert lock is not None and not read_only
    lock.release()


# --- the audit log ---------------------------------------------------------------------------


def _plain(tooltip: str) -> str:
    """What a tooltip shows: Qt reads markup when the text looks like it."""
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(tooltip):
        doc.setHtml(tooltip)
    else:
        doc.setPlainText(tooltip)
    return doc.toPlainText()


def test_audit_log_lists_filters_and_shows_names_as_typed(qtbot, store, commune):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import delete_initiatives, save_initiative

    ids = []
    for name in HOSTILE:
        item = save_initiative(store, Initiative(name=name, owner_name="Hội Nông dân", kind="tap_the",
                                                 field="kinh_te", year=2024, commune_id=commune))
        ids.append(item.id)
    item.status, item.level = "cong_nhan", "huyen"
    save_initiative(store, item)
    store.user = "Trần Văn Bình"
    delete_initiatives(store, ids[:1])
    dialog = AuditDialog(None, store)
    qtbot.addWidget(dialog)
    model = dialog.model
    total = len(model.ids)
    assert total == store.scalar("SELECT count(*) FROM audit_log")
    top = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert top[1:5] == ["Trần Văn Bình", "Xóa", "Mô hình", HOSTILE[0]]
    shown = {model.data(model.index(r, 4)) for r in range(total)}
    assert set(HOSTILE) <= shown  # the record names, exactly as typed
    for row in range(total):  # the full details as a tooltip: read as text, not markup
        name = model.data(model.index(row, 4))
        tip = _plain(model.data(model.index(row, 5), Qt.ItemDataRole.ToolTipRole))
        assert f"“{name}”" in tip.splitlines()[0]
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    update = next(r for r in range(total) if model.data(model.index(r, 2)) == "Sửa")
    assert "Trạng thái: Đăng ký → Được công nhận" in model.data(model.index(update, 5))
    dialog.user.setCurrentIndex(dialog.user.findText("Trần Văn Bình"))
    assert len(model.ids) == 1
    dialog.user.setCurrentIndex(0)
    dialog.action.setCurrentIndex(dialog.action.findData("update"))
    assert len(model.ids) == 1
    dialog.action.setCurrentIndex(0)
    dialog.text.setText("hoi nong dan")
    # the three initiatives owned by it, and the organisation added for them
    qtbot.waitUntil(lambda: len(model.ids) == len(HOSTILE) + 1, timeout=3000)
    assert "trong tổng số" in dialog.count.text()
    dialog.text.setText("")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    from PySide6.QtCore import QDate

    dialog.date_from.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert model.ids == []
    dialog.date_from.setDate(dialog.date_from.minimumDate())
    dialog.table.setCurrentIndex(model.index(0, 0))
    assert HOSTILE[0] in dialog.detail.toPlainText()
    assert model.data(QModelIndex()) is None


def test_initiative_list_tooltips_show_hostile_names_as_typed(qtbot, store, commune):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import save_initiative
    from danvan_desktop.ui.initiatives.list_model import InitiativeTableModel

    for name in HOSTILE:
        save_initiative(store, Initiative(name=name, owner_name=name, kind="tap_the", field="kinh_te",
                                          year=2024, commune_id=commune))
    model = InitiativeTableModel(store)
    model.reload()
    for row in range(model.rowCount()):
        shown = model.data(model.index(row, 0))
        assert shown in HOSTILE
        tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        assert tip is not None and _plain(tip) == shown  # a tooltip shows the text as typed


def test_a_read_only_window_leaves_recovery_to_the_window_that_holds_the_file(qtbot, tmp_path,
                                                                              monkeypatch):
    path, _ = _damaged_with_backup(tmp_path)
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda _p, title, text: shown.append(text))
    monkeypatch.setattr(damaged.DamagedDialog, "exec", lambda self: pytest.fail("no recovery here"))
    assert app_module.open_checked(path, read_only=True) == 3
    assert "cửa sổ đang mở tệp" in shown[0]


def test_a_sound_file_in_a_read_only_folder_opens_read_only_without_recovery(qtbot, tmp_path,
                                                                            monkeypatch):
    from danvan_desktop.store.db import location_read_only
    from tests.cli.test_trust import read_only_folder

    monkeypatch.setattr(damaged.DamagedDialog, "exec", lambda self: pytest.fail("not damaged"))
    monkeypatch.setattr(dialogs, "error", lambda _p, title, text: pytest.fail(text))
    with read_only_folder(tmp_path) as path:
        assert location_read_only(path)
        store = app_module.open_checked(path, read_only=True)
        try:
            assert store.read_only and store.scalar("SELECT count(*) FROM areas") >= 0
        finally:
            store.close()
