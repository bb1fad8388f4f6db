"""The backup folder: a setting of this computer (QSettings), since a USB stick's drive
letter or mount point belongs to the machine, not to the data file. Empty means the
``backups`` folder beside the data file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...paths import backup_dir_for
from ...services.backup import DEFAULT_POLICY, ThinningPolicy

FOLDER_KEY = "backup/folder"


def backup_folder() -> str | None:
    """The chosen folder, or None for the default beside the data file."""
    value = QSettings().value(FOLDER_KEY, "")
    return str(value) if value else None


def set_backup_folder(folder: str | Path | None) -> None:
    QSettings().setValue(FOLDER_KEY, str(folder) if folder else "")


def policy_text(policy: ThinningPolicy = DEFAULT_POLICY) -> str:
    years = "mỗi năm" if policy.yearly is None else f"mỗi năm ({policy.yearly} năm gần nhất)"
    return (
        "Chương trình tự sao lưu khi mở (nếu bản mới nhất đã quá một ngày), khi thoát (nếu có "
        "thay đổi), trước khi nâng cấp, nhập dữ liệu hay khôi phục. Các bản cũ được tự động dọn "
        f"bớt: giữ bản mới nhất của mỗi ngày ({policy.daily} ngày gần nhất), mỗi tuần "
        f"({policy.weekly} tuần), mỗi tháng ({policy.monthly} tháng) và {years}; các bản trước "
        f"khi nâng cấp, nhập dữ liệu, khôi phục được giữ ít nhất {policy.protect_days} ngày. "
        "Tệp đính kèm được chép theo."
    )


class BackupSettingsDialog(QDialog):
    """Choose where copies go. The choice is kept when the user presses Lưu."""

    def __init__(self, parent: QWidget | None, db_path: Path):
        super().__init__(parent)
        self.setWindowTitle("Cài đặt sao lưu")
        self.setMinimumWidth(620)
        self.db_path = Path(db_path)
        layout = QVBoxLayout(self)
        intro = QLabel("Thư mục chứa các bản sao lưu (nên chọn ổ USB hoặc ổ đĩa thứ hai, để khi "
                       "máy hỏng vẫn còn dữ liệu). Để trống: thư mục “backups” cạnh tệp dữ liệu.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.folder = QLineEdit(backup_folder() or "")
        self.folder.setPlaceholderText(str(backup_dir_for(self.db_path)))
        self.folder.setClearButtonEnabled(True)
        choose = QPushButton("Chọn thư mục…")
        choose.clicked.connect(self._choose)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a folder name is not markup
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        policy = QLabel(policy_text())
        policy.setWordWrap(True)
        policy.setStyleSheet("color: #555;")
        layout.addWidget(policy)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        start = self.folder.text() or str(backup_dir_for(self.db_path).parent)
        name = QFileDialog.getExistingDirectory(self, "Chọn thư mục sao lưu", start)
        if name:
            self.folder.setText(name)

    def save(self) -> None:
        text = self.folder.text().strip()
        if text and not Path(text).expanduser().is_dir():
            self.message.setText(f"Không tìm thấy thư mục “{text}”. Hãy cắm ổ USB hoặc chọn "
                                 "thư mục khác.")
            return
        set_backup_folder(text or None)
        self.accept()
