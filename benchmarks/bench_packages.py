"""Data packages at scale: 100 packages of 1,000 initiatives each (each from its own commune
office, with status history, organisations and places) previewed and merged one after the
other into a copy of the 100k demo file. Target: each package previews and merges in < 2 s.

The floor, measured in the same run on the same file: a raw ``INSERT`` of the same 1,000 rows
(one executemany in one transaction, FTS triggers included), rolled back.

    python benchmarks/bench_packages.py [--db PATH] [--size 100000] [--packages 100] [--per 1000]
"""

from __future__ import annotations

import argparse
import copy
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import cached_demo  # noqa: E402
from danvan_desktop.services import packages as P  # noqa: E402
from danvan_desktop.services.backup import BEFORE_IMPORT, backup_before  # noqa: E402
from danvan_desktop.services.packages.fileformat import KINDS, Manifest, write_package  # noqa: E402
from danvan_desktop.store.db import open_store, quick_check  # noqa: E402
from danvan_desktop.store.packages import board  # noqa: E402
from tests.services.package_offices import add_initiative, commune  # noqa: E402

TARGET = 2.0


def base_package(folder: Path, per: int) -> P.Package:
    store = commune(folder, "dong_cuong")
    with store.atomic():
        for n in range(per):
            add_initiative(store, f"Mô hình thử số {n}", owner=f"Chi hội số {n % 40}",
                           status="cong_nhan" if n % 3 else "dang_ky",
                           recognized_on="2026-03-01" if n % 3 else None)
    path = P.export_package(store, folder / "base.dvk").path
    store.close()
    return P.read_package(path)


def clone(base: P.Package, commune_name: str, folder: Path, k: int) -> Path:
    """The base package as another commune's: new UUIDs everywhere, its own commune's name."""
    rows = copy.deepcopy(base.rows)
    fresh: dict[str, str] = {}

    def new(old):
        if old is None:
            return None
        return fresh.setdefault(old, str(uuid.uuid4()))

    for kind in KINDS:
        for row in rows[kind]:
            for key, value in list(row.items()):
                if key == "uuid" or (key.endswith("_id") and isinstance(value, str)):
                    row[key] = new(value)
    for row in rows["areas"]:
        if row["level"] == "xa":
            row["name"] = commune_name
    sender = {"identity": str(uuid.uuid4()), "level": "xa", "unit_code": f"9{k:04d}",
              "name": f"Đảng ủy {commune_name}"}
    for kind in KINDS:
        for row in rows[kind]:
            row["_origin"] = sender["identity"]
    m = base.manifest
    manifest = Manifest(package_id=str(uuid.uuid4()), created_at=m.created_at, sender=sender,
                        recipient=None, period=m.period, since=None, counts=m.counts,
                        deleted=m.deleted, sha256="", content_bytes=0)
    path = folder / f"xa-{k:03d}.dvk"
    write_package(path, manifest, rows)
    return path


def raw_floor(store, rows: list[dict]) -> float:
    columns = [c for c in rows[0] if not c.startswith("_") and not c.endswith("_id")] + ["commune_id"]
    commune_id = store.scalar("SELECT id FROM areas WHERE level = 'xa' LIMIT 1")
    values = [tuple(commune_id if c == "commune_id" else (r[c] if c != "uuid" else str(uuid.uuid4()))
                    for c in columns) for r in rows]
    started = time.perf_counter()
    store.execute("BEGIN IMMEDIATE")
    store.conn.executemany(f"INSERT INTO initiatives ({', '.join(columns)}) VALUES"
                           f" ({', '.join('?' * len(columns))})", values)
    elapsed = time.perf_counter() - started
    store.execute("ROLLBACK")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--per", type=int, default=1000)
    args = parser.parse_args()
    source = Path(args.db) if args.db else cached_demo(args.size)
    work = Path(tempfile.mkdtemp(prefix="bench-packages-"))
    try:
        target = work / "tinh.sqlite3"
        shutil.copy(source, target)
        base = base_package(work, args.per)
        store = open_store(target, user="bench")
        communes = [r[0] for r in store.execute("SELECT name FROM areas WHERE level = 'xa'"
                                                " AND deleted_at IS NULL ORDER BY id")]
        paths = [clone(base, communes[k % len(communes)], work, k) for k in range(args.packages)]
        start_count = store.scalar("SELECT count(*) FROM initiatives")
        floor_before = raw_floor(store, base.rows["initiatives"])
        started = time.perf_counter()
        backup_before(target, BEFORE_IMPORT, thin=False)
        backup_s = time.perf_counter() - started
        reads, previews, merges = [], [], []
        for path in paths:
            t0 = time.perf_counter()
            package = P.read_package(path)
            t1 = time.perf_counter()
            preview = P.preview_package(store, package)
            t2 = time.perf_counter()
            P.merge_package(store, preview)
            t3 = time.perf_counter()
            reads.append(t1 - t0)
            previews.append(t2 - t1)
            merges.append(t3 - t2)
        t0 = time.perf_counter()
        again = P.preview_package(store, P.read_package(paths[-1]))
        again_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        lines = board(store, "2026-01-01", "2026-12-31")
        board_s = time.perf_counter() - t0
        floor_after = raw_floor(store, base.rows["initiatives"])
        end_count = store.scalar("SELECT count(*) FROM initiatives")
        problems = quick_check(store)
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per_package = [r + p + m for r, p, m in zip(reads, previews, merges, strict=True)]

    def line(name, values):
        p95 = sorted(values)[max(0, int(len(values) * 0.95) - 1)]
        return (f"{name:<28} min {min(values) * 1000:6.0f} ms  median "
                f"{statistics.median(values) * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms"
                f"  max {max(values) * 1000:6.0f} ms")

    print(f"{args.packages} packages × {args.per} initiatives into {source.name} "
          f"({start_count} → {end_count} initiatives; quick_check {problems if problems else 'ok'})")
    print(line("read + checksum", reads))
    print(line("preview (diff by UUID)", previews))
    print(line("merge (one transaction)", merges))
    over = sum(1 for t in per_package if t >= TARGET)
    print(line("read + preview + merge", per_package)
          + ("  PASS" if not over else f"  {over} of {len(per_package)} over {TARGET:.0f} s"))
    print(f"{'same package again (preview)':<28} {again_s * 1000:7.0f} ms, "
          f"{again.writes} writes (idempotent: {'yes' if again.writes == 0 else 'NO'})")
    print(f"{'board (who has sent), year':<28} {board_s * 1000:7.0f} ms, {len(lines)} lines "
          f"({sum(1 for x in lines if x['sent'])} sent)")
    print(f"{'backup before merging':<28} {backup_s * 1000:7.0f} ms (once per package in the"
          " window and the CLI)")
    print(f"{'floor: raw INSERT of the rows':<28} {floor_before * 1000:7.0f} ms before, "
          f"{floor_after * 1000:7.0f} ms after (same {args.per} rows, rolled back)")


if __name__ == "__main__":
    main()
