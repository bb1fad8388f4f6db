"""Importing a commune's spreadsheet: initiatives (trang “Mô hình”), campaigns and their
contributions (trang “Cuộc vận động”, “Đóng góp”, campaign_import.py), whichever sheets the
file has. Every row is checked first; a preview of what would be written (each refused
row's sheet, number, column and reason, and possible duplicates), then all of it in one
transaction after a backup, or nothing."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...domain import vocab
from ...domain.entities import Initiative
from ...domain.lifecycle import dates_to_fill
from ...domain.text import fold, parse_date
from ...domain.validation import (
    CONTROL_REASON,
    FieldError,
    ValidationError,
    control_character,
    validate_initiative,
)
from ...store import records
from ...store.db import Store
from ...store.initiative_bulk import insert_initiatives
from ...store.initiatives import save_initiative
from .columns import INITIATIVE_COLUMNS
from .planning import Places, PlaceWriter, RowError, cell_text, folded
from .reader import SheetKind, read_sheets
from .registration import read_registration

COLUMN_LABEL = {c.key: c.header for c in INITIATIVE_COLUMNS}
# Validation names fields by the record's attributes; the preview names the file's columns.
FIELD_TO_COLUMN = {"owner_name": "owner_name", "commune_id": "commune", "village_id": "village",
                   # the sheet has no date columns for these: the status is what to fix
                   "recognized_on": "status", "commended_on": "status"}
INITIATIVE_SHEET = "Mô hình"
MAX_ERRORS_LISTED = 50  # the --json report: the first ones, and how many in all


PLACES_HINT = ("Hãy thêm các địa bàn này trong Danh mục, hoặc cho phép tạo mới khi nhập: đánh dấu "
               "“Tạo mới các xã, thôn chưa có trong danh mục” (dòng lệnh: --create-places).")


@dataclass
class UnknownPlace:
    """A place the file names that the catalogue lacks, with every row that names it."""

    kind: str  # "commune" or "village"
    name: str
    commune: str = ""  # a village's commune
    rows: list[tuple[str, int]] = field(default_factory=list)  # (sheet, row)

    def __str__(self) -> str:
        what = (f"Xã, phường “{self.name}”" if self.kind == "commune"
                else f"Thôn, xóm “{self.name}” ({self.commune})")
        return f"{what}: {_row_list(self.rows)}"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "commune": self.commune,
                "rows": [{"sheet": sheet, "row": row} for sheet, row in self.rows]}


MAX_RUNS = 12  # a place named by thousands of scattered rows: the first runs and the count


def _row_list(rows: list[tuple[str, int]]) -> str:
    """``trang “Mô hình” dòng 2–5, 9; trang “Cuộc vận động” dòng 3``: runs joined."""
    parts, by_sheet = [], {}
    for sheet, row in rows:
        by_sheet.setdefault(sheet, []).append(row)
    for sheet, numbers in by_sheet.items():
        runs, start = [], None
        numbers = sorted(set(numbers))
        for i, n in enumerate(numbers):
            start = n if start is None else start
            if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
                runs.append(f"{start}–{n}" if n > start else str(n))
                start = None
        prefix = f"trang “{sheet}” dòng " if sheet else "dòng "
        shown = ", ".join(runs[:MAX_RUNS]) + (f"… ({len(numbers)} dòng)" if len(runs) > MAX_RUNS else "")
        parts.append(prefix + shown)
    return "; ".join(parts)


def unknown_places(errors: list[RowError]) -> list[UnknownPlace]:
    """The places of refusals for an unknown place, each once, in the order first met."""
    found: dict[tuple, UnknownPlace] = {}
    for error in errors:
        if not error.place:
            continue
        name, _, commune = error.place.partition("|")
        key = ("village" if commune else "commune", fold(name), fold(commune))
        place = found.setdefault(key, UnknownPlace(key[0], name, commune))
        place.rows.append((error.sheet, error.row))
    return list(found.values())


@dataclass
class PlannedRow:
    row: int
    item: Initiative | None
    errors: list[RowError] = field(default_factory=list)
    duplicate_of: int | None = None  # an initiative already in the data file
    same_as_row: int | None = None  # an earlier row of the same file (kept: flagged only)
    former_commune_id: int | None = None  # the merged-away commune the file named
    commune: str = ""
    village: str = ""
    name: str = ""  # as typed, for the preview of a refused row
    owner: str = ""
    filled: dict[str, str] = field(default_factory=dict)  # dates the import fills (ISO), shown
    key: tuple[str, str, int] | None = None  # what a duplicate shares (_key), for a valid row


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
    def unknown_places(self) -> list[UnknownPlace]:
        return unknown_places(self.errors)

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
                "unknown_places": [p.as_dict() for p in self.unknown_places],
                "campaigns": part(self.campaigns, "campaigns"), "contributions": contributions}


def _year(value: object) -> int | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    text = cell_text(value)
    return int(text) if text.isdigit() and len(text) == 4 else None


def plan_import(store: Store, path: str | Path, create_places: bool = False,
                progress: Callable[[int, int, str], None] | None = None) -> ImportPlan:
    """Read and check every row of every sheet the file has; nothing is written."""
    from . import campaign_import as ci

    snapshot = _snapshot(store)
    notes: list[str] = []
    sheets = read_sheets(path, {"initiatives": SheetKind(INITIATIVE_COLUMNS, INITIATIVE_SHEET),
                                "campaigns": ci.CAMPAIGN_KIND, "contributions": ci.CONTRIBUTION_KIND},
                         notes=notes, progress=progress)
    places = Places(store, create_places)
    planned: list[PlannedRow] = []
    sheet = sheets.get("initiatives")
    if sheet is not None:
        existing: dict[tuple[str, str, int], int] = {}  # filled after: mark_duplicates
        seen: dict[tuple[str, str, int], int] = {}
        total = len(sheet.rows)
        for count, (number, cells) in enumerate(sheet.rows, 1):
            values = {k: (cells[i] if i < len(cells) else None) for k, i in sheet.columns.items()}
            planned.append(plan_row(number, values, places, existing, seen, sheet.name))
            if progress and count % 500 == 0:
                progress(count, total, f"Đã kiểm tra {count}/{total} dòng")
        mark_duplicates(store, planned)
    campaigns = ci.plan_campaigns(store, sheets.get("campaigns"), places)
    campaign_sheet = sheets["campaigns"].name if "campaigns" in sheets else ci.CAMPAIGN_SHEET
    contributions = ci.plan_contributions(store, sheets.get("contributions"), places, campaigns,
                                          campaign_sheet or ci.CAMPAIGN_SHEET)
    names = {kind: sheet.name for kind, sheet in sheets.items()}
    return ImportPlan(Path(path), planned, places.new, campaigns, contributions, names,
                      create_places, snapshot, notes)


def _snapshot(store: Store) -> tuple:
    """What duplicates and places depend on: the newest audit entry (every change writes
    one) and each table's newest id (every insert raises it; rows are never deleted, only
    binned, which is a change). Equal snapshots: the plan still holds. No count(*): at a
    million records it reads a whole index, twice per import."""
    parts: list = [store.scalar("SELECT max(id) FROM audit_log")]
    for table in ("initiatives", "campaigns", "contributions", "areas"):
        parts.append(store.scalar(f"SELECT max(id) FROM {table}"))
    return tuple(parts)


def _key(item: Initiative) -> tuple[str, str, int]:
    """What makes two initiatives the same: name and owner (folded) and year."""
    return folded(item.name), folded(item.owner_name), item.year


def mark_duplicates(store: Store, rows: list[PlannedRow]) -> None:
    """Point each planned row at the live initiative it repeats, if any."""
    planned = [(row, row.key or _key(row.item)) for row in rows if row.item is not None and not row.errors]
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
        key = (fold(name), folded(owner), year)
        if key in keys:
            found[key] = max(found.get(key, 0), row_id)  # the newest, as before
    return found


@functools.lru_cache(maxsize=4096)
def _term(vocabulary: vocab.Vocabulary, typed: str) -> str | None:
    return vocabulary.match(typed)  # a file types the same few kinds and fields on every row


Refuse = Callable[[str, str], RowError]


def plan_row(number: int, values: dict, places: Places, existing: dict, seen: dict,
              sheet: str = "") -> PlannedRow:
    """One row of a sheet checked as the window's form checks an initiative: every problem
    named by its column; the item planned (with its duplicate key) when there is none."""
    errors: list[RowError] = []

    def refuse(column: str, reason: str) -> RowError:
        errors.append(RowError(number, COLUMN_LABEL.get(column, column), reason, sheet))
        return errors[-1]

    for column, value in values.items():
        bad = control_character(value) if isinstance(value, str) else None
        if bad:
            refuse(column, CONTROL_REASON.format(bad))
    kind, field_code, status, level = _terms(values, refuse)
    year, registered_on = _when(values, refuse)
    commune_name, village_name = cell_text(values.get("commune")), cell_text(values.get("village"))
    commune, village = _place(places, commune_name, village_name, refuse)
    registration = read_registration(values, refuse)
    item = Initiative(
        **registration, name=cell_text(values.get("name")), kind=kind or "", field=field_code or "",
        owner_name=cell_text(values.get("owner_name")), position=cell_text(values.get("position")),
        commune_id=commune if isinstance(commune, int) else (0 if commune else None),
        village_id=village if isinstance(village, int) else None,
        year=year or 0, registered_on=registered_on.isoformat() if registered_on else None,
        status=status or "dang_ky", level=level, method=cell_text(values.get("method")),
        results=cell_text(values.get("results")), notes=cell_text(values.get("notes")))
    # The sheet has no date columns for recognition: a recognised row gets today's date,
    # and the preview says so before anything is written.
    filled = dates_to_fill(item.status, None, None, dt.date.today())
    for name, value in filled.items():
        setattr(item, name, value)
    item = _validated(item, errors, refuse)
    row = PlannedRow(number, None if errors else item, errors, commune=commune_name,
                     village=village_name, name=cell_text(values.get("name")),
                     owner=cell_text(values.get("owner_name")), filled=filled,
                     former_commune_id=places.as_typed(commune_name) if commune_name else None)
    if not errors:
        key = row.key = _key(item)
        row.duplicate_of = existing.get(key)
        row.same_as_row = seen.get(key)
        seen.setdefault(key, number)
    return row


def _terms(values: dict, refuse: Refuse) -> tuple[str | None, str | None, str | None, str | None]:
    """Kind, field, status (Đăng ký when blank) and level, as typed words matched."""
    kind_text, field_text = cell_text(values.get("kind")), cell_text(values.get("field"))
    kind = _term(vocab.KINDS, kind_text)
    if kind_text and kind is None:
        refuse("kind", f"“{kind_text}” không phải Tập thể hay Cá nhân.")
    field_code = _term(vocab.FIELDS, field_text)
    if field_text and field_code is None:
        refuse("field", f"Không rõ lĩnh vực “{field_text}”.")
    status_text, level_text = cell_text(values.get("status")), cell_text(values.get("level"))
    status = _term(vocab.STATUSES, status_text) if status_text else "dang_ky"
    if status is None:
        refuse("status", f"Không rõ trạng thái “{status_text}”.")
    level = _term(vocab.LEVELS, level_text) if level_text else None
    if level_text and level is None:
        refuse("level", f"Không rõ cấp công nhận “{level_text}”.")
    return kind, field_code, status, level


def _when(values: dict, refuse: Refuse) -> tuple[int | None, dt.date | None]:
    """The year (four digits) and the registration date (dd/mm/yyyy or a date cell)."""
    year_value = values.get("year")
    year = _year(year_value)
    if cell_text(year_value) and year is None:
        refuse("year", f"“{cell_text(year_value)}” không phải năm có 4 chữ số.")
    registered = values.get("registered_on")
    try:
        registered_on = parse_date(registered if not isinstance(registered, float | int)
                                   else cell_text(registered))
    except ValueError:
        refuse("registered_on", f"“{cell_text(registered)}” không phải ngày dạng dd/mm/yyyy.")
        registered_on = None
    return year, registered_on


def _place(places: Places, commune_name: str, village_name: str,
           refuse: Refuse) -> tuple[int | str | None, int | str | None]:
    """The commune and village as the catalogue knows them; an unknown one is refused and
    remembered (the preview offers to add it)."""
    commune = places.commune(commune_name) if commune_name else None
    if commune_name and commune is None:
        refuse("commune", f"Xã, phường “{commune_name}” chưa có trong danh mục.").place = commune_name
    village = places.village(commune, village_name) if commune is not None and village_name else None
    if commune is not None and village_name and village is None:
        refuse("village", f"Thôn, xóm “{village_name}” chưa có trong danh mục của {commune_name}."
               ).place = f"{village_name}|{commune_name}"
    return commune, village


def _validated(item: Initiative, errors: list[RowError], refuse: Refuse) -> Initiative:
    """The domain's own checks, each named once (a column already refused is not again)."""
    try:
        return validate_initiative(item)
    except ValidationError as exc:
        reported = {e.column for e in errors}
        for problem in exc.errors:
            column = FIELD_TO_COLUMN.get(problem.field, problem.field)
            if COLUMN_LABEL.get(column, column) not in reported:
                refuse(column, problem.message)
        return item


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
        places = PlaceWriter(store)
        items = []
        for row in rows:
            item = copy.copy(row.item)  # the plan's stays as checked (a Cancel may retry it)
            item.commune_id, item.village_id = places.ids(item.commune_id, row.commune, row.village,
                                                          item.village_id)
            if row.former_commune_id is not None:  # rare: one by one, as #13 moves them
                _save_via_former(store, item, row.former_commune_id, plan.path.name)
            else:
                items.append(item)
        insert_initiatives(store, items, f"Nhập từ tệp {plan.path.name}", progress, validated=True)
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


def _save_via_former(store: Store, item: Initiative, former: int, file_name: str) -> None:
    """A row naming a commune merged away since: written under that commune, then moved to
    today's, as a merge moves records, so its history (and the name it prints for its date)
    keeps the commune it was registered in."""
    today = item.commune_id
    item.commune_id = former
    saved = save_initiative(store, item, status_note=f"Nhập từ tệp {file_name}", reload=False)
    records.update(store, "initiatives", saved.id, {"commune_id": today, "former_commune_id": former})
    for table, column in (("organizations", "organization_id"), ("persons", "person_id")):
        owner = getattr(saved, column)
        area = store.scalar(f"SELECT area_id FROM {table} WHERE id = ?", (owner,)) if owner else None
        if area == former:
            records.update(store, table, owner, {"area_id": today})
