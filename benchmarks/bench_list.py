"""Time the initiative list screen (InitiativesPage) offscreen on the demo file.

Run: .venv/bin/python benchmarks/bench_list.py [--db PATH] [--size 100000] [--runs 5] [--evict]
                                                [--profile TEXT]
Without --db the demo file is cached in bench-data/demo-SIZE.sqlite3 (created once, rebuilt
when its schema is older than the program's).
Targets (issue): opening the list under 300 ms; each search keystroke updates the list in
under 100 ms; under 400 MB resident with the list open.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before PySide6 is imported

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench_dashboard import StallMeter
from common import current_demo, print_table, spread, verdict
from PySide6.QtCore import QEvent, QPoint, Qt, qInstallMessageHandler
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from danvan_desktop.store.db import Store, open_store
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.initiatives.page import InitiativesPage

OPEN_TARGET = 0.300
KEY_TARGET = 0.100
SORT_TARGET = 0.200
RSS_TARGET_MB = 400
QUERIES = ["nguyen thi", "Đường hoa", "chi bo thon dong", "xa dong cuong", "camera"]
SIZE = (1366, 768)


def quiet_qt(_mode, _context, message: str) -> None:
    """Qt's messages, less the offscreen plugin's "does not support propagateSizeHints()"."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def evict_from_os_cache(db: Path) -> None:
    """Drop the data file's pages from the OS page cache (Linux), as after a restart."""
    for path in (db, Path(f"{db}-wal")):
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def settle(app: QApplication) -> None:
    """Let the view finish: the first pass paints (and fetches the visible page of rows); the
    reset's delayed layout can post one more repaint, so drain a couple more times."""
    for _ in range(3):
        app.processEvents()


def timed(app: QApplication, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    settle(app)
    return time.perf_counter() - started


def wait_for_rows(app: QApplication, page: InitiativesPage, counted: bool = False) -> None:
    """Until the list shows its first rows (or knows it has none); with ``counted``, until
    every id and the count are in. A large file's ids are read off the UI thread."""
    model = page.model

    def ready() -> bool:
        return model.total is not None or not counted and model.rowCount() > 0

    while not ready():
        app.processEvents()
        time.sleep(0.0005)
    settle(app)


def results_after_typing(app: QApplication, page: InitiativesPage) -> tuple[float, float]:
    """(seconds until the first rows of the search are painted, until it is counted), from
    the last keystroke: the pause the typing waits for, the query and the paint."""
    started = time.perf_counter()
    first = []
    page.model.modelReset.connect(lambda: first.append(time.perf_counter()))
    while page.model.total is None or page.model._loader is not None and page.model._loader.busy \
            or page._typing.isActive():
        app.processEvents()
        time.sleep(0.0005)
    settle(app)
    counted = time.perf_counter()
    page.model.modelReset.disconnect()
    return (first[0] if first else counted) - started, counted - started


def clear_box(app: QApplication, page: InitiativesPage) -> float:
    """Seconds from emptying the box until the list has painted its first rows again (its
    reset watched from before the click: in a large file the first page may come back while
    the events are still being processed); then until every id is in (not timed)."""
    first: list[float] = []

    def reset() -> None:
        first.append(time.perf_counter())

    page.model.modelReset.connect(reset)
    started = time.perf_counter()
    page.search.clear()
    while not first:
        app.processEvents()
        time.sleep(0.0005)
    settle(app)  # the repaint of those rows
    shown = time.perf_counter()
    wait_for_rows(app, page, counted=True)
    page.model.modelReset.disconnect(reset)
    return shown - started


def fts_floor(store: Store, query: str) -> float:
    """The raw FTS5 work a search needs: its first 200 rowids and the count of matches."""
    from danvan_desktop.store.initiatives import fts_query

    match = fts_query(query)
    started = time.perf_counter()
    store.conn.execute("SELECT rowid FROM initiatives_fts WHERE initiatives_fts MATCH ?"
                       " ORDER BY rowid DESC LIMIT 200", (match,)).fetchall()
    store.conn.execute("SELECT count(*) FROM initiatives_fts WHERE initiatives_fts MATCH ?",
                       (match,)).fetchone()
    return time.perf_counter() - started


def memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB, from /proc/self/status."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024  # kB
    return values["VmRSS"], values["VmHWM"]


class Resets:
    """Counts model resets (each one is a query_ids round trip)."""

    def __init__(self, page: InitiativesPage):
        self.count = 0
        self.times: list[float] = []
        page.model.modelReset.connect(self._bump)

    def _bump(self) -> None:
        self.count += 1
        self.times.append(time.perf_counter())


# --- 1. opening -------------------------------------------------------------------------------


def open_page(app: QApplication, store: Store, bus: ChangeBus) -> tuple[float, float, InitiativesPage]:
    """(seconds in the constructor, seconds to first paint in all, page)."""
    started = time.perf_counter()
    page = InitiativesPage(store, bus)
    built = time.perf_counter()
    page.resize(*SIZE)
    page.show()
    settle(app)
    wait_for_rows(app, page)
    done = time.perf_counter()
    if page.model.rowCount() and not page.model._rows:
        raise SystemExit("the table painted no rows: the timing would miss the fetch")
    return built - started, done - started, page


def dispose(app: QApplication, page: InitiativesPage) -> None:
    page.close()
    page.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def bench_open(app: QApplication, store: Store, bus: ChangeBus, runs: int,
               evict: bool) -> tuple[list, InitiativesPage]:
    print(f"\n1. Open: InitiativesPage(store, bus) + resize{SIZE} + show() + processEvents() "
          f"(ms; 1 cold, then {runs} fresh pages)")
    first = "first (cold, file out of OS cache)" if evict else "first (cold)"
    if evict:
        evict_from_os_cache(store.path)
    ctor, total, page = open_page(app, store, bus)
    cold = total
    shown, fetched = page.model.rowCount(), len(page.model._rows)
    rows = [[first, ms(ctor), ms(total - ctor), ms(total), "", "",
             f"< {ms(OPEN_TARGET)}", verdict(total, OPEN_TARGET)]]
    ctors, totals = [], []
    for _ in range(runs):
        dispose(app, page)
        ctor, total, page = open_page(app, store, bus)
        ctors.append(ctor)
        totals.append(total)
    low, mid, high = spread(totals)
    rows.append([f"next {runs}", f"{ms(statistics.median(ctors))} (med)",
                 f"{ms(statistics.median(totals) - statistics.median(ctors))} (med)",
                 ms(low), ms(mid), ms(high), f"< {ms(OPEN_TARGET)}", verdict(high, OPEN_TARGET)])
    print_table(["construction", "constructor", "show+paint", "total/min", "median", "max",
                 "target", "verdict"], rows)
    print(f"rows listed: {shown:,}; rows fetched for the first paint: {fetched}")
    summary = [[f"open, {first} construction", ms(cold), f"< {ms(OPEN_TARGET)}",
                verdict(cold, OPEN_TARGET)],
               [f"open, next {runs} (min / median / max)", f"{ms(low)} / {ms(mid)} / {ms(high)}",
                f"< {ms(OPEN_TARGET)}", verdict(high, OPEN_TARGET)]]
    return summary, page


# --- 2. searching and sorting -----------------------------------------------------------------


def key_press(app: QApplication, widget, char: str) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
    app.sendEvent(widget, event)


def type_query(app: QApplication, page: InitiativesPage, query: str) -> list[tuple[str, float, int]]:
    """Type QUERY a character at a time; (prefix, seconds, rows listed) per keystroke."""
    keys = []
    for char in query:
        seconds = timed(app, partial(key_press, app, page.search, char))
        keys.append((page.search.text(), seconds, page.model.rowCount()))
    if page.search.text() != query:
        raise SystemExit(f"typed {query!r} but the box holds {page.search.text()!r}")
    return keys


def bench_search(app: QApplication, page: InitiativesPage, floors: dict[str, float]) -> list:
    total_rows = page.model.rowCount()
    print("\n2. Search as you type: one QKeyEvent per character into page.search + processEvents() "
          "(ms per keystroke; then the box cleared)")
    rows, every_key, clears, results = [], [], [], []
    typed: dict[str, list[tuple[str, float, int]]] = {}
    for query in QUERIES:
        keys = typed[query] = type_query(app, page, query)
        shown, counted = results_after_typing(app, page)
        keys[-1] = (keys[-1][0], keys[-1][1], page.model.rowCount())
        floor = floors[query]
        times = [t for _, t, _ in keys]
        every_key += times
        slow_prefix, _, slow_rows = max(keys, key=lambda k: k[1])
        clear = clear_box(app, page)
        if page.model.rowCount() != total_rows:
            raise SystemExit(f"clearing left {page.model.rowCount()} rows, not {total_rows}")
        clears.append(clear)
        results.append(shown)
        rows.append([query, len(keys), ms(statistics.median(times)), ms(max(times)),
                     f"{slow_prefix!r} → {slow_rows:,} rows", f"{keys[-1][2]:,}", ms(shown),
                     ms(counted), ms(floor), ms(clear), f"< {ms(KEY_TARGET)}",
                     verdict(max(times), KEY_TARGET)])
    print_table(["query", "keys", "median", "max", "slowest keystroke", "rows at end",
                 "first rows", "counted", "FTS5 floor", "clear", "target", "verdict"], rows)
    print("keystroke: the UI thread's time per key (event + paint); first rows / counted: from the "
          "last key until the list shows the search's first rows / knows how many match (the "
          "typing pause included, in a large file); FTS5 floor: the first 200 rowids + count(*) "
          "of raw FTS5 on the same connection, min of 3")
    print("each keystroke (character typed, ms, rows listed after it):")
    for query, keys in typed.items():
        print(f"  {query!r}: " + ", ".join(f"{p[-1]!r} {ms(t)} ({n:,})" for p, t, n in keys))
    low, mid, high = spread(every_key)
    c_low, c_mid, c_high = spread(clears)
    return [["search keystroke (median / max)", f"{ms(mid)} / {ms(high)}", f"< {ms(KEY_TARGET)}",
             verdict(high, KEY_TARGET)],
            ["search: last key → first rows painted (median / max)",
             f"{ms(statistics.median(results))} / {ms(max(results))}", "-", ""],
            [f"clear the box → first rows of {page.model.total:,} (min / median / max)",
             f"{ms(c_low)} / {ms(c_mid)} / {ms(c_high)}", f"< {ms(KEY_TARGET)}",
             verdict(c_high, KEY_TARGET)]]


def click_header(page: InitiativesPage, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, header.height() // 2))


def bench_sort(app: QApplication, page: InitiativesPage, repeats: int = 3) -> list:
    print(f"\n3. Sort all {page.model.rowCount():,} rows + processEvents() "
          f"(ms, {repeats} times each, alternating columns)")
    resets = Resets(page)
    ways: list[tuple[str, Callable[[int], object]]] = [
        ("sortByColumn(col, Ascending)",
         lambda col: page.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)),
        ("header click", lambda col: click_header(page, col)),
    ]
    rows, summary = [], []
    for label, action in ways:
        samples: dict[int, list[float]] = {0: [], 3: []}
        every: dict[int, list[float]] = {0: [], 3: []}
        before = resets.count
        for _ in range(repeats):
            for col in samples:
                started = time.perf_counter()
                first = resets.times[-1] if resets.times else 0.0
                action(col)
                settle(app)
                while not resets.times or resets.times[-1] == first:  # the first rows
                    app.processEvents()
                    time.sleep(0.0005)
                settle(app)
                samples[col].append(time.perf_counter() - started)
                wait_for_rows(app, page, True)
                every[col].append(time.perf_counter() - started)
        per_action = (resets.count - before) / (repeats * len(samples))
        for col, times in samples.items():
            low, mid, high = spread(times)
            rows.append([label, f"{col} ({page.model.headerData(col, Qt.Orientation.Horizontal)})",
                         ms(low), ms(mid), ms(high), ms(statistics.median(every[col])),
                         f"{per_action:g}", f"< {ms(SORT_TARGET)}", verdict(high, SORT_TARGET)])
            summary.append([f"sort column {col}, {label}: first rows (median / max)",
                            f"{ms(mid)} / {ms(high)}", f"< {ms(SORT_TARGET)}",
                            verdict(high, SORT_TARGET)])
    print_table(["how", "column", "first rows min", "median", "max", "all ids (median)",
                 "model resets each", "target", "verdict"], rows)
    print("first rows: the click until the sorted list's first rows are painted; all ids: until "
          "the whole order is read (in the background in a large file) and counted.")
    return summary


def profile_typing(app: QApplication, page: InitiativesPage, text: str) -> None:
    page.search.clear()
    settle(app)
    print(f"\ncProfile: typing {text!r} into the open page (top 20 by cumulative time)")
    profiler = cProfile.Profile()
    profiler.enable()
    for char in text:
        key_press(app, page.search, char)
        settle(app)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)


# --- main -------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing data file (default: cached demo)")
    parser.add_argument("--size", type=int, default=100_000, help="demo size when no --db")
    parser.add_argument("--runs", type=int, default=5, help="fresh pages after the first")
    parser.add_argument("--evict", action="store_true",
                        help="drop the data file from the OS page cache before the first page")
    parser.add_argument("--profile", metavar="TEXT", help="also cProfile typing TEXT at the end")
    args = parser.parse_args()

    db = args.db or current_demo(args.size)
    print(f"data file: {db} ({db.stat().st_size / 1_048_576:.1f} MB); window {SIZE[0]}×{SIZE[1]}, "
          f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}")
    qInstallMessageHandler(quiet_qt)
    app = QApplication.instance() or QApplication([])
    rss_start, _ = memory_mb()
    store = open_store(db)
    bus = ChangeBus()

    summary, page = bench_open(app, store, bus, args.runs, args.evict)
    wait_for_rows(app, page, counted=True)
    # As the main window does once a screen is built: what it made is frozen out of the
    # cycle collector's walks (ui/heap.py).
    from danvan_desktop.ui.heap import keep_built

    keep_built()
    rss_open, _ = memory_mb()
    # The floors run on this (the UI) thread: measured before the UI-hold meter starts.
    floors = {query: min(fts_floor(store, query) for _ in range(3)) for query in QUERIES}
    meter = StallMeter()
    meter.start()
    summary += bench_search(app, page, floors)
    rss_search, _ = memory_mb()
    summary += bench_sort(app, page)
    held = meter.stop()
    summary.append(["UI thread held, longest (typing, results, sorts)", ms(held), "< 50.0",
                    verdict(held, 0.050)])
    rss_sort, peak = memory_mb()
    print(f"\n4. Memory (MB, VmRSS from /proc/self/status): Qt and the modules loaded {rss_start:.0f}; "
          f"list open {rss_open:.0f}; after the searches {rss_search:.0f}; after the sorts "
          f"{rss_sort:.0f}; peak (VmHWM) {peak:.0f}")
    for label, value in [("resident, list open", rss_open), ("resident, after the searches", rss_search),
                         ("resident, peak (VmHWM)", peak)]:
        summary.append([label, f"{value:.0f} MB", f"< {RSS_TARGET_MB} MB", verdict(value, RSS_TARGET_MB)])

    print("\nSummary (ms unless stated)")
    print_table(["measure", "result", "target", "verdict"], summary)

    if args.profile:
        profile_typing(app, page, args.profile)
    dispose(app, page)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
