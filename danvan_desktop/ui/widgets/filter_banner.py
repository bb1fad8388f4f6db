"""The yellow strip "Đang lọc: … [Bỏ lọc]" a list shows while it holds a filter its own
controls cannot express (a date range from the dashboard, recognised in a period…)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class FilterBanner(QWidget):
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filter_banner")
        self.setStyleSheet("#filter_banner { background: #fff4d6; border-radius: 4px; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 3, 3)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.clear_button = QPushButton("Bỏ lọc")
        self.clear_button.clicked.connect(self.cleared)
        row.addWidget(self.text, 1)
        row.addWidget(self.clear_button)

    def show_description(self, description: str) -> None:
        """Show ``Đang lọc: description``; hide when there is nothing to describe."""
        self.text.setText(f"Đang lọc: {description}")
        self.setVisible(bool(description))
