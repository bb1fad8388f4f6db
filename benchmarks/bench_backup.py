"""Time backups of a large data file: ``danvan backup`` as a whole process, the backup
service in-process, the integrity checks, the restore dialog's list, and a restore.

Run: .venv/bin/python benchmarks/bench_backup.py [--db PATH] [--size 100000] [--runs 3]
Without --db the demo file is cached in bench-data/demo-SIZE.sqlite3 (created once).
Copies go to a scratch folder that is deleted at the end; the demo file is only read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from common import current_demo, print_table, run_danvan, spread


def mb(size: int) -> str:
    return f"{size / 1_048_576:.1f}"


def s(seconds: float) -> str:
    return f"{seconds:.2f}"


def timed(call):
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def bench(db: Path, scratch: Path, runs: int) -> None:
    from danvan_desktop.services import backup, integrity, restore

    rows = []
    cli_times, sizes = [], []
    for n in range(runs):
        target = scratch / f"cli-{n}.sqlite3"
        cli_times.append(run_danvan("backup", "--db", str(db), "-o", str(target))[0])
        sizes.append(target.stat().st_size)
        target.unlink()
    rows.append(["danvan backup -o FILE (whole process)", *map(s, spread(cli_times)), mb(sizes[0])])

    folder = scratch / "sao-luu"
    folder.mkdir()
    service = []
    for n in range(runs):
        seconds, copy = timed(lambda n=n: backup.make_backup(db, folder / f"copy-{n}.sqlite3"))
        service.append(seconds)
    rows.append(["make_backup (in-process, incl. read-back quick_check)", *map(s, spread(service)),
                 mb(copy.stat().st_size)])

    quick = [timed(lambda: integrity.check_file(db))[0] for _ in range(runs)]
    rows.append(["quick_check of the data file (at start)", *map(s, spread(quick)), ""])
    full = [timed(lambda: integrity.check_file(db, full=True))[0] for _ in range(runs)]
    rows.append(["integrity_check (danvan check, Kiểm tra tệp)", *map(s, spread(full)), ""])

    print(f"\n{runs} runs each (seconds; MB of the copy)")
    print_table(["what", "min", "median", "max", "MB"], rows)

    # A working copy in the scratch folder, so that nothing beside the demo file is listed
    # or written; the restore dialog opens every copy read-only to count its records.
    work = scratch / db.name
    backup.make_backup(db, work)
    for n in range(12):
        shutil.copyfile(copy, folder / f"{work.stem}-2024-01-{n + 1:02d}_080000-tu-dong.sqlite3")
    listing, copies = timed(lambda: [(c, integrity.contents(c.path))
                                     for c in backup.list_backups(work, folder)])
    print(f"\nRestore dialog: list and count {len(copies)} copies of {mb(copy.stat().st_size)} MB: "
          f"{listing:.2f} s")
    seconds, result = timed(lambda: restore.restore_backup(work, copies[0][0].path, folder))
    print(f"Restore over a sound file (safety copy + backup API over it + quick_checks): "
          f"{seconds:.2f} s; kept {result.kept_copy.name}")

    start = dt.datetime.now()
    # Automatic copies (a copy the user asked for is never thinned).
    fake = [backup.BackupInfo(Path(f"/x/{i}"), start - dt.timedelta(hours=6 * i), backup.DAILY, 1)
            for i in range(4 * 365 * 5)]
    seconds, (kept, dropped) = timed(lambda: backup.plan_thinning(fake, start))
    print(f"Thinning plan for 5 years of copies, 4 a day ({len(fake)}): keeps {len(kept)}, "
          f"deletes {len(dropped)} ({seconds * 1000:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing data file (default: cached demo)")
    parser.add_argument("--size", type=int, default=100_000, help="demo size when no --db")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    db = args.db or current_demo(args.size)
    print(f"data file: {db} ({mb(db.stat().st_size)} MB)")
    scratch = Path(tempfile.mkdtemp(prefix="danvan-bench-backup-"))
    try:
        bench(db, scratch, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
