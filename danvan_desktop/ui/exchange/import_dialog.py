"""Nhập từ Excel: the preview of a registration file before anything is written — every
row with its status, refused rows with row, column and reason, possible duplicates to
skip or keep, places to create after confirmation; campaigns and contributions on a
second tab — then the import in one transaction after a backup, off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.text import format_date, format_money, format_number
from ...services.backup import BEFORE_IMPORT, backup_before
from ...services.exchange.importer import ImportPlan, ImportResult, PlannedRow, commit_plan, plan_import
from ...store.db import Store, open_store
from ..backup.settings import backup_folder
from ..tasks import Cancelled, run_job
from ..widgets import dialogs
from ..widgets.tables import install_copy, install_menu

HEADERS = ["Dòng", "Tình trạng", "Tên mô hình, điển hình", "Chủ thể", "Xã/phường", "Lĩnh vực",
           "Lý do, ghi chú"]
CAMPAIGN_HEADERS = ["Trang", "Dòng", "Tình trạng", "Tên công trình", "Chi tiết", "Lý do, ghi chú"]
REFUSED, DUPLICATE = QColor("#f8d7da"), QColor("#fff3cd")


def row_state(row: PlannedRow) -> tuple[str, str]:
    """(status, explanation) as the preview shows them."""
    if row.errors:
        return "Bị từ chối", "; ".join(f"cột “{e.column}”: {e.reason}" for e in row.errors)
    if row.duplicate_of is not None:
        return "Có thể trùng", f"giống mô hình số {row.duplicate_of} đã có (cùng tên, chủ thể, năm)"
    notes = [filled_note(row.filled)] if row.filled else []
    if row.same_as_row is not None:
        notes.insert(0, f"giống dòng {row.same_as_row} trong tệp")
    return "Hợp lệ", "; ".join(notes)


def filled_note(filled: dict[str, str]) -> str:
    """What the import fills in itself, said before anything is written."""
    names = {"recognized_on": "ngày công nhận", "commended_on": "ngày khen thưởng"}
    return "sẽ ghi " + ", ".join(f"{names[k]} {format_date(v)} (hôm nay)" for k, v in filled.items())


def initiative_row_values(row: PlannedRow) -> list[str]:
    """An initiative row of the preview, in the order of HEADERS."""
    status, note = row_state(row)
    item = row.item
    return [str(row.row), status, item.name if item else row.name,
            item.owner_name if item else row.owner, row.commune,
            vocab.FIELDS.short(item.field) if item else "", note]


class PreviewModel(QAbstractTableModel):
    """Rows of a plan as the preview shows them: refused rows red, possible duplicates
    yellow. ``values(row)`` gives a row's cells in the order of ``headers``."""

    def __init__(self, headers: list[str], rows: list, values: Callable[[object], list[str]],
                 parent=None):
        super().__init__(parent)
        self.headers, self.rows, self.values = headers, rows, values

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.values(row)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            planned = row[0] if isinstance(row, tuple) else row
            return (REFUSED if planned.errors
                    else DUPLICATE if planned.duplicate_of is not None else None)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def campaign_row_values(plan: ImportPlan, row, is_campaign: bool) -> list[str]:
    """A campaign or contribution row of the preview: sheet, row, status, name, details, note."""
    sheet = plan.sheets.get("campaigns" if is_campaign else "contributions", "")
    if row.errors:
        status, note = "Bị từ chối", "; ".join(f"cột “{e.column}”: {e.reason}" for e in row.errors)
    elif row.duplicate_of is not None:
        status = "Đã có"
        note = (f"trùng công trình số {row.duplicate_of} (cùng tên, cùng xã)" if is_campaign
                else "giống một khoản đóng góp đã ghi")
    else:
        status, note = "Hợp lệ", ""
    item, details = row.item, ""
    if is_campaign:
        details = row.commune + (f", {row.village}" if row.village else "")
        if item is not None:
            details = f"{vocab.CAMPAIGN_TYPES.short(item.type)} – {details}"
    elif item is not None:
        amount = (format_money(item.amount_vnd) if item.kind in vocab.MONEY_KINDS
                  else format_number(item.quantity))
        details = f"{vocab.CONTRIBUTION_KINDS.short(item.kind)} {amount} – {item.contributor}".rstrip(" –")
        if row.campaign_id is not None and not note:
            note = f"vào công trình số {row.campaign_id} đã có"
    return [sheet, str(row.row), status, row.title, details, note]


def campaign_summary(plan: ImportPlan) -> str:
    """``1 công trình, 38 khoản đóng góp: 2 dòng bị từ chối, …`` (blank without such sheets)."""
    if not (plan.campaigns or plan.contributions):
        return ""
    refused = sum(1 for r in plan.campaigns + plan.contributions if r.errors)
    known = sum(1 for r in plan.campaigns + plan.contributions if r.duplicate_of is not None and not r.errors)
    money = sum(r.item.amount_vnd or 0 for r in plan.contributions
                if r.item is not None and r.item.kind == "tien")
    text = (f"{len(plan.campaigns)} công trình, {len(plan.contributions)} khoản đóng góp "
            f"(tiền {format_money(money)}): {refused} dòng bị từ chối")
    return text + (f", {known} dòng đã có trong dữ liệu." if known else ".")


class ImportDialog(QDialog):
    """Opened with a file; ``imported`` carries the number of initiatives written."""

    imported = Signal(int)

    def __init__(self, store: Store, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.path = store, Path(path)
        self.plan: ImportPlan | None = None
        self.setWindowTitle(f"Nhập từ tệp {self.path.name}")
        self.resize(1100, 620)
        self.summary = QLabel("Đang đọc và kiểm tra tệp…")
        self.summary.setWordWrap(True)
        self.table = self._new_table()  # the initiatives
        self.campaign_table = self._new_table()  # campaigns, then contributions
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Mô hình")
        self.tabs.addTab(self.campaign_table, "Công trình, đóng góp")
        self.create_places = QCheckBox("Tạo mới các xã, thôn chưa có trong danh mục")
        self.keep_duplicates = QCheckBox("Vẫn nhập các dòng có thể trùng dữ liệu đã có")
        self.import_button = QPushButton("Nhập")
        self.import_button.setEnabled(False)
        close = QPushButton("Đóng")
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_places)
        buttons.addWidget(self.keep_duplicates)
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.create_places.toggled.connect(lambda _on: self.check())
        self.import_button.clicked.connect(self.run_import)
        close.clicked.connect(self.reject)

    @staticmethod
    def _new_table() -> QTableView:
        table = QTableView()
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        install_copy(table)  # the preview's rows copied with their headers (refusals to fix)
        install_menu(table, lambda _menu: None)
        return table

    def check(self) -> None:
        """Read and check the file off the UI thread; show the preview."""
        create = self.create_places.isChecked()
        db_path, user = self.store.path, self.store.user

        def job(report):
            with open_store(db_path, read_only=True, user=user) as own:
                return plan_import(own, self.path, create_places=create, progress=report)

        run_job(self, "Đang kiểm tra tệp", job, self.show_plan,
                lambda exc: self._fail("Không đọc được tệp", exc))

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.table.setModel(PreviewModel(HEADERS, plan.rows, initiative_row_values, self))
        for column, width in enumerate([50, 110, 300, 220, 150, 80]):
            self.table.setColumnWidth(column, width)
        items = [(r, True) for r in plan.campaigns] + [(r, False) for r in plan.contributions]
        self.campaign_table.setModel(PreviewModel(CAMPAIGN_HEADERS, items,
                                                  lambda item: campaign_row_values(plan, *item), self))
        for column, width in enumerate([110, 50, 90, 260, 260]):
            self.campaign_table.setColumnWidth(column, width)
        refused, duplicates = len({e.row for e in plan.initiative_errors}), len(plan.duplicates)
        text = ""
        if plan.rows or not (plan.campaigns or plan.contributions):
            text = (f"{len(plan.rows)} dòng: {len(plan.rows) - refused} hợp lệ, {refused} bị từ chối, "
                    f"{duplicates} có thể trùng mô hình đã có.")
        text = " ".join(t for t in (text, campaign_summary(plan)) if t)
        known = any(r.duplicate_of is not None for r in plan.campaigns + plan.contributions)
        self.tabs.setTabText(0, f"Mô hình ({len(plan.rows)})")
        self.tabs.setTabText(1, f"Công trình, đóng góp ({len(plan.campaigns) + len(plan.contributions)})")
        if not plan.rows and (plan.campaigns or plan.contributions):
            self.tabs.setCurrentIndex(1)
        if plan.new_places:
            text += " Sẽ tạo mới: " + ", ".join(plan.new_places[:8]) + (
                "…" if len(plan.new_places) > 8 else "") + "."
        unknown = plan.unknown_places
        if unknown:  # each place once, with its rows, and how to create them
            text += (f" {len(unknown)} địa bàn chưa có trong danh mục: "
                     + "; ".join(str(p) for p in unknown[:5]) + ("…" if len(unknown) > 5 else "")
                     + ". Đánh dấu “Tạo mới các xã, thôn chưa có trong danh mục” để tạo,"
                       " hoặc thêm trong Danh mục.")
        if plan.notes:  # hidden sheets and rows are not imported: say so
            text += " " + " ".join(plan.notes[:4]) + (" …" if len(plan.notes) > 4 else "")
        if plan.errors:
            text += " Chưa thể nhập: hãy sửa các dòng tô đỏ trong tệp rồi mở lại (nhập là tất cả hoặc không)."
        self.summary.setText(text)
        self.keep_duplicates.setEnabled(duplicates > 0 or known)
        self.import_button.setEnabled(not plan.errors and not plan.is_empty)

    def run_import(self) -> None:
        if self.plan is None or self.plan.errors:
            return
        plan, keep = self.plan, self.keep_duplicates.isChecked()
        db_path, user = self.store.path, self.store.user

        def job(report):
            # A copy of the whole file (seconds at a million records): its progress shown,
            # and Hủy there leaves no half-made copy and nothing imported.
            report(0, 0, "Đang sao lưu trước khi nhập…")
            backup_before(db_path, BEFORE_IMPORT, backup_folder(),
                          progress=lambda done, total: report(done, total, "Đang sao lưu trước khi nhập…"))
            with open_store(db_path, user=user) as own:
                return commit_plan(own, plan, keep_duplicates=keep, progress=report)

        def done(result: ImportResult) -> None:
            parts = [f"{result.initiatives} mô hình, điển hình"]
            if plan.campaigns or plan.contributions:
                parts += [f"{result.campaigns} công trình", f"{result.contributions} khoản đóng góp"]
            dialogs.inform(self, "Nhập xong", f"Đã nhập {', '.join(parts)} từ “{self.path.name}”.")
            self.imported.emit(result.initiatives)
            self.accept()

        run_job(self, "Đang nhập", job, done, lambda exc: self._fail("Nhập không thành công", exc))

    def _fail(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):  # the user's choice, not a failure: no error box
            self.summary.setText("Đã hủy. Không có gì được ghi vào dữ liệu.")
            return
        self.summary.setText(f"{title}: {exc}")
        dialogs.error(self, title, f"{exc}\n\nKhông có gì được ghi vào dữ liệu.")
