"""Time ``danvan stats --json`` as whole processes, and the stats service in-process.

Run: .venv/bin/python benchmarks/bench_stats.py [--db PATH] [--size 100000] [--runs 7]
Without --db the demo file is cached in bench-data/demo-SIZE.sqlite3 (created once).
Target (issue): under 0.5 s wall-clock per ``danvan stats`` call, Python start included.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import cached_demo, print_table, run_danvan, spread, verdict

TARGET_SECONDS = 0.5
# (label, CLI flags, stats_for keyword arguments)
PERIODS: list[tuple[str, list[str], dict[str, int]]] = [
    ("year 2023", ["--year", "2023"], {"year": 2023}),
    ("quarter 1 2023", ["--year", "2023", "--quarter", "1"], {"year": 2023, "quarter": 1}),
    ("half 2 2022", ["--year", "2022", "--half", "2"], {"year": 2022, "half": 2}),
]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def bench_cli(db: Path, runs: int) -> None:
    print(f"\nCLI: danvan stats --db … --json, {runs} runs each after 1 warm-up "
          "(wall-clock in ms, verdict on max)")
    rows = []
    for label, flags, _ in PERIODS:
        argv = ["stats", "--db", str(db), *flags, "--json"]
        run_danvan(*argv)  # warm-up: OS file cache, .pyc files
        low, mid, high = spread([run_danvan(*argv)[0] for _ in range(runs)])
        rows.append([label, ms(low), ms(mid), ms(high), f"< {ms(TARGET_SECONDS)}",
                     verdict(high, TARGET_SECONDS)])
    print_table(["period", "min", "median", "max", "target", "verdict"], rows)


def bench_service(db: Path, runs: int) -> None:
    started = time.perf_counter()
    from danvan_desktop.services.stats import stats_for
    from danvan_desktop.store.db import open_store

    imported = time.perf_counter() - started
    print(f"\nIn-process: open_store(read_only=True) + stats_for(), fresh connection per run "
          f"(ms; imports once: {ms(imported)} ms)")
    rows = []
    for label, _, kwargs in PERIODS:
        totals, queries = [], []
        for _ in range(runs + 1):  # first run is a warm-up
            t0 = time.perf_counter()
            with open_store(db, read_only=True) as store:
                t1 = time.perf_counter()
                stats_for(store, **kwargs)
                t2 = time.perf_counter()
            totals.append(t2 - t0)
            queries.append(t2 - t1)
        rows.append([label, *map(ms, spread(totals[1:])), *map(ms, spread(queries[1:]))])
    print_table(["period", "open+stats min", "median", "max",
                 "stats_for min", "median", "max"], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing data file (default: cached demo)")
    parser.add_argument("--size", type=int, default=100_000, help="demo size when no --db")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    db = args.db or cached_demo(args.size)
    print(f"data file: {db} ({db.stat().st_size / 1_048_576:.1f} MB)")
    bench_cli(db, args.runs)
    bench_service(db, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
