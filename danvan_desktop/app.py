"""Start-up of the window: QApplication, the data file (its lock, its integrity check,
recovery when it is damaged), the main window, the daily backup; and the lock released
at exit."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from .paths import resolve_db_path

CHECK_AFTER_MS = 10_000  # the integrity check behind a window that started normally


def _read_only_note(window, read_only_place: bool) -> None:
    from PySide6.QtWidgets import QLabel

    note = QLabel("  CHỈ ĐỌC – tệp hoặc thư mục chỉ đọc  " if read_only_place
                  else "  CHỈ ĐỌC – tệp đang được mở ở cửa sổ khác  ")
    note.setStyleSheet("background: #fde7c4; color: #6b4500; font-weight: bold;")
    window.statusBar().addPermanentWidget(note)


def _after_showing(window, unclean: bool, read_only: bool) -> None:
    """What follows the first paint: the integrity check, the daily copy, the office's names."""
    from PySide6.QtCore import QTimer

    from .ui.heap import keep_built

    # What start-up made lives as long as the window: later collections pass it by (at 1M,
    # full collections in a worker held the window 50–200 ms).
    QTimer.singleShot(0, keep_built)
    if unclean:  # the daily copy waits for the verdict: never a damaged copy over good ones
        from .ui.start_check import check_after_unclean_exit

        check_after_unclean_exit(window, then=window.backup_if_due)
    else:  # once the start's own reading (the dashboard's figures) is done
        QTimer.singleShot(CHECK_AFTER_MS, window.check_in_background)
        QTimer.singleShot(500, window.backup_if_due)
    if not read_only:
        QTimer.singleShot(0, lambda: ask_office_names(window))


def run_window(db: str | None = None, debug: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    from . import APP_NAME
    from .paths import data_dir
    from .store.db import location_read_only
    from .ui import errors
    from .ui.i18n import install_translations
    from .ui.main_window import MainWindow
    from .ui.upgrade import upgrade_with_progress
    from .ui.user_name import ensure_user_name

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("danvan")
    install_translations(app)
    errors.install(data_dir())  # from here on, no error is silent
    path = resolve_db_path(db)
    taken = take_lock(path)
    if taken is None:
        return 0
    lock, read_only = taken
    read_only_place = path.exists() and location_read_only(path)
    read_only = read_only or read_only_place  # a read-only folder or file: view it, as it is
    # quick_check reads the whole file (20 s at a million records): never before the window.
    # After an unclean exit it starts at once, behind the window, and says so; else later.
    unclean = lock is not None and lock.after_unclean_exit
    upgraded = None if read_only else upgrade_with_progress(path)  # a window says so
    opened = upgraded if upgraded is not None else open_checked(path, read_only, check_now=False)
    if isinstance(opened, int):
        if lock is not None:
            lock.release()
        return opened
    store = opened
    if lock is not None and lock.db_path != store.path.resolve():  # recovered into a new file
        lock.release()
        again = take_lock(store.path)
        lock = again[0] if again else None
    ensure_user_name(store)
    window = MainWindow(store)
    window.data_lock = lock
    window.front_door = FrontDoor(window)
    if lock is not None:
        window.front_door.listen(store.path)
    if read_only:
        _read_only_note(window, read_only_place)
    window.show_first_time()
    _after_showing(window, unclean, read_only)
    try:
        return app.exec()
    finally:
        errors.uninstall()
        window.store.close()
        if window.data_lock is not None:
            window.data_lock.release()


def take_lock(path: Path):
    """(lock, read_only) for the window, or None when the user chose to quit because
    another window has the file. A second copy brings the first to the front."""
    from .store.lock import WINDOW, DatabaseInUse, acquire, wait_seconds
    from .ui.widgets.dialogs import confirm

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return acquire(path), False
        except DatabaseInUse as busy:
            if not busy.holder or busy.holder.startswith(WINDOW):
                raise
            return acquire(path, wait_seconds()), False  # a command writing: it ends soon
    except DatabaseInUse as exc:
        knock(path)
        if confirm(None, "Tệp đang được mở", str(exc), yes="Mở chỉ đọc", no="Thoát"):
            return None, True
        return None
    except OSError:  # a folder that cannot hold the lock file: SQLite still guards the file
        return None, False


def open_checked(path: Path, read_only: bool, check_now: bool = True):
    """The store, after ``quick_check`` when ``check_now`` (else only the header is read
    and a file SQLite cannot open is checked); a damaged file leads to the recovery dialog
    (the damaged file is kept). An int is the exit code when nothing could be opened."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from .services.integrity import check_file
    from .store.db import DatabaseDamaged, StoreError, inspect, open_or_create, open_store
    from .ui.backup.damaged import recover
    from .ui.backup.settings import backup_folder
    from .ui.widgets.dialogs import error

    while True:
        problems: list[str] = []
        refusal: StoreError | None = None
        if path.exists():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:  # read-only checks first: a damaged file is never opened for writing
                inspect(path)
                problems = check_file(path) if check_now else []
            except DatabaseDamaged as exc:
                problems = [str(exc)]
            except StoreError as exc:
                refusal = exc
            finally:
                QApplication.restoreOverrideCursor()
        if refusal is not None:
            error(None, "Không mở được tệp dữ liệu", str(refusal))
            return refusal.exit_code
        if problems and read_only:  # the window that holds the file does the recovery
            error(None, "Tệp dữ liệu bị hỏng", "Tệp dữ liệu bị hỏng: " + "; ".join(problems[:3])
                  + "\nHãy khôi phục từ cửa sổ đang mở tệp này.")
            return 3
        if problems:
            target = recover(None, path, problems, backup_folder())
            if target is None:
                return 3
            path = Path(target)
            continue
        try:
            return open_store(path, read_only=True) if read_only else open_or_create(path)
        except DatabaseDamaged as exc:
            if check_now:
                error(None, "Không mở được tệp dữ liệu", str(exc))
                return exc.exit_code
            check_now = True  # the full check now, and the recovery it leads to
        except StoreError as exc:
            error(None, "Không mở được tệp dữ liệu", str(exc))
            return exc.exit_code


def ask_office_names(window) -> None:
    """A new data file knows no office: show Cài đặt first, so that letterheads and the
    date line are the office's own before anything is printed."""
    from .store.profile import get_profile
    from .ui.widgets.dialogs import inform

    if get_profile(window.store).is_complete:
        return
    if not window.store.read_only:
        from .ui import changes
        from .ui.setup.flow import choose_office

        def chosen(_choice, _district) -> None:  # places loaded, profile filled from the level
            window.bus.notify(changes.PROFILE, changes.AREAS)
            window.show_page("Cài đặt")
            inform(window, "Thông tin đơn vị",
                   "Đã nạp địa bàn và điền sẵn tiêu đề văn bản. Hãy ghi tên người ký, xem lại "
                   "nơi nhận trong trang Cài đặt, rồi bấm Lưu.")

        if choose_office(window, window.store, "", "", chosen, save_profile=True):
            return
    window.show_page("Cài đặt")
    inform(window, "Thông tin đơn vị",
           "Hãy nhập tên cơ quan cấp trên, mã văn bản (ví dụ BTGDVTU) và địa danh ghi ngày tháng "
           "của Ban trong trang Cài đặt, rồi bấm Lưu. Các văn bản in ra sẽ dùng những thông tin này.")


# --- A second copy of the program on the same file brings the first to the front ----------


def door_name(path: Path) -> str:
    digest = hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"danvan-{digest}"


def knock(path: Path) -> bool:
    """Ask the window that has ``path`` open to come to the front."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(door_name(path))
    if not socket.waitForConnected(500):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(500)
    socket.disconnectFromServer()
    return True


class FrontDoor:
    """Listens, while the window holds a file's lock, for a second copy's knock."""

    def __init__(self, window):
        from PySide6.QtNetwork import QLocalServer

        self.window = window
        self.server = QLocalServer(window)
        self.server.newConnection.connect(self._visitor)

    def listen(self, path: Path | None) -> bool:
        from PySide6.QtNetwork import QLocalServer

        self.server.close()
        if path is None:
            return False
        name = door_name(path)
        QLocalServer.removeServer(name)  # a socket left by a crash; we hold the file's lock
        return self.server.listen(name)

    def _visitor(self) -> None:
        while self.server.hasPendingConnections():
            self.server.nextPendingConnection().deleteLater()
        window = self.window
        window.showNormal()
        window.raise_()
        window.activateWindow()
        window.statusBar().showMessage("Tệp này vừa được mở lại ở một cửa sổ khác; "
                                       "cửa sổ đó chỉ được xem (chỉ đọc).", 15000)
