"""Importing campaigns (trang “Cuộc vận động”) and their contributions (trang “Đóng góp”):
each row checked with its sheet, row, column and reason; a contribution belongs to a
campaign of the same file, or to one already in the data file, by its name (and commune
when two share a name). Written with the rest of the import, in its one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...domain import vocab
from ...domain.entities import Campaign, Contribution
from ...domain.text import fold, nfc, parse_date, parse_money
from ...domain.validation import (
    CONTROL_REASON,
    ValidationError,
    control_character,
    validate_campaign,
    validate_contribution,
)
from ...store.campaigns import add_contribution, save_campaign
from ...store.db import Store
from .columns import AMOUNT_KEYS, CAMPAIGN_COLUMNS, CONTRIBUTION_COLUMNS
from .importer import RowError, _Places, _text
from .reader import FileRefused, Sheet, SheetKind

CAMPAIGN_SHEET, CONTRIBUTION_SHEET = "Cuộc vận động", "Đóng góp"
CAMPAIGN_KIND = SheetKind(CAMPAIGN_COLUMNS, CAMPAIGN_SHEET)
CONTRIBUTION_KIND = SheetKind(CONTRIBUTION_COLUMNS, CONTRIBUTION_SHEET)
CAMPAIGN_LABEL = {c.key: c.header for c in CAMPAIGN_COLUMNS}
CONTRIBUTION_LABEL = {c.key: c.header for c in CONTRIBUTION_COLUMNS}
_FIELD_TO_COLUMN = {"commune_id": "commune", "village_id": "village", "campaign_id": "title"}
_WHOLE = re.compile(r"\d{1,3}(?:[. ]\d{3})+|\d+")
_DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")
_UNIT = re.compile(r"\s*(m2|m²|m|ngày công|ngày|công)$", re.IGNORECASE)
MEASURES = ("length_m", "width_before_m", "width_after_m")
COUNTS = ("households_benefited", "households_poor", "households_near_poor", "households_asked",
          "households_agreed")


@dataclass
class PlannedCampaign:
    row: int
    item: Campaign | None
    errors: list[RowError] = field(default_factory=list)
    duplicate_of: int | None = None  # a campaign already in the data file (same name and commune)
    title: str = ""
    commune: str = ""
    village: str = ""
    place: int | str | None = None  # the commune's id, or its name when this import creates it


@dataclass
class PlannedContribution:
    row: int
    item: Contribution | None
    errors: list[RowError] = field(default_factory=list)
    campaign_row: int | None = None  # its campaign's row in the “Cuộc vận động” sheet
    campaign_id: int | None = None  # or a campaign already in the data file
    duplicate_of: int | None = None  # the id of the same ledger row already stored
    title: str = ""


def _number(value: object) -> float:
    """A measure as offices type it: ``850``, ``1.250,5``, ``2,5``, ``2.5``, ``120 m``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _UNIT.sub("", nfc(str(value))).replace(" ", "")
    match = _DECIMAL.fullmatch(text)
    if match:
        return float(match.group(1).replace(".", "") + "." + (match.group(2) or "0"))
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    raise ValueError(text)


def _whole(value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = nfc(str(value))
    if not _WHOLE.fullmatch(text):
        raise ValueError(text)
    return int(text.replace(".", "").replace(" ", ""))


def _date(value: object) -> dt.date | None:
    """An Excel date, its serial number, or dd/mm/yyyy text."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 < value < 80_000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return parse_date(value if isinstance(value, dt.date) else _text(value))


class _Row:
    """One row's values and refusals."""

    def __init__(self, sheet: Sheet, number: int, cells: list[object], labels: dict[str, str]):
        self.number, self.sheet, self.labels = number, sheet.name, labels
        self.values = {k: (cells[i] if i < len(cells) else None) for k, i in sheet.columns.items()}
        self.errors: list[RowError] = []
        for key, value in self.values.items():
            bad = control_character(value) if isinstance(value, str) else None
            if bad:
                self.refuse(key, CONTROL_REASON.format(bad))

    def text(self, key: str) -> str:
        return _text(self.values.get(key))

    def refuse(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.number, self.labels.get(key, key), reason, self.sheet))

    def parse(self, key: str, parser: Callable[[object], object], reason: str) -> object:
        value = self.values.get(key)
        if value is None or _text(value) == "":
            return None
        try:
            return parser(value)
        except (ValueError, OverflowError):
            self.refuse(key, reason.format(_text(value)))
            return None

    def code(self, key: str, vocabulary: vocab.Vocabulary, what: str, default: str | None = None):
        typed = self.text(key)
        if not typed:
            return default
        found = vocabulary.match(typed)
        if found is None:
            allowed = ", ".join(t.label for t in vocabulary)
            self.refuse(key, f"Không rõ {what} “{typed}”; chọn một trong: {allowed}.")
        return found

    def validated(self, check, item, columns: dict[str, str], ignore: tuple[str, ...] = ()):
        try:
            return check(item)
        except ValidationError as exc:
            reported = {e.column for e in self.errors}
            for problem in exc.errors:
                key = columns.get(problem.field, problem.field)
                if problem.field in ignore:
                    continue
                if self.labels.get(key, key) not in reported:
                    self.refuse(key, problem.message)
            return None


_BAD_DATE = "“{}” không phải ngày dạng dd/mm/yyyy."
_BAD_MONEY = "“{}” không phải số tiền (ví dụ 1.200.000, 1,2 tỷ hoặc 30 triệu)."
_BAD_NUMBER = "“{}” không phải một số (ví dụ 850 hoặc 1.250,5)."
_BAD_WHOLE = "“{}” không phải số nguyên."


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def plan_campaigns(store: Store, sheet: Sheet | None, places: _Places) -> list[PlannedCampaign]:
    if sheet is None:
        return []
    existing: dict[tuple[str, int], int] = {}
    for r in store.execute("SELECT id, title, commune_id FROM campaigns WHERE deleted_at IS NULL"):
        existing.setdefault((fold(r[1]), r[2]), r[0])
    seen: dict[tuple[str, object], int] = {}
    planned = []
    for number, cells in sheet.rows:
        row = _Row(sheet, number, cells, CAMPAIGN_LABEL)
        kind = row.code("type", vocab.CAMPAIGN_TYPES, "loại công trình")
        status = row.code("status", vocab.CAMPAIGN_STATUSES, "tình trạng", "ke_hoach")
        dates = {k: _iso(row.parse(k, _date, _BAD_DATE)) for k in ("started_on", "finished_on")}
        numbers = {k: row.parse(k, _number, _BAD_NUMBER) for k in MEASURES}
        numbers.update({k: row.parse(k, _whole, _BAD_WHOLE) for k in COUNTS})
        estimate = row.parse("estimate_vnd", parse_money, _BAD_MONEY)
        commune_name, village_name = row.text("commune"), row.text("village")
        commune = places.commune(commune_name) if commune_name else None
        if commune_name and commune is None:
            row.refuse("commune", f"Xã, phường “{commune_name}” chưa có trong danh mục.")
        village = places.village(commune, village_name) if commune is not None and village_name else None
        if commune is not None and village_name and village is None:
            row.refuse("village", f"Thôn, xóm “{village_name}” chưa có trong danh mục của {commune_name}.")
        item = Campaign(title=row.text("title"), type=kind or "", status=status or "ke_hoach",
                        commune_id=commune if isinstance(commune, int) else (0 if commune else None),
                        village_id=village if isinstance(village, int) else None, estimate_vnd=estimate,
                        notes=row.text("notes"), **dates, **numbers)
        item = row.validated(validate_campaign, item, _FIELD_TO_COLUMN)
        title = row.text("title")
        key = (fold(title), commune)
        if title and commune is not None and key in seen:
            row.refuse("title", f"Trùng tên và xã với công trình ở dòng {seen[key]}; mỗi công trình "
                                "chỉ ghi một dòng (đóng góp ghi ở trang “Đóng góp”).")
        seen.setdefault(key, number)
        planned.append(PlannedCampaign(
            number, None if row.errors else item, row.errors,
            existing.get(key) if isinstance(commune, int) and not row.errors else None,
            title, commune_name, village_name, commune))
    return planned


class _Campaigns:
    """Finds the campaign a contribution row names: in the file first, then in the data."""

    def __init__(self, store: Store, campaigns: list[PlannedCampaign], places: _Places):
        self.places = places
        self.in_file: dict[str, list[PlannedCampaign]] = {}
        for planned in campaigns:
            if planned.title:
                self.in_file.setdefault(fold(planned.title), []).append(planned)
        self.stored: dict[str, list[tuple[int, int]]] = {}
        for r in store.execute("SELECT id, title, commune_id FROM campaigns WHERE deleted_at IS NULL"):
            self.stored.setdefault(fold(r[1]), []).append((r[0], r[2]))

    def find(self, row: _Row, title: str, sheet_name: str) -> tuple[int | None, int | None]:
        """(campaign row in the file, campaign id in the data); refuses the row if neither."""
        in_file, stored = self.in_file.get(fold(title), []), self.stored.get(fold(title), [])
        commune_name = row.text("commune")
        if commune_name:
            place = self.places.commune(commune_name)
            if place is None:
                row.refuse("commune", f"Xã, phường “{commune_name}” chưa có trong danh mục.")
                return None, None
            in_file = [c for c in in_file if c.place == place]
            stored = [s for s in stored if s[1] == place]
        unique: dict[object, PlannedCampaign] = {}  # one written twice is refused on its own sheet
        for candidate in in_file:
            unique.setdefault(id(candidate) if candidate.place is None else candidate.place, candidate)
        in_file = list(unique.values())
        where = f" của {commune_name}" if commune_name else ""
        if len(in_file) > 1 or (not in_file and len(stored) > 1):
            row.refuse("title", f"Có {max(len(in_file), len(stored))} công trình tên “{title}”{where}; "
                                "ghi thêm cột “Xã/phường” để chọn đúng công trình.")
        elif in_file:
            return in_file[0].row, None
        elif stored:
            return None, stored[0][0]
        else:
            row.refuse("title", f"Không tìm thấy công trình “{title}”{where} ở trang “{sheet_name}” "
                                "của tệp này hay trong dữ liệu.")
        return None, None


def _ledger_key(campaign_id: int, item: Contribution) -> tuple:
    return (campaign_id, item.on_date, item.source, item.kind, item.amount_vnd,
            float(item.quantity) if item.quantity is not None else None, fold(item.contributor))


def plan_contributions(store: Store, sheet: Sheet | None, places: _Places,
                       campaigns: list[PlannedCampaign],
                       campaign_sheet: str = CAMPAIGN_SHEET) -> list[PlannedContribution]:
    if sheet is None:
        return []
    if not any(k in sheet.columns for k in AMOUNT_KEYS):
        raise FileRefused(f"Trang “{sheet.name or CONTRIBUTION_SHEET}” thiếu cột bắt buộc: "
                          f"“{CONTRIBUTION_LABEL['amount']}”.")
    finder = _Campaigns(store, campaigns, places)
    by_row = {c.row: c for c in campaigns}
    ledgers: dict[int, dict[tuple, list[int]]] = {}
    planned = []
    for number, cells in sheet.rows:
        row = _Row(sheet, number, cells, CONTRIBUTION_LABEL)
        kind = row.code("kind", vocab.CONTRIBUTION_KINDS, "hình thức đóng góp")
        source = row.code("source", vocab.SOURCES, "nguồn đóng góp")
        on_date = _iso(row.parse("on_date", _date, _BAD_DATE))
        money = kind in vocab.MONEY_KINDS
        keys = [k for k in ("amount", "amount_vnd" if money else "quantity") if k in sheet.columns]
        keys = keys or [k for k in AMOUNT_KEYS if k in sheet.columns]  # one value column for all kinds
        amount_key = next((k for k in keys if row.text(k)), keys[0] if keys else "amount")
        value = row.parse(amount_key, parse_money if money else _number,
                          _BAD_MONEY if money else _BAD_NUMBER) if kind else None
        title = row.text("title")
        if not title:
            row.refuse("title", "Chưa nhập tên công trình.")
        campaign_row, campaign_id = finder.find(row, title, campaign_sheet) if title else (None, None)
        item = Contribution(campaign_id=campaign_id or -1, on_date=on_date, source=source or "",
                            kind=kind or "", contributor=row.text("contributor"), note=row.text("note"),
                            amount_vnd=value if money else None, quantity=None if money else value)
        columns = {"amount_vnd": amount_key, "quantity": amount_key, **_FIELD_TO_COLUMN}
        item = row.validated(validate_contribution, item, columns,
                             () if kind else ("amount_vnd", "quantity"))
        planned_row = PlannedContribution(number, None if row.errors else item, row.errors, campaign_row,
                                          campaign_id, title=title)
        target = campaign_id if campaign_row is None else by_row[campaign_row].duplicate_of
        if item is not None and not row.errors and target is not None:
            if target not in ledgers:
                ledgers[target] = {}
                for stored in _stored_ledger(store, target):
                    ledgers[target].setdefault(_ledger_key(target, stored), []).append(stored.id)
            same = ledgers[target].get(_ledger_key(target, item))
            if same:  # each stored row answers for one file row: two equal gifts stay two
                planned_row.duplicate_of = same.pop(0)
        planned.append(planned_row)
    return planned


def _stored_ledger(store: Store, campaign_id: int) -> list[Contribution]:
    return [Contribution.from_row(r) for r in store.query(
        "SELECT * FROM contributions WHERE campaign_id = ? AND deleted_at IS NULL", (campaign_id,))]


def commit_campaigns(store: Store, campaigns: list[PlannedCampaign], contributions: list[PlannedContribution],
                     place_ids: Callable[[int | None, str, str, int | None], tuple[int, int | None]],
                     keep_duplicates: bool = False,
                     progress: Callable[[int, int, str], None] | None = None) -> tuple[int, int]:
    """Write the planned campaigns with their ledgers and the contributions to stored
    campaigns, inside the caller's transaction; returns (campaigns, contributions) written.
    A campaign already stored is skipped (unless kept) and its rows go to the stored one."""
    by_row = {c.row: c for c in campaigns}
    ledger: dict[int, list[PlannedContribution]] = {}
    for planned in contributions:
        if planned.campaign_row is not None:
            ledger.setdefault(planned.campaign_row, []).append(planned)
    written_campaigns = written_rows = 0
    targets: dict[int, int] = {}
    for count, planned in enumerate(campaigns, 1):
        if planned.duplicate_of is not None and not keep_duplicates:
            targets[planned.row] = planned.duplicate_of
            continue
        item = replace(planned.item)
        item.commune_id, item.village_id = place_ids(item.commune_id, planned.commune, planned.village,
                                                     item.village_id)
        rows = [replace(c.item, id=None) for c in ledger.get(planned.row, [])]
        targets[planned.row] = save_campaign(store, item, rows).id
        written_campaigns, written_rows = written_campaigns + 1, written_rows + len(rows)
        if progress and count % 100 == 0:
            progress(count, len(campaigns), f"Đã ghi {count}/{len(campaigns)} công trình")
    for planned in contributions:
        stored = planned.campaign_id if planned.campaign_row is None else None
        if planned.campaign_row is not None:
            if by_row[planned.campaign_row].duplicate_of is None or keep_duplicates:
                continue  # written with its campaign
            stored = targets[planned.campaign_row]
        if planned.duplicate_of is not None and not keep_duplicates:
            continue
        add_contribution(store, replace(planned.item, id=None, campaign_id=stored))
        written_rows += 1
    return written_campaigns, written_rows
