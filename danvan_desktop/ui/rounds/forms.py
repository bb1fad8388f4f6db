"""The forms of the Khen thưởng screen: a round (its decision) and one recipient line.
Messages appear beside their fields; nothing is written until every field is valid."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.entities import Award, CommendationRound
from ...domain.validation import ValidationError
from ...domain.wording import office_name
from ...store.db import Store, StoreError
from ...store.profile import get_profile, recognition_level
from ...store.rounds import add_award, get_award, get_round, last_issuer, update_award, update_round
from ..widgets.dialogs import ask_save_discard_cancel
from ..widgets.form_errors import ErrorLabels
from ..widgets.inputs import DateEdit, VocabCombo
from ..widgets.keys import ctrl_s, enter_saves, focus_first
from ..widgets.save_bar import SaveBar


def default_template(year: int) -> str:
    return f"Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm {year}"


def _text_box(lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(22 * lines + 12)
    return edit


class _Form(QDialog):
    """A dialog with a form, a red summary line and Lưu / Hủy. Each dialog built on it
    defines ``write()``, which writes and returns the record's id, and ``values()``, the
    record as typed (compared with what it held when shown, to ask before losing typing)."""

    saved = Signal(int)

    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.errors = ErrorLabels()
        self.saved_id: int | None = None
        self.form = QFormLayout()
        bar = SaveBar()
        self.summary, self.save_button, self.cancel_button = bar.summary, bar.save_button, bar.cancel_button
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(bar)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        ctrl_s(self, self.save)
        self._snapshot: object = None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The first time it is shown: the first field has the focus, Enter saves, and
        what the form holds is remembered so that closing can ask about changes."""
        if self._snapshot is None:
            enter_saves(self, self.save_button)
            self._snapshot = self.values()
            focus_first(self._first_text_field() or self.save_button)
        super().showEvent(event)

    def _first_text_field(self) -> QWidget | None:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLineEdit):
                return widget
            found = widget.findChildren(QLineEdit) if widget is not None else []
            if found:
                return found[0]
        return None

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self.values() != self._snapshot

    def reject(self) -> None:
        """Esc, Hủy or the close button: ask before losing typing."""
        if self.saved_id is None and self.is_dirty():
            answer = ask_save_discard_cancel(self, "Chưa lưu",
                                             "Biểu mẫu có thay đổi chưa lưu. Lưu lại trước khi đóng?")
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
            if answer == "save":
                return  # save() has closed the form
        super().reject()

    def row(self, label: str, widget: QWidget, field: str | None = None) -> None:
        self.form.addRow(label, self.errors.wrap(widget, field) if field else widget)

    def save(self) -> bool:
        try:
            self.saved_id = self.write()
        except ValidationError as exc:
            orphans = self.errors.show(exc)
            self.summary.setText("Chưa lưu: " + " ".join(orphans) if orphans
                                 else "Chưa lưu: sửa các chỗ ghi chữ đỏ.")
            return False
        except (StoreError, sqlite3.Error) as exc:
            self.summary.setText(f"Không ghi được: {exc}")
            return False
        self.saved.emit(self.saved_id)
        self.accept()
        return True


def default_issuer(store: Store) -> str:
    """A new round's issuing body: the one Cài đặt names (cơ quan khen thưởng), else the
    newest round's."""
    return office_name(get_profile(store).standing_body) or last_issuer(store)


class RoundForm(_Form):
    """A commendation round: the decision, its form and level, the achievement template."""

    def __init__(self, store: Store, round_id: int | None = None, parent: QWidget | None = None):
        super().__init__("Sửa đợt khen thưởng" if round_id else "Đợt khen thưởng mới", parent)
        self.store = store
        today = dt.date.today()
        self.item = get_round(store, round_id) if round_id else CommendationRound(
            year=today.year, issuer=default_issuer(store), achievement_template=default_template(today.year),
            level=recognition_level(store))
        self.followed = 0
        self.number = QLineEdit()
        self.number.setPlaceholderText("ví dụ: 125-QĐ/HU")
        self.decided_on = DateEdit()
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("ví dụ: Ban Thường vụ Huyện ủy Đông Hưng")
        self.form_kind = VocabCombo(vocab.ROUND_FORMS)
        self.level = VocabCombo(vocab.LEVELS)
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Trích yếu, ví dụ: Biểu dương điển hình “Dân vận khéo” năm 2023")
        self.template = _text_box(3)
        self.notes = _text_box(2)
        self.row("Số quyết định *", self.number, "number")
        self.row("Ngày quyết định *", self.decided_on, "decided_on")
        self.row("Cơ quan ban hành *", self.issuer, "issuer")
        self.row("Hình thức", self.form_kind, "form")
        self.row("Cấp khen thưởng", self.level, "level")
        self.row("Năm thành tích", self.year, "year")
        self.row("Trích yếu", self.title, "title")
        self.row("Mẫu thành tích", self.template, "achievement_template")
        hint = QLabel("Mẫu thành tích được chép vào từng người, tập thể khi thêm vào đợt; "
                      "có thể sửa riêng cho từng người.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow("", hint)
        self.row("Ghi chú", self.notes, "notes")
        self.resize(640, 480)
        self._load()
        self.decided_on.editingFinished.connect(self._year_from_date)
        self.year.valueChanged.connect(self._template_follows_year)

    def _load(self) -> None:
        item = self.item
        self.number.setText(item.number)
        self.decided_on.set_value(item.decided_on)
        self.issuer.setText(item.issuer)
        self.form_kind.set_code(item.form)
        self.level.set_code(item.level)
        self.year.setValue(item.year or dt.date.today().year)
        self.title.setText(item.title)
        self.template.setPlainText(item.achievement_template)
        self.notes.setPlainText(item.notes)

    def _year_from_date(self) -> None:
        text = self.decided_on.value()
        if len(text) == 10 and text[-4:].isdigit() and self.item.id is None:
            self.year.setValue(int(text[-4:]))

    def _template_follows_year(self, year: int) -> None:
        """The default template names the year: it follows while the user has not changed it."""
        prefix = default_template(0).removesuffix("0")
        text = self.template.toPlainText()
        if text.startswith(prefix) and text.removeprefix(prefix).isdigit():
            self.template.setPlainText(default_template(year))

    def values(self) -> CommendationRound:
        return replace(self.item, number=self.number.text(), decided_on=self.decided_on.value(),
                       issuer=self.issuer.text(), form=self.form_kind.code(), level=self.level.code(),
                       year=self.year.value(), title=self.title.text(),
                       achievement_template=self.template.toPlainText(),
                       notes=self.notes.toPlainText().strip())

    def write(self) -> int:
        saved, self.followed = update_round(self.store, self.values())
        return saved.id


class AwardForm(_Form):
    """One recipient line, typed by hand or corrected: the text the list and the
    certificate print."""

    def __init__(self, store: Store, round_id: int, award_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__("Sửa người, tập thể được khen" if award_id else "Thêm người, tập thể được khen",
                         parent)
        self.store = store
        rnd = get_round(store, round_id)
        self.item = get_award(store, award_id) if award_id else Award(
            round_id=round_id, kind="ca_nhan", achievement=rnd.achievement_template)
        self.kind = VocabCombo(vocab.KINDS)
        self.name = QLineEdit()
        self.position = QLineEdit()
        self.field = VocabCombo(vocab.FIELDS, blank="—")
        self.initiative = QLineEdit()
        self.achievement = _text_box(4)
        self.note = QLineEdit()
        self.row("Loại", self.kind, "kind")
        self.name_label = QLabel()
        self.form.addRow(self.name_label, self.errors.wrap(self.name, "recipient_name"))
        self.row("Chức vụ, đơn vị", self.position, "position_unit")
        self.row("Lĩnh vực", self.field, "field")
        self.row("Tên mô hình, điển hình", self.initiative, "initiative_name")
        self.row("Thành tích", self.achievement, "achievement")
        self.row("Ghi chú", self.note, "note")
        if self.item.initiative_id:
            source = QLabel("Dòng này lấy từ một mô hình đã công nhận; sửa ở đây chỉ đổi chữ in "
                            "trên danh sách và giấy khen, không đổi mô hình.")
            source.setWordWrap(True)
            source.setStyleSheet("color: #555;")
            self.form.addRow("", source)
        self.resize(620, 400)
        self.kind.set_code(self.item.kind)
        self.name.setText(self.item.recipient_name)
        self.position.setText(self.item.position_unit)
        self.field.set_code(self.item.field)
        self.initiative.setText(self.item.initiative_name)
        self.achievement.setPlainText(self.item.achievement)
        self.note.setText(self.item.note)
        self._kind_changed()
        self.kind.currentIndexChanged.connect(self._kind_changed)

    def _kind_changed(self) -> None:
        person = self.kind.code() == "ca_nhan"
        self.name_label.setText("Họ và tên *" if person else "Tên tập thể *")
        self.name.setPlaceholderText("ví dụ: Nguyễn Thị Thu Hằng" if person
                                     else "ví dụ: Chi bộ thôn Đầm, xã Mê Linh")
        self.position.setPlaceholderText("ví dụ: Bí thư chi bộ xóm 3, xã Nghĩa Thuận" if person
                                         else "Đơn vị cấp trên, địa bàn (nếu cần)")

    def values(self) -> Award:
        return replace(self.item, kind=self.kind.code(), recipient_name=self.name.text(),
                       position_unit=self.position.text(), field=self.field.code(),
                       initiative_name=self.initiative.text(),
                       achievement=self.achievement.toPlainText().strip(), note=self.note.text().strip())

    def write(self) -> int:
        award = self.values()
        if award.id is None:
            return add_award(self.store, award)
        return update_award(self.store, award).id
