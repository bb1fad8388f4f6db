"""The start path: only the screen shown is built, the integrity check runs behind the
window unless the last session ended without closing the file."""

from __future__ import annotations

from danvan_desktop import app as app_module
from danvan_desktop.store import lock as lock_module
from danvan_desktop.store import records
from danvan_desktop.store.db import create_store
from danvan_desktop.ui import main_window as main_module
from danvan_desktop.ui.backup import actions
from danvan_desktop.ui.dashboard.page import DashboardPage
from danvan_desktop.ui.initiatives.page import InitiativesPage


def test_a_start_builds_only_the_screen_it_shows_and_the_others_when_first_shown(qtbot, store):
    window = main_module.MainWindow(store)
    qtbot.addWidget(window)
    try:
        built = [type(window.pages.widget(i)) for i in range(window.pages.count())]
        assert built.count(DashboardPage) == 1 and InitiativesPage not in built
        window.nav.setCurrentRow(1)
        page = window.pages.currentWidget()
        assert isinstance(page, InitiativesPage)
        assert window.show_page("Mô hình – điển hình") is page  # built once, kept
        assert window.nav.count() == window.pages.count() == len(main_module._pages())
    finally:
        window.store.close()


def _damage_tail(path):
    data = bytearray(path.read_bytes())
    for offset in range(len(data) - 3 * 4096, len(data), 5):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_a_file_damaged_inside_opens_at_once_and_the_check_behind_the_window_finds_it(
        qtbot, tmp_path, monkeypatch):
    store = create_store(tmp_path / "danvan.sqlite3", user="Lan")
    for i in range(400):
        records.insert(store, "areas", {"name": f"Thôn {i}", "level": "thon"})
    store.close()
    _damage_tail(store.path)
    opened = app_module.open_checked(store.path, read_only=False, check_now=False)
    assert not isinstance(opened, int)  # the header is sound: no wait for the check
    window = main_module.MainWindow(opened)
    qtbot.addWidget(window)
    found = []
    monkeypatch.setattr(actions, "recover_damaged", lambda _w, problems: found.append(problems))
    try:
        window.check_in_background()
        qtbot.waitUntil(lambda: bool(found), timeout=10_000)
        assert found[0], "the damage was not reported"
    finally:
        window.store.close()


def test_the_lock_tells_a_start_after_a_crash_from_a_start_after_a_clean_exit(tmp_path):
    path = tmp_path / "danvan.sqlite3"
    create_store(path).close()
    first = lock_module.acquire(path)
    assert not first.after_unclean_exit
    first.release()
    again = lock_module.acquire(path)
    assert not again.after_unclean_exit
    # A crash: the process ends holding the lock, whose file still names it.
    again._handle.close()
    lock_module._held.pop(again.db_path)
    after_crash = lock_module.acquire(path)
    try:
        assert after_crash.after_unclean_exit
    finally:
        after_crash.release()
