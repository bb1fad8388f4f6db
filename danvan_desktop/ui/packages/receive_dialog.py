"""Nhận gói dữ liệu: the package read and previewed off the UI thread (who sent it, for which
period; per kind, every record new / updated / unchanged / in conflict / deleted), a choice
for each conflict (keep theirs / keep ours), then the merge after a backup, off the UI thread
with progress. Nothing is written before "Gộp vào dữ liệu"."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import packages as P
from ...services.packages.fileformat import KIND_LABELS
from ...services.packages.preview import (
    CONFLICT,
    DELETED,
    NEW,
    STATE_LABELS,
    UNCHANGED,
    UPDATED,
    Change,
)
from ...store.audit import local_time
from ...store.db import Store, open_store
from ..backup.settings import backup_folder
from ..tasks import Cancelled, run_job
from ..widgets import dialogs
from ..widgets.tables import list_view

HEADERS = ["Tình trạng", "Bản ghi trong gói", "Bản đang có", "Sửa lần cuối (gói)",
           "Sửa lần cuối (đang có)"]
COLOURS = {CONFLICT: QColor("#f8d7da"), NEW: QColor("#d4edda"), UPDATED: QColor("#fff3cd"),
           DELETED: QColor("#e2e3e5")}
ORDER = {CONFLICT: 0, NEW: 1, UPDATED: 2, DELETED: 3, UNCHANGED: 4}
THEIRS_LABEL, OURS_LABEL = "Giữ bản của đơn vị gửi", "Giữ bản đang có"


def _stamp(iso: str | None) -> str:
    return local_time(iso)


class ChangesModel(QAbstractTableModel):
    def __init__(self, items: list[Change], parent=None):
        super().__init__(parent)
        self.items = sorted(items, key=lambda c: ORDER[c.state])

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [STATE_LABELS[c.state], c.label, c.ours_label, _stamp(c.theirs_at),
                    _stamp(c.ours_at)][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return COLOURS.get(c.state)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


def summary_text(preview: P.Preview) -> str:
    m, sender = preview.package.manifest, preview.sender
    who = sender.name or sender.unit_code or sender.identity
    period = m.period.get("label") if m.period else "mọi thời gian"
    text = (f"<b>Gói của {who}</b>" + (f" (mã {sender.unit_code})" if sender.unit_code else "")
            + f", kỳ {period}" + (", chỉ phần thay đổi từ gói trước" if m.since else "")
            + f", lập lúc {_stamp(m.created_at)}.")
    if preview.already_received:
        text += " <i>Gói này đã nhận trước đây.</i>"
    counts = preview.counts()
    totals = {s: sum(c[s] for c in counts.values()) for s in ORDER}
    text += "<br>" + ", ".join(f"{STATE_LABELS[s].lower()}: {totals[s]}" for s in ORDER)
    new_places = preview.new_references["areas"]
    if new_places:
        text += "<br>Sẽ thêm vào danh mục địa bàn: " + ", ".join(new_places[:6]) + (
            "…" if len(new_places) > 6 else "")
    return text


class ReceiveDialog(QDialog):
    """Opened with a package file; ``merged`` is emitted after a merge that wrote."""

    merged = Signal()

    def __init__(self, store: Store, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.path = store, Path(path)
        self.preview: P.Preview | None = None
        self.choices: dict[str, QComboBox] = {}
        self.setWindowTitle(f"Nhận gói dữ liệu {self.path.name}")
        self.resize(1100, 620)
        self.summary = QLabel("Đang đọc và kiểm tra gói…")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.all_theirs = QPushButton(f"Xung đột: {THEIRS_LABEL.lower()}")
        self.all_ours = QPushButton(f"Xung đột: {OURS_LABEL.lower()}")
        self.merge_button = QPushButton("Gộp vào dữ liệu")
        self.merge_button.setEnabled(False)
        close = QPushButton("Đóng")
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_theirs)
        buttons.addWidget(self.all_ours)
        buttons.addStretch()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        for button in (self.all_theirs, self.all_ours):
            button.hide()
        self.all_theirs.clicked.connect(lambda: self._choose_all(THEIRS_LABEL))
        self.all_ours.clicked.connect(lambda: self._choose_all(OURS_LABEL))
        self.merge_button.clicked.connect(self.run_merge)
        close.clicked.connect(self.reject)

    def check(self) -> None:
        db_path, user = self.store.path, self.store.user

        def job(report):
            report(0, 0, "Đang đọc và kiểm tra gói…")
            with open_store(db_path, read_only=True, user=user) as own:
                return P.preview_file(own, self.path)

        run_job(self, "Đang kiểm tra gói", job, self.show_preview,
                lambda exc: self._fail("Không nhận gói này", exc))

    def show_preview(self, preview: P.Preview) -> None:
        self.preview = preview
        self.summary.setText(summary_text(preview))
        self.tabs.clear()
        if preview.conflicts:
            self.tabs.addTab(self._conflict_tab(preview), f"Xung đột ({len(preview.conflicts)})")
        counts = preview.counts()
        for kind, items in preview.changes.items():
            if not items:
                continue
            table = list_view(ChangesModel(items, self), f"changes_{kind}", (110, 380, 300, 130),
                              stretch=None)
            table.horizontalHeader().setStretchLastSection(True)
            changed = len(items) - counts[kind][UNCHANGED]
            self.tabs.addTab(table, f"{KIND_LABELS[kind]} ({changed}/{len(items)})")
        for button in (self.all_theirs, self.all_ours):
            button.setVisible(bool(preview.conflicts))
        self.merge_button.setEnabled(bool(preview.writes) or not preview.already_received)
        if not preview.writes and preview.already_received:
            self.merge_button.setToolTip("Gói này đã nhận, không còn gì để gộp.")

    def _conflict_tab(self, preview: P.Preview) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel("Các bản ghi dưới đây đã được sửa ở cả hai nơi từ lần trao đổi "
                                "trước. Chọn giữ bản nào cho từng bản ghi (không bản nào bị ghi "
                                "đè khi chưa chọn)."))
        for change in preview.conflicts:
            row = QHBoxLayout()
            text = QLabel(f"<b>{KIND_LABELS[change.kind]} “{escape(change.ours_label)}”</b> — "
                          f"sửa ở gói lúc {_stamp(change.theirs_at)}, ở đây lúc "
                          f"{_stamp(change.ours_at)}<br>{escape(change.differences)}")
            text.setWordWrap(True)
            choice = QComboBox()
            choice.addItem("— chọn —", None)
            choice.addItem(THEIRS_LABEL, P.THEIRS)
            choice.addItem(OURS_LABEL, P.OURS)
            self.choices[change.uuid] = choice
            row.addWidget(text, 1)
            row.addWidget(choice)
            layout.addLayout(row)
        layout.addStretch()
        return box

    def _choose_all(self, label: str) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(combo.findText(label))

    def chosen(self) -> dict[str, str]:
        return {uuid: combo.currentData() for uuid, combo in self.choices.items()
                if combo.currentData()}

    def run_merge(self) -> None:
        if self.preview is None:
            return
        preview, choices = self.preview, self.chosen()
        left = P.unresolved(preview, choices)
        if left:
            dialogs.error(self, "Còn xung đột", f"Còn {len(left)} bản ghi xung đột chưa chọn giữ "
                          "bản nào (thẻ “Xung đột”). Không có gì được ghi.")
            return
        db_path, user, folder = self.store.path, self.store.user, backup_folder()

        def job(report):
            report(0, 0, "Đang sao lưu trước khi gộp…")
            with open_store(db_path, user=user) as own:
                return P.receive(own, preview, choices,
                                 progress=lambda done, total: report(done, total, "Đang gộp…"),
                                 backup_folder=folder)

        def done(result: P.MergeResult) -> None:
            if result.nothing_to_do:
                dialogs.inform(self, "Nhận gói", "Gói này đã nhận trước đây; không có gì thay đổi.")
            else:
                w = result.written
                dialogs.inform(self, "Đã gộp gói", "Đã gộp: " + ", ".join(
                    f"{KIND_LABELS[k].lower()} {sum(w[k].values())}" for k in w if sum(w[k].values()))
                    + ".")
                self.merged.emit()
            self.accept()

        run_job(self, "Đang gộp gói dữ liệu", job, done,
                lambda exc: self._fail("Gộp không thành công", exc))

    def _fail(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            exc = Exception("Đã hủy theo yêu cầu.")
        self.summary.setText(f"{title}: {exc}")
        dialogs.error(self, title, f"{exc}\n\nKhông có gì được ghi vào dữ liệu.")
