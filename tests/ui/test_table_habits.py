"""Every table in the window has the same habits (issue 12): a right-click menu that ends
with “Chép các dòng đang chọn” (Ctrl+C copies rows with their headers), and, while it is
empty, a sentence saying how to fill it. Walked screen by screen on an empty file, as a
new clerk first sees them, plus the dialogs that hold a table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QTableView

from danvan_desktop.ui.widgets.tables import context_menu, menu_texts

COPY = "Chép các dòng đang chọn"
SCREENS = ["Mô hình – điển hình", "Cuộc vận động", "Tiêu chí, chấm điểm", "Khen thưởng",
           "Báo cáo", "Gói dữ liệu", "Danh mục"]


def tables_of(widget) -> list[QTableView]:
    return [t for t in widget.findChildren(QTableView) if t.model() is not None]


def hint_of(table: QTableView) -> str:
    label = table.viewport().findChild(QLabel, "empty_hint")
    return label.text() if label is not None and label.isVisibleTo(table) else ""


def assert_habits(table: QTableView, where: str) -> None:
    name = f"{where}: {table.objectName() or type(table).__name__}"
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu, name
    assert COPY in menu_texts(context_menu(table)), name
    if table.model().rowCount() == 0:
        assert len(hint_of(table)) > 20, f"{name} is empty and says nothing"


@pytest.mark.parametrize("screen", SCREENS)
def test_every_table_of_every_screen_has_the_menu_and_the_empty_hint(qtbot, window, screen):
    page = window.show_page(screen)
    qtbot.wait(50)
    tables = tables_of(page)
    if screen == "Tiêu chí, chấm điểm":  # every tab, each shown and read
        for tab in (page.sets, page.scoring, page.ranking):
            if tab is not page.sets:
                with qtbot.waitSignal(tab.loaded, timeout=10_000):
                    page.tabs.setCurrentWidget(tab)
            assert tables_of(tab), screen
            for table in tables_of(tab):
                assert_habits(table, f"{screen} – {page.tabs.tabText(page.tabs.indexOf(tab))}")
        return
    assert tables, screen
    for table in tables:
        if table.isVisibleTo(page):
            assert_habits(table, screen)


def test_ctrl_c_on_the_criteria_set_copies_its_rows_with_headers(qtbot, window):
    page = window.show_page("Tiêu chí, chấm điểm")
    sets = page.sets
    sets.buttons["add"].click()
    table = sets.table
    table.selectRow(0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t")[0] == table.horizontalHeaderItem(0).text()
    assert len([line for line in lines if line]) == 2


def test_a_new_initiatives_history_and_the_restore_dialog_have_the_habits(qtbot, store, tmp_path):
    from danvan_desktop.ui.backup.restore_dialog import RestoreDialog
    from danvan_desktop.ui.changes import ChangeBus
    from danvan_desktop.ui.initiatives.page import InitiativesPage

    page = InitiativesPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    form = page.open_form(None)
    assert_habits(form.history, "Mô hình mới: lịch sử trạng thái")
    assert "Chưa có lần đổi trạng thái nào" in hint_of(form.history)

    dialog = RestoreDialog(None, store.path, str(tmp_path / "chua-co"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert_habits(dialog.table, "Khôi phục")
    assert "Chưa có bản sao lưu nào" in hint_of(dialog.table)
    assert "Khôi phục bản đã chọn…" in menu_texts(context_menu(dialog.table))
