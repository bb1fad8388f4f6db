"""The initiative form: every field of an initiative, its status history and its
attachments. Validation messages appear beside their fields; nothing is written until
every field is valid."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.entities import Initiative
from ...domain.lifecycle import dates_to_fill
from ...domain.text import format_date
from ...domain.validation import ValidationError
from ...store import attachments, catalog
from ...store.db import Store
from ...store.initiatives import get_initiative, owner_suggestions, save_initiative, status_history
from ..widgets import dialogs
from ..widgets.form_errors import ErrorLabels
from ..widgets.inputs import DateEdit, MoneyEdit, VocabCombo
from ..widgets.keys import enter_saves, focus_first
from ..widgets.layouts import button_row
from ..widgets.save_bar import SaveBar
from ..widgets.tables import table_habits
from .registration import FIELDS as REGISTRATION
from .registration import RegistrationTab

# Which tab holds each field, so the form can show the first tab with a problem.
_SECOND_TAB = {"method", "results", "money_vnd", "jobs", "income_vnd", "households", "notes"}


def _whole_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setMaximumWidth(160)
    return edit


class InitiativeForm(QDialog):
    saved = Signal(int)

    def __init__(self, store: Store, initiative_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.item = get_initiative(store, initiative_id) if initiative_id else Initiative(
            year=dt.date.today().year)
        self.errors = ErrorLabels()
        self._loading = False
        self.setWindowTitle("Mô hình, điển hình" + (f" – {self.item.name}" if initiative_id else " mới"))
        self.resize(980, 640)
        self._build()
        self._load(self.item)
        self._snapshot = self._values()
        enter_saves(self, self.save_button)
        self.tabs.setCurrentIndex(0)
        focus_first(self.name)  # Ctrl+N, then type the name: not the tab strip

    # --- building --------------------------------------------------------------------------

    def _row(self, form: QFormLayout, label: str, widget: QWidget, field: str | None = None) -> None:
        if field is None:
            form.addRow(label, widget)
            return
        form.addRow(label, self.errors.wrap(widget, field))

    def _build(self) -> None:
        self._general_fields()
        general = self._general_tab()
        outcome = self._outcome_tab()
        self.history = self._history_table()
        files = self._files_tab()
        self._tab_widget(general, outcome, files)
        bar = self._save_bar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.saved_note)
        layout.addWidget(bar)
        self._connect()
        self._tab_order()

    def _general_fields(self) -> None:
        """The inputs of the first tab (laid out by :meth:`_general_tab`)."""
        self.name = QLineEdit()
        self.kind = VocabCombo(vocab.KINDS)
        self.field = VocabCombo(vocab.FIELDS)
        self.owner = QLineEdit()
        completer = QCompleter(owner_suggestions(self.store), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner.setCompleter(completer)
        self.position = QLineEdit()
        self.position.setPlaceholderText("Chức vụ, đơn vị của cá nhân")
        self.commune = QComboBox()
        self.commune.addItem("— Chọn xã, phường —", None)
        for row in catalog.communes(self.store):
            self.commune.addItem(row["name"], row["id"])
        self.village = QComboBox()
        self.registered_on = DateEdit()
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.themed_year = QLineEdit()
        self.themed_year.setPlaceholderText("ví dụ: Năm dân vận khéo 2020")
        self._status_fields()

    def _status_fields(self) -> None:
        self.status = VocabCombo(vocab.STATUSES)
        self.status_note = QLineEdit()
        self.status_note.setPlaceholderText("Ghi chú khi đổi trạng thái (căn cứ, quyết định…)")
        self.level = VocabCombo(vocab.LEVELS, blank="—")
        self.recognized_on = DateEdit()
        self.commended_on = DateEdit()
        self.notable = QCheckBox("Mô hình tiêu biểu (đưa vào báo cáo kỳ)")
        self.filled_note = QLabel()  # says which dates the form filled in, so none is a surprise
        self.filled_note.setObjectName("filled_note")
        self.filled_note.setStyleSheet("color: #555;")
        self.filled_note.setWordWrap(True)
        self.filled_note.hide()

    def _general_tab(self) -> QWidget:
        """Who, where and when on the left; status, recognition and commendation on the right."""
        general = QWidget()
        grid = QGridLayout(general)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._who_and_where(left)
        self._dates_and_status(right)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 1)
        return general

    def _who_and_where(self, left: QFormLayout) -> None:
        self._row(left, "Tên mô hình, điển hình *", self.name, "name")
        self._row(left, "Loại *", self.kind, "kind")
        self._row(left, "Lĩnh vực *", self.field, "field")
        self.owner_label = QLabel("Chủ thể *")
        left.addRow(self.owner_label, self.errors.wrap(self.owner, "owner_name"))
        self._row(left, "Chức vụ, đơn vị", self.position, "position")
        self._row(left, "Xã, phường, thị trấn *", self.commune, "commune_id")
        self._row(left, "Thôn, xóm, khối", self.village)
        self._row(left, "Năm chủ đề", self.themed_year, "themed_year")

    def _dates_and_status(self, right: QFormLayout) -> None:
        dates = QHBoxLayout()
        dates.addWidget(self.registered_on)
        dates.addWidget(QLabel("Năm đăng ký *"))
        dates.addWidget(self.year)
        dates.addStretch()
        dates_box = QWidget()
        dates_box.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        self._row(right, "Ngày đăng ký", dates_box, "registered_on")
        right.addRow("", self.errors.label_for("year"))
        self._row(right, "Trạng thái", self.status, "status")
        self._row(right, "", self.status_note)
        self._row(right, "Cấp công nhận", self.level, "level")
        self._row(right, "Ngày công nhận", self.recognized_on, "recognized_on")
        self._row(right, "Ngày biểu dương, khen thưởng", self.commended_on, "commended_on")
        right.addRow("", self.filled_note)
        right.addRow("", self.notable)

    def _outcome_tab(self) -> QWidget:
        """Cách làm, hiệu quả: the texts and the figures of what the initiative achieved."""
        self.method = QPlainTextEdit()
        self.results = QPlainTextEdit()
        self.notes = QPlainTextEdit()
        for edit in (self.method, self.results, self.notes):
            edit.setTabChangesFocus(True)
        self.money = MoneyEdit()
        self.income = MoneyEdit()
        self.jobs = _whole_edit()
        self.households = _whole_edit()
        outcome = QWidget()
        out = QFormLayout(outcome)
        self._row(out, "Cách làm", self.method, "method")
        self._row(out, "Hiệu quả", self.results, "results")
        out.addRow(self._numbers_grid())
        self._row(out, "Ghi chú", self.notes, "notes")
        return outcome

    def _numbers_grid(self) -> QGridLayout:
        numbers = QGridLayout()
        numbers.addWidget(QLabel("Giá trị huy động, làm lợi (đồng)"), 0, 0)
        numbers.addWidget(self.money, 0, 1)
        numbers.addWidget(QLabel("Thu nhập bình quân (đồng/năm)"), 0, 2)
        numbers.addWidget(self.income, 0, 3)
        numbers.addWidget(QLabel("Số việc làm tạo ra"), 1, 0)
        numbers.addWidget(self.jobs, 1, 1)
        numbers.addWidget(QLabel("Số hộ được hưởng lợi"), 1, 2)
        numbers.addWidget(self.households, 1, 3)
        for row_index, field in enumerate(("money_vnd", "income_vnd", "jobs", "households")):
            numbers.addWidget(self.errors.label_for(field), 2 + row_index // 2, (row_index % 2) * 2 + 1)
        return numbers

    @staticmethod
    def _history_table() -> QTableWidget:
        history = QTableWidget(0, 5)
        history.setHorizontalHeaderLabels(["Ngày", "Từ trạng thái", "Sang trạng thái",
                                           "Người thực hiện", "Ghi chú"])
        history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        history.horizontalHeader().setStretchLastSection(True)
        history.verticalHeader().hide()
        for col, width in enumerate([100, 170, 170, 160]):
            history.setColumnWidth(col, width)
        table_habits(history, "Chưa có lần đổi trạng thái nào. Mỗi lần lưu với trạng thái mới, "
                              "ngày, người thực hiện và ghi chú được ghi ở đây.")
        return history

    def _files_tab(self) -> QWidget:
        files = QWidget()
        files_layout = QVBoxLayout(files)
        self.files = QListWidget()
        self.files_hint = QLabel("Lưu mô hình trước khi đính kèm ảnh, văn bản scan.")
        self.add_file = QPushButton("Thêm tệp…")
        self.open_file = QPushButton("Mở tệp")
        self.remove_file = QPushButton("Xóa tệp")
        buttons = button_row((self.add_file, self.open_file, self.remove_file))
        files_layout.addWidget(self.files_hint)
        files_layout.addWidget(self.files)
        files_layout.addLayout(buttons)
        return files

    def _tab_widget(self, general: QWidget, outcome: QWidget, files: QWidget) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "Thông tin chung")
        self.tabs.addTab(outcome, "Cách làm, hiệu quả")
        self.registration = RegistrationTab(self.errors)
        self.tabs.addTab(self.registration, "Đăng ký")
        self.tabs.addTab(self.history, "Lịch sử trạng thái")
        self.tabs.addTab(files, "Tệp đính kèm")

    def _save_bar(self) -> SaveBar:
        """Lưu, Lưu và thêm tiếp, Hủy; and the note that says what was just saved."""
        bar = SaveBar()
        self.summary, self.save_button, self.cancel_button = bar.summary, bar.save_button, bar.cancel_button
        self.save_next_button = QPushButton("Lưu và thêm tiếp")
        self.save_next_button.setObjectName("save_next")
        self.save_next_button.setToolTip("Lưu rồi mở mẫu trống, giữ xã, thôn, lĩnh vực và loại")
        self.save_next_button.setAutoDefault(False)
        bar.layout().insertWidget(1, self.save_next_button)
        self.saved_note = QLabel()
        self.saved_note.setObjectName("saved_note")
        self.saved_note.setStyleSheet("color: #1b5e20;")
        return bar

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.status.activated.connect(self._status_chosen)
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.commune.currentIndexChanged.connect(self._fill_villages)
        self.registered_on.editingFinished.connect(self._year_from_date)
        self.save_button.clicked.connect(self.save)
        self.save_next_button.clicked.connect(self.save_and_next)
        self.cancel_button.clicked.connect(self.close)
        self.add_file.clicked.connect(self._add_file)
        self.open_file.clicked.connect(self._open_file)
        self.files.itemDoubleClicked.connect(lambda _item: self._open_file())
        self.remove_file.clicked.connect(self._remove_file)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)

    def _tab_order(self) -> None:
        """Tab walks the first tab's fields left column then right, then Lưu."""
        order = (self.name, self.kind, self.field, self.owner, self.position, self.commune,
                 self.village, self.themed_year, self.registered_on, self.year, self.status,
                 self.status_note, self.level, self.recognized_on, self.commended_on,
                 self.notable, self.save_button)
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # --- loading and reading back ---------------------------------------------------------

    def _load(self, item: Initiative) -> None:
        self._loading = True
        try:
            self._load_fields(item)
        finally:
            self._loading = False

    def _load_fields(self, item: Initiative) -> None:
        self.name.setText(item.name)
        self.kind.set_code(item.kind)
        self.field.set_code(item.field)
        self.owner.setText(item.owner_name)
        self.position.setText(item.position)
        self.commune.setCurrentIndex(max(self.commune.findData(item.commune_id), 0))
        self._fill_villages()
        self.village.setCurrentIndex(max(self.village.findData(item.village_id), 0))
        self.registered_on.set_value(item.registered_on)
        self.year.setValue(item.year or dt.date.today().year)
        self.themed_year.setText(item.themed_year)
        self.status.set_code(item.status)
        self.level.set_code(item.level)
        self.recognized_on.set_value(item.recognized_on)
        self.commended_on.set_value(item.commended_on)
        self.notable.setChecked(bool(item.notable))
        self.method.setPlainText(item.method)
        self.results.setPlainText(item.results)
        self.notes.setPlainText(item.notes)
        self.money.set_value(item.money_vnd)
        self.income.set_value(item.income_vnd)
        self.jobs.setText("" if item.jobs is None else str(item.jobs))
        self.households.setText("" if item.households is None else str(item.households))
        self.registration.load(item)
        self._kind_changed()
        self._load_history()
        self._load_files()

    def _values(self) -> Initiative:
        """The record as the form now shows it (not yet validated)."""
        return replace(
            self.item, name=self.name.text(), kind=self.kind.code(), field=self.field.code(),
            owner_name=self.owner.text(), position=self.position.text(),
            commune_id=self.commune.currentData(), village_id=self.village.currentData(),
            registered_on=self.registered_on.value(), year=self.year.value(),
            themed_year=self.themed_year.text(), status=self.status.code(),
            level=self.level.code(), recognized_on=self.recognized_on.value(),
            commended_on=self.commended_on.value(), notable=self.notable.isChecked(),
            method=self.method.toPlainText(), results=self.results.toPlainText(),
            notes=self.notes.toPlainText(), money_vnd=self.money.value(),
            income_vnd=self.income.value(), jobs=self.jobs.text().strip() or None,
            households=self.households.text().strip() or None, **self.registration.values())

    def is_dirty(self) -> bool:
        return self._values() != self._snapshot

    def _kind_changed(self) -> None:
        person = self.kind.code() == "ca_nhan"
        self.owner_label.setText("Họ và tên *" if person else "Tên tập thể, đơn vị *")
        self.owner.setPlaceholderText("ví dụ: Nguyễn Thị Thu Hằng" if person
                                      else "ví dụ: Chi bộ thôn Đầm, xã Mê Linh")
        self.position.setEnabled(person)

    def _status_chosen(self, *_args) -> None:
        """A status that needs a date the form does not have: put today's date in the
        field (the user sees it and can change it) and say so."""
        if self._loading:
            return
        filled = dates_to_fill(self.status.code(), self.recognized_on.value(),
                               self.commended_on.value(), dt.date.today())
        edits = {"recognized_on": (self.recognized_on, "ngày công nhận"),
                 "commended_on": (self.commended_on, "ngày biểu dương, khen thưởng")}
        said = []
        for name, value in filled.items():
            edit, label = edits[name]
            edit.set_value(value)
            said.append(label)
        if not said:
            self.filled_note.hide()  # it spoke of an earlier choice
            return
        today = format_date(dt.date.today())
        self.filled_note.setText(f"Đã điền {' và '.join(said)} là hôm nay ({today}); "
                                 "hãy sửa nếu ngày thực tế khác.")
        self.filled_note.show()

    def _fill_villages(self) -> None:
        keep = self.village.currentData()
        with QSignalBlocker(self.village):
            self.village.clear()
            self.village.addItem("—", None)
            commune_id = self.commune.currentData()
            if commune_id is not None:
                for row in catalog.children(self.store, commune_id):
                    self.village.addItem(row["name"], row["id"])
            self.village.setCurrentIndex(max(self.village.findData(keep), 0))

    def _year_from_date(self) -> None:
        text = self.registered_on.value()
        if len(text) == 10 and text[-4:].isdigit():
            self.year.setValue(int(text[-4:]))

    def _load_history(self) -> None:
        rows = status_history(self.store, self.item.id) if self.item.id else []
        self.history.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [format_date(row["changed_on"]), vocab.STATUSES.label(row["from_status"]),
                     vocab.STATUSES.label(row["to_status"]), row["user"], row["note"]]
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(text or ""))

    def _load_files(self) -> None:
        self.files.clear()
        saved = self.item.id is not None
        self.files_hint.setVisible(not saved)
        for button in (self.add_file, self.open_file, self.remove_file):
            button.setEnabled(saved)
        if saved:
            for row in attachments.list_for(self.store, "initiatives", self.item.id):
                entry = QListWidgetItem(f"{row['file_name']}  ({row['size_bytes'] // 1024 + 1} KB)")
                entry.setData(Qt.ItemDataRole.UserRole, row)
                self.files.addItem(entry)

    # --- actions ---------------------------------------------------------------------------

    def save(self) -> bool:
        if not self._write():
            return False
        self.accept()
        return True

    def save_and_next(self) -> bool:
        """Lưu và thêm tiếp: save, then an empty form keeping commune, village, field and
        kind (and the year) for the next record of the same place."""
        kept = {name: getattr(self._values(), name)
                for name in ("kind", "field", "commune_id", "village_id", "year")}
        if not self._write():
            return False
        name = self.item.name
        self.item = Initiative(**kept)
        self.setWindowTitle("Mô hình, điển hình mới")
        self.status_note.clear()
        self._load(self.item)
        self._snapshot = self._values()
        self.tabs.setCurrentIndex(0)
        self.saved_note.setText(f"Đã lưu “{name}”. Nhập mô hình tiếp theo (giữ xã, thôn, "
                                "lĩnh vực, loại).")
        self.name.setFocus()
        return True

    def _write(self) -> bool:
        values = self._values()
        try:
            saved = save_initiative(self.store, values, status_note=self.status_note.text())
        except ValidationError as exc:
            orphans = self.errors.show(exc)
            self.summary.setText("Chưa lưu: " + " ".join(e.message for e in exc.errors)
                                 if len(exc.errors) < 4 else
                                 f"Chưa lưu: có {len(exc.errors)} chỗ cần sửa (xem chữ đỏ)."
                                 + (" " + " ".join(orphans) if orphans else ""))
            first = exc.errors[0].field
            self.tabs.setCurrentIndex(1 if first in _SECOND_TAB else
                                      self.tabs.indexOf(self.registration) if first in REGISTRATION else 0)
            return False
        self.errors.clear()
        self.summary.clear()
        self.item = saved
        self._snapshot = self._values()
        self.saved.emit(saved.id)
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.result() == QDialog.DialogCode.Accepted or not self.is_dirty():
            event.accept()
            return
        answer = dialogs.ask_save_discard_cancel(
            self, "Chưa lưu", "Mô hình có thay đổi chưa lưu. Lưu lại trước khi đóng?")
        if answer == "save" and not self.save() or answer == "cancel":
            event.ignore()
        else:
            event.accept()

    def reject(self) -> None:  # Esc goes through the same question as closing
        self.close()

    def _add_file(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Chọn tệp đính kèm", "", "Ảnh, văn bản (*.jpg *.jpeg *.png *.pdf *.doc *.docx"
            " *.xls *.xlsx);;Tất cả (*)")
        for name in names:
            try:
                attachments.attach(self.store, "initiatives", self.item.id, name)
            except OSError as exc:
                dialogs.error(self, "Không đính kèm được", str(exc))
        self._load_files()

    def _open_file(self) -> None:
        entry = self.files.currentItem()
        if entry:
            path = attachments.path_of(self.store, entry.data(Qt.ItemDataRole.UserRole))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _remove_file(self) -> None:
        entry = self.files.currentItem()
        if entry and dialogs.confirm(self, "Xóa tệp", "Bỏ tệp này khỏi mô hình?", yes="Xóa"):
            attachments.remove(self.store, entry.data(Qt.ItemDataRole.UserRole)["id"])
            self._load_files()
