"""The area tree (tỉnh → huyện → xã → thôn): add, rename, merge, retire or use again.

A note on item data: PySide6 6.12.0 on CPython 3.11 loses a reference to ``None`` on every
call of a void Qt method from Python (and on every ``None`` item data read back), which
ends in "Fatal Python error: none_dealloc" after a few thousand calls. So the tree and the
lists here are thin models read by Qt (Python answers ``data()``; refilling is one model
reset), not thousands of ``setText`` calls on items, and ids are kept in Python, never
stored as item data.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.entities import Area
from ...domain.text import fold, format_date, group_thousands
from ...domain.units import bare_key
from ...domain.validation import ValidationError
from ...store import catalog
from ...store.db import Store
from .. import changes
from ..widgets.layouts import button_row
from ..widgets.tables import action, empty_hint, install_menu
from . import forms
from .villages import AddVillagesDialog

RETIRED_COLOR = QColor("#8a8a8a")
COLUMNS = ["Địa bàn", "Cấp", "Mô hình", "Cuộc vận động", "Đơn vị"]
_COUNT_KEYS = {2: "initiatives", 3: "campaigns", 4: "organizations"}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NO_PARENT = QModelIndex()


def retired_suffix(row: dict) -> str:
    if row["merged_into_id"] is not None:
        return f" (đã sáp nhập vào {row.get('merged_into_name') or 'địa bàn khác'})"
    if row["retired_on"]:
        return f" (ngừng sử dụng từ {format_date(row['retired_on'])})"
    return ""


class _Node:
    __slots__ = ("row", "parent", "children", "position")

    def __init__(self, row: dict | None, parent: _Node | None, position: int = 0):
        self.row = row
        self.parent = parent
        self.children: list[_Node] = []
        self.position = position


class AreaTreeModel(QAbstractItemModel):
    """The places given to :meth:`fill`, as a tree, with their usage counts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.root = _Node(None, None)
        self.nodes: dict[int, _Node] = {}
        self.usage: dict[int, dict[str, int]] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._grey = QBrush(RETIRED_COLOR)

    def fill(self, ordered: list[tuple[int, dict]], usage: dict[int, dict[str, int]]) -> None:
        self.beginResetModel()
        self.root = _Node(None, None)
        self.nodes = {}
        self.usage = usage
        for _depth, row in ordered:
            parent = self.nodes.get(row["parent_id"], self.root)
            node = _Node(row, parent, len(parent.children))
            parent.children.append(node)
            self.nodes[row["id"]] = node
        self.endResetModel()

    # --- Qt's questions -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex = _NO_PARENT) -> QModelIndex:
        node = parent.internalPointer() if parent.isValid() else self.root
        if not (0 <= row < len(node.children) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: QModelIndex = _NO_PARENT) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.position, 0, parent)

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802
        if parent.isValid() and parent.column() > 0:
            return 0
        node = parent.internalPointer() if parent.isValid() else self.root
        return len(node.children)

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.internalPointer().row
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        if row["retired_on"]:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._grey
            if role == Qt.ItemDataRole.FontRole:
                return self._italic
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and row["retired_on"]:
            return row["name"] + retired_suffix(row)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if section else None
        return None

    # --- ours -----------------------------------------------------------------------------

    def text(self, row: dict, column: int) -> str:
        if column == 0:
            return row["name"] + retired_suffix(row)
        if column == 1:
            return forms.LEVEL_NAMES.get(row["level"], row["level"]).capitalize()
        value = self.usage.get(row["id"], {}).get(_COUNT_KEYS[column], 0)
        return group_thousands(value) if value else ""

    def index_of(self, area_id: int | None, column: int = 0) -> QModelIndex:
        node = self.nodes.get(area_id)
        return QModelIndex() if node is None else self.createIndex(node.position, column, node)

    def id_of(self, index: QModelIndex) -> int | None:
        return index.internalPointer().row["id"] if index.isValid() else None


class AreasTab(QWidget):
    """Emits ``changed`` with the kinds of record a write touched; whoever holds the tab
    (the catalogue page) refreshes it then."""

    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.rows: dict[int, dict] = {}
        self.usage: dict[int, dict[str, int]] = {}
        self._expanded: set[int] | None = None  # None: not filled yet (tỉnh, huyện open)
        self._filter = ""
        self._bare = ""

        top = self._filter_row()
        self.model = AreaTreeModel(self)
        self.tree = self._area_tree()
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self._info_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 330])
        splitter.setChildrenCollapsible(False)
        buttons = self._button_row()
        self._tree_habits()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.refresh()

    # --- building -------------------------------------------------------------------------

    def _filter_row(self) -> QHBoxLayout:
        """Search, show the retired areas too, and how many are shown."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm địa bàn, cả theo tên cũ (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.show_retired = QCheckBox("Hiện địa bàn đã sáp nhập, giải thể")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.show_retired)
        top.addStretch(1)
        top.addWidget(self.count)
        return top

    def _area_tree(self) -> QTreeView:
        tree = QTreeView()
        tree.setObjectName("area_tree")
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        tree.doubleClicked.connect(lambda _index: self.rename())
        tree.expanded.connect(lambda index: self._remember(index, True))
        tree.collapsed.connect(lambda index: self._remember(index, False))
        return tree

    def _info_box(self) -> QGroupBox:
        """What the selected area is, holds and was (names, merges, counts)."""
        self.info = QLabel()
        self.info.setObjectName("area_info")
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info_box = QGroupBox("Thông tin địa bàn")
        info_layout = QVBoxLayout(info_box)
        info_layout.addWidget(self.info)
        info_layout.addStretch(1)
        return info_box

    def _button_row(self) -> QHBoxLayout:
        """What can be done to the selected area; Nạp danh sách ĐVHC mới at the right."""
        self.add_button = QPushButton("Thêm địa bàn con…")
        self.villages_button = QPushButton("Thêm nhiều thôn…")
        self.villages_button.setToolTip("Dán danh sách tên thôn, xóm (mỗi dòng một tên) để thêm "
                                        "cùng lúc vào xã đang chọn")
        self.villages_button.clicked.connect(self.add_villages)
        self.rename_button = QPushButton("Đổi tên…")
        self.merge_button = QPushButton("Sáp nhập vào…")
        self.retire_button = QPushButton("Ngừng sử dụng")
        self.add_button.clicked.connect(self.add_child)
        self.rename_button.clicked.connect(self.rename)
        self.merge_button.clicked.connect(self.merge)
        self.retire_button.clicked.connect(self.retire_or_unretire)
        self.official_button = QPushButton("Nạp danh sách ĐVHC mới…")
        self.official_button.setToolTip("Danh sách đơn vị hành chính mới hơn (tệp .json cùng dạng): "
                                        "mã giữ nguyên, tên và loại đơn vị được cập nhật.")
        self.official_button.clicked.connect(self.load_official_list)
        row = button_row((self.add_button, self.villages_button, self.rename_button,
                          self.merge_button, self.retire_button), stretch=1)
        row.addWidget(self.official_button)
        return row

    def _tree_habits(self) -> None:
        """The right-click menu, Ctrl+V of village names on a commune, the empty tree's hint."""
        install_menu(self.tree, self._build_menu)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self.tree)
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(lambda: self.add_villages(pasted=True))  # names copied, on a commune
        empty_hint(self.tree, lambda: "Không có địa bàn nào khớp tìm kiếm." if self._filter else
                   "Chưa có địa bàn nào. Bấm “Thêm tỉnh, thành phố…” để bắt đầu, rồi thêm huyện, "
                   "xã, thôn bên dưới.")

    # --- filling --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the places again and redraw the tree, keeping what was open and selected."""
        rows = catalog.list_areas(self.store, include_retired=True)
        self.rows = {r["id"]: r for r in rows}
        self.usage = catalog.area_usage(self.store)
        live = sum(1 for r in rows if not r["retired_on"])
        self.count.setText(f"{group_thousands(live)} địa bàn đang sử dụng")
        self._rebuild()

    def _rebuild(self) -> None:
        selected = self.selected_id()
        shown = [r for r in self.rows.values() if self.show_retired.isChecked() or not r["retired_on"]]
        if self._filter:
            shown = self._matching(shown)
        if self._expanded is None:
            self._expanded = {r["id"] for r in shown if r["level"] in ("tinh", "huyen")}
        self.model.fill(forms.areas_in_tree_order(shown), self.usage)
        if self._filter:
            self.tree.expandAll()
        else:
            opened, self._expanded = self._expanded, set()
            for area_id in opened:  # expand() reports back through _remember
                if area_id in self.model.nodes:
                    self.tree.expand(self.model.index_of(area_id))
            self._expanded |= opened  # keep those hidden now (retired) for later
        if selected in self.model.nodes:
            self.select(selected)
        else:
            self._selection_changed()

    def _matching(self, rows: list[dict]) -> list[dict]:
        """The places whose name (or an earlier name) contains the search, with the places
        above them."""
        earlier = catalog.earlier_names(self.store)
        by_id = {r["id"]: r for r in rows}
        keep: set[int] = set()
        for row in rows:
            names = [row["name"], *earlier.get(row["id"], [])]
            if any(self._filter in fold(n) or (self._bare and self._bare in bare_key(n)) for n in names):
                area_id = row["id"]
                while area_id in by_id and area_id not in keep:
                    keep.add(area_id)
                    area_id = by_id[area_id]["parent_id"]
        return [r for r in rows if r["id"] in keep]

    def _apply_filter(self) -> None:
        self._filter = fold(self.search.text())
        self._bare = bare_key(self.search.text())  # "P. Thái Hoà" finds Phường Thái Hòa
        self._rebuild()

    def _remember(self, index: QModelIndex, opened: bool) -> None:
        if self._filter or self._expanded is None:
            return  # opened by the search, not by the user
        area_id = self.model.id_of(index)
        if opened:
            self._expanded.add(area_id)
        else:
            self._expanded.discard(area_id)

    # --- selection ------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        indexes = self.tree.selectionModel().selectedRows()
        return self.model.id_of(indexes[0]) if indexes else None

    def selected_area(self) -> Area | None:
        area_id = self.selected_id()
        return catalog.get_area(self.store, area_id) if area_id is not None else None

    def select(self, area_id: int | None) -> None:
        index = self.model.index_of(area_id)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def is_shown(self, area_id: int) -> bool:
        return area_id in self.model.nodes

    def item_text(self, area_id: int, column: int = 0) -> str:
        node = self.model.nodes.get(area_id)
        return self.model.text(node.row, column) if node else ""

    def parent_shown(self, area_id: int) -> int | None:
        node = self.model.nodes.get(area_id)
        return node.parent.row["id"] if node and node.parent and node.parent.row else None

    def _selection_changed(self) -> None:
        row = self.rows.get(self.selected_id())
        live = row is not None and not row["retired_on"]
        # A village is the lowest level: nothing can be added under it.
        self.add_button.setEnabled(row is None or live and row["level"] != "thon")
        self.villages_button.setEnabled(live and row["level"] == "xa")
        self.add_button.setText("Thêm địa bàn con…" if row is not None else "Thêm tỉnh, thành phố…")
        self.rename_button.setEnabled(row is not None and row["merged_into_id"] is None)
        self.merge_button.setEnabled(live)
        can_return = row is not None and bool(row["retired_on"]) and row["merged_into_id"] is None
        self.retire_button.setText("Dùng lại" if can_return else "Ngừng sử dụng")
        self.retire_button.setEnabled(live or can_return)
        self.info.setText(self._info_html(row))

    def _info_html(self, row: dict | None) -> str:
        if row is None:
            return ("Chọn một địa bàn trong cây để xem thông tin, đổi tên, sáp nhập hoặc "
                    "ngừng sử dụng.<br><br>Khi chưa chọn địa bàn nào, nút “Thêm” thêm một tỉnh, "
                    "thành phố.")
        lines = [f"<b style='font-size: 12pt'>{escape(row['name'])}</b>",
                 f"Cấp: {escape(vocab.AREA_LEVELS.label(row['level']).lower())}"]
        parent = self.rows.get(row["parent_id"])
        if parent:
            lines.append(f"Thuộc: {escape(parent['name'])}")
        if row.get("code"):
            lines.append(f"Mã đơn vị hành chính: {escape(row['code'])}")
        if row["merged_into_id"] is not None:
            lines.append(f"Tình trạng: <b>đã sáp nhập vào {escape(row.get('merged_into_name') or '')}"
                         f"</b> từ {format_date(row['retired_on'])}")
        elif row["retired_on"]:
            lines.append(f"Tình trạng: <b>ngừng sử dụng</b> từ {format_date(row['retired_on'])}")
        else:
            lines.append("Tình trạng: đang sử dụng")
        history = catalog.name_history(self.store, row["id"])
        if history:
            lines.append("Tên trước đây:")
            lines += [f"&nbsp;&nbsp;– {escape(h['name'])} (đến {format_date(h['valid_until'])})"
                      for h in history]
        merged_here = [r for r in self.rows.values() if r["merged_into_id"] == row["id"]]
        if merged_here:
            lines.append("Đã sáp nhập vào đây:")
            lines += [f"&nbsp;&nbsp;– {escape(r['name'])} (từ {format_date(r['retired_on'])})"
                      for r in merged_here]
        counts = self.usage.get(row["id"], {})
        children = sum(1 for r in self.rows.values()
                       if r["parent_id"] == row["id"] and not r["retired_on"])
        lines.append("")
        lines.append(f"Mô hình, điển hình: {group_thousands(counts.get('initiatives', 0))}")
        lines.append(f"Cuộc vận động: {group_thousands(counts.get('campaigns', 0))}")
        lines.append(f"Đơn vị, tổ chức: {group_thousands(counts.get('organizations', 0))}")
        lines.append(f"Địa bàn trực thuộc: {group_thousands(children)}")
        return "<br>".join(lines)

    # --- actions --------------------------------------------------------------------------

    def add_child(self) -> None:
        parent = self.selected_area()
        dialog = forms.AddAreaDialog(self.store, parent, self)
        if forms.run_dialog(dialog):
            self.changed.emit({changes.AREAS})
            self.select(dialog.result_value)

    def add_villages(self, pasted: bool = False) -> None:
        area = self.selected_area()
        if area is None or area.level != "xa" or area.retired_on:
            return
        dialog = AddVillagesDialog(self.store, area, self, pasted)
        if forms.run_dialog(dialog):
            self.changed.emit({changes.AREAS})
            self.select(area.id)
            self.tree.expand(self.model.index_of(area.id))

    def _build_menu(self, menu) -> None:
        for button, slot in ((self.add_button, self.add_child), (self.villages_button, self.add_villages),
                             (self.rename_button, self.rename), (self.merge_button, self.merge),
                             (self.retire_button, self.retire_or_unretire)):
            action(menu, button.text(), slot, button.isEnabled())

    def rename(self) -> None:
        area = self.selected_area()
        if area is None or area.merged_into_id is not None:
            return
        if forms.run_dialog(forms.RenameAreaDialog(self.store, area, self)):
            self.changed.emit({changes.AREAS, changes.INITIATIVES, changes.CAMPAIGNS,
                               changes.ORGANIZATIONS})

    def merge(self) -> None:
        area = self.selected_area()
        if area is None or area.retired_on:
            return
        targets = [dict(r, parent_name=(self.rows.get(r["parent_id"]) or {}).get("name", ""))
                   for r in self.rows.values()
                   if r["level"] == area.level and r["id"] != area.id and not r["retired_on"]]
        if not targets:
            forms.inform(self, "Sáp nhập địa bàn",
                         f"Không có địa bàn {forms.LEVEL_NAMES[area.level]} nào khác để sáp nhập "
                         f"{area.name} vào.")
            return
        # Places of the same parent first (the usual merge), then the others.
        targets.sort(key=lambda r: (r["parent_id"] != area.parent_id,
                                    catalog.area_sort_key(r["name"])))
        usage = dict(self.usage.get(area.id, {}))
        usage["children"] = sum(1 for r in self.rows.values() if r["parent_id"] == area.id)
        dialog = forms.MergeAreaDialog(self.store, area, targets, usage, self)
        if forms.run_dialog(dialog):
            self.changed.emit({changes.AREAS, changes.INITIATIVES, changes.CAMPAIGNS,
                               changes.ORGANIZATIONS})
            self.select(dialog.target_id())

    def load_official_list(self) -> None:
        from .official_list import load_newer_list

        load_newer_list(self, self.store, lambda: self.changed.emit(
            {changes.AREAS, changes.INITIATIVES, changes.CAMPAIGNS}))

    def retire_or_unretire(self) -> None:
        area = self.selected_area()
        if area is None:
            return
        if not area.retired_on:
            if forms.run_dialog(forms.RetireAreaDialog(self.store, area, self)):
                self.changed.emit({changes.AREAS})
            return
        if not forms.confirm(self, "Dùng lại địa bàn",
                             f"Dùng lại {area.name} (và các địa bàn trực thuộc ngừng sử dụng "
                             "cùng ngày)?", yes="Dùng lại"):
            return
        try:
            catalog.unretire_area(self.store, area.id)
        except ValidationError as exc:
            forms.error(self, "Không dùng lại được", str(exc))
            return
        self.changed.emit({changes.AREAS})
