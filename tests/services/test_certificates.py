"""Certificates: one page per recipient in the list's order, serials from the register
(never given twice), prints recorded, A4 and A3, long text wrapped or reported."""

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
    overflows,
    save_image,
    save_offsets,
)
from danvan_desktop.services.documents.commendation_list import in_list_order
from danvan_desktop.store.profile import save_profile, set_setting
from danvan_desktop.store.rounds import (
    add_award,
    awards_of,
    delete_awards,
    print_history,
    printed_before,
    save_round,
)

NAMES = ["Nguyễn Thị Huệ", 'Hội <Phụ nữ> & "Cựu chiến binh"', "Trần Văn Đạt", "Lê Thị Ngã",
         "Phạm Hỏi Sắc", "Chi bộ thôn Đầm"]


def _round(store, form: str = "giay_khen", number: str = "125-QĐ/HU") -> int:
    save_profile(store, replace(DONG_HUNG_PROFILE, cert_signer_name="Trần Văn Bí"))
    rnd = save_round(store, CommendationRound(
        number=number, decided_on="2023-12-15", issuer="Ban Thường vụ Huyện ủy Đông Hưng",
        form=form, year=2023,
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
    in_order = [a.recipient_name for a in in_list_order(awards_of(store, round_id))]
    assert in_order != NAMES  # entry order differs: the pages follow the list
    for name, text in zip(in_order, texts, strict=True):
        assert name in text
        assert "GIẤY KHEN" in text and "BAN THƯỜNG VỤ HUYỆN ỦY ĐÔNG HƯNG" in text
        assert "Quyết định số 125-QĐ/HU, ngày 15/12/2023" in text
        assert "Đông Hưng, ngày 15 tháng 12 năm 2023" in text and "Trần Văn Bí" in text
    serials = [a.serial for a in in_list_order(awards_of(store, round_id))]
    assert serials == [f"{n:03d}/125-QĐ/HU" for n in range(1, len(NAMES) + 1)]
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
    assert sorted(r["award_id"] for r in reprints) == sorted(ids[:2])
    history = print_history(store, ids[0])
    assert [h["reprint"] for h in history] == [0, 1]
    assert {h["serial"] for h in history} == {first[0]}


def _serials_in(path) -> dict[str, str]:
    """Name → the serial printed on its page."""
    found = {}
    for page in PdfReader(str(path)).pages:
        text = re.sub(r"\s+", " ", page.extract_text())
        serial = re.search(r"Số sổ: (\S+)", text).group(1)
        found[next(n for n in [*NAMES, "Đinh Văn Mới", "Hoàng Thị Sau"] if n in text)] = serial
    return found


@pytest.mark.parametrize("book", ["round", "office"])
def test_a_printed_serial_is_never_given_to_anyone_else(store, tmp_path, book):
    """Print, remove a recipient, add two, print again: every number stays with its
    first holder, the removed one's number is given to nobody."""
    set_setting(store, "serial_book", book)
    round_id = _round(store)
    first = _serials_in(build_certificates(store, round_id, tmp_path / "1.pdf")[0])
    assert len(set(first.values())) == len(NAMES)
    gone = next(a for a in awards_of(store, round_id) if a.recipient_name == "Trần Văn Đạt")
    delete_awards(store, [gone.id])
    for name in ("Đinh Văn Mới", "Hoàng Thị Sau"):
        add_award(store, Award(round_id=round_id, kind="ca_nhan", recipient_name=name,
                               achievement="Gương mẫu"))
    second = _serials_in(build_certificates(store, round_id, tmp_path / "2.pdf")[0])
    for name, serial in second.items():
        if name in first:
            assert serial == first[name]  # a reprint keeps its number
    new = {second["Đinh Văn Mới"], second["Hoàng Thị Sau"]}
    assert not new & set(first.values())  # not the removed one's, nor anyone's
    assert len(set(second.values())) == len(second)
    numbers = sorted(int(s.split("/")[0]) for s in new)
    assert numbers == [len(NAMES) + 1, len(NAMES) + 2]
    register = store.query("SELECT award_id, serial FROM certificate_serials")
    assert len(register) == len(NAMES) + 2  # the removed one's line stays in the book
    assert any(r["award_id"] == gone.id and r["serial"] == first["Trần Văn Đạt"] for r in register)


def test_the_office_book_runs_on_from_round_to_round(store, tmp_path):
    set_setting(store, "serial_book", "office")
    one = _round(store)
    two = _round(store, number="130-QĐ/HU")
    build_certificates(store, one, tmp_path / "1.pdf")
    build_certificates(store, two, tmp_path / "2.pdf")
    serials = [a.serial for r in (one, two) for a in in_list_order(awards_of(store, r))]
    assert serials == [f"{n:04d}" for n in range(1, 2 * len(NAMES) + 1)]


def test_the_title_follows_the_rounds_form(store, tmp_path):
    round_id = _round(store, form="bieu_duong")
    text = PdfReader(str(build_certificates(store, round_id, tmp_path / "c.pdf", record=False)[0])
                     ).pages[0].extract_text()
    assert "GIẤY CHỨNG NHẬN" in text and "GIẤY KHEN" not in text and "Chứng nhận" in text
    set_setting(store, f"certificate_title_{round_id}", "BIỂU DƯƠNG")
    text = PdfReader(str(build_certificates(store, round_id, tmp_path / "d.pdf", record=False)[0])
                     ).pages[0].extract_text()
    assert "BIỂU DƯƠNG" in text


@pytest.mark.parametrize(("paper", "size_mm"), [("A4", (297, 210)), ("A3", (420, 297))])
def test_full_and_blank_form_on_a4_and_a3_landscape(store, tmp_path, paper, size_mm):
    round_id = _round(store)
    for blank in (False, True):
        path, pages = build_certificates(store, round_id, tmp_path / f"{paper}{blank}.pdf",
                                         blank_form=blank, paper=paper, record=False)
        box = PdfReader(str(path)).pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == size_mm
        assert pages == len(NAMES)


def _sizes_of(path, text: str) -> list[float]:
    """The font sizes the words of ``text`` are drawn with on page 1."""
    sizes = []

    def visit(drawn, cm, tm, font, size):
        if any(word in drawn for word in text.split()):
            sizes.append(size * tm[0])

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return sizes


def _segments(path) -> list[tuple[float, float, float, float]]:
    """Every straight segment (moveto, lineto) drawn on page 1, in points."""
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    page = reader.pages[0]
    found, start = [], None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"m":
            start = tuple(float(v) for v in operands)
        elif operator == b"l" and start is not None:
            end = tuple(float(v) for v in operands)
            found.append((*start, *end))
    return found


def test_a_long_name_wraps_at_a_readable_size_and_too_long_text_is_reported(store, tmp_path):
    round_id = _round(store)
    long_name = ("Ban công tác Mặt trận khu dân cư số 115 thôn Lạc Đạo, xã Đông Hoàng, "
                 "huyện Đông Hưng, tỉnh Thái Bình")
    award = add_award(store, Award(round_id=round_id, kind="tap_the", recipient_name=long_name,
                                   achievement="Gương mẫu"))
    assert overflows(store, round_id) == []  # wrapped over two lines, it fits
    path, _ = build_certificates(store, round_id, tmp_path / "c.pdf", award_ids=[award], record=False)
    sizes = _sizes_of(path, "Lạc Đạo, Hoàng,")
    assert sizes and min(sizes) >= 20  # wrapped, not shrunk to 8–10 pt
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "tỉnh Thái Bình" in text and "Ban công tác Mặt trận" in text
    huge = "Đã có thành tích xuất sắc trong phong trào thi đua " * 12
    other = add_award(store, Award(round_id=round_id, kind="ca_nhan", recipient_name="Ngô Văn Dài",
                                   achievement=huge))
    found = overflows(store, round_id)
    assert [(o.award_id, o.line) for o in found] == [(other, "Thành tích")]
    assert "Ngô Văn Dài" in str(found[0])
    path, _ = build_certificates(store, round_id, tmp_path / "d.pdf", award_ids=[other], record=False)
    assert re.sub(r"\s+", " ", PdfReader(str(path)).pages[0].extract_text()).count(
        "Đã có thành tích xuất sắc") == 12  # drawn whole, never cut


def test_blank_form_prints_only_the_variable_text_at_saved_offsets(store, tmp_path):
    round_id = _round(store)
    save_offsets(store, {"name": (4.5, -2.0)})
    assert load_offsets(store) == {"name": (4.5, -2.0)}
    path, _ = build_certificates(store, round_id, tmp_path / "phoi.pdf", blank_form=True)
    text = PdfReader(str(path)).pages[0].extract_text()
    assert in_list_order(awards_of(store, round_id))[0].recipient_name in text
    assert "GIẤY KHEN" not in text and "Tặng" not in text  # printed on the form already
    save_offsets(store, {"name": (1.0, 1.0)}, "A3")
    assert load_offsets(store, "A3") == {"name": (1.0, 1.0)}
    assert load_offsets(store) == {"name": (4.5, -2.0)}  # each paper keeps its own


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_alignment_page_has_numbered_rulers_and_a_cross_at_each_line(store, tmp_path, paper):
    from danvan_desktop.services.documents.certificate_layout import LINES, anchor

    _round(store)
    save_offsets(store, {"name": (10.0, 5.0)}, paper)
    path = build_alignment_page(store, tmp_path / "thu.pdf", paper=paper)
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    words = reader.pages[0].extract_text().split()
    width_mm, height_mm = (297, 210) if paper == "A4" else (420, 297)
    for number in range(10, width_mm - 5, 10):  # the top ruler, numbered every centimetre
        assert str(number) in words
    assert "Tên người, tập thể (" in reader.pages[0].extract_text()
    segments = _segments(path)
    blank_lines = [name for name, spec in LINES.items() if not spec.on_form]
    for name in blank_lines:  # a cross: a short horizontal and vertical stroke at the anchor
        x, y = anchor(name, paper, (10.0, 5.0) if name == "name" else (0.0, 0.0))
        assert any(abs((x0 + x1) / 2 - x) < 0.5 and abs(y0 - y) < 0.5 and y0 == y1 and x1 - x0 > 5
                   for x0, y0, x1, y1 in segments), name
        assert any(abs(x0 - x) < 0.5 and x0 == x1 and abs((y0 + y1) / 2 - y) < 0.5
                   for x0, y0, x1, y1 in segments), name
    # The name's cross is where the offset puts it: 10 mm right of the centre, 5 mm lower.
    scale = width_mm / 297
    x, y = anchor("name", paper, (10.0, 5.0))
    assert abs(x / 72 * 25.4 - (width_mm / 2 + 10)) < 0.01
    assert abs((height_mm - y / 72 * 25.4) - (72 * scale + 5)) < 0.01


def test_an_office_image_prints_on_full_certificates_only(store, tmp_path):
    from PIL import Image

    round_id = _round(store)
    picture = tmp_path / "quoc-huy.png"
    Image.new("RGB", (60, 60), "red").save(picture)
    save_image(store, picture, "emblem")
    full, _ = build_certificates(store, round_id, tmp_path / "f.pdf", record=False)
    blank, _ = build_certificates(store, round_id, tmp_path / "b.pdf", record=False, blank_form=True)
    assert PdfReader(str(full)).pages[0].images
    assert not PdfReader(str(blank)).pages[0].images
    not_a_picture = tmp_path / "x.png"
    not_a_picture.write_text("không phải ảnh")
    with pytest.raises(ValueError, match="không phải ảnh"):
        save_image(store, not_a_picture)


def test_a_cancelled_batch_leaves_no_file_and_records_nothing(store, tmp_path):
    round_id = _round(store)

    def cancel(done, total, text):
        raise KeyboardInterrupt

    target = tmp_path / "gk.pdf"
    with pytest.raises(KeyboardInterrupt):
        build_certificates(store, round_id, target, progress=cancel)
    assert not target.exists() and not list(tmp_path.glob("*.dang-in"))
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 0
