"""The initiative list's Excel habits: paste rows copied from Excel as new initiatives
(each checked, refused rows named by row and column, one undoable step: Hoàn tác / Ctrl+Z),
the right-click menu, and the bulk status change. Rows are read through the model's
public access (``id_at``, ``index().data()``), never its fetching."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu

from ...services.exchange.paste import (
    PastePlan,
    PasteRefused,
    commit_initiatives,
    describe_refusals,
    plan_initiatives,
)
from ...store.initiatives import delete_initiatives, restore_initiatives
from .. import changes
from ..tasks import Cancelled, run_on_store
from ..widgets import dialogs
from ..widgets.tables import action, install_menu, tell
from .bulk_status import BulkStatusDialog


class PasteInitiatives(QUndoCommand):
    """The initiatives one paste added: undo moves them to the bin, redo brings them back,
    each written off the UI thread (a thousand rows and their audit lines)."""

    def __init__(self, habits: InitiativeHabits, ids: list[int]):
        super().__init__(f"dán {len(ids)} mô hình")
        self.habits, self.ids = habits, ids
        self._done_once = False

    def undo(self) -> None:
        ids = self.ids
        self.habits.write(f"Đang hoàn tác dán {len(ids)} mô hình",
                          lambda store, _report: delete_initiatives(store, ids),
                          f"Đã hoàn tác: bỏ {len(ids)} mô hình vừa dán (vào thùng rác).")

    def redo(self) -> None:
        if not self._done_once:  # pushed after the paste was written: nothing to do
            self._done_once = True
            self.habits.page.bus.notify(changes.INITIATIVES)
            return
        ids = self.ids
        self.habits.write(f"Đang dán lại {len(ids)} mô hình",
                          lambda store, _report: restore_initiatives(store, ids),
                          f"Đã dán lại {len(ids)} mô hình.")


class InitiativeHabits:
    def __init__(self, page):
        self.page = page
        self.busy = False  # a paste is being checked or written
        self.undo_stack = QUndoStack(page)
        table = page.table
        for keys, slot in ((QKeySequence.StandardKey.Paste, self.paste),
                           (QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Redo, self.redo)):
            shortcut = QShortcut(QKeySequence(keys), table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        install_menu(table, self.build_menu)

    # --- the menu ----------------------------------------------------------------------------

    def build_menu(self, menu: QMenu) -> None:
        page = self.page
        chosen = bool(page.selected_ids())
        in_bin = page.bin_button.isChecked()
        if in_bin:
            action(menu, "Khôi phục", page.restore_selected, chosen)
            return
        action(menu, "Mở", page.open_selected, chosen, "Return")
        action(menu, "Thêm mô hình…", page.new_initiative, True, "Ctrl+N")
        action(menu, "Đổi trạng thái…", self.change_status, chosen)
        action(menu, "Xóa (chuyển vào thùng rác)", page.delete_selected, chosen, "Delete")
        menu.addSeparator()
        action(menu, "Dán các dòng chép từ Excel", self.paste, True, QKeySequence.StandardKey.Paste)
        undo_text = self.undo_stack.undoText()
        action(menu, f"Hoàn tác {undo_text}" if undo_text else "Hoàn tác", self.undo,
               self.undo_stack.canUndo(), QKeySequence.StandardKey.Undo)

    # --- paste and undo ------------------------------------------------------------------------

    def paste(self) -> bool:
        """New initiatives from the rows on the clipboard: checked, then written, each off
        the UI thread with progress and Hủy (a Hủy writes nothing). False: nothing started."""
        page = self.page
        if page.bin_button.isChecked() or self.busy:
            return False
        text = QGuiApplication.clipboard().text()
        self.busy = True
        run_on_store(page, page.store, "Đang kiểm tra các dòng dán",
                     lambda store, report: plan_initiatives(store, text, report),
                     self._planned, self._failed)
        return True

    def _planned(self, plan: PastePlan) -> None:
        page = self.page
        if not plan.accepted:
            self.busy = False
            dialogs.error(page, "Không dán được",
                          "Không dòng nào thêm được:\n" + describe_refusals(plan.errors)
                          + _layout_hint(plan.header))
            return
        if plan.errors and not dialogs.confirm(
                page, "Dán từ Excel",
                f"Thêm được {len(plan.accepted)} mô hình. "
                f"{len(plan.rows) - len(plan.accepted)} dòng không thêm được:\n"
                + describe_refusals(plan.errors) + "\n\nThêm các dòng hợp lệ?",
                yes=f"Thêm {len(plan.accepted)} mô hình"):
            self.busy = False
            return
        run_on_store(page, page.store, f"Đang thêm {len(plan.accepted)} mô hình",
                     lambda store, report: commit_initiatives(store, plan, report),
                     self._added, self._failed, writes=True)

    def _added(self, ids: list[int]) -> None:
        self.busy = False
        page = self.page
        self.undo_stack.push(PasteInitiatives(self, ids))
        page.show_ids(ids)
        page.table.setFocus()  # back from the progress dialog: Ctrl+Z works at once
        tell(page, f"Đã thêm {len(ids)} mô hình từ bảng tính. Hoàn tác: Ctrl+Z.")

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, Cancelled):
            tell(self.page, "Đã hủy dán: không thêm mô hình nào.")
        elif isinstance(exc, PasteRefused):
            dialogs.error(self.page, "Không dán được", str(exc))
        else:
            dialogs.error(self.page, "Không dán được",
                          f"{exc}\n\nKhông có mô hình nào được thêm.")

    def undo(self) -> None:
        if self.undo_stack.canUndo() and not self.busy:
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.undo_stack.canRedo() and not self.busy:
            self.undo_stack.redo()

    def write(self, title: str, work, said: str) -> None:
        """An undo or redo's write, off the UI thread; the list reloads when it is in."""
        page = self.page
        self.busy = True

        def done(_result) -> None:
            self.busy = False
            page.bus.notify(changes.INITIATIVES)
            tell(page, said)

        def failed(exc: BaseException) -> None:
            self.busy = False
            page.bus.notify(changes.INITIATIVES)
            if not isinstance(exc, Cancelled):
                dialogs.error(page, "Không hoàn tác được", str(exc) or exc.__class__.__name__)

        run_on_store(page, page.store, title, work, done, failed, writes=True)

    # --- bulk status -----------------------------------------------------------------------------

    def change_status(self) -> BulkStatusDialog | None:
        page = self.page
        ids = page.selected_ids()
        if not ids or page.bin_button.isChecked():
            return None
        dialog = BulkStatusDialog(page.store, ids, page)

        def finished(_result: int) -> None:
            if dialog.written:
                page.bus.notify(changes.INITIATIVES)
                tell(page, f"Đã đổi trạng thái {dialog.written} mô hình.")
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog


def _layout_hint(header: bool) -> str:
    if header:
        return ""
    return ("\n\nKhông thấy dòng tiêu đề: các cột được đọc theo thứ tự của mẫu nhập (Tên mô hình, "
            "Loại, Lĩnh vực, Chủ thể, Chức vụ, Xã/phường, Thôn/xóm, Năm đăng ký…). Hãy chép cả "
            "dòng tiêu đề từ Excel.")
