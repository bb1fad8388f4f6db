"""Village campaigns (cuộc vận động, công trình) and their contributions ledger."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..domain import vocab
from ..domain.entities import Campaign, Contribution
from ..domain.text import fold, search_tokens
from ..domain.validation import (
    FieldError,
    ValidationError,
    validate_campaign,
    validate_contribution,
)
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


LEDGER_FIELD_PREFIX = "ledger"


def ledger_field(number: int, field: str) -> str:
    """The field name a ledger row's error carries: ``ledger:3:amount_vnd`` (1-based row)."""
    return f"{LEDGER_FIELD_PREFIX}:{number}:{field}"


def parse_ledger_field(name: str) -> tuple[int, str] | None:
    """``ledger:3:amount_vnd`` → ``(3, "amount_vnd")``; None for a campaign field."""
    parts = name.split(":")
    if len(parts) == 3 and parts[0] == LEDGER_FIELD_PREFIX and parts[1].isdigit():
        return int(parts[1]), parts[2]
    return None


def save_campaign(store: Store, item: Campaign,
                  contributions: list[Contribution] | None = None) -> Campaign:
    """Validate the campaign and (if given) its whole ledger, then write both in one
    transaction: the ledger given replaces the one stored. Every problem is reported at
    once; a ledger row's errors name the row (``Dòng đóng góp 3: …``, field
    ``ledger:3:amount_vnd``)."""
    errors: list[FieldError] = []
    try:
        item = validate_campaign(item)
    except ValidationError as exc:
        errors += exc.errors
    checked: list[Contribution] = []
    for number, row in enumerate(contributions or [], start=1):
        row.campaign_id = item.id or -1  # validated before the campaign has an id
        try:
            checked.append(validate_contribution(row))
        except ValidationError as exc:
            errors += [FieldError(ledger_field(number, e.field), f"Dòng đóng góp {number}: {e.message}")
                       for e in exc.errors]
    if errors:  # every problem at once; nothing has been written
        raise ValidationError(errors)
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


def delete_campaigns(store: Store, ids: list[int]) -> int:
    """Move campaigns to the bin (their ledgers stay with them, for a restore)."""
    return records.soft_delete(store, "campaigns", ids)


def restore_campaigns(store: Store, ids: list[int]) -> int:
    return records.restore(store, "campaigns", ids)


# --- The list ------------------------------------------------------------------------------


@dataclass
class CampaignFilter:
    text: str = ""
    commune_id: int | None = None
    type: str | None = None
    status: str | None = None
    year: int | None = None  # the year the campaign started
    in_bin: bool = False
    # Exactly the campaigns behind a figure of the dashboard (store/stats.py); dates are
    # ISO text, inclusive. Runs in a period: started by its end, not finished before its
    # start. Finished: completed with a completion date in the range. Unfinished at a
    # date: not completed, or completed after it.
    runs_from: str | None = None
    runs_to: str | None = None
    finished_from: str | None = None
    finished_to: str | None = None
    unfinished_at: str | None = None
    # Has ledger rows dated in the range (of this source / kind, when given).
    contributed_from: str | None = None
    contributed_to: str | None = None
    contribution_source: str | None = None
    contribution_kind: str | None = None


# Money raised: the "tiền" rows of the ledger (materials are valued apart).
# total() cannot overflow where SUM() would fail for good (see store/stats.py).
_RAISED = ("(SELECT CAST(TOTAL(t.amount_vnd) AS INTEGER) FROM contributions t"
           " WHERE t.campaign_id = k.id AND t.kind = 'tien' AND t.deleted_at IS NULL)")


def _vocab_order(column: str, codes: list[str]) -> str:
    """Sort a code column in the vocabulary's order (the codes are constants, not user text)."""
    whens = " ".join(f"WHEN '{code}' THEN {rank}" for rank, code in enumerate(codes))
    return f"CASE {column} {whens} ELSE {len(codes)} END"


# Sortable columns of the list → SQL. Names sort by their folded key (case and
# diacritics ignored), then by the text itself.
SORT_COLUMNS = {
    "id": "k.id",
    "title": "k.search_key",
    "type": _vocab_order("k.type", vocab.CAMPAIGN_TYPES.codes),
    "commune": "c.search_key",
    "village": "v.search_key",
    "started_on": "k.started_on",
    "finished_on": "k.finished_on",
    "status": _vocab_order("k.status", vocab.CAMPAIGN_STATUSES.codes),
    "estimate_vnd": "k.estimate_vnd",
    "raised_vnd": _RAISED,
    "raised_ratio": f"(CAST({_RAISED} AS REAL) / NULLIF(k.estimate_vnd, 0))",
}

_FROM = (" FROM campaigns k LEFT JOIN areas c ON c.id = k.commune_id"
         " LEFT JOIN areas v ON v.id = k.village_id")


def _like(token: str) -> str:
    """A folded word as a LIKE pattern matching it anywhere (``%`` and ``_`` kept literal)."""
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(flt: CampaignFilter) -> tuple[str, list]:
    clauses = ["k.deleted_at IS NOT NULL" if flt.in_bin else "k.deleted_at IS NULL"]
    params: list = []
    # Every word of the search box must appear in the title, the village or the commune,
    # ignoring case, diacritics and đ/d (the keys are folded, and so is the query).
    for token in search_tokens(flt.text):
        clauses.append("(k.search_key LIKE ? ESCAPE '\\' OR v.search_key LIKE ? ESCAPE '\\'"
                       " OR c.search_key LIKE ? ESCAPE '\\')")
        params += [_like(token)] * 3
    for name in ("commune_id", "type", "status"):
        value = getattr(flt, name)
        if value is not None and value != "":
            clauses.append(f"k.{name} = ?")
            params.append(value)
    if flt.year:
        clauses.append("substr(k.started_on, 1, 4) = ?")
        params.append(f"{int(flt.year):04d}")
    if flt.runs_from or flt.runs_to:
        clauses.append("k.started_on <= ? AND (k.finished_on IS NULL OR k.finished_on >= ?)")
        params += [flt.runs_to or "9999-12-31", flt.runs_from or "0001-01-01"]
    if flt.finished_from or flt.finished_to:
        clauses.append("k.status = 'hoan_thanh' AND k.finished_on BETWEEN ? AND ?")
        params += [flt.finished_from or "0001-01-01", flt.finished_to or "9999-12-31"]
    if flt.unfinished_at:
        clauses.append("(k.status != 'hoan_thanh' OR k.finished_on > ?)")
        params.append(flt.unfinished_at)
    if flt.contributed_from or flt.contributed_to:
        ledger = ["t.campaign_id = k.id", "t.deleted_at IS NULL", "t.on_date BETWEEN ? AND ?"]
        params += [flt.contributed_from or "0001-01-01", flt.contributed_to or "9999-12-31"]
        for column, value in (("source", flt.contribution_source), ("kind", flt.contribution_kind)):
            if value:
                ledger.append(f"t.{column} = ?")
                params.append(value)
        clauses.append(f"EXISTS (SELECT 1 FROM contributions t WHERE {' AND '.join(ledger)})")
    return " AND ".join(clauses), params


def query_ids(store: Store, flt: CampaignFilter | None = None, sort: str = "id",
              descending: bool = False) -> list[int]:
    """The ids of the matching campaigns, in the order asked for (sorted in SQL)."""
    where, params = _where(flt or CampaignFilter())
    order = SORT_COLUMNS.get(sort, "k.id")
    direction = "DESC" if descending else "ASC"
    sql = (f"SELECT k.id{_FROM} WHERE {where}"
           f" ORDER BY {order} {direction}, k.title {direction}, k.id {direction}")
    return [r[0] for r in store.execute(sql, params).fetchall()]


def list_rows(store: Store, ids: list[int]) -> dict[int, dict]:
    """The list's rows for the given ids (a page of the table at a time): the campaign's
    columns, its commune and village names, and the money raised (``raised_vnd``)."""
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    rows = store.query(
        "SELECT k.id, k.title, k.type, k.status, k.started_on, k.finished_on, k.estimate_vnd,"
        " k.commune_id, k.village_id, k.deleted_at, c.name AS commune, v.name AS village,"
        f" {_RAISED} AS raised_vnd{_FROM} WHERE k.id IN ({marks})", ids)
    return {r["id"]: r for r in rows}


def campaign_years(store: Store, in_bin: bool = False) -> list[int]:
    """The years campaigns started in, newest first (for the year filter)."""
    deleted = "IS NOT NULL" if in_bin else "IS NULL"
    rows = store.execute(
        "SELECT DISTINCT CAST(substr(started_on, 1, 4) AS INTEGER) FROM campaigns"
        f" WHERE started_on IS NOT NULL AND deleted_at {deleted} ORDER BY 1 DESC").fetchall()
    return [r[0] for r in rows if r[0]]


def initiative_choices(store: Store, commune_id: int | None,
                       keep_id: int | None = None) -> list[dict]:
    """Initiatives a campaign can be linked to: those of the commune (newest first), and
    the one already linked even when it is elsewhere or in the bin."""
    rows = []
    if commune_id is not None:
        rows = store.query(
            "SELECT id, name, year FROM initiatives WHERE commune_id = ? AND deleted_at IS NULL"
            " ORDER BY year DESC, name_sort, id", (commune_id,))
    if keep_id is not None and all(r["id"] != keep_id for r in rows):
        rows = store.query("SELECT id, name, year FROM initiatives WHERE id = ?", (keep_id,)) + rows
    return rows
