"""The figures of a period: one service for the dashboard, the period report and
``danvan stats``, so that they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.periods import Period, make_period
from ..store import stats as store_stats
from ..store.db import Store


@dataclass
class Comparison:
    current: dict
    previous: dict  # the same period of the year before


def period_stats(store: Store, period: Period, commune_id: int | None = None) -> dict:
    return store_stats.compute(store, period, commune_id)


def stats_for(store: Store, year: int, quarter: int | None = None, half: int | None = None,
              nine_months: bool = False, commune_id: int | None = None) -> dict:
    return period_stats(store, make_period(year, quarter, half, nine_months), commune_id)


def compare_with_last_year(store: Store, period: Period,
                           commune_id: int | None = None) -> Comparison:
    return Comparison(period_stats(store, period, commune_id),
                      period_stats(store, period.same_period_last_year(), commune_id))
