"""The import template (Tệp → Tải mẫu nhập liệu): one sheet per kind of record (“Mô hình”,
“Cuộc vận động”, “Đóng góp”) with the header row of CLI.md, drop-down lists for the fixed
vocabularies and an example row, and a sheet of instructions first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain import vocab
from ..xlsx_text import save_book
from .columns import CAMPAIGN_COLUMNS, CONTRIBUTION_COLUMNS, INITIATIVE_COLUMNS, Column

LISTS = "Danh sách chọn"
CHOICES = {"kind": vocab.KINDS, "field": vocab.FIELDS, "status": vocab.STATUSES, "level": vocab.LEVELS}
CAMPAIGN_CHOICES = {"type": vocab.CAMPAIGN_TYPES, "status": vocab.CAMPAIGN_STATUSES}
CONTRIBUTION_CHOICES = {"source": vocab.SOURCES, "kind": vocab.CONTRIBUTION_KINDS}
# The template's ledger has one amount column; the export's two are read too, not offered.
TEMPLATE_CONTRIBUTION_COLUMNS = [c for c in CONTRIBUTION_COLUMNS if c.key not in ("amount_vnd", "quantity")]
ALSO_REQUIRED = {"amount"}  # required, though the file may carry the export's columns instead
EXAMPLE = {"name": "Sản xuất hương truyền thống và xuất khẩu", "kind": "Cá nhân", "field": "Kinh tế",
           "owner_name": "Nguyễn Thị Thu Hằng", "position": "Tổ trưởng tổ liên kết sản xuất hương",
           "commune": "Xã Nghĩa Mỹ", "village": "", "year": 2020,
           "registered_on": dt.date(2020, 3, 12), "status": "Được công nhận", "level": "Huyện",
           "method": "Liên kết các hộ sản xuất, bao tiêu sản phẩm.",
           "results": "Thu nhập bình quân 600 triệu đồng/năm; việc làm cho 25 lao động.", "notes": "",
           "situation": "Nhiều lao động nữ nhàn rỗi; nghề hương truyền thống bị mai một.",
           "goals": "Tạo việc làm ổn định cho lao động địa phương.", "timeframe": "Từ năm 2020",
           "budget_vnd": 200_000_000, "workdays": 150}
ROAD = "Mở rộng đường vào thôn Hoành Từ"
CAMPAIGN_EXAMPLE = {"title": ROAD, "type": "Đường giao thông", "commune": "Xã Đông Cường",
                    "village": "Thôn Hoành Từ", "status": "Đang thực hiện",
                    "started_on": dt.date(2023, 1, 20),
                    "estimate_vnd": 1_200_000_000, "length_m": 450, "width_before_m": 3.5, "width_after_m": 9,
                    "households_benefited": 180, "households_asked": 180, "households_agreed": 176,
                    "notes": "Mỗi hộ góp 100.000 đồng, hộ có điều kiện góp 1.000.000 đồng."}
CONTRIBUTION_EXAMPLES = [
    {"title": ROAD, "on_date": dt.date(2023, 2, 10), "source": "Nhân dân",
     "contributor": "Hộ ông Nguyễn Văn An", "kind": "Tiền", "amount": 100_000},
    {"title": ROAD, "on_date": dt.date(2023, 3, 1), "source": "Con em xa quê",
     "contributor": "Hội đồng hương Hoành Từ tại Hà Nội", "kind": "Tiền", "amount": 350_000_000},
    {"title": ROAD, "on_date": dt.date(2023, 3, 10), "source": "Nhân dân",
     "contributor": "Nhân dân thôn Hoành Từ", "kind": "Ngày công", "amount": 420},
    {"title": ROAD, "on_date": dt.date(2023, 3, 10), "source": "Nhân dân",
     "contributor": "Các hộ dọc tuyến đường", "kind": "Hiến đất", "amount": 2475, "note": "m² đất"},
]
FORMATS = {"registered_on": "DD/MM/YYYY", "started_on": "DD/MM/YYYY", "finished_on": "DD/MM/YYYY",
           "on_date": "DD/MM/YYYY", "estimate_vnd": "#,##0", "amount": "#,##0.##",
           "budget_vnd": "#,##0", "materials_vnd": "#,##0", "donations_vnd": "#,##0"}


class _Lists:
    """The “Danh sách chọn” sheet: one column per drop-down list."""

    def __init__(self, book: Workbook):
        self.sheet = book.create_sheet(LISTS)
        self.count = 0

    def add(self, title: str, terms: list[str]) -> str:
        self.count += 1
        letter = get_column_letter(self.count)
        for row, label in enumerate([title, *terms], 1):
            self.sheet[f"{letter}{row}"] = label
        self.sheet.column_dimensions[letter].width = max(18, max(len(t) for t in terms) + 2)
        return f"='{LISTS}'!${letter}$2:${letter}${len(terms) + 1}"


def _data_sheet(book: Workbook, lists: _Lists, title: str, columns: list[Column], examples: list[dict],
                choices: dict[str, vocab.Vocabulary], list_titles: dict[str, str]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([c.header for c in columns])
    for example in examples:
        sheet.append([example.get(c.key, "") for c in columns])
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        required = column.required or column.key in ALSO_REQUIRED
        header = sheet.cell(1, index)
        header.font = Font(bold=True, color="FFFFFF" if required else "000000")
        header.fill = PatternFill("solid", fgColor="9C2A2A" if required else "E8E2D0")
        header.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        for row in range(2, len(examples) + 2):
            if column.key in FORMATS:
                sheet.cell(row, index).number_format = FORMATS[column.key]
        if column.key in choices:
            formula = lists.add(list_titles.get(column.key, column.header),
                                [t.label for t in choices[column.key]])
            rule = DataValidation(type="list", formula1=formula, allow_blank=not required)
            rule.error = f"Chọn một giá trị trong danh sách {column.header}."
            rule.errorTitle = "Giá trị không hợp lệ"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}5000")
    sheet.freeze_panes = "A2"


def _help_section(sheet, title: str, text: str, columns: list[Column]) -> None:
    sheet.append([])
    sheet.append([title, text])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append(["Cột", "Cách ghi"])
    sheet.cell(sheet.max_row, 1).font = sheet.cell(sheet.max_row, 2).font = Font(bold=True)
    for column in columns:
        required = column.required or column.key in ALSO_REQUIRED
        sheet.append([column.header + (" (bắt buộc)" if required else ""), column.help])


def build_template(path: str | Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    lists = _Lists(book)
    _data_sheet(book, lists, "Mô hình", INITIATIVE_COLUMNS, [EXAMPLE], CHOICES, {})
    _data_sheet(book, lists, "Cuộc vận động", CAMPAIGN_COLUMNS, [CAMPAIGN_EXAMPLE], CAMPAIGN_CHOICES,
                {"type": "Loại công trình", "status": "Tình trạng công trình"})
    _data_sheet(book, lists, "Đóng góp", TEMPLATE_CONTRIBUTION_COLUMNS, CONTRIBUTION_EXAMPLES,
                CONTRIBUTION_CHOICES, {"source": "Nguồn đóng góp", "kind": "Hình thức đóng góp"})
    book.move_sheet(LISTS, offset=len(book.sheetnames))
    help_sheet = book.create_sheet("Hướng dẫn", 0)
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["B"].width = 90
    help_sheet.append(["HƯỚNG DẪN NHẬP MÔ HÌNH “DÂN VẬN KHÉO”, CUỘC VẬN ĐỘNG VÀ ĐÓNG GÓP"])
    help_sheet["A1"].font = Font(bold=True, size=13)
    for line in (
        "Mỗi dòng trong trang “Mô hình” là một mô hình, điển hình. Cột màu đỏ là cột bắt buộc. "
        "Dòng đầu dưới tiêu đề của mỗi trang là ví dụ, hãy xóa trước khi gửi.",
        "Trang nào không dùng thì để trống hoặc xóa đi. Tệp được nhập tất cả hoặc không: chỉ cần một "
        "dòng sai ở bất kỳ trang nào thì không ghi gì; phần mềm báo từng dòng sai (trang, dòng, cột, lý do).",
        "Số tiền ghi số đồng: 1.200.000 hoặc 1200000, hay 1,2 tỷ, 30 triệu. Ngày ghi dạng dd/mm/yyyy "
        "(ví dụ 05/03/2023) hoặc để ô dạng ngày của Excel.",
    ):
        help_sheet.append([line])
    _help_section(help_sheet, "Trang “Mô hình”", "Mỗi dòng là một mô hình, điển hình.", INITIATIVE_COLUMNS)
    _help_section(help_sheet, "Trang “Cuộc vận động”",
                  "Mỗi dòng là một công trình, cuộc vận động (làm đường, nhà ở…).", CAMPAIGN_COLUMNS)
    _help_section(help_sheet, "Trang “Đóng góp”",
                  "Mỗi dòng là một khoản đóng góp cho một công trình: ghi đúng tên công trình như ở trang "
                  "“Cuộc vận động” (hoặc một công trình đã có trong dữ liệu); mỗi hộ một dòng.",
                  TEMPLATE_CONTRIBUTION_COLUMNS)
    for row in help_sheet.iter_rows(min_row=5):  # the lines above run on across both columns
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 1
    path = Path(path)
    save_book(book, path)
    return path
