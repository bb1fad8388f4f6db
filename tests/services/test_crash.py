"""Crash safety: a child process writes records in a loop (single records and batches
of ten in one transaction) and prints each id once its commit has returned; it is
killed (SIGKILL on Linux, TerminateProcess on Windows) at random moments, 50 times.
After each kill the file passes ``quick_check``, every printed record is there, and
no batch is there in part.

Run alone with ``-s`` to see the figures (kills, records checked, records lost)."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

from danvan_desktop.services.integrity import check_file
from danvan_desktop.store.db import create_store

KILLS = 50

CHILD = textwrap.dedent("""
    import sys
    from danvan_desktop.store import records
    from danvan_desktop.store.db import open_store
    store = open_store(sys.argv[1], user="kiểm thử đột tử")
    round_no, n = sys.argv[2], 0
    while True:
        n += 1
        if n % 3:
            rid = records.insert(store, "areas", {"name": f"Xóm {round_no}.{n}", "level": "thon"})
            print("one", rid, flush=True)
        else:
            tag = f"Lô-{round_no}.{n}"
            with store.atomic():
                ids = [records.insert(store, "areas", {"name": f"{tag}/{k}", "level": "thon"})
                       for k in range(10)]
            print("batch", tag, *ids, flush=True)
""")


def _run_and_kill(path, round_no: int, rng: random.Random) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(round_no)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        for line in child.stdout:
            if line.endswith("\n"):  # a line cut by the kill is not a promise
                lines.append(line)
                first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if rng.random() < 0.15:
        time.sleep(rng.uniform(0.0, 0.15))  # sometimes while it starts and opens the file
    else:
        first.wait(timeout=10)
        time.sleep(rng.uniform(0.0, 0.2))
    child.kill()
    child.wait()
    reader.join(timeout=10)
    child.stderr.read()
    return lines


def test_kill_at_random_moments_loses_no_committed_record(tmp_path):
    path = tmp_path / "danvan.sqlite3"
    create_store(path).close()
    rng = random.Random(20240307)
    promised: set[int] = set()
    batches: dict[str, list[int]] = {}
    started = time.perf_counter()
    for round_no in range(KILLS):
        for line in _run_and_kill(path, round_no, rng):
            word, *rest = line.split()
            if word == "one":
                promised.add(int(rest[0]))
            else:
                ids = [int(x) for x in rest[1:]]
                batches[rest[0]] = ids
                promised.update(ids)
        problems = check_file(path)
        assert problems == [], f"after kill {round_no + 1}: {problems}"
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            present = {r[0] for r in conn.execute("SELECT id FROM areas")}
            names = [r[0] for r in conn.execute("SELECT name FROM areas WHERE name LIKE 'Lô-%'")]
        finally:
            conn.close()
        lost = promised - present
        assert not lost, f"after kill {round_no + 1}: {len(lost)} committed records lost"
        per_batch: dict[str, int] = {}
        for name in names:
            tag = name.split("/")[0]
            per_batch[tag] = per_batch.get(tag, 0) + 1
        assert all(count == 10 for count in per_batch.values()), "a batch was written in part"
    elapsed = time.perf_counter() - started
    assert len(promised) > KILLS  # the children did write between kills
    print(f"\ncrash test: {KILLS} kills, {len(promised)} committed records checked "
          f"({len(batches)} batches of 10), 0 lost, quick_check ok after each kill, "
          f"{elapsed:.1f} s")
