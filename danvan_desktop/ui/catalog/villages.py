"""Thêm nhiều thôn một lần: village names pasted one a line (a column copied from Excel
or Word), all added under the chosen commune in one step; names the commune already has
(ignoring case, diacritics and the word Thôn/Xóm) are named and left out."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.entities import Area
from ...domain.validation import ValidationError
from ...services.exchange.paste import PasteRefused, VillageList, add_villages, plan_villages
from ...store.db import Store


class AddVillagesDialog(QDialog):
    def __init__(self, store: Store, commune: Area, parent: QWidget | None = None,
                 pasted: bool = False):
        super().__init__(parent)
        self.store, self.commune = store, commune
        self.plan: VillageList | None = None
        self.added: list[int] = []
        self.setWindowTitle("Thêm nhiều thôn, xóm")
        self.setObjectName("add_villages")
        self.resize(520, 460)
        intro = QLabel(f"Các thôn, xóm, tổ dân phố mới của <b>{commune.name}</b>, mỗi dòng một tên "
                       "(dán một cột chép từ Excel hoặc Word). Tên đã có sẽ được bỏ qua.")
        intro.setWordWrap(True)
        self.names = QPlainTextEdit()
        self.names.setObjectName("village_names")
        self.names.setPlaceholderText("Thôn Hoành Từ\nThôn Đông\nXóm Trại")
        self.names.setTabChangesFocus(True)
        self.preview = QLabel()
        self.preview.setObjectName("village_preview")
        self.preview.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Thêm", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.names.textChanged.connect(self._update)
        clipboard = QGuiApplication.clipboard().text()
        if clipboard and (pasted or "\n" in clipboard.strip()):  # Ctrl+V, or a copied column
            self.names.setPlainText(clipboard)
        self._update()
        self.names.setFocus()

    def _update(self) -> None:
        try:
            self.plan = plan_villages(self.store, self.commune.id, self.names.toPlainText())
        except PasteRefused:
            self.plan = None
        plan = self.plan
        self.ok_button.setEnabled(bool(plan and plan.new))
        self.ok_button.setText(f"Thêm {len(plan.new)} thôn, xóm" if plan and plan.new else "Thêm")
        if plan is None:
            self.preview.setText("Chưa có tên nào.")
            return
        lines = [f"Sẽ thêm {len(plan.new)} tên mới."]
        if plan.already:
            lines.append(f"Đã có, không thêm ({len(plan.already)}): " + ", ".join(plan.already[:20]))
        if plan.repeated:
            lines.append(f"Lặp lại trong danh sách, chỉ thêm một lần ({len(plan.repeated)}): "
                         + ", ".join(plan.repeated[:20]))
        self.preview.setText("\n".join(lines))

    def accept(self) -> None:
        if not self.plan or not self.plan.new:
            return
        try:
            self.added = add_villages(self.store, self.commune.id, self.plan.new)
        except ValidationError as exc:
            self.preview.setText(f"Chưa thêm tên nào: {exc}")
            return
        super().accept()
