"""The main window: a navigation list on the left, one page per screen on the right,
the menus, and the data file it works on."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..paths import data_dir
from ..store.db import Store, StoreError, create_store, location_read_only, open_store
from ..store.lock import DatabaseInUse, DataLock, acquire
from ..store.profile import get_profile
from . import changes
from .backup import actions
from .changes import ChangeBus
from .heap import keep_built
from .leave_guard import may_leave, may_leave_all
from .upgrade import STOPPED_OPENING, upgrade_with_progress
from .user_name import ensure_user_name
from .widgets.dialogs import confirm, error, inform

PageFactory = Callable[[Store, ChangeBus], QWidget]


def _pages() -> list[tuple[str, PageFactory | None]]:
    from .dashboard.page import DashboardPage

    screens: list[tuple[str, PageFactory | None]] = [
        ("Tổng quan", DashboardPage),
        ("Mô hình – điển hình", _optional("initiatives.page", "InitiativesPage")),
        ("Cuộc vận động", _optional("campaigns.page", "CampaignsPage")),
        ("Tiêu chí, chấm điểm", _optional("criteria.page", "CriteriaPage")),
        ("Khen thưởng", _optional("rounds.page", "RoundsPage")),
        ("Báo cáo", _optional("reports.page", "ReportsPage")),
        ("Gói dữ liệu", _optional("packages.page", "PackagesPage")),
        ("Danh mục", _optional("catalog.page", "CatalogPage")),
        ("Cài đặt", _optional("settings.page", "SettingsPage")),
    ]
    return screens


def _optional(module: str, name: str) -> PageFactory | None:
    """A screen whose module exists, imported when the screen is first built (a start
    imports only what the dashboard needs); None shows the honest 'chưa có' page."""
    import importlib
    import importlib.util

    full = f"{__package__}.{module}"
    try:
        if importlib.util.find_spec(full) is None:
            return None
    except ModuleNotFoundError:
        return None

    def build(store: Store, bus: ChangeBus) -> QWidget:
        return getattr(importlib.import_module(full), name)(store, bus)
    return build


def _as_name(caps: str) -> str:
    """``BAN DÂN VẬN`` → ``Ban Dân vận``, ``HUYỆN ỦY ĐÔNG HƯNG`` → ``Huyện ủy Đông Hưng``: a
    letterhead line as a title writes it (each syllable capitalised, but "ủy" after the
    level word and "vận" after "Dân", as the names are spelt)."""
    words = [w.lower().capitalize() for w in caps.strip().split()]
    for index in range(1, len(words)):
        before, word = words[index - 1].lower(), words[index].lower()
        if (word in ("ủy", "uỷ") and before in ("huyện", "thị", "thành", "tỉnh")) or (
                word == "vận" and before == "dân"):
            words[index] = word
    return " ".join(words)


class PendingPage(QLabel):
    """An honest page for a screen that is not built yet."""

    def __init__(self, title: str):
        super().__init__(f"<h2>{title}</h2><p>Màn hình này chưa có trong phiên bản "
                         f"{__version__}.</p>")
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMargin(24)
        self.setWordWrap(True)


class DamagedPage(QLabel):
    """The place of a screen that could not read the file: the check is on its way."""

    def __init__(self, title: str):
        super().__init__(f"<h2>{title}</h2><p>Không đọc được tệp dữ liệu: tệp có thể bị hỏng. "
                         "Chương trình đang kiểm tra tệp…</p>")
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMargin(24)
        self.setWordWrap(True)


class MainWindow(QMainWindow):
    # Set by app.run_window: the lock of the open file, and what brings this window to
    # the front when a second copy of the program opens the same file.
    data_lock: DataLock | None = None
    front_door = None

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.bus = ChangeBus(self)
        self.bus.changed.connect(self._on_changed)
        self.bus.navigate.connect(self._navigate)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.pages = QStackedWidget()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._factories: list[tuple[str, PageFactory | None]] = []
        self.nav.currentRowChanged.connect(self._show_index)
        self._menus()
        self._keys()
        self._build_pages()
        self._restore_state()
        self._changes_at_backup = store.write_mark()

    # --- pages -------------------------------------------------------------------------

    def _build_pages(self) -> None:
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self.nav.blockSignals(True)  # no page is built while the list is refilled
        self.nav.clear()
        self._factories = _pages()
        for title, _factory in self._factories:
            self.nav.addItem(title)
            self.pages.addWidget(QWidget())  # a place held until the screen is first shown
        self.nav.blockSignals(False)
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(0)
        self._update_title()

    def _page(self, index: int) -> QWidget:
        """The screen at ``index``, built the first time it is asked for: a start builds
        only the screen it shows, so it does not grow with the screens or the file."""
        page = self.pages.widget(index)
        if index < len(self._factories) and not getattr(page, "_danvan_page", False):
            title, factory = self._factories[index]
            try:
                built = factory(self.store, self.bus) if factory else PendingPage(title)
            except sqlite3.DatabaseError:
                # A file damaged inside a sound header (the full check is no longer made
                # before the window): the check now, and the recovery it leads to.
                built = DamagedPage(title)
                QTimer.singleShot(0, self.check_in_background)
            built._danvan_page = True
            QTimer.singleShot(0, keep_built)  # the screen lives as long as the window
            self.pages.insertWidget(index, built)
            self.pages.removeWidget(page)
            page.deleteLater()
            page = built
        return page

    def _show_index(self, index: int) -> None:
        """Show another screen, once the one shown has no unsaved typing left."""
        here = self.pages.currentIndex()
        if index != here and not may_leave(self, self.pages.currentWidget()):
            with QSignalBlocker(self.nav):
                self.nav.setCurrentRow(here)
            return
        if 0 <= index < self.pages.count():
            self.pages.setCurrentWidget(self._page(index))

    def _may_leave_all(self) -> bool:
        return may_leave_all(self, [self.pages.widget(i) for i in range(self.pages.count())])

    def show_page(self, title: str) -> QWidget:
        for index in range(self.nav.count()):
            if self.nav.item(index).text() == title:
                self.nav.setCurrentRow(index)
                return self._page(index)
        raise KeyError(title)

    def _navigate(self, screen: str, flt: object) -> None:
        """Show a screen filtered as asked (pages that can take a filter have
        ``show_filtered``)."""
        page = self.show_page(screen)
        show = getattr(page, "show_filtered", None)
        if show is not None:
            show(flt)

    def _on_changed(self, kinds: frozenset) -> None:
        if changes.PROFILE in kinds:
            self._update_title()

    def _update_title(self) -> None:
        profile = get_profile(self.store)
        office = " ".join(_as_name(x) for x in (profile.issuing_body, profile.parent_body_2) if x.strip())
        self.setWindowTitle(" – ".join(x for x in (APP_NAME, office, str(self.store.path)) if x))

    # --- menus -------------------------------------------------------------------------

    def _action(self, menu, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self._action(file_menu, "Mở tệp dữ liệu…", self.open_file, "Ctrl+O")
        self._action(file_menu, "Tạo tệp dữ liệu mới…", self.new_file)
        file_menu.addSeparator()
        self._action(file_menu, "Tải mẫu nhập liệu…", self.save_import_template)
        self._action(file_menu, "Nhập từ Excel (mô hình, cuộc vận động)…", self.import_excel)
        file_menu.addSeparator()
        self._action(file_menu, "Sao lưu ngay", self.backup_now)
        self._action(file_menu, "Khôi phục từ bản sao lưu…", self.restore_from_backup)
        self._action(file_menu, "Cài đặt sao lưu…", self.backup_settings)
        self._action(file_menu, "Kiểm tra tệp dữ liệu", self.check_data_file)
        file_menu.addSeparator()
        self._action(file_menu, "Nhật ký thay đổi…", self.show_audit_log)
        file_menu.addSeparator()
        self._action(file_menu, "Thoát", self.close, "Ctrl+Q")
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        self._action(help_menu, "Hướng dẫn sử dụng", self.show_guide, "F1")
        self._action(help_menu, "Giới thiệu", self.show_about)

    def _keys(self) -> None:
        """Ctrl+1…N: the screens in the order of the side list; Ctrl+S: save the screen
        shown; Esc: clear the search of the screen shown."""
        for number in range(1, 10):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda row=number - 1: self._go_to(row))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_current)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.clear_search)

    def _go_to(self, row: int) -> None:
        if row < self.nav.count():
            self.nav.setCurrentRow(row)

    def save_current(self) -> None:
        save = getattr(self.pages.currentWidget(), "save_changes", None)
        if save is not None:
            save()

    def clear_search(self) -> None:
        page = self.pages.currentWidget()
        search = page.findChild(QLineEdit, "search") if page is not None else None
        if search is not None:
            search.clear()
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _switch_to(self, store: Store, lock: DataLock | None = None) -> None:
        """Work on ``store`` from now on: the old file is backed up if this session
        changed it, every page is rebuilt, and the lock follows the file (``lock`` is
        None for a file opened read-only)."""
        ensure_user_name(store, self)
        old = self.store
        if not old._closed and Path(old.path).resolve() != Path(store.path).resolve():
            self._backup_on_leave(old)
        self.store = store
        self._build_pages()
        old.close()
        if lock is not self.data_lock:
            if self.data_lock is not None:
                self.data_lock.release()
            self.data_lock = lock
            if self.front_door is not None:
                self.front_door.listen(store.path if lock else None)
        self._changes_at_backup = store.write_mark()
        QSettings().setValue("main/last_db", str(store.path))

    def _lock(self, path: Path) -> tuple[DataLock | None, bool] | None:
        """(lock, read_only) to open ``path`` with, or None when the user gives up."""
        if self.data_lock is not None and self.data_lock.db_path == path.resolve():
            return self.data_lock, False
        try:
            return acquire(path), False
        except DatabaseInUse as exc:
            if confirm(self, "Tệp đang được mở", str(exc), yes="Mở chỉ đọc", no="Hủy"):
                return None, True
            return None
        except OSError:  # a folder that cannot hold the lock file: SQLite still guards the file
            return None, False

    def open_file(self) -> None:
        if not self._may_leave_all():
            return
        name, _ = QFileDialog.getOpenFileName(self, "Mở tệp dữ liệu", str(self.store.path.parent),
                                              "Tệp dữ liệu (*.sqlite3 *.db);;Tất cả (*)")
        if not name:
            return
        taken = self._lock(Path(name))
        if taken is None:
            return
        lock, read_only = taken
        read_only = read_only or location_read_only(Path(name))  # viewed as it is, not "damaged"
        if not read_only and upgrade_with_progress(Path(name), self, STOPPED_OPENING) is not None:
            if lock is not None and lock is not self.data_lock:
                lock.release()
            return
        try:
            store = open_store(Path(name), user=self.store.user, read_only=read_only)
        except StoreError as exc:
            if lock is not None and lock is not self.data_lock:
                lock.release()
            error(self, "Không mở được tệp", str(exc))
            return
        self._switch_to(store, lock)

    def new_file(self) -> None:
        if not self._may_leave_all():
            return
        name, _ = QFileDialog.getSaveFileName(self, "Tạo tệp dữ liệu mới",
                                              str(self.store.path.parent / "du-lieu-moi.sqlite3"),
                                              "Tệp dữ liệu (*.sqlite3)")
        if not name:
            return
        taken = self._lock(Path(name))
        if taken is None or taken[1]:
            return
        lock = taken[0]
        try:
            store = create_store(Path(name), user=self.store.user)
        except StoreError as exc:
            if lock is not None and lock is not self.data_lock:
                lock.release()
            error(self, "Không tạo được tệp", str(exc))
            return
        self._switch_to(store, lock)

    # --- backups, restore, checks, the audit log (ui/backup/actions.py) ----------------

    def backup_now(self) -> None:
        actions.backup_now(self)

    def backup_if_due(self) -> None:
        """At start: a copy when the newest is older than a day."""
        actions.backup_if_due(self)

    def _backup_on_leave(self, store: Store) -> bool:
        return actions.backup_on_leave(self, store)

    def restore_from_backup(self) -> None:
        actions.restore_from_backup(self)

    def backup_settings(self) -> None:
        from .backup.settings import BackupSettingsDialog

        actions.show_dialog(BackupSettingsDialog(self, self.store.path))

    def check_data_file(self) -> None:
        actions.check_data_file(self)

    def check_in_background(self) -> None:
        """``quick_check`` of the open file behind the window; a damaged file leads to
        recovery."""
        actions.check_in_background(self)

    def recover_damaged(self, problems: list[str]) -> None:
        actions.recover_damaged(self, problems)

    def show_audit_log(self) -> None:
        from .audit.dialog import AuditDialog

        actions.show_dialog(AuditDialog(self, self.store))

    def save_import_template(self) -> None:
        from .exchange.actions import save_template

        save_template(self, Path(self.store.path).parent)

    def import_excel(self) -> None:
        from .exchange.actions import import_file

        import_file(self, self.store, lambda _count: self.bus.notify(
            changes.INITIATIVES, changes.CAMPAIGNS, changes.AREAS))

    def show_guide(self) -> None:
        from .help import GuideDialog

        GuideDialog(self).open()

    def show_about(self) -> None:
        inform(self, "Giới thiệu",
               f"<b>{APP_NAME}</b> – phiên bản {__version__}<br>"
               "Quản lý phong trào thi đua “Dân vận khéo” của Ban Dân vận.<br><br>"
               f"Tệp dữ liệu: {escape(str(self.store.path))}<br>"
               f"Thư mục dữ liệu: {escape(str(data_dir()))}", rich=True)

    # --- state -------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            available = self.screen().availableGeometry()
            self.resize(min(1280, available.width()), min(760, available.height()))
        self.nav.setCurrentRow(int(settings.value("main/page", 0)))

    def show_first_time(self) -> None:
        """Show the window: on first start an office laptop (1366×768) gets the whole
        screen; afterwards the size and place the user left it in."""
        available = self.screen().availableGeometry()
        first = QSettings().value("main/geometry") is None
        if first and (available.width() < 1500 or available.height() < 850):
            self.showMaximized()
        else:
            self.show()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._may_leave_all():
            event.ignore()
            return
        if not self.store._closed and not self._backup_on_leave(self.store):
            event.ignore()
            return
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/page", self.nav.currentRow())
        super().closeEvent(event)
