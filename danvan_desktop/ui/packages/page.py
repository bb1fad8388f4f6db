"""Gói dữ liệu: send a package, receive one, and the board — for a period, which communes
have sent (when, what their latest package held) and which have not sent yet — with the
exchange log below it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.text import format_date
from ...services.packages.fileformat import KIND_LABELS
from ...store import packages as log
from ...store.audit import local_time
from ...store.db import Store
from .. import changes
from ..changes import ChangeBus
from ..widgets.tables import empty_hint, fit_columns, install_button_menu, list_view
from .period import PeriodChoice
from .receive_dialog import ReceiveDialog
from .send_dialog import SendDialog

BOARD_HEADERS = ["Xã, phường", "Đơn vị gửi", "Tình hình", "Nhận lúc", "Kỳ của gói",
                 "Gói mới nhất gồm"]
LOG_HEADERS = ["Lúc", "Chiều", "Đơn vị", "Tệp", "Kỳ", "Gồm"]
NOT_SENT = QColor("#fff3cd")


def held(counts: dict) -> str:
    parts = [f"{counts[k]} {KIND_LABELS[k].lower()}" for k in
             ("initiatives", "campaigns", "contributions", "rounds", "awards") if counts.get(k)]
    return ", ".join(parts) or "không có bản ghi"


def _day(iso: str | None) -> str:
    return format_date(iso[:10]) if iso else ""


def _span(start: str | None, end: str | None) -> str:
    return f"{_day(start)} – {_day(end)}" if start else "mọi thời gian"


class RowsModel(QAbstractTableModel):
    """Rows of text given as lists; a row whose ``highlight`` is true is tinted."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers, self.rows, self.marks = headers, [], []

    def set_rows(self, rows: list[list[str]], marks: list[bool] | None = None) -> None:
        self.beginResetModel()
        self.rows, self.marks = rows, marks or [False] * len(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and self.marks[index.row()]:
            return NOT_SENT
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class PackagesPage(QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store, self.bus = store, bus
        self.send_button = QPushButton("Gửi gói dữ liệu…")
        self.receive_button = QPushButton("Nhận gói dữ liệu…")
        self.period = PeriodChoice()
        self.tally = QLabel()
        self.tally.setObjectName("board_tally")
        self.board = RowsModel(BOARD_HEADERS, self)
        self.log = RowsModel(LOG_HEADERS, self)
        board_view = list_view(self.board, "package_board", (170, 250, 90, 120, 170), stretch=None)
        board_view.horizontalHeader().setStretchLastSection(True)
        fit_columns(board_view, [170, 250, 90, 120, 170, 200])  # no sideways scroll at 1280×720, 125 %
        log_view = list_view(self.log, "package_log", (120, 60, 250, 250, 170), stretch=None)
        log_view.horizontalHeader().setStretchLastSection(True)
        fit_columns(log_view, [120, 60, 250, 250, 170, 200])
        empty_hint(board_view, "Chưa có xã, phường nào gửi gói dữ liệu trong kỳ này. Khi nhận được "
                               "tệp gói, bấm “Nhận gói dữ liệu…”.")
        empty_hint(log_view, "Chưa gửi hay nhận gói dữ liệu nào. Bấm “Gửi gói dữ liệu…” để gửi "
                             "số liệu lên cấp trên, hoặc “Nhận gói dữ liệu…”.")
        for view in (board_view, log_view):
            install_button_menu(view, [self.send_button, self.receive_button])
        top = QHBoxLayout()
        top.addWidget(self.send_button)
        top.addWidget(self.receive_button)
        top.addSpacing(24)
        top.addWidget(self.period)
        top.addStretch()
        top.addWidget(self.tally)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>Nhật ký gửi, nhận</b>"))
        lower_layout.addWidget(log_view)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(QLabel("<b>Tình hình gửi gói trong kỳ</b>"))
        upper_layout.addWidget(board_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setSizes([400, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.send_button.clicked.connect(self.open_send)
        self.receive_button.clicked.connect(self.choose_package)
        self.period.changed.connect(self.refresh)
        bus.changed.connect(lambda kinds: self.refresh() if changes.INITIATIVES in kinds else None)
        self.refresh()

    def refresh(self) -> None:
        period = self.period.period()
        lines = log.board(self.store, period.start.isoformat(), period.end.isoformat())
        self.board.set_rows([[line["commune"], line["office"],
                              "Đã gửi" + (f" ({line['packages']} gói)" if line["packages"] > 1 else "")
                              if line["sent"] else "Chưa gửi",
                              local_time(line["received_at"]), _span(line["period_from"], line["period_to"])
                              if line["sent"] else "", held(line["counts"]) if line["sent"] else ""]
                             for line in lines], [not line["sent"] for line in lines])
        sent = sum(1 for line in lines if line["sent"])
        self.tally.setText(f"{sent}/{len(lines)} đã gửi gói {period.label}")
        self.log.set_rows([[local_time(r["at"]),
                            "Gửi" if r["direction"] == "sent" else "Nhận",
                            r["office_name"] or r["unit_code"] or "(không ghi nơi nhận)",
                            r["file_name"], _span(r["period_from"], r["period_to"]),
                            held(_counts(r["counts"]))] for r in log.exchange_log(self.store)])

    def open_send(self) -> SendDialog:
        dialog = SendDialog(self.store, self)
        dialog.sent.connect(lambda _path: self.refresh())
        dialog.open()
        return dialog

    def choose_package(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn gói dữ liệu", str(Path.home()),
                                              "Gói dữ liệu Dân vận khéo (*.dvk);;Tất cả (*)")
        if name:
            self.open_receive(name)

    def open_receive(self, path: str | Path) -> ReceiveDialog:
        dialog = ReceiveDialog(self.store, path, self)
        dialog.merged.connect(self._merged)
        dialog.open()
        dialog.check()
        return dialog

    def _merged(self) -> None:
        self.bus.notify(changes.INITIATIVES, changes.CAMPAIGNS, changes.AREAS,
                        changes.ORGANIZATIONS, changes.ROUNDS)
        self.refresh()


def _counts(raw: str) -> dict:
    import json

    try:
        return json.loads(raw or "{}")
    except ValueError:
        return {}
