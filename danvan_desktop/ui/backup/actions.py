"""The window's backup actions (menu Tệp): back up now, the daily copy at start, the copy
on exit, restore, the integrity check and recovery from a damaged file. Long work runs
through ``run_job`` (progress dialog with Hủy); services do the work, never widgets.

Tests replace :func:`run_dialog`, looked up here at call time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from ...services.backup import MANUAL, ON_EXIT, BackupError, backup_before, backup_to_folder
from ...services.backup import backup_if_due as _if_due
from ...store.db import Store, StoreError, open_store
from ..tasks import Cancelled, run_job
from ..widgets.dialogs import confirm, error, inform
from .settings import backup_folder


def run_dialog(dialog: QDialog) -> bool:
    """Show a dialog and wait; True when accepted."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_dialog(dialog: QDialog) -> bool:
    """``run_dialog``, then the dialog is deleted (a dialog parented to the window
    would otherwise live as long as the window)."""
    try:
        return run_dialog(dialog)
    finally:
        dialog.deleteLater()


def _failed(window: QMainWindow, title: str) -> Callable[[BaseException], None]:
    def fail(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            error(window, title, str(exc))

    return fail


def run_backup(window, title: str, call, done_text: Callable[[Path, str], str] | None) -> None:
    """``call(folder, progress)`` in a job: into the chosen backup folder, or beside the
    data file (with a warning) when that folder is missing (a USB stick not plugged in)."""
    folder = backup_folder()
    changes_before = window.store.write_mark()

    def job(report):
        def progress(done: int, total: int) -> None:
            report(done, total, "Đang sao lưu…")

        try:
            return call(folder, progress), ""
        except BackupError as exc:
            if not folder or Path(folder).is_dir():
                raise
            return call(None, progress), str(exc)

    def finish(result) -> None:
        path, warning = result
        if path:
            window._changes_at_backup = changes_before
        if warning:
            window.statusBar().showMessage(f"{warning} Đã sao lưu vào thư mục cạnh tệp dữ liệu.", 15000)
        if path and done_text:
            inform(window, title, done_text(path, warning))
        elif path:
            window.statusBar().showMessage(f"Đã sao lưu tự động: {path}", 10000)

    run_job(window, title, job, finish, _failed(window, "Sao lưu không thành công"))


def backup_now(window) -> None:
    path = window.store.path
    run_backup(window, "Sao lưu dữ liệu",
               lambda folder, progress: backup_to_folder(path, folder, MANUAL, progress),
               lambda target, warning: (f"{warning}\n\n" if warning else "")
               + f"Đã sao lưu vào:\n{target}")


def backup_if_due(window) -> None:
    """At start: a copy when the newest one is older than a day (then thinning)."""
    if window.store.read_only:
        return
    path = window.store.path
    run_backup(window, "Sao lưu tự động",
               lambda folder, progress: _if_due(path, folder, progress=progress), None)


def backup_on_leave(window, store: Store) -> bool:
    """On exit (or on opening another file): a copy when this session changed the file.
    False when the copy failed and the user chose to stay."""
    if store._closed or store.read_only or store.write_mark() == window._changes_at_backup:
        return True
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    window.statusBar().showMessage("Đang sao lưu…")
    QApplication.processEvents()
    try:
        backup_before(store.path, ON_EXIT, backup_folder())
        failure = ""
    except StoreError as exc:
        failure = str(exc)
    finally:
        QApplication.restoreOverrideCursor()
        window.statusBar().clearMessage()
    if failure:
        return confirm(window, "Sao lưu khi thoát", f"Không sao lưu được: {failure}\n\nVẫn tiếp tục?",
                       yes="Vẫn tiếp tục", no="Ở lại")
    window._changes_at_backup = store.write_mark()
    return True


def restore_from_backup(window) -> None:
    """Choose a copy; keep the current file; write the copy over it; reload every page."""
    from ...services.restore import restore_backup
    from .restore_dialog import RestoreDialog

    if window.store.read_only:
        error(window, "Khôi phục", "Tệp đang mở chỉ đọc (đang được mở ở cửa sổ khác): "
                                   "không thể khôi phục từ cửa sổ này.")
        return
    folder = backup_folder()
    dialog = RestoreDialog(window, window.store.path, folder)
    accepted = show_dialog(dialog)
    chosen, path = dialog.chosen, window.store.path
    if not accepted or chosen is None:
        return

    def job(report):
        return restore_backup(path, chosen.path, folder,
                              progress=lambda done, total: report(done, total, "Đang khôi phục…"))

    def done(result) -> None:
        try:
            store = open_store(result.path, user=window.store.user)
        except StoreError as exc:
            error(window, "Không mở được tệp đã khôi phục", str(exc))
            return
        window._switch_to(store, window.data_lock)
        inform(window, "Khôi phục", f"Đã khôi phục bản sao lưu lúc {chosen.taken_at:%d/%m/%Y %H:%M}."
               f"\n\nDữ liệu trước khi khôi phục được giữ tại:\n{result.kept_copy}")

    run_job(window, "Khôi phục dữ liệu", job, done, _failed(window, "Khôi phục không thành công"))


def check_data_file(window) -> None:
    """``integrity_check`` of the open file in a job; a damaged file leads to recovery."""
    from ...services.integrity import check_file

    path = window.store.path

    def job(report):
        report(0, 0, "Đang kiểm tra tệp dữ liệu…")
        return check_file(path, full=True)

    def done(problems: list[str]) -> None:
        if problems:
            recover_damaged(window, problems)
        else:
            inform(window, "Kiểm tra tệp dữ liệu", f"Tệp dữ liệu nguyên vẹn:\n{path}")

    run_job(window, "Kiểm tra tệp dữ liệu", job, done, _failed(window, "Kiểm tra không thành công"))


def check_in_background(window) -> None:
    """``quick_check`` of the open file in a worker thread, with no dialog: the window
    stays usable meanwhile. Damage leads to recovery (a read-only window is only told)."""
    from ...services.integrity import CheckStopped, check_file
    from ..tasks import run_quietly

    store = window.store

    def done(problems: list[str]) -> None:
        if not problems or window.store is not store or store._closed:
            return  # another file was opened meanwhile: its own check follows its opening
        if store.read_only:
            error(window, "Tệp dữ liệu bị hỏng", "Tệp dữ liệu bị hỏng: " + "; ".join(problems[:3])
                  + "\nHãy khôi phục từ cửa sổ đang mở tệp này.")
        else:
            recover_damaged(window, problems)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, CheckStopped):
            done([str(exc)])

    stopped: list[bool] = []
    QApplication.instance().aboutToQuit.connect(lambda: stopped.append(True))
    run_quietly(window, lambda _report: check_file(store.path, stop=lambda: bool(stopped)),
                done, failed)


def recover_damaged(window, problems: list[str], note: str = "") -> None:
    """The open file is damaged: close it (the pages hidden meanwhile, so that nothing
    reads it), offer the newest good backups, open what the user chose; or quit. ``note``
    (changes written since the check began) is shown in the dialog."""
    from .damaged import recover

    path, user = window.store.path, window.store.user
    window.centralWidget().hide()
    window.store.close()
    target = recover(window, path, problems, backup_folder(), note=note)
    store = None
    if target is not None:
        try:
            store = open_store(target, user=user)
        except StoreError as exc:
            error(window, "Không mở được tệp", str(exc))
    if store is None:
        window.close()
        return
    lock = window.data_lock
    if Path(target).resolve() != Path(path).resolve():
        taken = window._lock(Path(target))
        lock = taken[0] if taken else None
    window._switch_to(store, lock)
    window.centralWidget().show()
