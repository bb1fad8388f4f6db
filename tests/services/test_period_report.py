"""The period report: its figures are the stats service's, in the PDF, the .docx and the .xlsx."""

from __future__ import annotations

import re

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.periods import make_period
from danvan_desktop.domain.text import format_money
from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
from danvan_desktop.services.documents.period_report import build_report_pdf
from danvan_desktop.services.documents.report_docx import build_report_docx
from danvan_desktop.services.documents.report_xlsx import build_report_xlsx
from danvan_desktop.services.stats import stats_for
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.initiatives import save_initiative
from danvan_desktop.store.profile import save_profile
from danvan_desktop.store.reports import report_texts, save_report_texts

LIMITS = 'Một số chi bộ chưa chủ động; Hội <Phụ nữ> & "CCB" còn lúng túng.'


def _fill(store, commune):
    save_profile(store, DONG_HUNG_PROFILE)
    for n, (field, kind, day) in enumerate([("kinh_te", "tap_the", "2023-02-01"),
                                            ("kinh_te", "ca_nhan", "2023-03-31"),
                                            ("van_hoa_xa_hoi", "tap_the", "2023-05-02"),
                                            ("quoc_phong_an_ninh", "tap_the", "2022-02-10")]):
        save_initiative(store, Initiative(
            name=f"Mô hình số {n}", kind=kind, field=field, commune_id=commune, year=int(day[:4]),
            owner_name="Nguyễn Thị Thu Hằng" if kind == "ca_nhan" else "Chi bộ thôn Đầm",
            registered_on=day, notable=n == 1, results="Thu nhập 600 triệu đồng/năm", jobs=25))
    save_campaign(store, Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="duong",
                                  commune_id=commune, started_on="2023-01-20",
                                  estimate_vnd=1_200_000_000),
                  [Contribution(on_date="2023-02-10", kind="tien", amount_vnd=350_000_000),
                   Contribution(on_date="2023-03-10", kind="ngay_cong", quantity=420)])
    save_report_texts(store, make_period(2023, quarter=1), LIMITS, "Nhân rộng mô hình hay.", "7")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_figures_equal_the_stats_service(store, commune, tmp_path):
    _fill(store, commune)
    period = make_period(2023, quarter=1)
    figures = stats_for(store, 2023, quarter=1)
    path = build_report_pdf(store, period, tmp_path / "bc.pdf")
    text = _flat(" ".join(p.extract_text() for p in PdfReader(str(path)).pages))
    assert "BÁO CÁO" in text and "quý I năm 2023" in text and "Số 7-BC/BDVHU" in text
    assert f"có {figures['initiatives']['total']} mô hình" in text
    assert "Kinh tế 1 1 2 0 tăng 2" in text  # collective, individual, total, last year, change
    assert format_money(figures["contributions"]["money_vnd"]) in text
    assert "Mô hình “Mô hình số 1” của Nguyễn Thị Thu Hằng" in text
    assert LIMITS in text and "Nhân rộng mô hình hay." in text
    assert report_texts(store, period)["limitations"] == LIMITS


def test_docx_opens_and_holds_the_figures(store, commune, tmp_path):
    _fill(store, commune)
    path = build_report_docx(store, make_period(2023, quarter=1), tmp_path / "bc.docx")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and LIMITS in text
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["Kinh tế", "1", "1", "2", "0", "tăng 2"] in cells
    assert ["Tổng cộng", "1", "1", "2", "1", "tăng 1"] in cells


def test_xlsx_holds_numbers(store, commune, tmp_path):
    _fill(store, commune)
    path = build_report_xlsx(store, make_period(2023), tmp_path / "so-lieu.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    kinh_te = next(r for r in rows if r[0] == "Kinh tế")
    assert kinh_te[1:4] == (1, 1, 2)
    money = next(r for r in rows if r[0] == "Tổng cộng" and r[1] == 350_000_000)
    assert money[2] == 420
