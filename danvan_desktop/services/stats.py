"""The figures of a period: one service for the dashboard, the period report and
``danvan stats``, so that they always agree."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..domain.periods import Period, make_period
from ..store import stats as store_stats
from ..store.db import Store, open_store
from ..store.profile import get_profile, get_setting

# A setting of the data file: communes merged away shown as they were (dashboard, report).
AS_THEY_WERE = "places_as_they_were"
COMMUNE_OFFICES = ("xa", "mttq_xa", "dac_khu")  # office levels whose figures go by village

YEARS_CHARTED = 10  # registrations by year: the last ten years up to the period's end
TOP_COMMUNES = 10


@dataclass
class Comparison:
    current: dict
    previous: dict  # the same period of the year before


def period_stats(store: Store, period: Period, commune_id: int | None = None,
                 as_they_were: bool = False) -> dict:
    """``as_they_were``: communes merged away since (the 2025 reform) shown as they were
    instead of inside today's communes."""
    return store_stats.compute(store, period, commune_id, as_they_were)


def stats_for(store: Store, year: int, quarter: int | None = None, half: int | None = None,
              nine_months: bool = False, commune_id: int | None = None) -> dict:
    return period_stats(store, make_period(year, quarter, half, nine_months), commune_id)


def compare_with_last_year(store: Store, period: Period,
                           commune_id: int | None = None) -> Comparison:
    current, previous = store_stats.compute_many(
        store, [period, period.same_period_last_year()], commune_id,
        as_they_were=bool(get_setting(store, AS_THEY_WERE, False)))  # the office's choice
    return Comparison(current, previous)


def part_key(period: Period, commune_id: int | None, part: str, as_they_were: bool = False,
             villages: bool = False) -> tuple:
    """How a part of a period's figures is known again (see ``dashboard``)."""
    if as_they_were or villages:
        return (part, period.start.isoformat(), period.end.isoformat(), commune_id, as_they_were, villages)
    return (part, period.start.isoformat(), period.end.isoformat(), commune_id)


def dashboard(store: Store, period: Period, commune_id: int | None = None,
              known: dict | None = None) -> dict:
    """Everything the dashboard shows: the period's figures (exactly what ``danvan
    stats`` prints for it), the same period last year's, and registrations by year over
    the last ten years.

    ``known`` holds parts computed before and still true, by ``part_key`` (the page drops
    the initiative part when initiatives change, the campaign part when campaigns do);
    they are taken as they are. The answer's ``parts`` holds every part it shows, to be
    kept for the next time, and ``computed`` says which were computed now."""
    known = known or {}
    # Communes merged away since (the 2025 reform) as they were, if the office chose so.
    then = bool(get_setting(store, AS_THEY_WERE, False))
    # A commune office's chart counts its villages.
    villages = get_profile(store).office_level in COMMUNE_OFFICES
    previous_period = period.same_period_last_year()
    periods = [period, previous_period]
    parts: dict = {}
    computed: list[str] = []
    for part in store_stats.PARTS:
        missing = [p for p in periods if part_key(p, commune_id, part, then, villages) not in known]
        if missing:
            computed.append(part)
        found = (store_stats.compute_many(store, missing, commune_id, (part,), as_they_were=then)
                 if missing else [])
        for missing_period, figures in zip(missing, found, strict=True):
            if villages and part == "initiatives":
                figures["initiatives"]["villages"] = store_stats.village_lines(
                    store, missing_period, commune_id)
            parts[part_key(missing_period, commune_id, part, then, villages)] = {
                key: figures[key] for key in store_stats.PART_KEYS[part]}
        for each in periods:
            key = part_key(each, commune_id, part, then, villages)
            parts.setdefault(key, known.get(key))
    last = period.end.year
    years_key = ("by_year", last - YEARS_CHARTED + 1, last, commune_id)
    by_year = known.get(years_key)
    if by_year is None:
        computed.append("by_year")
        by_year = store_stats.registrations_by_year(store, *years_key[1:])
    parts[years_key] = by_year

    def whole(each: Period) -> dict:
        figures = {"period": each.as_dict()}
        for part in store_stats.PARTS:
            figures.update(parts[part_key(each, commune_id, part, then, villages)])
        return figures

    return {
        "period": {**period.as_dict(), "label": period.label},
        "previous_period": {**previous_period.as_dict(), "label": previous_period.label},
        "commune_id": commune_id,
        "as_they_were": then,
        "current": whole(period),
        "previous": whole(previous_period),
        "by_year": by_year,
        "parts": parts,
        "computed": computed,
    }


def dashboard_from_file(path: str | os.PathLike, period: Period, commune_id: int | None = None,
                        known: dict | None = None) -> dict:
    """``dashboard`` on a connection of its own, opened read-only and closed after: what
    a worker thread runs while the window keeps its connection."""
    with open_store(path, read_only=True) as store:
        return dashboard(store, period, commune_id, known)


def top_communes(figures: dict, count: int = TOP_COMMUNES) -> tuple[list[dict], dict | None]:
    """The ``count`` communes with the most initiatives registered (ties in alphabetical
    order), and the rest summed as one line (None when there is no rest). Each line:
    ``{"name", "ids", "count"}``; the rest's ``ids`` are the communes it covers."""
    villages = "villages" in figures["initiatives"]  # a commune office: its villages
    lines = [line for line in figures["initiatives"].get("villages") or figures["initiatives"]["communes"]
             if line["count"] > 0]
    ranked = sorted(lines, key=lambda line: -line["count"])  # stable: names stay in order
    top, rest = ranked[:count], ranked[count:]
    if not rest:
        return top, None
    return top, {"name": "Các thôn, xóm khác" if villages else "Các xã, phường khác",
                 "count": sum(line["count"] for line in rest),
                 "ids": [i for line in rest for i in line["ids"]],
                 "communes": len(rest)}


def change(current: float, previous: float) -> tuple[float, float | None]:
    """(difference, ratio of the difference to the previous value, or None when the
    previous value is 0)."""
    difference = current - previous
    return difference, (difference / previous if previous else None)
