"""Reading a workbook's values with python-calamine (several times faster than openpyxl),
with what calamine does not say found in the file itself: which rows are hidden (the
``hidden`` attribute of ``<row>`` in the sheet's XML, read as a stream) and how far the
cells reach (calamine holds a sheet as a full rectangle: a workbook with one cell at
row 1,048,576 is left to openpyxl, which reads only the cells there are)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_CELLS = 5_000_000  # the rectangle calamine may hold (200,000 rows × 25 columns)
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATION = re.compile(rb"<Relationship\b[^>]*>")
_ROW = re.compile(rb"<row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_CELL_COLUMN = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})\d+"')
_ANY_CELL = re.compile(rb"<c[\s/>]")

Rows = Iterator[tuple[int, list[object]]]


@dataclass
class _Extent:
    rows: int = 0  # the last row number holding cells
    columns: int = 0  # the last column (1 = A)
    hidden: list[int] = field(default_factory=list)  # hidden rows holding cells
    sure: bool = True  # every row and cell carried its reference


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(tag))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """The XML part of each sheet, by its name (workbook.xml and its relationships;
    both were size-checked before: reader._check_zip)."""
    book = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for tag in _RELATION.findall(rels):
        attrs = _attrs(tag)
        target = attrs.get(b"Target", b"").decode()
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[attrs.get(b"Id", b"")] = target
    parts = {}
    for tag in _SHEET.findall(book):
        attrs = _attrs(tag)
        relation = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        parts[attrs.get(b"name", b"").decode("utf-8")] = targets.get(relation, "")
    return parts


def _extent(archive: zipfile.ZipFile, part: str) -> _Extent:
    """How far the sheet's cells reach and which rows are hidden, by one pass over its
    XML in chunks cut after a tag's end (no tag is split between two chunks)."""
    extent, tail = _Extent(), b""
    with archive.open(part) as source:
        while True:
            chunk = source.read(1 << 20)
            data = tail + chunk
            cut = data.rfind(b">") + 1 if chunk else len(data)
            data, tail = data[:cut], data[cut:]
            for match in _ROW.finditer(data):
                number = _ROW_NUMBER.search(match.group(1))
                if number is None:
                    extent.sure = False
                    return extent
                if match.group(1).endswith(b"/"):
                    continue  # a row without cells
                row = int(number.group(1))
                extent.rows = max(extent.rows, row)
                if _HIDDEN.search(match.group(1)):
                    extent.hidden.append(row)
            columns = _CELL_COLUMN.findall(data)
            if len(columns) != len(_ANY_CELL.findall(data)):
                extent.sure = False  # a cell placed by its order alone
                return extent
            if columns:
                extent.columns = max(extent.columns, max(_column_number(c) for c in set(columns)))
            if not chunk:
                return extent


def _value(value: object) -> object:
    """As openpyxl gives it: None for an empty cell, whole numbers as int, dates as datetime."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def visible_sheets(path: Path, notes: list[str], max_columns: int
                   ) -> list[tuple[str, Callable[[list[int]], Rows]]] | None:
    """(title, rows(hidden)) for each visible worksheet, in order; hidden sheets are said
    in ``notes``. None when calamine cannot read the file, or a sheet would be too large a
    rectangle or lacks cell references: openpyxl reads those."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        book = CalamineWorkbook.from_path(str(path))
        with zipfile.ZipFile(path) as archive:
            parts = _parts(archive)
            said: list[str] = []
            found: list[tuple[str, _Extent]] = []
            for meta in book.sheets_metadata:
                if meta.typ != SheetTypeEnum.WorkSheet:
                    continue
                if meta.visible != SheetVisibleEnum.Visible:
                    said.append(f"Bỏ qua trang ẩn “{meta.name}”.")
                    continue
                extent = _extent(archive, parts[meta.name])
                if not extent.sure or extent.rows * max(extent.columns, 1) > MAX_CELLS:
                    return None
                found.append((meta.name, extent))
    except Exception:  # damaged, protected, unusual: openpyxl reads it or says what is wrong
        return None
    notes.extend(said)
    return [(name, _reader(book, name, extent, max_columns)) for name, extent in found]


def _reader(book, name: str, extent: _Extent, max_columns: int) -> Callable[[list[int]], Rows]:
    def rows(hidden: list[int]) -> Rows:
        sheet = book.get_sheet_by_name(name)
        # iter_rows gives every row from the first, each from the sheet's first used
        # column; a row at a time, so the window's thread gets Python's lock between rows
        # (to_python would hold it for a whole 100,000-row sheet).
        blank = [None] * (sheet.start[1] if sheet.start else 0)
        skip = set(extent.hidden)
        hidden.extend(extent.hidden)
        for index, cells in enumerate(sheet.iter_rows()):
            if index + 1 in skip:
                continue
            cells = (blank + [_value(v) for v in cells])[:max_columns]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                yield index + 1, cells
    return rows
