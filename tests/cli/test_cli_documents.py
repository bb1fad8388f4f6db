"""``danvan documents``: numbers, paper sizes, the alignment page, overflow warnings,
multi-year stages, as scripts and clerks use them from the command line."""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest
from pypdf import PdfReader

from danvan_desktop.domain.entities import Award
from danvan_desktop.store.db import open_store
from danvan_desktop.store.rounds import add_award

from .test_cli import danvan


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-docs") / "demo.sqlite3"
    result = danvan("demo", "--db", path, "--size", "300", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return path


def _text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(str(path)).pages))


def _round_id(db) -> int:
    return sqlite3.connect(db).execute(
        "SELECT id FROM commendation_rounds WHERE deleted_at IS NULL ORDER BY id LIMIT 1").fetchone()[0]


def test_list_and_report_take_a_number(demo_db, tmp_path):
    listing = tmp_path / "ds.pdf"
    made = danvan("documents", "list", "--db", demo_db, "--round", _round_id(demo_db),
                  "--number", "12", "-o", listing)
    assert made.returncode == 0, made.stderr
    assert "Số 12-DS/" in _text(listing)
    for suffix in ("pdf", "docx", "xlsx"):
        report = tmp_path / f"bc.{suffix}"
        made = danvan("documents", "report", "--db", demo_db, "--year", 2023, "--quarter", 1,
                      "--number", "9", "-o", report)
        assert made.returncode == 0, made.stderr
    assert "Số 9-BC/" in _text(tmp_path / "bc.pdf")


def test_a_report_of_a_multi_year_stage(demo_db, tmp_path):
    report = tmp_path / "giai-doan.pdf"
    made = danvan("documents", "report", "--db", demo_db, "--year", 2021, "--to-year", 2025,
                  "-o", report)
    assert made.returncode == 0, made.stderr
    assert "giai đoạn 2021–2025" in _text(report)
    wrong = danvan("documents", "report", "--db", demo_db, "--year", 2025, "--to-year", 2021,
                   "-o", tmp_path / "x.pdf")
    assert wrong.returncode == 2 and "--to-year" in wrong.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("paper", "width_mm"), [("A4", 297), ("A3", 420)])
def test_alignment_page_on_either_paper(demo_db, tmp_path, paper, width_mm):
    page = tmp_path / f"thu-{paper}.pdf"
    made = danvan("documents", "alignment", "--db", demo_db, "--paper", paper, "-o", page)
    assert made.returncode == 0, made.stderr
    reader = PdfReader(str(page))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == width_mm
    assert "Tên người, tập thể (" in reader.pages[0].extract_text()
    wrong = danvan("documents", "alignment", "--db", demo_db, "-o", tmp_path / "thu.txt")
    assert wrong.returncode == 2 and not (tmp_path / "thu.txt").exists()


def test_certificates_on_a3_blank_forms_warn_about_what_does_not_fit(demo_db, tmp_path):
    db = tmp_path / "copy.sqlite3"
    shutil.copy(demo_db, db)
    round_id = _round_id(db)
    with open_store(db, user="Kiểm thử") as store:
        add_award(store, Award(round_id=round_id, kind="ca_nhan", recipient_name="Ngô Văn Dài",
                               achievement="Đã có thành tích xuất sắc trong phong trào " * 15))
    target = tmp_path / "gk.pdf"
    made = danvan("documents", "certificates", "--db", db, "--round", round_id, "--blank-form",
                  "--paper", "A3", "-o", target)
    assert made.returncode == 0, made.stderr
    assert "Cảnh báo: Ngô Văn Dài: thành tích quá dài" in made.stderr
    reader = PdfReader(str(target))
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 420
    serials = sqlite3.connect(db).execute(
        "SELECT count(*), count(DISTINCT serial) FROM certificate_serials").fetchone()
    assert serials[0] == serials[1] == len(reader.pages)
