"""Catalogues: the area tree (with earlier names kept), organisations and people."""

from __future__ import annotations

from ..domain.entities import Area, Organization
from ..domain.text import fold, nfc
from ..domain.validation import validate_area, validate_organization
from . import records
from .db import Store


def add_area(store: Store, name: str, level: str, parent_id: int | None = None) -> int:
    area = validate_area(Area(name=name, level=level, parent_id=parent_id))
    return records.insert(store, "areas", {
        "name": area.name, "level": area.level, "parent_id": parent_id,
        "search_key": fold(area.name),
    })


def find_area(store: Store, name: str, level: str | None = None,
              parent_id: int | None = None) -> int | None:
    """An area by its name, ignoring case, diacritics and tone placement; also by a
    name it had before (old files still say the old name)."""
    key = fold(name)
    sql = "SELECT id FROM areas WHERE search_key = ? AND deleted_at IS NULL"
    params: list = [key]
    if level:
        sql += " AND level = ?"
        params.append(level)
    if parent_id is not None:
        sql += " AND parent_id = ?"
        params.append(parent_id)
    found = store.scalar(sql + " ORDER BY retired_on IS NOT NULL, id LIMIT 1", params)
    if found is not None:
        return found
    for row in store.query("SELECT area_id, name FROM area_names"):
        if fold(row["name"]) == key:
            area = records.get(store, "areas", row["area_id"])
            if area and (level is None or area["level"] == level):
                return area["id"]
    return None


def ensure_area(store: Store, name: str, level: str, parent_id: int | None = None) -> int:
    found = find_area(store, name, level, parent_id)
    return found if found is not None else add_area(store, name, level, parent_id)


def rename_area(store: Store, area_id: int, new_name: str, on_date: str) -> None:
    """Rename a place; the old name is kept, valid until ``on_date``, for old records."""
    new_name = nfc(new_name)
    validate_area(Area(name=new_name, level="xa"))
    with store.atomic():
        old = records.get(store, "areas", area_id)
        if old is None:
            raise KeyError("Không tìm thấy địa bàn.")
        store.execute("INSERT INTO area_names (area_id, name, valid_until) VALUES (?, ?, ?)",
                      (area_id, old["name"], on_date))
        records.update(store, "areas", area_id, {"name": new_name, "search_key": fold(new_name)})


def area_name_on(store: Store, area_id: int, on_date: str | None) -> str:
    """The name a place had on a date (the current name when no earlier one applies)."""
    if on_date:
        earlier = store.scalar(
            "SELECT name FROM area_names WHERE area_id = ? AND valid_until > ?"
            " ORDER BY valid_until LIMIT 1", (area_id, on_date))
        if earlier:
            return earlier
    return store.scalar("SELECT name FROM areas WHERE id = ?", (area_id,)) or ""


def communes(store: Store, include_retired: bool = False) -> list[dict]:
    sql = "SELECT * FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
    if not include_retired:
        sql += " AND retired_on IS NULL"
    return store.query(sql + " ORDER BY name")


def children(store: Store, parent_id: int) -> list[dict]:
    return store.query(
        "SELECT * FROM areas WHERE parent_id = ? AND deleted_at IS NULL ORDER BY name",
        (parent_id,))


def add_organization(store: Store, name: str, kind: str = "khac",
                     area_id: int | None = None) -> int:
    org = validate_organization(Organization(name=name, kind=kind, area_id=area_id))
    return records.insert(store, "organizations", {
        "name": org.name, "kind": org.kind, "area_id": area_id, "search_key": fold(org.name),
    })


def ensure_organization(store: Store, name: str, kind: str = "khac",
                        area_id: int | None = None) -> int:
    found = store.scalar(
        "SELECT id FROM organizations WHERE search_key = ? AND deleted_at IS NULL LIMIT 1",
        (fold(name),))
    return found if found is not None else add_organization(store, name, kind, area_id)


def ensure_person(store: Store, full_name: str, position: str = "",
                  area_id: int | None = None) -> int:
    full_name = nfc(full_name)
    found = store.scalar(
        "SELECT id FROM persons WHERE search_key = ? AND deleted_at IS NULL"
        " AND (area_id IS ? OR ? IS NULL) LIMIT 1", (fold(full_name), area_id, area_id))
    if found is not None:
        return found
    return records.insert(store, "persons", {
        "full_name": full_name, "position": nfc(position), "area_id": area_id,
        "search_key": fold(full_name),
    })
