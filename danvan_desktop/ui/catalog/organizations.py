"""The organisations (đơn vị, tổ chức): a searchable list with add, edit, delete to the bin
and restore."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.text import group_thousands
from ...store import catalog
from ...store.db import Store
from .. import changes
from ..widgets.inputs import VocabCombo
from ..widgets.layouts import button_row
from ..widgets.tables import empty_hint, install_button_menu, install_copy
from . import forms

COLUMNS = ["Tên đơn vị, tổ chức", "Loại", "Địa bàn", "Số mô hình"]
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NO_PARENT = QModelIndex()


class OrganizationTableModel(QAbstractTableModel):
    """The rows of :func:`catalog.list_organizations`, read by the view (a thin model: see
    the note on item data in areas.py)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def fill(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return _RIGHT
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def text(self, row: int, column: int) -> str:
        item = self.rows[row]
        if column == 0:
            return item["name"]
        if column == 1:
            return vocab.ORG_KINDS.label(item["kind"])
        if column == 2:
            return item["area_name"]
        return group_thousands(item["initiatives"]) if item["initiatives"] else ""


class OrganizationsTab(QWidget):
    """Emits ``changed`` with the kinds of record a write touched; whoever holds the tab
    (the catalogue page) refreshes it then."""

    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.rows: list[dict] = []
        top = self._filter_row()
        self.model = OrganizationTableModel(self)
        self.table = self._organization_table()
        buttons = self._button_row()
        install_copy(self.table)
        install_button_menu(self.table, [self.edit_button, self.add_button, self.delete_button,
                                         self.restore_button])
        empty_hint(self.table, lambda: "Thùng rác trống." if self.in_bin.isChecked() else
                   "Không có đơn vị nào khớp tìm kiếm." if self.search.text().strip() else
                   "Chưa có đơn vị, tổ chức nào. Bấm “Thêm…”; đơn vị cũng được thêm khi lưu một "
                   "mô hình tập thể.")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    # --- building -------------------------------------------------------------------------

    def _filter_row(self) -> QHBoxLayout:
        """Search (typed, then a short pause), kind, the bin, and how many are shown."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo tên đơn vị hoặc địa bàn (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.kind = VocabCombo(vocab.ORG_KINDS, blank="Tất cả các loại")
        self.in_bin = QCheckBox("Xem đơn vị đã xóa (thùng rác)")
        self.count = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.in_bin.toggled.connect(lambda _on: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(QLabel("Loại:"))
        top.addWidget(self.kind, 1)
        top.addWidget(self.in_bin)
        top.addStretch(1)
        top.addWidget(self.count)
        return top

    def _organization_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("organization_table")
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        table.setColumnWidth(1, 200)
        table.setColumnWidth(2, 220)
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        table.doubleClicked.connect(lambda _index: self.edit())
        return table

    def _button_row(self) -> QHBoxLayout:
        self.add_button = QPushButton("Thêm…")
        self.edit_button = QPushButton("Sửa…")
        self.delete_button = QPushButton("Xóa")
        self.restore_button = QPushButton("Khôi phục")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        return button_row((self.add_button, self.edit_button, self.delete_button,
                           self.restore_button), stretch=1)

    # --- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        self._timer.stop()
        keep = set(self.selected_ids())
        kind = self.kind.code() if self.kind.currentIndex() > 0 else None  # never read None data
        self.rows = catalog.list_organizations(self.store, self.search.text(), kind,
                                               in_bin=self.in_bin.isChecked())
        self.model.fill(self.rows)
        selection = self.table.selectionModel()
        for index, row in enumerate(self.rows):
            if row["id"] in keep:
                selection.select(self.model.index(index, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        where = "trong thùng rác" if self.in_bin.isChecked() else ""
        self.count.setText(" ".join(filter(None, [f"{group_thousands(len(self.rows))} đơn vị", where])))
        binned = self.in_bin.isChecked()
        self.add_button.setVisible(not binned)
        self.edit_button.setVisible(not binned)
        self.delete_button.setVisible(not binned)
        self.restore_button.setVisible(binned)
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r]["id"] for r in rows if r < len(self.rows)]

    def select_id(self, org_id: int) -> None:
        for index, row in enumerate(self.rows):
            if row["id"] == org_id:
                self.table.clearSelection()
                self.table.selectRow(index)
                self.table.scrollTo(self.model.index(index, 0))
                return

    def cell(self, row: int, column: int) -> str:
        return self.model.text(row, column)

    def _selection_changed(self) -> None:
        count = len(self.selected_ids())
        self.edit_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)
        self.restore_button.setEnabled(count > 0)

    # --- actions --------------------------------------------------------------------------

    def add(self) -> None:
        dialog = forms.OrganizationDialog(self.store, None, parent=self)
        if forms.run_dialog(dialog):
            self._written()
            self.select_id(dialog.result_value)

    def edit(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1 or self.in_bin.isChecked():
            return
        org = catalog.get_organization(self.store, ids[0])
        if org is None:
            return
        if forms.run_dialog(forms.OrganizationDialog(self.store, org, parent=self)):
            self._written()
            self.select_id(org.id)

    def delete(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [r["name"] for r in self.rows if r["id"] in ids]
        used = sum(r["initiatives"] for r in self.rows if r["id"] in ids)
        what = f"“{names[0]}”" if len(names) == 1 else f"{len(names)} đơn vị đã chọn"
        text = f"Chuyển {what} vào thùng rác?"
        if used:
            text += (f"\n\nCó {group_thousands(used)} mô hình ghi đơn vị này là chủ thể; các mô hình "
                     "vẫn giữ nguyên tên đơn vị.")
        text += "\nCó thể khôi phục từ thùng rác."
        if not forms.confirm(self, "Xóa đơn vị, tổ chức", text, yes="Xóa"):
            return
        catalog.delete_organizations(self.store, ids)
        self._written()

    def restore(self) -> None:
        ids = self.selected_ids()
        if ids and catalog.restore_organizations(self.store, ids):
            self._written()

    def _written(self) -> None:
        self.changed.emit({changes.ORGANIZATIONS})
