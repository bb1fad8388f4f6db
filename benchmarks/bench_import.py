"""A 10,000-row registration file read, validated and imported (target < 5 s); then a
workbook of 100 campaigns with 10,000 contribution rows (same target)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from danvan_desktop.services.exchange.columns import CAMPAIGN_COLUMNS, INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.importer import commit_import, commit_plan, plan_import
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
    campaigns(folder, store, rows)
    store.close()
    return 0


def campaigns(folder: Path, store, rows: int, count: int = 100) -> float:
    """``count`` road campaigns and ``rows`` household contributions typed as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cuộc vận động")
    sheet.append([c.header for c in CAMPAIGN_COLUMNS])
    for n in range(count):
        values = {"title": f"Đường thôn số {n}", "type": "Đường giao thông",
                  "commune": f"Đông Cường {n % 30}",
                  "village": f"Thôn {n % 6}", "status": "Đang thực hiện", "started_on": "20/01/2023",
                  "estimate_vnd": "1,2 tỷ", "length_m": "450", "width_before_m": "3,5", "width_after_m": "9"}
        sheet.append([values.get(c.key, "") for c in CAMPAIGN_COLUMNS])
    ledger = book.create_sheet("Đóng góp")
    ledger.append(["Tên công trình", "Ngày", "Nguồn", "Người/đơn vị đóng góp", "Hình thức",
                   "Số tiền hoặc số lượng", "Ghi chú"])
    for n in range(rows):
        ledger.append([f"Đường thôn số {n % count}", f"{n % 28 + 1}/02/2023", "Nhân dân", f"Hộ số {n}",
                       "Tiền", "100.000", ""])
    path = folder / "cong-trinh.xlsx"
    book.save(path)
    started = time.perf_counter()
    plan = plan_import(store, path)
    checked = time.perf_counter()
    result = commit_plan(store, plan)
    done = time.perf_counter()
    total = done - started
    print(f"campaigns {result.campaigns:,}, contributions {result.contributions:,}, "
          f"errors {len(plan.errors)}")
    print(f"read + validate {checked - started:.2f} s, write {done - checked:.2f} s, "
          f"total {total:.2f} s (target < 5 s) {'PASS' if total < 5 else 'over'}")
    return total


if __name__ == "__main__":
    raise SystemExit(main())
