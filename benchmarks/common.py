"""Shared helpers for the benchmark scripts: running the CLI, the cached demo file, tables."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DATA = REPO / "bench-data"  # git-ignored
if str(REPO) not in sys.path:  # the program from this checkout, installed or not
    sys.path.insert(0, str(REPO))


def danvan_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("danvan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "danvan_desktop"]


def run_danvan(*args: str) -> tuple[float, str]:
    """Run ``danvan ARGS`` as a whole process; return (wall-clock seconds, stdout)."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    started = time.perf_counter()
    done = subprocess.run([*danvan_command(), *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=path))
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"danvan {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def cached_demo(size: int, seed: int = 1) -> Path:
    """``bench-data/demo-SIZE[-sSEED].sqlite3``, created by ``danvan demo`` if missing."""
    suffix = "" if seed == 1 else f"-s{seed}"
    target = BENCH_DATA / f"demo-{size}{suffix}.sqlite3"
    if target.exists():
        return target
    BENCH_DATA.mkdir(exist_ok=True)
    # Build in a scratch folder and move into place, so an interrupted run leaves no half file.
    scratch = Path(tempfile.mkdtemp(dir=BENCH_DATA, prefix=".tmp-"))
    try:
        print(f"creating {target.relative_to(REPO)} (danvan demo --size {size}) …", flush=True)
        run_danvan("demo", "--db", str(scratch / target.name), "--size", str(size),
                   "--seed", str(seed))
        (scratch / target.name).replace(target)  # WAL is checkpointed on close
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def schema_version(path: Path) -> int:
    """``PRAGMA user_version`` of a data file, read without changing it."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def current_demo(size: int, seed: int = 1) -> Path:
    """``cached_demo``, rebuilt first if it was made by an older schema: opening a stale
    file would upgrade it in place (a timed-in migration plus a full copy in backups/)."""
    from danvan_desktop.store.migrations import LATEST_VERSION

    target = cached_demo(size, seed)
    version = schema_version(target)
    if version < LATEST_VERSION:
        print(f"{target.relative_to(REPO)} has schema {version} < {LATEST_VERSION}: rebuilding",
              flush=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        target = cached_demo(size, seed)
    return target


def spread(samples: Sequence[float]) -> tuple[float, float, float]:
    return min(samples), statistics.median(samples), max(samples)


def verdict(value: float, target: float) -> str:
    return "PASS" if value < target else "over"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    print("\n".join(lines))
