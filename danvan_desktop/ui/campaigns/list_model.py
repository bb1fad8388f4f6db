"""The campaign list as a thin table model: it holds the matching ids (searched and
sorted in SQL) and fetches the rows' text a page at a time, as they are drawn."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain import vocab
from ...domain.text import format_date, format_money, group_thousands
from ...store.campaigns import CampaignFilter, list_rows, query_ids
from ...store.db import Store
from .logic import percent

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
ID_ROLE = Qt.ItemDataRole.UserRole

# (sort key in store.campaigns.SORT_COLUMNS, header)
COLUMNS = [
    ("title", "Tên công trình"),
    ("type", "Loại"),
    ("commune", "Xã"),
    ("village", "Thôn"),
    ("started_on", "Bắt đầu"),
    ("finished_on", "Hoàn thành"),
    ("status", "Tình trạng"),
    ("estimate_vnd", "Dự toán"),
    ("raised_vnd", "Đã huy động"),
    ("raised_ratio", "Tỷ lệ %"),
]
_RIGHT = {"estimate_vnd", "raised_vnd", "raised_ratio", "started_on", "finished_on"}


def cell_text(row: dict, key: str) -> str:
    """The text a list cell shows for a row of ``store.campaigns.list_rows``."""
    if key == "title":
        return row["title"]
    if key == "type":
        return vocab.CAMPAIGN_TYPES.short(row["type"])
    if key == "status":
        return vocab.CAMPAIGN_STATUSES.label(row["status"])
    if key in ("commune", "village"):
        return row[key] or ""
    if key in ("started_on", "finished_on"):
        return format_date(row[key])
    if key == "estimate_vnd":
        return "" if row["estimate_vnd"] is None else format_money(row["estimate_vnd"], unit=False)
    if key == "raised_vnd":
        return format_money(row["raised_vnd"], unit=False)
    if key == "raised_ratio":
        share = percent(row["raised_vnd"], row["estimate_vnd"])
        # Two decimals on every row (1,70 under 0,32), so that a column of figures lines up.
        if share is None:
            return ""
        whole, hundredths = divmod(round(share * 100), 100)
        return f"{group_thousands(whole)},{hundredths:02d}"
    return ""


class CampaignListModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = CampaignFilter()
        self.sort_key = "started_on"
        self.descending = True
        self._ids: list[int] = []
        self._rows: dict[int, dict] = {}

    # --- the ids ---------------------------------------------------------------------------

    def refresh(self, flt: CampaignFilter | None = None) -> None:
        """Query the ids again (after a filter change or a write) and forget cached rows."""
        if flt is not None:
            self.filter = flt
        self.beginResetModel()
        self._ids = query_ids(self.store, self.filter, self.sort_key, self.descending)
        self._rows = {}
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        old_ids = self._ids
        self._ids = query_ids(self.store, self.filter, self.sort_key, self.descending)
        # Keep selections and the current cell on the same records.
        position = {record_id: row for row, record_id in enumerate(self._ids)}
        moved_from, moved_to = [], []
        for index in self.persistentIndexList():
            record_id = old_ids[index.row()] if 0 <= index.row() < len(old_ids) else None
            new_row = position.get(record_id, -1)
            moved_from.append(index)
            moved_to.append(self.index(new_row, index.column()) if new_row >= 0 else QModelIndex())
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def column_of(self, key: str) -> int:
        return [k for k, _ in COLUMNS].index(key)

    # --- the rows, a page at a time --------------------------------------------------------

    def _row(self, row: int) -> dict | None:
        record_id = self._ids[row]
        if record_id not in self._rows:
            start = row - row % PAGE
            page = [i for i in self._ids[start:start + PAGE] if i not in self._rows]
            self._rows.update(list_rows(self.store, page))
        return self._rows.get(record_id)

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][0] == "raised_ratio":
            return "Tiền đã huy động so với dự toán"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        key = COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if key in _RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:  # removed since the ids were read; the next refresh drops it
            return ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return row["title"] if key == "title" else None
        return cell_text(row, key)
