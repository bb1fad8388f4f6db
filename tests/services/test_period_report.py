"""The period report: its figures are the stats service's, in the PDF, the .docx and the .xlsx."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.periods import make_period, stage_period
from danvan_desktop.domain.text import format_money
from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
from danvan_desktop.services.documents.period_report import build_report_pdf
from danvan_desktop.services.documents.report_docx import build_report_docx
from danvan_desktop.services.documents.report_xlsx import build_report_xlsx
from danvan_desktop.services.stats import period_stats, stats_for
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
    save_initiative(store, Initiative(
        name="Mô hình nhân rộng sau", kind="tap_the", field="xay_dung_dang", commune_id=commune,
        year=2023, owner_name="Chi bộ thôn Nam", registered_on="2023-03-01", status="nhan_rong",
        level="huyen", notable=True), today=dt.date(2024, 5, 2))
    save_campaign(store, Campaign(title="Nhà đại đoàn kết cho hộ nghèo", type="nha", commune_id=commune,
                                  started_on="2022-11-01", status="hoan_thanh",
                                  finished_on="2023-06-20", households_benefited=12))
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
    assert ["Tổng cộng", "2", "1", "3", "1", "tăng 2"] in cells


def test_xlsx_holds_numbers(store, commune, tmp_path):
    _fill(store, commune)
    path = build_report_xlsx(store, make_period(2023), tmp_path / "so-lieu.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    kinh_te = next(r for r in rows if r[0] == "Kinh tế")
    assert kinh_te[1:4] == (1, 1, 2)
    households = next(r for r in rows if r[0] and str(r[0]).startswith("Số hộ được hưởng lợi"))
    assert households[1] == 12
    sheet = load_workbook(path).active
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    money = next(r for r in rows if r[0] == "Tổng cộng" and r[1] == 350_000_000)
    assert money[2] == 420


PERIODS = [make_period(2023, quarter=1), make_period(2023, quarter=2), make_period(2023, half=1),
           make_period(2023, nine_months=True), make_period(2023), make_period(2024),
           stage_period(2021, 2025)]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_every_period_kind_prints_the_stats_services_figures(store, commune, tmp_path, period):
    _fill(store, commune)
    figures = period_stats(store, period)
    ini, campaigns = figures["initiatives"], figures["campaigns"]
    text = _flat(" ".join(p.extract_text() for p in
                          PdfReader(str(build_report_pdf(store, period, tmp_path / "bc.pdf"))).pages))
    assert f"Đăng ký mới {ini['total']} " in text
    assert f"Được công nhận trong kỳ {ini['recognized']} " in text
    assert f"Được nhân rộng trong kỳ {ini['replicated']} " in text
    assert f"Khởi công, phát động mới trong kỳ {campaigns['started']} " in text
    assert f"Hoàn thành trong kỳ {campaigns['completed']} " in text
    assert f"hoàn thành) {figures['households_benefited']} " in text
    assert "(Chưa" not in text and "Chưa nhập" not in text and "Chưa đánh dấu" not in text
    assert " 0 đồng" not in text and " 0 hộ" not in text and " 0 ngày công" not in text
    if period.label.startswith("giai đoạn"):
        assert "Cùng kỳ năm trước" not in text and "so với cùng kỳ" not in text


def test_replicated_is_counted_in_the_period_it_happened(store, commune, tmp_path):
    _fill(store, commune)
    assert stats_for(store, 2023, quarter=1)["initiatives"]["replicated"] == 0
    assert stats_for(store, 2024, quarter=2)["initiatives"]["replicated"] == 1
    text = _flat(" ".join(p.extract_text() for p in PdfReader(str(build_report_pdf(
        store, make_period(2024, quarter=2), tmp_path / "bc.pdf"))).pages))
    assert "Được nhân rộng trong kỳ 1 0 tăng 1" in text


def _pages(path) -> list[str]:
    return [_flat(p.extract_text()) for p in PdfReader(str(path)).pages]


def test_no_heading_ends_a_page_and_the_signature_keeps_the_last_words(store, commune, tmp_path):
    _fill(store, commune)
    pages = _pages(build_report_pdf(store, make_period(2023, quarter=1), tmp_path / "bc.pdf"))
    assert len(pages) > 1
    for page in pages:
        assert not page.rstrip().endswith(("HẠN CHẾ", "THỜI GIAN TỚI", "TIÊU BIỂU", "THỰC HIỆN"))
    assert "Nhân rộng mô hình hay. Nơi nhận:" in pages[-1] and "T/M BAN DÂN VẬN" in pages[-1]
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI Nhân rộng mô hình hay." in " ".join(pages)


def test_a_report_reads_as_written_and_signs_on_the_page_of_its_last_words(store, commune, tmp_path):
    _fill(store, commune)
    long = "\n".join(f"Đoạn phương hướng thứ {n}: tiếp tục nhân rộng các mô hình hay." for n in range(40))
    save_report_texts(store, make_period(2023, quarter=1), LIMITS, long, "7")
    path = build_report_pdf(store, make_period(2023, quarter=1), tmp_path / "bc.pdf")
    pages = [_flat(p.extract_text()) for p in PdfReader(str(path)).pages]
    assert "Đoạn phương hướng thứ 39" in pages[-1] and "T/M BAN DÂN VẬN" in pages[-1]
    text = " ".join(pages)
    assert "lĩnh vực xây dựng Đảng và hệ thống chính trị" in text  # Đảng keeps its capital
    assert "IV. PHƯƠNG HƯỚNG" in text
    for page in pages:  # a heading is never the last line of a page
        assert not page.rstrip().endswith(("HẠN CHẾ", "THỜI GIAN TỚI", "TIÊU BIỂU"))


def test_sections_with_nothing_written_are_left_out_and_numbered_on(store, commune, tmp_path):
    _fill(store, commune)
    period = make_period(2023, quarter=3)  # nothing written, nothing notable
    text = _flat(" ".join(p.extract_text() for p in PdfReader(str(build_report_pdf(
        store, period, tmp_path / "bc.pdf", number="15"))).pages))
    assert "Số 15-BC/BDVHU" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "II." not in text and "HẠN CHẾ" not in text
    assert "Chưa" not in text


def test_the_docx_has_no_word_headings_and_numbers_its_pages(store, commune, tmp_path):
    _fill(store, commune)
    doc = Document(str(build_report_docx(store, make_period(2023, quarter=1), tmp_path / "bc.docx")))
    assert not [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    head = doc.tables[0]
    assert round(head.columns[0].width.mm) < round(head.columns[1].width.mm)  # date line: wider column
    indented = [p for p in doc.paragraphs if p.paragraph_format.first_line_indent]
    assert any(LIMITS in p.text for p in indented)
    totals = [c for t in doc.tables for r in t.rows for c in r.cells if c.text == "Tổng cộng"]
    assert totals and all(run.bold for c in totals for run in c.paragraphs[0].runs)


def test_an_unnumbered_docx_leaves_room_for_the_number(store, commune, tmp_path):
    _fill(store, commune)
    doc = Document(str(build_report_docx(store, make_period(2023, quarter=3), tmp_path / "bc.docx")))
    assert "Số" + "\u00a0" * 12 + "-BC/BDVHU" in doc.tables[0].cell(0, 0).text
