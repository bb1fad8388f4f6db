"""Báo cáo: the period report. Choose the period, mark the notable initiatives, write the
limitations and directions (kept with the report of that period), then preview, save
(PDF, Word, Excel figures) or print. Documents are made off the UI thread."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.periods import (
    Period,
    half_period,
    nine_months_period,
    quarter_period,
    stage_period,
    year_period,
)
from ...domain.text import group_thousands
from ...services.documents.period_report import build_report_pdf
from ...services.documents.report_docx import build_report_docx
from ...services.documents.report_xlsx import build_report_xlsx
from ...store.db import Store, StoreError
from ...store.profile import get_setting, set_setting
from ...store.reports import candidate_initiatives, report_texts, save_report_texts, set_notable
from ..changes import INITIATIVES, ROUNDS, ChangeBus
from ..rounds import output
from ..widgets.dialogs import error
from ..widgets.layouts import button_row
from ..widgets.tables import empty_hint, fit_columns, list_view
from .notable import NotableModel

NUMBER_KEY = "last_number_BC"
PERIODS = [
    ("Cả năm", year_period),
    ("Quý I", lambda y: quarter_period(y, 1)),
    ("Quý II", lambda y: quarter_period(y, 2)),
    ("Quý III", lambda y: quarter_period(y, 3)),
    ("Quý IV", lambda y: quarter_period(y, 4)),
    ("6 tháng đầu năm", lambda y: half_period(y, 1)),
    ("6 tháng cuối năm", lambda y: half_period(y, 2)),
    ("9 tháng", nine_months_period),
]
STAGE = "Giai đoạn nhiều năm"  # from the year chosen to the "đến năm" one
# What each button makes: (file kind, builder, file filter, title of the save dialog).
KINDS = {
    "pdf": (".pdf", build_report_pdf, output.PDF_FILTER, "Lưu báo cáo (PDF)"),
    "docx": (".docx", build_report_docx, output.DOCX_FILTER, "Lưu báo cáo (Word)"),
    "xlsx": (".xlsx", build_report_xlsx, output.XLSX_FILTER, "Lưu số liệu báo cáo (Excel)"),
}


def _editor(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    return edit


class ReportsPage(QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        self.bus = bus
        self.period: Period = year_period(dt.date.today().year)
        self._saved: tuple[str, str, str] = ("", "", "")
        self._own_change = False
        self.model = NotableModel(self._toggle_notable, self)
        self._build()
        self.load_period()
        bus.changed.connect(self._on_changed)

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        top = self._period_row()
        notable = self._notable_box()
        texts = self._texts_box()
        splitter = QSplitter()
        splitter.addWidget(notable)
        splitter.addWidget(texts)
        splitter.setSizes([760, 400])
        bottom = self._document_row()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._connect()

    def _period_row(self) -> QHBoxLayout:
        """Năm, Kỳ báo cáo (đến năm for a stage), the dates it covers, Số báo cáo."""
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2100)
        self.year.setValue(self.period.start.year)
        self.year.setKeyboardTracking(False)  # load the period once the year is typed whole
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for label, _make in PERIODS:
            self.kind.addItem(label)
        self.kind.addItem(STAGE)
        self.to_year = QSpinBox()
        self.to_year.setObjectName("to_year")
        self.to_year.setRange(1991, 2100)
        self.to_year.setValue(self.period.start.year + 4)
        self.to_year.setKeyboardTracking(False)
        self.to_year_label = QLabel("đến năm:")
        self.dates = QLabel()
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.number.setMaximumWidth(140)
        top = QHBoxLayout()
        for caption, widget in (("Năm:", self.year), ("Kỳ báo cáo:", self.kind)):
            top.addWidget(QLabel(caption))
            top.addWidget(widget)
        top.addWidget(self.to_year_label)
        top.addWidget(self.to_year)
        top.addWidget(self.dates)
        top.addStretch()
        top.addWidget(QLabel("Số báo cáo:"))
        top.addWidget(self.number)
        return top

    def _notable_box(self) -> QGroupBox:
        """The period's initiatives, searchable, each with its "tiêu biểu" mark."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Tìm tên mô hình, chủ thể, xã…")
        self.search.setClearButtonEnabled(True)
        self.only_checked = QCheckBox("Chỉ hiện mô hình đã đánh dấu")
        self.table = list_view(self.model, "notable")
        empty_hint(self.table, "Không có mô hình nào đăng ký, được công nhận hay khen thưởng trong kỳ "
                               "này (hoặc khớp ô tìm). Chọn năm, kỳ khác ở trên.")
        fit_columns(self.table, [230, 140, 100, 100, 150], {4: "Khen thưởng 28/12/2026"})
        self.count = QLabel()
        self.count.setObjectName("count")
        notable = QGroupBox("Mô hình tiêu biểu đưa vào báo cáo")
        column = QVBoxLayout(notable)
        hint = QLabel("Các mô hình đăng ký, được công nhận hoặc khen thưởng trong kỳ. Đánh dấu "
                      "mô hình tiêu biểu: báo cáo nêu chủ thể, địa bàn và kết quả của từng mô hình.")
        hint.setWordWrap(True)
        column.addWidget(hint)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.only_checked)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.count)
        return notable

    def _texts_box(self) -> QGroupBox:
        """Hạn chế and Phương hướng, written by the Ban and kept with the period's report."""
        self.limitations = _editor("Những hạn chế, khó khăn trong kỳ…")
        self.limitations.setObjectName("limitations")
        self.directions = _editor("Phương hướng, nhiệm vụ kỳ tới…")
        self.directions.setObjectName("directions")
        self.save_texts_button = QPushButton("Lưu nội dung")
        self.texts_status = QLabel()
        self.texts_status.setObjectName("texts_status")
        texts = QGroupBox("Nội dung do Ban viết (lưu cùng báo cáo của kỳ)")
        column = QVBoxLayout(texts)
        column.addWidget(QLabel("Hạn chế"))
        column.addWidget(self.limitations, 1)
        column.addWidget(QLabel("Phương hướng"))
        column.addWidget(self.directions, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_texts_button)
        row.addWidget(self.texts_status, 1)
        column.addLayout(row)
        return texts

    def _document_row(self) -> QHBoxLayout:
        """Xem trước, Lưu PDF, Word, Excel, In, and what the last of them did."""
        self.preview_button = QPushButton("Xem trước (PDF)")
        self.pdf_button = QPushButton("Lưu PDF…")
        self.docx_button = QPushButton("Lưu Word (.docx)…")
        self.xlsx_button = QPushButton("Lưu số liệu Excel (.xlsx)…")
        self.print_button = QPushButton("In…")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setOpenExternalLinks(True)
        bottom = button_row((self.preview_button, self.pdf_button, self.docx_button,
                             self.xlsx_button, self.print_button), stretch=None)
        bottom.addWidget(self.status, 1)
        return bottom

    def _connect(self) -> None:
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.only_checked.toggled.connect(self.apply_search)
        self.year.valueChanged.connect(self.load_period)
        self.kind.currentIndexChanged.connect(self.load_period)
        self.to_year.valueChanged.connect(self.load_period)
        self.table.doubleClicked.connect(self._toggle_row)
        self.save_texts_button.clicked.connect(self.save_texts)
        self.preview_button.clicked.connect(lambda: self.make("pdf", "preview"))
        self.pdf_button.clicked.connect(lambda: self.make("pdf", "save"))
        self.docx_button.clicked.connect(lambda: self.make("docx", "save"))
        self.xlsx_button.clicked.connect(lambda: self.make("xlsx", "save"))
        self.print_button.clicked.connect(lambda: self.make("pdf", "print"))
        for edit in (self.limitations, self.directions):
            edit.textChanged.connect(self._texts_edited)
        self.number.textEdited.connect(self._texts_edited)

    # --- the period ----------------------------------------------------------------------------

    def choose_period(self, year: int, kind: str) -> None:
        """Select a period as the user would (``kind`` is a label of PERIODS)."""
        self.year.setValue(year)
        if kind == STAGE and self.to_year.value() <= year:
            self.to_year.setValue(year + 4)  # a giai đoạn most often spans five years
        self.kind.setCurrentIndex([*[label for label, _ in PERIODS], STAGE].index(kind))

    def selected_period(self) -> Period:
        """The chosen period; a stage covers at least two years."""
        if self.kind.currentIndex() >= len(PERIODS):
            first = self.year.value()
            return stage_period(first, max(self.to_year.value(), first + 1))
        return PERIODS[self.kind.currentIndex()][1](self.year.value())

    def load_period(self) -> None:
        """Show the chosen period: its candidates and the texts kept with its report; what
        was written for the previous period is saved first."""
        if self.is_dirty():
            self.save_texts()
        stage = self.kind.currentIndex() >= len(PERIODS)
        self.to_year.setVisible(stage)
        self.to_year_label.setVisible(stage)
        self.period = self.selected_period()
        self.dates.setText(f"(từ {self.period.start:%d/%m/%Y} đến {self.period.end:%d/%m/%Y})")
        texts = report_texts(self.store, self.period)
        self._saved = (texts["number"], texts["limitations"], texts["directions"])
        self._show_texts(*self._saved)
        last = get_setting(self.store, NUMBER_KEY, "")
        self.number.setPlaceholderText(f"số cuối đã dùng: {last}" if last else "ví dụ: 12")
        self.texts_status.setText("")
        self.reload_candidates()

    def reload_candidates(self) -> None:
        self.model.load(candidate_initiatives(self.store, self.period), self.period)
        self.apply_search()

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.show(self.search.text(), self.only_checked.isChecked())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{group_thousands(len(self.model.all_rows))} mô hình trong kỳ, "
                           f"đã đánh dấu {group_thousands(len(self.model.checked))} mô hình tiêu biểu")

    def _on_changed(self, kinds: frozenset) -> None:
        if kinds & {INITIATIVES, ROUNDS} and not self._own_change:
            self.reload_candidates()

    # --- notable initiatives and the texts -----------------------------------------------------

    def _toggle_notable(self, initiative_id: int, on: bool) -> bool:
        try:
            set_notable(self.store, initiative_id, on)
        except (StoreError, sqlite3.Error, KeyError) as exc:
            error(self, "Không ghi được", str(exc))
            return False
        self._own_change = True
        try:
            self.bus.notify(INITIATIVES)
        finally:
            self._own_change = False
        QTimer.singleShot(0, self._update_count)
        return True

    def _toggle_row(self, index) -> None:
        record_id = self.model.id_at(index.row())
        if record_id is not None:
            self.model.toggle(index.row(), record_id not in self.model.checked)

    def texts(self) -> tuple[str, str, str]:
        return (self.number.text().strip(), self.limitations.toPlainText().strip(),
                self.directions.toPlainText().strip())

    def is_dirty(self) -> bool:
        return self.texts() != self._saved

    # The window's leave guard (ui/leave_guard.py).
    def unsaved_changes(self) -> str | None:
        if not self.is_dirty():
            return None
        return f"Nội dung báo cáo {self.period.label} (số báo cáo, Hạn chế, Phương hướng) chưa lưu."

    def save_changes(self) -> bool:
        return self.save_texts()

    def discard_changes(self) -> None:
        self._show_texts(*self._saved)

    def _show_texts(self, number: str, limitations: str, directions: str) -> None:
        for edit, value in ((self.number, number), (self.limitations, limitations),
                            (self.directions, directions)):
            edit.blockSignals(True)
            edit.setText(value) if isinstance(edit, QLineEdit) else edit.setPlainText(value)
            edit.blockSignals(False)
        self.texts_status.setText("")

    def _texts_edited(self, *args) -> None:
        self.texts_status.setText("Chưa lưu" if self.is_dirty() else "")

    def save_texts(self) -> bool:
        number, limitations, directions = self.texts()
        try:
            save_report_texts(self.store, self.period, limitations, directions, number=number)
            if number:
                set_setting(self.store, NUMBER_KEY, number)
        except (StoreError, sqlite3.Error) as exc:
            error(self, "Không lưu được nội dung báo cáo", str(exc))
            return False
        self._saved = (number, limitations, directions)
        self.texts_status.setText(f"Đã lưu nội dung báo cáo {self.period.label}.")
        return True

    # --- documents ---------------------------------------------------------------------------

    def make(self, kind: str, action: str) -> None:
        """Make the report of the chosen period: 'preview', 'save' or 'print'."""
        if self.is_dirty() and not self.save_texts():
            return
        suffix, builder, file_filter, title = KINDS[kind]
        stem = ("so-lieu-" if kind == "xlsx" else "bao-cao-") + output.slug(self.period.label)
        if action == "save":
            target = output.ask_save_path(self, title, stem + suffix, file_filter)
            if target is None:
                return
        else:
            target = output.preview_path(stem, suffix)
        period = self.period

        def build(store, report):
            return builder(store, period, target)

        def done(path) -> None:
            if action == "preview":
                if not output.open_in_viewer(path):
                    self.status.setText(output.no_viewer_text(path))
            elif action == "print":
                output.print_pdf(self, path, f"Báo cáo {period.label}",
                                 then=lambda: self.status.setText("Đã gửi báo cáo tới máy in."))
            else:
                self.status.setText(output.saved_text(path))

        output.generate(self, self.store, f"Đang tạo báo cáo {period.label}…", build, done)
