"""Đổi trạng thái hàng loạt: one status, date and note for the selected initiatives. The
dialog checks every record first (services.status_change) and names those whose move the
rules refuse; Đổi writes the others in one transaction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.text import format_date, parse_date
from ...services.status_change import (
    StatusChange,
    StatusPlan,
    apply_status_change,
    plan_status_change,
)
from ...store.db import Store
from ..widgets.inputs import DateEdit, VocabCombo


class BulkStatusDialog(QDialog):
    def __init__(self, store: Store, ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.ids = store, ids
        self.plan: StatusPlan | None = None
        self.written = 0
        self.setWindowTitle("Đổi trạng thái hàng loạt")
        self.setObjectName("bulk_status")
        self.resize(620, 420)
        self.status = VocabCombo(vocab.STATUSES)
        self.level = VocabCombo(vocab.LEVELS, blank="Giữ nguyên cấp của từng mô hình")
        self.on = DateEdit()
        self.on.set_value(dt.date.today())
        self.note = QLineEdit()
        self.note.setPlaceholderText("Căn cứ: số quyết định, biên bản… (ghi vào lịch sử trạng thái)")
        self.report = QPlainTextEdit()
        self.report.setObjectName("bulk_report")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("Bấm “Kiểm tra” để xem mô hình nào đổi được, mô hình nào "
                                       "không và vì sao.")
        form = QFormLayout()
        form.addRow(QLabel(f"Đổi trạng thái cho <b>{len(ids)}</b> mô hình đang chọn."))
        form.addRow("Trạng thái mới", self.status)
        form.addRow("Cấp công nhận", self.level)
        form.addRow("Ngày", self.on)
        form.addRow("Ghi chú", self.note)
        self.buttons = QDialogButtonBox()
        self.check_button = self.buttons.addButton("Kiểm tra", QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button = self.buttons.addButton("Đổi", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self.check_button.clicked.connect(self.check)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        for combo in (self.status, self.level):
            combo.currentIndexChanged.connect(self._forget)
        for edit in (self.on, self.note):
            edit.textChanged.connect(self._forget)
        self.status.setFocus()

    def _forget(self, *_args) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)

    def change(self) -> StatusChange | None:
        try:
            day = parse_date(self.on.value())
        except ValueError:
            day = None
        if day is None:
            self.report.setPlainText(f"Ngày “{self.on.value()}” không đúng dạng ngày/tháng/năm "
                                     "(ví dụ 15/03/2025).")
            self.on.setFocus()
            return None
        return StatusChange(self.status.code(), day, self.note.text().strip(), self.level.code())

    def check(self) -> StatusPlan | None:
        change = self.change()
        if change is None:
            return None
        try:
            self.plan = plan_status_change(self.store, self.ids, change)
        except ValueError as exc:
            self.report.setPlainText(str(exc))
            return None
        self.report.setPlainText(describe(self.plan))
        self.apply_button.setEnabled(bool(self.plan.ready))
        self.apply_button.setText(f"Đổi {len(self.plan.ready)} mô hình")
        return self.plan

    def apply(self) -> None:
        if self.plan is None and self.check() is None:
            return
        if not self.plan.ready:
            return
        self.written = apply_status_change(self.store, self.plan)
        self.accept()


def describe(plan: StatusPlan) -> str:
    label = vocab.STATUSES.label(plan.change.status)
    lines = [f"Sẽ đổi {len(plan.ready)} mô hình sang “{label}”, ngày {format_date(plan.change.on)}."]
    if plan.unchanged:
        lines.append(f"{len(plan.unchanged)} mô hình đã ở trạng thái này (để nguyên).")
    if plan.refused:
        lines.append(f"{len(plan.refused)} mô hình không đổi được (quy định không cho phép):")
        lines += [f"• {refusal}" for refusal in plan.refused[:50]]
        if len(plan.refused) > 50:
            lines.append(f"… và {len(plan.refused) - 50} mô hình khác.")
    return "\n".join(lines)
