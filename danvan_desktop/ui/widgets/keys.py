"""Keyboard habits shared by the forms: the first field has the focus when a form
opens, Enter saves (and keeps saving after a click on another button), Ctrl+S saves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget


def enter_saves(dialog: QDialog, save_button: QPushButton) -> None:
    """Make Lưu the one default button: no other button becomes the default when it is
    clicked or focused (Qt's auto-default), so Enter in any line field saves."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)
    save_button.setDefault(True)


def ctrl_s(widget: QWidget, save: Callable[[], object]) -> QShortcut:
    """Ctrl+S saves wherever the focus is inside ``widget``."""
    shortcut = QShortcut(QKeySequence.StandardKey.Save, widget, save)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return shortcut


def focus_first(widget: QWidget) -> None:
    """Give the focus to ``widget`` now, or when its window is shown."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
