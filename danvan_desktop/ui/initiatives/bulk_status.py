"""Đổi trạng thái hàng loạt: one status, date and note for the selected initiatives. The
dialog checks every record first (services.status_change) and names those whose move the
rules refuse; Đổi writes the others in one transaction. Both run off the UI thread, with
progress and Hủy (a Hủy writes nothing)."""

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
from ..tasks import Cancelled, run_on_store
from ..widgets.inputs import DateEdit, VocabCombo


class BulkStatusDialog(QDialog):
    def __init__(self, store: Store, ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.ids = store, ids
        self.plan: StatusPlan | None = None
        self.written = 0
        self.busy = False  # a check or the change is running
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
        self.check_button.clicked.connect(lambda: self.check())
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        for combo in (self.status, self.level):
            combo.currentIndexChanged.connect(self._forget)
        for edit in (self.on, self.note):
            edit.textChanged.connect(self._forget)
        self.status.setFocus()

    def reject(self) -> None:
        if not self.busy:  # a running check or change ends first (its own Hủy stops it)
            super().reject()

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

    def check(self, then_apply: bool = False) -> bool:
        """Check every record off the UI thread (progress and Hủy); the report says which
        moves the rules refuse. False: nothing started (a bad date, a check running)."""
        change = self.change()
        if change is None or self.busy:
            return False
        ids = self.ids
        self._working(True)

        def done(plan: StatusPlan) -> None:
            self._working(False)
            self.plan = plan
            self.report.setPlainText(describe(plan))
            self.apply_button.setEnabled(bool(plan.ready))
            self.apply_button.setText(f"Đổi {len(plan.ready)} mô hình")
            if then_apply:
                self.apply()

        run_on_store(self, self.store, "Đang kiểm tra các mô hình",
                     lambda store, report: plan_status_change(store, ids, change, report),
                     done, self._failed)
        return True

    def apply(self) -> None:
        """Write the checked moves off the UI thread, in one transaction (Hủy: none)."""
        if self.busy:
            return
        if self.plan is None:
            self.check(then_apply=True)
            return
        if not self.plan.ready:
            return
        plan = self.plan
        self._working(True)

        def done(written: int) -> None:
            self._working(False)
            self.written = written
            self.accept()

        run_on_store(self, self.store, f"Đang đổi trạng thái {len(plan.ready)} mô hình",
                     lambda store, report: apply_status_change(store, plan, report),
                     done, self._failed, writes=True)

    def _working(self, on: bool) -> None:
        self.busy = on
        for button in (self.check_button, self.apply_button):
            button.setEnabled(not on and (button is self.check_button or self.plan is not None
                                          and bool(self.plan.ready)))

    def _failed(self, exc: BaseException) -> None:
        self._working(False)
        if isinstance(exc, Cancelled):
            self.report.setPlainText("Đã hủy. Không mô hình nào được đổi trạng thái.")
        else:
            self.report.setPlainText(f"{exc}\n\nKhông mô hình nào được đổi trạng thái.")


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
