"""Village campaigns (cuộc vận động, công trình) and their contributions ledger."""

from __future__ import annotations

from dataclasses import asdict

from ..domain.entities import Campaign, Contribution
from ..domain.text import fold
from ..domain.validation import validate_campaign, validate_contribution
from . import records
from .db import Store

_CAMPAIGN_FIELDS = [
    "title", "type", "commune_id", "village_id", "status", "started_on", "finished_on",
    "estimate_vnd", "length_m", "width_before_m", "width_after_m", "households_benefited",
    "households_poor", "households_near_poor", "households_asked", "households_agreed",
    "initiative_id", "notes",
]
_CONTRIBUTION_FIELDS = [
    "campaign_id", "on_date", "source", "contributor", "kind", "amount_vnd", "quantity", "note",
]


def save_campaign(store: Store, item: Campaign,
                  contributions: list[Contribution] | None = None) -> Campaign:
    """Validate the campaign and (if given) its whole ledger, then write both in one
    transaction: the ledger given replaces the one stored."""
    item = validate_campaign(item)
    checked: list[Contribution] = []
    if contributions is not None:
        for row in contributions:
            row.campaign_id = item.id or -1  # validated before the campaign has an id
            checked.append(validate_contribution(row))
    with store.atomic():
        data = {k: getattr(item, k) for k in _CAMPAIGN_FIELDS}
        data["search_key"] = fold(item.title)
        if item.id is None:
            item.id = records.insert(store, "campaigns", data)
        else:
            records.update(store, "campaigns", item.id, data)
        if contributions is not None:
            _replace_ledger(store, item.id, checked)
    return get_campaign(store, item.id)


def _replace_ledger(store: Store, campaign_id: int, rows: list[Contribution]) -> None:
    kept = set()
    for row in rows:
        row.campaign_id = campaign_id
        data = {k: getattr(row, k) for k in _CONTRIBUTION_FIELDS}
        if row.id is None:
            row.id = records.insert(store, "contributions", data)
        else:
            records.update(store, "contributions", row.id, data)
        kept.add(row.id)
    stale = [r[0] for r in store.execute(
        "SELECT id FROM contributions WHERE campaign_id = ? AND deleted_at IS NULL",
        (campaign_id,)).fetchall() if r[0] not in kept]
    records.soft_delete(store, "contributions", stale)


def add_contribution(store: Store, row: Contribution) -> int:
    row = validate_contribution(row)
    return records.insert(store, "contributions",
                          {k: getattr(row, k) for k in _CONTRIBUTION_FIELDS})


def get_campaign(store: Store, campaign_id: int) -> Campaign:
    row = records.get(store, "campaigns", campaign_id)
    if row is None:
        raise KeyError(f"Không tìm thấy cuộc vận động số {campaign_id}.")
    return Campaign.from_row(row)


def contributions_of(store: Store, campaign_id: int) -> list[Contribution]:
    rows = store.query(
        "SELECT * FROM contributions WHERE campaign_id = ? AND deleted_at IS NULL"
        " ORDER BY on_date, id", (campaign_id,))
    return [Contribution.from_row(r) for r in rows]


def ledger_totals(rows: list[Contribution]) -> dict:
    """Totals per kind and, for money, per source: what the form shows live."""
    totals = {"tien": 0, "vat_tu": 0, "ngay_cong": 0.0, "dat": 0.0}
    by_source: dict[str, int] = {}
    for row in rows:
        if row.kind in ("tien", "vat_tu"):
            totals[row.kind] += int(row.amount_vnd or 0)
            if row.kind == "tien":
                by_source[row.source] = by_source.get(row.source, 0) + int(row.amount_vnd or 0)
        else:
            totals[row.kind] += float(row.quantity or 0)
    return {"by_kind": totals, "money_by_source": by_source}


def as_dict(item: Campaign) -> dict:
    return asdict(item)
