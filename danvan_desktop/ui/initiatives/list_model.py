"""The initiative list's table model: it holds the matching ids only and fetches the rows
it is asked to paint a page at a time (Anki's browser DataModel). Searching, filtering
and sorting happen in SQL: on the UI thread for a small file, off it for a large one
(``list_loader``), where the first page of ids is shown as soon as it is read and the
rest (and the count) follow."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ...domain import vocab
from ...store.db import Store
from ...store.initiatives import InitiativeFilter, highest_id, list_rows, query_ids

PAGE = 200
FETCH = 1000  # rows added to a large list's view each time it is scrolled to its end
# From this many records ever written (max id), the ids are read in the background.
BACKGROUND_FROM = 20_000
Index = QModelIndex | QPersistentModelIndex

# (header, sort key of store.initiatives.SORT_COLUMNS, how a row shows it)
COLUMNS: list[tuple[str, str]] = [
    ("Tên mô hình, điển hình", "name"),
    ("Loại", "kind"),
    ("Lĩnh vực", "field"),
    ("Chủ thể", "owner_name"),
    ("Xã / thôn", "place"),
    ("Năm", "year"),
    ("Trạng thái", "status"),
    ("Cấp công nhận", "level"),
]


def _cell(row: dict, key: str) -> str:
    if key == "kind":
        return vocab.KINDS.label(row["kind"])
    if key == "field":
        return vocab.FIELDS.short(row["field"])
    if key == "place":
        return " – ".join(p for p in (row["commune"], row["village"]) if p)
    if key == "status":
        return vocab.STATUSES.label(row["status"])
    if key == "level":
        return vocab.LEVELS.label(row["level"])
    if key == "owner_name" and row["position"]:
        return f"{row['owner_name']} ({row['position']})"
    value = row.get(key)
    return "" if value is None else str(value)


class InitiativeTableModel(QAbstractTableModel):
    # The number of matching initiatives once known (None while it is being counted).
    counted = Signal(object)
    failed = Signal(str)

    def __init__(self, store: Store, parent=None, background_from: int | None = None):
        super().__init__(parent)
        self.store = store
        self.filter = InitiativeFilter()
        self.sort_key = "id"
        self.descending = True  # newest first until the user sorts
        self.ids: list[int] = []
        # Rows the view has (a large list grows by FETCH as the user scrolls: a view of a
        # million rows would be laid out a million times over); ``ids`` holds them all.
        self.shown = 0
        self.total: int | None = 0  # None while the ids are still being read
        self._rows: dict[int, dict] = {}
        self.background_from = BACKGROUND_FROM if background_from is None else background_from
        self._loader = None

    # --- what to show ----------------------------------------------------------------------

    def set_filter(self, flt: InitiativeFilter) -> None:
        self.filter = flt
        self.reload()

    @property
    def in_background(self) -> bool:
        """A large file: the ids are read off the UI thread (max(id) is one index step)."""
        return highest_id(self.store) >= self.background_from

    def reload(self) -> None:
        if self.in_background:
            self._request()
            return
        self.beginResetModel()
        self.ids = query_ids(self.store, self.filter, self.sort_key, self.descending)
        self.shown = len(self.ids)
        self._rows.clear()
        self.endResetModel()
        self.total = len(self.ids)
        self.counted.emit(self.total)

    def _request(self) -> None:
        if self._loader is None:
            from .list_loader import ListLoader

            self._loader = ListLoader(self)
            self._loader.page.connect(self._first_page)
            self._loader.done.connect(self._all_ids)
            self._loader.failed.connect(self._failed)
        self.total = None
        self.counted.emit(None)
        self._loader.request(self.store.path, self.filter, self.sort_key, self.descending, PAGE)

    def _first_page(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self.shown = min(len(ids), FETCH)
        self._rows.clear()
        self.endResetModel()

    def _all_ids(self, ids: list[int]) -> None:
        if ids[:self.shown] == self.ids[:self.shown]:  # the rest, below the rows shown
            self.ids = ids
        else:
            self._first_page(ids)
        self.total = len(ids)
        self.counted.emit(self.total)

    def _failed(self, message: str) -> None:
        self.total = len(self.ids)
        self.failed.emit(message)

    def wait(self, msecs: int = 30_000) -> None:
        """Until the ids asked for are all here (tests and scripts; the window never waits)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(msecs)
        while self.total is None and not deadline.hasExpired():
            if self._loader is not None:
                self._loader.wait(50)
            QCoreApplication.processEvents()

    def id_at(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < self.shown else None

    def rows_of(self, initiative_ids: list[int]) -> list[int]:
        """The rows of these ids, in one pass that stops once all are found (new records
        sit at the top of the default order); the view is shown down to the last one."""
        wanted, rows = set(initiative_ids), []
        for row, initiative_id in enumerate(self.ids):
            if initiative_id in wanted:
                rows.append(row)
                if len(rows) == len(wanted):
                    break
        if rows and rows[-1] >= self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, rows[-1])
            self.shown = rows[-1] + 1
            self.endInsertRows()
        return rows

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self.shown < len(self.ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        more = min(len(self.ids), self.shown + FETCH)
        if parent.isValid() or more <= self.shown:
            return
        self.beginInsertRows(QModelIndex(), self.shown, more - 1)
        self.shown = more
        self.endInsertRows()

    def _row(self, row: int) -> dict | None:
        initiative_id = self.ids[row]
        cached = self._rows.get(initiative_id)
        if cached is None:
            start = (row // PAGE) * PAGE
            self._rows.update(list_rows(self.store, self.ids[start:start + PAGE]))
            cached = self._rows.get(initiative_id)
        return cached

    # --- Qt's model interface --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.shown:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._row(index.row())
            text = _cell(row, COLUMNS[index.column()][1]) if row else None
            if text and role == Qt.ItemDataRole.ToolTipRole:
                # Tooltips read markup: the user's text is shown as typed.
                return f"<p>{html.escape(text)}</p>"
            return text
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()][1] == "year":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
