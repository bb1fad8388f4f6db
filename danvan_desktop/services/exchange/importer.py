"""Importing initiatives from a commune's spreadsheet: every row checked first, a preview
of what would be written (with each refused row's number, column and reason, and possible
duplicates), then all of it in one transaction after a backup, or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...domain import vocab
from ...domain.entities import Initiative
from ...domain.text import fold, nfc, parse_date
from ...domain.validation import ValidationError, validate_initiative
from ...store import catalog, records
from ...store.db import Store
from ...store.initiatives import save_initiative
from .columns import INITIATIVE_COLUMNS
from .reader import read_sheet

COLUMN_LABEL = {c.key: c.header for c in INITIATIVE_COLUMNS}
# Validation names fields by the record's attributes; the preview names the file's columns.
FIELD_TO_COLUMN = {"owner_name": "owner_name", "commune_id": "commune", "village_id": "village"}
COMMUNE_WORDS = ("Xã", "Phường", "Thị trấn")


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Dòng {self.row}, cột “{self.column}”: {self.reason}"


@dataclass
class PlannedRow:
    row: int
    item: Initiative | None
    errors: list[RowError] = field(default_factory=list)
    duplicate_of: int | None = None  # an initiative already in the data file
    same_as_row: int | None = None  # an earlier row of the same file (kept: flagged only)
    commune: str = ""
    village: str = ""


@dataclass
class ImportPlan:
    path: Path
    rows: list[PlannedRow]
    new_places: list[str]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.duplicate_of is not None and not r.errors]

    def as_dict(self) -> dict:
        return {"file": str(self.path), "rows": len(self.rows),
                "valid": sum(1 for r in self.rows if not r.errors),
                "refused": [{"row": e.row, "column": e.column, "reason": e.reason} for e in self.errors],
                "duplicates": [{"row": r.row, "existing_id": r.duplicate_of} for r in self.duplicates],
                "repeated_rows": [{"row": r.row, "same_as_row": r.same_as_row} for r in self.rows
                                  if r.same_as_row is not None],
                "new_places": self.new_places}


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
            self.new.append(full)
            found = full  # created at commit time
        if found is not None:
            self._communes[key] = found
        return found

    def village(self, commune: int | str, name: str) -> int | str | None:
        if isinstance(commune, int):
            key = (commune, fold(name))
            if key not in self._villages:
                self._villages[key] = catalog.find_area(self.store, name, "thon", commune)
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
    """Read and check every row; nothing is written."""
    sheet = read_sheet(path, INITIATIVE_COLUMNS)
    places = _Places(store, create_places)
    existing = _existing_keys(store)
    seen: dict[tuple[str, str, int], int] = {}
    planned: list[PlannedRow] = []
    total = len(sheet.rows)
    for count, (number, cells) in enumerate(sheet.rows, 1):
        values = {k: (cells[i] if i < len(cells) else None) for k, i in sheet.columns.items()}
        planned.append(_plan_row(number, values, places, existing, seen))
        if progress and count % 500 == 0:
            progress(count, total, f"Đã kiểm tra {count}/{total} dòng")
    return ImportPlan(Path(path), planned, places.new)


def _existing_keys(store: Store) -> dict[tuple[str, str, int], int]:
    return {(fold(r[1]), fold(r[2]), r[3]): r[0] for r in store.execute(
        "SELECT id, name, owner_name, year FROM initiatives WHERE deleted_at IS NULL")}


def _plan_row(number: int, values: dict, places: _Places, existing: dict, seen: dict) -> PlannedRow:
    errors: list[RowError] = []

    def refuse(column: str, reason: str) -> None:
        errors.append(RowError(number, COLUMN_LABEL.get(column, column), reason))

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
    item = Initiative(
        name=_text(values.get("name")), kind=kind or "", field=field_code or "",
        owner_name=_text(values.get("owner_name")), position=_text(values.get("position")),
        commune_id=commune if isinstance(commune, int) else (0 if commune else None),
        village_id=village if isinstance(village, int) else None,
        year=year or 0, registered_on=registered_on.isoformat() if registered_on else None,
        status=status or "dang_ky", level=level, method=_text(values.get("method")),
        results=_text(values.get("results")), notes=_text(values.get("notes")))
    try:
        item = validate_initiative(item)
    except ValidationError as exc:
        reported = {e.column for e in errors}
        for problem in exc.errors:
            column = FIELD_TO_COLUMN.get(problem.field, problem.field)
            if COLUMN_LABEL.get(column, column) not in reported:
                refuse(column, problem.message)
    row = PlannedRow(number, None if errors else item, errors, commune=commune_name,
                     village=village_name)
    if not errors:
        key = (fold(item.name), fold(item.owner_name), item.year)
        row.duplicate_of = existing.get(key)
        row.same_as_row = seen.get(key)
        seen.setdefault(key, number)
    return row


def commit_import(store: Store, plan: ImportPlan, keep_duplicates: bool = False,
                  progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write every planned row in one transaction (refused if any row was refused);
    returns the number of initiatives written."""
    if plan.errors:
        raise ValidationError([])  # the caller shows plan.errors; nothing is written
    rows = [r for r in plan.rows if r.item is not None
            and (keep_duplicates or r.duplicate_of is None)]
    district = store.scalar("SELECT parent_id FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
                            " GROUP BY parent_id ORDER BY count(*) DESC LIMIT 1")
    with store.atomic():
        communes: dict[str, int] = {}
        for count, row in enumerate(rows, 1):
            item = row.item
            if item.commune_id == 0:  # a commune created by this import
                key = fold(row.commune)
                if key not in communes:
                    communes[key] = catalog.ensure_area(store, _commune_full(row.commune), "xa", district)
                item.commune_id = communes[key]
            if row.village and item.village_id is None:
                item.village_id = catalog.ensure_area(store, _village_full(row.village), "thon",
                                                      item.commune_id)
            save_initiative(store, item, status_note=f"Nhập từ tệp {plan.path.name}", reload=False)
            if progress and count % 500 == 0:
                progress(count, len(rows), f"Đã ghi {count}/{len(rows)} mô hình")
        records.audit(store, "import", "initiatives", None, None,
                      {"file": [None, plan.path.name], "rows": [None, len(rows)]})
    return len(rows)


def _commune_full(name: str) -> str:
    return name if any(fold(name).startswith(fold(w)) for w in COMMUNE_WORDS) else f"Xã {name}"


def _village_full(name: str) -> str:
    words = ("thon", "xom", "khoi", "to dan pho", "ap", "ban", "to")
    return name if fold(name).startswith(words) else f"Thôn {name}"
