"""Initiatives (mô hình, điển hình): saving with validation and status history,
reading, and the list query (search and filters in SQL, ids first, rows on demand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from ..domain.entities import REGISTRATION_NUMBERS, REGISTRATION_TEXTS, Initiative
from ..domain.lifecycle import dates_to_fill
from ..domain.periods import Period
from ..domain.text import fold, list_sort_key, search_tokens, sort_text
from ..domain.validation import validate_initiative
from . import records
from .catalog import ensure_organization, ensure_person
from .db import Store

TABLE = "initiatives"
_FORM_FIELDS = [
    "name", "kind", "field", "organization_id", "person_id", "owner_name", "position",
    "commune_id", "village_id", "year", "registered_on", "themed_year", "status", "level",
    "recognized_on", "commended_on", "method", "results", "money_vnd", "jobs", "income_vnd",
    "households", "notes", "notable", *REGISTRATION_TEXTS, *REGISTRATION_NUMBERS,
]


def _area_names(store: Store, *ids: int | None) -> list[str]:
    names = []
    for area_id in ids:
        if area_id is not None:
            names.append(store.scalar("SELECT name FROM areas WHERE id = ?", (area_id,)) or "")
    return names


def search_key(store: Store, item: Initiative) -> str:
    parts = [item.name, item.owner_name, item.position,
             *_area_names(store, item.commune_id, item.village_id)]
    return fold(" ".join(p for p in parts if p))


def save_initiative(store: Store, item: Initiative, *, status_note: str = "",
                    today: dt.date | None = None, reload: bool = True) -> Initiative:
    """Validate, then insert or update in one transaction; a changed status is written
    to the history with who and when. Returns the record as stored (``reload=False``:
    the record given, with its id, for bulk imports that do not need it read back)."""
    today_iso = (today or dt.date.today()).isoformat()
    # A recognised or commended initiative carries the date it happened on, which the
    # figures of a period count by. The window and the import fill it visibly before
    # they get here; this is for the command line, which prints the record it saved.
    for name, value in dates_to_fill(item.status, item.recognized_on, item.commended_on,
                                     today or dt.date.today()).items():
        setattr(item, name, value)
    item = validate_initiative(item)
    with store.atomic():
        # The owner is found (or added to the catalogue) by its name each time, so that
        # renaming the owner in the form links the right organisation or person.
        if item.kind == "tap_the":
            item.organization_id = ensure_organization(store, item.owner_name,
                                                       area_id=item.commune_id)
            item.person_id = None
        else:
            item.person_id = ensure_person(store, item.owner_name, item.position,
                                           area_id=item.commune_id)
            item.organization_id = None
        data = {k: getattr(item, k) for k in _FORM_FIELDS}
        data["notable"] = int(bool(item.notable))
        data["search_key"] = search_key(store, item)
        data["name_sort"] = sort_text(item.name)
        data["owner_sort"] = sort_text(item.owner_name)
        if item.id is None:
            item.id = records.insert(store, TABLE, data)
            _history(store, item.id, None, item.status, today_iso, status_note)
        else:
            old_status = store.scalar("SELECT status FROM initiatives WHERE id = ?", (item.id,))
            records.update(store, TABLE, item.id, data)
            if old_status != item.status:
                _history(store, item.id, old_status, item.status, today_iso, status_note)
    return get_initiative(store, item.id) if reload else item


def _history(store: Store, initiative_id: int, from_status: str | None, to_status: str,
             on: str, note: str) -> None:
    store.execute(
        "INSERT INTO initiative_status_history"
        " (uuid, initiative_id, from_status, to_status, changed_on, user, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (records.new_uuid(), initiative_id, from_status, to_status, on, store.user, note))


def get_initiative(store: Store, initiative_id: int) -> Initiative:
    row = records.get(store, TABLE, initiative_id)
    if row is None:
        raise KeyError(f"Không tìm thấy mô hình số {initiative_id}.")
    item = Initiative.from_row(row)
    item.notable = bool(item.notable)
    return item


def status_history(store: Store, initiative_id: int) -> list[dict]:
    return store.query(
        "SELECT from_status, to_status, changed_on, user, note FROM initiative_status_history"
        " WHERE initiative_id = ? ORDER BY id", (initiative_id,))


def delete_initiatives(store: Store, ids: list[int]) -> int:
    return records.soft_delete(store, TABLE, ids)


def restore_initiatives(store: Store, ids: list[int]) -> int:
    return records.restore(store, TABLE, ids)


# --- The list ------------------------------------------------------------------------------


@dataclass
class InitiativeFilter:
    text: str = ""
    year: int | None = None
    quarter: int | None = None
    field: str | None = None
    kind: str | None = None
    status: str | None = None
    commune_id: int | None = None
    in_bin: bool = False
    # Exactly the records behind a figure of the dashboard (store/stats.py), dates
    # inclusive (dt.date or ISO text). Registered in a range: by date, or by year alone
    # for an undated record when the range covers that whole year.
    registered_from: dt.date | str | None = None
    registered_to: dt.date | str | None = None
    recognized_from: dt.date | str | None = None
    recognized_to: dt.date | str | None = None
    commended_from: dt.date | str | None = None
    commended_to: dt.date | str | None = None
    # Moved to "nhân rộng" in the range, by the status history's date.
    replicated_from: dt.date | str | None = None
    replicated_to: dt.date | str | None = None
    level: str | None = None
    commune_ids: tuple[int, ...] = ()  # one of these communes (empty: no condition)
    not_commune_ids: tuple[int, ...] = ()  # none of these communes
    # commune_ids / not_commune_ids name the communes records were registered in, before
    # a merge (the 2025 reform) moved them: the dashboard's "as they were" figures.
    as_they_were: bool = False
    # A commune office's figures by village (0: records with no village).
    village_ids: tuple[int, ...] = ()
    not_village_ids: tuple[int, ...] = ()
    # The office the records came from in a data package (0: this office's own).
    sending_unit: int | None = None

    def has_dates(self) -> bool:
        return any(getattr(self, f"{name}_{end}") for name in _DATED for end in ("from", "to"))


_DATED = ("registered", "recognized", "commended", "replicated")


def _iso(value: dt.date | str | None, default: str) -> str:
    if value is None or value == "":
        return default
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _date_range(flt: InitiativeFilter, name: str) -> tuple[str, str] | None:
    start, end = getattr(flt, f"{name}_from"), getattr(flt, f"{name}_to")
    if not start and not end:
        return None
    return _iso(start, "0001-01-01"), _iso(end, "9999-12-31")


# Sortable columns of the list → SQL (the names map onto the columns a user clicks).
SORT_COLUMNS = {
    "name": "i.name_sort", "kind": "i.kind", "field": "i.field", "owner_name": "i.owner_sort",
    "place": "c.search_key", "year": "i.year", "status": "i.status", "level": "i.level",
    "registered_on": "i.registered_on", "id": "i.id",
}


def fts_query(text: str) -> str:
    """A search box's words as an FTS5 prefix query over the folded key."""
    return " ".join(f'"{t}"*' for t in search_tokens(text))


def _where(flt: InitiativeFilter) -> tuple[str, list]:
    clauses = ["i.deleted_at IS NOT NULL" if flt.in_bin else "i.deleted_at IS NULL"]
    params: list = []
    query = fts_query(flt.text)
    if query:
        clauses.append("i.id IN (SELECT rowid FROM initiatives_fts WHERE initiatives_fts MATCH ?)")
        params.append(query)
    if flt.year:
        clauses.append("i.year = ?")
        params.append(flt.year)
        if flt.quarter:
            first = (flt.quarter - 1) * 3 + 1
            clauses.append("CAST(substr(i.registered_on, 6, 2) AS INTEGER) BETWEEN ? AND ?")
            params += [first, first + 2]
    for name in ("field", "kind", "status", "commune_id", "level"):
        value = getattr(flt, name)
        if value is not None and value != "":
            clauses.append(f"i.{name} = ?")
            params.append(value)
    for name, ids in (("IN", flt.commune_ids), ("NOT IN", flt.not_commune_ids)):
        if ids:
            column = "coalesce(i.former_commune_id, i.commune_id)" if flt.as_they_were else "i.commune_id"
            clauses.append(f"{column} {name} ({','.join('?' for _ in ids)})")
            params += list(ids)
    for name, ids in (("IN", flt.village_ids), ("NOT IN", flt.not_village_ids)):
        if ids:
            clauses.append(f"coalesce(i.village_id, 0) {name} ({','.join('?' for _ in ids)})")
            params += list(ids)
    if flt.sending_unit is not None:
        clauses.append("i.origin_office_id IS NULL" if flt.sending_unit == 0
                       else "i.origin_office_id = ?")
        params += [] if flt.sending_unit == 0 else [flt.sending_unit]
    registered = _date_range(flt, "registered")
    if registered:
        years = Period(dt.date.fromisoformat(registered[0]), dt.date.fromisoformat(registered[1]),
                       "").full_years
        if years:
            clauses.append("(i.registered_on BETWEEN ? AND ?"
                           " OR i.registered_on IS NULL AND i.year BETWEEN ? AND ?)")
            params += [*registered, *years]
        else:
            clauses.append("i.registered_on BETWEEN ? AND ?")
            params += registered
    for name in ("recognized", "commended"):
        dates = _date_range(flt, name)
        if dates:
            clauses.append(f"i.{name}_on BETWEEN ? AND ?")
            params += dates
    replicated = _date_range(flt, "replicated")
    if replicated:
        clauses.append("i.id IN (SELECT initiative_id FROM initiative_status_history"
                       " WHERE to_status = 'nhan_rong' AND changed_on BETWEEN ? AND ?)")
        params += replicated
    return " AND ".join(clauses), params


def highest_id(store: Store) -> int:
    """The newest initiative's id (one index step): how large the file is, cheaply."""
    return store.scalar("SELECT max(id) FROM initiatives") or 0


def query_ids(store: Store, flt: InitiativeFilter, sort: str = "id",
              descending: bool = False, limit: int | None = None) -> list[int]:
    """The ids of the matching initiatives, in the order asked for (the first ``limit``)."""
    return [i for chunk in id_chunks(store, flt, sort, descending, limit) for i in chunk]


def id_chunks(store: Store, flt: InitiativeFilter, sort: str = "id", descending: bool = False,
              limit: int | None = None, size: int = 20_000) -> Iterator[list[int]]:
    """``query_ids`` a chunk at a time: a reader in another thread lets the window's thread
    run between chunks (Python holds one lock for both while it builds the list)."""
    cursor = store.conn.cursor()
    cursor.row_factory = None  # plain tuples: 100,000 Row objects cost more than the query
    cursor.execute(*_ids_sql(flt, sort, descending, limit))
    while rows := cursor.fetchmany(size):
        yield [r[0] for r in rows]


def _ids_sql(flt: InitiativeFilter, sort: str, descending: bool,
             limit: int | None) -> tuple[str, list]:
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    direction = "DESC" if descending else "ASC"
    query = fts_query(flt.text)
    if query and sort == "id" and _only_text(flt):
        # Search alone in the default order: read the search index in rowid order and
        # leave out the bin, without a lookup of every matching row.
        return ("SELECT rowid FROM initiatives_fts WHERE initiatives_fts MATCH ?"
                " AND rowid NOT IN (SELECT id FROM initiatives WHERE deleted_at IS NOT NULL)"
                f" ORDER BY rowid {direction}{tail}", [query])
    where, params = _where(flt)
    order = SORT_COLUMNS.get(sort, "i.id")
    join = " LEFT JOIN areas c ON c.id = i.commune_id" if sort == "place" else ""
    return (f"SELECT i.id FROM initiatives i{join}"
            f" WHERE {where} ORDER BY {order} {direction}, i.id {direction}{tail}", params)


def _only_text(flt: InitiativeFilter) -> bool:
    return not (flt.in_bin or flt.year or flt.field or flt.kind or flt.status
                or flt.commune_id is not None or flt.level or flt.commune_ids
                or flt.not_commune_ids or flt.village_ids or flt.not_village_ids or flt.has_dates())


LIST_COLUMNS = (
    "i.id, i.name, i.kind, i.field, i.owner_name, i.position, c.name AS commune,"
    " v.name AS village, i.year, i.registered_on, i.status, i.level, i.deleted_at"
)


def list_rows(store: Store, ids: list[int]) -> dict[int, dict]:
    """The list's rows for the given ids (a page of the table at a time)."""
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    rows = store.query(
        f"SELECT {LIST_COLUMNS} FROM initiatives i LEFT JOIN areas c ON c.id = i.commune_id"
        f" LEFT JOIN areas v ON v.id = i.village_id WHERE i.id IN ({marks})", ids)
    return {r["id"]: r for r in rows}


def as_dict(item: Initiative) -> dict:
    return asdict(item)


def years(store: Store) -> list[int]:
    """The registration years present, newest first (the list's year filter)."""
    cursor = store.conn.cursor()
    cursor.row_factory = None
    # One index lookup per year present (each the next smaller year), not a read of
    # every row's year: the same cost at a million records as at a thousand.
    return [r[0] for r in cursor.execute(
        "WITH RECURSIVE y(v) AS (SELECT max(year) FROM initiatives WHERE deleted_at IS NULL"
        " UNION ALL SELECT (SELECT max(year) FROM initiatives WHERE deleted_at IS NULL"
        " AND year < v) FROM y WHERE v IS NOT NULL) SELECT v FROM y WHERE v IS NOT NULL")]


def initiatives_of_commune(store: Store, commune_id: int) -> list[dict]:
    """Id and name of a commune's initiatives (to link a campaign to one)."""
    return store.query(
        "SELECT id, name, owner_name, year FROM initiatives WHERE commune_id = ?"
        " AND deleted_at IS NULL ORDER BY year DESC, name_sort", (commune_id,))


def owner_suggestions(store: Store) -> list[str]:
    """Names offered while typing an initiative's owner: the organisations catalogued."""
    names = [r[0] for r in store.execute("SELECT name FROM organizations WHERE deleted_at IS NULL")]
    return sorted(names, key=list_sort_key)
