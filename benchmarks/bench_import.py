"""A 10,000-row registration file read, validated and imported (target < 5 s); then a
workbook of 100 campaigns with 10,000 contribution rows (same target).

With ``--db FILE`` (issue #16): the same 10,000 rows imported into a copy of FILE (a 1M demo),
paired in the same run with the floors of reading that workbook: openpyxl read-only and
python-calamine. Target: the import ≤ 1.5 × the openpyxl floor, whatever FILE holds."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - puts this checkout on sys.path
from openpyxl import Workbook

from danvan_desktop.services.exchange.columns import CAMPAIGN_COLUMNS, INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.importer import commit_import, commit_plan, plan_import
from danvan_desktop.store import catalog
from danvan_desktop.store.db import create_store

FIELDS = ["KT", "VH-XH", "QP-AN", "XDĐ"]


def workbook(folder: Path, rows: int) -> Path:
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
    return path


def add_places(store) -> None:
    for c in range(30):
        commune = catalog.add_area(store, f"Xã Đông Cường {c}", "xa")
        for v in range(6):
            catalog.add_area(store, f"Thôn {v}", "thon", commune)


def floors(path: Path) -> tuple[float, float, float]:
    """(openpyxl read-only, python-calamine, openpyxl's CPU seconds): every row of the
    workbook read, seconds."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    started, cpu = time.perf_counter(), time.process_time()
    book = load_workbook(path, read_only=True, data_only=True)
    for _row in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    middle, cpu = time.perf_counter(), time.process_time() - cpu
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return middle - started, time.perf_counter() - middle, cpu


def into_large(db: Path, rows: int, runs: int) -> int:
    import shutil

    from danvan_desktop.store.db import open_store

    folder = Path(tempfile.mkdtemp())
    path = workbook(folder, rows)
    table = []
    for run in range(runs):
        copy = folder / "large.sqlite3"
        shutil.copy(db, copy)
        os.sync()  # the copy's gigabytes written out first, not while the import is timed
        store = open_store(copy, user="bench")
        if run == 0:
            existing = store.scalar("SELECT count(*) FROM initiatives")
        add_places(store)
        load = os.getloadavg()[0]
        openpyxl_s, calamine_s, openpyxl_cpu = floors(path)
        started, cpu = time.perf_counter(), time.process_time()
        plan = plan_import(store, path)
        planned = time.perf_counter()
        written = commit_import(store, plan)
        done, cpu = time.perf_counter(), time.process_time() - cpu
        store.close()
        copy.unlink()
        table.append((done - started, planned - started, done - planned, openpyxl_s, calamine_s,
                      written, cpu / openpyxl_cpu, load))
    print(f"{rows:,} rows imported into a copy of {db} ({existing:,} initiatives), {runs} runs, s")
    print("total  read+check  write  | floor openpyxl  calamine | ratio to openpyxl "
          "(CPU time ratio; load before)")
    for total, plan_s, write_s, floor_o, floor_c, written, cpu_ratio, load in table:
        print(f"{total:5.2f}  {plan_s:10.2f}  {write_s:5.2f}  | {floor_o:14.2f}  {floor_c:8.2f} | "
              f"{total / floor_o:.2f} (target ≤ 1.5)  CPU {cpu_ratio:.2f}  load {load:.2f}"
              f"  written {written:,}")
    ratios = sorted(t[0] / t[3] for t in table)
    print(f"ratio median {ratios[len(ratios) // 2]:.2f}, max {ratios[-1]:.2f}")
    return 0


def main(rows: int = 10_000) -> int:
    folder = Path(tempfile.mkdtemp())
    path = workbook(folder, rows)
    store = create_store(folder / "data.sqlite3", user="bench")
    add_places(store)
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
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="import into a copy of this file (issue #16)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    raise SystemExit(into_large(args.db, 10_000, args.runs) if args.db else main())
