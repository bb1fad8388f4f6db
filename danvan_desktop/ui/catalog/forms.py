"""The small forms of the catalogue screen: add, rename, merge and retire a place; add or
edit an organisation. Each form does its own write when the user presses its button; a
refusal keeps the form open with the message beside the field.

Tests replace :func:`run_dialog` and :func:`confirm` (and :func:`error`, :func:`inform`),
looked up here at call time, so that no modal window blocks them.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.entities import Area, Organization
from ...domain.text import format_date
from ...domain.validation import ValidationError
from ...store import catalog
from ...store.db import Store
from ..widgets.dialogs import confirm, error, inform
from ..widgets.form_errors import ErrorLabels
from ..widgets.inputs import DateEdit, VocabCombo

__all__ = ["confirm", "error", "inform", "run_dialog", "AddAreaDialog", "RenameAreaDialog",
           "MergeAreaDialog", "RetireAreaDialog", "OrganizationDialog", "areas_in_tree_order"]

LEVEL_NAMES = {"tinh": "cấp tỉnh", "huyen": "cấp huyện", "xa": "cấp xã", "thon": "cấp thôn"}
EXAMPLES = {"tinh": "Tỉnh Thái Bình", "huyen": "Huyện Đông Hưng", "xa": "Xã Đông Cường",
            "thon": "Thôn Hoành Từ"}


def run_dialog(dialog: QDialog) -> bool:
    """Show a form and wait; True when the user saved it."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def areas_in_tree_order(rows: list[dict]) -> list[tuple[int, dict]]:
    """(depth, row) of the places given, parents before children, each level in
    Vietnamese order; a place whose parent is not among them is shown at the top."""
    ids = {r["id"] for r in rows}
    by_parent: dict[int | None, list[dict]] = {}
    for row in rows:
        parent = row["parent_id"] if row["parent_id"] in ids else None
        by_parent.setdefault(parent, []).append(row)
    ordered: list[tuple[int, dict]] = []

    def walk(parent: int | None, depth: int) -> None:
        for row in sorted(by_parent.get(parent, []), key=lambda r: catalog.area_sort_key(r["name"])):
            ordered.append((depth, row))
            walk(row["id"], depth + 1)

    walk(None, 0)
    return ordered


class _Form(QDialog):
    """Fields in a form layout, red messages under them, a save button and Hủy. Each
    dialog built on it defines ``save()``, which writes and returns the record's id."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str = "Lưu",
                 intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.errors = ErrorLabels()
        self.result_value = None
        layout = QVBoxLayout(self)
        if intro:
            self.intro = QLabel(intro)
            self.intro.setWordWrap(True)
            layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.general = QLabel()
        self.general.setObjectName("error_general")
        self.general.setStyleSheet("color: #b00020;")
        self.general.setWordWrap(True)
        self.general.hide()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_row(self, label: str, widget: QWidget, field: str | None = None) -> None:
        if field is None:
            self.form.addRow(label, widget)
            return
        self.form.addRow(label, self.errors.wrap(widget, field))

    def accept(self) -> None:
        self.errors.clear()
        self.general.hide()
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            orphans = self.errors.show(exc)
            if orphans:
                self.general.setText("\n".join(orphans))
                self.general.show()
            return
        super().accept()


def _today() -> str:
    return format_date(dt.date.today())


class AddAreaDialog(_Form):
    """A new place under the one selected (or at the top when none is)."""

    def __init__(self, store: Store, parent_area: Area | None, parent: QWidget | None = None):
        super().__init__(parent, "Thêm địa bàn", "Thêm")
        self.store = store
        self.parent_area = parent_area
        where = (f"{parent_area.name}" if parent_area
                 else "Không có (địa bàn cấp cao nhất)")
        self.add_row("Thuộc:", QLabel(where))
        self.level = VocabCombo(vocab.AREA_LEVELS)
        depth = catalog.LEVEL_DEPTH[parent_area.level] if parent_area else -1
        for term in vocab.AREA_LEVELS:
            if catalog.LEVEL_DEPTH[term.code] <= depth:
                self.level.removeItem(self.level.findData(term.code))
        self.add_row("Cấp:", self.level, "level")
        self.name = QLineEdit()
        self.add_row("Tên địa bàn:", self.name, "name")
        # Villages come as a list the commune already has: paste it, one a line.
        self.pasted = QPlainTextEdit()
        self.pasted.setObjectName("pasted")
        self.pasted.setPlaceholderText("Thôn Đông\nThôn Đoài\nXóm 3\n…")
        self.pasted.setMaximumHeight(140)
        self.pasted_label = QLabel("Hoặc dán danh sách\n(mỗi dòng một thôn):")
        self.form.addRow(self.pasted_label, self.errors.wrap(self.pasted, "names"))
        self.level.currentIndexChanged.connect(self._show_example)
        self._show_example()
        self.name.setFocus()

    def _show_example(self) -> None:
        self.name.setPlaceholderText(f"ví dụ: {EXAMPLES.get(self.level.code() or '', '')}")
        villages = self.level.code() == "thon" and self.parent_area is not None
        self.pasted.setVisible(villages)
        self.pasted_label.setVisible(villages)

    def save(self) -> int:
        if self.pasted.isVisible() and self.pasted.toPlainText().strip() and not self.name.text().strip():
            from ...store.places import add_villages

            added = add_villages(self.store, self.parent_area.id, self.pasted.toPlainText())
            return added[0] if added else None
        return catalog.add_area(self.store, self.name.text(), self.level.code(),
                                self.parent_area.id if self.parent_area else None)


class RenameAreaDialog(_Form):
    def __init__(self, store: Store, area: Area, parent: QWidget | None = None):
        super().__init__(parent, "Đổi tên địa bàn", "Đổi tên",
                         "Tên cũ vẫn được giữ: các báo cáo, danh sách về thời gian trước ngày "
                         "đổi tên vẫn in tên cũ.")
        self.store = store
        self.area = area
        self.add_row("Tên hiện tại:", QLabel(area.name))
        self.name = QLineEdit(area.name)
        self.name.selectAll()
        self.add_row("Tên mới:", self.name, "name")
        self.on_date = DateEdit()
        self.on_date.setText(_today())
        self.add_row("Có hiệu lực từ ngày:", self.on_date, "on_date")

    def save(self) -> None:
        catalog.rename_area(self.store, self.area.id, self.name.text(), self.on_date.value())


class MergeAreaDialog(_Form):
    """Merge the selected place into another of the same level."""

    def __init__(self, store: Store, area: Area, targets: list[dict], usage: dict[str, int],
                 parent: QWidget | None = None):
        moving = [f"{usage.get('initiatives', 0)} mô hình",
                  f"{usage.get('campaigns', 0)} cuộc vận động",
                  f"{usage.get('organizations', 0)} đơn vị, tổ chức",
                  f"{usage.get('children', 0)} địa bàn trực thuộc"]
        super().__init__(
            parent, "Sáp nhập địa bàn", "Sáp nhập",
            f"Toàn bộ {', '.join(moving)} của <b>{escape(area.name)}</b> sẽ chuyển sang địa bàn "
            f"được chọn; {escape(area.name)} được đánh dấu đã sáp nhập. Các bản ghi trước ngày sáp nhập vẫn "
            "in tên cũ. Việc sáp nhập không hoàn tác được.")
        self.store = store
        self.area = area
        self.add_row("Địa bàn:", QLabel(area.name))
        # Items are added in one call, ids kept here (see the note on item data in areas.py).
        self.target = QComboBox()
        self.target_ids = [row["id"] for row in targets]
        self.target.addItems([row["name"] + (f" ({row['parent_name']})" if row.get("parent_name") else "")
                              for row in targets])
        self.add_row("Sáp nhập vào:", self.target, "target_id")
        self.on_date = DateEdit()
        self.on_date.setText(_today())
        self.add_row("Từ ngày:", self.on_date, "on_date")

    def target_id(self) -> int | None:
        index = self.target.currentIndex()
        return self.target_ids[index] if 0 <= index < len(self.target_ids) else None

    def select_target(self, area_id: int) -> None:
        self.target.setCurrentIndex(self.target_ids.index(area_id))

    def save(self) -> dict:
        return catalog.merge_areas(self.store, self.area.id, self.target_id(), self.on_date.value())


class RetireAreaDialog(_Form):
    def __init__(self, store: Store, area: Area, parent: QWidget | None = None):
        super().__init__(
            parent, "Ngừng sử dụng địa bàn", "Ngừng sử dụng",
            f"<b>{escape(area.name)}</b> và các địa bàn trực thuộc sẽ không còn hiện khi chọn địa bàn. "
            "Các bản ghi đã có vẫn giữ nguyên; có thể dùng lại địa bàn này sau.")
        self.store = store
        self.area = area
        self.on_date = DateEdit()
        self.on_date.setText(_today())
        self.add_row("Ngừng sử dụng từ ngày:", self.on_date, "on_date")

    def save(self) -> int:
        return catalog.retire_area(self.store, self.area.id, self.on_date.value())


class OrganizationDialog(_Form):
    """Add an organisation (``org`` None) or edit one."""

    def __init__(self, store: Store, org: Organization | None, default_area_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent, "Sửa đơn vị, tổ chức" if org else "Thêm đơn vị, tổ chức",
                         "Lưu", "" if org is None else
                         "Các mô hình đã đăng ký vẫn giữ tên đơn vị như lúc đăng ký.")
        self.store = store
        self.org = org
        self.name = QLineEdit(org.name if org else "")
        self.name.setPlaceholderText("ví dụ: Hội Nông dân xã Hồng Phong")
        self.add_row("Tên đơn vị, tổ chức:", self.name, "name")
        self.kind = VocabCombo(vocab.ORG_KINDS)
        self.kind.set_code(org.kind if org else "khac")
        self.add_row("Loại:", self.kind, "kind")
        rows = catalog.list_areas(store)
        names = {r["id"]: r["name"] for r in rows}
        labels = ["(không ghi địa bàn)"]
        self.area_ids: list[int | None] = [None]
        for _depth, row in areas_in_tree_order(rows):
            within = names.get(row["parent_id"])
            labels.append(f"{row['name']} ({within})" if within else row["name"])
            self.area_ids.append(row["id"])
        wanted = org.area_id if org else default_area_id
        if wanted is not None and wanted not in self.area_ids:  # a place no longer in use
            old = catalog.get_area(store, wanted)
            if old is not None:
                labels.append(f"{old.name} (ngừng sử dụng)")
                self.area_ids.append(old.id)
        # Items are added in one call, ids kept here (see the note on item data in areas.py).
        self.area = QComboBox()
        self.area.addItems(labels)
        self.area.setMaxVisibleItems(20)
        self.select_area(wanted)
        self.add_row("Địa bàn:", self.area, "area_id")
        self.name.setFocus()

    def select_area(self, area_id: int | None) -> None:
        self.area.setCurrentIndex(self.area_ids.index(area_id) if area_id in self.area_ids else 0)

    def area_id(self) -> int | None:
        index = self.area.currentIndex()
        return self.area_ids[index] if 0 <= index < len(self.area_ids) else None

    def save(self) -> int:
        name, kind, area_id = self.name.text(), self.kind.code(), self.area_id()
        if self.org is None:
            return catalog.add_organization(self.store, name, kind, area_id)
        catalog.update_organization(self.store, self.org.id, name, kind, area_id)
        return self.org.id
