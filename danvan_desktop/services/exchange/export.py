"""Exporting lists to .xlsx: Vietnamese headers, numbers as numbers with thousands,
dates as dates, a frozen header row and column widths that fit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ...domain import vocab
from ...store.campaigns import CampaignFilter
from ...store.campaigns import query_ids as campaign_ids
from ...store.db import Store
from ...store.initiatives import InitiativeFilter, query_ids
from ..xlsx_text import append_row, save_book
from .columns import CAMPAIGN_COLUMNS, CONTRIBUTION_COLUMNS, INITIATIVE_COLUMNS
from .registration import registration_cells

WHAT = ("initiatives", "campaigns", "contributions")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _fill(sheet, title: str, headers: list[str], rows: list[list], formats: dict[int, str]) -> None:
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        append_row(sheet, row)
    widths = [max(10, min(50, len(h) + 2)) for h in headers]
    for row in rows[:500]:
        for index, value in enumerate(row):
            text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value or "")
            widths[index] = max(widths[index], min(50, len(text) + 2))
    for index, width in enumerate(widths, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if index - 1 in formats:
            for cell in sheet[letter][1:]:
                cell.number_format = formats[index - 1]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _sheet(title: str, headers: list[str], rows: list[list], path: Path, formats: dict[int, str]) -> Path:
    book = Workbook(write_only=False)
    _fill(book.active, title, headers, rows, formats)
    save_book(book, path)
    return path


def export_initiatives(store: Store, path: str | Path, flt: InitiativeFilter | None = None,
                       sort: str = "id", descending: bool = False,
                       progress: Callable[[int, int, str], None] | None = None) -> tuple[Path, int]:
    """The initiative list as shown (filters and sort applied), in the import columns, so
    that an export can be imported again."""
    ids = query_ids(store, flt or InitiativeFilter(), sort, descending)
    rows = []
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        marks = ",".join("?" for _ in chunk)
        found = {r["id"]: r for r in store.query(
            "SELECT i.*, c.name AS commune, v.name AS village FROM initiatives i"
            " LEFT JOIN areas c ON c.id = i.commune_id LEFT JOIN areas v ON v.id = i.village_id"
            f" WHERE i.id IN ({marks})", chunk)}
        for initiative_id in chunk:
            r = found[initiative_id]
            rows.append([r["name"], vocab.KINDS.label(r["kind"]), vocab.FIELDS.label(r["field"]),
                         r["owner_name"], r["position"], r["commune"], r["village"] or "", r["year"],
                         _date(r["registered_on"]), vocab.STATUSES.label(r["status"]),
                         vocab.LEVELS.label(r["level"]), r["method"], r["results"], r["notes"],
                         *registration_cells(r)])
        if progress:
            progress(min(start + 1000, len(ids)), len(ids), "Đang xuất danh sách…")
    headers = [c.header for c in INITIATIVE_COLUMNS]
    money = {i: "#,##0" for i, c in enumerate(INITIATIVE_COLUMNS) if c.key.endswith("_vnd")}
    return _sheet("Mô hình", headers, rows, Path(path), {7: "0", 8: "DD/MM/YYYY", **money}), len(rows)


# The campaign columns are the import's (columns.py), with the money raised after the
# estimate for reading; the import ignores that column (the ledger says it).
CAMPAIGN_HEADERS = ([c.header for c in CAMPAIGN_COLUMNS[:8]] + ["Đã huy động (đồng)"]
                    + [c.header for c in CAMPAIGN_COLUMNS[8:]])
CAMPAIGN_FORMATS = {5: "DD/MM/YYYY", 6: "DD/MM/YYYY", 7: "#,##0", 8: "#,##0", 9: "#,##0.0"}
CONTRIBUTION_HEADERS = [c.header for c in CONTRIBUTION_COLUMNS if c.key != "amount"]
CONTRIBUTION_FORMATS = {2: "DD/MM/YYYY", 6: "#,##0", 7: "#,##0.##"}


def export_campaigns(store: Store, path: str | Path, year: int | None = None,
                     flt: CampaignFilter | None = None, sort: str = "started_on",
                     descending: bool = False, with_contributions: bool = False) -> tuple[Path, int]:
    """The campaign list as shown (the screen's filter and sort), or one year's; with
    their contributions on a second sheet when asked (the import reads both back)."""
    flt = flt or CampaignFilter(year=year)
    ids = campaign_ids(store, flt, sort, descending)
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        marks = ",".join("?" for _ in chunk)
        found.update({r["id"]: r for r in store.query(
            "SELECT k.*, c.name AS commune, v.name AS village,"
            " (SELECT CAST(total(amount_vnd) AS INTEGER) FROM contributions x"
            " WHERE x.campaign_id = k.id AND x.kind = 'tien' AND x.deleted_at IS NULL)"
            " AS raised FROM campaigns k LEFT JOIN areas c ON c.id = k.commune_id"
            f" LEFT JOIN areas v ON v.id = k.village_id WHERE k.id IN ({marks})", chunk)})
    rows = [[r["title"], vocab.CAMPAIGN_TYPES.label(r["type"]), r["commune"], r["village"] or "",
             vocab.CAMPAIGN_STATUSES.label(r["status"]), _date(r["started_on"]), _date(r["finished_on"]),
             r["estimate_vnd"], r["raised"] or 0, r["length_m"], r["width_before_m"], r["width_after_m"],
             r["households_benefited"], r["households_poor"], r["households_near_poor"],
             r["households_asked"], r["households_agreed"], r["notes"]]
            for r in (found[i] for i in ids)]
    book = Workbook()
    _fill(book.active, "Cuộc vận động", CAMPAIGN_HEADERS, rows, CAMPAIGN_FORMATS)
    if with_contributions:
        _fill(book.create_sheet(), "Đóng góp", CONTRIBUTION_HEADERS, _ledger_rows(store, campaign_ids=ids),
              CONTRIBUTION_FORMATS)
    save_book(book, path)
    return Path(path), len(rows)


def _ledger_rows(store: Store, year: int | None = None, campaign_ids: list[int] | None = None) -> list[list]:
    wanted = None if campaign_ids is None else set(campaign_ids)
    return [[r["title"], r["commune"], _date(r["on_date"]), vocab.SOURCES.label(r["source"]),
             r["contributor"], vocab.CONTRIBUTION_KINDS.label(r["kind"]), r["amount_vnd"], r["quantity"],
             r["note"]]
            for r in store.query(
                "SELECT x.*, k.title, c.name AS commune FROM contributions x"
                " JOIN campaigns k ON k.id = x.campaign_id LEFT JOIN areas c ON c.id = k.commune_id"
                " WHERE x.deleted_at IS NULL AND k.deleted_at IS NULL"
                " AND (:year IS NULL OR substr(x.on_date, 1, 4) = :y) ORDER BY x.on_date, x.id",
                {"year": year, "y": str(year)})
            if wanted is None or r["campaign_id"] in wanted]


def export_contributions(store: Store, path: str | Path, year: int | None = None) -> tuple[Path, int]:
    """The ledger rows (of one year), in the import's columns: a file the import reads
    back against the campaigns already in the data file."""
    rows = _ledger_rows(store, year)
    return _sheet("Đóng góp", CONTRIBUTION_HEADERS, rows, Path(path), CONTRIBUTION_FORMATS), len(rows)
