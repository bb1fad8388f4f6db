"""A clerk's big actions keep the window responsive: pasting 1,000 rows copied from Excel
into the initiative list or a campaign's ledger, and changing the status of 1,000
selected initiatives. The work runs off the UI thread with a progress dialog; its Hủy
writes nothing; Ctrl+Z takes a paste back."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QPushButton

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.services.exchange import paste as paste_service
from danvan_desktop.store import catalog
from danvan_desktop.store.initiatives import get_initiative, save_initiative
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.initiatives import habits as habits_module
from danvan_desktop.ui.initiatives.bulk_status import BulkStatusDialog
from danvan_desktop.ui.initiatives.page import InitiativesPage

from .holds import HOLD_LIMIT, HoldMeter
from .test_excel_habits import campaign_form  # noqa: F401 - the fixture

CTRL = Qt.KeyboardModifier.ControlModifier
ROWS = 1000


def live(store) -> int:
    return store.scalar("SELECT count(*) FROM initiatives WHERE deleted_at IS NULL")


@pytest.fixture
def village(store, commune):
    return catalog.add_area(store, "Thôn Hoành Từ", "thon", commune)


@pytest.fixture
def page(qtbot, store, commune, village, monkeypatch):
    def unexpected(_parent, title, text, **_kw):
        raise AssertionError(f"unexpected message: {title}: {text}")

    monkeypatch.setattr(habits_module.dialogs, "confirm", unexpected)
    monkeypatch.setattr(habits_module.dialogs, "error", unexpected)
    widget = InitiativesPage(store, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    return widget


def excel_block(rows: int = ROWS) -> str:
    lines = ["Tên mô hình\tLoại\tLĩnh vực\tChủ thể\tXã/phường\tThôn/xóm\tNăm đăng ký"]
    lines += [f"Vườn rau an toàn số {n}\tTập thể\tKinh tế\tChi hội phụ nữ thôn {n}\tXã Đông Cường\t"
              f"Hoành Từ\t2025" for n in range(1, rows + 1)]
    return "\r\n".join(lines) + "\r\n"


def press_ctrl_v(qtbot, page) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)


def test_paste_1000_rows_window_stays_responsive_rows_there_undo_removes_them(qtbot, page, store):
    QGuiApplication.clipboard().setText(excel_block())
    with HoldMeter() as meter:
        press_ctrl_v(qtbot, page)
        assert live(store) == 0  # Ctrl+V returns at once: the rows are checked in the background
        qtbot.waitUntil(lambda: not page.habits.busy, timeout=60_000)
    assert meter.longest < HOLD_LIMIT, f"the window was held {meter.longest * 1000:.0f} ms"
    assert live(store) == ROWS
    page.model.wait()
    assert page.model.total == ROWS
    shown = {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    assert {"Vườn rau an toàn số 1", "Vườn rau an toàn số 1000"} <= shown

    with HoldMeter() as meter:
        page.activateWindow()  # as the window system does once the progress dialog closes
        qtbot.waitUntil(page.isActiveWindow)
        qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
        assert page.habits.busy  # the undo is written in the background
        qtbot.waitUntil(lambda: not page.habits.busy, timeout=60_000)
    assert meter.longest < HOLD_LIMIT
    assert live(store) == 0  # all 1,000 moved to the bin in one step
    page.model.wait()
    assert page.model.rowCount() == 0


def test_cancel_while_the_pasted_rows_are_written_writes_nothing(qtbot, page, store, monkeypatch):
    """The user presses Hủy on the progress dialog while the rows are being written."""
    writing, go_on = threading.Event(), threading.Event()
    real_save = paste_service.save_initiative

    def slow_save(*args, **kwargs):
        writing.set()
        go_on.wait(10)  # the worker waits here until the test has pressed Hủy
        return real_save(*args, **kwargs)

    monkeypatch.setattr(paste_service, "save_initiative", slow_save)
    QGuiApplication.clipboard().setText(excel_block(200))
    press_ctrl_v(qtbot, page)
    qtbot.waitUntil(writing.is_set, timeout=30_000)
    press_cancel(qtbot, page, "Đang thêm")
    go_on.set()
    qtbot.waitUntil(lambda: not page.habits.busy, timeout=30_000)
    assert live(store) == 0
    assert store.scalar("SELECT count(*) FROM initiatives") == 0  # not even in the bin
    assert not page.habits.undo_stack.canUndo()


def press_cancel(qtbot, parent, title: str) -> None:
    """Click Hủy on the progress dialog titled ``title…``."""
    progress = next(d for d in parent.findChildren(QProgressDialog)
                    if d.windowTitle().startswith(title))
    button = next(b for b in progress.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _registered(store, commune, count: int) -> list[int]:
    with store.atomic():
        return [save_initiative(store, Initiative(
            name=f"Mô hình số {n}", kind="tap_the", field="kinh_te", owner_name="Chi bộ thôn",
            commune_id=commune, year=2025, registered_on="2025-02-01"), reload=False).id
            for n in range(count)]


def test_bulk_status_of_1000_initiatives_keeps_the_window_responsive(qtbot, page, store, commune):
    ids = _registered(store, commune, ROWS)
    dialog = BulkStatusDialog(store, ids, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.status.set_code("cong_nhan")
    dialog.level.set_code("xa")
    dialog.on.setText("15/03/2025")
    with HoldMeter() as meter:
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=60_000)
        assert "Sẽ đổi 1000 mô hình sang “Được công nhận”" in dialog.report.toPlainText()
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.written == ROWS, timeout=60_000)
    assert meter.longest < HOLD_LIMIT, f"the window was held {meter.longest * 1000:.0f} ms"
    assert store.scalar("SELECT count(*) FROM initiatives WHERE status = 'cong_nhan'") == ROWS
    assert get_initiative(store, ids[-1]).recognized_on == "2025-03-15"


def test_cancel_during_the_bulk_status_change_changes_nothing(qtbot, page, store, commune,
                                                              monkeypatch):
    from danvan_desktop.services import status_change

    ids = _registered(store, commune, 120)
    writing, go_on = threading.Event(), threading.Event()
    real_save = status_change.save_initiative

    def slow_save(*args, **kwargs):
        writing.set()
        go_on.wait(10)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(status_change, "save_initiative", slow_save)
    dialog = BulkStatusDialog(store, ids, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.status.set_code("dang_thuc_hien")
    dialog.check()
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=30_000)
    dialog.apply()
    qtbot.waitUntil(writing.is_set, timeout=30_000)
    press_cancel(qtbot, dialog, "Đang đổi")
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.isVisible()  # still open, saying so
    assert "Đã hủy" in dialog.report.toPlainText()
    assert store.scalar("SELECT count(*) FROM initiatives WHERE status = 'dang_ky'") == 120


def test_paste_1000_contributions_into_the_ledger_then_undo(qtbot, campaign_form):  # noqa: F811
    ledger = campaign_form.ledger
    lines = ["Ngày\tNguồn\tHọ và tên\tHình thức\tSố tiền"]
    lines += [f"05/03/2023\tNhân dân\tHộ gia đình số {n}\tTiền\t100.000" for n in range(1, ROWS + 1)]
    QGuiApplication.clipboard().setText("\r\n".join(lines) + "\r\n")
    ledger.table.setFocus()
    with HoldMeter() as meter:
        qtbot.keyClick(ledger.table, Qt.Key.Key_V, CTRL)
        qtbot.waitUntil(lambda: not ledger.pasting, timeout=60_000)
    assert meter.longest < HOLD_LIMIT, f"the window was held {meter.longest * 1000:.0f} ms"
    assert len(ledger.rows()) == ROWS
    assert ledger.rows()[-1].contributor == "Hộ gia đình số 1000"
    assert ledger.totals.text().startswith("Tiền: 100.000.000 đồng")
    assert "Đã dán 1000 dòng" in ledger.paste_report.text()
    ledger.window().activateWindow()  # as the window system does once the progress dialog closes
    qtbot.waitUntil(ledger.window().isActiveWindow)
    qtbot.keyClick(ledger.table, Qt.Key.Key_Z, CTRL)
    assert ledger.rows() == []
