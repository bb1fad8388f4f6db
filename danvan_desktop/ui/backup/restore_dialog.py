"""Khôi phục: the copies kept, newest first, with their date, what they hold (counted
through a read-only connection) and their size. The dialog only chooses; the window
does the restore (services.restore) in a job and reloads its screens.

Tests replace :func:`confirm`, looked up here at call time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.text import format_number, group_thousands
from ...services.backup import BackupInfo, folders_of, list_backups
from ...services.integrity import Contents, contents
from ..widgets.dialogs import confirm
from ..widgets.tables import install_button_menu, table_habits

__all__ = ["RestoreDialog", "confirm", "size_text", "when_text", "contents_text"]

HEADERS = ["Thời điểm sao lưu", "Loại bản sao", "Mô hình", "Cuộc vận động", "Dung lượng", "Thư mục"]


def size_text(size: int) -> str:
    if size < 1_048_576:
        return f"{format_number(size / 1024, 0)} KB"
    return f"{format_number(size / 1_048_576, 1)} MB"


def when_text(copy: BackupInfo) -> str:
    return copy.taken_at.strftime("%d/%m/%Y %H:%M")


def contents_text(held: Contents | None) -> str:
    if held is None:
        return "không đọc được"
    return f"{group_thousands(held.initiatives)} mô hình, {group_thousands(held.campaigns)} cuộc vận động"


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # plain text: a file name is never read as markup
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RestoreDialog(QDialog):
    """Lists the copies of ``db_path``; ``chosen`` is the copy to restore when accepted."""

    def __init__(self, parent: QWidget | None, db_path: Path, folder: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.resize(980, 520)
        self.db_path = Path(db_path)
        self.folder = folder
        self.chosen: BackupInfo | None = None
        layout = QVBoxLayout(self)
        current = contents(self.db_path)
        self.current = QLabel(f"Tệp dữ liệu: {self.db_path}\nDữ liệu hiện tại: {contents_text(current)}.")
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.current)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(self._double_clicked)
        layout.addWidget(self.table, 1)
        note = QLabel("Trước khi khôi phục, chương trình giữ một bản sao của dữ liệu hiện tại "
                      "(“Trước khi khôi phục”), nên luôn có thể quay lại.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.open_folder = QPushButton("Mở thư mục sao lưu")
        self.open_folder.clicked.connect(self._open_folder)
        self.restore_button = QPushButton("Khôi phục bản đã chọn…")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        table_habits(self.table, "Chưa có bản sao lưu nào của tệp dữ liệu này. Chương trình sao lưu "
                                 "mỗi ngày khi mở; bấm “Mở thư mục sao lưu” để tìm bản sao khác.")
        install_button_menu(self.table, [self.restore_button, self.open_folder])
        self.reload()

    def reload(self) -> None:
        self.copies = list_backups(self.db_path, self.folder)
        self.table.setRowCount(len(self.copies))
        for row, copy in enumerate(self.copies):
            held = contents(copy.path)
            cells = [
                _cell(when_text(copy)), _cell(copy.label),
                _cell(group_thousands(held.initiatives) if held else "không đọc được", True),
                _cell(group_thousands(held.campaigns) if held else "", True),
                _cell(size_text(copy.size), True), _cell(str(copy.path.parent)),
            ]
            for column, item in enumerate(cells):
                if copy.ours is False:  # another file's copy (same name): shown, greyed, not offered
                    item.setForeground(QColor("#8a8a8a"))
                    item.setToolTip("Bản sao của một tệp dữ liệu khác cùng tên (khác mã nhận diện).")
                self.table.setItem(row, column, item)
        if not self.copies:
            self.current.setText(self.current.text() + "\nChưa có bản sao lưu nào.")
        elif self.table.currentRow() < 0:
            own = [i for i, c in enumerate(self.copies) if c.ours is not False]
            self.table.selectRow(own[0] if own else 0)

    def _selection_changed(self) -> None:
        copy = self.selected()
        self.restore_button.setEnabled(copy is not None and copy.ours is not False)
        if copy is not None and copy.ours is False:
            self.restore_button.setToolTip("Bản sao này là của một tệp dữ liệu khác (cùng tên tệp), "
                                           "không khôi phục đè lên tệp này được.")
        else:
            self.restore_button.setToolTip("")

    def _double_clicked(self, _item) -> None:
        self.restore_selected()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.copies[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        copy = self.selected()
        if copy is None or copy.ours is False:
            return
        text = (f"Thay dữ liệu hiện tại bằng bản sao lưu lúc {when_text(copy)} "
                f"({contents_text(contents(copy.path))})?\n\n"
                "Dữ liệu hiện tại được giữ lại thành một bản sao “Trước khi khôi phục”; "
                "các thay đổi sau thời điểm sao lưu sẽ không còn trong tệp đang dùng.")
        if confirm(self, "Khôi phục dữ liệu", text, yes="Khôi phục", no="Hủy"):
            self.chosen = copy
            self.accept()

    def _open_folder(self) -> None:
        from PySide6.QtCore import QUrl

        folder = folders_of(self.db_path, self.folder)[0]
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
