"""Reading the rows of a spreadsheet the way offices send them: .xlsx (from Excel or
LibreOffice) or .csv (UTF-8 with or without BOM, comma or semicolon), the header row
possibly below a few title rows, blank rows skipped."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...domain.text import fold_compact
from .columns import Column, match_headers
from .xlsx_fast import visible_sheets

HEADER_SEARCH_ROWS = 20
READ_PROGRESS_EVERY = 2_000  # rows read between two words to the progress window (and Cancel)
Progress = Callable[[int, int, str], None]
# Bounds on what a workbook may hold, checked before reading (a 1 MB file can declare
# gigabytes of text): the parts' declared uncompressed sizes, rows and columns read.
MAX_ROWS = 200_000  # data rows of one sheet
MAX_COLUMNS = 200
MAX_SHARED_TEXT = 100 * 1024 * 1024  # xl/sharedStrings.xml, held in memory whole
MAX_SHEET_PART = 512 * 1024 * 1024  # a worksheet's XML, read as a stream
MAX_OTHER_PART = 32 * 1024 * 1024  # styles, workbook: held in memory
MAX_TOTAL = 1024 * 1024 * 1024
MAX_PARTS = 5_000
MAX_CSV_BYTES = 200 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is Vietnamese."""


@dataclass
class Sheet:
    rows: list[tuple[int, list[object]]]  # (row number as the user sees it, cells)
    header_row: int
    columns: dict[str, int]
    name: str = ""  # the worksheet's title; blank for a .csv
    hidden_rows: int = 0  # rows hidden in Excel, skipped


@dataclass(frozen=True)
class SheetKind:
    """What a sheet may hold: its columns, and the sheet name the template gives it."""

    columns: list[Column]
    name: str = ""


def _megabytes(size: int) -> str:
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f}".replace(".", ",") + " GB"
    return f"{size / 1_048_576:,.0f}".replace(",", ".") + " MB"


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would not fit in memory once unpacked, before
    anything is unpacked (the sizes the zip declares bound what zipfile will read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # _open_book says what is wrong with it
    too_big = f"Tệp “{path.name}” quá lớn khi giải nén"
    if len(parts) > MAX_PARTS:
        raise FileRefused(f"{too_big} ({len(parts)} phần); đây không phải bảng tính thông thường.")
    for part in parts:
        name = part.filename.lower()
        if name.startswith("xl/worksheets/"):
            limit = MAX_SHEET_PART
        elif "sharedstrings" in name:
            limit = MAX_SHARED_TEXT
        elif name.startswith("xl/media/") or not name.endswith((".xml", ".rels")):
            continue  # pictures and the like are never read
        else:
            limit = MAX_OTHER_PART
        if part.file_size > limit:
            raise FileRefused(f"{too_big}: phần “{part.filename}” chứa {_megabytes(part.file_size)} "
                              f"(tối đa {_megabytes(limit)}); hãy chia thành nhiều tệp nhỏ hơn.")
    total = sum(p.file_size for p in parts)
    if total > MAX_TOTAL:
        raise FileRefused(f"{too_big} ({_megabytes(total)}, tối đa {_megabytes(MAX_TOTAL)}); hãy chia "
                          "thành nhiều tệp nhỏ hơn.")
    try:
        with zipfile.ZipFile(path) as archive:
            for part in parts:
                if part.filename.lower().startswith("xl/worksheets/") and _rows_over_cap(archive, part):
                    raise _too_many_rows(f"Tệp “{path.name}” có một trang tính")
    except (OSError, zipfile.BadZipFile, EOFError, zlib.error):
        return  # damaged: _open_book says so


def _open_book(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        with path.open("rb") as handle:
            start = handle.read(8)
        if start == _OLE:
            raise FileRefused(f"Tệp “{path.name}” được bảo vệ bằng mật khẩu hoặc là định dạng "
                              ".xls cũ; hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx.") from exc
        raise FileRefused(f"Tệp “{path.name}” bị hỏng hoặc không phải tệp Excel .xlsx.") from exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise FileRefused(f"Không đọc được tệp “{path.name}”: {_why(exc)}.") from exc


def _why(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return "không đủ bộ nhớ để đọc tệp này (tệp quá lớn); hãy chia thành nhiều tệp nhỏ hơn"
    return str(exc) or f"tệp bị hỏng ({exc.__class__.__name__})"


def _too_many_rows(where: str) -> FileRefused:
    return FileRefused(f"{where} có hơn {MAX_ROWS:,} dòng dữ liệu; hãy chia thành nhiều tệp "
                       "nhỏ hơn.".replace(",", "."))


_MIN_ROW_BYTES = 26  # "<row><c><v>1</v></c></row>": a sheet smaller than the cap × this is fine


def _rows_over_cap(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a worksheet holds more rows with cells than the cap, by counting its raw
    XML (fast) rather than parsing it (slow): a column filled down to row 1,048,576 is
    refused in a moment, before openpyxl reads the sheet at all."""
    if part.file_size <= MAX_ROWS * _MIN_ROW_BYTES:
        return False
    count, tail = 0, b""
    with archive.open(part) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            count += data.count(b"</row>")  # rows with cells; empty ones close themselves
            tail = data[-5:]
            if count > MAX_ROWS + HEADER_SEARCH_ROWS:
                return True
    return False


def _worksheet_rows(book, sheet, hidden: list[int]) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) of the rows the sheet holds, in order, without filling the
    gaps (a cell at row 1,048,576 is one row, not a million). Hidden rows are left out
    and their numbers added to ``hidden``."""
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        with sheet._get_source() as source:
            parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                attrs = parser.row_dimensions.pop(str(number), None)
                if attrs and attrs.get("hidden") in ("1", "true"):
                    hidden.append(number)
                    continue
                values: list[object] = []
                for cell in cells:
                    column = cell["column"]
                    if column <= MAX_COLUMNS:
                        values.extend([None] * (column - len(values) - 1))
                        values.append(cell["value"])
                yield number, values
    except (FileRefused, GeneratorExit):
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise FileRefused(f"Không đọc được trang “{sheet.title}”: {_why(exc)}.") from exc


def _csv_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise FileRefused(f"Tệp “{path.name}” quá lớn ({_megabytes(path.stat().st_size)}, tối đa "
                          f"{_megabytes(MAX_CSV_BYTES)}); hãy chia thành nhiều tệp nhỏ hơn.")
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
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
            yield number, row[:MAX_COLUMNS]
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


def _scan(source: Iterator[tuple[int, list[object]]], kinds: dict[str, SheetKind], wanted: set[str],
          best: dict[str, dict[str, int]], name: str,
          progress: Progress | None = None) -> tuple[str, Sheet] | None:
    """The kind of sheet this is (the first header row holding every required column of a
    kind still wanted) and its data rows; None when no header row is found."""
    for number, cells in source:
        if number > HEADER_SEARCH_ROWS:
            return None
        matches = {kind: match_headers(cells, kinds[kind].columns) for kind in wanted}
        for kind, matched in matches.items():
            if len(matched) > len(best.get(kind, {})):
                best[kind] = matched
        complete = [k for k, m in matches.items()
                    if {c.key for c in kinds[k].columns if c.required} <= set(m)]
        if complete:
            kind = max(complete, key=lambda k: len(matches[k]))
            return kind, Sheet(rows=_data_rows(source, name, progress), header_row=number,
                               columns=matches[kind], name=name)
    return None


def _data_rows(source: Iterator[tuple[int, list[object]]], name: str,
               progress: Progress | None = None) -> list[tuple[int, list[object]]]:
    rows = []
    for number, row in source:
        if any(str(c).strip() for c in row if c is not None):
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(f"Trang “{name}”" if name else "Tệp")
            rows.append((number, row))
            if progress and len(rows) % READ_PROGRESS_EVERY == 0:  # and Cancel, between rows
                progress(0, 0, f"Đã đọc {len(rows)} dòng{f' trang “{name}”' if name else ''}")
    return rows


@contextlib.contextmanager
def _workbook(path: Path, notes: list[str]) -> Iterator[list[tuple[str, Callable]]]:
    """(title, rows(hidden)) of each visible worksheet: read by python-calamine when it
    can (xlsx_fast.py), else by openpyxl, which also names what is wrong with a file."""
    _check_zip(path)
    fast = visible_sheets(path, notes, MAX_COLUMNS)
    if fast is not None:
        yield [(title, _guarded(title, rows)) for title, rows in fast]
        return
    book = _open_book(path)
    try:
        yield [(sheet.title, functools.partial(_worksheet_rows, book, sheet))
               for sheet in _visible(book, notes)]
    finally:
        book.close()


def _guarded(title: str, rows: Callable) -> Callable:
    def read(hidden: list[int]) -> Iterator[tuple[int, list[object]]]:
        try:
            yield from rows(hidden)
        except (FileRefused, GeneratorExit):
            raise
        except Exception as exc:  # a damaged sheet inside a readable zip
            raise FileRefused(f"Không đọc được trang “{title}”: {_why(exc)}.") from exc
    return read


def _visible(book, notes: list[str]) -> list:
    sheets = []
    for sheet in book.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            notes.append(f"Bỏ qua trang ẩn “{sheet.title}”.")
        else:
            sheets.append(sheet)
    return sheets


def _note_hidden(sheet: Sheet | None, title: str, hidden: list[int], notes: list[str]) -> None:
    if not hidden:
        return
    shown = ", ".join(str(n) for n in hidden[:10]) + (", …" if len(hidden) > 10 else "")
    notes.append(f"Trang “{title}”: bỏ qua {len(hidden)} dòng ẩn (dòng {shown}).")
    if sheet is not None:
        sheet.hidden_rows = len(hidden)


def read_sheets(path: str | Path, kinds: dict[str, SheetKind],
                notes: list[str] | None = None, progress: Progress | None = None) -> dict[str, Sheet]:
    """Every visible sheet of the file whose header row matches one of the kinds (the
    first such sheet for each kind), by kind; hidden sheets and rows are skipped and said
    in ``notes``. Refuses a file where no kind is found, or a sheet named as the template
    names a kind that lacks some of its required columns."""
    path = Path(path)
    notes = [] if notes is None else notes
    suffix = _check_path(path)
    found: dict[str, Sheet] = {}
    best: dict[str, dict[str, int]] = {}
    if suffix == ".csv":
        scanned = _scan(_csv_rows(path), kinds, set(kinds), best, "", progress)
        if scanned:
            found[scanned[0]] = scanned[1]
    else:
        with _workbook(path, notes) as sheets:
            for title, rows in sheets:
                wanted = set(kinds) - set(found)
                if not wanted:
                    break
                own: dict[str, dict[str, int]] = {}
                hidden: list[int] = []
                scanned = _scan(rows(hidden), kinds, wanted, own, title, progress)
                _note_hidden(scanned[1] if scanned else None, title, hidden, notes)
                for kind, matched in own.items():
                    if len(matched) > len(best.get(kind, {})):
                        best[kind] = matched
                if scanned:
                    found[scanned[0]] = scanned[1]
                    continue
                for kind in wanted:  # “Đóng góp” with a required column deleted: say so
                    if (kinds[kind].name and fold_compact(kinds[kind].name) == fold_compact(title)
                            and len(own.get(kind, {})) >= 2):
                        raise FileRefused(f"Trang “{title}” thiếu cột bắt buộc: "
                                          f"{_missing(kinds[kind].columns, own[kind])}.")
    if found:
        return found
    skipped = " ".join(n for n in notes if n.startswith("Bỏ qua trang ẩn"))
    kind = max(kinds, key=lambda k: len(best.get(k, {})))  # the first kind on a tie
    if not best.get(kind):
        raise FileRefused(f"Không tìm thấy dòng tiêu đề trong tệp “{path.name}” (trang tính trống "
                          "hoặc không đúng mẫu)." + (f" {skipped}" if skipped else ""))
    raise FileRefused(f"Tệp thiếu cột bắt buộc: {_missing(kinds[kind].columns, best[kind])}.")


def read_sheet(path: str | Path, columns: list[Column], sheet_name: str | None = None) -> Sheet:
    """The data rows with the header located and matched; refuses a file without the
    required headers. In a workbook without a named sheet, the first visible sheet that
    has the headers is read (the template puts its instructions first)."""
    path = Path(path)
    if sheet_name is None:
        return read_sheets(path, {"main": SheetKind(columns)})["main"]
    _check_path(path)
    with _workbook(path, []) as sheets:
        names = {title.casefold(): (title, rows) for title, rows in sheets}
        if sheet_name.casefold() not in names:
            raise FileRefused(f"Tệp “{path.name}” không có trang “{sheet_name}”.")
        best: dict[str, dict[str, int]] = {}
        title, rows = names[sheet_name.casefold()]
        hidden: list[int] = []
        scanned = _scan(rows(hidden), {"main": SheetKind(columns)}, {"main"}, best, title)
        _note_hidden(scanned[1] if scanned else None, title, hidden, [])
    if scanned is None:
        if not best.get("main"):
            raise FileRefused(f"Không tìm thấy dòng tiêu đề trong trang “{sheet_name}”.")
        raise FileRefused(f"Tệp thiếu cột bắt buộc: {_missing(columns, best['main'])}.")
    return scanned[1]
