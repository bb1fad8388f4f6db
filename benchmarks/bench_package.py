"""Build the one-folder package (build.spec, PyInstaller), print its size and the frozen
command line's start time, and smoke-run the frozen program: the window opens (offscreen,
and on a virtual X display when Xvfb is there), the command line makes a demo, lists the
commendation rounds, prints certificates and a report.

Run: .venv/bin/python benchmarks/bench_package.py [--no-build] [--dist DIR] [--runs 5]
Target (issue #16): the folder under 150 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, print_table, spread, verdict

TARGET_MB = 150
SETTLE_S = 8  # the window is given this long to open (and must still be running)


def build(dist: Path, work: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath",
                           str(dist), "--workpath", str(work), str(REPO / "build.spec")],
                          capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        sys.exit(f"pyinstaller failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) \
        / 1_048_576


def biggest(folder: Path, count: int = 8) -> list[tuple[str, float]]:
    sizes = [(str(p.relative_to(folder)), p.stat().st_size / 1_048_576)
             for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted(sizes, key=lambda x: -x[1])[:count]


def run(cli: Path, *args: str, env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([str(cli), *args], capture_output=True, text=True, env=env, timeout=600)
    return time.perf_counter() - started, done


def check(label: str, done: subprocess.CompletedProcess, made: Path | None = None) -> list[str]:
    ok = done.returncode == 0 and "Traceback" not in done.stderr
    if made is not None:
        ok = ok and made.exists() and made.stat().st_size > 0
    detail = f"exit {done.returncode}" + (f", {made.name} {made.stat().st_size:,} bytes"
                                          if made is not None and made.exists() else "")
    if not ok:
        detail += f"; stderr: {done.stderr.strip()[-300:]}"
    return [label, "ok" if ok else "FAILED", detail]


def window_opens(program: Path, db: Path, env: dict, platform: str) -> list[str]:
    """Start the window; it must still run after SETTLE_S with no traceback, holding the
    file's lock (taken before the window shows). On X, its title is looked up too."""
    env = dict(env, QT_QPA_PLATFORM=platform)
    proc = subprocess.Popen([str(program), "--db", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(SETTLE_S)
    alive = proc.poll() is None
    title = ""
    if alive and platform == "xcb":
        tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                              env=env).stdout
        title = next((line.strip() for line in tree.splitlines() if "danvan" in line.lower()
                      or "Dân vận" in line), "")
    proc.terminate()
    try:
        _out, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    lock = Path(f"{db}.lock")
    ok = alive and "Traceback" not in err and (platform != "xcb" or bool(title))
    detail = ("running after " f"{SETTLE_S} s" if alive else f"ended: {err.strip()[-300:]}")
    if title:
        detail += f"; X window: {title[:90]}"
    if lock.exists():
        detail += "; lock file present"
    return [f"window ({platform})", "ok" if ok else "FAILED", detail]


def xcb_loads_here(env: dict) -> bool:
    """Can the unfrozen PySide6 open a display with xcb here (libxcb-icccm… installed)?"""
    done = subprocess.run([sys.executable, "-c", "from PySide6.QtWidgets import QApplication;"
                           " QApplication([])"], capture_output=True, text=True,
                          env=dict(env, QT_QPA_PLATFORM="xcb"), timeout=60)
    return done.returncode == 0


def smoke(folder: Path, runs: int) -> int:
    cli = folder / ("danvan-cli.exe" if os.name == "nt" else "danvan-cli")
    window = folder / ("danvan.exe" if os.name == "nt" else "danvan")
    scratch = Path(tempfile.mkdtemp(prefix="danvan-pkg-"))
    env = dict(os.environ, XDG_CONFIG_HOME=str(scratch / "config"),
               XDG_DATA_HOME=str(scratch / "data"))
    try:
        starts = [run(cli, "--version", env=env)[0] for _ in range(runs)]
        floor = [run(Path(sys.executable), "-c", "pass")[0] for _ in range(runs)]
        db = scratch / "demo.sqlite3"
        rows = []
        seconds, done = run(cli, "demo", "--db", str(db), "--size", "2000", env=env)
        rows.append(check(f"demo --size 2000 ({seconds:.1f} s)", done, db))
        _s, done = run(cli, "rounds", "--db", str(db), "--json", env=env)
        rows.append(check("rounds --json", done))
        round_id = next((line.split()[0] for line in run(cli, "rounds", "--db", str(db), env=env)[1]
                         .stdout.splitlines() if line.strip()[:1].isdigit()), "1")
        for what, name in (("list", "list.pdf"), ("certificates", "certificates.pdf")):
            out = scratch / name
            _s, done = run(cli, "documents", what, "--db", str(db), "--round", round_id,
                           "-o", str(out), env=env)
            rows.append(check(f"documents {what} --round {round_id}", done, out))
        for name in ("report.pdf", "report.docx"):
            out = scratch / name
            _s, done = run(cli, "documents", "report", "--db", str(db), "--year", "2025",
                           "-o", str(out), env=env)
            rows.append(check(f"documents report → {name}", done, out))
        out = scratch / "initiatives.xlsx"
        _s, done = run(cli, "export", "--db", str(db), "--what", "initiatives", "-o", str(out),
                       env=env)
        rows.append(check("export initiatives → .xlsx", done, out))
        _s, done = run(cli, "check", "--db", str(db), env=env)
        rows.append(check("check", done))
        rows.append(window_opens(window, db, env, "offscreen"))
        if shutil.which("xvfb-run") and shutil.which("xwininfo"):
            display = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1366x768x24"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                time.sleep(1)
                x_env = dict(env, DISPLAY=":97")
                if xcb_loads_here(x_env):
                    rows.append(window_opens(window, db, x_env, "xcb"))
                else:
                    rows.append(["window (xcb)", "skipped", "Qt's xcb plugin does not load on "
                                 "this machine, frozen or not (system libraries missing)"])
            finally:
                display.terminate()
                display.wait()
        print(f"\nFrozen CLI start: `danvan-cli --version`, {runs} runs, seconds")
        print_table(["start", "min", "median", "max"], [
            ["frozen danvan-cli --version", *(f"{x:.2f}" for x in spread(starts))],
            ["floor: python -c pass", *(f"{x:.2f}" for x in spread(floor))],
        ])
        print("\nSmoke run of the frozen program")
        print_table(["what", "result", "detail"], rows)
        return 0 if all(r[1] in ("ok", "skipped") for r in rows) else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the folder already built")
    parser.add_argument("--dist", type=Path, default=Path(tempfile.gettempdir()) / "danvan-dist")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.no_build:
        seconds = build(args.dist, args.dist.with_name(args.dist.name + "-work"))
        print(f"built in {seconds:.0f} s")
    folder = args.dist / "danvan"
    size = folder_mb(folder)
    print(f"package: {folder}")
    print_table(["measure", "result", "target", "verdict"], [
        ["one-folder size (MB, files, links not counted)", f"{size:.1f}", f"< {TARGET_MB}",
         verdict(size, TARGET_MB)]])
    print("largest files (MB): " + ", ".join(f"{name} {mb:.1f}" for name, mb in biggest(folder)))
    return smoke(folder, args.runs) or (0 if size < TARGET_MB else 1)


if __name__ == "__main__":
    raise SystemExit(main())
