"""Tiêu chí, chấm điểm: typing points down a column, refusals, the ranking and the
shortlist into a round, as a user does it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from danvan_desktop.domain.entities import CommendationRound
from danvan_desktop.store import criteria as sc
from danvan_desktop.store.rounds import award_rows, save_round
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.criteria.page import CriteriaPage

from ..criteria.conftest import build_scored_year


def _wait(qapp, done, seconds: float = 20) -> None:
    """Let the tab's background read finish and its result reach the table."""
    import time

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    assert done()


@pytest.fixture
def page(store, commune, qapp):
    data = build_scored_year(store, commune)
    widget = CriteriaPage(store, ChangeBus())
    widget.resize(1280, 720)
    widget.show()
    qapp.processEvents()
    yield widget, data
    widget.close()


def test_points_typed_down_a_column_are_kept_and_bad_ones_refused(page, store, qapp):
    widget, data = page
    assert widget.current_year() == 2023
    widget.tabs.setCurrentIndex(1)
    tab = widget.scoring
    _wait(qapp, lambda: tab.model.rowCount() == 3)  # the collectives
    assert tab.evaluator.currentText() == "Nguyễn Văn An"
    table, model = tab.table, tab.model
    table.setFocus()
    column = model.first_score_column()
    table.setCurrentIndex(model.index(0, column))
    for text in ("18", "15", "25"):  # the third is over the maximum of 20
        QTest.keyClicks(table, text[0])
        editor = qapp.focusWidget()
        QTest.keyClicks(editor, text[1:])
        QTest.keyClick(editor, Qt.Key.Key_Return)
        qapp.processEvents()
    assert "vượt điểm tối đa 20" in tab.status.text()
    names = [model.rows[r]["name"] for r in range(3)]
    set_id = data["set"].id
    an = data["evaluators"][0]
    kept = {r["name"]: (sc.sheet_of(store, set_id, r["id"], an) or None) for r in model.rows}
    assert kept[names[0]].points == {data["set"].criteria[0].id: 18}
    assert kept[names[1]].points == {data["set"].criteria[0].id: 15}
    assert kept[names[2]] is None
    assert table.currentIndex().row() == 2 and table.currentIndex().column() == column
    # Delete clears a cell
    table.setCurrentIndex(model.index(0, column))
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert sc.sheet_of(store, set_id, model.rows[0]["id"], an).points == {}


def test_shortlist_becomes_round_candidates(page, store, qapp, monkeypatch):
    from danvan_desktop.domain.criteria import ScoreSheet
    from danvan_desktop.ui.criteria import ranking_tab

    widget, data = page
    rnd = save_round(
        store,
        CommendationRound(
            number="125-QĐ/HU", decided_on="2023-12-20", issuer="Ban Thường vụ Huyện ủy", year=2023
        ),
    )
    criteria = data["set"].criteria
    for initiative, points in zip(
        data["ids"][:3], ((18, 28, 28, 18), (20, 29, 28, 18), (10, 15, 15, 10)), strict=True
    ):
        for evaluator in data["evaluators"]:
            sc.save_sheet(
                store,
                data["set"].id,
                ScoreSheet(initiative, evaluator, dict(zip([c.id for c in criteria], points, strict=True))),
            )
    widget.tabs.setCurrentIndex(2)
    qapp.processEvents()
    tab = widget.ranking
    tab.model.rows = []
    tab.reload()
    _wait(qapp, lambda: len(tab.model.rows) == 4)
    assert tab.model.rows[0]["name"] == "Cánh đồng mẫu lớn" and tab.model.rows[0]["rank"] == 1
    tab.cutoffs["cong_nhan"][0].setText("60")
    tab.cutoffs["khen_thuong"][1].setValue(1)
    tab.buttons["propose"].click()
    assert "công nhận 1, biểu dương, khen thưởng 1" in tab.summary.text()
    assert tab.rounds.currentData() == rnd.id
    monkeypatch.setattr(ranking_tab, "confirm", lambda *a: True)
    monkeypatch.setattr(ranking_tab, "inform", lambda *a: None)
    tab.buttons["apply"].click()
    awards = award_rows(store, rnd.id)
    assert [a["initiative_name"] for a in awards] == ["Cánh đồng mẫu lớn"]
    assert store.scalar("SELECT score FROM awards") == 95


def test_dashboard_shows_scored_recognised_and_commended_per_field(store, commune, qapp):
    import datetime as dt
    import time

    from danvan_desktop.domain.criteria import ScoreSheet
    from danvan_desktop.ui.dashboard.page import DashboardPage

    data = build_scored_year(store, commune)
    criteria = data["set"].criteria
    sc.save_sheet(
        store, data["set"].id, ScoreSheet(data["ids"][0], data["evaluators"][0], {c.id: 10 for c in criteria})
    )
    page = DashboardPage(store, ChangeBus(), today=dt.date(2023, 12, 31))
    deadline = time.monotonic() + 20
    while "Đã chấm" not in page.scoring.text() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.02)
    assert "<td>KT</td><td align='right'>1/3</td>" in page.scoring.text()
    page.close()


def test_registration_tab_keeps_the_parts_and_names_a_bad_amount(store, commune, qapp):
    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import get_initiative, save_initiative
    from danvan_desktop.ui.initiatives.form import InitiativeForm

    item = save_initiative(store, Initiative(name="Mở rộng đường vào thôn Hoành Từ", kind="tap_the",
                                             field="kinh_te", owner_name="Chi bộ thôn Hoành Từ",
                                             commune_id=commune, year=2023))
    form = InitiativeForm(store, item.id)
    form.show()
    tab = form.registration
    tab.texts["situation"].setPlainText("Đường hẹp 3,5 m, xuống cấp")
    tab.texts["timeframe"].setPlainText("Năm 2023")
    tab.numbers["budget_vnd"].setText("1,2 tỷ")
    tab.numbers["donations_vnd"].setText("nhiều lắm")
    assert form.is_dirty()
    assert not form.save()
    assert form.tabs.currentWidget() is tab
    assert form.errors.labels["donations_vnd"].text() == "Tài trợ, ủng hộ (đồng) phải là số nguyên."
    tab.numbers["donations_vnd"].setText("350.000.000")
    assert form.save()
    saved = get_initiative(store, item.id)
    assert saved.situation == "Đường hẹp 3,5 m, xuống cấp" and saved.timeframe == "Năm 2023"
    assert saved.budget_vnd == 1_200_000_000 and saved.donations_vnd == 350_000_000
    again = InitiativeForm(store, item.id)
    assert again.registration.numbers["budget_vnd"].text() == "1.200.000.000"
    again.close()
