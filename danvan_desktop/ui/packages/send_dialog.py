"""Gửi gói dữ liệu: the period (or everything changed since the last package to this
recipient), the recipient, where to save; the package is written off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.packages import default_file_name, export_package
from ...services.packages.fileformat import KIND_LABELS
from ...store import packages as log
from ...store.audit import local_time
from ...store.db import Store, open_store
from ..tasks import run_job
from ..widgets import dialogs
from .period import PeriodChoice

NO_RECIPIENT = "Không ghi nơi nhận (đơn vị nào cũng nhận được)"


class SendDialog(QDialog):
    """``sent`` carries the path of the package written."""

    sent = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Gửi gói dữ liệu")
        self.resize(620, 300)
        self.period = PeriodChoice(allow_all=True)
        self.since_last = QCheckBox("Chỉ những gì thay đổi từ gói trước gửi cho nơi nhận này")
        self.recipient = QComboBox()
        self.recipient.setObjectName("recipient")
        self.recipient.addItem(NO_RECIPIENT, None)
        for office in log.offices(store):
            if not office["identity"].startswith("ma:"):
                label = office["name"] + (f" (mã {office['unit_code']})" if office["unit_code"] else "")
                self.recipient.addItem(label, office["identity"])
        self.code = QLineEdit()
        self.code.setPlaceholderText("hoặc mã đơn vị hành chính của nơi nhận, ví dụ 34")
        self.code.setMaxLength(20)
        self.last = QLabel()
        self.last.setWordWrap(True)
        self.last.setStyleSheet("color: #6b6b6b;")
        form = QFormLayout()
        form.addRow("Kỳ dữ liệu:", self.period)
        form.addRow("", self.since_last)
        form.addRow("Nơi nhận:", self.recipient)
        form.addRow("", self.code)
        form.addRow("", self.last)
        self.send_button = QPushButton("Ghi gói…")
        close = QPushButton("Đóng")
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.send_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch()
        layout.addLayout(buttons)
        self.send_button.clicked.connect(self.choose_and_send)
        close.clicked.connect(self.reject)
        self.recipient.currentIndexChanged.connect(self._show_last)
        self.code.textChanged.connect(self._show_last)
        self._show_last()

    def chosen_recipient(self) -> log.Office | None:
        code = self.code.text().strip()
        if code:
            return log.find_recipient(self.store, code) or log.Office("", unit_code=code)
        identity = self.recipient.currentData()
        return log.find_recipient(self.store, identity) if identity else None

    def _show_last(self) -> None:
        recipient = self.chosen_recipient()
        office = log.office_id_if_known(self.store, recipient) if recipient else None
        last = log.last_sent(self.store, office) if (office is not None or recipient is None) else None
        self.last.setText(f"Gói trước gửi nơi này: {local_time(last['created_at'])} ({last['file_name']})."
                          if last else "Chưa gửi gói nào cho nơi nhận này.")

    def choose_and_send(self) -> None:
        period = self.period.period()
        folder = Path(self.store.path).parent
        name, _ = QFileDialog.getSaveFileName(self, "Lưu gói dữ liệu",
                                              str(folder / default_file_name(self.store, period)),
                                              "Gói dữ liệu Dân vận khéo (*.dvk)")
        if name:
            self.send(Path(name) if name.endswith(".dvk") else Path(name + ".dvk"))

    def send(self, path: Path) -> None:
        period, since_last, recipient = self.period.period(), self.since_last.isChecked(), \
            self.chosen_recipient()
        db_path, user = self.store.path, self.store.user

        def job(report):
            report(0, 0, "Đang ghi gói dữ liệu…")
            with open_store(db_path, user=user) as own:
                return export_package(own, path, period=period, since_last=since_last,
                                      recipient=recipient)

        def done(result) -> None:
            counts = result.manifest.counts
            parts = ", ".join(f"{counts[k]} {KIND_LABELS[k].lower()}" for k in
                              ("initiatives", "campaigns", "contributions", "rounds", "awards")
                              if counts.get(k))
            dialogs.inform(self, "Đã ghi gói", f"Đã ghi gói “{path.name}”: "
                           f"{parts or 'không có gì thay đổi'}.\n\nGửi tệp này cho nơi nhận "
                           "(thư điện tử, USB…).")
            self.sent.emit(path)
            self.accept()

        run_job(self, "Gửi gói dữ liệu", job, done,
                lambda exc: dialogs.error(self, "Không ghi được gói", str(exc)))
