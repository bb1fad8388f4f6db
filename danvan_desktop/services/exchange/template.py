"""The import template (Tệp → Tải mẫu nhập liệu): the header row of CLI.md, drop-down
lists for the fixed vocabularies, an example row, and a sheet of instructions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...domain import vocab
from .columns import INITIATIVE_COLUMNS

CHOICES = {"kind": vocab.KINDS, "field": vocab.FIELDS, "status": vocab.STATUSES, "level": vocab.LEVELS}
EXAMPLE = {"name": "Sản xuất hương truyền thống và xuất khẩu", "kind": "Cá nhân", "field": "Kinh tế",
           "owner_name": "Nguyễn Thị Thu Hằng", "position": "Tổ trưởng tổ liên kết sản xuất hương",
           "commune": "Xã Nghĩa Mỹ", "village": "", "year": 2020,
           "registered_on": dt.date(2020, 3, 12), "status": "Được công nhận", "level": "Huyện",
           "method": "Liên kết các hộ sản xuất, bao tiêu sản phẩm.",
           "results": "Thu nhập bình quân 600 triệu đồng/năm; việc làm cho 25 lao động.", "notes": ""}


def build_template(path: str | Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Mô hình"
    sheet.append([c.header for c in INITIATIVE_COLUMNS])
    sheet.append([EXAMPLE.get(c.key, "") for c in INITIATIVE_COLUMNS])
    lists = book.create_sheet("Danh sách chọn")
    for index, column in enumerate(INITIATIVE_COLUMNS, 1):
        letter = get_column_letter(index)
        header = sheet.cell(1, index)
        header.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
        header.fill = PatternFill("solid", fgColor="9C2A2A" if column.required else "E8E2D0")
        header.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        if column.key in CHOICES:
            terms = [t.label for t in CHOICES[column.key]]
            list_col = get_column_letter(list(CHOICES).index(column.key) + 1)
            for row, label in enumerate([column.header, *terms], 1):
                lists[f"{list_col}{row}"] = label
            rule = DataValidation(type="list", formula1=f"='Danh sách chọn'!${list_col}$2:${list_col}$"
                                  f"{len(terms) + 1}", allow_blank=not column.required)
            rule.error = f"Chọn một giá trị trong danh sách {column.header}."
            rule.errorTitle = "Giá trị không hợp lệ"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}5000")
    sheet.cell(2, [c.key for c in INITIATIVE_COLUMNS].index("registered_on") + 1).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Hướng dẫn", 0)
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 90
    help_sheet.append(["HƯỚNG DẪN NHẬP MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”"])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append(["Mỗi dòng trong trang “Mô hình” là một mô hình, điển hình. Cột màu đỏ là cột "
                       "bắt buộc. Dòng 2 là ví dụ, hãy xóa trước khi gửi."])
    help_sheet.append([])
    help_sheet.append(["Cột", "Cách ghi"])
    for column in INITIATIVE_COLUMNS:
        help_sheet.append([column.header + (" (bắt buộc)" if column.required else ""), column.help])
    for row in help_sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet["A4"].font = help_sheet["B4"].font = Font(bold=True)
    book.active = 1
    path = Path(path)
    book.save(str(path))
    return path
