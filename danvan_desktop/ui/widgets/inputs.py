"""Inputs that hold domain values: money in whole đồng, dd/mm/yyyy dates that may be
blank, measures with comma decimals, and vocabulary choices by code."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...domain.text import format_date, format_money, format_number, parse_date, parse_money
from ...domain.vocab import Vocabulary


class MoneyEdit(QLineEdit):
    """Whole đồng; accepts ``1.200.000``, ``1,2 tỷ``, ``30 triệu``; shows dot thousands."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("đồng, ví dụ 1.200.000 hoặc 1,2 tỷ")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editingFinished.connect(self._reformat)

    def _reformat(self) -> None:
        try:
            value = parse_money(self.text())
        except ValueError:
            return  # left as typed; validation names it
        self.setText("" if value is None else format_money(value, unit=False))

    def value(self) -> int | str | None:
        """The amount, or the raw text when it is not money (validation reports it)."""
        try:
            return parse_money(self.text())
        except ValueError:
            return self.text()

    def set_value(self, vnd: int | None) -> None:
        self.setText("" if vnd is None else format_money(vnd, unit=False))


class DateEdit(QLineEdit):
    """A date typed as dd/mm/yyyy; blank allowed. ``value()`` gives the text for validation."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaximumWidth(130)
        self.editingFinished.connect(self._reformat)

    def _reformat(self) -> None:
        try:
            day = parse_date(self.text())
        except ValueError:
            return
        if day:
            self.setText(format_date(day))

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: str | dt.date | None) -> None:
        self.setText(format_date(value) if value else "")


class NumberEdit(QLineEdit):
    """A measure (m, m², ngày công, số hộ): comma or dot decimals; blank allowed."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText(placeholder)
        self.setMaximumWidth(160)

    def value(self) -> str:
        return self.text().strip().replace(",", ".")

    def set_value(self, value: float | int | None) -> None:
        self.setText("" if value is None else format_number(value, places=2).replace(".", ""))


class VocabCombo(QComboBox):
    """The terms of a vocabulary; the item data is the code."""

    def __init__(self, vocabulary: Vocabulary, parent: QWidget | None = None,
                 blank: str | None = None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, None)
        for term in vocabulary:
            self.addItem(term.label, term.code)

    def code(self) -> str | None:
        return self.currentData()

    def set_code(self, code: str | None) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))
