"""When the data file is damaged (at start, or found by “Kiểm tra tệp dữ liệu”): the
newest backups that pass ``quick_check``, and two ways back. The damaged file is kept,
never overwritten: either the backup goes into a new file, or the damaged file is set
aside as ``…-hong-YYYYmmdd-HHMMSS`` and the backup takes its name.

Tests replace :func:`save_file_name`, looked up here at call time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...services.backup import BackupInfo
from ...services.integrity import good_backups
from ...services.restore import restore_backup, restore_to_new_file
from ...store.db import StoreError
from ..widgets.dialogs import error
from ..widgets.layouts import button_row
from ..widgets.tables import install_copy, install_menu
from .restore_dialog import _cell, size_text, when_text

NEW_FILE, REPLACE = "new", "replace"


def save_file_name(parent: QWidget | None, suggested: Path) -> str:
    name, _ = QFileDialog.getSaveFileName(parent, "Khôi phục vào tệp mới", str(suggested),
                                          "Tệp dữ liệu (*.sqlite3)")
    return name


class DamagedDialog(QDialog):
    """``action`` (NEW_FILE, REPLACE or None to quit) and ``chosen`` when accepted."""

    def __init__(self, parent: QWidget | None, db_path: Path, problems: list[str],
                 folder: str | None = None, limit: int = 5, note: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Tệp dữ liệu bị hỏng")
        self.resize(900, 460)
        self.db_path = Path(db_path)
        self.action: str | None = None
        self.chosen: BackupInfo | None = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # each copy is read through once by quick_check
            self.copies = list(good_backups(self.db_path, folder, limit))
        finally:
            QApplication.restoreOverrideCursor()
        layout = QVBoxLayout(self)
        layout.addWidget(self._explanation(problems, note))
        self.table = self._copies_table()
        layout.addWidget(self.table, 1)
        layout.addLayout(self._button_row())

    def _explanation(self, problems: list[str], note: str = "") -> QLabel:
        """What is wrong, that the damaged file is kept, and what the copies offer; ``note``:
        what was written since the check began (kept in the damaged file)."""
        detail = "; ".join(problems[:3]) or "không rõ lỗi"
        text = QLabel(
            f"Tệp dữ liệu “{self.db_path}” bị hỏng ({detail}).\n\n"
            "Tệp hỏng sẽ được giữ nguyên, không bị ghi đè: có thể gửi cho người hiểu biết để cứu "
            "phần dữ liệu sau lần sao lưu cuối. "
            + ("Chọn một bản sao lưu còn tốt để tiếp tục làm việc:" if self.copies else
               "Không tìm thấy bản sao lưu nào còn tốt của tệp này. Hãy tìm bản sao ở ổ USB hoặc "
               "máy khác (Tệp → Mở tệp dữ liệu…).")
            + ("\n(Không xác định được bản sao nào đúng là của tệp này, vì tệp hỏng không còn đọc "
               "được mã nhận diện: hãy xem kỹ thời điểm và số mô hình trước khi chọn.)"
               if any(copy.ours is None for copy, _ in self.copies) else "")
            + (f"\n\n{note}" if note else ""))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        return text

    def _copies_table(self) -> QTableWidget:
        """The good copies, newest first, the newest selected (hidden when there is none)."""
        table = QTableWidget(len(self.copies), 5)
        table.setHorizontalHeaderLabels(["Thời điểm sao lưu", "Loại bản sao", "Mô hình",
                                         "Cuộc vận động", "Dung lượng"])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, (copy, held) in enumerate(self.copies):
            for column, item in enumerate([
                _cell(when_text(copy)), _cell(copy.label), _cell(f"{held.initiatives}", True),
                _cell(f"{held.campaigns}", True), _cell(size_text(copy.size), True),
            ]):
                table.setItem(row, column, item)
        if self.copies:
            table.selectRow(0)
        table.setVisible(bool(self.copies))  # no copies: the text above says what to do
        install_copy(table)
        install_menu(table, lambda _menu: None)
        return table

    def _button_row(self) -> QHBoxLayout:
        self.new_button = QPushButton("Khôi phục vào tệp mới…")
        self.replace_button = QPushButton(
            f"Khôi phục vào “{self.db_path.name}”, đổi tên tệp hỏng thành “…-hong-…”")
        quit_button = QPushButton("Thoát")
        # Bound methods, not lambdas holding ``self``: such a cycle makes Python delete the
        # dialog from the garbage collector, which Qt reports and may crash on.
        for button in (self.new_button, self.replace_button):
            button.setEnabled(bool(self.copies))
        self.new_button.clicked.connect(self._choose_new)
        self.replace_button.clicked.connect(self._choose_replace)
        quit_button.clicked.connect(self.reject)
        buttons = button_row((self.new_button, self.replace_button), stretch=1)
        buttons.addWidget(quit_button)
        return buttons

    def _choose_new(self) -> None:
        self._choose(NEW_FILE)

    def _choose_replace(self) -> None:
        self._choose(REPLACE)

    def _choose(self, action: str) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.copies[rows[0].row()][0]
        self.action = action
        self.accept()


def recover(parent: QWidget | None, db_path: Path, problems: list[str],
            folder: str | None = None, run=None, note: str = "") -> Path | None:
    """Ask the user (``run`` shows the dialog; tests pass their own) and do what was
    chosen; return the file to open, or None to quit."""
    dialog = DamagedDialog(parent, db_path, problems, folder, note=note)
    accepted = run(dialog) if run else dialog.exec() == QDialog.DialogCode.Accepted
    if not accepted or dialog.chosen is None:
        return None
    target = None
    if dialog.action == NEW_FILE:
        stamp = dt.date.today().strftime("%Y%m%d")
        name = save_file_name(parent, db_path.with_name(f"{db_path.stem}-khoi-phuc-{stamp}.sqlite3"))
        if not name:
            return None
        target = Path(name)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if target is not None:
            return restore_to_new_file(dialog.chosen.path, target)
        return restore_backup(db_path, dialog.chosen.path, folder).path
    except StoreError as exc:
        failure = str(exc)
    finally:
        QApplication.restoreOverrideCursor()
    error(parent, "Khôi phục không thành công", failure)
    return None
