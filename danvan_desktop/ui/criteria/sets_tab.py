"""Bộ tiêu chí: the year's set of one kind, edited as a small table (group, number,
wording, maximum points) with its title and thresholds; copied from last year, or
imported and exported as .xlsx. Saving a set already scored against makes a new version."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.criteria import (
    KIND_LABELS,
    CriteriaSet,
    Criterion,
    parse_points,
    parse_thresholds,
    points_text,
    thresholds_text,
)
from ...domain.validation import ValidationError
from ...services.criteria import sets_xlsx
from ...services.exchange.reader import FileRefused
from ...store import criteria as sc
from ...store.db import Store
from ..widgets.dialogs import confirm, error, inform
from ..widgets.tables import install_button_menu, table_habits

HEADERS = ("Nhóm tiêu chí", "Số", "Tiêu chí", "Điểm tối đa")


class SetsTab(QWidget):
    changed = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.year = 0
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.title = QLineEdit()
        self.thresholds = QLineEdit()
        self.thresholds.setPlaceholderText("Ví dụ: Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("criteria")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate((190, 50, 0, 90)):
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.info = QLabel()
        self.info.setObjectName("set_info")
        self.info.setWordWrap(True)
        self.buttons = {
            name: QPushButton(text)
            for name, text in (
                ("add", "Thêm tiêu chí"),
                ("remove", "Xóa dòng"),
                ("save", "Lưu bộ tiêu chí"),
                ("copy", "Sao chép từ năm trước"),
                ("import", "Nhập từ Excel…"),
                ("export", "Xuất Excel…"),
            )
        }
        self._layout()
        table_habits(self.table, "Bộ tiêu chí này chưa có tiêu chí nào. Bấm “Thêm tiêu chí”, "
                                 "“Sao chép từ năm trước” hoặc “Nhập từ Excel…”.")
        install_button_menu(self.table, [self.buttons["add"], self.buttons["remove"], None,
                                         self.buttons["copy"]])
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.itemChanged.connect(lambda _item: self._show_total())
        for name, slot in (
            ("add", self.add_row),
            ("remove", self.remove_row),
            ("save", self.save),
            ("copy", self.copy_last_year),
            ("import", self.import_file),
            ("export", self.export_file),
        ):
            self.buttons[name].clicked.connect(slot)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Áp dụng cho", self.kind)
        form.addRow("Tên bộ tiêu chí", self.title)
        form.addRow("Mức xếp loại", self.thresholds)
        edits, files = QHBoxLayout(), QHBoxLayout()
        for name in ("add", "remove"):
            edits.addWidget(self.buttons[name])
        edits.addStretch()
        edits.addWidget(self.buttons["save"])
        for name in ("copy", "import", "export"):
            files.addWidget(self.buttons[name])
        files.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        layout.addLayout(edits)
        layout.addLayout(files)

    # --- showing ---------------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def current(self) -> CriteriaSet | None:
        return sc.current_set(self.store, self.year, self.kind.currentData())

    def reload(self) -> None:
        criteria_set = self.current()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if criteria_set is None:
            self.title.setText(f"Bộ tiêu chí đánh giá mô hình, điển hình “Dân vận khéo” năm {self.year}")
            self.thresholds.setText("")
        else:
            self.title.setText(criteria_set.title)
            self.thresholds.setText(thresholds_text(criteria_set.thresholds))
            for c in criteria_set.criteria:
                self._append([c.group, c.code, c.wording, points_text(c.max_points)])
        self.table.blockSignals(False)
        self._show_total()

    def _append(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column == 3:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _show_total(self) -> None:
        criteria_set = self.current()
        total = 0.0
        for row in range(self.table.rowCount()):
            with contextlib.suppress(ValueError):  # named when saving
                total += parse_points(self._text(row, 3)) or 0
        parts = [f"{self.table.rowCount()} tiêu chí, tổng {points_text(total)} điểm."]
        if criteria_set is None:
            parts.append(
                f"Năm {self.year} chưa có bộ tiêu chí loại này: nhập rồi bấm Lưu, "
                "hoặc sao chép từ năm trước, hoặc nhập từ Excel."
            )
        else:
            sheets = sc.list_sets(self.store)
            used = next((r["sheets"] for r in sheets if r["id"] == criteria_set.id), 0)
            parts.append(f"Phiên bản {criteria_set.version}.")
            if used:
                parts.append(
                    f"Đã có {used} phiếu chấm theo bộ này: khi lưu thay đổi, phần mềm tạo "
                    "phiên bản mới và giữ nguyên phiên bản cũ cho các phiếu đã chấm."
                )
        self.info.setText(" ".join(parts))

    # --- editing ---------------------------------------------------------------------------------

    def add_row(self) -> None:
        group = self._text(self.table.rowCount() - 1, 0) if self.table.rowCount() else ""
        self._append([group, "", "", ""])
        self.table.setCurrentCell(self.table.rowCount() - 1, 2)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 2))

    def remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self._show_total()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def edited_set(self) -> CriteriaSet:
        """The set as the screen shows it; ValueError names a number it cannot read."""
        criteria = []
        for row in range(self.table.rowCount()):
            if not any(self._text(row, c) for c in range(4)):
                continue
            try:
                points = parse_points(self._text(row, 3)) or 0
            except ValueError:
                raise ValueError(
                    f"Dòng {row + 1}: điểm tối đa “{self._text(row, 3)}” không phải số."
                ) from None
            criteria.append(Criterion(self._text(row, 2), points, self._text(row, 0), self._text(row, 1)))
        return CriteriaSet(
            self.year,
            self.kind.currentData(),
            self.title.text(),
            criteria,
            parse_thresholds(self.thresholds.text()),
        )

    def save(self) -> None:
        try:
            saved = sc.save_set(self.store, self.edited_set())
        except (ValueError, ValidationError) as exc:
            error(self, "Chưa lưu được bộ tiêu chí", _message(exc))
            return
        self.reload()
        self.changed.emit()
        inform(
            self,
            "Đã lưu",
            f"Đã lưu bộ tiêu chí năm {saved.year}, phiên bản {saved.version}: "
            f"{len(saved.criteria)} tiêu chí, tổng {points_text(saved.total_points)} điểm.",
        )

    def copy_last_year(self) -> None:
        if not confirm(
            self,
            "Sao chép bộ tiêu chí",
            f"Sao chép các bộ tiêu chí năm {self.year - 1} "
            f"sang năm {self.year}? Loại nào năm {self.year} đã có "
            "thì giữ nguyên.",
        ):
            return
        copied = sc.copy_year(self.store, self.year - 1, self.year)
        self.reload()
        self.changed.emit()
        inform(
            self,
            "Sao chép bộ tiêu chí",
            f"Đã sao chép {len(copied)} bộ tiêu chí."
            if copied
            else f"Không có gì để sao chép (năm {self.year - 1} chưa có bộ tiêu chí, "
            f"hoặc năm {self.year} đã có đủ).",
        )

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Nhập bộ tiêu chí", "", "Excel (*.xlsx)")
        if not path:
            return
        try:
            saved = sets_xlsx.import_sets(self.store, self.year, path)
        except sets_xlsx.ImportRefused as exc:
            error(self, "Không nhập được", "Không ghi gì vì:\n" + "\n".join(str(e) for e in exc.errors[:20]))
            return
        except FileRefused as exc:
            error(self, "Không nhập được", str(exc))
            return
        self.reload()
        self.changed.emit()
        inform(self, "Đã nhập", f"Đã nhập {len(saved)} bộ tiêu chí năm {self.year}.")

    def export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Xuất bộ tiêu chí", f"Bo tieu chi {self.year}.xlsx", "Excel (*.xlsx)"
        )
        if not path:
            return
        try:
            _, count = sets_xlsx.export_sets(self.store, self.year, path)
        except OSError as exc:
            error(self, "Không ghi được tệp", str(exc))
            return
        inform(
            self,
            "Đã xuất",
            f"Đã ghi {count} bộ tiêu chí vào tệp."
            if count
            else "Năm này chưa có bộ tiêu chí: tệp là mẫu để điền rồi nhập lại.",
        )


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "\n".join(e.message for e in exc.errors)
    return str(exc)
