"""Mô hình – điển hình: the list with search as you type, filters, sort, the bin, and
the form opened with Enter or a double-click."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.periods import year_and_quarter
from ...domain.text import format_date, group_thousands
from ...store import catalog
from ...store.db import Store
from ...store.initiatives import (
    InitiativeFilter,
    delete_initiatives,
    restore_initiatives,
    years,
)
from ...store.packages import sending_units
from .. import changes
from ..changes import ChangeBus
from ..widgets import dialogs
from ..widgets.filter_banner import FilterBanner
from ..widgets.inputs import VocabCombo
from ..widgets.tables import empty_hint, fit_columns, install_copy
from .form import InitiativeForm
from .habits import InitiativeHabits
from .list_model import InitiativeTableModel

TYPING_PAUSE_MS = 120
QUARTERS = [("Cả năm", None), ("Quý I", 1), ("Quý II", 2), ("Quý III", 3), ("Quý IV", 4)]


class InitiativesPage(QWidget):
    # Conditions of a filter from the dashboard that the combos cannot show (dates…):
    # kept, and named in a banner, until "Bỏ lọc" or a change of the filters.
    _extra: dict = {}  # replaced, never changed in place

    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        self.bus = bus
        self.model = InitiativeTableModel(store, self)
        self._build_filters()
        self._build_buttons()
        self._build_table()
        for combo in (self.year, self.quarter, self.field, self.kind, self.status, self.commune,
                      self.sending_unit):
            # Long choices ("Xây dựng Đảng và hệ thống chính trị") must not widen the window.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)

        self._layout()
        self._connect()
        self.habits = InitiativeHabits(self)
        self.status_button.clicked.connect(self.habits.change_status)
        self.status_button.setEnabled(False)  # until rows are chosen
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.status_button.setEnabled(self.table.selectionModel().hasSelection()))
        self.model.modelReset.connect(lambda: self.status_button.setEnabled(False))
        self._fill_choices()
        self.apply_filter()

    def _build_filters(self) -> None:
        """Search, then year, quarter, field, kind, status, commune and sending-unit choices."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(170)  # room to see what is typed, even at 125 %
        self.search.setPlaceholderText("Tìm theo tên mô hình, chủ thể, xã, thôn… (gõ không dấu cũng được)")
        self.year = QComboBox()
        self.quarter = QComboBox()
        for label, value in QUARTERS:
            self.quarter.addItem(label, value)
        self.field = VocabCombo(vocab.FIELDS, blank="Mọi lĩnh vực")
        self.kind = VocabCombo(vocab.KINDS, blank="Tập thể và cá nhân")
        self.status = VocabCombo(vocab.STATUSES, blank="Mọi trạng thái")
        self.commune = QComboBox()
        self.commune.setMinimumWidth(120)
        self.sending_unit = QComboBox()  # shown once records came from other offices' packages
        self.sending_unit.setToolTip("Đơn vị đã gửi các mô hình (qua gói dữ liệu)")

    def _build_buttons(self) -> None:
        """Add, open, delete, change status, export, the bin toggle with its restore, the count."""
        self.add_button = QPushButton("Thêm")
        self.add_button.setToolTip("Thêm mô hình (Ctrl+N); dán các dòng chép từ Excel: Ctrl+V trên danh sách")
        self.open_button = QPushButton("Mở")
        self.delete_button = QPushButton("Xóa")
        self.status_button = QPushButton("Đổi trạng thái…")
        self.status_button.setToolTip("Đổi trạng thái các mô hình đang chọn, cùng một ngày và ghi chú")
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Xuất danh sách đang hiện (đúng bộ lọc và thứ tự) ra tệp .xlsx")
        self.bin_button = QPushButton("Thùng rác")
        self.bin_button.setCheckable(True)
        self.restore_button = QPushButton("Khôi phục")
        self.restore_button.hide()
        self.count = QLabel()
        self.count.setObjectName("count")

    def _build_table(self) -> None:
        """The initiative list: whole rows chosen, read only, sorted by a header click."""
        self.table = QTableView()
        self.table.setModel(self.model)
        # No indicator until the user sorts: the list starts newest first.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # The width is shared by weight: no horizontal scroll bar at 1280×720.
        fit_columns(self.table, [250, 58, 82, 200, 175, 44, 120, 72],
                    {1: "Cá nhân", 2: "XD Đảng, HTCT", 5: "2024", 6: "Được công nhận",
                     7: "Toàn quốc"})
        install_copy(self.table)
        empty_hint(self.table, self._empty_text)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for button in (self.add_button, self.open_button, self.delete_button, self.status_button,
                       self.export_button,
                       self.bin_button,
                       self.restore_button):
            top.addWidget(button)
        layout.addLayout(top)
        filters = QHBoxLayout()
        for widget in (self.year, self.quarter, self.field, self.kind, self.status, self.commune,
                       self.sending_unit):
            filters.addWidget(widget, 1)
        filters.addWidget(self.count)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        # Typing in a large file: the search starts once the keys pause (each keystroke
        # would start a search that the next one makes useless).
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_changed)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(lambda message: dialogs.error(self, "Không đọc được danh sách",
                                                                message))
        for combo in (self.year, self.quarter, self.field, self.kind, self.status, self.commune,
                      self.sending_unit):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.add_button.clicked.connect(self.new_initiative)
        self.export_button.clicked.connect(self.export_shown)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.bin_button.toggled.connect(self._toggle_bin)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)  # Enter on a row
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_initiative)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_selected)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.bus.changed.connect(self._on_changed)

    def _fill_choices(self) -> None:
        keep_year, keep_commune = self.year.currentData(), self.commune.currentData()
        keep_unit = self.sending_unit.currentData()
        for combo in (self.year, self.commune, self.sending_unit):
            combo.blockSignals(True)
            combo.clear()
        self.year.addItem("Mọi năm", None)
        for year in years(self.store):
            self.year.addItem(str(year), year)
        self.commune.addItem("Mọi xã, phường", None)
        for row in catalog.communes(self.store):
            self.commune.addItem(row["name"], row["id"])
        self.year.setCurrentIndex(max(self.year.findData(keep_year), 0))
        self.commune.setCurrentIndex(max(self.commune.findData(keep_commune), 0))
        self.sending_unit.addItem("Mọi đơn vị gửi", None)
        units = sending_units(self.store)
        for unit in units:
            self.sending_unit.addItem(unit["name"] or unit["unit_code"], unit["id"])
        self.sending_unit.setCurrentIndex(max(self.sending_unit.findData(keep_unit), 0))
        self.sending_unit.setVisible(len(units) > 1)
        for combo in (self.year, self.commune, self.sending_unit):
            combo.blockSignals(False)

    def _on_changed(self, kinds: frozenset) -> None:
        if kinds & {changes.INITIATIVES, changes.AREAS, changes.ORGANIZATIONS}:
            self._fill_choices()
            self.apply_filter()

    # --- filtering -------------------------------------------------------------------------

    def current_filter(self) -> InitiativeFilter:
        flt = InitiativeFilter(
            text=self.search.text(), year=self.year.currentData(),
            quarter=self.quarter.currentData() if self.year.currentData() else None,
            field=self.field.code(), kind=self.kind.code(), status=self.status.code(),
            commune_id=self.commune.currentData(), in_bin=self.bin_button.isChecked(),
            sending_unit=self.sending_unit.currentData())
        return dataclasses.replace(flt, **self._extra) if self._extra else flt

    def _search_changed(self) -> None:
        # Typing in a large file waits for the keys to pause; an emptied box is not typing
        # (the clear button, Esc): the whole list comes back at once.
        if self.model.in_background and self.search.text():
            self._typing.start()
        else:
            self.apply_filter()

    def apply_filter(self) -> None:
        self._typing.stop()
        self.quarter.setEnabled(self.year.currentData() is not None)
        self.model.set_filter(self.current_filter())

    def _show_count(self, total: int | None) -> None:
        if total is None:
            self.count.setText("Đang tìm…")
            return
        if getattr(self, "_select_when_read", None):
            self.show_ids(self._select_when_read)
        where = "trong thùng rác" if self.bin_button.isChecked() else "đang hiện"
        self.count.setText(f"{group_thousands(total)} mô hình {where}")

    def _empty_text(self) -> str:
        if self.bin_button.isChecked():
            return "Thùng rác trống."
        flt = self.current_filter()
        if flt != InitiativeFilter():
            return "Không có mô hình nào khớp tìm kiếm, bộ lọc. Xóa ô tìm hoặc chọn “Mọi …” để xem tất cả."
        return ("Chưa có mô hình nào. Bấm Thêm (Ctrl+N), dán các dòng chép từ Excel (Ctrl+V) "
                "hoặc Tệp → Nhập từ Excel…")

    def show_ids(self, ids: list[int]) -> None:
        """Select the rows of ``ids`` that the list shows (after a paste); a list being
        read again (a large file) selects them once its ids are in."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        if self.model.total is None:
            self._select_when_read = ids
            return
        self._select_when_read = None
        selection, last = QItemSelection(), self.model.columnCount() - 1
        rows = self.model.rows_of(ids[:500])
        for first, end in _runs(rows):  # one range per run of rows: a paste is one run
            selection.select(self.model.index(first, 0), self.model.index(end, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(selection, flags)
        if rows:
            self.table.scrollTo(self.model.index(rows[0], 0))

    def _toggle_bin(self, on: bool) -> None:
        self.restore_button.setVisible(on)
        self.delete_button.setVisible(not on)
        self.status_button.setVisible(not on)
        self.add_button.setEnabled(not on)
        self.apply_filter()

    def show_filtered(self, flt: InitiativeFilter) -> None:
        """Show exactly the initiatives of ``flt`` (a figure of the dashboard): the
        combos take what they can show, the rest stays in force with a banner naming it."""
        extra = {f.name: getattr(flt, f.name) for f in dataclasses.fields(InitiativeFilter)
                 if f.name.endswith(("_from", "_to")) or f.name in (
                     "level", "commune_ids", "not_commune_ids", "as_they_were", "village_ids",
                     "not_village_ids")}
        extra = {k: v for k, v in extra.items() if v}
        year, quarter = flt.year, flt.quarter
        if not year and flt.registered_from and flt.registered_to:
            whole = year_and_quarter(*(dt.date.fromisoformat(str(d)) for d in
                                       (flt.registered_from, flt.registered_to)))
            if whole and self.year.findData(whole[0]) >= 0:  # the year and quarter filters say it
                year, quarter = whole
                del extra["registered_from"], extra["registered_to"]
        if year and self.year.findData(year) < 0:
            extra.update(year=year, quarter=quarter)
            year = quarter = None
        commune = flt.commune_id
        if commune is not None and self.commune.findData(commune) < 0:
            extra["commune_id"], commune = commune, None
        widgets = (self.search, self.year, self.quarter, self.field, self.kind, self.status,
                   self.commune, self.bin_button)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.setText(flt.text)
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        self.quarter.setCurrentIndex(quarter or 0)
        self.field.setCurrentIndex(max(self.field.findData(flt.field), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(flt.kind), 0))
        self.status.setCurrentIndex(max(self.status.findData(flt.status), 0))
        self.commune.setCurrentIndex(max(self.commune.findData(commune), 0))
        self.bin_button.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.restore_button.hide()
        self.delete_button.show()
        self.status_button.show()
        self.add_button.setEnabled(True)
        self._set_extra(extra)

    def _set_extra(self, extra: dict) -> None:
        if not hasattr(self, "banner"):
            self.banner = FilterBanner()
            self.banner.cleared.connect(lambda: self._set_extra({}))
            self.layout().insertWidget(2, self.banner)
            self.search.textChanged.connect(self._filters_changed)
            self.bin_button.toggled.connect(self._filters_changed)
            for combo in (self.year, self.quarter, self.field, self.kind, self.status, self.commune):
                combo.currentIndexChanged.connect(self._filters_changed)
        self._extra = extra
        self.banner.show_description(self._describe(extra) if extra else "")
        self.apply_filter()

    def _filters_changed(self) -> None:
        if self._extra:  # the user's own filters replace the dashboard's
            self._set_extra({})

    def _describe(self, extra: dict) -> str:
        def span(name: str) -> str:
            start, end = extra.get(f"{name}_from"), extra.get(f"{name}_to")
            return f"từ {format_date(start) if start else '…'} đến {format_date(end) if end else '…'}"

        def places(ids) -> str:
            names = [area.name for area in (catalog.get_area(self.store, i) for i in ids) if area]
            return ", ".join(names) if len(names) <= 4 else f"{len(names)} xã, phường"

        words = {"registered": "đăng ký", "recognized": "được công nhận",
                 "commended": "được biểu dương, khen thưởng", "replicated": "chuyển sang nhân rộng"}
        parts = [f"{label} {span(name)}" for name, label in words.items()
                 if extra.get(f"{name}_from") or extra.get(f"{name}_to")]
        if extra.get("year"):
            quarter = extra.get("quarter")
            parts.append(f"đăng ký năm {extra['year']}" + (f", quý {quarter}" if quarter else ""))
        if extra.get("level"):
            parts.append(f"cấp {vocab.LEVELS.label(extra['level']).lower()}")
        if extra.get("commune_id") is not None:
            parts.append(f"thuộc {places([extra['commune_id']])}")
        if extra.get("commune_ids"):
            parts.append(f"thuộc {places(extra['commune_ids'])}")
        if extra.get("not_commune_ids"):
            parts.append(f"ngoài {places(extra['not_commune_ids'])}")
        for key, word in (("village_ids", "thuộc"), ("not_village_ids", "ngoài")):
            if extra.get(key):
                named = places([i for i in extra[key] if i])
                parts.append(f"{word} {named or 'thôn, xóm chưa ghi'}"
                             + (" và chưa ghi thôn, xóm" if 0 in extra[key] and named else ""))
        if extra.get("as_they_were"):
            parts.append("theo địa bàn trước sắp xếp")
        return "mô hình " + "; ".join(parts)

    # --- actions ---------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def _open_index(self, index: QModelIndex) -> None:
        initiative_id = self.model.id_at(index.row())
        if initiative_id is not None and not self.bin_button.isChecked():
            self.open_form(initiative_id)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids and not self.bin_button.isChecked():
            self.open_form(ids[0])

    def new_initiative(self) -> None:
        if not self.bin_button.isChecked():
            self.open_form(None)

    def open_form(self, initiative_id: int | None) -> InitiativeForm:
        form = InitiativeForm(self.store, initiative_id, self)
        form.saved.connect(lambda _id: self.bus.notify(changes.INITIATIVES))
        form.open()
        return form

    def export_shown(self) -> None:
        from ...services.exchange.export import export_initiatives
        from ..exchange.actions import export_list

        flt, sort, descending = self.model.filter, self.model.sort_key, self.model.descending
        export_list(self, self.store, "mo-hinh-dien-hinh",
                    lambda own, path: export_initiatives(own, path, flt, sort, descending))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.bin_button.isChecked():
            return
        if not dialogs.confirm(self, "Xóa mô hình",
                               f"Chuyển {len(ids)} mô hình vào thùng rác?\n"
                               "Có thể khôi phục lại từ Thùng rác.", yes="Xóa"):
            return
        delete_initiatives(self.store, ids)
        self.bus.notify(changes.INITIATIVES)

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            restore_initiatives(self.store, ids)
            self.bus.notify(changes.INITIATIVES)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
