"""A table typed into like a spreadsheet: a digit starts editing the cell, Enter keeps it
and goes down the same column (Shift+Enter up, Tab across), Delete clears the cell."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QTableView

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _Delegate(QStyledItemDelegate):
    """Enter in the editor commits and asks the view to move down (or up with Shift)."""

    def eventFilter(self, editor, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in _ENTER:
            view = self.parent()
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            view.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return True
        return super().eventFilter(editor, event)


class ScoreTable(QTableView):
    def __init__(self, model: QAbstractItemModel, parent=None):
        super().__init__(parent)
        self.setObjectName("scores")
        self.setModel(model)
        self.setItemDelegate(_Delegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setMinimumSectionSize(40)

    def step(self, rows: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        target = self.model().index(
            max(0, min(self.model().rowCount() - 1, current.row() + rows)), current.column()
        )
        self.setCurrentIndex(target)

    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        current = self.currentIndex()
        if event.key() in _ENTER and self.state() != QAbstractItemView.State.EditingState:
            self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and current.isValid()
            and self.state() != QAbstractItemView.State.EditingState
            and current.flags() & Qt.ItemFlag.ItemIsEditable
        ):
            self.model().setData(current, "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)
