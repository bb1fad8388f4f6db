"""Places, organisations and persons a package's records point to, matched with the
receiver's own catalogue: the same record (UUID), else a place by its official code, else by
its name (ignoring case, diacritics and tone placement) at the same level under the matched
parent. What matches nothing is added (with the sender's UUID, so the next package matches it
at once); nothing of the receiver's catalogue is overwritten."""

from __future__ import annotations

from ...domain.text import fold, nfc
from ...store import records
from ...store.db import Store
from .rows import UuidIndex

# The official code column of places, whichever name the office-level work gave it.
_CODE_COLUMNS = ("code", "official_code", "unit_code", "dvhc_code")


def code_column(store: Store) -> str | None:
    columns = {r["name"] for r in store.query("PRAGMA table_info(areas)")}
    return next((c for c in _CODE_COLUMNS if c in columns), None)


class References:
    """uuid (sender's) → local id for areas, organisations and persons."""

    def __init__(self, store: Store, index: UuidIndex, create: bool):
        self.store, self.index, self.create = store, index, create
        self.map: dict[str, dict[str, int | None]] = {"areas": {}, "organizations": {}, "persons": {}}
        self.added: dict[str, list[str]] = {"areas": [], "organizations": [], "persons": []}
        self.code = code_column(store)

    def resolve(self, rows: dict[str, list[dict]], origin: int | None) -> None:
        self.origin = origin
        for kind in ("areas", "organizations", "persons"):  # what a row points to comes first
            table = kind
            self.index.ids(table, {r["uuid"] for r in rows.get(kind, ())})
            for row in rows.get(kind, ()):
                self.map[kind][row["uuid"]] = self._one(kind, row)

    def area(self, uuid: str | None) -> int | None:
        return self.map["areas"].get(uuid) if uuid else None

    def _one(self, kind: str, row: dict) -> int | None:
        found = self.index.id_of.get(kind, {}).get(row["uuid"])
        if found is None:
            found = getattr(self, f"_match_{kind}")(row)
        if found is None:
            self.added[kind].append(nfc(row.get("name") or row.get("full_name") or ""))
            if self.create:
                found = getattr(self, f"_add_{kind}")(row)
        return found

    def _match_areas(self, row: dict) -> int | None:
        if self.code and row.get(self.code):
            found = self.store.scalar(f"SELECT id FROM areas WHERE {self.code} = ? AND deleted_at"
                                      " IS NULL ORDER BY retired_on IS NOT NULL LIMIT 1",
                                      (row[self.code],))
            if found is not None:
                return found
        key, parent = fold(row["name"]), self.area(row.get("parent_id"))
        sql = ("SELECT id FROM areas WHERE search_key = ? AND level = ? AND deleted_at IS NULL"
               " AND merged_into_id IS NULL")
        if parent is not None:
            found = self.store.scalar(sql + " AND parent_id = ? LIMIT 1", (key, row["level"], parent))
            if found is not None or row["level"] == "thon":
                return found
        if row["level"] == "thon":
            return None
        # Above a village, a name is unique enough within one office's catalogue.
        ids = [r[0] for r in self.store.execute(sql + " LIMIT 2", (key, row["level"]))]
        return ids[0] if len(ids) == 1 else None

    def _add_areas(self, row: dict) -> int:
        data = {"uuid": row["uuid"], "name": nfc(row["name"]), "level": row["level"],
                "parent_id": self.area(row.get("parent_id")), "search_key": fold(row["name"]),
                "origin_office_id": self.origin}
        if self.code and row.get(self.code):
            data[self.code] = row[self.code]
        return self._insert("areas", data)

    def _match_organizations(self, row: dict) -> int | None:
        return self.store.scalar("SELECT id FROM organizations WHERE search_key = ?"
                                 " AND deleted_at IS NULL LIMIT 1", (fold(row["name"]),))

    def _add_organizations(self, row: dict) -> int:
        return self._insert("organizations", {
            "uuid": row["uuid"], "name": nfc(row["name"]), "kind": row.get("kind") or "khac",
            "area_id": self.area(row.get("area_id")), "search_key": fold(row["name"]),
            "origin_office_id": self.origin})

    def _match_persons(self, row: dict) -> int | None:
        area = self.area(row.get("area_id"))
        return self.store.scalar(
            "SELECT id FROM persons WHERE search_key = ? AND deleted_at IS NULL"
            " AND (area_id IS ? OR ? IS NULL) LIMIT 1", (fold(row["full_name"]), area, area))

    def _add_persons(self, row: dict) -> int:
        return self._insert("persons", {
            "uuid": row["uuid"], "full_name": nfc(row["full_name"]),
            "position": nfc(row.get("position") or ""),
            "organization_id": self.map["organizations"].get(row.get("organization_id") or ""),
            "area_id": self.area(row.get("area_id")), "search_key": fold(row["full_name"]),
            "origin_office_id": self.origin})

    def _insert(self, table: str, data: dict) -> int:
        record_id = records.insert(self.store, table, data)
        self.index.add(table, record_id, data["uuid"])
        return record_id
