"""Lề văn bản: the margins every document prints with (the handbooks differ: 20/20/30/15
or 25/25/35/15 mm), kept in the data file; saved with their own button."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from ...services.documents.layout import MARGIN_RANGE, Margins, margins_of, save_margins
from ...store.db import Store, StoreError

SIDES = [("top", "Trên"), ("bottom", "Dưới"), ("left", "Trái"), ("right", "Phải")]


class MarginsBox(QGroupBox):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Lề văn bản (mm)", parent)
        self.store = store
        self.spins: dict[str, QDoubleSpinBox] = {}
        grid = QGridLayout(self)
        for index, (side, label) in enumerate(SIDES):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"margin_{side}")
            spin.setRange(*MARGIN_RANGE)
            spin.setDecimals(0)
            spin.setSuffix(" mm")
            spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
            self.spins[side] = spin
            grid.addWidget(QLabel(label), index // 2, (index % 2) * 2)
            grid.addWidget(spin, index // 2, (index % 2) * 2 + 1)
        self.default_button = QPushButton("Theo mặc định (20/20/30/15)")
        self.save_button = QPushButton("Lưu lề")
        self.save_button.setEnabled(not store.read_only)
        self.status = QLabel()
        self.status.setObjectName("margins_status")
        grid.addWidget(self.default_button, 2, 0, 1, 2)
        grid.addWidget(self.save_button, 2, 2, 1, 2)
        grid.addWidget(self.status, 3, 0, 1, 4)
        self.show_margins(margins_of(store))
        self.default_button.clicked.connect(lambda: self.show_margins(Margins()))
        self.save_button.clicked.connect(self.save)

    def show_margins(self, margins: Margins) -> None:
        for side, spin in self.spins.items():
            spin.setValue(getattr(margins, side))

    def margins(self) -> Margins:
        return Margins(**{side: spin.value() for side, spin in self.spins.items()})

    def save(self) -> bool:
        try:
            save_margins(self.store, self.margins())
        except (ValueError, StoreError, sqlite3.Error) as exc:
            self.status.setText(f"Không lưu được: {exc}")
            return False
        self.status.setText("Đã lưu lề; các văn bản in từ nay theo lề này.")
        return True
