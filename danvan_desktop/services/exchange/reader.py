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

from ...domain.text import fold_compact
from .columns import Column, match_headers

HEADER_SEARCH_ROWS = 20


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is Vietnamese."""


@dataclass
class Sheet:
    rows: list[tuple[int, list[object]]]  # (row number as the user sees it, cells)
    header_row: int
    columns: dict[str, int]
    name: str = ""  # the worksheet's title; blank for a .csv


@dataclass(frozen=True)
class SheetKind:
    """What a sheet may hold: its columns, and the sheet name the template gives it."""

    columns: list[Column]
    name: str = ""


def _open_book(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise FileRefused(f"Tệp “{path.name}” được bảo vệ bằng mật khẩu hoặc là định dạng "
                              ".xls cũ; hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx.") from exc
        raise FileRefused(f"Tệp “{path.name}” bị hỏng hoặc không phải tệp Excel .xlsx.") from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FileRefused(f"Không đọc được tệp “{path.name}”: {exc}.") from exc


def _worksheet_rows(sheet) -> Iterator[list[object]]:
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # some writers store a wrong size: read what is there
    try:
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except FileRefused:
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise FileRefused(f"Không đọc được trang “{sheet.title}”: {exc}.") from exc


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


def _check_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise FileRefused(f"Không tìm thấy tệp “{path}”.")
    if suffix == ".xls":
        raise FileRefused(f"Tệp “{path.name}” là định dạng Excel cũ (.xls); hãy mở bằng Excel và "
                          "lưu lại dạng .xlsx.")
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise FileRefused(f"Tệp “{path.name}” phải là .xlsx hoặc .csv.")
    return suffix


def _missing(columns: list[Column], found: dict[str, int]) -> str:
    return ", ".join(f"“{c.header}”" for c in columns if c.required and c.key not in found)


def _scan(source: Iterator[list[object]], kinds: dict[str, SheetKind], wanted: set[str],
          best: dict[str, dict[str, int]], name: str) -> tuple[str, Sheet] | None:
    """The kind of sheet this is (the first header row holding every required column of a
    kind still wanted) and its data rows; None when no header row is found."""
    for number, cells in enumerate(source, 1):
        matches = {kind: match_headers(cells, kinds[kind].columns) for kind in wanted}
        for kind, matched in matches.items():
            if len(matched) > len(best.get(kind, {})):
                best[kind] = matched
        complete = [k for k, m in matches.items()
                    if {c.key for c in kinds[k].columns if c.required} <= set(m)]
        if complete:
            kind = max(complete, key=lambda k: len(matches[k]))
            rows = [(n, row) for n, row in enumerate(source, number + 1)
                    if any(str(c).strip() for c in row if c is not None)]
            return kind, Sheet(rows=rows, header_row=number, columns=matches[kind], name=name)
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def read_sheets(path: str | Path, kinds: dict[str, SheetKind]) -> dict[str, Sheet]:
    """Every sheet of the file whose header row matches one of the kinds (the first such
    sheet for each kind), by kind. Refuses a file where no kind is found, or a sheet named
    as the template names a kind that lacks some of its required columns."""
    path = Path(path)
    suffix = _check_path(path)
    found: dict[str, Sheet] = {}
    best: dict[str, dict[str, int]] = {}
    if suffix == ".csv":
        scanned = _scan(_csv_rows(path), kinds, set(kinds), best, "")
        if scanned:
            found[scanned[0]] = scanned[1]
    else:
        book = _open_book(path)
        try:
            for sheet in book.worksheets:
                wanted = set(kinds) - set(found)
                if not wanted:
                    break
                own: dict[str, dict[str, int]] = {}
                scanned = _scan(_worksheet_rows(sheet), kinds, wanted, own, sheet.title)
                for kind, matched in own.items():
                    if len(matched) > len(best.get(kind, {})):
                        best[kind] = matched
                if scanned:
                    found[scanned[0]] = scanned[1]
                    continue
                for kind in wanted:  # “Đóng góp” with a required column deleted: say so
                    if (kinds[kind].name and fold_compact(kinds[kind].name) == fold_compact(sheet.title)
                            and len(own.get(kind, {})) >= 2):
                        raise FileRefused(f"Trang “{sheet.title}” thiếu cột bắt buộc: "
                                          f"{_missing(kinds[kind].columns, own[kind])}.")
        finally:
            book.close()
    if found:
        return found
    kind = max(kinds, key=lambda k: len(best.get(k, {})))  # the first kind on a tie
    if not best.get(kind):
        raise FileRefused(f"Không tìm thấy dòng tiêu đề trong tệp “{path.name}” (trang tính trống "
                          "hoặc không đúng mẫu).")
    raise FileRefused(f"Tệp thiếu cột bắt buộc: {_missing(kinds[kind].columns, best[kind])}.")


def read_sheet(path: str | Path, columns: list[Column], sheet_name: str | None = None) -> Sheet:
    """The data rows with the header located and matched; refuses a file without the
    required headers. In a workbook without a named sheet, the first sheet that has the
    headers is read (the template puts its instructions first)."""
    path = Path(path)
    if sheet_name is None:
        return read_sheets(path, {"main": SheetKind(columns)})["main"]
    _check_path(path)
    book = _open_book(path)
    try:
        names = {n.casefold(): n for n in book.sheetnames}
        if sheet_name.casefold() not in names:
            raise FileRefused(f"Tệp “{path.name}” không có trang “{sheet_name}”.")
        best: dict[str, dict[str, int]] = {}
        kinds = {"main": SheetKind(columns)}
        scanned = _scan(_worksheet_rows(book[names[sheet_name.casefold()]]), kinds, {"main"}, best,
                        names[sheet_name.casefold()])
    finally:
        book.close()
    if scanned is None:
        if not best.get("main"):
            raise FileRefused(f"Không tìm thấy dòng tiêu đề trong trang “{sheet_name}”.")
        raise FileRefused(f"Tệp thiếu cột bắt buộc: {_missing(columns, best['main'])}.")
    return scanned[1]
