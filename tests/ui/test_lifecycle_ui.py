"""Status, level and dates checked together, in the window: the initiative form fills the
dates a status needs where the user sees them, refuses contradictions beside their
fields, and the round dialog says exactly why an initiative cannot be added."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan_desktop.domain.entities import CommendationRound, Initiative
from danvan_desktop.store.initiatives import get_initiative, save_initiative
from danvan_desktop.store.rounds import awards_of, save_round
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.initiatives.form import InitiativeForm
from danvan_desktop.ui.widgets import dialogs

from .conftest import type_text


def _recognised(store, commune, name: str, on: str) -> int:
    return save_initiative(store, Initiative(
        name=name, kind="tap_the", field="kinh_te", owner_name="Chi bộ thôn Đầm", commune_id=commune,
        year=2024, registered_on="2024-01-10", status="cong_nhan", level="huyen",
        recognized_on=on)).id


def test_a_round_decided_before_the_recognition_says_why_and_adds_nothing(qtbot, store, commune,
                                                                          monkeypatch):
    from danvan_desktop.ui.rounds.page import RoundsPage

    late = _recognised(store, commune, "Mô hình công nhận muộn", "2024-06-01")
    early = _recognised(store, commune, "Mô hình công nhận sớm", "2024-02-01")
    rnd = save_round(store, CommendationRound(number="12-QĐ/HU", decided_on="2024-03-15",
                                              issuer="Ban Thường vụ Huyện ủy", form="giay_khen",
                                              level="huyen"))
    page = RoundsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    page.reload_rounds(select=rnd.id)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text, rich=False: asked.append(text))
    page.add_from_button.click()
    dialog = page.dialog
    row = dialog.model.row_of(late)
    dialog.model.set_checked(row, True)
    dialog.add_button.click()
    # The dialog stays open and says which initiative, which dates, and what to do.
    assert page.dialog is dialog and len(asked) == 1
    assert "Mô hình công nhận muộn" in asked[0]
    assert "15/03/2024" in asked[0] and "01/06/2024" in asked[0] and "Hãy sửa" in asked[0]
    assert awards_of(store, rnd.id) == []

    # With one that can be added: the user is asked, and only that one goes in.
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **kw: asked.append(text) or True)
    dialog.model.set_checked(dialog.model.row_of(early), True)
    dialog.add_button.click()
    assert page.dialog is None
    assert [a.initiative_id for a in awards_of(store, rnd.id)] == [early]
    assert get_initiative(store, late).status == "cong_nhan"
    assert get_initiative(store, early).commended_on == "2024-03-15"


@pytest.fixture
def form(qtbot, store, commune, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_save_discard_cancel", lambda *a: "discard")
    widget = InitiativeForm(store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _fill_required(form, commune) -> None:
    type_text(form.name, "Tuyến phố văn minh")
    type_text(form.owner, "Tổ Dân vận khối Kim Tân")
    form.field.set_code("van_hoa_xa_hoi")
    form.commune.setCurrentIndex(form.commune.findData(commune))


def test_registered_with_a_level_and_a_date_is_refused_beside_the_fields(form, store, commune):
    _fill_required(form, commune)
    form.status.set_code("dang_ky")
    form.level.set_code("huyen")
    type_text(form.recognized_on, "20/11/2024")
    assert form.save() is False
    shown = form.errors.visible()
    assert "không có cấp công nhận" in shown["level"]
    assert "không có ngày công nhận" in shown["recognized_on"]
    assert store.scalar("SELECT count(*) FROM initiatives") == 0


def test_choosing_recognised_fills_the_date_where_the_user_sees_it(form, store, commune):
    _fill_required(form, commune)
    form.status.set_code("cong_nhan")
    today = dt.date.today().strftime("%d/%m/%Y")
    assert form.recognized_on.text() == today
    assert today in form.filled_note.text() and form.filled_note.isVisible()
    assert form.save() is False  # a recognised initiative needs its level too
    assert "cần có cấp công nhận" in form.errors.visible()["level"]
    form.level.set_code("xa")
    assert form.save() is True
    saved = get_initiative(store, form.item.id)
    assert (saved.status, saved.level, saved.recognized_on) == ("cong_nhan", "xa",
                                                                dt.date.today().isoformat())
