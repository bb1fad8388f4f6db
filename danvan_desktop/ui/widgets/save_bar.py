"""The bottom of every record form: a red summary of what stops saving, then Lưu and Hủy."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class SaveBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton("Lưu")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Lưu (Enter hoặc Ctrl+S)")
        self.cancel_button = QPushButton("Hủy")
        # Clicking Hủy (or any other button) must not make it the button Enter presses.
        self.save_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.summary, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
