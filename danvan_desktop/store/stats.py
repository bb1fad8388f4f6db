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

import datetime as dt
import json

from ..domain import vocab
from ..domain.periods import Period
from ..domain.text import vietnamese_key
from . import commune_aggregates
from .db import Store
from .packages import initiatives_by_sending_unit

_AREA = "(:commune IS NULL OR commune_id = :commune)"
COMMUNE_CAMPAIGNS = "campaigns_live_commune_figures"  # one commune's live campaigns, covering


def _params(period: Period, commune_id: int | None) -> dict:
    years = period.full_years or (1, 0)
    return {"start": period.start.isoformat(), "end": period.end.isoformat(),
            "commune": commune_id, "fy": years[0], "ly": years[1]}


def _registered_counts(store: Store, params: dict, start: str, end: str,
                       year_only: bool = True) -> list[tuple[str, str, str, int, int]]:
    """(field, kind, status, commune_id, count) of the initiatives registered from
    ``start`` to ``end``: by date, or by year alone when only the year is known and the
    period covers that whole year. Two indexed queries rather than one OR that would scan
    the table. With ``as_they_were`` a record a merge moved counts in the commune it was
    registered in."""
    commune = ("coalesce(former_commune_id, commune_id)" if params.get("as_they_were")
               else "commune_id")
    groups = f"GROUP BY field, kind, status, {commune}"
    # Spelt out, not as _AREA's OR, so that one commune is read from its own index.
    area = "1" if params["commune"] is None else "commune_id = :commune"
    rows = store.execute(
        f"SELECT field, kind, status, {commune}, count(*) FROM initiatives"
        f" WHERE registered_on BETWEEN :a AND :b AND deleted_at IS NULL AND {area}"
        f" {groups}", {**params, "a": start, "b": end}).fetchall()
    if year_only and params["fy"] <= params["ly"]:
        rows += store.execute(
            f"SELECT field, kind, status, {commune}, count(*) FROM initiatives"
            f" WHERE registered_on IS NULL AND year BETWEEN :fy AND :ly AND deleted_at IS NULL"
            f" AND {area} {groups}", params).fetchall()
    return [tuple(r) for r in rows]


def _registered(store: Store, params: dict) -> tuple[list, list]:
    """The initiatives registered in the period, as two lists: (field, kind, status,
    count) and (commune_id, count). One commune's (and communes as they were before a
    merge) are read from its records; the whole
    district's whole months from the monthly counts (store/aggregates.py), and only the
    days at the period's edges from the records."""
    if params["commune"] is not None or params.get("as_they_were"):  # not in the counts
        joint = _registered_counts(store, params, params["start"], params["end"])
        return ([(f, k, s, n) for f, k, s, _c, n in joint], [(c, n) for *_x, c, n in joint])
    months, edges = whole_months(params["start"], params["end"])
    kinds: list = []
    communes: list = []
    for start, end in edges:
        joint = _registered_counts(store, params, start, end, year_only=False)
        kinds += [(f, k, s, n) for f, k, s, _c, n in joint]
        communes += [(c, n) for *_x, c, n in joint]
    where = []
    if months:
        where.append("month BETWEEN :m0 AND :m1")
    if params["fy"] <= params["ly"]:
        where.append("month = '' AND year BETWEEN :fy AND :ly")
    for condition in where:
        values = {**params, "m0": months[0], "m1": months[-1]} if months else params
        kinds += store.execute(
            f"SELECT field, kind, status, sum(n) FROM stats_registered_kinds WHERE {condition}"
            " GROUP BY field, kind, status", values).fetchall()
        communes += store.execute(
            f"SELECT commune_id, sum(n) FROM stats_registered_communes WHERE {condition}"
            " GROUP BY commune_id", values).fetchall()
    return kinds, communes


def whole_months(start: str, end: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The whole months from ``start`` to ``end`` (ISO dates), as ('YYYY-MM', 'YYYY-MM')
    or None, and the date ranges left over at either edge."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    month_start = first if first.day == 1 else _next_month(first)
    after_end = last + dt.timedelta(days=1)
    month_end = after_end if after_end.day == 1 else after_end.replace(day=1)
    if month_start >= month_end:
        return None, [(start, end)]
    edges = []
    if first < month_start:
        edges.append((start, (month_start - dt.timedelta(days=1)).isoformat()))
    if month_end <= last:
        edges.append((month_end.isoformat(), end))
    last_month = month_end - dt.timedelta(days=1)
    return (month_start.isoformat()[:7], last_month.isoformat()[:7]), edges


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# The figures come in two parts, which change with different records: an edit of an
# initiative leaves the campaign part of every period as it was, and the reverse.
PARTS = ("initiatives", "campaigns")
PART_KEYS = {"initiatives": ("initiatives",),
             "campaigns": ("campaigns", "contributions", "households_benefited")}


def compute(store: Store, period: Period, commune_id: int | None = None,
            as_they_were: bool = False) -> dict:
    return compute_many(store, [period], commune_id, as_they_were=as_they_were)[0]


def compute_many(store: Store, periods: list[Period], commune_id: int | None = None,
                 parts: tuple[str, ...] = PARTS, as_they_were: bool = False) -> list[dict]:
    """The figures of each period, in order (each as ``compute`` gives it), or only
    the ``parts`` asked for (with the period). Communes are today's: a commune merged into
    another counts in it (the line keeps every id it covers); ``as_they_were`` shows the
    pre-reform places as they were instead."""
    results = [{"period": period.as_dict()} for period in periods]
    if "initiatives" in parts:
        replicated = _replicated(store, periods, commune_id)
        names = _commune_names(store, commune_id)
        today = {} if as_they_were else _todays_units(store)
        for index, period in enumerate(periods):
            params = {**_params(period, commune_id), "as_they_were": as_they_were}
            figures = _initiatives(store, params, names, today)
            if as_they_were:  # its lines' ids are the communes records were registered in
                figures["as_they_were"] = True
            figures["replicated"] = replicated[index]
            results[index]["initiatives"] = figures
    if "campaigns" in parts:
        campaigns = _campaigns(store, periods, commune_id)
        binned = json.dumps([r[0] for r in store.execute(
            "SELECT id FROM campaigns WHERE deleted_at IS NOT NULL")])
        ledgers = (_commune_ledgers(store, periods, commune_id) if commune_id is not None
                   else [None] * len(periods))
        for index, period in enumerate(periods):
            results[index]["campaigns"] = campaigns[index]["campaigns"]
            results[index]["contributions"] = _contributions(
                store, {**_params(period, commune_id), "binned": binned}, ledgers[index])
            results[index]["households_benefited"] = campaigns[index]["households_benefited"]
    return results


def _commune_names(store: Store, commune_id: int | None) -> dict[int, str]:
    return {r[0]: r[1] for r in store.execute(
        "SELECT id, name FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
        " AND retired_on IS NULL AND (:commune IS NULL OR id = :commune)",
        {"commune": commune_id})}


def _todays_units(store: Store) -> dict[int, int]:
    """Each merged place → the place in use it went into (through several merges)."""
    into = dict(store.execute("SELECT id, merged_into_id FROM areas WHERE merged_into_id IS NOT NULL"
                              ).fetchall())
    today: dict[int, int] = {}
    for area in into:
        seen, current = {area}, into[area]
        while current in into and current not in seen:
            seen.add(current)
            current = into[current]
        today[area] = current
    return today


def _initiatives(store: Store, params: dict, active_names: dict[int, str],
                 today: dict[int, int] | None = None) -> dict:
    by_field_kind = {f: dict.fromkeys(vocab.KINDS.codes, 0) for f in vocab.FIELDS.codes}
    by_status = dict.fromkeys(vocab.STATUSES.codes, 0)
    by_commune_id: dict[int, int] = {}
    kinds, communes = _registered(store, params)
    for field, kind, status, count in kinds:
        by_field_kind[field][kind] += count
        by_status[status] += count
    for commune, count in communes:
        if count:
            by_commune_id[commune] = by_commune_id.get(commune, 0) + count
    by_field = {f: sum(kinds.values()) for f, kinds in by_field_kind.items()}
    by_kind = {k: sum(by_field_kind[f][k] for f in by_field_kind) for k in vocab.KINDS.codes}

    recognized = _dated_count(store, "recognized_on", params)
    commended = _dated_count(store, "commended_on", params)

    # Every active commune appears, with 0 when it registered nothing; a retired or
    # merged one only when it has records in the period. Communes sharing a name (an old
    # one and its successor) are one line, whose ids are all kept in "communes".
    names = dict(active_names)
    today = today or {}
    for commune in by_commune_id:
        if commune not in names and today.get(commune) not in names:
            names[commune] = store.scalar("SELECT name FROM areas WHERE id = ?", (commune,))
    lines: dict[str, dict] = {}
    for commune, name in sorted(names.items(), key=lambda item: vietnamese_key(item[1])):
        line = lines.setdefault(name, {"name": name, "ids": [], "count": 0})
        line["ids"].append(commune)
        line["count"] += by_commune_id.get(commune, 0)
    for commune, into in today.items():  # merged communes count in today's
        name = names.get(into)
        if name is not None and commune not in names:
            lines[name]["ids"].append(commune)
            lines[name]["count"] += by_commune_id.get(commune, 0)
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
    if params["commune"] is not None:  # the commune's dates, covering (SQLite would read
        # a large commune's commendations through the date's index: 12 → 77 ms at 1M)
        index = ("initiatives_live_commune_commended" if column == "commended_on"
                 else "initiatives_live_commune_dates")
        return store.scalar(
            f"SELECT count(*) FROM initiatives INDEXED BY {index}"
            f" WHERE {column} BETWEEN :start AND :end AND {column} IS NOT NULL"
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
    if commune_id is not None:
        # From whichever is fewer (CROSS JOIN keeps the order): the commune's initiatives
        # to their moves, or the period's moves to their initiatives (a large commune).
        params["first"] = min(p.start for p in periods).isoformat()
        params["last"] = max(p.end for p in periods).isoformat()
        moves = store.scalar(
            "SELECT count(*) FROM initiative_status_history WHERE to_status = 'nhan_rong'"
            " AND changed_on BETWEEN :first AND :last", params)
        initiatives = store.scalar(
            "SELECT count(*) FROM (SELECT 1 FROM initiatives WHERE commune_id = :commune"
            " AND deleted_at IS NULL LIMIT :moves)", {**params, "moves": moves + 1})
        # (each move's initiative checked in the index of live records' communes by id)
        joined = ("initiatives i CROSS JOIN initiative_status_history h" if initiatives <= moves
                  else "initiative_status_history h CROSS JOIN initiatives i"
                       " INDEXED BY initiatives_live_id_commune")
        row = store.execute(
            f"SELECT {counts} FROM {joined} ON h.initiative_id = i.id"
            f" WHERE h.to_status = 'nhan_rong' AND h.changed_on BETWEEN :first AND :last"
            f" AND ({within}) AND i.deleted_at IS NULL AND i.commune_id = :commune",
            params).fetchone()
        return [int(value or 0) for value in row]
    # The whole district: every move, read from the history's index alone, less the moves
    # of binned initiatives (few, found from the bin's index), rather than a look-up of
    # the initiative of every move.
    every = store.execute(
        f"SELECT {counts} FROM initiative_status_history h"
        f" WHERE h.to_status = 'nhan_rong' AND ({within})", params).fetchone()
    binned = store.execute(
        f"SELECT {counts} FROM initiatives i INDEXED BY initiatives_binned"
        f" JOIN initiative_status_history h ON h.initiative_id = i.id"
        f" WHERE i.deleted_at IS NOT NULL AND h.to_status = 'nhan_rong' AND ({within})",
        params).fetchone()
    return [int(a or 0) - int(b or 0) for a, b in zip(every, binned, strict=True)]


def _campaigns(store: Store, periods: list[Period], commune_id: int | None) -> list[dict]:
    """Campaigns of each period. A campaign belongs to a period while it runs in it:
    started by the end, and not finished before the start. Undated plans count from when
    they get a date. One pass over the (small) campaigns table for all the periods: a
    scan reads it faster than the start-date index, which matches nearly every row."""
    rows = _campaign_rows(store, periods, commune_id)
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


def _campaign_columns(ids: list[str], started: str, finished: str, completed: str,
                      weight: str, households: str) -> str:
    columns = []
    for i in ids:
        runs = f"({started} <= :e{i} AND ({finished} IS NULL OR {finished} >= :s{i}))"
        done = f"({completed} AND {finished} BETWEEN :s{i} AND :e{i})"
        columns += [
            f"sum({runs}{weight})",
            f"sum(({runs} AND {started} >= :s{i}){weight})",
            f"sum(({runs} AND {done}){weight})",
            f"sum(({runs} AND (NOT {completed} OR {finished} > :e{i})){weight})",
            f"total(CASE WHEN {done} THEN {households} ELSE 0 END)",
        ]
    return ", ".join(columns)


def _campaign_rows(store: Store, periods: list[Period], commune_id: int | None) -> list:
    """(type, then for each period: running, started, completed, still running,
    households benefited). For the whole district and periods of whole months, from the
    campaigns counted by month started and finished (store/aggregates.py), where each
    test by date is the same test by month."""
    params, ids = _period_columns(periods)
    params["commune"] = commune_id
    bounds = [whole_months(p.start.isoformat(), p.end.isoformat()) for p in periods]
    if commune_id is None and all(months and not edges for months, edges in bounds):
        for index, (months, _edges) in enumerate(bounds):
            params[f"s{index}"], params[f"e{index}"] = months
        params["first"] = min(months[0] for months, _edges in bounds)
        params["last"] = max(months[1] for months, _edges in bounds)
        columns = _campaign_columns(ids, "nullif(c.started, '')", "nullif(c.finished, '')",
                                    "c.completed",
                                    " * c.n", "c.households")
        # Undated plans ('') count in no period: left out with those that cannot count.
        return store.execute(
            f"SELECT c.type, {columns} FROM stats_campaigns c"
            " WHERE c.started BETWEEN '0' AND :last AND (c.finished = '' OR c.finished >= :first)"
            " OR c.completed AND c.finished BETWEEN :first AND :last"
            " GROUP BY c.type", params).fetchall()
    columns = _campaign_columns(ids, "c.started_on", "c.finished_on", "c.status = 'hoan_thanh'",
                                "", "c.households_benefited")
    # Only the campaigns that can count in some period are summed (the sums cost more
    # than the test).
    params["first"] = min(p.start for p in periods).isoformat()
    params["last"] = max(p.end for p in periods).isoformat()
    # One commune's from its covering index (SQLite would pick the plain commune index and
    # look up every campaign).
    area = "1" if commune_id is None else "c.commune_id = :commune"
    table = "campaigns c" if commune_id is None else f"campaigns c INDEXED BY {COMMUNE_CAMPAIGNS}"
    return store.execute(
        f"SELECT c.type, {columns} FROM {table}"
        f" WHERE c.deleted_at IS NULL AND {area}"
        f" AND (c.started_on <= :last AND (c.finished_on IS NULL OR c.finished_on >= :first)"
        f" OR c.status = 'hoan_thanh' AND c.finished_on BETWEEN :first AND :last)"
        f" GROUP BY c.type", params).fetchall()


def _contributions(store: Store, params: dict, rows: list[tuple] | None = None) -> dict:
    """The period's contributions summed; ``rows`` (source, kind, money, quantity) when
    read already (one commune's, for several periods at once)."""
    sums = {"tien": 0, "ngay_cong": 0, "dat": 0, "vat_tu": 0}
    by_source = dict.fromkeys(vocab.SOURCES.codes, 0)
    by_source_kind = {s: dict.fromkeys(sums, 0) for s in vocab.SOURCES.codes}
    totals: dict[tuple[str, str], list[float]] = {}
    for source, kind, money, quantity in (_contribution_rows(store, params) if rows is None else rows):
        total = totals.setdefault((source, kind), [0, 0.0])
        total[0] += money or 0
        total[1] += quantity or 0
    for (source, kind), (money, quantity) in totals.items():
        # Rounded to a millionth first: sums kept up by adding and taking away carry
        # float noise far below the two decimals shown.
        value = round(money) if kind in vocab.MONEY_KINDS else _number(round(quantity, 6))
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


def _contribution_rows(store: Store, params: dict) -> list[tuple]:
    """(source, kind, money, quantity) sums of the period's contributions, in parts: for
    the whole district, its whole months from the monthly counts (store/aggregates.py)
    and the days at its edges from the ledger; for one commune, from the ledger."""
    if params["commune"] is not None:
        return _ledger_rows(store, params, params["start"], params["end"])
    months, edges = whole_months(params["start"], params["end"])
    rows = []
    for start, end in edges:
        rows += _ledger_rows(store, params, start, end)
    if months:
        rows += store.execute(
            "SELECT source, kind, total(money), total(quantity) FROM stats_contributions"
            " WHERE month BETWEEN ? AND ? GROUP BY source, kind", months).fetchall()
    return rows


def _commune_ledgers(store: Store, periods: list[Period], commune_id: int) -> list[list[tuple]]:
    """One commune's contributions for each period, as (source, kind, money, quantity):
    its whole months from its monthly sums (store/commune_aggregates.py), the days at the
    period's edges from its campaigns' ledgers."""
    results = []
    for period in periods:
        params = _params(period, commune_id)
        months, edges = whole_months(params["start"], params["end"])
        rows = commune_aggregates.months_of(store, commune_id, *months) if months else []
        for start, end in edges:
            rows += _ledger_rows(store, params, start, end)
        results.append(rows)
    return results


def _ledger_rows(store: Store, params: dict, start: str, end: str) -> list[tuple]:
    # Rows of live campaigns only. For the whole district, leaving out the (few) binned
    # campaigns (``binned``: their ids, a JSON list) costs less than looking up the
    # campaign of every row; for one commune, its campaigns' rows are read through the
    # campaigns' covering index.
    if params["commune"] is None:
        of_campaigns = ("k.campaign_id NOT IN (SELECT value FROM json_each(:binned))"
                        if params["binned"] != "[]" else "1")
    else:
        of_campaigns = (f"k.campaign_id IN (SELECT id FROM campaigns INDEXED BY {COMMUNE_CAMPAIGNS}"
                        " WHERE commune_id = :commune AND deleted_at IS NULL)")
    return store.execute(
        # total(), not sum(): a float sum cannot overflow (exact below 2^53 đồng, far above
        # any office's figures); sum() fails for good once a sum passes 2^63.
        "SELECT k.source, k.kind, total(k.amount_vnd), total(k.quantity)"
        " FROM contributions k"
        f" WHERE k.deleted_at IS NULL AND k.on_date BETWEEN :a AND :b AND {of_campaigns}"
        " GROUP BY k.source, k.kind", {**params, "a": start, "b": end}).fetchall()


def registrations_by_year(store: Store, first_year: int, last_year: int,
                          commune_id: int | None = None) -> dict[int, int]:
    """Initiatives registered in each year (by their registration year), every year
    present even at 0."""
    counts = dict.fromkeys(range(first_year, last_year + 1), 0)
    # The whole district's from the monthly counts (store/aggregates.py); one commune's
    # from its records, through the commune index.
    if commune_id is None:
        query = ("SELECT year, sum(n) FROM stats_registered_kinds"
                 " WHERE year BETWEEN :first AND :last GROUP BY year")
    else:
        query = ("SELECT year, count(*) FROM initiatives WHERE deleted_at IS NULL"
                 " AND year BETWEEN :first AND :last AND commune_id = :commune GROUP BY year")
    for year, count in store.execute(
            query, {"first": first_year, "last": last_year, "commune": commune_id}):
        counts[year] = count
    return counts


def _number(value) -> int | float:
    """Whole numbers print as integers in JSON (450, not 450.0)."""
    value = float(value or 0)
    return int(value) if value.is_integer() else round(value, 2)


NO_VILLAGE = "Không ghi thôn, xóm"


def registered_by_village(store: Store, period: Period, commune_id: int | None = None) -> dict[str, int]:
    """A commune office's figures by village: initiatives registered in the period per
    village (``Không ghi thôn, xóm`` for those without), in Vietnamese order."""
    return {line["name"]: line["count"] for line in village_lines(store, period, commune_id)}


def village_lines(store: Store, period: Period, commune_id: int | None = None) -> list[dict]:
    """The same as lines ``{"name", "ids", "count"}`` (ids ``[0]``: no village), as the
    dashboard's chart and its list links read them."""
    params = _params(period, commune_id)
    counts: dict[int | None, int] = {}
    for sql in (f"SELECT village_id, count(*) FROM initiatives WHERE registered_on BETWEEN :start AND :end"
                f" AND deleted_at IS NULL AND {_AREA} GROUP BY village_id",
                f"SELECT village_id, count(*) FROM initiatives WHERE registered_on IS NULL"
                f" AND year BETWEEN :fy AND :ly AND deleted_at IS NULL AND {_AREA} GROUP BY village_id"):
        for village, count in store.execute(sql, params).fetchall():
            counts[village] = counts.get(village, 0) + count
    names = {r[0]: r[1] for r in store.execute(
        "SELECT id, name FROM areas WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps([v for v in counts if v is not None]),))}
    from .catalog import area_sort_key  # Tổ dân phố 2 before Tổ dân phố 10

    named = sorted(((v, c) for v, c in counts.items() if v is not None),
                   key=lambda item: area_sort_key(names[item[0]]))
    lines = [{"name": names[v], "ids": [v], "count": c} for v, c in named]
    if None in counts:
        lines.append({"name": NO_VILLAGE, "ids": [0], "count": counts[None]})
    return lines
