"""The “Đăng ký” tab of the initiative form: the parts of a registration (phiếu đăng ký),
each optional — long text where it is text, numbers where it is a resource — built from
the one list of parts in domain.entities, so the form, the page and the files agree."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QPlainTextEdit, QScrollArea, QWidget

from ...domain.entities import REGISTRATION_NUMBERS, REGISTRATION_TEXTS, Initiative
from ..widgets.form_errors import ErrorLabels
from ..widgets.inputs import MoneyEdit, NumberEdit

FIELDS = set(REGISTRATION_TEXTS) | set(REGISTRATION_NUMBERS)
_ONE_LINE = {"timeframe"}


def _text_edit(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(f"registration_{name}")
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(32 if name in _ONE_LINE else 50)
    return edit


def _number_edit(name: str) -> QWidget:
    edit = NumberEdit(placeholder="số ngày công") if name == "workdays" else MoneyEdit()
    edit.setObjectName(f"registration_{name}")
    edit.setMaximumWidth(200)
    return edit


class RegistrationTab(QScrollArea):
    def __init__(self, errors: ErrorLabels, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.texts = {name: _text_edit(name) for name in REGISTRATION_TEXTS}
        self.numbers = {name: _number_edit(name) for name in REGISTRATION_NUMBERS}
        inner = QWidget()
        form = QFormLayout(inner)
        form.addRow(QLabel("Các mục của phiếu đăng ký; mục nào chưa có thì để trống."))
        grid = QGridLayout()
        for index, (name, label) in enumerate(REGISTRATION_NUMBERS.items()):
            grid.addWidget(QLabel(label), index // 2, (index % 2) * 2)
            grid.addWidget(errors.wrap(self.numbers[name], name), index // 2, (index % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for name, label in REGISTRATION_TEXTS.items():
            form.addRow(label, errors.wrap(self.texts[name], name))
            if name == "executors":  # the resources come after who carries the work out
                form.addRow("Nguồn lực", grid)
        self.setWidget(inner)

    def load(self, item: Initiative) -> None:
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(item, name) or "")
        for name, edit in self.numbers.items():
            edit.set_value(getattr(item, name))

    def values(self) -> dict:
        data: dict = {name: edit.toPlainText() for name, edit in self.texts.items()}
        data.update({name: edit.value() or None for name, edit in self.numbers.items()})
        return data

    def first_widget(self) -> QWidget:
        return self.texts["situation"]
