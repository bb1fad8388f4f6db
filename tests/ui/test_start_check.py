"""After an unclean exit the file is checked behind a window the user can already work in;
an older file is upgraded behind a progress window that can be stopped."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from danvan_desktop import app as app_module
from danvan_desktop import paths
from danvan_desktop.services import integrity
from danvan_desktop.store import catalog, migrations, records
from danvan_desktop.store.connection import Database
from danvan_desktop.store.db import create_store
from danvan_desktop.store.lock import lock_path_for
from danvan_desktop.store.profile import set_user_name
from danvan_desktop.ui import main_window as main_module
from danvan_desktop.ui import start_check, upgrade
from danvan_desktop.ui.backup import damaged
from danvan_desktop.ui.initiatives.page import InitiativesPage


def _file(tmp_path, areas: int = 50):
    store = create_store(tmp_path / "danvan.sqlite3", user="Lan")
    set_user_name(store, "Lan")
    for i in range(areas):
        records.insert(store, "areas", {"name": f"Thôn {i}", "level": "thon"})
    store.close()
    return store.path


def _mark_unclean(path) -> None:
    """What a crash leaves: the lock file still names the window that held it."""
    lock_path_for(path).write_text("Cửa sổ chương trình, máy cũ, pid 999999\n", encoding="utf-8")


def _gated_check(monkeypatch) -> threading.Event:
    """The check waits for the test's word: what the window does meanwhile is seen."""
    gate = threading.Event()
    real = integrity.check_file

    def check(path, full=False, stop=None):
        assert gate.wait(30), "the test never let the check finish"
        return real(path, full=full, stop=stop)

    monkeypatch.setattr(start_check, "check_file", check)
    return gate


def _window() -> main_module.MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, main_module.MainWindow))


def test_after_an_unclean_exit_the_window_is_usable_while_the_check_runs(
        qtbot, tmp_path, monkeypatch):
    path = _file(tmp_path)
    _mark_unclean(path)
    gate = _gated_check(monkeypatch)
    backups: list[bool] = []
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(app_module, "ask_office_names", lambda _w: None)
    monkeypatch.setattr(main_module.MainWindow, "backup_if_due", lambda _w: backups.append(True))
    seen: dict[str, object] = {}

    def exec_(_app=None) -> int:
        window = _window()
        qtbot.waitUntil(window.isVisible, timeout=5000)
        label = window.findChild(QLabel, "startCheck")
        seen["while"] = label.text()
        window.nav.setCurrentRow(1)  # the user works: another screen opens at once
        qtbot.wait(50)
        seen["page"] = window.pages.currentWidget()
        seen["backups while"] = list(backups)
        gate.set()
        qtbot.waitUntil(lambda: label.text() != start_check.CHECKING, timeout=10_000)
        seen["after"] = label.text()
        seen["backups after"] = list(backups)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert app_module.run_window(str(path)) == 0
    assert seen["while"] == "Đang kiểm tra tệp dữ liệu sau lần đóng bất thường…"
    assert isinstance(seen["page"], InitiativesPage)
    assert seen["backups while"] == []  # no daily copy of a file not yet known sound
    assert seen["after"] == start_check.SOUND and "nguyên vẹn" in seen["after"]
    assert seen["backups after"] == [True]
    assert lock_path_for(path).read_bytes() == b""  # this time closed cleanly


def _damage_organizations(path) -> None:
    """Break the organizations' table where its pages start: what the window writes to
    areas still works, the check finds the damage."""
    with app_module.open_checked(path, read_only=False, check_now=False) as store:
        for i in range(300):
            records.insert(store, "organizations", {"name": f"Chi hội nông dân thôn {i}"})
        root = store.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'organizations'")
        size = store.scalar("PRAGMA page_size")
    data = bytearray(path.read_bytes())
    for offset in range((root - 1) * size + 8, root * size, 3):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_damage_found_after_an_unclean_exit_leads_to_the_backup_dialog_naming_what_was_written(
        qtbot, tmp_path, monkeypatch):
    path = _file(tmp_path)
    _damage_organizations(path)
    gate = _gated_check(monkeypatch)
    opened = app_module.open_checked(path, read_only=False, check_now=False)
    window = main_module.MainWindow(opened)
    qtbot.addWidget(window)
    window.show()
    shown: list[str] = []

    def run(dialog) -> int:
        shown.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        return 0  # Thoát: nothing restored

    monkeypatch.setattr(damaged.DamagedDialog, "exec", run)
    label = start_check.check_after_unclean_exit(window)
    assert label.text() == start_check.CHECKING
    catalog.add_area(window.store, "Xã Đông Cường mới", "xa")  # written during the check
    gate.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "bị hỏng" in shown[0]
    assert "Trong lúc kiểm tra, 1 thay đổi đã được ghi vào tệp này" in shown[0]
    assert "Xã Đông Cường mới" in shown[0]
    assert "tệp hỏng được giữ lại" in shown[0]
    assert path.exists()  # the damaged file, with what was written, is kept


def _old_file(tmp_path):
    path = tmp_path / "cu.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(Database(conn), target=migrations.LATEST_VERSION - 1)
    conn.execute("INSERT INTO areas (uuid, level, name, search_key) VALUES ('a-1', 'xa', "
                 "'Xã Mê Linh', 'xa me linh')")
    conn.close()
    return path


def _version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_an_older_file_is_upgraded_behind_a_progress_window(qtbot, tmp_path):
    path = _old_file(tmp_path)
    assert upgrade.upgrade_with_progress(path) is None
    assert _version(path) == migrations.LATEST_VERSION
    kept = list((tmp_path / "backups").glob("cu-truoc-nang-cap-*.sqlite3"))
    assert len(kept) == 1 and _version(kept[0]) == migrations.LATEST_VERSION - 1


def test_stopping_an_upgrade_rolls_back_the_step_and_keeps_the_copy(qtbot, tmp_path, monkeypatch):
    path = _old_file(tmp_path)

    def slow_step(db) -> None:  # a step that reads for a long time, as the monthly counts do
        db.conn.execute("CREATE TABLE half_done (x)")
        db.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 2000000000) SELECT count(*) FROM n").fetchone()

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS[:-1], slow_step])
    told: list[str] = []
    monkeypatch.setattr(upgrade, "inform", lambda _p, _t, text: told.append(text))
    texts: list[str] = []

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QProgressDialog) and w.isVisible()]
        if dialogs and "bước 1/1" in dialogs[0].labelText():
            texts.append(dialogs[0].labelText())
            next(b for b in dialogs[0].findChildren(QPushButton) if b.text() == "Hủy").click()
        else:
            QTimer.singleShot(50, press_cancel)

    QTimer.singleShot(50, press_cancel)
    assert upgrade.upgrade_with_progress(path) == 0
    assert "nâng cấp" in texts[0] and "backups" in texts[0]
    assert told and "hoàn tác" in told[0]
    assert _version(path) == migrations.LATEST_VERSION - 1
    conn = sqlite3.connect(path)
    try:
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
        assert conn.execute("SELECT name FROM areas").fetchone()[0] == "Xã Mê Linh"
    finally:
        conn.close()
    assert list((tmp_path / "backups").glob("cu-truoc-nang-cap-*.sqlite3"))


def test_unsaved_typing_is_asked_about_before_recovery_and_staying_keeps_the_window(
        qtbot, tmp_path, monkeypatch):
    path = _file(tmp_path)
    _damage_organizations(path)
    gate = _gated_check(monkeypatch)
    window = main_module.MainWindow(app_module.open_checked(path, read_only=False, check_now=False))
    qtbot.addWidget(window)
    window.show()
    asked: list[bool] = []
    monkeypatch.setattr(window, "_may_leave_all", lambda: asked.append(True) and False)  # Hủy
    monkeypatch.setattr(damaged.DamagedDialog, "exec", lambda _self: pytest.fail("no dialog"))
    label = start_check.check_after_unclean_exit(window)
    gate.set()
    qtbot.waitUntil(lambda: label.text() != start_check.CHECKING, timeout=10_000)
    try:
        assert asked == [True]
        assert "bị hỏng" in label.text() and "Kiểm tra tệp dữ liệu" in label.text()
        assert not window.store._closed  # the typing is still on its screen, to be saved
    finally:
        window.store.close()
