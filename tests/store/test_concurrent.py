"""The window's process and command line imports on one data file at once, many times
over: the window keeps its connection open all along while it inspects the file, backs
it up and checks it (the calls that once opened the file with ``open()`` and dropped
SQLite's locks), and writes under the one-writer lock; imports run beside it in other
processes. Afterwards the file passes ``quick_check`` and every acknowledged write
(a window write that printed its id, an import that exited 0) is there, once.

``DANVAN_CONCURRENT_ROUNDS`` makes the run longer (the figures in the issue's note)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

from danvan_desktop.services.integrity import check_file
from danvan_desktop.store.db import create_store, open_store

ROUNDS = int(os.environ.get("DANVAN_CONCURRENT_ROUNDS", "12"))
IMPORTERS, IMPORTS_EACH, ROWS = 2, max(2, ROUNDS // 3), 4

WINDOW = textwrap.dedent("""
    import sys
    from danvan_desktop.services.backup import backup_to_folder
    from danvan_desktop.services.integrity import check_file
    from danvan_desktop.store import records
    from danvan_desktop.store.db import inspect, open_store
    from danvan_desktop.store.lock import acquire
    path, rounds = sys.argv[1], int(sys.argv[2])
    store = open_store(path, user="cửa sổ")  # the window's connection, open all along
    for i in range(rounds):
        inspect(store.path)
        backup_to_folder(store.path)
        problems = check_file(store.path)
        if problems:
            print("problems", problems, flush=True)
        store.scalar("SELECT count(*) FROM initiatives")
        with acquire(path, wait=60):
            rid = records.insert(store, "areas", {"name": f"Cửa sổ {i}", "level": "xa"})
        print("ack", rid, flush=True)
    print("done", flush=True)
""")

HEADER = "Tên mô hình,Loại,Lĩnh vực,Chủ thể,Xã/phường,Năm đăng ký\n"


def _csv(folder, tag: str):
    path = folder / f"{tag}.csv"
    path.write_text(HEADER + "".join(f"Mô hình {tag}-{k},Tập thể,Kinh tế,Chi hội {tag},Xã An Bình,2024\n"
                                     for k in range(ROWS)), encoding="utf-8")
    return path


def _importer(db, folder, number: int, results: list) -> None:
    env = dict(os.environ, DANVAN_LOCK_WAIT="60")
    for k in range(IMPORTS_EACH):
        tag = f"n{number}i{k}"
        done = subprocess.run([sys.executable, "-m", "danvan_desktop", "import", str(_csv(folder, tag)),
                               "--db", str(db), "--create-places"],
                              capture_output=True, text=True, env=env, timeout=300)
        results.append((tag, done.returncode, done.stderr))


def test_window_and_imports_side_by_side_lose_nothing(tmp_path):
    db = tmp_path / "danvan.sqlite3"
    create_store(db).close()
    window = subprocess.Popen([sys.executable, "-c", WINDOW, str(db), str(ROUNDS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results: list = []
    threads = [threading.Thread(target=_importer, args=(db, tmp_path, n, results))
               for n in range(IMPORTERS)]
    for thread in threads:
        thread.start()
    out, err = window.communicate(timeout=600)
    for thread in threads:
        thread.join()
    assert window.returncode == 0, err
    assert "Traceback" not in err and "problems" not in out, out + err
    acked = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack")]
    assert len(acked) == ROUNDS
    failed = [(tag, code, text) for tag, code, text in results if code != 0]
    assert not failed, failed
    assert check_file(db, full=True) == []
    with open_store(db, read_only=True) as store:
        areas = {r["id"] for r in store.query("SELECT id FROM areas WHERE name LIKE 'Cửa sổ %'")}
        names = [r["name"] for r in store.query("SELECT name FROM initiatives")]
    assert set(acked) <= areas
    expected = {f"Mô hình {tag}-{k}" for tag, _, _ in results for k in range(ROWS)}
    assert sorted(names) == sorted(expected)  # every row once: none lost, none twice
    print(f"\n{ROUNDS} window rounds (inspect, backup, check, write) beside "
          f"{len(results)} imports: quick_check ok, {len(acked)} + {len(names)} writes present")
