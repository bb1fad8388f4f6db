"""One evaluator's points as a table: a row per initiative of the year, a column per
criterion, then the total and a remark. Typing a number keeps it at once (one sheet per
initiative, audited); a number the criterion cannot take is refused with its reason."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain import vocab
from ...domain.criteria import CriteriaSet, ScoreSheet, check_points, parse_points, points_text
from ...domain.validation import ValidationError
from ...store import criteria as sc
from ...store.db import Store

FIXED = ("Tên mô hình, điển hình", "Chủ thể", "Lĩnh vực")
_BLANK = QBrush(QColor("#FFF6D5"))


_NO_PARENT = QModelIndex()


class ScoreModel(QAbstractTableModel):
    refused = Signal(str)  # why a typed value was not kept
    saved = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.criteria_set: CriteriaSet | None = None
        self.evaluator_id: int | None = None
        self.rows: list[dict] = []
        self.sheets: dict[int, ScoreSheet] = {}

    def load(
        self,
        criteria_set: CriteriaSet | None,
        evaluator_id: int | None,
        rows: list[dict],
        sheets: dict[int, ScoreSheet],
    ) -> None:
        """Show what was read (off the UI thread): the rows and this evaluator's sheets."""
        self.beginResetModel()
        self.criteria_set, self.evaluator_id, self.rows, self.sheets = (
            criteria_set,
            evaluator_id,
            rows,
            sheets,
        )
        self.endResetModel()

    # --- shape ---------------------------------------------------------------------------------

    @property
    def criteria(self) -> list:
        return self.criteria_set.criteria if self.criteria_set else []

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.criteria_set is None else len(FIXED) + len(self.criteria) + 2

    def first_score_column(self) -> int:
        return len(FIXED)

    def remark_column(self) -> int:
        return len(FIXED) + len(self.criteria) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        criterion = self._criterion(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(FIXED):
                return FIXED[section]
            if criterion is not None:
                number = criterion.code or str(section - len(FIXED) + 1)
                return f"{number}\n(tối đa {points_text(criterion.max_points)})"
            return "Tổng" if section == self.remark_column() - 1 else "Nhận xét"
        if role == Qt.ItemDataRole.ToolTipRole and criterion is not None:
            return f"{criterion.group}\n{criterion.wording}".strip()
        return None

    def _criterion(self, column: int):
        index = column - len(FIXED)
        return self.criteria[index] if 0 <= index < len(self.criteria) else None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._criterion(index.column()) is not None or index.column() == self.remark_column():
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # --- values --------------------------------------------------------------------------------

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        sheet = self.sheets.get(row["id"])
        column = index.column()
        criterion = self._criterion(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column < len(FIXED):
                return (row["name"], row["owner_name"], vocab.FIELDS.short(row["field"]))[column]
            if criterion is not None:
                return points_text(sheet.points.get(criterion.id)) if sheet else ""
            if column == self.remark_column():
                return sheet.remark if sheet else ""
            return points_text(sheet.total) if sheet and sheet.points else ""
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and column >= len(FIXED)
            and column != self.remark_column()
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and criterion is not None
            and sheet is not None
            and criterion.id not in sheet.points
        ):
            return _BLANK  # a sheet begun with this criterion left blank
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or self.criteria_set is None or self.evaluator_id is None:
            return False
        row = self.rows[index.row()]
        old = self.sheets.get(row["id"])
        sheet = ScoreSheet(
            row["id"], self.evaluator_id, dict(old.points) if old else {}, old.remark if old else ""
        )
        criterion = self._criterion(index.column())
        if criterion is not None:
            try:
                points = parse_points(value)
            except ValueError:
                self.refused.emit(f"“{value}” không phải số điểm.")
                return False
            reason = check_points(criterion, points)
            if reason:
                self.refused.emit(f"Tiêu chí {criterion.code or criterion.wording[:30]}: {reason}")
                return False
            if points is None:
                sheet.points.pop(criterion.id, None)
            else:
                sheet.points[criterion.id] = points
        elif index.column() == self.remark_column():
            sheet.remark = str(value or "")
        else:
            return False
        try:
            sheet.id = sc.save_sheet(self.store, self.criteria_set.id, sheet)
        except ValidationError as exc:
            self.refused.emit(str(exc))
            return False
        self.sheets[row["id"]] = sheet
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.saved.emit()
        return True
