"""Time a start of the window, as a user starts it: a new process, ``app.run_window`` on a
data file, until the dashboard has its figures and is painted. Paired in the same run with
the floor: a new process showing a bare QMainWindow with one label.

Run: .venv/bin/python benchmarks/bench_start.py [--db PATH] [--size 100000] [--runs 5] [--unclean]
(--unclean: each run also starts after an unclean exit: the check behind the window).
Targets (issue #16): < 1.0 s at 100k, < 1.5 s at 1M.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import REPO, current_demo, print_table, spread, verdict

# The child prints the wall-clock time at which the painted window was usable.
WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from danvan_desktop import app
from danvan_desktop.ui import main_window

shown = main_window.MainWindow.show_first_time

def show_and_watch(window):
    shown(window)
    page = window.pages.currentWidget()
    QApplication.processEvents()
    print(f"PAINTED {time.time():.6f}", flush=True)  # the window drawn, figures on their way

    def painted():
        window.repaint()
        QApplication.processEvents()
        print(f"USABLE {time.time():.6f}", flush=True)
        if "--until-checked" in sys.argv:
            wait_for_verdict(window)
        else:
            QApplication.instance().exit(0)

    page.refreshed.connect(lambda: QTimer.singleShot(0, painted))

held = [0.0, 0.0]  # the longest gap between ticks of a 2 ms timer while the check runs; last tick

def tick():
    now = time.perf_counter()
    if held[1]:
        held[0] = max(held[0], now - held[1])
    held[1] = now

ticker = QTimer()
ticker.setInterval(2)
ticker.timeout.connect(tick)

def wait_for_verdict(window):  # after an unclean exit: the check's verdict in the status bar
    from PySide6.QtWidgets import QLabel
    from danvan_desktop.ui.start_check import CHECKING

    ticker.start()
    label = window.findChild(QLabel, "startCheck")
    if label is None or label.text() != CHECKING:
        print(f"HELD {held[0]:.6f}", flush=True)
        print(f"CHECKED {time.time():.6f} {label.text() if label else 'no check'}", flush=True)
        QApplication.instance().exit(0)
        return
    QTimer.singleShot(100, lambda: wait_for_verdict(window))

main_window.MainWindow.show_first_time = show_and_watch
app.run_window(sys.argv[1])
"""

FLOOR = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

qt = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Tổng quan"))
window.resize(1280, 760)
window.show()

def painted():
    window.repaint()
    print(f"USABLE {time.time():.6f}", flush=True)
    qt.exit(0)

QTimer.singleShot(0, painted)
qt.exec()
"""


def one_start(script: str, *args: str, repo: Path = REPO) -> tuple[float, float]:
    """(seconds until the window is painted, until it is usable: figures shown)."""
    return one_start_marks(script, *args, repo=repo)[:2]


def one_start_marks(script: str, *args: str, repo: Path = REPO) -> tuple[float, float, float]:
    """``one_start`` and the seconds until the check's verdict (``--until-checked``;
    0 without it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(repo),
               XDG_CONFIG_HOME=os.environ.get("BENCH_CONFIG", "/tmp/danvan-bench-config"))
    started = time.time()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env=env, timeout=300)
    marks = dict(line.split()[:2] for line in done.stdout.splitlines()
                 if line.startswith(("USABLE ", "PAINTED ", "CHECKED ", "HELD ")))
    HELD.append(float(marks.get("HELD", 0)))
    if "USABLE" not in marks:
        sys.exit(f"the start did not finish ({done.returncode}):\n{done.stderr[-2000:]}")
    if "--until-checked" in args and "nguyên vẹn" not in done.stdout:
        sys.exit(f"the check found no sound file:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    usable = float(marks["USABLE"]) - started
    checked = float(marks["CHECKED"]) - started if "CHECKED" in marks else 0.0
    return float(marks.get("PAINTED", marks["USABLE"])) - started, usable, checked


HELD: list[float] = []  # per start: the UI thread's longest hold while the check ran


def mark_unclean(db: Path) -> None:
    """What a crash leaves behind: the lock file still names the window that held it."""
    from danvan_desktop.store.lock import lock_path_for

    lock_path_for(db).write_text("Cửa sổ chương trình, đo tốc độ, pid 1\n", encoding="utf-8")


def prepare(db: Path) -> None:
    """A user name and complete office names, as after a first start: no question asked."""
    from danvan_desktop.store.db import open_store
    from danvan_desktop.store.profile import set_user_name, user_name

    with open_store(db) as store:
        if not user_name(store):
            set_user_name(store, "Đo tốc độ")


def size_of(db: Path) -> int:
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing data file (default: cached demo)")
    parser.add_argument("--size", type=int, default=100_000, help="demo size when no --db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the program to start (another checkout, for a before/after)")
    parser.add_argument("--unclean", action="store_true",
                        help="also start after an unclean exit (lock file left behind): the "
                             "check runs behind the window; its verdict timed too")
    args = parser.parse_args()
    db = args.db or current_demo(args.size)
    prepare(db)
    target = 1.0 if size_of(db) <= 150_000 else 1.5
    windows, painted, floors = [], [], []
    unclean: tuple[list[float], list[float], list[float]] = ([], [], [])
    for _ in range(args.runs):  # interleaved: both see the same load on a shared machine
        floors.append(one_start(FLOOR)[1])
        drawn, usable = one_start(WINDOW, str(db), repo=args.repo)
        painted.append(drawn)
        windows.append(usable)
        if args.unclean:
            mark_unclean(db)
            for column, value in zip(unclean, one_start_marks(WINDOW, str(db), "--until-checked",
                                                              repo=args.repo), strict=True):
                column.append(value)
    print(f"program: {args.repo}\ndata file: {db} ({db.stat().st_size / 1_048_576:.0f} MB, "
          f"{size_of(db):,} initiatives); {args.runs} starts each, "
          "process start → painted, usable window, seconds")
    print_table(["start", "min", "median", "max", "target", "verdict"], [
        ["danvan window painted (figures on their way)", *(f"{x:.2f}" for x in spread(painted)),
         f"< {target}", verdict(statistics.median(painted), target)],
        ["danvan window, dashboard with its figures", *(f"{x:.2f}" for x in spread(windows)),
         f"< {target}", verdict(statistics.median(windows), target)],
        ["floor: bare QMainWindow + label", *(f"{x:.2f}" for x in spread(floors)), "", ""],
    ] + ([
        ["after an unclean exit: painted", *(f"{x:.2f}" for x in spread(unclean[0])),
         f"< {target}", verdict(statistics.median(unclean[0]), target)],
        ["after an unclean exit: dashboard with figures", *(f"{x:.2f}" for x in spread(unclean[1])),
         f"< {target}", verdict(statistics.median(unclean[1]), target)],
        ["after an unclean exit: check's verdict shown (window usable meanwhile)",
         *(f"{x:.2f}" for x in spread(unclean[2])), "", ""],
        ["  UI thread's longest hold while the check ran (ms)",
         *(f"{x * 1000:.0f}" for x in spread([h for h in HELD if h])), "< 50",
         verdict(max(HELD), 0.05)],
    ] if args.unclean else []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
