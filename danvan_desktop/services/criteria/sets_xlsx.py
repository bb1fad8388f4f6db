"""A year's criteria sets as .xlsx and back: sheet “Bộ tiêu chí” (one criterion per row,
its kind, group, number, wording, maximum points) and sheet “Xếp loại” (per kind: the
set's title and thresholds). With no set for the year the export is a template with an
example. The import is all-or-nothing, refusals named by sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain.criteria import (
    KIND_LABELS,
    CriteriaSet,
    Criterion,
    parse_points,
    parse_thresholds,
    thresholds_text,
    validate_set,
)
from ...domain.text import fold_compact, nfc
from ...domain.validation import ValidationError
from ...store import criteria as store_criteria
from ...store.db import Store
from ..exchange.columns import Column
from ..exchange.importer import RowError
from ..exchange.reader import FileRefused, SheetKind, read_sheets
from ..xlsx_text import append_row, save_book
from .bounds import check_file, check_rows

CRITERIA_SHEET, GRADES_SHEET = "Bộ tiêu chí", "Xếp loại"
CRITERIA_COLUMNS = [
    Column(
        "kind",
        "Áp dụng cho",
        False,
        ("Loại", "Đối tượng"),
        16,
        "Chung, Tập thể hoặc Cá nhân (mặc định: Chung).",
    ),
    Column("group", "Nhóm tiêu chí", False, ("Nhóm", "Nội dung"), 26, "Ví dụ: I. Sự cần thiết."),
    Column("code", "Số", False, ("STT", "Số TT", "Số hiệu"), 7, "Ví dụ: 1.1."),
    Column("wording", "Tiêu chí", True, ("Tên tiêu chí", "Nội dung tiêu chí", "Tiêu chí đánh giá"), 60, ""),
    Column(
        "max_points",
        "Điểm tối đa",
        True,
        ("Điểm", "Điểm chuẩn", "Thang điểm"),
        11,
        "Số dương, ví dụ 20 hoặc 7,5.",
    ),
]
GRADE_COLUMNS = [
    Column("kind", "Áp dụng cho", True, ("Loại",), 16, ""),
    Column("title", "Tên bộ tiêu chí", False, ("Tên",), 60, ""),
    Column(
        "thresholds",
        "Mức xếp loại",
        False,
        ("Xếp loại", "Ngưỡng"),
        40,
        "Ví dụ: Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50.",
    ),
]
EXAMPLE = [
    (
        "I. Sự cần thiết",
        "1",
        "Mô hình xuất phát từ yêu cầu thực tế, đáp ứng nguyện vọng chính đáng của nhân dân",
        15,
    ),
    ("I. Sự cần thiết", "2", "Phù hợp chủ trương của Đảng, chính sách, pháp luật của Nhà nước", 10),
    (
        "II. Cách làm",
        "3",
        "Cách làm sáng tạo, phát huy quyền làm chủ của nhân dân "
        "(dân biết, dân bàn, dân làm, dân kiểm tra, dân thụ hưởng)",
        25,
    ),
    ("III. Hiệu quả", "4", "Hiệu quả kinh tế - xã hội rõ rệt, đo đếm được", 30),
    ("III. Hiệu quả", "5", "Có khả năng duy trì, nhân rộng", 20),
]
EXAMPLE_THRESHOLDS = "Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50"
_KIND_BY_TEXT = {fold_compact(label): code for code, label in KIND_LABELS.items()}
_KIND_BY_TEXT.update(
    {
        fold_compact("Chung"): "",
        "": "",
        fold_compact("Tập thể"): "tap_the",
        fold_compact("Cá nhân"): "ca_nhan",
    }
)


def kind_short(kind: str) -> str:
    return {"": "Chung", "tap_the": "Tập thể", "ca_nhan": "Cá nhân"}[kind]


def export_sets(store: Store, year: int, path: str | Path) -> tuple[Path, int]:
    """The year's sets (or a template with an example when it has none); returns the path
    and how many sets were written (0: the template)."""
    sets = store_criteria.sets_of_year(store, year)
    book = Workbook()
    sheet = book.active
    sheet.title = CRITERIA_SHEET
    sheet.append([c.header for c in CRITERIA_COLUMNS])
    if sets:
        for criteria_set in sets:
            for c in criteria_set.criteria:
                append_row(sheet, [kind_short(criteria_set.kind), c.group, c.code, c.wording,
                                   c.max_points])
    else:
        for group, code, wording, points in EXAMPLE:
            sheet.append(["Chung", group, code, wording, points])
    grades = book.create_sheet(GRADES_SHEET)
    grades.append([c.header for c in GRADE_COLUMNS])
    for criteria_set in sets:
        append_row(
            grades,
            [kind_short(criteria_set.kind), criteria_set.title, thresholds_text(criteria_set.thresholds)],
        )
    if not sets:
        grades.append(
            [
                "Chung",
                f"Bộ tiêu chí đánh giá mô hình, điển hình “Dân vận khéo” năm {year}",
                EXAMPLE_THRESHOLDS,
            ]
        )
    for ws, columns in ((sheet, CRITERIA_COLUMNS), (grades, GRADE_COLUMNS)):
        _style(ws, columns)
    save_book(book, path)
    return Path(path), len(sets)


def _style(sheet, columns: list[Column]) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, 1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="9C2A2A" if column.required else "E8E2D0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    rule = DataValidation(type="list", formula1='"Chung,Tập thể,Cá nhân"', allow_blank=True)
    sheet.add_data_validation(rule)
    rule.add("A2:A500")
    sheet.freeze_panes = "A2"


@dataclass
class SetsPlan:
    sets: list[CriteriaSet] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _kind(text: object) -> str | None:
    return _KIND_BY_TEXT.get(fold_compact(nfc(str(text or ""))))


def _cell(cells: list, index: int | None) -> object:
    return cells[index] if index is not None and index < len(cells) else None


def plan_sets(year: int, path: str | Path) -> SetsPlan:
    """Read and check the file; nothing is written."""
    path = check_file(path)
    sheets = read_sheets(
        path,
        {
            "criteria": SheetKind(CRITERIA_COLUMNS, CRITERIA_SHEET),
            "grades": SheetKind(GRADE_COLUMNS, GRADES_SHEET),
        },
    )
    if "criteria" not in sheets:
        raise FileRefused(f"Tệp không có trang “{CRITERIA_SHEET}” với cột “Tiêu chí” và “Điểm tối đa”.")
    plan, by_kind = SetsPlan(), {}
    sheet = sheets["criteria"]
    check_rows(sheet, 500)
    label = {c.key: c.header for c in CRITERIA_COLUMNS}
    for number, cells in sheet.rows:

        def refuse(key: str, reason: str, number: int = number) -> None:
            plan.errors.append(RowError(number, label[key], reason, sheet.name))

        kind = _kind(_cell(cells, sheet.columns.get("kind")))
        if kind is None:
            refuse("kind", f"“{_cell(cells, sheet.columns['kind'])}” không phải Chung, Tập thể hay Cá nhân.")
            continue
        wording = nfc(str(_cell(cells, sheet.columns["wording"]) or ""))
        raw = _cell(cells, sheet.columns["max_points"])
        try:
            points = parse_points(raw)
        except ValueError:
            refuse("max_points", f"“{raw}” không phải một số.")
            continue
        if not wording:
            refuse("wording", "Chưa ghi nội dung tiêu chí.")
        if not points or points <= 0:
            refuse("max_points", "Điểm tối đa phải lớn hơn 0.")
            continue
        group = nfc(str(_cell(cells, sheet.columns.get("group")) or ""))
        code = _code(_cell(cells, sheet.columns.get("code")))
        by_kind.setdefault(kind, CriteriaSet(year, kind)).criteria.append(
            Criterion(wording, points, group, code)
        )
    _plan_grades(sheets.get("grades"), by_kind, plan)
    for kind, criteria_set in by_kind.items():
        if not criteria_set.title:
            criteria_set.title = f"Bộ tiêu chí đánh giá mô hình, điển hình “Dân vận khéo” năm {year}"
        try:
            plan.sets.append(validate_set(criteria_set))
        except ValidationError as exc:
            for problem in exc.errors:
                plan.errors.append(
                    RowError(0, problem.field, f"({kind_short(kind)}) {problem.message}", sheet.name)
                )
    if not by_kind and not plan.errors:
        plan.errors.append(RowError(sheet.header_row, "Tiêu chí", "Trang không có tiêu chí nào.", sheet.name))
    return plan


def _code(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value or ""))


def _plan_grades(sheet, by_kind: dict[str, CriteriaSet], plan: SetsPlan) -> None:
    if sheet is None:
        return
    check_rows(sheet, 20)
    for number, cells in sheet.rows:
        kind = _kind(_cell(cells, sheet.columns["kind"]))
        if kind is None or kind not in by_kind:
            plan.errors.append(
                RowError(
                    number,
                    "Áp dụng cho",
                    "Không có tiêu chí nào cho loại "
                    f"“{_cell(cells, sheet.columns['kind'])}” ở trang “{CRITERIA_SHEET}”.",
                    sheet.name,
                )
            )
            continue
        by_kind[kind].title = nfc(str(_cell(cells, sheet.columns.get("title")) or ""))
        try:
            by_kind[kind].thresholds = parse_thresholds(
                str(_cell(cells, sheet.columns.get("thresholds")) or "")
            )
        except ValueError as exc:
            plan.errors.append(RowError(number, "Mức xếp loại", str(exc), sheet.name))


def import_sets(store: Store, year: int, path: str | Path) -> list[CriteriaSet]:
    """Save every set the file holds for the year in one transaction, or nothing (the
    plan's refusals are raised as ImportRefused)."""
    plan = plan_sets(year, path)
    if plan.errors:
        raise ImportRefused(plan.errors)
    with store.atomic():
        return [store_criteria.save_set(store, s) for s in plan.sets]


class ImportRefused(ValueError):
    """Rows were refused; nothing was written. ``errors`` names each."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))
