"""One writer: the lock file beside the data file (in this process and in another one,
released when its holder is killed), and two processes writing at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from danvan_desktop.services.integrity import check_file
from danvan_desktop.store import lock
from danvan_desktop.store.db import create_store

HOLDER = textwrap.dedent("""
    import sys, time
    from danvan_desktop.store.lock import acquire
    held = acquire(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")

WRITER = textwrap.dedent("""
    import sys
    from danvan_desktop.store import records
    from danvan_desktop.store.db import open_store
    path, tag, count, update = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
    store = open_store(path, user=tag)
    refused = 0
    for i in range(count):
        try:
            rid = records.insert(store, "areas", {"name": f"{tag} {i}", "level": "xa"})
            print("insert", rid, flush=True)
            if update:
                records.update(store, "areas", rid, {"name": f"{tag} {i} (sửa)"})
                print("update", rid, flush=True)
        except Exception as exc:
            refused += 1
            print("refused", type(exc).__name__, exc, file=sys.stderr, flush=True)
    print("refused", refused, flush=True)
""")


@pytest.fixture
def data(tmp_path):
    create_store(tmp_path / "danvan.sqlite3").close()
    return tmp_path / "danvan.sqlite3"


def test_a_second_lock_in_this_process_is_refused_in_vietnamese(data):
    first = lock.acquire(data)
    try:
        with pytest.raises(lock.DatabaseInUse) as refused:
            lock.acquire(data)
        assert "đang được mở ở một cửa sổ khác" in str(refused.value)
        assert refused.value.exit_code == 3
    finally:
        first.release()
    with lock.acquire(data) as again:
        assert again.held and lock.lock_path_for(data).exists()
    assert not again.held


def test_another_process_holding_the_file_is_named_and_its_death_frees_the_lock(data):
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(data)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(lock.DatabaseInUse) as refused:
            lock.acquire(data)
        assert f"tiến trình {child.pid}" in refused.value.holder
        assert f"tiến trình {child.pid}" in str(refused.value)
    finally:
        child.kill()  # SIGKILL: no chance to clean up
        child.wait()
    with lock.acquire(data) as mine:
        assert mine.held


def _writers(data, count, update, processes=3):
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(data), f"máy {k}", str(count),
                                  "1" if update else "0"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for k in range(processes)]
    results = [child.communicate(timeout=120) for child in children]
    inserted, updated, refused = set(), set(), 0
    for out, _err in results:
        for line in out.splitlines():
            word, value = line.split()[:2]
            if word == "insert":
                inserted.add(int(value))
            elif word == "update":
                updated.add(int(value))
            else:
                refused += int(value)
    return inserted, updated, refused


def _rows(data):
    import sqlite3

    conn = sqlite3.connect(data)
    try:
        return dict(conn.execute("SELECT id, name FROM areas").fetchall())
    finally:
        conn.close()


def test_processes_inserting_at_once_never_corrupt_or_lose_a_write(data):
    inserted, _, refused = _writers(data, 300, update=False)
    rows = _rows(data)
    assert refused == 0
    assert len(inserted) == 900 and inserted <= set(rows)
    assert check_file(data, full=True) == []


def test_processes_updating_at_once_lose_no_returned_write(data):
    """Every write whose call returned is on disk; a refused one is refused cleanly."""
    inserted, updated, _ = _writers(data, 300, update=True)
    rows = _rows(data)
    assert inserted <= set(rows)
    assert all(rows[i].endswith("(sửa)") for i in updated)
    assert check_file(data, full=True) == []


def test_processes_updating_at_once_are_never_refused(data):
    """A read then a write in one action: with a deferred BEGIN a second writer's commit
    in between fails it (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits for); the
    store's BEGIN IMMEDIATE waits for the lock instead."""
    _, updated, refused = _writers(data, 1200, update=True, processes=4)
    assert refused == 0 and len(updated) == 4800


COMMAND_HOLDER = textwrap.dedent("""
    import sys, time
    from danvan_desktop.store.lock import writing
    with writing(sys.argv[1], "danvan import"):
        print("ready", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def test_a_second_writer_waits_for_a_command_then_gets_the_file(data):
    import time

    child = subprocess.Popen([sys.executable, "-c", COMMAND_HOLDER, str(data), "1.0"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(lock.DatabaseInUse) as refused:
            lock.acquire(data)
        assert "lệnh “danvan import”" in refused.value.holder
        assert "đang được ghi bởi lệnh" in str(refused.value)
        started = time.monotonic()
        with lock.acquire(data, wait=30) as mine:
            assert mine.held and time.monotonic() - started < 30
    finally:
        child.kill()
        child.wait()


def test_a_command_inside_the_window_process_joins_its_lock(data):
    with lock.acquire(data) as window, lock.writing(data, "danvan import") as joined:
        assert joined is window and window.held
    assert not window.held
