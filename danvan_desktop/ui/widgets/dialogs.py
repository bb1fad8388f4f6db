"""Message boxes with Vietnamese buttons (Qt ships no Vietnamese translation)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         buttons: dict[Button, str], default: Button, rich: bool = False) -> Button:
    box = QMessageBox(icon, title, text, parent=parent)
    # Plain text unless asked: user text (a name like "Hội <Phụ nữ>") is never read as markup.
    box.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    for button, label in buttons.items():
        box.addButton(button)
        box.button(button).setText(label)
    box.setDefaultButton(default)
    return Button(box.exec())


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Đồng ý",
            no: str = "Hủy") -> bool:
    return _box(parent, QMessageBox.Icon.Question, title, text,
                {Button.Yes: yes, Button.No: no}, Button.No) == Button.Yes


def ask_save_discard_cancel(parent: QWidget | None, title: str, text: str) -> str:
    """'save', 'discard' or 'cancel' for closing a form with unsaved changes."""
    answer = _box(parent, QMessageBox.Icon.Question, title, text,
                  {Button.Save: "Lưu", Button.Discard: "Không lưu", Button.Cancel: "Hủy"},
                  Button.Save)
    return {Button.Save: "save", Button.Discard: "discard"}.get(answer, "cancel")


def inform(parent: QWidget | None, title: str, text: str, rich: bool = False) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, {Button.Ok: "Đóng"}, Button.Ok, rich)


def error(parent: QWidget | None, title: str, text: str) -> None:
    # Every error a user is shown is also a line in the log (ui/errors.py sets it up).
    logging.getLogger("danvan").warning("%s: %s", title, text)
    _box(parent, QMessageBox.Icon.Critical, title, text, {Button.Ok: "Đóng"}, Button.Ok)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text, or None when the user cancels."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText("Đồng ý")
    dialog.setCancelButtonText("Hủy")
    return dialog.textValue() if dialog.exec() else None
