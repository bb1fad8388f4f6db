"""Catalogues: the area tree (with earlier names kept), organisations and people.

Places change: communes are renamed, merged and dissolved. Nothing here deletes a
place. A rename keeps the old name in ``area_names`` (valid until the day of the
change); a merge moves the records of one place to another and keeps the old place as a
retired row pointing at the place it went into; retiring only marks the day a place
stopped being used. Every write goes through :mod:`records`, so the audit log has it.
"""

from __future__ import annotations

import json

from ..domain import vocab
from ..domain.entities import Area, Organization
from ..domain.text import fold, list_sort_key, nfc, parse_date, search_tokens, sorted_by_name
from ..domain.validation import (
    MAX_YEAR,
    MIN_YEAR,
    FieldError,
    ValidationError,
    validate_area,
    validate_organization,
)
from . import records
from .db import Store

# Depth of each level in the tree. A level may sit under any shallower one: since the
# 2025 reform communes hang directly under the province, with no district between.
LEVEL_DEPTH = {"tinh": 0, "huyen": 1, "xa": 2, "thon": 3}

# The columns that attach records to a place of a level, per table: moved by a merge.
_RECORD_COLUMNS = {
    "xa": (("initiatives", "commune_id"), ("campaigns", "commune_id")),
    "thon": (("initiatives", "village_id"), ("campaigns", "village_id")),
}


def _refuse(field: str, message: str) -> None:
    raise ValidationError([FieldError(field, message)])


def _check_date(value, label: str, field: str = "on_date") -> str:
    """An ISO date from ``07/03/2023`` or ``2023-03-07``; a Vietnamese refusal otherwise."""
    try:
        day = parse_date(value)
    except ValueError:
        raise ValidationError([FieldError(
            field, f"{label.capitalize()} “{value}” không đúng dạng ngày/tháng/năm.")]) from None
    if day is None:
        _refuse(field, f"Chưa nhập {label}.")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        _refuse(field, f"{label.capitalize()} {day:%d/%m/%Y} nằm ngoài khoảng hợp lý.")
    return day.isoformat()


def _day(iso: str | None) -> str:
    return "" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


# --- Areas ----------------------------------------------------------------------------------


def get_area(store: Store, area_id: int | None) -> Area | None:
    row = records.get(store, "areas", area_id) if area_id is not None else None
    return Area.from_row(row) if row else None


def _live_area(store: Store, area_id: int | None, field: str, what: str) -> Area:
    area = get_area(store, area_id)
    if area is None or area.deleted_at:
        _refuse(field, f"Không tìm thấy {what}.")
    return area


def add_area(store: Store, name: str, level: str, parent_id: int | None = None) -> int:
    """Add a place under ``parent_id`` (None: at the top). The level must lie below the
    parent's, and the parent must still be in use."""
    area = validate_area(Area(name=name, level=level, parent_id=parent_id))
    with store.atomic():
        if parent_id is not None:
            parent = _live_area(store, parent_id, "parent_id", "địa bàn cấp trên")
            if parent.retired_on:
                _refuse("parent_id", f"{parent.name} đã ngừng sử dụng; không thể thêm địa bàn vào đó.")
            if LEVEL_DEPTH[area.level] <= LEVEL_DEPTH[parent.level]:
                _refuse("level", f"{vocab.AREA_LEVELS.label(area.level)} không thể trực thuộc "
                                 f"{parent.name} ({vocab.AREA_LEVELS.label(parent.level).lower()}).")
        same = store.scalar(
            "SELECT id FROM areas WHERE parent_id IS ? AND search_key = ? AND deleted_at IS NULL"
            " AND retired_on IS NULL LIMIT 1", (parent_id, fold(area.name)))
        if same is not None:
            _refuse("name", f"Đã có địa bàn “{area.name}” ở đây.")
        return records.insert(store, "areas", {
            "name": area.name, "level": area.level, "parent_id": parent_id,
            "search_key": fold(area.name),
        })


def _follow_merges(store: Store, area_id: int) -> int:
    """The place a merged place went into (through several merges), else itself."""
    seen = {area_id}
    while True:
        into = store.scalar("SELECT merged_into_id FROM areas WHERE id = ?", (area_id,))
        if into is None or into in seen:
            return area_id
        seen.add(into)
        area_id = into


def find_area(store: Store, name: str, level: str | None = None,
              parent_id: int | None = None) -> int | None:
    """An area by its name, ignoring case, diacritics and tone placement; also by a
    name it had before (old files still say the old name). A place that was merged
    answers with the place it went into, where its records now are."""
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
        return _follow_merges(store, found)
    for row in store.query("SELECT area_id, name FROM area_names"):
        if fold(row["name"]) == key:
            area = records.get(store, "areas", row["area_id"])
            if area and (level is None or area["level"] == level):
                return _follow_merges(store, area["id"])
    return None


def ensure_area(store: Store, name: str, level: str, parent_id: int | None = None) -> int:
    found = find_area(store, name, level, parent_id)
    return found if found is not None else add_area(store, name, level, parent_id)


def _add_to_search_keys(store: Store, area_id: int, name: str) -> None:
    """Let the initiatives of a place be found by its new name too (the old one stays
    in their search key until they are next saved). Search keys are not audited."""
    key = fold(name)
    store.execute(
        "UPDATE initiatives SET search_key = search_key || ' ' || ?"
        " WHERE (commune_id = ? OR village_id = ?) AND instr(search_key, ?) = 0",
        (key, area_id, area_id, key))


def rename_area(store: Store, area_id: int, new_name: str, on_date: str) -> None:
    """Rename a place; the old name is kept, valid until ``on_date``, for old records."""
    new_name = nfc(new_name)
    validate_area(Area(name=new_name, level="xa"))
    on_date = _check_date(on_date, "ngày đổi tên")
    with store.atomic():
        old = records.get(store, "areas", area_id)
        if old is None:
            raise KeyError("Không tìm thấy địa bàn.")
        if old["name"] == new_name:
            _refuse("name", "Tên mới trùng với tên hiện tại.")
        last = store.scalar("SELECT max(valid_until) FROM area_names WHERE area_id = ?", (area_id,))
        if last and on_date <= last:
            _refuse("on_date", f"Ngày đổi tên phải sau lần đổi tên trước ({_day(last)}).")
        store.execute("INSERT INTO area_names (area_id, name, valid_until) VALUES (?, ?, ?)",
                      (area_id, old["name"], on_date))
        records.update(store, "areas", area_id, {"name": new_name, "search_key": fold(new_name)})
        _add_to_search_keys(store, area_id, new_name)


def area_name_on(store: Store, area_id: int, on_date: str | None) -> str:
    """The name a place had on a date (the current name when no earlier one applies)."""
    if on_date:
        earlier = store.scalar(
            "SELECT name FROM area_names WHERE area_id = ? AND valid_until > ?"
            " ORDER BY valid_until LIMIT 1", (area_id, on_date))
        if earlier:
            return earlier
    return store.scalar("SELECT name FROM areas WHERE id = ?", (area_id,)) or ""


def name_history(store: Store, area_id: int) -> list[dict]:
    """Earlier names of a place, oldest first: ``{"name", "valid_until"}``."""
    return store.query("SELECT name, valid_until FROM area_names WHERE area_id = ?"
                       " ORDER BY valid_until", (area_id,))


def earlier_names(store: Store) -> dict[int, list[str]]:
    """Every place's earlier names, for searching the tree by an old name."""
    names: dict[int, list[str]] = {}
    for row in store.query("SELECT area_id, name FROM area_names ORDER BY valid_until"):
        names.setdefault(row["area_id"], []).append(row["name"])
    return names


def merge_areas(store: Store, source_id: int, target_id: int, on_date: str) -> dict[str, int]:
    """Merge ``source`` into ``target`` (same level) from ``on_date``, in one transaction.

    Everything attached to the source moves to the target: initiatives and campaigns
    (by commune, or by village for a village merge), organisations, people and the
    places under it. The source stays as a retired row (``retired_on``, ``merged_into_id``)
    with its own name and name history; it is never deleted.

    How old records keep printing the name they had: the target's name history is not
    touched (its own old records must keep the target's old names). Instead every moved
    record has an audit entry ``commune_id: [source, target]``; :func:`record_area_on`
    walks those entries back for a date before the merge and finds the source, whose
    name :func:`area_name_on` gives. Returns how many rows moved, per table.
    """
    on_date = _check_date(on_date, "ngày sáp nhập")
    with store.atomic():
        source = _live_area(store, source_id, "source_id", "địa bàn cần sáp nhập")
        target = _live_area(store, target_id, "target_id", "địa bàn sáp nhập vào")
        if source.id == target.id:
            _refuse("target_id", "Không thể sáp nhập một địa bàn vào chính nó.")
        if source.level != target.level:
            _refuse("target_id", f"Chỉ sáp nhập được hai địa bàn cùng cấp: {source.name} là "
                                 f"{vocab.AREA_LEVELS.label(source.level).lower()}, {target.name} là "
                                 f"{vocab.AREA_LEVELS.label(target.level).lower()}.")
        if source.retired_on:
            _refuse("source_id", f"{source.name} đã ngừng sử dụng hoặc đã sáp nhập từ trước.")
        if target.retired_on:
            _refuse("target_id", f"{target.name} đã ngừng sử dụng; hãy chọn địa bàn khác.")
        moved: dict[str, int] = {}
        target_commune = None
        if source.level == "thon" and target.parent_id is not None:
            parent = get_area(store, target.parent_id)
            target_commune = parent.id if parent and parent.level == "xa" else None
        for table, column in _RECORD_COLUMNS.get(source.level, ()):
            ids = [r["id"] for r in store.query(f"SELECT id FROM {table} WHERE {column} = ?",
                                                (source.id,))]
            for record_id in ids:
                change = {column: target.id}
                if target_commune is not None:
                    change["commune_id"] = target_commune
                records.update(store, table, record_id, change)
            moved[table] = len(ids)
        for table, column in (("organizations", "area_id"), ("persons", "area_id"),
                              ("areas", "parent_id")):
            ids = [r["id"] for r in store.query(f"SELECT id FROM {table} WHERE {column} = ?",
                                                (source.id,))]
            for record_id in ids:
                records.update(store, table, record_id, {column: target.id})
            moved[table] = len(ids)
        records.update(store, "areas", source.id, {"retired_on": on_date,
                                                    "merged_into_id": target.id})
        _add_to_search_keys(store, target.id, target.name)
    return moved


def record_area_on(store: Store, table: str, record_id: int, on_date: str | None,
                   column: str = "commune_id") -> int | None:
    """The place a record (initiative, campaign…) belonged to on a date, seen through
    merges: a record moved from Xã A into Xã B by a merge on 01/07/2025 answers A for
    dates before that day and B after. Other changes of place (a user's correction)
    are not undone."""
    row = records.get(store, table, record_id)
    if row is None:
        return None
    current = row[column]
    if not on_date or current is None:
        return current
    merged = _merged_into_after(store, current, on_date)
    if not merged:
        return current  # the usual case: nothing was merged into it after that date
    for entry in store.query("SELECT changes FROM audit_log WHERE record_uuid = ?"
                             " AND action = 'update' ORDER BY id DESC", (row["uuid"],)):
        change = json.loads(entry["changes"]).get(column)
        if change and change[1] == current and change[0] in merged:
            current = change[0]
            merged = _merged_into_after(store, current, on_date)
            if not merged:
                break
    return current


def _merged_into_after(store: Store, area_id: int, on_date: str) -> set[int]:
    return {r["id"] for r in store.query(
        "SELECT id FROM areas WHERE merged_into_id = ? AND retired_on > ?", (area_id, on_date))}


def record_area_name_on(store: Store, table: str, record_id: int, on_date: str | None,
                        column: str = "commune_id") -> str:
    """The name to print for a record's place as it was on a date (renames and merges)."""
    area_id = record_area_on(store, table, record_id, on_date, column)
    return area_name_on(store, area_id, on_date) if area_id is not None else ""


def _descendants(store: Store, area_id: int) -> list[dict]:
    found: list[dict] = []
    todo = [area_id]
    while todo:
        rows = store.query("SELECT * FROM areas WHERE parent_id = ? AND deleted_at IS NULL",
                           (todo.pop(),))
        found += rows
        todo += [r["id"] for r in rows]
    return found


def retire_area(store: Store, area_id: int, on_date: str) -> int:
    """Stop using a place (dissolved) from ``on_date``, with the places under it still in
    use. Its records stay where they are. Returns how many places were retired."""
    on_date = _check_date(on_date, "ngày ngừng sử dụng")
    with store.atomic():
        area = _live_area(store, area_id, "area_id", "địa bàn")
        if area.retired_on:
            _refuse("area_id", f"{area.name} đã ngừng sử dụng từ {_day(area.retired_on)}.")
        count = 0
        for row in [records.get(store, "areas", area.id), *_descendants(store, area.id)]:
            if not row["retired_on"]:
                records.update(store, "areas", row["id"], {"retired_on": on_date})
                count += 1
    return count


def unretire_area(store: Store, area_id: int) -> int:
    """Use a retired place again, with the places under it retired on the same day.
    A merged place cannot come back: its records now belong to another."""
    with store.atomic():
        area = _live_area(store, area_id, "area_id", "địa bàn")
        if not area.retired_on:
            return 0
        if area.merged_into_id is not None:
            into = get_area(store, area.merged_into_id)
            _refuse("area_id", f"{area.name} đã sáp nhập vào {into.name if into else 'địa bàn khác'};"
                               " không thể dùng lại.")
        parent = get_area(store, area.parent_id)
        if parent is not None and parent.retired_on:
            _refuse("area_id", f"{parent.name} đang ngừng sử dụng; hãy dùng lại {parent.name} trước.")
        count = 0
        for row in [records.get(store, "areas", area.id), *_descendants(store, area.id)]:
            if row["retired_on"] == area.retired_on and row["merged_into_id"] is None:
                records.update(store, "areas", row["id"], {"retired_on": None})
                count += 1
    return count


unretire = unretire_area


def list_areas(store: Store, include_retired: bool = False) -> list[dict]:
    """Every place in use (and, if asked, the retired ones), with the name of the place a
    merged one went into as ``merged_into_name``; in no particular order."""
    sql = ("SELECT a.*, m.name AS merged_into_name FROM areas a"
           " LEFT JOIN areas m ON m.id = a.merged_into_id WHERE a.deleted_at IS NULL")
    if not include_retired:
        sql += " AND a.retired_on IS NULL"
    return store.query(sql)


def area_usage(store: Store) -> dict[int, dict[str, int]]:
    """Per place: how many initiatives, campaigns (by commune or village, not in the bin)
    and organisations are attached to it."""
    usage: dict[int, dict[str, int]] = {}
    for table, columns in (("initiatives", ("commune_id", "village_id")),
                           ("campaigns", ("commune_id", "village_id")),
                           ("organizations", ("area_id",))):
        for column in columns:
            for area_id, count in store.execute(
                    f"SELECT {column}, count(*) FROM {table} WHERE deleted_at IS NULL"
                    f" AND {column} IS NOT NULL GROUP BY {column}").fetchall():
                counts = usage.setdefault(area_id, {"initiatives": 0, "campaigns": 0,
                                                    "organizations": 0})
                counts[table] += count
    return usage


area_sort_key = list_sort_key  # the one key of domain/text.py, under the name callers know


def communes(store: Store, include_retired: bool = False) -> list[dict]:
    """Communes, wards and towns in Vietnamese order (SQL's would put "Xã Đông…" last)."""
    sql = "SELECT * FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
    if not include_retired:
        sql += " AND retired_on IS NULL"
    return sorted_by_name(store.query(sql))


def children(store: Store, parent_id: int) -> list[dict]:
    """The places directly under one, in Vietnamese order (Xóm 2 before Xóm 10)."""
    return sorted_by_name(store.query(
        "SELECT * FROM areas WHERE parent_id = ? AND deleted_at IS NULL", (parent_id,)))


# --- Organisations --------------------------------------------------------------------------


def get_organization(store: Store, org_id: int) -> Organization | None:
    row = records.get(store, "organizations", org_id)
    return Organization.from_row(row) if row else None


def _check_organization(store: Store, org: Organization, own_id: int | None) -> Organization:
    org = validate_organization(org)
    if org.area_id is not None:
        _live_area(store, org.area_id, "area_id", "địa bàn của đơn vị")
    same = store.scalar(
        "SELECT id FROM organizations WHERE search_key = ? AND deleted_at IS NULL"
        " AND id IS NOT ? LIMIT 1", (fold(org.name), own_id))
    if same is not None:
        _refuse("name", f"Đã có đơn vị “{org.name}” trong danh mục.")
    return org


def add_organization(store: Store, name: str, kind: str = "khac",
                     area_id: int | None = None) -> int:
    with store.atomic():
        org = _check_organization(store, Organization(name=name, kind=kind, area_id=area_id), None)
        return records.insert(store, "organizations", {
            "name": org.name, "kind": org.kind, "area_id": org.area_id,
            "search_key": fold(org.name),
        })


def update_organization(store: Store, org_id: int, name: str, kind: str = "khac",
                        area_id: int | None = None) -> dict:
    """Change an organisation's name, kind or place. Initiatives keep the owner name
    they were registered with (old records keep the names they had)."""
    with store.atomic():
        if get_organization(store, org_id) is None:
            _refuse("name", "Không tìm thấy đơn vị.")
        org = _check_organization(store, Organization(name=name, kind=kind, area_id=area_id), org_id)
        return records.update(store, "organizations", org_id, {
            "name": org.name, "kind": org.kind, "area_id": org.area_id,
            "search_key": fold(org.name),
        })


def rename_organization(store: Store, org_id: int, new_name: str) -> dict:
    org = get_organization(store, org_id)
    if org is None:
        _refuse("name", "Không tìm thấy đơn vị.")
    return update_organization(store, org_id, new_name, org.kind, org.area_id)


def delete_organizations(store: Store, ids: list[int]) -> int:
    """Move organisations to the bin (restorable); their initiatives are not touched."""
    return records.soft_delete(store, "organizations", ids)


def restore_organizations(store: Store, ids: list[int]) -> int:
    return records.restore(store, "organizations", ids)


def ensure_organization(store: Store, name: str, kind: str = "khac",
                        area_id: int | None = None) -> int:
    found = store.scalar(
        "SELECT id FROM organizations WHERE search_key = ? AND deleted_at IS NULL LIMIT 1",
        (fold(name),))
    return found if found is not None else add_organization(store, name, kind, area_id)


def organization_usage(store: Store, org_id: int) -> int:
    """How many initiatives (not in the bin) name this organisation as their owner."""
    return store.scalar("SELECT count(*) FROM initiatives WHERE organization_id = ?"
                        " AND deleted_at IS NULL", (org_id,)) or 0


def list_organizations(store: Store, text: str = "", kind: str | None = None,
                       area_id: int | None = None, in_bin: bool = False) -> list[dict]:
    """Organisations whose name or place contains every word typed (no diacritics, any
    case), with ``area_name`` and ``initiatives`` (how many initiatives they own), in
    Vietnamese alphabetical order."""
    sql = ("SELECT o.id, o.uuid, o.name, o.kind, o.area_id, o.deleted_at,"
           " coalesce(a.name, '') AS area_name,"
           " (SELECT count(*) FROM initiatives i WHERE i.organization_id = o.id"
           "  AND i.deleted_at IS NULL) AS initiatives"
           " FROM organizations o LEFT JOIN areas a ON a.id = o.area_id WHERE ")
    sql += "o.deleted_at IS NOT NULL" if in_bin else "o.deleted_at IS NULL"
    params: list = []
    for token in search_tokens(text):
        sql += " AND (o.search_key LIKE ? OR coalesce(a.search_key, '') LIKE ?)"
        params += [f"%{token}%", f"%{token}%"]
    if kind:
        sql += " AND o.kind = ?"
        params.append(kind)
    if area_id is not None:
        sql += " AND o.area_id = ?"
        params.append(area_id)
    rows = store.query(sql, params)
    rows.sort(key=lambda r: area_sort_key(r["name"]))
    return rows


# --- People ---------------------------------------------------------------------------------


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
