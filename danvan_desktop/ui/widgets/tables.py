"""The list view every screen uses: whole rows selected, read-only, alternate colours,
one line per row, no row numbers, column widths given. And the habits a clerk brings
from Excel, for any list: Ctrl+C copies the selected rows with their headers as
tab-separated text, a right-click menu, a hint in an empty list."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QTreeView,
)

# Copying reads every cell through the model; beyond this the export (Xuất Excel…) is the way.
MAX_COPY_ROWS = 10_000


def list_view(model: QAbstractItemModel, name: str, widths: list[int] | tuple[int, ...] = (),
              stretch: int | None = None) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    install_copy(table)
    install_menu(table, lambda _menu: None)  # at least "Chép các dòng đang chọn"
    return table


# --- Ctrl+C ------------------------------------------------------------------------------


def selected_row_numbers(view: QAbstractItemView) -> list[int]:
    """The selected rows (top level), in the order shown; the current row when none is."""
    if view.selectionModel() is None:  # no model yet (a preview before its file is read)
        return []
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    return rows


def _cell_text(value: object) -> str:
    # A tab or line break inside a cell would split it into two cells or rows in Excel.
    return " ".join(str(value).split()) if value is not None else ""


def rows_as_text(model: QAbstractItemModel, rows: list[int]) -> str:
    """The header row and ``rows`` as Excel's clipboard text (tab between cells)."""
    columns = range(model.columnCount())
    lines = ["\t".join(_cell_text(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
    for row in rows:
        lines.append("\t".join(_cell_text(model.index(row, c).data()) for c in columns))
    return "\r\n".join(lines) + "\r\n"


def copy_rows(view: QAbstractItemView) -> int:
    """Put the selected rows on the clipboard; the number of rows copied (0: nothing)."""
    rows = selected_row_numbers(view)
    if not rows:
        return 0
    cut = len(rows) > MAX_COPY_ROWS
    rows = rows[:MAX_COPY_ROWS]
    QApplication.clipboard().setText(rows_as_text(view.model(), rows))
    shown = f"Đã chép {len(rows):,} dòng (kèm dòng tiêu đề), dán được vào Excel.".replace(",", ".")
    if cut:
        shown += " Chỉ chép được chừng ấy dòng một lần; dùng “Xuất Excel…” để lấy cả danh sách."
    tell(view, shown)
    return len(rows)


class _CopyRows(QObject):
    """Ctrl+C taken before the view's own handling (an editable grid copies one cell
    itself and wins over a shortcut); a cell being typed in keeps its own Ctrl+C."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not event.matches(QKeySequence.StandardKey.Copy):
            return False
        if self.view.state() == QAbstractItemView.State.EditingState:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes here as a key press, not to another shortcut
        else:
            copy_rows(self.view)
        return True


def install_copy(view: QAbstractItemView) -> None:
    """Ctrl+C on the list copies whole rows, not the one cell Qt copies by itself."""
    if getattr(view, "_copy_rows", None) is None:
        view._copy_rows = _CopyRows(view)


def tell(widget, text: str, ms: int = 8000) -> None:
    """A short message in the window's status bar, when the window has one."""
    window = widget.window()
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, ms)


# --- right-click menus --------------------------------------------------------------------


def action(menu: QMenu, text: str, slot: Callable[[], object], enabled: bool = True,
           shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
    item = menu.addAction(text)
    item.setEnabled(enabled)
    if shortcut is not None:
        item.setShortcut(QKeySequence(shortcut))
        item.setShortcutVisibleInContextMenu(True)
    item.triggered.connect(lambda _checked=False: slot())
    return item


def install_menu(view: QAbstractItemView, build: Callable[[QMenu], None]) -> None:
    """A right-click menu on the list, built when asked (so it fits the selection):
    ``build(menu)`` adds the actions; a table's menu always ends with "Chép" (Ctrl+C)."""

    def show(pos) -> None:
        index = view.indexAt(pos)
        if index.isValid() and not view.selectionModel().isSelected(index):
            view.setCurrentIndex(index)  # right-click on another row acts on that row
        menu = context_menu(view)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    if getattr(view, "_build_menu", None) is None:  # one menu however often a screen asks
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(show)
    view._build_menu = build  # the screen's own actions replace the bare "Chép"


def context_menu(view: QAbstractItemView, build: Callable[[QMenu], None] | None = None) -> QMenu:
    """The menu a right-click on ``view`` shows now."""
    menu = QMenu(view)
    (build or view._build_menu)(menu)
    if isinstance(view, QTableView):
        if menu.actions():
            menu.addSeparator()
        action(menu, "Chép các dòng đang chọn", lambda: copy_rows(view),
               bool(selected_row_numbers(view)), QKeySequence.StandardKey.Copy)
    return menu


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def trigger(menu: QMenu, text: str) -> None:
    """Run the menu's action named ``text`` (tests, keyboard)."""
    for item in menu.actions():
        if item.text() == text:
            item.trigger()
            return
    raise KeyError(text)


# --- an empty list says how to start ------------------------------------------------------


class EmptyHint(QObject):
    """A grey sentence in the middle of an empty list (``text()`` decides it: how to start,
    or that nothing matches the search)."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]):
        super().__init__(view)
        self.view, self.text = view, text
        self.label = QLabel(view.viewport())
        self.label.setObjectName("empty_hint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #666; font-size: 11pt; padding: 24px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        view.viewport().installEventFilter(self)
        self.update()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        self.label.setGeometry(self.view.viewport().rect())

    def update(self, *_args) -> None:
        if not shiboken6.isValid(self.view):  # a table's model outlives it by a moment
            return
        empty = self.view.model().rowCount() == 0
        if empty:
            self.label.setText(self.text())
            self._place()
        self.label.setVisible(empty)


def empty_hint(view: QAbstractItemView, text: str | Callable[[], str]) -> EmptyHint:
    return EmptyHint(view, text if callable(text) else (lambda: text))


def table_habits(view: QAbstractItemView, hint: str | Callable[[], str],
                 build: Callable[[QMenu], None] | None = None) -> EmptyHint:
    """The habits of ``list_view`` for a table made otherwise (an editable grid, a
    QTableWidget): Ctrl+C copies rows with headers, a right-click menu (``build``'s
    actions, then Chép), and a hint while it is empty."""
    install_copy(view)
    install_menu(view, build or (lambda _menu: None))
    return empty_hint(view, hint)


# --- columns that fit the width -----------------------------------------------------------


class FitColumns(QObject):
    """Share the list's width among its columns by weight, so that no list needs a
    horizontal scroll bar at 1280×720 (nor at 125 %). ``samples`` name the text a column
    must show whole (a year, "Được công nhận"): it never gets narrower than that."""

    def __init__(self, view: QTableView | QTreeView, weights: list[int],
                 samples: dict[int, str] | None = None, minimum: int = 40):
        super().__init__(view)
        self.view, self.weights, self.samples, self.minimum = view, weights, samples or {}, minimum
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrow column's header ends in "…"
        for column in range(len(weights)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.header = header
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit(event.size().width() - 1)  # a pixel to spare: no scroll bar for rounding
        return False

    def widths(self, width: int) -> list[int]:
        bold = QFont(self.view.font())
        bold.setBold(True)  # headers are drawn bold: a sample that is a header must fit too
        metrics = QFontMetrics(bold)
        least = [max(self.minimum, metrics.horizontalAdvance(self.samples[c]) + 14)
                 if c in self.samples else self.minimum for c in range(len(self.weights))]
        fixed: set[int] = set()
        while True:  # columns held at their least width leave the rest to the others
            free = width - sum(least[c] for c in fixed)
            total = sum(w for c, w in enumerate(self.weights) if c not in fixed) or 1
            sizes = [least[c] if c in fixed else free * w // total for c, w in enumerate(self.weights)]
            short = {c for c, size in enumerate(sizes) if c not in fixed and size < least[c]}
            if not short:
                break
            fixed |= short
        flexible = [c for c in range(len(sizes)) if c not in fixed] or [len(sizes) - 1]
        widest = max(flexible, key=lambda c: sizes[c])
        sizes[widest] = max(least[widest], sizes[widest] + width - sum(sizes))  # no pixel left over
        return sizes

    def fit(self, width: int) -> None:
        for column, size in enumerate(self.widths(width)):
            self.header.resizeSection(column, size)


def fit_columns(view: QTableView | QTreeView, weights: list[int],
                samples: dict[int, str] | None = None) -> FitColumns:
    return FitColumns(view, weights, samples)


def install_button_menu(view: QAbstractItemView, buttons: list) -> None:
    """A right-click menu repeating the screen's buttons (those shown, enabled as they
    are); ``None`` in ``buttons`` is a separator."""

    def build(menu: QMenu) -> None:
        for button in buttons:
            if button is None:
                menu.addSeparator()
            elif not button.isHidden():
                action(menu, button.text(), button.click, button.isEnabled())

    install_menu(view, build)
