"""Reading the rows of a spreadsheet the way offices send them: .xlsx (from Excel or
LibreOffice) or .csv (UTF-8 with or without BOM, comma or semicolon), the header row
possibly below a few title rows, blank rows skipped."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .columns import Column, match_headers

HEADER_SEARCH_ROWS = 20


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is Vietnamese."""


@dataclass
class Sheet:
    rows: list[tuple[int, list[object]]]  # (row number as the user sees it, cells)
    header_row: int
    columns: dict[str, int]


def _xlsx_rows(path: Path, sheet_name: str | None) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise FileRefused(f"Tệp “{path.name}” được bảo vệ bằng mật khẩu hoặc là định dạng "
                              ".xls cũ; hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx.") from exc
        raise FileRefused(f"Tệp “{path.name}” bị hỏng hoặc không phải tệp Excel .xlsx.") from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FileRefused(f"Không đọc được tệp “{path.name}”: {exc}.") from exc
    try:
        if sheet_name is not None:
            names = {n.casefold(): n for n in book.sheetnames}
            if sheet_name.casefold() not in names:
                return
            sheet = book[names[sheet_name.casefold()]]
        else:
            sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(f"Tệp “{path.name}” không phải văn bản UTF-8; hãy lưu lại dạng "
                          "CSV UTF-8.") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as exc:
        raise FileRefused(f"Tệp “{path.name}” không đọc được như bảng CSV ({exc}).") from exc


def _sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:
        return []  # read_sheet reports the damage with its own message
    names = list(book.sheetnames)
    book.close()
    return names


def read_sheet(path: str | Path, columns: list[Column], sheet_name: str | None = None) -> Sheet:
    """The data rows with the header located and matched; refuses a file without the
    required headers. In a workbook without a named sheet, the first sheet that has the
    headers is read (the template puts its instructions first)."""
    path = Path(path)
    if sheet_name is None and path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        names = _sheet_names(path)
        refusal: FileRefused | None = None
        for name in names:
            try:
                return read_sheet(path, columns, name)
            except FileRefused as exc:
                refusal = refusal if refusal and "thiếu cột" in str(refusal) else exc
        if refusal is not None:
            raise refusal
    suffix = path.suffix.lower()
    if not path.is_file():
        raise FileRefused(f"Không tìm thấy tệp “{path}”.")
    if suffix == ".xls":
        raise FileRefused(f"Tệp “{path.name}” là định dạng Excel cũ (.xls); hãy mở bằng Excel và "
                          "lưu lại dạng .xlsx.")
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise FileRefused(f"Tệp “{path.name}” phải là .xlsx hoặc .csv.")
    source = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path, sheet_name)
    required = {c.key for c in columns if c.required}
    header_row, found = 0, {}
    rows: list[tuple[int, list[object]]] = []
    best: dict[str, int] = {}
    for number, cells in enumerate(source, 1):
        if not header_row:
            matched = match_headers(cells, columns)
            if len(matched) > len(best):
                best = matched
            if required <= set(matched):
                header_row, found = number, matched
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if any(str(c).strip() for c in cells if c is not None):
            rows.append((number, cells))
    if not header_row:
        if not best:
            raise FileRefused(f"Không tìm thấy dòng tiêu đề trong tệp “{path.name}” (trang tính trống "
                              "hoặc không đúng mẫu).")
        missing = [c.header for c in columns if c.required and c.key not in best]
        raise FileRefused("Tệp thiếu cột bắt buộc: " + ", ".join(f"“{m}”" for m in missing) + ".")
    return Sheet(rows=rows, header_row=header_row, columns=found)
