"""Chấm điểm: the year's evaluators, and one evaluator's points typed down a column like a
spreadsheet, or sent out as an .xlsx and imported back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.validation import ValidationError
from ...services.criteria import scoring_xlsx
from ...services.exchange.reader import FileRefused
from ...store import criteria as sc
from ...store.db import Store
from ..widgets.dialogs import ask_text, confirm, error, inform
from ..widgets.tables import table_habits
from .background import read_in_background
from .score_model import ScoreModel
from .score_table import ScoreTable

KINDS = (("tap_the", "Tập thể"), ("ca_nhan", "Cá nhân"))


class ScoringTab(QWidget):
    changed = Signal()
    loaded = Signal()  # the table shows what was read

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.year = 0
        self.evaluator = QComboBox()
        self.evaluator.setMinimumWidth(220)
        self.kind = QComboBox()
        for code, label in KINDS:
            self.kind.addItem(label, code)
        self.field = QComboBox()  # one field at a time, as a panel often scores them
        self.field.addItem("Tất cả lĩnh vực", None)
        for term in vocab.FIELDS:
            self.field.addItem(term.short, term.code)
        self.model = ScoreModel(store, self)
        self.table = ScoreTable(self.model)
        table_habits(self.table, self._empty_text)
        self.status = QLabel()
        self.status.setObjectName("score_status")
        self.status.setWordWrap(True)
        self.buttons = {
            name: QPushButton(text)
            for name, text in (
                ("add", "Thêm người chấm…"),
                ("remove", "Bỏ người chấm"),
                ("export", "Xuất phiếu chấm Excel…"),
                ("import", "Nhập phiếu chấm Excel…"),
            )
        }
        top = QHBoxLayout()
        for label, widget in (
            ("Người chấm", self.evaluator),
            ("Mô hình", self.kind),
            ("Lĩnh vực", self.field),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addStretch()
        files = QHBoxLayout()  # the evaluator buttons below: the screen fits 1280×720 at 125 %
        files.addWidget(self.buttons["add"])
        files.addWidget(self.buttons["remove"])
        files.addWidget(self.status, 1)
        files.addWidget(self.buttons["export"])
        files.addWidget(self.buttons["import"])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(files)
        self.evaluator.currentIndexChanged.connect(lambda _i: self.reload_scores())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload_scores())
        self.field.currentIndexChanged.connect(lambda _i: self.reload_scores())
        self.model.refused.connect(self._refused)
        self.model.saved.connect(self._saved)
        for name, slot in (
            ("add", self.add_evaluator),
            ("remove", self.remove_evaluator),
            ("export", self.export_file),
            ("import", self.import_file),
        ):
            self.buttons[name].clicked.connect(slot)

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        chosen = self.evaluator.currentData()
        self.evaluator.blockSignals(True)
        self.evaluator.clear()
        for evaluator_id, name in sc.evaluators(self.store, self.year).items():
            self.evaluator.addItem(name, evaluator_id)
        index = self.evaluator.findData(chosen)
        self.evaluator.setCurrentIndex(max(index, 0))
        self.evaluator.blockSignals(False)
        self.reload_scores()

    def reload_scores(self) -> None:
        kind, evaluator_id, year = self.kind.currentData(), self.evaluator.currentData(), self.year
        field = self.field.currentData()

        def read(store, _report):
            criteria_set = sc.set_for_kind(store, year, kind)
            if criteria_set is None:
                return None, [], {}
            rows = [r for r in sc.year_initiatives(store, year, kind) if field in (None, r["field"])]
            sheets = sc.evaluator_sheets(store, criteria_set.id, evaluator_id) if evaluator_id else {}
            return criteria_set, rows, sheets

        read_in_background(
            self,
            self.store,
            "Đang đọc phiếu chấm…",
            read,
            lambda result: self._show_scores(evaluator_id, *result),
        )

    def _show_scores(self, evaluator_id, criteria_set, rows, sheets) -> None:
        self.model.load(criteria_set, evaluator_id, rows, sheets)
        header = self.table.horizontalHeader()
        for column, width in enumerate((230, 160, 64)):
            header.resizeSection(column, width)
        for column in range(3, self.model.columnCount() - 1):
            header.resizeSection(column, 70)
        if self.model.columnCount():
            header.resizeSection(self.model.remark_column(), 240)
        for button in ("remove", "export"):
            self.buttons[button].setEnabled(evaluator_id is not None)
        if criteria_set is None:
            self._say(f"Năm {self.year} chưa có bộ tiêu chí: tạo ở trang “Bộ tiêu chí” trước.")
        elif evaluator_id is None:
            self._say(f"Năm {self.year} chưa có người chấm: bấm “Thêm người chấm…”.")
        else:
            self._say(
                f"{len(rows)} mô hình. Gõ điểm rồi Enter để xuống dòng dưới (Shift+Enter lên, "
                "Tab sang phải, Delete xóa ô); điểm được lưu ngay."
            )
        self.table.setCurrentIndex(self.model.index(0, self.model.first_score_column()))
        self.loaded.emit()

    def _empty_text(self) -> str:
        if self.model.criteria_set is None:
            return (f"Năm {self.year} chưa có bộ tiêu chí cho loại này: tạo ở trang “Bộ tiêu chí” "
                    "trước (hoặc “Sao chép từ năm trước”).")
        return (f"Năm {self.year} không có mô hình nào đăng ký (theo loại, lĩnh vực đã chọn) để "
                "chấm điểm.")

    def _say(self, text: str, bad: bool = False) -> None:
        self.status.setStyleSheet("color: #B00020;" if bad else "")
        self.status.setText(text)

    def _refused(self, reason: str) -> None:
        self._say(f"Chưa lưu: {reason}", bad=True)

    def _saved(self) -> None:
        self._say("Đã lưu điểm.")
        self.changed.emit()

    # --- evaluators and files ----------------------------------------------------------------

    def add_evaluator(self) -> None:
        name = ask_text(self, "Thêm người chấm", f"Họ và tên người chấm năm {self.year}:")
        if not name:
            return
        try:
            new_id = sc.add_evaluator(self.store, self.year, name)
        except ValidationError as exc:
            error(self, "Chưa thêm được", str(exc))
            return
        self.reload()
        self.evaluator.setCurrentIndex(self.evaluator.findData(new_id))
        self.changed.emit()

    def remove_evaluator(self) -> None:
        evaluator_id = self.evaluator.currentData()
        if evaluator_id is None or not confirm(
            self,
            "Bỏ người chấm",
            f"Bỏ “{self.evaluator.currentText()}” khỏi danh sách người chấm năm "
            f"{self.year}? Các phiếu đã chấm vẫn được giữ và vẫn được tính.",
        ):
            return
        sc.remove_evaluator(self.store, evaluator_id)
        self.reload()
        self.changed.emit()

    def export_file(self) -> None:
        evaluator_id = self.evaluator.currentData()
        name = scoring_xlsx.suggested_name(self.evaluator.currentText(), self.year)
        path, _ = QFileDialog.getSaveFileName(self, "Xuất phiếu chấm điểm", name, "Excel (*.xlsx)")
        if not path:
            return
        try:
            scoring_xlsx.export_scoring(self.store, self.year, evaluator_id, path)
        except (FileRefused, OSError) as exc:
            error(self, "Không xuất được", str(exc))
            return
        inform(
            self,
            "Đã xuất",
            f"Đã ghi phiếu chấm điểm của {self.evaluator.currentText()}. Gửi tệp cho "
            "người chấm; khi nhận lại, bấm “Nhập phiếu chấm Excel…”.",
        )

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Nhập phiếu chấm điểm", "", "Excel (*.xlsx)")
        if not path:
            return
        try:
            plan = scoring_xlsx.import_scores(self.store, path)
        except FileRefused as exc:
            error(self, "Không nhập được", str(exc))
            return
        if plan.errors:
            lines = [str(e) for e in plan.errors[:20]]
            more = len(plan.errors) - len(lines)
            error(
                self,
                "Không nhập được",
                "Không ghi gì vì:\n" + "\n".join(lines) + (f"\n… và {more} lỗi khác." if more > 0 else ""),
            )
            return
        self.reload()
        self.changed.emit()
        inform(self, "Đã nhập", f"Đã nhập {len(plan.sheets)} phiếu chấm của {plan.evaluator}.")
