"""Writing records the one way: a UUID and timestamps on insert, the changed fields in
the audit log, soft delete to a bin and restore. Every call runs inside a transaction
(nested calls become savepoints of the caller's transaction)."""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib
from collections.abc import Iterable

from .db import Store

# Tables holding user records, and the record kind the audit log names them by.
KINDS = {
    "areas": "địa bàn",
    "organizations": "đơn vị",
    "persons": "cá nhân",
    "initiatives": "mô hình",
    "campaigns": "cuộc vận động",
    "contributions": "đóng góp",
    "commendation_rounds": "đợt khen thưởng",
    "awards": "người/tập thể được khen",
    "criteria_sets": "bộ tiêu chí",
    "criteria": "tiêu chí",
    "evaluators": "người chấm",
    "score_sheets": "phiếu chấm điểm",
}
_SYSTEM_COLUMNS = {"id", "uuid", "created_at", "updated_at", "deleted_at", "search_key",
                   "name_sort", "owner_sort"}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def _columns(store: Store, table: str) -> set[str]:
    cache = store.__dict__.setdefault("_columns_cache", {})
    if table not in cache:
        cache[table] = {r["name"] for r in store.query(f"PRAGMA table_info({table})")}
    return cache[table]


def audit(store: Store, action: str, table: str, record_id: int | None, record_uuid: str | None,
          changes: dict | None = None) -> None:
    store.execute(
        "INSERT INTO audit_log (at, user, action, record_kind, record_uuid, record_id, changes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_iso(), store.user, action, table, record_uuid, record_id,
         json.dumps(changes or {}, ensure_ascii=False, default=str)),
    )


def _clean(store: Store, table: str, data: dict) -> dict:
    allowed = _columns(store, table) - {"id", "uuid", "created_at", "updated_at"}
    return {k: v for k, v in data.items() if k in allowed}


def insert(store: Store, table: str, data: dict) -> int:
    """Insert one record; return its id."""
    row = _clean(store, table, data)
    stamp = now_iso()
    row.update(uuid=data.get("uuid") or new_uuid(), created_at=stamp, updated_at=stamp)
    with store.atomic():
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = store.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                               tuple(row.values()))
        record_id = cursor.lastrowid
        audit(store, "insert", table, record_id, row["uuid"],
              {k: [None, v] for k, v in row.items()
               if k not in _SYSTEM_COLUMNS and v not in (None, "")})
    return record_id


# One encoder for the audit entries of a bulk write (json.dumps with options builds one a call).
_AUDIT_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode


def insert_many(store: Store, table: str, rows: list[dict], clean: bool = True) -> list[int]:
    """Insert new records (the same columns each, in the same order), audited as ``insert``
    audits one, in one statement per table, in the caller's transaction; their ids, in
    order. A row's own ``uuid`` is kept; ``clean=False``: the rows hold only the table's
    columns already (a bulk import builds them so)."""
    if not rows:
        return []
    stamp = now_iso()
    built = []
    for data in rows:
        row = _clean(store, table, data) if clean else dict(data)
        row.update(uuid=data.get("uuid") or new_uuid(), created_at=stamp, updated_at=stamp)
        built.append(row)
    first = (store.scalar(f"SELECT max(id) FROM {table}") or 0) + 1  # the write lock is held
    ids = list(range(first, first + len(built)))
    names = ["id", *built[0]]
    store.conn.executemany(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        [(record_id, *row.values()) for record_id, row in zip(ids, built, strict=True)])
    store.conn.executemany(
        "INSERT INTO audit_log (at, user, action, record_kind, record_uuid, record_id, changes)"
        " VALUES (?, ?, 'insert', ?, ?, ?, ?)",
        [(stamp, store.user, table, row["uuid"], record_id,
          _AUDIT_JSON({k: [None, v] for k, v in row.items()
                       if k not in _SYSTEM_COLUMNS and v not in (None, "")}))
         for record_id, row in zip(ids, built, strict=True)])
    return ids


def get(store: Store, table: str, record_id: int) -> dict | None:
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    return rows[0] if rows else None


def update(store: Store, table: str, record_id: int, data: dict) -> dict:
    """Update the given fields; return the changes made as {field: [old, new]}."""
    new = _clean(store, table, data)
    with store.atomic():
        old = get(store, table, record_id)
        if old is None:
            raise KeyError(f"Không tìm thấy bản ghi {record_id} trong {KINDS.get(table, table)}.")
        changes = {k: [old[k], v] for k, v in new.items() if old.get(k) != v}
        if not changes:
            return {}
        sets = ", ".join(f"{k} = ?" for k in changes)
        store.execute(f"UPDATE {table} SET {sets}, updated_at = ? WHERE id = ?",
                      (*[v[1] for v in changes.values()], now_iso(), record_id))
        visible = {k: v for k, v in changes.items() if k not in _SYSTEM_COLUMNS}
        if visible:
            audit(store, "update", table, record_id, old["uuid"], visible)
    return changes


def soft_delete(store: Store, table: str, ids: Iterable[int]) -> int:
    """Move records to the bin; they can be restored."""
    count = 0
    stamp = now_iso()
    with store.atomic():
        for record_id in ids:
            row = get(store, table, record_id)
            if row is None or row["deleted_at"]:
                continue
            store.execute(f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE id = ?",
                          (stamp, stamp, record_id))
            audit(store, "delete", table, record_id, row["uuid"])
            count += 1
    return count


def restore(store: Store, table: str, ids: Iterable[int]) -> int:
    """Take records back out of the bin."""
    count = 0
    with store.atomic():
        for record_id in ids:
            row = get(store, table, record_id)
            if row is None or not row["deleted_at"]:
                continue
            store.execute(f"UPDATE {table} SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                          (now_iso(), record_id))
            audit(store, "restore", table, record_id, row["uuid"])
            count += 1
    return count
