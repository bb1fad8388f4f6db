"""Time ``danvan demo --size N`` into a temporary folder; print wall-clock, file size, rows.

Run: .venv/bin/python benchmarks/bench_demo.py [--size 100000] [--seed 1]
Target (issue): under 30 s for --size 100000.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

from common import print_table, run_danvan, verdict

TARGET_SIZE, TARGET_SECONDS = 100_000, 30.0
TABLES = ("initiatives", "campaigns", "contributions", "commendation_rounds", "awards")


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=TARGET_SIZE)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        path = Path(tmp) / "demo.sqlite3"
        seconds, out = run_danvan("demo", "--db", str(path), "--size", str(args.size),
                                  "--seed", str(args.seed))
        megabytes = path.stat().st_size / 1_048_576
        counts = row_counts(path)

    applies = args.size == TARGET_SIZE
    print(f"danvan demo --size {args.size} --seed {args.seed}")
    print(f"  CLI said: {out.strip()}\n")
    print_table(["measure", "result", "target", "verdict"], [
        ["wall-clock (s)", f"{seconds:.2f}", f"< {TARGET_SECONDS:.0f}" if applies else "-",
         verdict(seconds, TARGET_SECONDS) if applies else "n/a"],
        ["file size (MB)", f"{megabytes:.1f}", "-", ""],
        *[[f"rows: {t}", f"{n:,}", "-", ""] for t, n in counts.items()],
    ])
    if not applies:
        print(f"\n(the target applies to --size {TARGET_SIZE})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
