"""The office's choices for its certificates, kept in the data file: which số sổ book the
serials come from, and the emblem or background image a full certificate prints."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ...services.documents.certificates import IMAGE_MODES, load_image, save_image, set_image_mode
from ...store.db import Store, StoreError
from ...store.profile import set_setting
from ...store.serials import BOOK_KEY, BOOK_KINDS, book_kind
from ..widgets.dialogs import error


class OfficeOptions(QGroupBox):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Sổ ghi số và ảnh trang trí (dùng chung cho mọi đợt)", parent)
        self.store = store
        self.book = QComboBox()
        self.book.setObjectName("serial_book")
        for code, label in BOOK_KINDS.items():
            self.book.addItem(label, code)
        self.book.setCurrentIndex(list(BOOK_KINDS).index(book_kind(store)))
        self.mode = QComboBox()
        self.mode.setObjectName("image_mode")
        for code, label in IMAGE_MODES.items():
            self.mode.addItem(label, code)
        self.image_label = QLabel()
        self.choose_button = QPushButton("Chọn ảnh…")
        self.remove_button = QPushButton("Bỏ ảnh")
        image_row = QHBoxLayout()
        for widget in (self.mode, self.choose_button, self.remove_button):
            image_row.addWidget(widget)
        image_row.addWidget(self.image_label, 1)
        form = QFormLayout(self)
        form.addRow("Số sổ giấy khen", self.book)
        form.addRow("Ảnh (in đầy đủ)", image_row)
        self._show_image()
        for widget in (self.book, self.mode):
            widget.setEnabled(not store.read_only)
        self.choose_button.setEnabled(not store.read_only)
        self.remove_button.setEnabled(not store.read_only)
        self.book.currentIndexChanged.connect(self._book_changed)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.choose_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove)

    def _show_image(self) -> None:
        image = load_image(self.store)
        if image:
            self.image_label.setText(f"{image.get('name', 'ảnh')} — {IMAGE_MODES.get(image.get('mode'), '')}")
            self.mode.blockSignals(True)
            self.mode.setCurrentIndex(list(IMAGE_MODES).index(image.get("mode", "emblem")))
            self.mode.blockSignals(False)
        else:
            self.image_label.setText("chưa có")
        self.remove_button.setEnabled(bool(image) and not self.store.read_only)

    def _book_changed(self) -> None:
        try:
            set_setting(self.store, BOOK_KEY, self.book.currentData(), audit=True)
        except (StoreError, sqlite3.Error) as exc:
            error(self, "Không lưu được", str(exc))

    def _mode_changed(self) -> None:
        try:
            set_image_mode(self.store, self.mode.currentData())
        except (StoreError, sqlite3.Error) as exc:
            error(self, "Không lưu được", str(exc))
            return
        self._show_image()

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn ảnh biểu trưng hoặc nền", "",
                                              "Ảnh (*.png *.jpg *.jpeg)")
        if name:
            self.set_image(name)

    def set_image(self, path: str | None) -> bool:
        try:
            save_image(self.store, path, self.mode.currentData())
        except (ValueError, OSError, StoreError, sqlite3.Error) as exc:
            error(self, "Không dùng được ảnh này", str(exc))
            return False
        self._show_image()
        return True

    def _remove(self) -> None:
        self.set_image(None)


def office_options(store: Store, parent: QWidget | None = None) -> OfficeOptions:
    return OfficeOptions(store, parent)
