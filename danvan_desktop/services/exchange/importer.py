"""Importing a commune's spreadsheet: initiatives (trang “Mô hình”), campaigns and their
contributions (trang “Cuộc vận động”, “Đóng góp”, campaign_import.py), whichever sheets the
file has. Every row is checked first; a preview of what would be written (each refused
row's sheet, number, column and reason, and possible duplicates), then all of it in one
transaction after a backup, or nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...domain import vocab
from ...domain.entities import Initiative
from ...domain.lifecycle import dates_to_fill
from ...domain.text import fold, nfc, parse_date
from ...domain.validation import (
    CONTROL_REASON,
    FieldError,
    ValidationError,
    control_character,
    validate_initiative,
)
from ...store import catalog, records
from ...store.db import Store
from ...store.initiatives import save_initiative
from .columns import INITIATIVE_COLUMNS
from .reader import SheetKind, read_sheets
from .registration import read_registration

COLUMN_LABEL = {c.key: c.header for c in INITIATIVE_COLUMNS}
# Validation names fields by the record's attributes; the preview names the file's columns.
FIELD_TO_COLUMN = {"owner_name": "owner_name", "commune_id": "commune", "village_id": "village",
                   # the sheet has no date columns for these: the status is what to fix
                   "recognized_on": "status", "commended_on": "status"}
COMMUNE_WORDS = ("Xã", "Phường", "Thị trấn")
VILLAGE_WORDS = ("Thôn", "Xóm", "Tổ dân phố", "Khối", "Ấp", "Bản")  # “Hoành Từ” = “Thôn Hoành Từ”
INITIATIVE_SHEET = "Mô hình"
MAX_ERRORS_LISTED = 50  # the --json report: the first ones, and how many in all


@dataclass
class RowError:
    row: int
    column: str
    reason: str
    sheet: str = ""  # the worksheet's title; blank for a .csv

    def __str__(self) -> str:
        where = f"Trang “{self.sheet}”, dòng {self.row}" if self.sheet else f"Dòng {self.row}"
        return f"{where}, cột “{self.column}”: {self.reason}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class PlannedRow:
    row: int
    item: Initiative | None
    errors: list[RowError] = field(default_factory=list)
    duplicate_of: int | None = None  # an initiative already in the data file
    same_as_row: int | None = None  # an earlier row of the same file (kept: flagged only)
    commune: str = ""
    village: str = ""
    name: str = ""  # as typed, for the preview of a refused row
    owner: str = ""
    filled: dict[str, str] = field(default_factory=dict)  # dates the import fills (ISO), shown


@dataclass
class ImportResult:
    initiatives: int = 0
    campaigns: int = 0
    contributions: int = 0
    plan: ImportPlan | None = None  # the plan written: made again if the file changed meanwhile


@dataclass
class ImportPlan:
    """What the file holds, row by row. ``rows`` are the initiatives; ``errors`` are every
    refusal of every sheet (one is enough for nothing to be written)."""

    path: Path
    rows: list[PlannedRow]
    new_places: list[str]
    campaigns: list = field(default_factory=list)  # PlannedCampaign
    contributions: list = field(default_factory=list)  # PlannedContribution
    sheets: dict[str, str] = field(default_factory=dict)  # kind → the sheet it was read from
    create_places: bool = False
    snapshot: tuple = ()  # what the data file held when the plan was made (see _snapshot)
    notes: list[str] = field(default_factory=list)  # hidden sheets and rows skipped, rows cut

    @property
    def errors(self) -> list[RowError]:
        return [e for part in (self.rows, self.campaigns, self.contributions) for r in part for e in r.errors]

    @property
    def initiative_errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.duplicate_of is not None and not r.errors]

    @property
    def is_empty(self) -> bool:
        return not (self.rows or self.campaigns or self.contributions)

    def as_dict(self) -> dict:
        """The --json report: the initiative keys as before; ``refused`` lists every sheet's
        refusals; ``campaigns`` and ``contributions`` describe those sheets."""
        def part(rows: list, kind: str) -> dict:
            return {"sheet": self.sheets.get(kind), "rows": len(rows),
                    "valid": sum(1 for r in rows if not r.errors),
                    "refused": [e.as_dict() for r in rows for e in r.errors][:MAX_ERRORS_LISTED],
                    "refused_total": sum(len(r.errors) for r in rows),
                    "duplicates": [{"row": r.row, "existing_id": r.duplicate_of} for r in rows
                                   if r.duplicate_of is not None and not r.errors]}

        contributions = part(self.contributions, "contributions")
        contributions["to_existing_campaigns"] = sum(1 for r in self.contributions if r.campaign_id)
        contributions["money_vnd"] = sum(r.item.amount_vnd or 0 for r in self.contributions
                                         if r.item is not None and r.item.kind == "tien")
        errors = self.errors
        return {"file": str(self.path), "rows": len(self.rows),
                "valid": sum(1 for r in self.rows if not r.errors),
                "refused": [e.as_dict() for e in errors[:MAX_ERRORS_LISTED]],
                "refused_total": len(errors), "notes": self.notes,
                "duplicates": [{"row": r.row, "existing_id": r.duplicate_of} for r in self.duplicates],
                "repeated_rows": [{"row": r.row, "same_as_row": r.same_as_row} for r in self.rows
                                  if r.same_as_row is not None],
                "new_places": self.new_places,
                "campaigns": part(self.campaigns, "campaigns"), "contributions": contributions}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _year(value: object) -> int | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    text = _text(value)
    return int(text) if text.isdigit() and len(text) == 4 else None


class _Places:
    """Communes and villages found in the catalogue, or to be created (when allowed)."""

    def __init__(self, store: Store, create: bool):
        self.store, self.create = store, create
        self.new: list[str] = []
        self._communes: dict[str, int | str] = {}
        self._villages: dict[tuple[int, str], int | None] = {}

    def commune(self, name: str) -> int | str | None:
        key = fold(name)
        if key in self._communes:
            return self._communes[key]
        candidates = [name] + [f"{w} {name}" for w in COMMUNE_WORDS
                               if not fold(name).startswith(fold(w))]
        found = next((a for a in (catalog.find_area(self.store, c, "xa") for c in candidates) if a), None)
        if found is None and self.create:
            full = name if any(fold(name).startswith(fold(w)) for w in COMMUNE_WORDS) else f"Xã {name}"
            if full not in self.new:
                self.new.append(full)
            found = full  # created at commit time
        if found is not None:
            self._communes[key] = found
        return found

    def village(self, commune: int | str, name: str) -> int | str | None:
        if isinstance(commune, int):
            key = (commune, fold(name))
            if key not in self._villages:
                candidates = [name] + [f"{w} {name}" for w in VILLAGE_WORDS
                                       if not fold(name).startswith(fold(w))]
                self._villages[key] = next((a for a in (catalog.find_area(self.store, c, "thon", commune)
                                                        for c in candidates) if a), None)
            if self._villages[key] is not None:
                return self._villages[key]
        if self.create:
            label = f"{name} ({commune if isinstance(commune, str) else 'xã đã có'})"
            if label not in self.new:
                self.new.append(label)
            return name
        return None


def plan_import(store: Store, path: str | Path, create_places: bool = False,
                progress: Callable[[int, int, str], None] | None = None) -> ImportPlan:
    """Read and check every row of every sheet the file has; nothing is written."""
    from . import campaign_import as ci

    snapshot = _snapshot(store)
    notes: list[str] = []
    sheets = read_sheets(path, {"initiatives": SheetKind(INITIATIVE_COLUMNS, INITIATIVE_SHEET),
                                "campaigns": ci.CAMPAIGN_KIND, "contributions": ci.CONTRIBUTION_KIND},
                         notes=notes)
    places = _Places(store, create_places)
    planned: list[PlannedRow] = []
    sheet = sheets.get("initiatives")
    if sheet is not None:
        existing: dict[tuple[str, str, int], int] = {}  # filled after: _mark_duplicates
        seen: dict[tuple[str, str, int], int] = {}
        total = len(sheet.rows)
        for count, (number, cells) in enumerate(sheet.rows, 1):
            values = {k: (cells[i] if i < len(cells) else None) for k, i in sheet.columns.items()}
            planned.append(_plan_row(number, values, places, existing, seen, sheet.name))
            if progress and count % 500 == 0:
                progress(count, total, f"Đã kiểm tra {count}/{total} dòng")
        _mark_duplicates(store, planned)
    campaigns = ci.plan_campaigns(store, sheets.get("campaigns"), places)
    campaign_sheet = sheets["campaigns"].name if "campaigns" in sheets else ci.CAMPAIGN_SHEET
    contributions = ci.plan_contributions(store, sheets.get("contributions"), places, campaigns,
                                          campaign_sheet or ci.CAMPAIGN_SHEET)
    names = {kind: sheet.name for kind, sheet in sheets.items()}
    return ImportPlan(Path(path), planned, places.new, campaigns, contributions, names,
                      create_places, snapshot, notes)


def _snapshot(store: Store) -> tuple:
    """What duplicates and places depend on: the newest audit entry and each table's
    count and newest id. Equal snapshots: the plan still holds."""
    parts: list = [store.scalar("SELECT max(id) FROM audit_log")]
    for table in ("initiatives", "campaigns", "contributions", "areas"):
        parts.extend(store.execute(f"SELECT count(*), max(id) FROM {table}").fetchone())
    return tuple(parts)


def _key(item: Initiative) -> tuple[str, str, int]:
    """What makes two initiatives the same: name and owner (folded) and year."""
    return fold(item.name), fold(item.owner_name), item.year


def _mark_duplicates(store: Store, rows: list[PlannedRow]) -> None:
    """Point each planned row at the live initiative it repeats, if any."""
    planned = [(row, _key(row.item)) for row in rows if row.item is not None and not row.errors]
    existing = _existing_keys(store, {key for _row, key in planned})
    for row, key in planned:
        row.duplicate_of = existing.get(key)


def _existing_keys(store: Store, keys: set[tuple[str, str, int]]) -> dict[tuple[str, str, int], int]:
    """The live initiatives with these keys. A search key begins with the folded name and
    owner, and an index holds each key's first SEARCH_START characters by year: the rows
    whose key starts so are read through it (a few per row of the file, not every
    initiative of the file folded at each import), then checked exactly."""
    from ...store.migrations import SEARCH_START

    if not keys:
        return {}
    heads = {(year, " ".join(p for p in (name, owner) if p)) for name, owner, year in keys}
    probes = sorted((year, head[:SEARCH_START], head) for year, head in heads)
    found: dict[tuple[str, str, int], int] = {}
    cursor = store.conn.cursor()
    cursor.row_factory = None
    for row_id, name, owner, year in cursor.execute(
            f"SELECT i.id, i.name, i.owner_name, i.year FROM json_each(?) j"
            f" JOIN initiatives i ON i.year = j.value ->> 0"
            f" AND substr(i.search_key, 1, {SEARCH_START}) >= j.value ->> 1"
            f" AND substr(i.search_key, 1, {SEARCH_START}) < (j.value ->> 1) || char(1114111)"
            # the whole folded name and owner, then a word's end: fewer rows to fold below
            f" AND substr(i.search_key, 1, length(j.value ->> 2)) = j.value ->> 2"
            f" AND substr(i.search_key, length(j.value ->> 2) + 1, 1) IN ('', ' ')"
            f" AND i.deleted_at IS NULL", (json.dumps(probes),)):
        key = (fold(name), fold(owner), year)
        if key in keys:
            found[key] = max(found.get(key, 0), row_id)  # the newest, as before
    return found


def _plan_row(number: int, values: dict, places: _Places, existing: dict, seen: dict,
              sheet: str = "") -> PlannedRow:
    errors: list[RowError] = []

    def refuse(column: str, reason: str) -> None:
        errors.append(RowError(number, COLUMN_LABEL.get(column, column), reason, sheet))

    for column, value in values.items():
        bad = control_character(value) if isinstance(value, str) else None
        if bad:
            refuse(column, CONTROL_REASON.format(bad))

    kind_text, field_text = _text(values.get("kind")), _text(values.get("field"))
    kind = vocab.KINDS.match(kind_text)
    if kind_text and kind is None:
        refuse("kind", f"“{kind_text}” không phải Tập thể hay Cá nhân.")
    field_code = vocab.FIELDS.match(field_text)
    if field_text and field_code is None:
        refuse("field", f"Không rõ lĩnh vực “{field_text}”.")
    status_text, level_text = _text(values.get("status")), _text(values.get("level"))
    status = vocab.STATUSES.match(status_text) if status_text else "dang_ky"
    if status is None:
        refuse("status", f"Không rõ trạng thái “{status_text}”.")
    level = vocab.LEVELS.match(level_text) if level_text else None
    if level_text and level is None:
        refuse("level", f"Không rõ cấp công nhận “{level_text}”.")
    year_value = values.get("year")
    year = _year(year_value)
    if _text(year_value) and year is None:
        refuse("year", f"“{_text(year_value)}” không phải năm có 4 chữ số.")
    registered = values.get("registered_on")
    try:
        registered_on = parse_date(registered if not isinstance(registered, float | int)
                                   else _text(registered))
    except ValueError:
        refuse("registered_on", f"“{_text(registered)}” không phải ngày dạng dd/mm/yyyy.")
        registered_on = None
    commune_name, village_name = _text(values.get("commune")), _text(values.get("village"))
    commune = places.commune(commune_name) if commune_name else None
    if commune_name and commune is None:
        refuse("commune", f"Xã, phường “{commune_name}” chưa có trong danh mục.")
    village = places.village(commune, village_name) if commune is not None and village_name else None
    if commune is not None and village_name and village is None:
        refuse("village", f"Thôn, xóm “{village_name}” chưa có trong danh mục của {commune_name}.")
    registration = read_registration(values, refuse)
    item = Initiative(
        **registration, name=_text(values.get("name")), kind=kind or "", field=field_code or "",
        owner_name=_text(values.get("owner_name")), position=_text(values.get("position")),
        commune_id=commune if isinstance(commune, int) else (0 if commune else None),
        village_id=village if isinstance(village, int) else None,
        year=year or 0, registered_on=registered_on.isoformat() if registered_on else None,
        status=status or "dang_ky", level=level, method=_text(values.get("method")),
        results=_text(values.get("results")), notes=_text(values.get("notes")))
    # The sheet has no date columns for recognition: a recognised row gets today's date,
    # and the preview says so before anything is written.
    filled = dates_to_fill(item.status, None, None, dt.date.today())
    for name, value in filled.items():
        setattr(item, name, value)
    try:
        item = validate_initiative(item)
    except ValidationError as exc:
        reported = {e.column for e in errors}
        for problem in exc.errors:
            column = FIELD_TO_COLUMN.get(problem.field, problem.field)
            if COLUMN_LABEL.get(column, column) not in reported:
                refuse(column, problem.message)
    row = PlannedRow(number, None if errors else item, errors, commune=commune_name,
                     village=village_name, name=_text(values.get("name")),
                     owner=_text(values.get("owner_name")), filled=filled)
    if not errors:
        key = (fold(item.name), fold(item.owner_name), item.year)
        row.duplicate_of = existing.get(key)
        row.same_as_row = seen.get(key)
        seen.setdefault(key, number)
    return row


def commit_import(store: Store, plan: ImportPlan, keep_duplicates: bool = False,
                  progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write every planned row in one transaction (refused if any row was refused);
    returns the number of initiatives written (commit_plan says the rest)."""
    return commit_plan(store, plan, keep_duplicates, progress).initiatives


def commit_plan(store: Store, plan: ImportPlan, keep_duplicates: bool = False,
                progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    """Write the initiatives, campaigns and contributions of the plan in one transaction,
    or nothing when any row of any sheet was refused."""
    from .campaign_import import commit_campaigns

    if plan.errors:
        raise ValidationError([])  # the caller shows plan.errors; nothing is written
    result = ImportResult()
    with store.atomic():  # BEGIN IMMEDIATE: no other writer between the check and the write
        if _snapshot(store) != plan.snapshot:  # written meanwhile: check duplicates again
            plan = plan_import(store, plan.path, plan.create_places)
            if plan.errors:
                raise ValidationError([FieldError("file", (
                    "Tệp dữ liệu đã thay đổi từ lúc kiểm tra và tệp nhập nay có dòng bị từ chối: "
                    f"{plan.errors[0]}. Hãy kiểm tra lại."))])
        rows = [r for r in plan.rows if r.item is not None
                and (keep_duplicates or r.duplicate_of is None)]
        places = _PlaceWriter(store)
        for count, row in enumerate(rows, 1):
            item = replace(row.item)
            item.commune_id, item.village_id = places.ids(item.commune_id, row.commune, row.village,
                                                          item.village_id)
            save_initiative(store, item, status_note=f"Nhập từ tệp {plan.path.name}", reload=False)
            if progress and count % 500 == 0:
                progress(count, len(rows), f"Đã ghi {count}/{len(rows)} mô hình")
        result.initiatives = len(rows)
        if plan.campaigns or plan.contributions:
            result.campaigns, result.contributions = commit_campaigns(
                store, plan.campaigns, plan.contributions, places.ids, keep_duplicates, progress)
        records.audit(store, "import", "initiatives", None, None,
                      {"file": [None, plan.path.name], "rows": [None, len(rows)],
                       "campaigns": [None, result.campaigns],
                       "contributions": [None, result.contributions]})
    result.plan = plan
    return result


class _PlaceWriter:
    """The ids of the places of planned rows, creating those the plan allowed to create."""

    def __init__(self, store: Store):
        self.store = store
        self.district = store.scalar(
            "SELECT parent_id FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
            " GROUP BY parent_id ORDER BY count(*) DESC LIMIT 1")
        self.communes: dict[str, int] = {}

    def ids(self, commune_id: int | None, commune: str, village: str,
            village_id: int | None = None) -> tuple[int, int | None]:
        if commune_id == 0:  # a commune created by this import
            key = fold(commune)
            if key not in self.communes:
                self.communes[key] = catalog.ensure_area(self.store, _commune_full(commune), "xa",
                                                         self.district)
            commune_id = self.communes[key]
        if village and village_id is None:
            village_id = catalog.ensure_area(self.store, _village_full(village), "thon", commune_id)
        return commune_id, village_id


def _commune_full(name: str) -> str:
    return name if any(fold(name).startswith(fold(w)) for w in COMMUNE_WORDS) else f"Xã {name}"


def _village_full(name: str) -> str:
    words = ("thon", "xom", "khoi", "to dan pho", "ap", "ban", "to")
    return name if fold(name).startswith(words) else f"Thôn {name}"
