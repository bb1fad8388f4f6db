"""Period reports: the texts the user writes for a period (hạn chế, phương hướng) and the
initiatives marked notable that the report describes."""

from __future__ import annotations

from ..domain.periods import Period
from ..domain.text import nfc
from . import records
from .db import Store


def report_texts(store: Store, period: Period, commune_id: int | None = None) -> dict:
    row = store.query(
        "SELECT * FROM period_reports WHERE period_from = ? AND period_to = ?"
        " AND commune_id IS ? AND deleted_at IS NULL",
        (period.start.isoformat(), period.end.isoformat(), commune_id))
    if row:
        return {k: row[0][k] for k in ("id", "number", "limitations", "directions")}
    return {"id": None, "number": "", "limitations": "", "directions": ""}


def save_report_texts(store: Store, period: Period, limitations: str, directions: str,
                      number: str = "", commune_id: int | None = None) -> int:
    data = {"period_from": period.start.isoformat(), "period_to": period.end.isoformat(),
            "commune_id": commune_id, "number": nfc(number),
            "limitations": (limitations or "").strip(), "directions": (directions or "").strip()}
    with store.atomic():
        existing = report_texts(store, period, commune_id)["id"]
        if existing is None:
            return records.insert(store, "period_reports", data)
        records.update(store, "period_reports", existing, data)
        return existing


def notable_initiatives(store: Store, period: Period, commune_id: int | None = None) -> list[dict]:
    """Initiatives marked notable that registered, were recognised or commended in the period."""
    return store.query(
        "SELECT i.id, i.name, i.kind, i.field, i.owner_name, i.position, i.results, i.method,"
        " i.money_vnd, i.jobs, i.income_vnd, i.households, c.name AS commune, v.name AS village"
        " FROM initiatives i LEFT JOIN areas c ON c.id = i.commune_id"
        " LEFT JOIN areas v ON v.id = i.village_id"
        " WHERE i.notable = 1 AND i.deleted_at IS NULL AND (:commune IS NULL OR i.commune_id = :commune)"
        " AND ((i.registered_on BETWEEN :start AND :end) OR (i.recognized_on BETWEEN :start AND :end)"
        "  OR (i.commended_on BETWEEN :start AND :end))"
        " ORDER BY i.field, i.name_sort",
        {"start": period.start.isoformat(), "end": period.end.isoformat(), "commune": commune_id})


def candidate_initiatives(store: Store, period: Period, commune_id: int | None = None) -> list[dict]:
    """The initiatives a report of the period can describe (registered, recognised or
    commended in it), with their notable flag, for the user to mark the notable ones."""
    return store.query(
        "SELECT i.id, i.name, i.kind, i.field, i.owner_name, i.status, i.notable, i.year,"
        " i.registered_on, i.recognized_on, i.commended_on, c.name AS commune"
        " FROM initiatives i LEFT JOIN areas c ON c.id = i.commune_id"
        " WHERE i.deleted_at IS NULL AND (:commune IS NULL OR i.commune_id = :commune)"
        " AND ((i.registered_on BETWEEN :start AND :end) OR (i.recognized_on BETWEEN :start AND :end)"
        "  OR (i.commended_on BETWEEN :start AND :end))"
        " ORDER BY i.field, i.name_sort",
        {"start": period.start.isoformat(), "end": period.end.isoformat(), "commune": commune_id})


def set_notable(store: Store, initiative_id: int, notable: bool) -> bool:
    """Mark an initiative notable (or not) for period reports; written to the audit log.
    Returns whether anything changed."""
    return bool(records.update(store, "initiatives", initiative_id, {"notable": int(bool(notable))}))
