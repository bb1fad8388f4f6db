"""How a record travels: every column of its table (read from the table itself, so columns
added later travel without a change here), except the file's own bookkeeping; links to other
records as the UUID of the record they point to; and the office it came from."""

from __future__ import annotations

from dataclasses import dataclass

from ...store.db import Store

TABLES = {
    "areas": "areas", "organizations": "organizations", "persons": "persons",
    "initiatives": "initiatives", "status_history": "initiative_status_history",
    "campaigns": "campaigns", "contributions": "contributions",
    "rounds": "commendation_rounds", "awards": "awards",
}
KIND_OF_TABLE = {t: k for k, t in TABLES.items()}
# Records merged one by one (new, updated, in conflict, deleted).
RECORD_KINDS = ("initiatives", "campaigns", "contributions", "rounds", "awards")
# Catalogue entries: matched with what the receiver has, added when missing, never overwritten.
REFERENCE_KINDS = ("areas", "organizations", "persons")
# Columns that belong to one data file: rebuilt or kept by the receiver, never carried.
LOCAL_COLUMNS = {"id", "search_key", "name_sort", "owner_sort", "origin_office_id"}
ORIGIN = "_origin"  # the identity of the office a record came from


@dataclass
class TableShape:
    table: str
    columns: list[str]  # carried columns (including uuid)
    links: dict[str, str]  # column → table it points to (a carried one)


def shape(store: Store, kind: str) -> TableShape:
    cache = store.__dict__.setdefault("_package_shapes", {})
    if kind not in cache:
        table = TABLES[kind]
        columns = [r["name"] for r in store.query(f"PRAGMA table_info({table})")]
        links = {r["from"]: r["table"] for r in store.query(f"PRAGMA foreign_key_list({table})")
                 if r["table"] in KIND_OF_TABLE}
        dropped = {r["from"] for r in store.query(f"PRAGMA foreign_key_list({table})")
                   if r["table"] not in KIND_OF_TABLE}
        cache[kind] = TableShape(table, [c for c in columns if c not in LOCAL_COLUMNS | dropped],
                                 links)
    return cache[kind]


class UuidIndex:
    """id ↔ uuid of the records of each table, fetched in chunks on demand."""

    def __init__(self, store: Store):
        self.store = store
        self.uuid_of: dict[str, dict[int, str]] = {}
        self.id_of: dict[str, dict[str, int]] = {}

    def uuids(self, table: str, ids: set[int]) -> dict[int, str]:
        known = self.uuid_of.setdefault(table, {})
        self._fetch(table, "id", [i for i in ids if i is not None and i not in known])
        return known

    def ids(self, table: str, uuids: set[str]) -> dict[str, int]:
        known = self.id_of.setdefault(table, {})
        self._fetch(table, "uuid", [u for u in uuids if u and u not in known])
        return known

    def add(self, table: str, record_id: int, uuid: str) -> None:
        self.uuid_of.setdefault(table, {})[record_id] = uuid
        self.id_of.setdefault(table, {})[uuid] = record_id

    def _fetch(self, table: str, by: str, keys: list) -> None:
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for record_id, uuid in self.store.execute(
                    f"SELECT id, uuid FROM {table} WHERE {by} IN ({marks})", chunk):
                self.add(table, record_id, uuid)


def outgoing(store: Store, kind: str, rows: list[dict], index: UuidIndex,
             origins: dict[int, str], own_identity: str) -> list[dict]:
    """Rows as they travel: carried columns, links as UUIDs, the office of origin."""
    s = shape(store, kind)
    for column, table in s.links.items():
        index.uuids(table, {r[column] for r in rows if r.get(column) is not None})
    out = []
    for row in rows:
        item = {c: row[c] for c in s.columns}
        for column, table in s.links.items():
            if row.get(column) is not None:
                item[column] = index.uuid_of[table].get(row[column])
        item[ORIGIN] = origins.get(row.get("origin_office_id"), own_identity) \
            if "origin_office_id" in row else own_identity
        out.append(item)
    return out
