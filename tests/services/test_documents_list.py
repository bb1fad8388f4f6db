"""The commendation list PDF: what a clerk checks before signing it."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from pypdf import PdfReader

from danvan_desktop.domain.entities import Award, CommendationRound
from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
from danvan_desktop.services.documents.commendation_list import build_commendation_list
from danvan_desktop.store.profile import save_profile
from danvan_desktop.store.rounds import add_award, save_round

HOSTILE = 'Hội <Phụ nữ> & "Cựu chiến binh"'
# All five tones, đ, the three shaped vowels.
PEOPLE = [("Nguyễn Thị Huệ", "Trưởng thôn Đầm"), ("Vũ Thị Huyền", "Bí thư chi bộ xóm 3"),
          ("Trần Văn Đạt", "Công an viên"), ("Lê Thị Ngã", "Hội viên"),
          ("Phạm Hỏi Sắc", "Nông dân"), ("Đỗ Thị Ánh", "Giáo viên"), ("Bùi Ước Ơn", "Xóm trưởng")]


def _round(store, collectives: list[str], people: list[tuple[str, str]]) -> int:
    save_profile(store, replace(DONG_HUNG_PROFILE, signer_name="Nguyễn Văn Thành"))
    rnd = save_round(store, CommendationRound(
        number="125-QĐ/HU", decided_on="2023-12-15", issuer="Ban Thường vụ Huyện ủy",
        form="bieu_duong", year=2023,
        achievement_template='Đã có thành tích xuất sắc trong phong trào thi đua "Dân vận khéo"'))
    for name in collectives:
        add_award(store, Award(round_id=rnd.id, kind="tap_the", recipient_name=name,
                               field="kinh_te", initiative_name="Cánh đồng mẫu lớn",
                               achievement="Thành tích xuất sắc năm 2023"))
    for name, position in people:
        add_award(store, Award(round_id=rnd.id, kind="ca_nhan", recipient_name=name,
                               position_unit=position, field="van_hoa_xa_hoi",
                               initiative_name="Tuyến phố văn minh", achievement="Gương mẫu"))
    return rnd.id


def _text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_name_prints_exactly_with_its_diacritics_and_markup(store, tmp_path):
    round_id = _round(store, ["Chi bộ thôn Đầm", HOSTILE], PEOPLE)
    path = build_commendation_list(store, round_id, tmp_path / "ds.pdf", number="12")
    text = _flat(" ".join(_text(path)))
    for name, _ in PEOPLE:
        assert name in text
    assert HOSTILE in text
    assert "Số 12-DS/BDVHU" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "DANH SÁCH" in text
    assert "Đông Hưng, ngày 15 tháng 12 năm 2023" in text
    assert "Kèm theo Quyết định số 125-QĐ/HU, ngày 15/12/2023 của Ban Thường vụ Huyện ủy" in text
    assert "“Dân vận khéo”" in text  # the document's own quotes are the curly ones
    assert "Tổng: 2 tập thể, 7 cá nhân." in text
    assert "T/M BAN DÂN VẬN" in text and "Nguyễn Văn Thành" in text and "Nơi nhận:" in text


def test_individuals_are_listed_by_given_name(store, tmp_path):
    round_id = _round(store, [], PEOPLE)
    text = _flat(" ".join(_text(build_commendation_list(store, round_id, tmp_path / "ds.pdf"))))
    order = [text.index(name) for name in
             ["Đỗ Thị Ánh", "Trần Văn Đạt", "Nguyễn Thị Huệ", "Vũ Thị Huyền", "Lê Thị Ngã",
              "Bùi Ước Ơn", "Phạm Hỏi Sắc"]]
    assert order == sorted(order)


def test_a_long_list_repeats_its_header_and_never_splits_a_row(store, tmp_path):
    people = [(f"Nguyễn Văn Người{n:03d}", f"Đơn vị số {n}") for n in range(200)]
    round_id = _round(store, [], people)
    pages = _text(build_commendation_list(store, round_id, tmp_path / "ds.pdf"))
    assert len(pages) >= 5
    table_pages = [p for p in pages if "Người" in p]
    for page in table_pages:
        assert "Họ và tên" in page  # the header row on every page of the table
        assert "Tên tập thể" not in page  # a table of people says it holds names of people
    for n in range(200):
        hits = [i for i, page in enumerate(pages) if f"Người{n:03d}" in page]
        unit = [i for i, page in enumerate(pages) if re.search(rf"Đơn vị số {n}\b", page)]
        assert hits == unit and len(hits) == 1  # the whole row on one page
    assert "2" in pages[1].splitlines()[0]  # page number on top from page 2
    # The total and the signature never stand alone: the last rows come with them.
    assert "Người199" in pages[-1] and "Tổng: 0 tập thể, 200 cá nhân." in _flat(pages[-1])
    assert "T/M BAN DÂN VẬN" in pages[-1] and "Họ và tên" in pages[-1]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_the_file_passes_qpdf(store, tmp_path):
    path = build_commendation_list(store, _round(store, [HOSTILE], PEOPLE), tmp_path / "ds.pdf")
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_table_starts_on_page_1_and_sections_are_numbered_from_i(store, tmp_path):
    collectives = [f"Chi bộ thôn số {n}, xã Đông Cường" for n in range(30)]
    round_id = _round(store, collectives, PEOPLE)
    pages = [_flat(p) for p in _text(build_commendation_list(store, round_id, tmp_path / "ds.pdf"))]
    assert "I. TẬP THỂ" in pages[0] and "Tên tập thể" in pages[0]
    assert "Chi bộ thôn số 0," in pages[0] and "Chi bộ thôn số 1," in pages[0]
    assert "Họ và tên" in " ".join(pages) and "II. CÁ NHÂN" in " ".join(pages)
    for page in pages:  # a heading is never the last thing on a page
        assert not page.rstrip().endswith(("I. TẬP THỂ", "II. CÁ NHÂN"))
    only_people = _round(store, [], PEOPLE)
    text = _flat(" ".join(_text(build_commendation_list(store, only_people, tmp_path / "p.pdf"))))
    assert "I. CÁ NHÂN" in text and "II." not in text and "TẬP THỂ" not in text


def test_numbers_inside_names_sort_as_numbers_and_fields_are_spelled_out(store, tmp_path):
    round_id = _round(store, ["Chi bộ xóm số 115", "Chi bộ xóm số 2", "Chi bộ xóm số 21"], [])
    text = _flat(" ".join(_text(build_commendation_list(store, round_id, tmp_path / "ds.pdf"))))
    order = [text.index(f"Chi bộ xóm số {n} ") for n in (2, 21, 115)]
    assert order == sorted(order)
    assert "Kinh tế" in text and " KT " not in text


def test_an_unnumbered_list_leaves_room_for_the_number(store, tmp_path):
    round_id = _round(store, ["Chi bộ thôn Đầm"], [])
    path = build_commendation_list(store, round_id, tmp_path / "ds.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True).stdout if shutil.which("pdftotext") else ""
    if text:
        assert re.search(r"Số {4,}-DS/BDVHU", text)
    assert "-DS/BDVHU" in _flat(_text(path)[0])


def test_the_rule_under_the_party_line_is_as_long_as_that_line(store, tmp_path):
    from pypdf.generic import ContentStream
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from danvan_desktop.services.documents.fonts import register_fonts

    path = build_commendation_list(store, _round(store, ["Chi bộ thôn Đầm"], []), tmp_path / "ds.pdf")
    reader = PdfReader(str(path))
    lengths, start = [], None
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator == b"m":
            start = [float(v) for v in operands]
        elif operator == b"l" and start is not None and abs(float(operands[1]) - start[1]) < 0.01:
            lengths.append(abs(float(operands[0]) - start[0]))
    party = stringWidth("ĐẢNG CỘNG SẢN VIỆT NAM", register_fonts().bold, 15)
    assert any(abs(length - party) < 0.5 for length in lengths)
