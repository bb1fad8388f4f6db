"""A 10,000-row registration file read, validated and imported (target < 5 s)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from danvan_desktop.services.exchange.columns import INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.importer import commit_import, plan_import
from danvan_desktop.store import catalog
from danvan_desktop.store.db import create_store

FIELDS = ["KT", "VH-XH", "QP-AN", "XDĐ"]


def main(rows: int = 10_000) -> int:
    folder = Path(tempfile.mkdtemp())
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Mô hình")
    sheet.append([c.header for c in INITIATIVE_COLUMNS])
    for n in range(rows):
        sheet.append([f"Mô hình dân vận khéo số {n}", "Cá nhân" if n % 5 == 0 else "Tập thể",
                      FIELDS[n % 4], f"Chi bộ thôn {n % 40}" if n % 5 else f"Nguyễn Thị Huệ {n}",
                      "", f"Xã Đông Cường {n % 30}", f"Thôn {n % 6}", 2023, f"{n % 28 + 1}/03/2023",
                      "Đăng ký", "", "Cách làm", "Hiệu quả", ""])
    path = folder / "dang-ky.xlsx"
    book.save(path)
    store = create_store(folder / "data.sqlite3", user="bench")
    for c in range(30):
        commune = catalog.add_area(store, f"Xã Đông Cường {c}", "xa")
        for v in range(6):
            catalog.add_area(store, f"Thôn {v}", "thon", commune)
    started = time.perf_counter()
    plan = plan_import(store, path)
    checked = time.perf_counter()
    written = commit_import(store, plan)
    done = time.perf_counter()
    total = done - started
    print(f"rows {rows:,}, errors {len(plan.errors)}, written {written:,}")
    print(f"read + validate {checked - started:.2f} s, write {done - checked:.2f} s, "
          f"total {total:.2f} s (target < 5 s) {'PASS' if total < 5 else 'over'}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
