"""Nhật ký thay đổi: every insert, change, deletion and restore, newest first, with who
made it and when, filtered by dates, user, record kind, action and text. Read-only:
the table cannot be edited and the store's triggers refuse any change to the log.
User text is shown as plain text (a name like ``<b>`` is shown as typed)."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.text import group_thousands
from ...store import audit
from ...store.db import Store
from ..widgets.tables import empty_hint, install_copy, install_menu

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
HEADERS = ["Thời gian", "Người thực hiện", "Thao tác", "Loại bản ghi", "Bản ghi", "Nội dung thay đổi"]
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "không giới hạn"


# What an entry without field changes did (deletion moves a record to the bin).
WITHOUT_CHANGES = {"delete": "Chuyển vào thùng rác (có thể khôi phục)",
                   "restore": "Lấy lại từ thùng rác"}


def cells(row: dict) -> list[str]:
    """The table's texts for one entry of the log."""
    record = row["record_name"] or (f"#{row['record_id']}" if row["record_id"] is not None else "")
    change = (audit.describe(row["record_kind"], row["changes"], row["action"])
              or WITHOUT_CHANGES.get(row["action"], ""))
    return [
        audit.local_time(row["at"]), row["user"] or "(không rõ)", audit.action_label(row["action"]),
        audit.kind_label(row["record_kind"]), record, change,
    ]


def details(row: dict) -> str:
    """Everything about one entry, one change a line (plain text)."""
    lines = [f"{audit.local_time(row['at'])} – {row['user'] or '(không rõ)'} – "
             f"{audit.action_label(row['action'])} {audit.kind_label(row['record_kind']).lower()}"
             + (f" “{row['record_name']}”" if row["record_name"] else ""),
             f"Mã bản ghi (dùng khi cần tra cứu kỹ thuật): {row['record_uuid'] or '—'}"]
    for name, pair in row["changes"].items():
        lines.append(audit.describe(row["record_kind"], {name: pair}, row["action"], limit=None))
    if not row["changes"] and row["action"] in WITHOUT_CHANGES:
        lines.append(WITHOUT_CHANGES[row["action"]])
    return "\n".join(lines)


class AuditModel(QAbstractTableModel):
    """Ids of the matching entries; rows fetched a page at a time as they are painted."""

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = audit.AuditFilter()
        self.ids: list[int] = []
        self._rows: dict[int, dict] = {}

    def set_filter(self, flt: audit.AuditFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.ids = audit.query_ids(self.store, self.filter)
        self._rows.clear()
        self.endResetModel()

    def entry(self, row: int) -> dict | None:
        if not 0 <= row < len(self.ids):
            return None
        entry_id = self.ids[row]
        if entry_id not in self._rows:
            start = (row // PAGE) * PAGE
            self._rows.update(audit.rows(self.store, self.ids[start:start + PAGE]))
        return self._rows.get(entry_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled  # never editable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.entry(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(HEADERS) - 1:
            # Tooltips read markup: the text is escaped inside a paragraph of our own.
            return f"<p style='white-space:pre-wrap'>{escape(details(row))}</p>"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("không giới hạn")
    edit.setDate(NO_DATE)
    edit.setMinimumWidth(140)
    return edit


def _day(edit: QDateEdit) -> dt.date | None:
    value = edit.date()
    return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None, store: Store):
        super().__init__(parent)
        self.setWindowTitle("Nhật ký thay đổi dữ liệu")
        self.resize(1200, 640)
        self.store = store
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_row())
        self.model = AuditModel(store, self)
        self.table = self._log_table()
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Chọn một dòng để xem đầy đủ các thay đổi.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([520, 90])
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self.count = QLabel("")
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        bottom.addWidget(self.count, 1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self._connect()
        self.apply_filter()
        self.text.setFocus()

    def _filter_row(self) -> QHBoxLayout:
        """Dates, user, record kind, action (each offering what the log holds) and text."""
        filters = QHBoxLayout()
        self.date_from, self.date_to = _date_edit(), _date_edit()
        self.user = QComboBox()
        self.kind = QComboBox()
        self.action = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText("Tìm trong nội dung, người thực hiện, mã bản ghi…")
        self.text.setClearButtonEnabled(True)
        self.user.addItem("Mọi người", None)
        for name in audit.users(self.store):
            self.user.addItem(name or "(không rõ)", name)
        self.kind.addItem("Mọi loại bản ghi", None)
        for kind in audit.kinds(self.store):
            self.kind.addItem(audit.kind_label(kind), kind)
        self.action.addItem("Mọi thao tác", None)
        for code, label in audit.ACTIONS.items():
            self.action.addItem(label, code)
        for label, widget in (("Từ ngày", self.date_from), ("đến", self.date_to),
                              ("Người", self.user), ("Loại", self.kind), ("Thao tác", self.action)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        return filters

    def _log_table(self) -> QTableView:
        """The log, read-only, a row per change; copy and the menu as in every list."""
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        install_copy(table)
        install_menu(table, lambda _menu: None)  # Chép các dòng đang chọn
        # (The hint refers to the store, not to the dialog: no cycle keeps a closed dialog alive.)
        store = self.store
        empty_hint(table, lambda: "Không có thay đổi nào khớp bộ lọc." if audit.count(store)
                   else "Chưa có thay đổi nào được ghi. Mỗi lần thêm, sửa, xóa một bản ghi sẽ có "
                   "một dòng ở đây.")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        for column, width in enumerate((120, 150, 80, 170, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        return table

    def _connect(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.apply_filter)
        # Bound methods, not lambdas holding ``self`` (a cycle Qt does not survive well).
        self.text.textChanged.connect(self._typed)
        for combo in (self.user, self.kind, self.action):
            combo.currentIndexChanged.connect(self._changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._changed)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _changed(self, *_args) -> None:
        self.apply_filter()

    def current_filter(self) -> audit.AuditFilter:
        return audit.AuditFilter(date_from=_day(self.date_from), date_to=_day(self.date_to),
                                 user=self.user.currentData(), kind=self.kind.currentData(),
                                 action=self.action.currentData(), text=self.text.text())

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        total = audit.count(self.store)
        shown = len(self.model.ids)
        self.count.setText(f"{group_thousands(shown)} thay đổi"
                           + (f" (trong tổng số {group_thousands(total)})" if shown != total else ""))
        self.detail.clear()

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.entry(current.row())
        self.detail.setPlainText(details(row) if row else "")
