"""A searchable list of official units in Vietnamese order: typing ``thai hoa``, ``Thái
Hoà`` or ``P. Thái Hòa`` keeps the units whose name (without its type) contains it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.text import fold
from ...domain.units import bare_key, split_unit
from ...store.places import Unit


class UnitPicker(QWidget):
    chosen = Signal(object)  # the Unit picked, or None

    def __init__(self, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self._units: list[Unit] = []
        self._keys: list[tuple[str, str]] = []
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda item, _old: self.chosen.emit(self.unit_of(item)))

    def set_units(self, units: list[Unit]) -> None:
        """Units already in Vietnamese order (OfficialList.sorted_*)."""
        self._units = units
        self._keys = [(bare_key(u.name), fold(u.name)) for u in units]
        self.list.clear()
        for unit in units:
            item = QListWidgetItem(f"{unit.name}  ({unit.code})")
            item.setData(Qt.ItemDataRole.UserRole, unit)
            self.list.addItem(item)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        typed = fold(split_unit(text)[1]) if text.strip() else ""
        first = None
        for row, (bare, full) in enumerate(self._keys):
            code = self._units[row].code
            hidden = bool(typed) and typed not in bare and typed not in full and typed != code
            self.list.item(row).setHidden(hidden)
            if not hidden and first is None:
                first = row
        current = self.list.currentItem()
        if typed and first is not None and (current is None or current.isHidden()):
            self.list.setCurrentRow(first)

    @staticmethod
    def unit_of(item: QListWidgetItem | None) -> Unit | None:
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def unit(self) -> Unit | None:
        item = self.list.currentItem()
        return self.unit_of(item) if item is not None and not item.isHidden() else None

    def select_code(self, code: str) -> None:
        for row in range(self.list.count()):
            if self.unit_of(self.list.item(row)).code == code:
                self.list.setCurrentRow(row)
                return
