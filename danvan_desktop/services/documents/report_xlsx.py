"""The period report's figures as an Excel workbook: one sheet, each table under its
title, numbers as numbers (formatted with thousands), Vietnamese headers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ...domain.periods import Period
from ...store.db import Store
from ..xlsx_text import append_row, save_book
from .report_content import build_content

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _fit_to_width(sheet) -> None:
    """Printed, every table keeps its whole width on one page (as many pages down as it
    needs), on A4 with the table's header rows wrapping."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def build_report_xlsx(store: Store, period: Period, path: str | Path,
                      commune_id: int | None = None, number: str | None = None) -> Path:
    """``number`` is accepted like the other report writers' (the figures carry none)."""
    content = build_content(store, period, commune_id, number)
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append([f"Số liệu {content.summary}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"])
    for table in content.tables:
        sheet.append([])
        append_row(sheet, [table.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(table.headers)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = Font(bold=True), BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for text_row, number_row in zip(table.rows, table.numbers, strict=True):
            values = [n if n is not None else t for t, n in zip(text_row, number_row, strict=True)]
            append_row(sheet, values)  # names typed by users stay text, never formulas
            for cell in sheet[sheet.max_row]:
                cell.border = BOX
                if isinstance(cell.value, int | float):
                    cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.0"
    widths = [42, 24, 16, 16, 18, 16]  # B also holds the communes of table 3
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _fit_to_width(sheet)
    path = Path(path)
    save_book(book, path)
    return path
