"""Certificates: one page per recipient, unique serials, prints recorded."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from danvan_desktop.domain.entities import Award, CommendationRound
from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
from danvan_desktop.services.documents.certificates import (
    build_alignment_page,
    build_certificates,
    load_offsets,
    save_offsets,
)
from danvan_desktop.store.profile import save_profile
from danvan_desktop.store.rounds import add_award, awards_of, printed_before, save_round

NAMES = ["Nguyễn Thị Huệ", 'Hội <Phụ nữ> & "Cựu chiến binh"', "Trần Văn Đạt", "Lê Thị Ngã",
         "Phạm Hỏi Sắc", "Chi bộ thôn Đầm"]


def _round(store) -> int:
    save_profile(store, replace(DONG_HUNG_PROFILE, cert_signer_name="Trần Văn Bí"))
    rnd = save_round(store, CommendationRound(
        number="125-QĐ/HU", decided_on="2023-12-15", issuer="Ban Thường vụ Huyện ủy Đông Hưng",
        form="giay_khen", year=2023,
        achievement_template='Đã có thành tích xuất sắc trong phong trào thi đua "Dân vận khéo" năm 2023'))
    for name in NAMES:
        add_award(store, Award(round_id=rnd.id, kind="ca_nhan", recipient_name=name,
                               position_unit="Xã Đông Cường",
                               achievement=rnd.achievement_template))
    return rnd.id


def test_one_page_per_recipient_with_unique_serials(store, tmp_path):
    round_id = _round(store)
    path, pages = build_certificates(store, round_id, tmp_path / "gk.pdf")
    reader = PdfReader(str(path))
    assert pages == len(reader.pages) == len(NAMES)
    texts = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    for name, text in zip(NAMES, texts, strict=True):
        assert name in text
        assert "GIẤY KHEN" in text and "BAN THƯỜNG VỤ HUYỆN ỦY ĐÔNG HƯNG" in text
        assert "Quyết định số 125-QĐ/HU, ngày 15/12/2023" in text
        assert "Đông Hưng, ngày 15 tháng 12 năm 2023" in text and "Trần Văn Bí" in text
    serials = [a.serial for a in awards_of(store, round_id)]
    assert all(serials) and len(set(serials)) == len(NAMES)
    for serial, text in zip(serials, texts, strict=True):
        assert f"Số sổ: {serial}" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape


def test_printing_again_is_recorded_as_a_reprint_with_the_same_serial(store, tmp_path):
    round_id = _round(store)
    build_certificates(store, round_id, tmp_path / "a.pdf")
    first = [a.serial for a in awards_of(store, round_id)]
    ids = [a.id for a in awards_of(store, round_id)]
    assert printed_before(store, ids) == dict.fromkeys(ids, 1)
    build_certificates(store, round_id, tmp_path / "b.pdf", award_ids=ids[:2])
    assert [a.serial for a in awards_of(store, round_id)] == first
    assert printed_before(store, ids)[ids[0]] == 2
    reprints = store.query("SELECT award_id FROM certificate_prints WHERE reprint = 1")
    assert [r["award_id"] for r in reprints] == ids[:2]


def test_blank_form_prints_only_the_variable_text_at_saved_offsets(store, tmp_path):
    round_id = _round(store)
    save_offsets(store, {"name": (4.5, -2.0)})
    assert load_offsets(store) == {"name": (4.5, -2.0)}
    path, _ = build_certificates(store, round_id, tmp_path / "phoi.pdf", blank_form=True)
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "Nguyễn Thị Huệ" in text
    assert "GIẤY KHEN" not in text and "Tặng" not in text  # printed on the form already
    test_page = build_alignment_page(store, tmp_path / "thu.pdf")
    assert len(PdfReader(str(test_page)).pages) == 1


def test_a_cancelled_batch_leaves_no_file_and_records_nothing(store, tmp_path):
    round_id = _round(store)

    def cancel(done, total, text):
        raise KeyboardInterrupt

    target = tmp_path / "gk.pdf"
    with pytest.raises(KeyboardInterrupt):
        build_certificates(store, round_id, target, progress=cancel)
    assert not target.exists() and not list(tmp_path.glob("*.dang-in"))
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 0
