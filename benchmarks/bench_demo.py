"""Time ``danvan demo --size N`` into a temporary folder; print wall-clock, peak memory,
file size, rows.

Run: .venv/bin/python benchmarks/bench_demo.py [--size 100000] [--seed 1] [--runs 1]
Targets (issues): under 30 s for --size 100000; under 2 minutes and 1 GB for --size 1000000
(#16). Each run is a new process (its peak resident memory is the child's ru_maxrss); the
load average before each run is printed beside it: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, danvan_command, print_table, verdict

TARGETS = {100_000: (30.0, None), 1_000_000: (120.0, 1024.0)}  # size: (seconds, MB)
TABLES = ("initiatives", "campaigns", "contributions", "commendation_rounds", "awards")


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def run_once(path: Path, size: int, seed: int) -> tuple[float, float, float, str]:
    """(seconds, peak resident MB, CPU seconds, what the CLI said) of one ``danvan demo``
    process. CPU seconds (user + system) say what the run cost when the machine is shared."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen([*danvan_command(), "demo", "--db", str(path), "--size", str(size),
                              "--seed", str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"danvan demo failed ({child.returncode}):\n{err}")
    # ru_maxrss of the children waited for: the largest so far (runs only grow at the same size)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, after.ru_maxrss / 1024, cpu, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    target_s, target_mb = TARGETS.get(args.size, (None, None))

    runs = []
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        for run in range(args.runs):
            path = Path(tmp) / f"demo-{run}.sqlite3"
            load = os.getloadavg()[0]
            seconds, peak, cpu, out = run_once(path, args.size, args.seed)
            runs.append((seconds, peak, load))
            print(f"run {run + 1}: {seconds:.1f} s ({cpu:.1f} s of CPU), peak {peak:.0f} MB,"
                  f" load before {load:.2f}, after {os.getloadavg()[0]:.2f}", flush=True)
            megabytes = path.stat().st_size / 1_048_576
            counts = row_counts(path)
            path.unlink()

    worst_s, worst_mb = max(r[0] for r in runs), max(r[1] for r in runs)
    print(f"\ndanvan demo --size {args.size} --seed {args.seed} ({len(runs)} runs)")
    print(f"  CLI said: {out.strip()}\n")
    print_table(["measure", "result", "target", "verdict"], [
        ["wall-clock (s), median / max", f"{statistics.median(r[0] for r in runs):.1f} / {worst_s:.1f}",
         f"< {target_s:.0f}" if target_s else "-", verdict(worst_s, target_s) if target_s else "n/a"],
        ["peak memory (MB)", f"{worst_mb:.0f}", f"< {target_mb:.0f}" if target_mb else "-",
         verdict(worst_mb, target_mb) if target_mb else "n/a"],
        ["file size (MB)", f"{megabytes:.1f}", "-", ""],
        *[[f"rows: {t}", f"{n:,}", "-", ""] for t, n in counts.items()],
    ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
