"""Thêm từ mô hình đã công nhận: the recognised initiatives not yet in the round, searched
as the user types (with or without diacritics), ticked one by one or all at once."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.text import group_thousands
from ...store.db import Store
from ...store.initiatives import get_initiative, years
from ...store.rounds import commendation_blockers, get_round, recognised_candidates
from ..widgets import dialogs
from ..widgets.layouts import button_row
from ..widgets.tables import empty_hint, list_view
from .models import CandidateModel

LIMIT = 5000


class CandidateDialog(QDialog):
    def __init__(self, store: Store, round_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.round_id = round_id
        rnd = get_round(store, round_id)
        self.setWindowTitle(f"Thêm từ mô hình đã công nhận – Quyết định số {rnd.number}")
        self.model = CandidateModel(self)
        filters = self._filter_row(rnd.year)
        self._build_table()
        bottom = self._button_row()
        hint = QLabel("Đánh dấu các mô hình cần khen (nhấp vào ô vuông hoặc nhấp đúp vào dòng). "
                      "Tập thể được ghi tên đơn vị; cá nhân được ghi họ tên và chức vụ.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1100, 600)
        self._connect()
        self.reload()

    def _filter_row(self, round_year: int) -> QHBoxLayout:
        """Search, the year of recognition (the round's year at first) and "also commended"."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Tìm tên mô hình, chủ thể, xã… (có dấu hay không dấu đều được)")
        self.search.setClearButtonEnabled(True)
        self.year = QComboBox()
        self.year.addItem("Mọi năm", None)
        for year in years(self.store):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(round_year), 0))
        self.include_commended = QCheckBox("Cả mô hình đã được khen ở đợt khác")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel("Năm công nhận:"))
        filters.addWidget(self.year)
        filters.addWidget(self.include_commended)
        return filters

    def _build_table(self) -> None:
        """The candidates, with a hint that says why the list is empty."""
        self.table = list_view(self.model, "candidates")
        header = self.table.horizontalHeader()
        for column, width in enumerate([300, 70, 70, 200, 130, 105, 150]):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        search, year = self.search, self.year  # (not the dialog: no cycle keeps it alive)
        empty_hint(self.table, lambda: "Không có mô hình nào khớp tìm kiếm, năm đã chọn." if (
            search.text().strip() or year.currentData()) else
            "Không còn mô hình đã được công nhận nào chưa có trong đợt. Đổi trạng thái mô hình sang "
            "“Được công nhận” ở màn hình Mô hình – điển hình (chuột phải → Đổi trạng thái…).")

    def _button_row(self) -> QHBoxLayout:
        """Tick all, untick all, the count (stretching), then add and cancel at the right."""
        self.count = QLabel()
        self.count.setObjectName("count")
        self.all_button = QPushButton("Chọn tất cả")
        self.none_button = QPushButton("Bỏ chọn")
        self.add_button = QPushButton("Thêm vào đợt")
        self.add_button.setDefault(True)
        self.cancel_button = QPushButton("Hủy")
        bottom = button_row([self.all_button, self.none_button], stretch=None)
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.cancel_button)
        return bottom

    def _connect(self) -> None:
        """Search as one types (after a pause), filters, ticks and the buttons."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.year.currentIndexChanged.connect(self.reload)
        self.include_commended.toggled.connect(self.reload)
        self.table.doubleClicked.connect(self._toggle_row)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.add_button.clicked.connect(self.add_chosen)
        self.cancel_button.clicked.connect(self.reject)
        self.model.dataChanged.connect(self._update_count)

    def reload(self) -> None:
        self._timer.stop()
        rows = recognised_candidates(self.store, self.round_id, text=self.search.text(),
                                     year=self.year.currentData(),
                                     include_commended=self.include_commended.isChecked(), limit=LIMIT)
        keep = set(self.model.checked)
        self.model.set_rows(rows)
        self.model.checked = keep  # ticks survive a search; only those shown are added
        self._update_count()

    def _toggle_row(self, index) -> None:
        record_id = self.model.id_at(index.row())
        if record_id is not None:
            self.model.set_checked(index.row(), record_id not in self.model.checked)

    def _check_all(self, on: bool) -> None:
        self.model.check_all(on)
        self._update_count()

    def add_chosen(self) -> None:
        """Close with the ticked initiatives, after saying exactly which of them cannot be
        commended by this round and why (the dialog stays open when none can)."""
        chosen = self.chosen_ids()
        blocked = commendation_blockers(self.store, self.round_id, chosen)
        if not blocked:
            self.accept()
            return
        names = {r["id"]: r["name"] for r in self.model.rows}
        lines = [f"• {names.get(i) or get_initiative(self.store, i).name}: {why}."
                 for i, why in list(blocked.items())[:6]]
        if len(blocked) > 6:
            lines.append(f"… và {len(blocked) - 6} mô hình khác cùng lý do.")
        text = "Không thể thêm vào đợt này:\n\n" + "\n".join(lines)
        rest = len(chosen) - len(blocked)
        if not rest:
            dialogs.inform(self, "Không thêm được", text)
            return
        if dialogs.confirm(self, "Có mô hình không thêm được",
                           text + f"\n\nThêm {rest} mô hình còn lại?", yes="Thêm các mô hình còn lại",
                           no="Quay lại"):
            self.model.checked -= set(blocked)
            self.accept()

    def chosen_ids(self) -> list[int]:
        """The ticked initiatives, in the order shown (ticks hidden by a search count too)."""
        shown = [r["id"] for r in self.model.rows if r["id"] in self.model.checked]
        hidden = sorted(self.model.checked - set(shown))
        return shown + hidden

    def _update_count(self, *args) -> None:
        shown = self.model.rowCount()
        more = " (chỉ hiện 5.000 dòng đầu, hãy tìm hẹp hơn)" if shown >= LIMIT else ""
        self.count.setText(f"Đã chọn {group_thousands(len(self.model.checked))} / "
                           f"{group_thousands(shown)} mô hình{more}")
        self.add_button.setEnabled(bool(self.model.checked))
