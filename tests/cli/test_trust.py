"""The command line tells the truth and leaves nothing half-made: a second writer waits,
then is told who holds the file; a refused command leaves every file byte-identical
(empty ones included); a killed or failed ``demo`` leaves no file under its name; a
read-only folder is called read-only, not damaged; a full disk is named."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time

import pytest

from danvan_desktop.store.db import create_store, open_store

HEADER = "Tên mô hình,Loại,Lĩnh vực,Chủ thể,Xã/phường,Năm đăng ký\n"

HOLDER = textwrap.dedent("""
    import sys, time
    from danvan_desktop.store.lock import acquire
    held = acquire(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def danvan(*args, env=None, user=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DANVAN_DB"}
    environment.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    prefix = ["setpriv", "--reuid", str(user), "--regid", str(user), "--clear-groups"] if user else []
    return subprocess.run([*prefix, sys.executable, "-m", "danvan_desktop", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=environment,
                          timeout=300)


def _csv(folder, rows=3, tag="a"):
    path = folder / f"nhap-{tag}.csv"
    path.write_text(HEADER + "".join(f"Mô hình {tag}{k},Tập thể,Kinh tế,Chi hội {tag},Xã An Bình,2024\n"
                                     for k in range(rows)), encoding="utf-8")
    return path


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def data(tmp_path):
    create_store(tmp_path / "danvan.sqlite3").close()
    return tmp_path / "danvan.sqlite3"


def test_an_import_beside_an_open_window_waits_then_names_the_window(data, tmp_path):
    source = _csv(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = data.read_bytes()
        started = time.monotonic()
        refused = danvan("import", source, "--db", data, "--create-places", env={"DANVAN_LOCK_WAIT": "1.5"})
        waited = time.monotonic() - started
        assert refused.returncode == 3
        message = refused.stderr.strip()
        assert len(message.splitlines()) == 1
        assert "cửa sổ chương trình" in message and f"tiến trình {holder.pid}" in message
        assert "đã chờ 2 giây" in message and waited >= 1.5
        assert data.read_bytes() == before
        # Reading commands still work beside the window.
        assert danvan("check", "--db", data).returncode == 0
        assert danvan("stats", "--db", data, "--year", "2024").returncode == 0
        assert danvan("import", source, "--db", data, "--create-places", "--dry-run").returncode == 0
    finally:
        holder.kill()
        holder.wait()
    assert danvan("import", source, "--db", data, "--create-places").returncode == 0


def test_the_same_file_imported_by_two_processes_at_once_is_written_once(data, tmp_path):
    source = _csv(tmp_path, rows=40)
    command = [sys.executable, "-m", "danvan_desktop", "import", str(source), "--db", str(data),
               "--create-places"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    with open_store(data, read_only=True) as store:
        names = [r["name"] for r in store.query("SELECT name FROM initiatives")]
    assert sorted(names) == sorted(f"Mô hình a{k}" for k in range(40))
    assert any("có thể trùng" in out for out, _ in outputs)


def test_a_refused_import_leaves_an_empty_file_empty(tmp_path):
    empty = tmp_path / "trong.sqlite3"
    empty.write_bytes(b"")
    source = _csv(tmp_path)  # the commune is not in the (missing) catalogue: refused
    before = _snapshot(tmp_path)
    result = danvan("import", source, "--db", empty)
    assert result.returncode == 1, result.stderr
    after = _snapshot(tmp_path)
    after.pop("trong.sqlite3.lock", None)  # the writers' lock file beside it (empty)
    assert after == before


def test_check_calls_an_empty_file_empty_in_one_line(tmp_path):
    empty = tmp_path / "trong.sqlite3"
    empty.write_bytes(b"")
    result = danvan("check", "--db", empty)
    assert result.returncode == 3
    assert len(result.stderr.strip().splitlines()) == 1 and "trống" in result.stderr
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["trong.sqlite3"]


def test_a_killed_demo_leaves_no_file_under_its_name(tmp_path):
    target = tmp_path / "mau.sqlite3"
    child = subprocess.Popen([sys.executable, "-m", "danvan_desktop", "demo", "--db", str(target),
                              "--size", "300000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("mau.sqlite3.dang-tao-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    child.kill()
    child.wait()
    assert not target.exists()
    made = danvan("demo", "--db", target)
    assert made.returncode == 0, made.stderr
    assert danvan("check", "--db", target).returncode == 0


@contextlib.contextmanager
def read_only_folder(tmp_path):
    """A folder holding a sound data file, then made read-only: a read-only tmpfs when
    running as root (root ignores permission bits), else the folder's bits."""
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if root and (not sys.platform.startswith("linux") or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)]).returncode):
        pytest.skip("root, and no read-only tmpfs to be had")
    path = folder / "danvan.sqlite3"
    try:
        create_store(path).close()
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            os.chmod(folder, 0o555)
        yield path
    finally:
        if root:
            subprocess.run(["umount", str(folder)])
        else:
            os.chmod(folder, 0o755)


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_a_file_in_a_read_only_folder_is_read_only_not_damaged(tmp_path):
    source = _csv(tmp_path)
    with read_only_folder(tmp_path) as path:
        before = _snapshot(path.parent)
        checked = danvan("check", "--db", path)
        assert checked.returncode == 0, checked.stderr
        assert "nguyên vẹn" in checked.stdout
        assert danvan("stats", "--db", path, "--year", "2024").returncode == 0
        refused = danvan("import", source, "--db", path, "--create-places")
        assert refused.returncode == 3
        assert "chỉ đọc" in refused.stderr and "hỏng" not in refused.stderr
        assert _snapshot(path.parent) == before


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(os, "geteuid")
                    or os.geteuid() != 0, reason="needs a small tmpfs (root on Linux)")
def test_a_full_disk_is_named_and_demo_leaves_nothing(tmp_path):
    disk = tmp_path / "o-nho"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        result = danvan("demo", "--db", disk / "mau.sqlite3", "--size", "20000")
        assert result.returncode == 3
        assert "ổ đĩa đầy, hãy giải phóng chỗ trống" in result.stderr
        assert "is full" not in result.stderr and list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)])


def test_printing_certificates_from_an_empty_file_leaves_it_empty(tmp_path):
    empty = tmp_path / "trong.sqlite3"
    empty.write_bytes(b"")
    result = danvan("documents", "certificates", "--db", empty, "--round", "1", "-o", tmp_path / "g.pdf")
    assert result.returncode == 3 and "trống" in result.stderr
    assert empty.read_bytes() == b"" and not (tmp_path / "g.pdf").exists()


def test_a_write_that_fills_the_disk_is_refused_in_vietnamese_and_rolled_back(data):
    from danvan_desktop.store import records
    from danvan_desktop.store.db import StoreError

    with open_store(data) as store:
        pages = store.scalar("PRAGMA page_count")
        store.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk as good as full
        before = store.scalar("SELECT count(*) FROM areas")
        with pytest.raises(StoreError, match="ổ đĩa đầy, hãy giải phóng chỗ trống"), store.atomic():
            for n in range(2000):
                records.insert(store, "areas", {"name": f"Xã {n} " + "x" * 200, "level": "xa"})
        assert store.scalar("SELECT count(*) FROM areas") == before
