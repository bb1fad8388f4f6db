"""One commune's figures, read for the period and the same period last year at once (its
campaigns' ledgers in one pass, its moves from whichever side is fewer), equal what a
plain count of its records gives, period by period."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan_desktop.domain.periods import custom_period, make_period, year_period
from danvan_desktop.services.demo import make_demo
from danvan_desktop.store import stats as store_stats
from danvan_desktop.store.db import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("commune") / "demo.sqlite3"
    make_demo(path, size=600, seed=11)
    with open_store(path, read_only=True) as store:
        yield store


def _plain(store, period, commune: int) -> tuple[float, float, int]:
    """(money, quantity, replicated) of one commune in one period, counted naively."""
    bounds = {"s": period.start.isoformat(), "e": period.end.isoformat(), "c": commune}
    money, quantity = store.execute(
        "SELECT total(k.amount_vnd), total(k.quantity) FROM contributions k"
        " JOIN campaigns c ON c.id = k.campaign_id"
        " WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL AND c.commune_id = :c"
        " AND k.on_date BETWEEN :s AND :e", bounds).fetchone()
    replicated = store.scalar(
        "SELECT count(DISTINCT h.initiative_id) FROM initiative_status_history h"
        " JOIN initiatives i ON i.id = h.initiative_id WHERE h.to_status = 'nhan_rong'"
        " AND h.changed_on BETWEEN :s AND :e AND i.deleted_at IS NULL AND i.commune_id = :c",
        bounds)
    return money, quantity, replicated


def _shown(figures: dict) -> tuple[float, float, int]:
    k = figures["contributions"]
    money = k["money_vnd"] + k["materials_vnd"]
    quantity = k["workdays"] + k["land_m2"]
    return money, quantity, figures["initiatives"]["replicated"]


@pytest.mark.parametrize("moves_first", [False, True])
def test_one_communes_periods_read_together_equal_each_counted_alone(demo, monkeypatch, moves_first):
    # Both ways to the moves: from the commune's initiatives, or from the period's moves.
    scalar = type(demo).scalar
    monkeypatch.setattr(type(demo), "scalar", lambda self, sql, params=(): (
        0 if moves_first else 10**9) if "FROM initiative_status_history WHERE" in sql
        else scalar(self, sql, params))
    last = demo.scalar("SELECT max(year) FROM initiatives")
    communes = [r[0] for r in demo.execute(
        "SELECT commune_id FROM campaigns GROUP BY commune_id ORDER BY count(*) DESC LIMIT 3")]
    periods = [year_period(last), make_period(last, quarter=2), make_period(last, half=1),
               custom_period(dt.date(last - 1, 7, 1), dt.date(last, 6, 30)),
               custom_period(dt.date(last - 3, 1, 1), dt.date(last, 12, 31))]  # overlaps last year's
    seen_money = seen_replicated = False
    for commune in communes:
        for period in periods:
            pair = [period, period.same_period_last_year()]
            together = store_stats.compute_many(demo, pair, commune)
            for each, figures in zip(pair, together, strict=True):
                money, quantity, replicated = _plain(demo, each, commune)
                shown = _shown(figures)
                assert shown[0] == pytest.approx(money) and shown[1] == pytest.approx(quantity)
                assert shown[2] == replicated
                seen_money = seen_money or money > 0
                seen_replicated = seen_replicated or replicated > 0
    assert seen_money and seen_replicated
