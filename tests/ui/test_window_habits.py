"""The window a clerk trusts: typing is never thrown away (every screen with typing asks
Lưu / Không lưu / Hủy on screen change and on quit) and the keyboard works as in any
office program (Ctrl+1…7, Ctrl+S, Esc, Enter, the first field focused)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest

from danvan_desktop.store.profile import get_profile
from danvan_desktop.store.reports import report_texts
from danvan_desktop.ui.widgets import dialogs

from .conftest import type_text

SETTINGS, REPORTS = "Cài đặt", "Báo cáo"


@pytest.fixture
def answers(monkeypatch):
    """The answers the user gives to the Lưu / Không lưu / Hủy question, in turn; the
    questions asked are kept."""
    given: list[str] = []
    asked: list[str] = []

    def ask(_parent, _title, text):
        asked.append(text)
        return given.pop(0) if given else "discard"  # the window closing at the end

    monkeypatch.setattr(dialogs, "ask_save_discard_cancel", ask)
    monkeypatch.setattr(dialogs, "inform", lambda *a, **k: None)
    return given, asked


def _title(win) -> str:
    return win.nav.currentItem().text()


def _type_in_settings(win) -> None:
    page = win.show_page(SETTINGS)
    page.edits["parent_body_1"].setText("ĐẢNG BỘ TỈNH THÁI BÌNH")  # what saving requires
    page.edits["place"].setText("Đông Hưng")
    type_text(page.edits["doc_code"], "BDVHU")


def _type_in_report(win) -> None:
    page = win.show_page(REPORTS)
    type_text(page.limitations, "Một số xã còn chậm đăng ký.")


TYPING = {SETTINGS: _type_in_settings, REPORTS: _type_in_report}


def _saved(win, screen: str) -> bool:
    if screen == SETTINGS:
        return get_profile(win.store).doc_code == "BDVHU"
    page = win.show_page(REPORTS) if _title(win) != REPORTS else win.pages.currentWidget()
    return report_texts(win.store, page.period)["limitations"] == "Một số xã còn chậm đăng ký."


@pytest.mark.parametrize("screen", [SETTINGS, REPORTS])
def test_leaving_a_screen_with_typing_asks_and_cancel_stays(window, answers, screen):
    given, asked = answers
    TYPING[screen](window)
    given.append("cancel")
    window.nav.setCurrentRow(0)
    assert _title(window) == screen and len(asked) == 1  # stayed, typing still there
    assert window.pages.currentWidget().unsaved_changes()
    given.append("save")
    window.nav.setCurrentRow(0)
    assert _title(window) == "Tổng quan" and _saved(window, screen)


@pytest.mark.parametrize("screen", [SETTINGS, REPORTS])
def test_discarding_is_the_users_choice(window, answers, screen):
    given, asked = answers
    TYPING[screen](window)
    given.append("discard")
    window.nav.setCurrentRow(0)
    assert _title(window) == "Tổng quan" and len(asked) == 1
    assert not _saved(window, screen)
    window.nav.setCurrentRow(window.nav.count() - 1)  # and nothing is asked again
    assert len(asked) == 1


@pytest.mark.parametrize("screen", [SETTINGS, REPORTS])
def test_quitting_with_typing_asks(window, answers, screen):
    given, asked = answers
    TYPING[screen](window)
    given.append("cancel")
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted() and len(asked) == 1
    given.append("save")
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted() and _saved(window, screen)


def test_ctrl_numbers_switch_screens_in_the_order_of_the_side_list(window, qtbot):
    for number in range(1, window.nav.count() + 1):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentRow() == number - 1
        assert window.pages.currentIndex() == number - 1


def test_ctrl_s_and_enter_save_the_settings(window, answers):
    _type_in_settings(window)
    page = window.pages.currentWidget()
    QTest.keyClick(page.edits["doc_code"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert get_profile(window.store).doc_code == "BDVHU" and not page.is_dirty()
    page.edits["place"].clear()
    type_text(page.edits["place"], "Đông Cường")
    QTest.keyClick(page.edits["place"], Qt.Key.Key_Return)
    assert get_profile(window.store).place == "Đông Cường"


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_settings_save_button_is_in_sight(window, size):
    window.resize(*size)
    page = window.show_page(SETTINGS)
    QTest.qWait(50)
    button = page.save_button
    assert button.isVisible()
    bottom = button.mapTo(window, button.rect().bottomLeft()).y()
    assert bottom <= window.height(), (bottom, window.height())


def test_escape_clears_the_search(window, qtbot):
    page = window.show_page("Mô hình – điển hình")
    type_text(page.search, "nuoi ong")
    window.nav.setFocus()
    QTest.keyClick(window.nav, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.search.hasFocus()


def test_a_new_initiative_starts_in_its_name_field(window, qtbot, monkeypatch):
    page = window.show_page("Mô hình – điển hình")
    QTest.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    from danvan_desktop.ui.initiatives.form import InitiativeForm

    forms = [w for w in window.findChildren(InitiativeForm) if w.isVisible()]
    assert len(forms) == 1
    form = forms[0]
    qtbot.waitUntil(lambda: form.name.hasFocus() or form.focusWidget() is form.name, timeout=2000)
    assert form.focusWidget() is form.name
    monkeypatch.setattr(dialogs, "ask_save_discard_cancel", lambda *a: "discard")
    form.close()


def _tab_walk(start, steps: int) -> list:
    """The widgets the focus visits when the user presses Tab ``steps`` times."""
    from PySide6.QtWidgets import QApplication

    start.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(steps):
        here = QApplication.focusWidget()
        if here is None:
            break
        QTest.keyClick(here, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def test_every_field_of_the_settings_is_reached_by_tab(window, answers):
    page = window.show_page(SETTINGS)
    visited = _tab_walk(page.edits["parent_body_1"], 40)
    for edit in [*page.edits.values(), page.recipients, page.user_name, page.save_button]:
        assert edit in visited, edit.objectName() or edit.text()
    assert not page.is_dirty()  # Tab moved on; it typed nothing


def test_every_field_of_a_new_initiative_is_reached_by_tab(qtbot, store, commune, monkeypatch):
    from danvan_desktop.ui.initiatives.form import InitiativeForm

    monkeypatch.setattr(dialogs, "ask_save_discard_cancel", lambda *a: "discard")
    form = InitiativeForm(store)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.isActiveWindow(), timeout=2000)
    fields = [form.name, form.kind, form.field, form.owner, form.commune, form.village,
              form.themed_year, form.registered_on, form.year, form.status, form.status_note,
              form.level, form.recognized_on, form.commended_on, form.notable, form.save_button]
    visited = _tab_walk(form.name, 40)
    missing = [f for f in fields if f not in visited and f.isEnabled()]
    assert missing == []


def test_a_round_form_opens_on_its_first_field_and_enter_saves_after_a_click(qtbot, store, answers):
    from danvan_desktop.ui.rounds.forms import RoundForm

    form = RoundForm(store)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.isActiveWindow(), timeout=2000)
    assert form.focusWidget() is form.number  # not Lưu
    type_text(form.number, "125-QĐ/HU")
    type_text(form.decided_on, "15/12/2023")
    form.issuer.setText("Ban Thường vụ Huyện ủy Đông Hưng")
    form.cancel_button.setFocus()  # a button had the focus (Qt would make it the default)
    QTest.mouseClick(form.number, Qt.MouseButton.LeftButton)  # back in a field
    QTest.keyClick(form.number, Qt.Key.Key_Return)
    assert form.saved_id is not None
    assert store.scalar("SELECT number FROM commendation_rounds") == "125-QĐ/HU"
