"""From a figure of the dashboard to the list filter of exactly the records behind it
(the definitions are those of store/stats.py). Plain functions: no widget here."""

from __future__ import annotations

import datetime as dt

from ...store.campaigns import CampaignFilter
from ...store.initiatives import InitiativeFilter

INITIATIVES_SCREEN = "Mô hình – điển hình"
CAMPAIGNS_SCREEN = "Cuộc vận động"


def _dates(figures: dict) -> tuple[str, str]:
    period = figures["period"]
    return period["from"], period["to"]


def _area(commune_id: int | None) -> dict:
    return {"commune_id": commune_id} if commune_id is not None else {}


def registered(figures: dict, commune_id: int | None = None, **conditions) -> InitiativeFilter:
    """Registered in the period, with ``field``, ``kind``, ``commune_id``… as given."""
    start, end = _dates(figures)
    return InitiativeFilter(registered_from=start, registered_to=end,
                            **{**_area(commune_id), **conditions})


def recognized(figures: dict, commune_id: int | None = None) -> InitiativeFilter:
    start, end = _dates(figures)
    return InitiativeFilter(recognized_from=start, recognized_to=end, **_area(commune_id))


def commended(figures: dict, commune_id: int | None = None) -> InitiativeFilter:
    start, end = _dates(figures)
    return InitiativeFilter(commended_from=start, commended_to=end, **_area(commune_id))


def replicated(figures: dict, commune_id: int | None = None) -> InitiativeFilter:
    start, end = _dates(figures)
    return InitiativeFilter(replicated_from=start, replicated_to=end, **_area(commune_id))


def commune_line(figures: dict, line: dict, top: list[dict] | None = None,
                 commune_id: int | None = None) -> InitiativeFilter:
    """A bar of the by-commune chart: one commune (its ids), or "the rest" (``top`` given:
    every commune but the top ones)."""
    if "villages" in figures["initiatives"]:  # a commune office's chart: its villages
        if top is not None:
            return registered(figures, commune_id, not_village_ids=tuple(i for o in top for i in o["ids"]))
        return registered(figures, commune_id, village_ids=tuple(line["ids"]))
    then = bool(figures["initiatives"].get("as_they_were"))  # pre-reform places as they were
    if top is not None:
        excluded = tuple(i for other in top for i in other["ids"])
        return registered(figures, commune_id, not_commune_ids=excluded, as_they_were=then)
    ids = tuple(line["ids"])
    if len(ids) == 1 and not then:
        return registered(figures, commune_id=ids[0])
    return registered(figures, commune_id, commune_ids=ids, as_they_were=then)


def registered_in_year(year: int, commune_id: int | None = None) -> InitiativeFilter:
    """A bar of the by-year chart: the initiatives of that registration year."""
    return InitiativeFilter(year=year, **_area(commune_id))


def _campaigns(commune_id: int | None, **conditions) -> CampaignFilter:
    return CampaignFilter(commune_id=commune_id, **conditions)


def campaigns_running(figures: dict, commune_id: int | None = None) -> CampaignFilter:
    start, end = _dates(figures)
    return _campaigns(commune_id, runs_from=start, runs_to=end, unfinished_at=end)


def campaigns_completed(figures: dict, commune_id: int | None = None) -> CampaignFilter:
    start, end = _dates(figures)
    return _campaigns(commune_id, runs_from=start, runs_to=end, finished_from=start,
                      finished_to=end)


def campaigns_finished(figures: dict, commune_id: int | None = None) -> CampaignFilter:
    """The campaigns whose households benefited are counted: completed in the period."""
    start, end = _dates(figures)
    return _campaigns(commune_id, finished_from=start, finished_to=end)


def campaigns_contributed(figures: dict, commune_id: int | None = None, kind: str | None = None,
                          source: str | None = None) -> CampaignFilter:
    """Campaigns with ledger rows of that kind (and source) dated in the period."""
    start, end = _dates(figures)
    return _campaigns(commune_id, contributed_from=start, contributed_to=end,
                      contribution_kind=kind, contribution_source=source)


def period_dates(figures: dict) -> tuple[dt.date, dt.date]:
    start, end = _dates(figures)
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
