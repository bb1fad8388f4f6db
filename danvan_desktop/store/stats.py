"""The figures of a period, computed in SQL: what the dashboard shows, what the report
prints and what ``danvan stats`` prints. Keys are the stable ASCII codes of CLI.md."""

from __future__ import annotations

from ..domain import vocab
from ..domain.periods import Period
from ..domain.text import vietnamese_key
from .db import Store


def _registered_counts(store: Store, params: dict) -> list[tuple[str, str, str, int, int]]:
    """(field, kind, status, commune_id, count) of the initiatives registered in the
    period: by date, or by year alone when only the year is known and the period covers
    that whole year. Two indexed queries rather than one OR that would scan the table."""
    area = "(:commune IS NULL OR commune_id = :commune)"
    groups = "GROUP BY field, kind, status, commune_id"
    rows = store.execute(
        f"SELECT field, kind, status, commune_id, count(*) FROM initiatives"
        f" WHERE registered_on BETWEEN :start AND :end AND deleted_at IS NULL AND {area}"
        f" {groups}", params).fetchall()
    if params["fy"] <= params["ly"]:
        rows += store.execute(
            f"SELECT field, kind, status, commune_id, count(*) FROM initiatives"
            f" WHERE registered_on IS NULL AND year BETWEEN :fy AND :ly AND deleted_at IS NULL"
            f" AND {area} {groups}", params).fetchall()
    return [tuple(r) for r in rows]


def compute(store: Store, period: Period, commune_id: int | None = None) -> dict:
    years = period.full_years or (1, 0)
    params: dict = {"start": period.start.isoformat(), "end": period.end.isoformat(),
                    "commune": commune_id, "fy": years[0], "ly": years[1]}

    by_field_kind = {f: dict.fromkeys(vocab.KINDS.codes, 0) for f in vocab.FIELDS.codes}
    by_status = dict.fromkeys(vocab.STATUSES.codes, 0)
    by_commune_id: dict[int, int] = {}
    for field, kind, status, commune, count in _registered_counts(store, params):
        by_field_kind[field][kind] += count
        by_status[status] += count
        by_commune_id[commune] = by_commune_id.get(commune, 0) + count
    by_field = {f: sum(kinds.values()) for f, kinds in by_field_kind.items()}
    by_kind = {k: sum(by_field_kind[f][k] for f in by_field_kind) for k in vocab.KINDS.codes}

    area = "(:commune IS NULL OR commune_id = :commune)"
    recognized = store.scalar(
        f"SELECT count(*) FROM initiatives WHERE recognized_on BETWEEN :start AND :end"
        f" AND deleted_at IS NULL AND {area}", params)
    commended = store.scalar(
        f"SELECT count(*) FROM initiatives WHERE commended_on BETWEEN :start AND :end"
        f" AND deleted_at IS NULL AND {area}", params)

    # Every active commune appears, with 0 when it registered nothing; a retired or
    # merged one only when it has records in the period.
    by_commune: dict[str, int] = {}
    names = {r[0]: r[1] for r in store.execute(
        "SELECT id, name FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
        " AND retired_on IS NULL AND (:commune IS NULL OR id = :commune)",
        params)}
    for commune in by_commune_id:
        if commune not in names:
            names[commune] = store.scalar("SELECT name FROM areas WHERE id = ?", (commune,))
    for commune, name in sorted(names.items(), key=lambda item: vietnamese_key(item[1])):
        by_commune[name] = by_commune.get(name, 0) + by_commune_id.get(commune, 0)

    return {
        "period": period.as_dict(),
        "initiatives": {
            "total": sum(by_field.values()),
            "by_field": by_field,
            "by_kind": by_kind,
            "by_field_kind": by_field_kind,
            "by_status": by_status,
            "recognized": recognized,
            "commended": commended,
            "by_commune": by_commune,
        },
        "campaigns": _campaigns(store, params),
        "contributions": _contributions(store, params),
        "households_benefited": store.scalar(
            "SELECT coalesce(sum(households_benefited), 0) FROM campaigns c"
            " WHERE c.deleted_at IS NULL AND (:commune IS NULL OR c.commune_id = :commune)"
            " AND c.status = 'hoan_thanh' AND c.finished_on BETWEEN :start AND :end", params),
    }


def _campaigns(store: Store, params: dict) -> dict:
    # A campaign belongs to a period while it runs in it: started by the end, and not
    # finished before the start. Undated plans count from when they get a date.
    where = ("c.deleted_at IS NULL AND (:commune IS NULL OR c.commune_id = :commune)"
             " AND c.started_on <= :end AND (c.finished_on IS NULL OR c.finished_on >= :start)")
    by_type = dict.fromkeys(vocab.CAMPAIGN_TYPES.codes, 0)
    for row in store.execute(
        f"SELECT c.type, count(*) FROM campaigns c WHERE {where} GROUP BY c.type", params
    ):
        by_type[row[0]] = row[1]
    started, completed, running = store.execute(
        f"SELECT sum(c.started_on >= :start),"
        f" sum(c.status = 'hoan_thanh' AND c.finished_on BETWEEN :start AND :end),"
        f" sum(c.status != 'hoan_thanh' OR c.finished_on > :end)"
        f" FROM campaigns c WHERE {where}", params,
    ).fetchone()
    return {
        "total": sum(by_type.values()),
        "started": started or 0,
        "running": running or 0,
        "completed": completed or 0,
        "by_type": by_type,
    }


def _contributions(store: Store, params: dict) -> dict:
    sums = {"tien": 0, "ngay_cong": 0, "dat": 0, "vat_tu": 0}
    by_source = dict.fromkeys(vocab.SOURCES.codes, 0)
    by_source_kind = {s: dict.fromkeys(sums, 0) for s in vocab.SOURCES.codes}
    for source, kind, money, quantity in store.execute(
        "SELECT k.source, k.kind, sum(k.amount_vnd), sum(k.quantity) FROM contributions k"
        " JOIN campaigns c ON c.id = k.campaign_id"
        " WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL"
        " AND (:commune IS NULL OR c.commune_id = :commune)"
        " AND k.on_date BETWEEN :start AND :end GROUP BY k.source, k.kind", params,
    ):
        value = int(money or 0) if kind in vocab.MONEY_KINDS else _number(quantity)
        sums[kind] += value
        by_source_kind[source][kind] = value
        if kind == "tien":
            by_source[source] += value
    return {
        "money_vnd": sums["tien"],
        "workdays": _number(sums["ngay_cong"]),
        "land_m2": _number(sums["dat"]),
        "materials_vnd": sums["vat_tu"],
        "by_source": by_source,
        "by_source_kind": by_source_kind,
    }


def _number(value) -> int | float:
    """Whole numbers print as integers in JSON (450, not 450.0)."""
    value = float(value or 0)
    return int(value) if value.is_integer() else round(value, 2)
