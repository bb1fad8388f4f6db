"""One scoring workbook per evaluator (phiếu chấm điểm), and reading it back.

Sheet “Thông tin” names the year, the evaluator and, for each scoring sheet, the criteria
set (by its UUID, so a file made before the set changed is recognised as such). Each
scoring sheet has one initiative per row (its number, name, owner, field), one column per
criterion headed by its number and maximum, the total as a formula and a remark. The
import is all-or-nothing; each refusal names its sheet, row and criterion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ...domain import vocab
from ...domain.criteria import CriteriaSet, ScoreSheet, check_points, parse_points, points_text
from ...domain.text import fold_compact, nfc
from ...store import criteria as sc
from ...store.db import Store
from ..exchange.columns import Column
from ..exchange.importer import RowError
from ..exchange.reader import FileRefused, read_sheet
from ..xlsx_text import append_row, save_book
from .bounds import check_file, check_rows

INFO_SHEET = "Thông tin"
INFO_COLUMNS = [Column("key", "Mục", True), Column("value", "Nội dung", True)]
MAX_ROWS = 20_000
_YEAR, _EVALUATOR = "Năm", "Người chấm"


def criterion_header(criteria_set: CriteriaSet, index: int) -> str:
    c = criteria_set.criteria[index]
    return f"{c.code or index + 1} (tối đa {points_text(c.max_points)})"


def scoring_columns(criteria_set: CriteriaSet) -> list[Column]:
    return (
        [
            Column("id", "Mã", True, (), 7),
            Column("name", "Tên mô hình, điển hình", False, (), 40),
            Column("owner", "Chủ thể", False, (), 28),
            Column("field", "Lĩnh vực", False, (), 16),
        ]
        + [
            Column(f"c{i}", criterion_header(criteria_set, i), False, (), 11)
            for i in range(len(criteria_set.criteria))
        ]
        + [Column("total", "Tổng điểm", False, (), 10), Column("remark", "Nhận xét", False, (), 40)]
    )


def _sheets_to_fill(store: Store, year: int) -> list[tuple[str, CriteriaSet, str | None]]:
    """(sheet name, set, kind of initiative or None for both) for the year's sets."""
    collective, individual = sc.set_for_kind(store, year, "tap_the"), sc.set_for_kind(store, year, "ca_nhan")
    if collective is None and individual is None:
        raise FileRefused(f"Năm {year} chưa có bộ tiêu chí; hãy tạo hoặc nhập bộ tiêu chí trước.")
    if collective is not None and individual is not None and collective.id == individual.id:
        return [("Chấm điểm", collective, None)]
    return [
        (name, s, kind)
        for name, s, kind in (("Tập thể", collective, "tap_the"), ("Cá nhân", individual, "ca_nhan"))
        if s is not None
    ]


def export_scoring(store: Store, year: int, evaluator_id: int, path: str | Path) -> Path:
    """The evaluator's workbook for the year, with what they have scored already."""
    panel = sc.evaluators(store, year)
    if evaluator_id not in panel:
        raise FileRefused(f"Người chấm này không có trong danh sách năm {year}.")
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    info.append([c.header for c in INFO_COLUMNS])
    info.append([_YEAR, year])
    append_row(info, [_EVALUATOR, panel[evaluator_id]])
    info.append(
        [
            "Cách ghi",
            "Mỗi ô một số điểm, không vượt điểm tối đa ghi ở đầu cột (ví dụ 18 hoặc 17,5); "
            "để trống tiêu chí chưa chấm. Không sửa cột Mã và trang này.",
        ]
    )
    for name, criteria_set, kind in _sheets_to_fill(store, year):
        info.append([f"Trang “{name}”", _set_key(store, criteria_set)])
        _fill_sheet(book.create_sheet(name), store, criteria_set, year, kind, evaluator_id)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 22, 90
    book.active = 1
    save_book(book, path)
    return Path(path)


def _set_key(store: Store, criteria_set: CriteriaSet) -> str:
    return store.scalar("SELECT uuid FROM criteria_sets WHERE id = ?", (criteria_set.id,))


def _fill_sheet(
    sheet, store: Store, criteria_set: CriteriaSet, year: int, kind: str | None, evaluator_id: int
) -> None:
    columns = scoring_columns(criteria_set)
    sheet.append([c.header for c in columns])
    for index, c in enumerate(criteria_set.criteria):
        sheet.cell(1, 5 + index).comment = Comment(f"{c.group}\n{c.wording}".strip(), "Dân vận khéo")
    sheets = sc.sheets_of_set(store, criteria_set.id)
    first, last = get_column_letter(5), get_column_letter(4 + len(criteria_set.criteria))
    for row_number, row in enumerate(sc.year_initiatives(store, year, kind), 2):
        own = next((s for s in sheets.get(row["id"], []) if s.evaluator_id == evaluator_id), None)
        points = [own.points.get(c.id) if own else None for c in criteria_set.criteria]
        append_row(  # names and remarks typed by users stay text; the total is our formula
            sheet,
            [
                row["id"],
                row["name"],
                row["owner_name"],
                vocab.FIELDS.short(row["field"]),
                *points,
                f'=IF(COUNT({first}{row_number}:{last}{row_number})=0,"",'
                f"SUM({first}{row_number}:{last}{row_number}))",
                own.remark if own else "",
            ],
            formulas=(4 + len(points),),
        )
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        head = sheet.cell(1, index)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if column.key.startswith("c"):
            head.fill = PatternFill("solid", fgColor="FFF3C4")
    sheet.freeze_panes = "E2"


@dataclass
class ScoresPlan:
    year: int
    evaluator_id: int
    evaluator: str
    sheets: list[tuple[int, ScoreSheet]] = field(default_factory=list)  # (set id, sheet)
    errors: list[RowError] = field(default_factory=list)


def _info(path: Path) -> dict[str, object]:
    sheet = read_sheet(path, INFO_COLUMNS, INFO_SHEET)
    check_rows(sheet, 50)
    return {
        fold_compact(str(cells[sheet.columns["key"]] or "")): cells[sheet.columns["value"]]
        for _n, cells in sheet.rows
        if len(cells) > max(sheet.columns.values())
    }


def plan_scores(store: Store, path: str | Path) -> ScoresPlan:
    """Read and check an evaluator's workbook; nothing is written."""
    path = check_file(path)
    info = _info(path)
    try:
        year = int(str(info.get(fold_compact(_YEAR)) or "").strip().split(".")[0])
    except ValueError:
        raise FileRefused(f"Trang “{INFO_SHEET}” không ghi năm chấm điểm.") from None
    name = nfc(str(info.get(fold_compact(_EVALUATOR)) or ""))
    evaluator_id = sc.find_evaluator(store, year, name) if name else None
    if evaluator_id is None:
        raise FileRefused(f"Người chấm “{name}” không có trong danh sách người chấm năm {year}.")
    plan = ScoresPlan(year, evaluator_id, name)
    for sheet_name, criteria_set, kind in _sheets_to_fill(store, year):
        key = info.get(fold_compact(f"Trang “{sheet_name}”"))
        if key is None:
            continue
        if key != _set_key(store, criteria_set):
            raise FileRefused(
                f"Trang “{sheet_name}” chấm theo một bộ tiêu chí đã được thay bằng phiên bản mới; "
                "hãy tạo lại phiếu chấm điểm."
            )
        _plan_sheet(store, path, sheet_name, criteria_set, kind, plan)
    if not plan.sheets and not plan.errors:
        raise FileRefused("Tệp không có điểm nào để nhập.")
    return plan


def _plan_sheet(
    store: Store, path: Path, sheet_name: str, criteria_set: CriteriaSet, kind: str | None, plan: ScoresPlan
) -> None:
    columns = scoring_columns(criteria_set)
    sheet = read_sheet(path, columns, sheet_name)
    check_rows(sheet, MAX_ROWS)
    missing = [c.header for c in columns if c.key.startswith("c") and c.key not in sheet.columns]
    if missing:
        raise FileRefused(
            f"Trang “{sheet_name}” thiếu cột tiêu chí: {', '.join(missing)} (bộ tiêu chí đã đổi?)."
        )
    allowed = {r["id"] for r in sc.year_initiatives(store, plan.year, kind)}
    for number, cells in sheet.rows:

        def value(key: str, cells: list = cells) -> object:
            index = sheet.columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        def refuse(column: str, reason: str, number: int = number) -> None:
            plan.errors.append(RowError(number, column, reason, sheet_name))

        raw_id = value("id")
        initiative_id = (
            int(raw_id) if isinstance(raw_id, int | float) and float(raw_id).is_integer() else None
        )
        if initiative_id is None and str(raw_id or "").strip().isdigit():
            initiative_id = int(str(raw_id).strip())
        if initiative_id not in allowed:
            refuse("Mã", f"“{raw_id}” không phải mã một mô hình năm {plan.year} của trang này.")
            continue
        points: dict[int, float] = {}
        for index, criterion in enumerate(criteria_set.criteria):
            header, raw = columns[4 + index].header, value(f"c{index}")
            try:
                number_value = parse_points(raw)
            except ValueError:
                refuse(header, f"“{raw}” không phải số điểm.")
                continue
            reason = check_points(criterion, number_value)
            if reason:
                refuse(header, reason)
            elif number_value is not None:
                points[criterion.id] = number_value
        remark = nfc(str(value("remark") or ""))
        if points or remark:
            plan.sheets.append(
                (
                    criteria_set.id,
                    ScoreSheet(initiative_id, plan.evaluator_id, points, remark, dt.date.today().isoformat()),
                )
            )


def import_scores(store: Store, path: str | Path, dry_run: bool = False) -> ScoresPlan:
    """Keep every sheet of the file in one transaction, or nothing when any row is refused
    (the plan's errors say which)."""
    plan = plan_scores(store, path)
    if plan.errors or dry_run:
        return plan
    with store.atomic():
        for set_id, sheet in plan.sheets:
            sc.save_sheet(store, set_id, sheet)
    return plan


def suggested_name(evaluator: str, year: int) -> str:
    return f"Phieu cham diem {year} - {fold_compact(evaluator) or 'nguoi cham'}.xlsx"
