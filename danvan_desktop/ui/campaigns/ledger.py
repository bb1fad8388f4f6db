"""The contributions ledger inside the campaign form: a small table model over
``LedgerRow``s, combo editors for source and kind, the add/remove buttons and the live
totals."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...services.exchange.paste import parse_block
from ..tasks import Cancelled, run_job
from ..widgets.inputs import VocabCombo
from ..widgets.layouts import button_row
from ..widgets.tables import (
    action,
    empty_hint,
    fit_columns,
    install_copy,
    install_menu,
    selected_row_numbers,
)
from .ledger_paste import ledger_rows
from .logic import (
    LedgerRow,
    format_amount,
    ledger_summary,
    new_row,
    normalise_date,
    sources_text,
    totals_text,
)

Index = QModelIndex | QPersistentModelIndex

COLUMNS = [
    ("on_date", "Ngày"),
    ("source", "Nguồn"),
    ("contributor", "Người, đơn vị đóng góp"),
    ("kind", "Hình thức"),
    ("amount", "Số tiền / số lượng"),
    ("note", "Ghi chú"),
]
VOCABS = {"source": vocab.SOURCES, "kind": vocab.CONTRIBUTION_KINDS}
_ERROR_BACKGROUND = QColor("#fde7ea")


class LedgerModel(QAbstractTableModel):
    """The ledger's rows, edited in place; ``changed`` fires after every edit."""

    changed = Signal()

    def __init__(self, rows: list[LedgerRow] | None = None, parent=None):
        super().__init__(parent)
        self._rows: list[LedgerRow] = list(rows or [])
        self._errors: dict[int, list[str]] = {}

    # --- reading -------------------------------------------------------------------------

    def rows(self) -> list[LedgerRow]:
        return list(self._rows)

    def rowCount(self, parent: Index | None = None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        name = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if name in VOCABS:
                return VOCABS[name].short(getattr(row, name))
            if name == "amount":
                return format_amount(row.kind, row.amount, unit=True) if row.amount else ""
            return getattr(row, name)
        if role == Qt.ItemDataRole.EditRole:
            return getattr(row, name)
        if role == Qt.ItemDataRole.TextAlignmentRole and name == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() in self._errors:
            return _ERROR_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole and index.row() in self._errors:
            return "\n".join(self._errors[index.row()])
        return None

    # --- editing -------------------------------------------------------------------------

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        name = COLUMNS[index.column()][0]
        text = "" if value is None else str(value).strip()
        if name in VOCABS and text not in VOCABS[name]:
            text = VOCABS[name].match(text) or ""
            if not text:
                return False
        if name == "on_date":
            text = normalise_date(text)
        if name == "amount":
            text = format_amount(row.kind, text)
        if getattr(row, name) == text:
            return False
        setattr(row, name, text)
        if name == "kind" and row.amount:  # the same figure, read in the new unit
            row.amount = format_amount(row.kind, row.amount)
        left = self.index(index.row(), 0)
        self.dataChanged.emit(left, self.index(index.row(), len(COLUMNS) - 1))
        self.changed.emit()
        return True

    def reset(self, rows: list[LedgerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._errors = {}
        self.endResetModel()

    def add_rows(self, count: int = 1, after: int | None = None) -> int:
        """Add ``count`` rows like row ``after`` (or the last row); return the first new row."""
        template = None
        if self._rows:
            template = self._rows[after if after is not None else len(self._rows) - 1]
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + count - 1)
        self._rows += [new_row(template) for _ in range(count)]
        self.endInsertRows()
        self.changed.emit()
        return first

    def insert_rows(self, rows: list[LedgerRow], at: int | None = None) -> int:
        """Insert ``rows`` (a paste) at ``at`` (default: the end); the first new row."""
        first = len(self._rows) if at is None else max(0, min(at, len(self._rows)))
        if rows:
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows[first:first] = rows
            self.endInsertRows()
            self.changed.emit()
        return first

    def remove_objects(self, rows: list[LedgerRow]) -> list[int]:
        """Remove these very rows (wherever edits left them); the positions they had."""
        wanted = {id(row) for row in rows}
        positions = [n for n, row in enumerate(self._rows) if id(row) in wanted]
        self.remove_rows(positions)
        return positions

    def remove_rows(self, positions: list[int]) -> None:
        wanted = sorted({p for p in positions if 0 <= p < len(self._rows)}, reverse=True)
        while wanted:  # one removal per run of rows (an undone paste is one run)
            last = first = wanted.pop(0)
            while wanted and wanted[0] == first - 1:
                first = wanted.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        self.set_errors({})
        self.changed.emit()

    def set_errors(self, errors: dict[int, list[str]]) -> None:
        """Mark rows that failed validation (0-based row → messages)."""
        self._errors = dict(errors)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))


class LedgerDelegate(QStyledItemDelegate):
    """Remembers the editor it opened, so that Save can commit a cell still being typed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.open_editor: QWidget | None = None
        self.closeEditor.connect(lambda editor, *_hint: self._forget(editor))

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        return self._track(super().createEditor(parent, option, index))

    def _track(self, editor: QWidget) -> QWidget:
        self.open_editor = editor
        return editor

    def _forget(self, editor: QWidget) -> None:
        if editor is self.open_editor:
            self.open_editor = None

    def commit_open_editor(self) -> None:
        editor, self.open_editor = self.open_editor, None
        # The view hides an editor it closed by itself (another cell clicked) before deleting it.
        if editor is not None and shiboken6.isValid(editor) and not editor.isHidden():
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)


class VocabDelegate(LedgerDelegate):
    """A combo of a vocabulary's terms to edit a code column."""

    def __init__(self, vocabulary: vocab.Vocabulary, parent=None):
        super().__init__(parent)
        self.vocabulary = vocabulary

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        return self._track(VocabCombo(self.vocabulary, parent))

    def setEditorData(self, editor: VocabCombo, index) -> None:  # noqa: N802
        editor.set_code(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: VocabCombo, model, index) -> None:  # noqa: N802
        model.setData(index, editor.code(), Qt.ItemDataRole.EditRole)


class PasteRows(QUndoCommand):
    """Rows one paste added to the ledger: undo takes them out, redo puts them back."""

    def __init__(self, model: LedgerModel, rows: list[LedgerRow], at: int):
        super().__init__(f"dán {len(rows)} dòng")
        self.model, self.rows, self.at = model, rows, at

    def undo(self) -> None:
        positions = self.model.remove_objects(self.rows)
        self.at = positions[0] if positions else self.at

    def redo(self) -> None:
        self.model.insert_rows(self.rows, self.at)


class LedgerPanel(QWidget):
    """The ledger table with its buttons, its error line and its totals."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.estimate_vnd: int | None = None
        self.pasting = False  # a paste is being read off the UI thread
        self.model = LedgerModel(parent=self)
        self._build_table()
        self._build_buttons()
        self._install_table_actions()
        self._build_labels()
        self._lay_out()
        self.model.changed.connect(self._on_changed)
        self._update()

    def _build_table(self) -> None:
        """The ledger table, one delegate per column (a combo box where the column is a vocabulary)."""
        self.table = QTableView()
        self.table.setObjectName("ledger")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed | triggers.SelectedClicked)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.delegates: list[LedgerDelegate] = []
        for column, key in enumerate(name for name, _ in COLUMNS):
            delegate = (VocabDelegate(VOCABS[key], self.table) if key in VOCABS
                        else LedgerDelegate(self.table))
            self.table.setItemDelegateForColumn(column, delegate)
            self.delegates.append(delegate)
        # The width is shared by weight: no sideways scroll; dates and sums shown whole.
        fit_columns(self.table, [92, 100, 200, 80, 130, 90], {0: "28/12/2026", 4: "2.000.000 đồng"})

    def _build_buttons(self) -> None:
        """Add (× count), remove, paste from Excel and undo the paste."""
        self.add_button = QPushButton("Thêm dòng")
        self.add_button.setToolTip("Dòng mới chép ngày, nguồn, hình thức và số tiền của dòng "
                                   "đang chọn (hoặc dòng cuối).")
        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setPrefix("× ")
        self.count.setToolTip("Số dòng giống nhau thêm một lần (ví dụ: 150 hộ, mỗi hộ 100.000 đồng)")
        self.remove_button = QPushButton("Xóa dòng")
        self.paste_button = QPushButton("Dán từ Excel")
        self.paste_button.setToolTip("Thêm các dòng chép từ Excel (Ctrl+V trên bảng): ngày, nguồn, "
                                     "người đóng góp, hình thức, số tiền, ghi chú; có dòng tiêu đề "
                                     "thì cột nào cũng được.")
        self.undo_stack = QUndoStack(self)
        self.undo_button = QPushButton("Hoàn tác")
        self.undo_button.setToolTip("Bỏ các dòng vừa dán (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        for button in (self.add_button, self.remove_button, self.paste_button, self.undo_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.paste_button.clicked.connect(self.paste)
        self.undo_button.clicked.connect(self.undo)

    def _install_table_actions(self) -> None:
        """Ctrl+V / Ctrl+Z on the table, copy, the context menu and the empty-table hint."""
        for keys, slot in ((QKeySequence.StandardKey.Paste, self.paste),
                           (QKeySequence.StandardKey.Undo, self.undo)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # not while a cell is typed in
            shortcut.activated.connect(slot)
        install_copy(self.table)
        install_menu(self.table, self._build_menu)
        empty_hint(self.table, "Chưa có khoản đóng góp nào. Bấm “Thêm dòng”, hoặc chép các dòng "
                               "trong Excel rồi bấm “Dán từ Excel” (Ctrl+V).")

    def _build_labels(self) -> None:
        """Row count, paste report, errors, totals and the sources line under the table."""
        self.rows_label = QLabel()
        self.paste_report = QLabel()
        self.paste_report.setObjectName("ledger_paste_report")
        self.paste_report.setWordWrap(True)
        self.paste_report.hide()

        self.errors = QLabel()
        self.errors.setObjectName("ledger_errors")
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setWordWrap(True)
        self.errors.hide()
        self.totals = QLabel()
        self.totals.setObjectName("ledger_totals")
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("font-weight: bold;")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sources = QLabel()
        self.sources.setObjectName("ledger_sources")
        self.sources.setWordWrap(True)

    def _lay_out(self) -> None:
        """Table, button bar, then the lines under it; this order is the tab order."""
        buttons = button_row([self.add_button, self.count, self.remove_button,
                              self.paste_button, self.undo_button])
        buttons.addWidget(self.rows_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.paste_report)
        layout.addWidget(self.errors)
        layout.addWidget(self.totals)
        layout.addWidget(self.sources)

    def set_rows(self, rows: list[LedgerRow]) -> None:
        self.model.reset(rows)
        self.show_errors({})
        self._update()

    def rows(self) -> list[LedgerRow]:
        return self.model.rows()

    def commit_edits(self) -> None:
        """Take in a cell still being typed (Save pressed without leaving the cell)."""
        editing = self.table.state() == QAbstractItemView.State.EditingState
        for delegate in self.delegates:
            if editing:
                delegate.commit_open_editor()
            else:
                delegate.open_editor = None

    def set_estimate(self, estimate_vnd: int | None) -> None:
        self.estimate_vnd = estimate_vnd
        self._update()

    def add(self) -> None:
        current = self.table.currentIndex()
        after = current.row() if current.isValid() else None
        first = self.model.add_rows(self.count.value(), after)
        target = self.model.index(first, 0)
        self.table.setCurrentIndex(target)
        self.table.scrollTo(target)
        self.table.setFocus()

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        self.model.remove_rows(sorted(rows))

    def _build_menu(self, menu: QMenu) -> None:
        chosen = bool(selected_row_numbers(self.table))
        action(menu, "Thêm dòng", self.add)
        action(menu, "Xóa dòng", self.remove_selected, chosen)
        menu.addSeparator()
        action(menu, "Dán các dòng chép từ Excel", self.paste, True, QKeySequence.StandardKey.Paste)
        action(menu, "Hoàn tác dán", self.undo, self.undo_stack.canUndo(),
               QKeySequence.StandardKey.Undo)

    def paste(self) -> bool:
        """Add the rows on the clipboard after the current row, read and checked off the UI
        thread (progress and Hủy: nothing added). False: nothing started."""
        if self.pasting:
            return False
        self.commit_edits()
        text = QGuiApplication.clipboard().text()
        current = self.table.currentIndex()
        rows = self.model.rows()
        template = rows[current.row()] if current.isValid() else (rows[-1] if rows else None)
        at = current.row() + 1 if current.isValid() else None
        self.pasting = True

        def job(report):
            report(0, 0, "Đang đọc các dòng dán…")
            return ledger_rows(parse_block(text), template, report)

        run_job(self, "Đang dán các khoản đóng góp", job, lambda result: self._pasted(*result, at),
                self._paste_failed)
        return True

    def _pasted(self, accepted: list[LedgerRow], refused: list[str], at: int | None) -> None:
        self.pasting = False
        if accepted:
            first = len(self.model.rows()) if at is None else at
            self.undo_stack.push(PasteRows(self.model, accepted, first))
            self.table.setCurrentIndex(self.model.index(first, 0))
        self.table.setFocus()  # back from the progress dialog: Ctrl+Z works at once
        lines = [f"Đã dán {len(accepted)} dòng (Hoàn tác: Ctrl+Z)." if accepted
                 else "Không dòng nào dán được."]
        if refused:
            lines.append(f"{len(refused)} lỗi, các dòng này không được thêm:")
            lines += refused[:8] + ([f"… và {len(refused) - 8} lỗi khác."] if len(refused) > 8 else [])
        self._report("\n".join(lines), refused=bool(refused))

    def _paste_failed(self, exc: BaseException) -> None:
        self.pasting = False
        if isinstance(exc, Cancelled):
            self._report("Đã hủy dán: không thêm dòng nào.")
        else:
            self._report(str(exc) or exc.__class__.__name__, refused=True)

    def undo(self) -> None:
        if self.undo_stack.canUndo():
            self.undo_stack.undo()
            self._report("Đã hoàn tác: bỏ các dòng vừa dán.")

    def _report(self, text: str, refused: bool = False) -> None:
        self.paste_report.setStyleSheet("color: #b00020;" if refused else "color: #1b5e20;")
        self.paste_report.setText(text)
        self.paste_report.show()

    def show_errors(self, errors: dict[int, list[str]]) -> None:
        """Messages of rows that failed validation, under the table (0-based row → messages)."""
        self.model.set_errors(errors)
        lines = [message for row in sorted(errors) for message in errors[row]]
        if len(lines) > 8:
            lines = [*lines[:8], f"… và {len(lines) - 8} lỗi khác."]
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))
        if errors:
            self.table.scrollTo(self.model.index(min(errors), 0))

    def _on_changed(self) -> None:
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        rows = self.model.rows()
        self.rows_label.setText(f"{len(rows)} dòng")
        summary = ledger_summary(rows)  # once: a thousand amounts read for both lines
        self.totals.setText(totals_text(rows, self.estimate_vnd, summary))
        self.sources.setText(sources_text(rows, summary))
