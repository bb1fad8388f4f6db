"""The command line end to end, in a subprocess, as scripts outside the project use it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from danvan_desktop import __version__
from danvan_desktop.store.migrations import LATEST_VERSION


def danvan(*args, env=None, cwd=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DANVAN_DB"}
    environment.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    return subprocess.run([sys.executable, "-m", "danvan_desktop", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=environment,
                          cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    result = danvan("demo", "--db", path, "--size", "500", "--seed", "7")
    assert result.returncode == 0, result.stderr
    return path


def test_version():
    result = danvan("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"danvan {__version__}"


def test_demo_holds_the_real_records_of_the_sources(demo_db):
    conn = sqlite3.connect(demo_db)
    names = {r[0] for r in conn.execute("SELECT name FROM initiatives")}
    assert {"Nuôi ong lấy mật, nuôi dê thương phẩm", "Tuyến phố văn minh",
            "Bồn rửa tay cho em", "Tái hòa nhập cộng đồng",
            "Khéo trong công tác tiếp công dân"} <= names
    road = conn.execute("SELECT id, length_m, width_before_m, width_after_m, estimate_vnd"
                        " FROM campaigns WHERE title LIKE '%Hoành Từ%'").fetchone()
    assert road[1:] == (450, 3.5, 9, 1_200_000_000)
    households = conn.execute("SELECT count(*) FROM contributions WHERE campaign_id = ?"
                              " AND amount_vnd = 100000", (road[0],)).fetchone()[0]
    assert households > 0
    assert conn.execute("SELECT count(*) FROM campaigns WHERE title LIKE '%Nguyễn Thị Huệ%'"
                        ).fetchone()[0] == 1
    places = {r[0] for r in conn.execute("SELECT name FROM areas")}
    assert {"Thôn Đầm", "Xã Mê Linh", "Thôn Hoành Từ", "Xã Đông Cường", "Thị xã Thái Hòa",
            "Xã Nghĩa Thuận"} <= places


def test_demo_size_spreads_generated_records(demo_db):
    conn = sqlite3.connect(demo_db)
    total = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
    assert 500 <= total <= 530
    years = {r[0] for r in conn.execute("SELECT DISTINCT year FROM initiatives")}
    assert set(range(2016, 2027)) <= years
    for column, expected in (("field", 4), ("kind", 2)):
        assert conn.execute(f"SELECT count(DISTINCT {column}) FROM initiatives"
                            ).fetchone()[0] == expected
    assert conn.execute("SELECT count(DISTINCT status) FROM initiatives").fetchone()[0] >= 5
    campaigns = conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]
    assert 90 <= campaigns <= 120  # about one per five initiatives
    contributions = conn.execute("SELECT count(*) FROM contributions").fetchone()[0]
    assert contributions >= campaigns * 9
    assert conn.execute("SELECT count(*) FROM awards").fetchone()[0] > 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_stats_json_matches_the_contract(demo_db):
    result = danvan("stats", "--db", demo_db, "--year", "2023", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["period"] == {"from": "2023-01-01", "to": "2023-12-31"}
    ini = figures["initiatives"]
    assert ini["total"] == sum(ini["by_field"].values()) == sum(ini["by_kind"].values())
    assert ini["total"] == sum(ini["by_status"].values()) == sum(ini["by_commune"].values())
    for field, kinds in ini["by_field_kind"].items():
        assert sum(kinds.values()) == ini["by_field"][field]
    conn = sqlite3.connect(demo_db)
    assert ini["total"] == conn.execute(
        "SELECT count(*) FROM initiatives WHERE deleted_at IS NULL AND"
        " registered_on BETWEEN '2023-01-01' AND '2023-12-31'").fetchone()[0]
    money = conn.execute(
        "SELECT sum(amount_vnd) FROM contributions WHERE kind = 'tien'"
        " AND on_date BETWEEN '2023-01-01' AND '2023-12-31'").fetchone()[0]
    assert figures["contributions"]["money_vnd"] == money
    for key in ("campaigns", "contributions", "households_benefited"):
        assert key in figures


def test_stats_quarter_and_env_variable(demo_db):
    result = danvan("stats", "--year", "2023", "--quarter", "1", "--json",
                    env={"DANVAN_DB": str(demo_db)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["period"] == {"from": "2023-01-01", "to": "2023-03-31"}
    text = danvan("stats", "--db", demo_db, "--year", "2023", "--half", "2")
    assert text.returncode == 0
    assert "6 tháng cuối năm 2023" in text.stdout and "Kinh tế" in text.stdout


def test_backup_and_check(demo_db, tmp_path):
    copy = tmp_path / "sao-luu.sqlite3"
    result = danvan("backup", "--db", demo_db, "-o", copy)
    assert result.returncode == 0, result.stderr
    assert "Đã sao lưu" in result.stdout
    original = sqlite3.connect(demo_db).execute("SELECT count(*) FROM initiatives").fetchone()
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM initiatives").fetchone() == original
    checked = danvan("check", "--db", copy)
    assert checked.returncode == 0 and "nguyên vẹn" in checked.stdout
    again = danvan("backup", "--db", demo_db, "-o", copy)
    assert again.returncode == 3 and "đã có" in again.stderr


def test_demo_refuses_an_existing_file(demo_db):
    before = demo_db.read_bytes()
    result = danvan("demo", "--db", demo_db)
    assert result.returncode == 1
    assert "đã có" in result.stderr
    assert demo_db.read_bytes() == before


def test_wrong_usage_exits_2_in_vietnamese(demo_db):
    for args in (("stats", "--db", demo_db), ("stats", "--db", demo_db, "--year", "23"),
                 ("stats", "--db", demo_db, "--year", "2023", "--quarter", "5"),
                 ("frobnicate",)):
        result = danvan(*args)
        assert result.returncode == 2, args
        assert "lỗi" in result.stderr
        assert "Traceback" not in result.stderr
        assert "error" not in result.stderr.lower().replace("lỗi", "")


def _one_vietnamese_line(result, code):
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def _damaged_copy(source, target):
    data = bytearray(source.read_bytes())
    data[100:4096] = b"\x00\xff" * ((4096 - 100) // 2)
    target.write_bytes(bytes(data))


@pytest.mark.parametrize("case", ["missing-folder", "missing", "not-sqlite", "damaged",
                                  "newer", "read-only-old"])
@pytest.mark.parametrize("command", ["stats", "check", "backup"])
def test_unusable_files_exit_3_unchanged(case, command, demo_db, tmp_path):
    path = tmp_path / "du-lieu.sqlite3"
    if case == "missing-folder":
        path = tmp_path / "khong-co" / "du-lieu.sqlite3"
    elif case == "not-sqlite":
        path.write_text("STT,Tên mô hình\n1,Tuyến phố văn minh\n", encoding="utf-8")
    elif case == "damaged":
        _damaged_copy(demo_db, path)
    elif case == "newer":
        path.write_bytes(demo_db.read_bytes())
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
        conn.close()
    elif case == "read-only-old":
        # An older file needs an upgrade (a write) that a read-only file cannot take.
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA application_id = 1146505009")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("CREATE TABLE areas (id INTEGER PRIMARY KEY)")
        conn.close()
        path.chmod(0o444)
    before = path.read_bytes() if path.exists() else None
    extra = ["--year", "2023"] if command == "stats" else []
    if command == "backup":
        extra = ["-o", tmp_path / "copy.sqlite3"]
    result = danvan(command, "--db", path, *extra)
    line = _one_vietnamese_line(result, 3)
    assert line.startswith("danvan: ")
    if before is not None:
        assert path.read_bytes() == before
    else:
        assert not path.exists()
    assert not (tmp_path / "copy.sqlite3").exists()


def test_rounds_and_the_commendation_list(demo_db, tmp_path):
    listed = danvan("rounds", "--db", demo_db, "--json")
    assert listed.returncode == 0, listed.stderr
    rounds = json.loads(listed.stdout)
    assert rounds and {"id", "number", "date", "recipients"} <= set(rounds[0])
    seed = next(r for r in rounds if r["number"] == "125-QĐ/TU")
    assert seed["recipients"] == 4
    text = danvan("rounds", "--db", demo_db)
    assert "Số 125-QĐ/TU" in text.stdout and "15/12/2020" in text.stdout
    pdf = tmp_path / "danh-sach.pdf"
    made = danvan("documents", "list", "--db", demo_db, "--round", seed["id"], "-o", pdf)
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    missing = danvan("documents", "list", "--db", demo_db, "--round", 9999, "-o", pdf)
    assert missing.returncode == 1 and "Không tìm thấy đợt" in missing.stderr
