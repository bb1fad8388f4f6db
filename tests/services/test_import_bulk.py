"""An import writes many rows at once: the same records, audit entries, search and status
history as saving each row alone, and Cancel between chunks leaves the file unchanged."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from openpyxl import Workbook

from danvan_desktop.services.exchange.columns import INITIATIVE_COLUMNS
from danvan_desktop.services.exchange.importer import commit_plan, plan_import
from danvan_desktop.store import catalog
from danvan_desktop.store.db import create_store, open_store
from danvan_desktop.store.initiatives import InitiativeFilter, query_ids, save_initiative

STATUSES = ["Đăng ký", "Công nhận", "Khen thưởng", "Nhân rộng", ""]
# the columns both paths must agree on (ids, uuids and timestamps differ by nature)
COMPARED = ("name, kind, field, owner_name, position, commune_id, village_id, year, registered_on,"
            " status, level, recognized_on, commended_on, method, results, notes, search_key,"
            " name_sort, owner_sort, organization_id, person_id")


def _file(path, rows: int):
    book = Workbook()
    sheet = book.active
    sheet.title = "Mô hình"
    sheet.append([c.header for c in INITIATIVE_COLUMNS])
    for n in range(rows):
        person = n % 3 == 0
        row = {"name": f"Mô hình dân vận khéo số {n}", "kind": "Cá nhân" if person else "Tập thể",
               "field": ["KT", "VH-XH", "QP-AN", "XDĐ"][n % 4],
               "owner_name": f"Nguyễn Thị Huệ {n % 4}" if person else f"Chi bộ thôn {n % 5}",
               # one person, two positions typed: the same person, as a single save finds
               "position": ("Bí thư" if n // 12 % 2 else "Phó Bí thư") if person else "",
               "commune": f"Xã Đông Cường {n % 2}",
               "village": f"Thôn {n % 3}" if n % 4 else "", "year": 2023,
               "registered_on": f"{n % 28 + 1}/03/2023", "status": STATUSES[n % 5],
               "level": "Cấp xã" if STATUSES[n % 5] not in ("Đăng ký", "") else "",
               "method": "Cách làm", "results": "Hiệu quả"}
        sheet.append([row.get(c.key, "") for c in INITIATIVE_COLUMNS])
    book.save(path)
    return path


def _store(path):
    store = create_store(path, user="Người kiểm thử")
    for c in range(2):
        commune = catalog.add_area(store, f"Xã Đông Cường {c}", "xa")
        for v in range(3):
            catalog.add_area(store, f"Thôn {v}", "thon", commune)
        if c == 1:  # someone the catalogue already has: found, not added again
            catalog.ensure_person(store, "Nguyễn Thị Huệ 1", "Bí thư", commune)
    return store


def _state(store) -> dict:
    return {
        "rows": store.execute(f"SELECT {COMPARED} FROM initiatives ORDER BY id").fetchall(),
        "history": store.execute("SELECT initiative_id, from_status, to_status, note"
                                 " FROM initiative_status_history ORDER BY id").fetchall(),
        "audit": store.execute("SELECT action, record_kind, count(*) FROM audit_log"
                               " GROUP BY 1, 2 ORDER BY 1, 2").fetchall(),
        "insert_changes": store.execute(
            "SELECT record_kind, record_id, changes FROM audit_log WHERE action = 'insert'"
            " AND record_kind = 'initiatives' ORDER BY id").fetchall(),
        "owners": store.execute("SELECT 'o', name, '', area_id FROM organizations UNION ALL"
                                " SELECT 'p', full_name, position, area_id FROM persons"
                                " ORDER BY 1, 2, 4").fetchall(),
        "search": {text: query_ids(store, InitiativeFilter(text=text))
                   for text in ("dan van kheo so 1", "Nguyen thi hue 2", "thon 1", "chi bo", "dong cuong 0")},
    }


def test_bulk_import_writes_what_saving_each_row_writes(tmp_path):
    path = _file(tmp_path / "dang-ky.xlsx", 60)
    bulk, single = _store(tmp_path / "bulk.sqlite3"), _store(tmp_path / "single.sqlite3")
    plan = plan_import(bulk, path)
    assert not plan.errors and len(plan.rows) == 60
    assert commit_plan(bulk, plan).initiatives == 60
    with single.atomic():  # the per-row path, as the import wrote before
        for row in plan_import(single, path).rows:
            save_initiative(single, replace(row.item), status_note="Nhập từ tệp dang-ky.xlsx",
                            reload=False)
        single.execute("INSERT INTO audit_log (at, user, action, record_kind, changes)"
                       " VALUES ('x', 'x', 'import', 'initiatives', '{}')")  # the import's own entry
    got, expected = _state(bulk), _state(single)
    assert [tuple(r) for r in got["rows"]] == [tuple(r) for r in expected["rows"]]
    assert {r[9] for r in got["rows"]} >= {"cong_nhan", "khen_thuong", "nhan_rong"}
    assert all(r[11] for r in got["rows"] if r[9] != "dang_ky")  # recognised on a date
    for part in ("history", "audit", "insert_changes", "owners"):
        assert [tuple(r) for r in got[part]] == [tuple(r) for r in expected[part]], part
    assert got["search"] == expected["search"]
    assert all(got["search"].values())
    bulk.close()
    single.close()


class _Stop(Exception):
    pass


def test_cancel_between_chunks_leaves_the_file_unchanged(tmp_path):
    path = _file(tmp_path / "dang-ky.xlsx", 2_500)
    store = _store(tmp_path / "data.sqlite3")
    plan = plan_import(store, path)
    store.close()
    before = hashlib.sha256((tmp_path / "data.sqlite3").read_bytes()).hexdigest()
    seen = []

    def progress(done, total, text):
        seen.append((done, total))
        if done >= 2_000:
            raise _Stop()  # ui/tasks.py raises Cancelled from report() the same way

    store = open_store(tmp_path / "data.sqlite3", user="Người kiểm thử")
    with pytest.raises(_Stop):
        commit_plan(store, plan, progress=progress)
    assert store.scalar("SELECT count(*) FROM initiatives") == 0
    store.close()
    assert (1_000, 2_500) in seen and (2_000, 2_500) in seen
    assert hashlib.sha256((tmp_path / "data.sqlite3").read_bytes()).hexdigest() == before


def _csv(path, rows: int):
    """A commune's register of ``rows`` initiatives as CSV (a 100,000-row workbook takes
    openpyxl a minute to write; the reader's rows are the same)."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.header for c in INITIATIVE_COLUMNS])
        for n in range(rows):
            row = {"name": f"Mô hình dân vận khéo số {n}", "kind": "Tập thể", "field": "KT",
                   "owner_name": f"Chi bộ thôn {n % 3}", "commune": f"Xã Đông Cường {n % 2}",
                   "village": f"Thôn {n % 3}", "year": 2023,
                   "registered_on": f"{n % 28 + 1}/03/2023", "status": "Đăng ký"}
            writer.writerow([row.get(c.key, "") for c in INITIATIVE_COLUMNS])
    return path


def test_a_100k_row_import_shows_progress_and_cancel_midway_leaves_the_file_unchanged(tmp_path):
    path = _csv(tmp_path / "so-dang-ky.csv", 100_000)
    store = _store(tmp_path / "data.sqlite3")
    read, checked = [], []

    def planning(done, total, text):
        (read if text.startswith("Đã đọc") else checked).append((done, total))

    plan = plan_import(store, path, progress=planning)
    assert not plan.errors and len(plan.rows) == 100_000
    assert len(read) >= 40 and (100_000, 100_000) in checked  # reading, then every row checked
    store.close()
    before = hashlib.sha256((tmp_path / "data.sqlite3").read_bytes()).hexdigest()
    written = []

    def writing(done, total, text):
        written.append((done, total))
        if done >= 50_000:
            raise _Stop()  # Hủy pressed halfway through the write

    store = open_store(tmp_path / "data.sqlite3", user="Người kiểm thử")
    with pytest.raises(_Stop):
        commit_plan(store, plan, progress=writing)
    assert written[-1] == (50_000, 100_000) and len(written) == 50
    assert store.scalar("SELECT count(*) FROM initiatives") == 0
    assert store.scalar("SELECT count(*) FROM initiatives_fts WHERE initiatives_fts MATCH 'kheo'") == 0
    assert store.scalar("SELECT count(*) FROM stats_registered_kinds WHERE n > 0") == 0
    store.close()
    assert hashlib.sha256((tmp_path / "data.sqlite3").read_bytes()).hexdigest() == before


def test_cancel_while_reading_a_large_file_stops_the_reading(tmp_path):
    path = _csv(tmp_path / "so-dang-ky.csv", 20_000)
    store = _store(tmp_path / "data.sqlite3")
    seen = []

    def progress(done, total, text):
        seen.append(text)
        raise _Stop()  # Hủy at the first word from the reader

    with pytest.raises(_Stop):
        plan_import(store, path, progress=progress)
    assert seen == ["Đã đọc 2000 dòng"]
    store.close()
