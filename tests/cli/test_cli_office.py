"""``danvan setup`` and ``danvan places``: a ready file for an office, a newer list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.test_cli import danvan

SEPTEMBER = Path(__file__).parent.parent / "fixtures" / "dvhc" / "units-2026-09-20.json"


def _profile(path) -> dict:
    import json

    return json.loads(sqlite3.connect(path).execute("SELECT data FROM office_profile").fetchone()[0])


def test_setup_makes_a_province_office_file_with_its_communes(tmp_path):
    path = tmp_path / "hung-yen.sqlite3"
    result = danvan("setup", "--db", path, "--level", "tinh", "--unit", "33")
    assert result.returncode == 0, result.stderr
    assert "104 xã, phường" in result.stdout
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM areas WHERE level = 'xa' AND code IS NOT NULL"
                        ).fetchone()[0] == 104
    profile = _profile(path)
    assert (profile["parent_body_1"], profile["issuing_body"], profile["doc_code"], profile["place"]) == \
        ("TỈNH ỦY HƯNG YÊN", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTU", "Hưng Yên")
    assert profile["office_level"] == "tinh" and profile["unit_code"] == "33"


def test_setup_for_a_commune_mttq_uses_the_state_letterhead(tmp_path):
    codes = danvan("places", "codes", "--province", "33").stdout.splitlines()
    code = next(line.split("\t")[0] for line in codes if line.endswith("\tPhường Thái Bình"))
    path = tmp_path / "mttq.sqlite3"
    assert danvan("setup", "--db", path, "--level", "mttq_xa", "--unit", code).returncode == 0
    profile = _profile(path)
    assert profile["letterhead"] == "nha_nuoc" and profile["signer_authority"] == "TM. BAN THƯỜNG TRỰC"
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM areas ORDER BY id")]
    assert names == ["Tỉnh Hưng Yên", "Phường Thái Bình"]


def test_setup_refuses_an_existing_file_and_a_wrong_code_leaving_nothing(tmp_path):
    existing = tmp_path / "old.sqlite3"
    existing.write_bytes(b"keep me")
    result = danvan("setup", "--db", existing, "--level", "tinh", "--unit", "33")
    assert result.returncode == 1 and "đã có" in result.stderr
    assert existing.read_bytes() == b"keep me"
    missing = tmp_path / "new.sqlite3"
    for level, code, words in (("tinh", "12345", "Không có đơn vị hành chính mã “12345”"),
                               ("xa", "33", "cần mã của một xã, phường")):
        result = danvan("setup", "--db", missing, "--level", level, "--unit", code)
        assert result.returncode == 1 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [existing]


def test_places_update_loads_the_september_2026_list(tmp_path):
    path = tmp_path / "bac-ninh.sqlite3"
    assert danvan("setup", "--db", path, "--level", "tinh", "--unit", "24").returncode == 0
    result = danvan("places", "update", "--db", path, SEPTEMBER)
    assert result.returncode == 0, result.stderr
    assert "Tỉnh Bắc Ninh → Thành phố Bắc Ninh" in result.stdout
    assert "Đơn vị của cơ quan đã đổi tên" in result.stdout  # its letterhead says TỈNH ỦY BẮC NINH
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM areas WHERE code = '24'").fetchone()[0] == "Thành phố Bắc Ninh"
    assert conn.execute("SELECT count(*) FROM area_names WHERE valid_until = '2026-09-20'"
                        ).fetchone()[0] == 13
    before = path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = danvan("places", "update", "--db", path, bad)
    assert result.returncode == 1 and "không đúng dạng" in result.stderr
    assert path.read_bytes() == before


def test_setup_for_an_old_district_office_keeps_todays_communes_out(tmp_path):
    path = tmp_path / "dong-hung.sqlite3"
    result = danvan("setup", "--db", path, "--level", "huyen", "--unit", "33", "--district", "Đông Hưng")
    assert result.returncode == 0, result.stderr
    rows = sqlite3.connect(path).execute("SELECT name, level FROM areas ORDER BY id").fetchall()
    assert rows == [("Tỉnh Hưng Yên", "tinh"), ("Huyện Đông Hưng", "huyen")]
    profile = _profile(path)
    assert (profile["parent_body_2"], profile["doc_code"], profile["place"]) == \
        ("HUYỆN ỦY ĐÔNG HƯNG", "BDVHU", "Đông Hưng")
    assert "Địa bàn: Tỉnh Hưng Yên" in result.stdout
