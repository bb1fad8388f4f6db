"""The criteria set, scoring sheets and the ranking table as PDF and .docx: the text
a reader checks is there, with every diacritic and figure."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from pypdf import PdfReader

from danvan_desktop.domain.criteria import ScoreSheet
from danvan_desktop.domain.entities import OfficeProfile
from danvan_desktop.services.documents import criteria_documents as docs
from danvan_desktop.store import criteria as sc
from danvan_desktop.store.profile import save_profile


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _docx_text(path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def scored(store, scored_year):
    save_profile(
        store,
        OfficeProfile(
            parent_body_1="Đảng bộ tỉnh Thái Bình",
            parent_body_2="Huyện ủy Đông Hưng",
            doc_code="BDVHU",
            place="Đông Hưng",
            signer_name="Nguyễn Thị Hoa",
        ),
    )
    criteria = scored_year["set"].criteria
    an, binh = scored_year["evaluators"]
    first = scored_year["ids"][0]
    sc.save_sheet(
        store,
        scored_year["set"].id,
        ScoreSheet(
            first,
            an,
            {c.id: p for c, p in zip(criteria, (18, 27.5, 28, 17), strict=True)},
            "Cách làm <sáng tạo> & hiệu quả",
        ),
    )
    sc.save_sheet(
        store,
        scored_year["set"].id,
        ScoreSheet(first, binh, {c.id: p for c, p in zip(criteria, (16, 26, 26, 18), strict=True)}),
    )
    return scored_year


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_the_criteria_set_document(store, scored, tmp_path, suffix):
    path = docs.build_criteria_set(store, 2023, tmp_path / f"bo{suffix}", on=dt.date(2023, 3, 7))
    text = _pdf_text(path) if suffix == ".pdf" else _docx_text(path)
    for expected in (
        "BỘ TIÊU CHÍ",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "III. Hiệu quả",
        "Cách làm sáng tạo, phát huy quyền làm chủ của nhân dân",
        "Tổng cộng",
        "Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50",
        "Đông Hưng, ngày 07 tháng 3 năm 2023",
    ):
        assert expected in text.replace("\n", " ") or expected in text


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_scoring_sheet_filled_and_blank(store, scored, tmp_path, suffix):
    first = scored["ids"][0]
    filled = docs.build_scoring_sheets(
        store, 2023, [first], tmp_path / f"an{suffix}", scored["evaluators"][0]
    )
    text = _pdf_text(filled) if suffix == ".pdf" else _docx_text(filled)
    assert "PHIẾU ĐÁNH GIÁ" in text and "Nuôi ong lấy mật, nuôi dê thương phẩm" in text
    assert "27,5" in text and "90,5" in text and "Xuất sắc" in text
    assert "Cách làm <sáng tạo> & hiệu quả" in text and "Nguyễn Văn An" in text
    assert f"Ngày {dt.date.today():%d} tháng {dt.date.today().month}" in text  # the day it was scored
    blank = docs.build_scoring_sheets(store, 2023, scored["ids"][:2], tmp_path / f"trang{suffix}")
    text = _pdf_text(blank) if suffix == ".pdf" else _docx_text(blank)
    assert "Cánh đồng mẫu lớn" in text and "27,5" not in text
    if suffix == ".pdf":
        assert len(PdfReader(blank).pages) == 2


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_ranking_table_with_the_letterhead(store, scored, tmp_path, suffix):
    path = docs.build_ranking_table(store, 2023, tmp_path / f"xh{suffix}", number="15")
    text = _pdf_text(path) if suffix == ".pdf" else _docx_text(path)
    flat = text.replace("\n", " ")
    assert "BẢNG TỔNG HỢP" in text and "HUYỆN ỦY ĐÔNG HƯNG" in text and "Số 15-BC/BDVHU" in flat
    assert "LĨNH VỰC KINH TẾ" in text and "88,25" in text and "Nguyễn Thị Hoa" in text
    assert "Tổng: 4 mô hình, điển hình; 1 đã chấm đủ điểm." in flat


def test_commendation_list_can_show_the_score(store, scored, tmp_path):
    from danvan_desktop.domain.criteria import ScoreSheet
    from danvan_desktop.domain.entities import CommendationRound
    from danvan_desktop.services.documents.commendation_list import build_commendation_list
    from danvan_desktop.store.rounds import save_round

    rnd = save_round(
        store,
        CommendationRound(
            number="125-QĐ/HU",
            decided_on="2023-12-20",
            issuer="Ban Thường vụ Huyện ủy",
            year=2023,
            form="giay_khen",
        ),
    )
    criteria = scored["set"].criteria
    sc.save_sheet(
        store,
        scored["set"].id,
        ScoreSheet(scored["ids"][3], scored["evaluators"][0], {c.id: 19 for c in criteria}),
    )
    ranked = {r["id"]: r["average"] for r in sc.ranking(store, 2023)}
    sc.apply_shortlist(
        store, {scored["ids"][0]: "khen_thuong", scored["ids"][3]: "khen_thuong"}, ranked, rnd.id
    )
    with_score = _pdf_text(build_commendation_list(store, rnd.id, tmp_path / "ds.pdf", show_score=True))
    without = _pdf_text(build_commendation_list(store, rnd.id, tmp_path / "ds0.pdf"))
    assert "Điểm" in with_score and "88,25" in with_score and "76" in with_score
    assert "88,25" not in without
