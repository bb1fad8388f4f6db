"""Vocabularies match what offices type; validation names every problem in Vietnamese."""

from __future__ import annotations

import pytest

from danvan_desktop.domain import vocab
from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.domain.validation import (
    ValidationError,
    validate_campaign,
    validate_contribution,
    validate_initiative,
)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("KT", "kinh_te"), ("Kinh tế", "kinh_te"), ("VH-XH", "van_hoa_xa_hoi"),
     ("VHXH", "van_hoa_xa_hoi"), ("Văn hoá - xã hội", "van_hoa_xa_hoi"),
     ("Văn hóa – xã hội", "van_hoa_xa_hoi"), ("QP-AN", "quoc_phong_an_ninh"),
     ("Quốc phòng, an ninh", "quoc_phong_an_ninh"), ("QPAN", "quoc_phong_an_ninh"),
     ("XDĐ", "xay_dung_dang"), ("XD Đảng", "xay_dung_dang"), ("XDHTCT", "xay_dung_dang"),
     ("Xây dựng Đảng và hệ thống chính trị", "xay_dung_dang")],
)
def test_fields_as_offices_abbreviate_them(typed, code):
    assert vocab.FIELDS.match(typed) == code


def test_codes_of_the_cli_contract():
    assert vocab.FIELDS.codes == ["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh",
                                  "xay_dung_dang"]
    assert vocab.KINDS.codes == ["tap_the", "ca_nhan"]
    assert vocab.STATUSES.codes == ["dang_ky", "dang_thuc_hien", "cong_nhan", "khen_thuong",
                                    "nhan_rong", "khong_dat", "dung"]
    assert vocab.CAMPAIGN_TYPES.codes == ["duong", "nha", "chieu_sang", "camera",
                                          "moi_truong", "khac"]
    assert vocab.SOURCES.codes == ["nhan_dan", "con_em_xa_que", "nha_hao_tam", "ngan_sach",
                                   "to_chuc"]
    assert vocab.LEVELS.match("Toàn quốc") == "toan_quoc"
    assert vocab.KINDS.match("cá nhân") == "ca_nhan"
    assert vocab.STATUSES.match("Được công nhận") == "cong_nhan"


def test_every_label_is_vietnamese_with_diacritics():
    labels = [t.label for v in (vocab.FIELDS, vocab.KINDS, vocab.STATUSES, vocab.LEVELS)
              for t in v]
    assert "Văn hóa – xã hội" in labels and "Được công nhận" in labels
    assert vocab.FIELDS.label("xay_dung_dang") == "Xây dựng Đảng và hệ thống chính trị"


def _initiative(**changes) -> Initiative:
    base = dict(name="Tuyến phố văn minh", kind="tap_the", field="van_hoa_xa_hoi",
                owner_name="Tổ Dân vận khối Kim Tân", commune_id=1, year=2020,
                registered_on="20/02/2020")
    base.update(changes)
    return Initiative(**base)


def test_a_good_initiative_is_normalised():
    item = validate_initiative(_initiative(field="VH-XH", name="  Tuyến  phố văn minh "))
    assert item.field == "van_hoa_xa_hoi"
    assert item.name == "Tuyến phố văn minh"
    assert item.registered_on == "2020-02-20"


def test_year_comes_from_the_date_when_missing():
    assert validate_initiative(_initiative(year=0, registered_on="07/03/2023")).year == 2023


def test_every_problem_is_reported_with_its_field():
    with pytest.raises(ValidationError) as caught:
        validate_initiative(_initiative(name=" ", field="Thể thao", owner_name="",
                                        commune_id=None, year=20, registered_on="31/02/2020"))
    errors = {e.field: e.message for e in caught.value.errors}
    assert errors["name"] == "Chưa nhập tên mô hình, điển hình."
    assert "Thể thao" in errors["field"] and "Kinh tế" in errors["field"]
    assert errors["owner_name"].startswith("Chưa nhập chủ thể")
    assert errors["commune_id"] == "Chưa chọn xã, phường, thị trấn."
    assert "năm đăng ký" in errors["year"].lower()
    assert "ngày/tháng/năm" in errors["registered_on"]


def test_date_outside_the_registration_year_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_initiative(_initiative(year=2021, registered_on="20/02/2020"))
    assert caught.value.for_field("registered_on") == ["Ngày đăng ký không thuộc năm đăng ký."]


def test_recognition_before_registration_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_initiative(_initiative(recognized_on="01/01/2020"))
    assert caught.value.for_field("recognized_on")


def test_negative_numbers_are_refused():
    with pytest.raises(ValidationError) as caught:
        validate_initiative(_initiative(jobs=-3, money_vnd="abc"))
    assert caught.value.for_field("jobs") == ["Số việc làm không được âm."]
    assert caught.value.for_field("money_vnd") == ["Số tiền phải là số nguyên."]


def test_campaign_rules():
    good = validate_campaign(Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="Đường",
                                      commune_id=1, length_m="450", width_before_m="3,5",
                                      width_after_m=9, estimate_vnd=1_200_000_000))
    assert (good.type, good.length_m, good.width_before_m) == ("duong", 450.0, 3.5)
    with pytest.raises(ValidationError) as caught:
        validate_campaign(Campaign(title="", commune_id=1, status="hoan_thanh",
                                   households_asked=10, households_agreed=12))
    assert caught.value.for_field("title")
    assert caught.value.for_field("finished_on") == [
        "Công trình đã hoàn thành cần có ngày hoàn thành."]
    assert caught.value.for_field("households_agreed")


def test_contribution_needs_the_amount_of_its_kind():
    money = validate_contribution(Contribution(campaign_id=1, on_date="10/02/2023",
                                               kind="Tiền", amount_vnd=100_000, quantity=5))
    assert (money.kind, money.amount_vnd, money.quantity) == ("tien", 100_000, None)
    with pytest.raises(ValidationError) as caught:
        validate_contribution(Contribution(campaign_id=1, on_date="", kind="ngay_cong"))
    assert caught.value.for_field("on_date") == ["Chưa nhập ngày đóng góp."]
    assert caught.value.for_field("quantity") == ["Chưa nhập số ngày công."]
