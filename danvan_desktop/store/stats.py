"""The figures of a period, computed in SQL: what the dashboard shows, what the report
prints and what ``danvan stats`` prints. Keys are the stable ASCII codes of CLI.md.

Several periods (the dashboard's period and the same period last year) can be computed
together: the queries that read a date range through an index run once per period, and
the two that must scan a whole table (campaigns, status history) run once for all of them.

Definitions (each one has an exact list filter, see store/initiatives.py and
store/campaigns.py, so that a click on a figure lists exactly the records behind it):

- registered: ``registered_on`` in the period; an initiative known only by its year
  counts when the period covers that whole year;
- recognised / commended: ``recognized_on`` / ``commended_on`` in the period;
- replicated (nhân rộng): the status history records a move to ``nhan_rong`` dated in
  the period (counted once per initiative, whenever it was registered);
- campaigns of the period: started by its end and not finished before its start;
  running = of those, not completed by the end of the period; completed = completed
  (``hoan_thanh``) with ``finished_on`` in the period;
- contributions: ledger rows dated in the period, of live campaigns;
- households benefited: of the campaigns completed in the period.
"""

from __future__ import annotations

import json

from ..domain import vocab
from ..domain.periods import Period
from ..domain.text import vietnamese_key
from .db import Store
from .packages import initiatives_by_sending_unit

_AREA = "(:commune IS NULL OR commune_id = :commune)"


def _params(period: Period, commune_id: int | None) -> dict:
    years = period.full_years or (1, 0)
    return {"start": period.start.isoformat(), "end": period.end.isoformat(),
            "commune": commune_id, "fy": years[0], "ly": years[1]}


def _registered_counts(store: Store, params: dict) -> list[tuple[str, str, str, int, int]]:
    """(field, kind, status, commune_id, count) of the initiatives registered in the
    period: by date, or by year alone when only the year is known and the period covers
    that whole year. Two indexed queries rather than one OR that would scan the table."""
    groups = "GROUP BY field, kind, status, commune_id"
    rows = store.execute(
        f"SELECT field, kind, status, commune_id, count(*) FROM initiatives"
        f" WHERE registered_on BETWEEN :start AND :end AND deleted_at IS NULL AND {_AREA}"
        f" {groups}", params).fetchall()
    if params["fy"] <= params["ly"]:
        rows += store.execute(
            f"SELECT field, kind, status, commune_id, count(*) FROM initiatives"
            f" WHERE registered_on IS NULL AND year BETWEEN :fy AND :ly AND deleted_at IS NULL"
            f" AND {_AREA} {groups}", params).fetchall()
    return [tuple(r) for r in rows]


# The figures come in two parts, which change with different records: an edit of an
# initiative leaves the campaign part of every period as it was, and the reverse.
PARTS = ("initiatives", "campaigns")
PART_KEYS = {"initiatives": ("initiatives",),
             "campaigns": ("campaigns", "contributions", "households_benefited")}


def compute(store: Store, period: Period, commune_id: int | None = None) -> dict:
    return compute_many(store, [period], commune_id)[0]


def compute_many(store: Store, periods: list[Period], commune_id: int | None = None,
                 parts: tuple[str, ...] = PARTS) -> list[dict]:
    """The figures of each period, in order (each as ``compute`` gives it), or only
    the ``parts`` asked for (with the period)."""
    results = [{"period": period.as_dict()} for period in periods]
    if "initiatives" in parts:
        replicated = _replicated(store, periods, commune_id)
        names = _commune_names(store, commune_id)
        for index, period in enumerate(periods):
            figures = _initiatives(store, _params(period, commune_id), names)
            figures["replicated"] = replicated[index]
            results[index]["initiatives"] = figures
    if "campaigns" in parts:
        campaigns = _campaigns(store, periods, commune_id)
        binned = json.dumps([r[0] for r in store.execute(
            "SELECT id FROM campaigns WHERE deleted_at IS NOT NULL")])
        for index, period in enumerate(periods):
            results[index]["campaigns"] = campaigns[index]["campaigns"]
            results[index]["contributions"] = _contributions(
                store, {**_params(period, commune_id), "binned": binned})
            results[index]["households_benefited"] = campaigns[index]["households_benefited"]
    return results


def _commune_names(store: Store, commune_id: int | None) -> dict[int, str]:
    return {r[0]: r[1] for r in store.execute(
        "SELECT id, name FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
        " AND retired_on IS NULL AND (:commune IS NULL OR id = :commune)",
        {"commune": commune_id})}


def _initiatives(store: Store, params: dict, active_names: dict[int, str]) -> dict:
    by_field_kind = {f: dict.fromkeys(vocab.KINDS.codes, 0) for f in vocab.FIELDS.codes}
    by_status = dict.fromkeys(vocab.STATUSES.codes, 0)
    by_commune_id: dict[int, int] = {}
    for field, kind, status, commune, count in _registered_counts(store, params):
        by_field_kind[field][kind] += count
        by_status[status] += count
        by_commune_id[commune] = by_commune_id.get(commune, 0) + count
    by_field = {f: sum(kinds.values()) for f, kinds in by_field_kind.items()}
    by_kind = {k: sum(by_field_kind[f][k] for f in by_field_kind) for k in vocab.KINDS.codes}

    recognized = _dated_count(store, "recognized_on", params)
    commended = _dated_count(store, "commended_on", params)

    # Every active commune appears, with 0 when it registered nothing; a retired or
    # merged one only when it has records in the period. Communes sharing a name (an old
    # one and its successor) are one line, whose ids are all kept in "communes".
    names = dict(active_names)
    for commune in by_commune_id:
        if commune not in names:
            names[commune] = store.scalar("SELECT name FROM areas WHERE id = ?", (commune,))
    lines: dict[str, dict] = {}
    for commune, name in sorted(names.items(), key=lambda item: vietnamese_key(item[1])):
        line = lines.setdefault(name, {"name": name, "ids": [], "count": 0})
        line["ids"].append(commune)
        line["count"] += by_commune_id.get(commune, 0)
    return {
        "total": sum(by_field.values()),
        "by_field": by_field,
        "by_kind": by_kind,
        "by_field_kind": by_field_kind,
        "by_status": by_status,
        "recognized": recognized,
        "commended": commended,
        "by_commune": {name: line["count"] for name, line in lines.items()},
        "communes": list(lines.values()),
        "by_sending_unit": initiatives_by_sending_unit(store, params, sum(by_field.values())),
    }


def _dated_count(store: Store, column: str, params: dict) -> int:
    """Live initiatives whose date ``column`` is in the period. For the whole district:
    all of them, read from the date's index alone, less the binned ones, read from the
    (small) index of the bin; rather than a look-up of every row to see if it is binned."""
    if params["commune"] is not None:
        return store.scalar(
            f"SELECT count(*) FROM initiatives WHERE {column} BETWEEN :start AND :end"
            f" AND deleted_at IS NULL AND commune_id = :commune", params)
    every = store.scalar(
        f"SELECT count(*) FROM initiatives WHERE {column} BETWEEN :start AND :end", params)
    binned = store.scalar(
        f"SELECT count(*) FROM initiatives WHERE deleted_at IS NOT NULL"
        f" AND +{column} BETWEEN :start AND :end", params)
    return every - binned


def _period_columns(periods: list[Period]) -> tuple[dict, list[str]]:
    params: dict = {}
    names = []
    for index, period in enumerate(periods):
        params[f"s{index}"] = period.start.isoformat()
        params[f"e{index}"] = period.end.isoformat()
        names.append(str(index))
    return params, names


def _replicated(store: Store, periods: list[Period], commune_id: int | None) -> list[int]:
    """Initiatives moved to "nhân rộng" in each period (by the status history's date).
    One pass over the history for all the periods."""
    params, ids = _period_columns(periods)
    params["commune"] = commune_id
    counts = ", ".join(
        f"count(DISTINCT CASE WHEN h.changed_on BETWEEN :s{i} AND :e{i} THEN h.initiative_id END)"
        for i in ids)
    within = " OR ".join(f"h.changed_on BETWEEN :s{i} AND :e{i}" for i in ids)
    row = store.execute(
        f"SELECT {counts} FROM initiative_status_history h"
        f" JOIN initiatives i ON i.id = h.initiative_id"
        f" WHERE h.to_status = 'nhan_rong' AND ({within}) AND i.deleted_at IS NULL"
        f" AND (:commune IS NULL OR i.commune_id = :commune)", params).fetchone()
    return [int(value or 0) for value in row]


def _campaigns(store: Store, periods: list[Period], commune_id: int | None) -> list[dict]:
    """Campaigns of each period. A campaign belongs to a period while it runs in it:
    started by the end, and not finished before the start. Undated plans count from when
    they get a date. One pass over the (small) campaigns table for all the periods: a
    scan reads it faster than the start-date index, which matches nearly every row."""
    params, ids = _period_columns(periods)
    params["commune"] = commune_id
    columns = []
    for i in ids:
        runs = f"(c.started_on <= :e{i} AND (c.finished_on IS NULL OR c.finished_on >= :s{i}))"
        done = f"(c.status = 'hoan_thanh' AND c.finished_on BETWEEN :s{i} AND :e{i})"
        columns += [
            f"sum({runs})",
            f"sum({runs} AND c.started_on >= :s{i})",
            f"sum({runs} AND {done})",
            f"sum({runs} AND (c.status != 'hoan_thanh' OR c.finished_on > :e{i}))",
            f"total(CASE WHEN {done} THEN c.households_benefited ELSE 0 END)",
        ]
    # Only the campaigns that can count in some period are summed (the sums cost more
    # than the test).
    params["first"] = min(p.start for p in periods).isoformat()
    params["last"] = max(p.end for p in periods).isoformat()
    rows = store.execute(
        f"SELECT c.type, {', '.join(columns)} FROM campaigns c"
        f" WHERE c.deleted_at IS NULL AND (:commune IS NULL OR c.commune_id = :commune)"
        f" AND (c.started_on <= :last AND (c.finished_on IS NULL OR c.finished_on >= :first)"
        f" OR c.status = 'hoan_thanh' AND c.finished_on BETWEEN :first AND :last)"
        f" GROUP BY c.type", params).fetchall()
    results = []
    for index in range(len(periods)):
        by_type = dict.fromkeys(vocab.CAMPAIGN_TYPES.codes, 0)
        sums = [0, 0, 0]
        households = 0
        for row in rows:
            values = [int(v or 0) for v in row[1 + 5 * index: 6 + 5 * index]]
            by_type[row[0]] += values[0]
            sums = [a + b for a, b in zip(sums, values[1:4], strict=True)]
            households += values[4]
        results.append({
            "campaigns": {"total": sum(by_type.values()), "started": sums[0],
                          "running": sums[2], "completed": sums[1], "by_type": by_type},
            "households_benefited": households,
        })
    return results


def _contributions(store: Store, params: dict) -> dict:
    sums = {"tien": 0, "ngay_cong": 0, "dat": 0, "vat_tu": 0}
    by_source = dict.fromkeys(vocab.SOURCES.codes, 0)
    by_source_kind = {s: dict.fromkeys(sums, 0) for s in vocab.SOURCES.codes}
    # Rows of live campaigns only. For the whole district, leaving out the (few) binned
    # campaigns (``binned``: their ids, a JSON list) costs less than looking up the
    # campaign of every row; for one commune, its campaigns' rows are read through the
    # campaign index.
    if params["commune"] is None:
        of_campaigns = ("k.campaign_id NOT IN (SELECT value FROM json_each(:binned))"
                        if params["binned"] != "[]" else "1")
    else:
        of_campaigns = ("k.campaign_id IN (SELECT id FROM campaigns WHERE commune_id = :commune"
                        " AND deleted_at IS NULL)")
    for source, kind, money, quantity in store.execute(
        # total(), not sum(): a float sum cannot overflow (exact below 2^53 đồng, far above
        # any office's figures); sum() fails for good once a sum passes 2^63.
        "SELECT k.source, k.kind, total(k.amount_vnd), total(k.quantity)"
        " FROM contributions k"
        f" WHERE k.deleted_at IS NULL AND k.on_date BETWEEN :start AND :end AND {of_campaigns}"
        " GROUP BY k.source, k.kind", params,
    ):
        value = round(money or 0) if kind in vocab.MONEY_KINDS else _number(quantity)
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


def registrations_by_year(store: Store, first_year: int, last_year: int,
                          commune_id: int | None = None) -> dict[int, int]:
    """Initiatives registered in each year (by their registration year), every year
    present even at 0."""
    counts = dict.fromkeys(range(first_year, last_year + 1), 0)
    # Two shapes so that SQLite picks the right index: the year index (covering for live
    # rows) for the whole district, the commune index for one commune.
    area = "AND commune_id = :commune" if commune_id is not None else ""
    for year, count in store.execute(
        f"SELECT year, count(*) FROM initiatives WHERE deleted_at IS NULL"
        f" AND year BETWEEN :first AND :last {area} GROUP BY year",
        {"first": first_year, "last": last_year, "commune": commune_id},
    ):
        counts[year] = count
    return counts


def _number(value) -> int | float:
    """Whole numbers print as integers in JSON (450, not 450.0)."""
    value = float(value or 0)
    return int(value) if value.is_integer() else round(value, 2)
