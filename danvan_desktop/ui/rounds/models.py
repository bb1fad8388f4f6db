"""Thin table models of the Khen thưởng screen: rounds, their recipients, and the
recognised initiatives to add. Each holds the rows of one query and draws their text."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain import vocab
from ...domain.text import format_date

Index = QModelIndex | QPersistentModelIndex
Columns = list[tuple[str, str]]


class RowsModel(QAbstractTableModel):
    """Rows of dicts with an ``id``; ``cell(row, key, number)`` gives a cell's text."""

    columns: Columns = []
    right: frozenset[str] = frozenset()
    checkable = False

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.checked: set[int] = set()

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        present = {r["id"] for r in rows}
        self.checked &= present
        self.endResetModel()

    def update_rows(self, changes: dict[int, dict]) -> None:
        """Some rows' values changed in place (prints recorded): no reset, the selection
        and the scroll position kept, one repaint of the rows between."""
        touched = []
        for number, row in enumerate(self.rows):
            change = changes.get(row["id"])
            if change:
                row.update(change)
                touched.append(number)
        if touched:
            self.dataChanged.emit(self.index(min(touched), 0),
                                  self.index(max(touched), self.columnCount() - 1))

    def id_at(self, row: int) -> int | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: int) -> int:
        for number, row in enumerate(self.rows):
            if row["id"] == record_id:
                return number
        return -1

    def cell(self, row: dict, key: str, number: int) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    def tooltip(self, row: dict, key: str) -> str | None:
        return None

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, key, index.row() + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(row, key)
            return rich_tooltip(tip) if tip else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if key in self.right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            return Qt.CheckState.Checked if row["id"] in self.checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not self.checkable or not index.isValid():
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        return self.set_checked(index.row(), on)

    def set_checked(self, row: int, on: bool) -> bool:
        record_id = self.id_at(row)
        if record_id is None:
            return False
        if on:
            self.checked.add(record_id)
        else:
            self.checked.discard(record_id)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def check_all(self, on: bool) -> None:
        """Tick (or untick) every row shown; ticks on rows a search hides stay."""
        shown = {r["id"] for r in self.rows}
        self.checked = (self.checked | shown) if on else (self.checked - shown)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])


def rich_tooltip(text: str) -> str:
    """A tooltip that shows user text as typed: Qt reads ``<…>`` in a tooltip as markup."""
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


def _times(count: int) -> str:
    return f"{count} lần" if count else ""


class RoundListModel(RowsModel):
    columns = [("number", "Số quyết định"), ("decided_on", "Ngày"), ("form", "Hình thức"),
               ("recipients", "Được khen")]
    right = frozenset({"decided_on", "recipients"})

    def cell(self, row: dict, key: str, number: int) -> str:
        if key == "decided_on":
            return format_date(row["decided_on"])
        if key == "form":
            return vocab.ROUND_FORMS.label(row["form"])
        return super().cell(row, key, number)

    def tooltip(self, row: dict, key: str) -> str | None:
        parts = [f"Quyết định số {row['number']} ngày {format_date(row['decided_on'])}",
                 row["issuer"], row.get("title") or ""]
        return "\n".join(p for p in parts if p)


class AwardModel(RowsModel):
    columns = [("stt", "STT"), ("recipient_name", "Tên tập thể / Họ và tên"),
               ("position_unit", "Chức vụ, đơn vị"), ("initiative_name", "Mô hình, điển hình"),
               ("field", "Lĩnh vực"), ("serial", "Số sổ"), ("prints", "Đã in")]
    right = frozenset({"stt", "prints"})

    def cell(self, row: dict, key: str, number: int) -> str:
        if key == "stt":
            return str(number)
        if key == "field":
            return vocab.FIELDS.short(row["field"])
        if key == "prints":
            return _times(row["prints"])
        return super().cell(row, key, number)

    def tooltip(self, row: dict, key: str) -> str | None:
        kind = vocab.KINDS.label(row["kind"])
        return f"{kind}: {row['recipient_name']}\nThành tích: {row['achievement'] or '(chưa có)'}"


class CandidateModel(RowsModel):
    """Recognised initiatives, a checkbox each."""

    columns = [("name", "Tên mô hình, điển hình"), ("kind", "Loại"), ("field", "Lĩnh vực"),
               ("owner_name", "Chủ thể"), ("commune", "Xã, phường"),
               ("recognized_on", "Ngày công nhận"), ("status", "Trạng thái")]
    right = frozenset({"recognized_on"})
    checkable = True

    def cell(self, row: dict, key: str, number: int) -> str:
        if key == "kind":
            return vocab.KINDS.label(row["kind"])
        if key == "field":
            return vocab.FIELDS.short(row["field"])
        if key == "recognized_on":
            return format_date(row["recognized_on"]) or str(row["year"])
        if key == "status":
            return vocab.STATUSES.label(row["status"])
        return super().cell(row, key, number)

    def tooltip(self, row: dict, key: str) -> str | None:
        who = row["owner_name"] + (f", {row['position']}" if row.get("position") else "")
        return f"{row['name']}\n{who}"


def selected_rows(view, model: RowsModel) -> list[int]:
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    return [i for i in (model.id_at(r) for r in rows) if i is not None]


def select_id(view, model: RowsModel, record_id: int | None,
              after: Callable[[], None] | None = None) -> None:
    """Make a record the current row (the first row when it is gone)."""
    row = model.row_of(record_id) if record_id is not None else -1
    if row < 0 and model.rowCount():
        row = 0
    if row >= 0:
        view.selectRow(row)
        view.scrollTo(model.index(row, 0))
    if after:
        after()
