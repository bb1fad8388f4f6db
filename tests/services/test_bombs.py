"""Reading a workbook is bounded: a 1 MB .xlsx declaring 1 GiB of shared strings is
refused from the sizes its zip declares, in seconds, without unpacking it; a column filled
down to row 1,048,576 is refused at the row cap. Each runs in a child process whose peak
memory is measured (``ru_maxrss``); the floor (the same child refusing a missing file) is
measured in the same run. Run with ``-s`` to see the figures."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib

import pytest

from danvan_desktop.services.exchange.reader import MAX_ROWS

PEAK_LIMIT_MB = 300

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
    'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="'
    '/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'sharedStrings+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Mô hình" sheetId="1" r:id="rId1"/></sheets></workbook>')
BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
    'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main"><sheetData>')
HEADERS = ["Tên mô hình", "Loại", "Lĩnh vực", "Chủ thể", "Xã/phường", "Năm đăng ký"]


class _Repeating:
    """A deflate compressor that compresses a repeated chunk once: after a full flush the
    state is reset, so the same input gives the same bytes (1 GiB packs in a second)."""

    def __init__(self) -> None:
        self.inner = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.last: tuple[bytes, bytes] | None = None

    def compress(self, data: bytes) -> bytes:
        if self.last is not None and data is self.last[0]:
            return self.last[1]
        packed = self.inner.compress(data) + self.inner.flush(zlib.Z_FULL_FLUSH)
        self.last = (data, packed)
        return packed

    def flush(self) -> bytes:
        return self.inner.flush()


def _book(path, shared: list[bytes] | None = None, repeat: tuple[bytes, int] | None = None,
          rows: int = 0, tail: bytes = b"") -> None:
    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                     for i, h in enumerate(HEADERS))
    original = zipfile._get_compressor
    zipfile._get_compressor = lambda *_a, **_k: _Repeating()
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                               ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", BOOK_RELS)):
                book.writestr(name, text)
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main">')
                for item in shared or []:
                    part.write(item)
                if repeat:
                    chunk, times = repeat
                    for _ in range(times):
                        part.write(chunk)
                part.write(tail + b"</sst>")
            with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                part.write(f'{SHEET_HEAD}<row r="1">{header}</row>'.encode())
                batch = []
                for number in range(2, rows + 2):
                    batch.append(f'<row r="{number}"><c r="A{number}" t="s"><v>0</v></c></row>')
                    if len(batch) == 10_000:
                        part.write("".join(batch).encode())
                        batch = []
                part.write(("".join(batch) + "</sheetData></worksheet>").encode())
    finally:
        zipfile._get_compressor = original


CHILD = textwrap.dedent("""
    import json, resource, sys, time
    started = time.perf_counter()
    from danvan_desktop import cli
    code = cli.run(["import", sys.argv[1], "--db", sys.argv[2], "--dry-run"])
    print(json.dumps({"code": code, "seconds": time.perf_counter() - started,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def _run(source, db) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(source), str(db)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.fixture
def db(tmp_path):
    from danvan_desktop.store.db import create_store

    create_store(tmp_path / "danvan.sqlite3").close()
    return tmp_path / "danvan.sqlite3"


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss")
def test_a_gigabyte_of_shared_strings_in_a_megabyte_is_refused_in_seconds(tmp_path, db):
    bomb = tmp_path / "bom.xlsx"
    chunk = b"A" * (1 << 20)  # one shared string of 1 GiB: the harshest case for memory
    _book(bomb, shared=[b"<si><t>"], repeat=(chunk, 1024), rows=3, tail=b"</t></si>")
    with zipfile.ZipFile(bomb) as book:
        declared = book.getinfo("xl/sharedStrings.xml").file_size
    assert declared >= 1 << 30 and bomb.stat().st_size < 2 << 20
    floor, _ = _run(tmp_path / "khong-co.xlsx", db)
    started = time.perf_counter()
    result, err = _run(bomb, db)
    wall = time.perf_counter() - started
    assert result["code"] == 1
    assert "quá lớn khi giải nén" in err and "sharedStrings.xml" in err
    assert len(err.strip().splitlines()) == 1
    assert result["peak_mb"] < PEAK_LIMIT_MB and result["seconds"] < 10
    print(f"\n1 GiB shared-strings bomb ({bomb.stat().st_size / 1e6:.1f} MB file): refused in "
          f"{result['seconds']:.2f} s ({wall:.2f} s with start-up), peak {result['peak_mb']:.0f} MB; "
          f"floor (missing file) {floor['seconds']:.2f} s, {floor['peak_mb']:.0f} MB")


@pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss")
def test_a_column_filled_to_the_last_row_is_refused_at_the_row_cap(tmp_path, db):
    bomb = tmp_path / "cot-day.xlsx"
    _book(bomb, shared=["<si><t>Mô hình</t></si>".encode()], rows=1_048_575)
    floor, _ = _run(tmp_path / "khong-co.xlsx", db)
    result, err = _run(bomb, db)
    assert result["code"] == 1
    assert f"hơn {MAX_ROWS:,} dòng".replace(",", ".") in err and "trang tính" in err
    assert len(err.strip().splitlines()) == 1
    assert result["peak_mb"] < PEAK_LIMIT_MB and result["seconds"] < 30
    print(f"\ncolumn to row 1,048,576 ({bomb.stat().st_size / 1e6:.1f} MB file): refused in "
          f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB; floor {floor['seconds']:.2f} s, "
          f"{floor['peak_mb']:.0f} MB")
