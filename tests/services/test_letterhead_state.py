"""The State letterhead (NĐ 30/2020) for an MTTQ office, the Party one for the others."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pypdf import PdfReader

from danvan_desktop.domain import office
from danvan_desktop.domain.periods import make_period
from danvan_desktop.services.documents.letterhead_state import from_party_number, state_number
from danvan_desktop.services.documents.period_report import build_report_pdf
from danvan_desktop.store.profile import save_profile


def _first_page(store, profile, tmp_path) -> str:
    save_profile(store, profile)
    path = tmp_path / "bao-cao.pdf"
    build_report_pdf(store, make_period(2026), path)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_an_mttq_office_prints_the_state_letterhead(store, tmp_path):
    profile = replace(office.defaults("mttq_xa", "Tỉnh Hưng Yên", "Phường Thái Bình"),
                      signer_name="Lê Thị Hoa")
    text = _first_page(store, profile, tmp_path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "Số:" in text and "/BC-MTTQ" in text  # no number yet: room to write it
    assert "TM. BAN THƯỜNG TRỰC" in text and "Thái Bình, ngày" in text


def test_a_province_office_keeps_the_party_letterhead(store, tmp_path):
    text = _first_page(store, office.defaults("tinh", "Tỉnh Hưng Yên"), tmp_path)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CỘNG HÒA" not in text
    assert "-BC/BTGDVTU" in text and "Số:" not in text and "TỈNH ỦY HƯNG YÊN" in text


@pytest.mark.parametrize(("party", "state"), [("Số 12-BC/MTTQ", "Số: 12/BC-MTTQ"),
                                              ("Số 07/QĐ-MT", "Số: 07/QĐ-MT")])
def test_numbers_are_written_the_state_way(party, state):
    assert from_party_number(party) == state
    assert state_number("12", "BC", "MTTQ") == "Số: 12/BC-MTTQ"


def test_the_word_report_of_an_mttq_office_carries_the_state_letterhead(store, tmp_path):
    from docx import Document

    from danvan_desktop.services.documents.report_docx import build_report_docx

    save_profile(store, office.defaults("mttq_xa", "Tỉnh Hưng Yên", "Phường Thái Bình"))
    path = build_report_docx(store, make_period(2026), tmp_path / "bao-cao.docx")
    cells = [p.text for cell in Document(path).tables[0].rows[0].cells for p in cell.paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in cells and "*" not in cells
    assert any(text.startswith("Số:") and text.endswith("/BC-MTTQ") for text in cells)


def test_the_provinces_board_is_named_on_one_line(store, tmp_path):
    """“BAN TUYÊN GIÁO VÀ DÂN VẬN” is longer than the usual left column: the column widens
    rather than break the board's name in two (“…VÀ DÂN / VẬN”)."""
    text = _first_page(store, office.defaults("tinh", "Tỉnh Hưng Yên"), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN" in lines and "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN" in lines
    from danvan_desktop.services.documents.fonts import register_fonts
    from danvan_desktop.services.documents.layout import head_share

    short = office.defaults("xa", "Tỉnh Hưng Yên", "Xã Đông Hưng")  # a commune keeps 45 %
    assert head_share(short, register_fonts(), 165 * 72 / 25.4) == 0.45
