"""``danvan import`` killed (SIGKILL / TerminateProcess) at random moments: while it reads,
while it backs up, while it writes. After each kill the file passes ``quick_check``, the
import is there whole or not at all, no cut-off copy is listed as a backup, and the lock
is free for the next writer. Run with ``-s`` for the figures."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

from danvan_desktop.services import backup
from danvan_desktop.services.integrity import check_file
from danvan_desktop.store.db import create_store, open_store

KILLS = int(os.environ.get("DANVAN_KILLS", "12"))
ROWS = 300
HEADER = "Tên mô hình,Loại,Lĩnh vực,Chủ thể,Xã/phường,Năm đăng ký\n"


def test_imports_killed_at_random_moments_leave_a_sound_file_whole_or_nothing(tmp_path):
    db = tmp_path / "danvan.sqlite3"
    with create_store(db) as store:  # some weight, so that copies and writes take a moment
        store.execute("INSERT INTO settings (key, value) VALUES ('ballast', ?)",
                      ('"' + "x" * 3_000_000 + '"',))
    rng = random.Random(10)
    outcomes = {"whole": 0, "nothing": 0}
    env = dict(os.environ, DANVAN_LOCK_WAIT="30")
    for round_no in range(KILLS):
        source = tmp_path / f"nhap-{round_no}.csv"
        source.write_text(HEADER + "".join(
            f"Mô hình k{round_no}-{n},Tập thể,Kinh tế,Chi hội,Xã An Bình,2024\n" for n in range(ROWS)),
            encoding="utf-8")
        child = subprocess.Popen([sys.executable, "-m", "danvan_desktop", "import", str(source),
                                  "--db", str(db), "--create-places"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.2, 2.5))
        child.kill()
        child.wait()
        assert check_file(db, full=True) == []
        with open_store(db, read_only=True) as store:
            count = store.scalar("SELECT count(*) FROM initiatives WHERE name LIKE ?",
                                 (f"Mô hình k{round_no}-%",))
        assert count in (0, ROWS)
        outcomes["whole" if count else "nothing"] += 1
        for copy in backup.list_backups(db):
            assert check_file(copy.path) == [], copy.path
    last = subprocess.run([sys.executable, "-m", "danvan_desktop", "import", str(source), "--db", str(db),
                           "--create-places", "--keep-duplicates"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert last.returncode == 0, last.stderr  # the lock was freed by every kill
    print(f"\n{KILLS} imports killed: file sound every time; {outcomes['whole']} were whole, "
          f"{outcomes['nothing']} left nothing; {len(backup.list_backups(db))} listed copies all sound")
