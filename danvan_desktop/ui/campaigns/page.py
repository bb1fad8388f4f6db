"""Cuộc vận động: the list of village campaigns (search as you type, filters, sort on a
column click, the bin) and the form that adds or edits one with its ledger."""

from __future__ import annotations

import dataclasses
import sqlite3

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.text import format_date, group_thousands
from ...domain.vocab import CAMPAIGN_STATUSES, CAMPAIGN_TYPES, SOURCES
from ...store import catalog
from ...store.campaigns import CampaignFilter, campaign_years, delete_campaigns, restore_campaigns
from ...store.db import Store, StoreError
from ..changes import AREAS, CAMPAIGNS, ChangeBus
from ..widgets.dialogs import confirm, error
from ..widgets.filter_banner import FilterBanner
from ..widgets.inputs import VocabCombo
from ..widgets.layouts import button_row
from ..widgets.tables import empty_hint, fit_columns, install_button_menu, list_view
from .form import CampaignForm
from .list_model import COLUMNS, CampaignListModel

SEARCH_DELAY_MS = 150
_WIDTHS = {"type": 82, "commune": 142, "village": 112, "started_on": 80, "finished_on": 84,
           "status": 108, "estimate_vnd": 102, "raised_vnd": 100, "raised_ratio": 58}


class CampaignsPage(QWidget):
    # Conditions of a filter from the dashboard that the combos cannot show (dates…):
    # kept, and named in a banner, until "Bỏ lọc" or a change of the filters.
    _extra: dict = {}  # replaced, never changed in place

    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        self.bus = bus
        self.form: CampaignForm | None = None
        self.model = CampaignListModel(store, self)
        self._build()
        self._fill_filters()
        self.model.refresh(self.current_filter())
        self._update_count()
        self._update_buttons()
        bus.changed.connect(self._on_changed)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        filters = self._filter_row()
        actions = self._action_row()
        self._build_table()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self._connect()

    def _filter_row(self) -> QHBoxLayout:
        """Search, then the commune / type / status / year combos, each after its label."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Tìm tên công trình, thôn, xã…")
        self.search.setToolTip("Gõ có dấu hay không dấu đều được: “hoanh tu” tìm ra “Hoành Từ” (Ctrl+F)")
        self.search.setMinimumWidth(90)
        self.search.setClearButtonEnabled(True)
        self.commune = QComboBox()
        self.commune.setObjectName("filter_commune")
        self.type = VocabCombo(CAMPAIGN_TYPES, blank="Mọi loại")
        self.type.setObjectName("filter_type")
        self.status = VocabCombo(CAMPAIGN_STATUSES, blank="Mọi tình trạng")
        self.status.setObjectName("filter_status")
        self.year = QComboBox()
        self.year.setObjectName("filter_year")
        self.bin_button = QPushButton("Thùng rác")
        self.bin_button.setCheckable(True)
        self.bin_button.setToolTip("Xem các cuộc vận động đã xóa để khôi phục")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for caption, widget in (("Xã:", self.commune), ("Loại:", self.type),
                                ("Tình trạng:", self.status), ("Năm bắt đầu:", self.year)):
            label = QLabel(caption)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1)
            # Long choices must not widen the window past 1280×720 at 125 %.
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(7)
        return filters

    def _action_row(self) -> QHBoxLayout:
        """Add, edit, delete, restore, export and the bin toggle, then the count at the right."""
        self.add_button = QPushButton("Thêm")
        self.add_button.setToolTip("Thêm cuộc vận động (Ctrl+N)")
        self.edit_button = QPushButton("Sửa")
        self.edit_button.setToolTip("Mở cuộc vận động đang chọn (Enter hoặc nhấp đúp)")
        self.delete_button = QPushButton("Xóa")
        self.delete_button.setToolTip("Chuyển vào thùng rác (Delete)")
        self.restore_button = QPushButton("Khôi phục")
        self.restore_button.setToolTip("Lấy các cuộc vận động đang chọn ra khỏi thùng rác")
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Xuất danh sách đang hiện (đúng bộ lọc và thứ tự) ra tệp .xlsx")
        self.export_button.clicked.connect(self.export_shown)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        actions = button_row([self.add_button, self.edit_button, self.delete_button,
                              self.restore_button, self.export_button, self.bin_button])
        actions.addWidget(self.count_label)
        return actions

    def _build_table(self) -> None:
        """The campaign list, sorted in SQL by a header click, with the buttons' context menu."""
        self.table = list_view(self.model, "campaigns")
        header = self.table.horizontalHeader()
        header.setSortIndicator(self.model.column_of(self.model.sort_key),
                                Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # a header click sorts in SQL (model.sort)
        # The width is shared by weight (no horizontal scroll bar at 1280×720, nor at 125 %);
        # dates and sums are always shown whole.
        samples = {"started_on": "28/12/2026", "finished_on": "28/12/2026",
                   "estimate_vnd": "2.066.000.000", "raised_vnd": "2.066.000.000",
                   "raised_ratio": "Tỷ lệ %"}
        fit_columns(self.table, [330] + [_WIDTHS[key] for key, _title in COLUMNS[1:]],
                    {c: samples[key] for c, (key, _title) in enumerate(COLUMNS) if key in samples})
        install_button_menu(self.table, [self.edit_button, self.add_button, self.delete_button,
                                         self.restore_button, None, self.export_button])
        empty_hint(self.table, self._empty_text)

    def _connect(self) -> None:
        """Search as one types (after a pause), filters, buttons, the table's keys, shortcuts."""
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.commune, self.type, self.status, self.year):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.bin_button.toggled.connect(self._bin_toggled)
        self.add_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        # Double-click or Enter opens a campaign (not "activated": on desktops set to open on
        # a single click it would open the form while the user only selects).
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.installEventFilter(self)  # Enter opens, Delete moves to the bin
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        QShortcut(QKeySequence("Ctrl+N"), self, self._shortcut_add)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table and event.type() == QEvent.Type.KeyPress and not event.modifiers():
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_current()
                return True
            if event.key() == Qt.Key.Key_Delete:
                if self.bin_button.isChecked():
                    self.restore_selected()
                else:
                    self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    def _fill_filters(self) -> None:
        """The commune and year choices (again after places or campaigns change)."""
        for combo in (self.commune, self.year):
            combo.blockSignals(True)
        keep_commune, keep_year = self.commune.currentData(), self.year.currentData()
        self.commune.clear()
        self.commune.addItem("Mọi xã, phường", None)
        for row in catalog.communes(self.store, include_retired=True):
            self.commune.addItem(row["name"], row["id"])
        self.commune.setCurrentIndex(max(self.commune.findData(keep_commune), 0))
        self.year.clear()
        self.year.addItem("Mọi năm", None)
        for year in campaign_years(self.store, in_bin=self.bin_button.isChecked()):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(keep_year), 0))
        for combo in (self.commune, self.year):
            combo.blockSignals(False)

    # --- the list ------------------------------------------------------------------------

    def export_shown(self) -> None:
        from ...services.exchange.export import export_campaigns
        from ..exchange.actions import export_list

        flt, sort, descending = self.model.filter, self.model.sort_key, self.model.descending
        export_list(self, self.store, "cuoc-van-dong",
                    lambda own, path: export_campaigns(own, path, flt=flt, sort=sort,
                                                       descending=descending))

    def current_filter(self) -> CampaignFilter:
        flt = CampaignFilter(text=self.search.text(), commune_id=self.commune.currentData(),
                             type=self.type.code(), status=self.status.code(),
                             year=self.year.currentData(), in_bin=self.bin_button.isChecked())
        return dataclasses.replace(flt, **self._extra) if self._extra else flt

    def show_filtered(self, flt: CampaignFilter) -> None:
        """Show exactly the campaigns of ``flt`` (a figure of the dashboard): the combos
        take what they can show, the rest stays in force with a banner naming it."""
        shown = {"text", "commune_id", "type", "status", "year", "in_bin"}
        extra = {f.name: getattr(flt, f.name) for f in dataclasses.fields(CampaignFilter)
                 if f.name not in shown and getattr(flt, f.name)}
        self.bin_button.blockSignals(True)
        self.bin_button.setChecked(False)
        self.bin_button.blockSignals(False)
        self._fill_filters()  # the years of live campaigns
        year = flt.year
        if year and self.year.findData(year) < 0:
            extra["year"], year = year, None
        commune = flt.commune_id
        if commune is not None and self.commune.findData(commune) < 0:
            extra["commune_id"], commune = commune, None
        widgets = (self.search, self.commune, self.type, self.status, self.year)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.setText(flt.text)
        self.commune.setCurrentIndex(max(self.commune.findData(commune), 0))
        self.type.set_code(flt.type)
        self.status.set_code(flt.status)
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        for widget in widgets:
            widget.blockSignals(False)
        self._update_buttons()
        self._set_extra(extra)

    def _set_extra(self, extra: dict) -> None:
        if not hasattr(self, "banner"):
            self.banner = FilterBanner()
            self.banner.cleared.connect(lambda: self._set_extra({}))
            self.layout().insertWidget(2, self.banner)
            self.search.textChanged.connect(self._filters_changed)
            self.bin_button.toggled.connect(self._filters_changed)
            for combo in (self.commune, self.type, self.status, self.year):
                combo.currentIndexChanged.connect(self._filters_changed)
        self._extra = extra
        self.banner.show_description(self._describe(extra) if extra else "")
        self._reload(select=[])

    def _filters_changed(self) -> None:
        if self._extra:  # the user's own filters replace the dashboard's
            self._set_extra({})

    @staticmethod
    def _describe(extra: dict) -> str:
        def day(name: str, default: str = "…") -> str:
            return format_date(extra[name]) if extra.get(name) else default

        parts = []
        if extra.get("runs_from") or extra.get("runs_to"):
            parts.append(f"diễn ra trong kỳ từ {day('runs_from')} đến {day('runs_to')}")
        if extra.get("unfinished_at"):
            parts.append(f"chưa hoàn thành đến {day('unfinished_at')}")
        if extra.get("finished_from") or extra.get("finished_to"):
            parts.append(f"hoàn thành từ {day('finished_from')} đến {day('finished_to')}")
        if extra.get("contributed_from") or extra.get("contributed_to"):
            what = {"tien": "tiền", "vat_tu": "vật tư", "ngay_cong": "ngày công",
                    "dat": "đất"}.get(extra.get("contribution_kind"), "")
            source = SOURCES.label(extra.get("contribution_source"))
            parts.append(f"có đóng góp {what}".rstrip() + (f" của {source.lower()}" if source else "")
                         + f" từ {day('contributed_from')} đến {day('contributed_to')}")
        if extra.get("year"):
            parts.append(f"bắt đầu năm {extra['year']}")
        if extra.get("commune_id") is not None:
            parts.append("ở một xã, phường không còn trong danh mục")
        return "cuộc vận động " + "; ".join(parts)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self._reload()

    def _reload(self, select: list[int] | None = None) -> None:
        """Query again, keeping the selected records selected (or selecting ``select``)."""
        keep = select if select is not None else self.selected_ids()
        self.model.refresh(self.current_filter())
        self.select_ids(keep)
        self._update_count()

    def _empty_text(self) -> str:
        if self.bin_button.isChecked():
            return "Thùng rác trống."
        if self.current_filter() != CampaignFilter():
            return "Không có cuộc vận động nào khớp tìm kiếm, bộ lọc."
        return ("Chưa có cuộc vận động nào. Bấm Thêm (Ctrl+N) hoặc Tệp → Nhập từ Excel… "
                "(trang “Cuộc vận động”, “Đóng góp”).")

    def _update_count(self) -> None:
        count = group_thousands(self.model.rowCount())
        where = "trong thùng rác" if self.bin_button.isChecked() else "cuộc vận động"
        self.count_label.setText(f"{count} {where}")

    def _bin_toggled(self, on: bool) -> None:
        self._fill_filters()
        self._reload(select=[])
        self._update_buttons()

    def _on_changed(self, kinds: frozenset) -> None:
        if CAMPAIGNS in kinds or AREAS in kinds:
            self._fill_filters()
            self._reload()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def select_ids(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = True
        for record_id in ids:
            row = self.model.row_of(record_id)
            if row < 0:
                continue
            index = self.model.index(row, 0)
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            if first:
                selection.setCurrentIndex(index, flags)
                self.table.scrollTo(index)
                first = False
            else:
                selection.select(index, flags)

    def _update_buttons(self) -> None:
        in_bin = self.bin_button.isChecked()
        chosen = bool(self.selected_ids())
        self.add_button.setEnabled(not in_bin)
        self.edit_button.setVisible(not in_bin)
        self.edit_button.setEnabled(chosen)
        self.delete_button.setVisible(not in_bin)
        self.delete_button.setEnabled(chosen)
        self.restore_button.setVisible(in_bin)
        self.restore_button.setEnabled(chosen)

    # --- actions -------------------------------------------------------------------------

    def _shortcut_add(self) -> None:
        if not self.bin_button.isChecked():
            self.open_form(None)

    def edit_current(self) -> None:
        if self.bin_button.isChecked():
            return
        index = self.table.currentIndex()
        record_id = self.model.id_at(index.row()) if index.isValid() else None
        if record_id is None and self.selected_ids():
            record_id = self.selected_ids()[0]
        if record_id is not None:
            self.open_form(record_id)

    def open_form(self, campaign_id: int | None) -> CampaignForm:
        """Open the form (window-modal, without blocking); the list follows the change
        signal the form sends after saving."""
        if self.form is not None:
            self.form.raise_()
            return self.form
        form = CampaignForm(self.store, self.bus, campaign_id, self,
                            commune_id=self.commune.currentData())
        form.finished.connect(lambda _result: self._form_closed(form))
        self.form = form
        form.open()
        return form

    def _form_closed(self, form: CampaignForm) -> None:
        self.form = None
        if form.saved_id is not None:
            self.select_ids([form.saved_id])
        form.deleteLater()
        self.table.setFocus()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.bin_button.isChecked():
            return
        titles = [self.model.data(self.model.index(self.model.row_of(i), 0)) for i in ids[:5]]
        more = f"\n… và {len(ids) - 5} cuộc vận động khác" if len(ids) > 5 else ""
        text = ("Chuyển vào thùng rác:\n" + "\n".join(f"• {t}" for t in titles) + more
                + "\n\nCó thể khôi phục lại từ Thùng rác.")
        if not confirm(self, "Xóa cuộc vận động", text, yes="Xóa", no="Hủy"):
            return
        self._write(lambda: delete_campaigns(self.store, ids))

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.bin_button.isChecked():
            self._write(lambda: restore_campaigns(self.store, ids))

    def _write(self, action) -> None:
        try:
            action()
        except (StoreError, sqlite3.Error) as exc:
            error(self, "Không ghi được", str(exc))
            return
        self.bus.notify(CAMPAIGNS)
