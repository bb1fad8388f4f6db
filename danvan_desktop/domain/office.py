"""Who the office is since the 2025 reform, and the defaults each kind of office starts
with. Every default is only a starting point: the user edits them in Cài đặt.

- ``tinh``: a province's Ban Tuyên giáo và Dân vận (Tỉnh ủy/Thành ủy), rolling up communes;
- ``xa``: a commune's Đảng ủy, whose Ban Xây dựng Đảng reports on "Dân vận khéo";
- ``mttq_xa``: a commune's Ủy ban MTTQ (State letterhead, Nghị định 30/2020/NĐ-CP);
- ``dac_khu``: a special zone's Ban Tuyên giáo và Dân vận;
- ``huyen``: a district Ban Dân vận, for the records districts kept until July 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entities import OfficeProfile
from .text import nfc
from .units import PROVINCE_TYPES, UNIT_LABELS, split_unit

PARTY, STATE = "dang", "nha_nuoc"  # which letterhead the office's documents carry


@dataclass(frozen=True)
class OfficeLevel:
    code: str
    label: str
    unit_kind: str  # "tinh": the unit chosen is a province; "xa": a commune; "dac_khu"
    letterhead: str
    hint: str


LEVELS = [
    OfficeLevel("tinh", "Ban Tuyên giáo và Dân vận Tỉnh ủy, Thành ủy", "tinh", PARTY,
                "Tổng hợp phong trào của các xã, phường, đặc khu trong tỉnh."),
    OfficeLevel("xa", "Đảng ủy xã, phường (Ban Xây dựng Đảng)", "xa", PARTY,
                "Theo dõi mô hình của thôn, tổ dân phố và đơn vị trong xã; báo cáo lên tỉnh."),
    OfficeLevel("mttq_xa", "Ủy ban MTTQ Việt Nam xã, phường", "xa", STATE,
                "Tiếp nhận đăng ký mô hình, đề xuất khen thưởng; văn bản theo thể thức Nhà nước."),
    OfficeLevel("dac_khu", "Ban Tuyên giáo và Dân vận Đảng ủy đặc khu", "dac_khu", PARTY,
                "Đặc khu có Ban Tuyên giáo và Dân vận riêng."),
    OfficeLevel("huyen", "Ban Dân vận Huyện ủy (hồ sơ trước 01/7/2025)", "tinh", PARTY,
                "Cấp huyện đã kết thúc hoạt động từ 01/7/2025; dùng để giữ và in hồ sơ cũ."),
]
LEVEL_CODES = tuple(level.code for level in LEVELS)

# The recognition level (vocab.LEVELS) an office's own decisions give. Since the 2025
# reform there are no districts: a commune's office (and a special zone, a commune-level
# unit) recognises at commune level, a province's at province level; "huyen" stays only
# for the records a former district keeps.
_RECOGNITION_LEVELS = {"tinh": "tinh", "xa": "xa", "mttq_xa": "xa", "dac_khu": "xa",
                       "huyen": "huyen"}


def recognition_level(code: str) -> str:
    """The level an office of level ``code`` recognises and commends at; an office not
    chosen yet: commune level, the commonest since the reform."""
    return _RECOGNITION_LEVELS.get(code, "xa")


def level(code: str) -> OfficeLevel:
    for item in LEVELS:
        if item.code == code:
            return item
    raise KeyError(code)


def _caps(text: str) -> str:
    return nfc(text).upper()


def _province_words(province: str) -> tuple[str, str, str]:
    """(``TỈNH ỦY``/``THÀNH ỦY``, ``TỈNH``/``THÀNH PHỐ``, bare name) of an official name."""
    kind, bare = split_unit(province)
    if kind not in PROVINCE_TYPES:
        kind = "tinh"
    return ("THÀNH ỦY" if kind == "thanh_pho" else "TỈNH ỦY",
            "THÀNH PHỐ" if kind == "thanh_pho" else "TỈNH", bare)


def defaults(code: str, province: str, unit: str = "", district: str = "") -> OfficeProfile:
    """The profile an office of level ``code`` starts with. ``province`` and ``unit`` are
    official names (``Tỉnh Hưng Yên``, ``Xã Đông Hưng``); ``district`` names the old district
    for ``huyen`` (``Đông Hưng``)."""
    committee, province_kind, province_bare = _province_words(province)
    unit_kind, unit_bare = split_unit(unit)
    unit_caps = _caps(unit)
    unit_words = f"{UNIT_LABELS.get(unit_kind, '').lower()} {unit_bare}".strip()  # xã Đông Hưng
    base = dict(office_level=code, letterhead=level(code).letterhead)
    if code == "tinh":
        return OfficeProfile(
            **base, parent_body_1=_caps(f"{committee} {province_bare}"), parent_body_2="",
            issuing_body="BAN TUYÊN GIÁO VÀ DÂN VẬN", doc_code="BTGDVTU", place=province_bare,
            district_name=nfc(province), standing_body=_caps(f"BAN THƯỜNG VỤ {committee} {province_bare}"),
            signer_authority="T/M BAN TUYÊN GIÁO VÀ DÂN VẬN", signer_title="TRƯỞNG BAN",
            cert_signer_authority="T/M BAN THƯỜNG VỤ", cert_signer_title="PHÓ BÍ THƯ",
            recipients=["Ban Tuyên giáo và Dân vận Trung ương,",
                        f"Thường trực {committee.capitalize()},", "Lưu."])
    if code in ("xa", "dac_khu"):
        committee_unit = _caps(f"ĐẢNG ỦY {unit_caps}")
        zone = code == "dac_khu" or unit_kind == "dac_khu"
        body = "BAN TUYÊN GIÁO VÀ DÂN VẬN" if zone else "BAN XÂY DỰNG ĐẢNG"
        return OfficeProfile(
            **base, parent_body_1=_caps(f"ĐẢNG BỘ {province_kind} {province_bare}"),
            parent_body_2=committee_unit, issuing_body=body,
            doc_code="BTGDV" if zone else "BXDĐ", place=unit_bare, district_name=nfc(unit),
            standing_body=f"BAN THƯỜNG VỤ {committee_unit}",
            signer_authority=f"T/M {body}", signer_title="TRƯỞNG BAN",
            cert_signer_authority="T/M BAN THƯỜNG VỤ", cert_signer_title="BÍ THƯ",
            recipients=[f"Ban Tuyên giáo và Dân vận {committee.capitalize()},",
                        f"Thường trực Đảng ủy {unit_words},", "Lưu."])
    if code == "mttq_xa":
        return OfficeProfile(
            **base, parent_body_1="ỦY BAN MTTQ VIỆT NAM", parent_body_2=unit_caps,
            issuing_body="BAN THƯỜNG TRỰC", doc_code="MTTQ", place=unit_bare,
            district_name=nfc(unit),
            standing_body=f"ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM {unit_caps}",
            signer_authority="TM. BAN THƯỜNG TRỰC", signer_title="CHỦ TỊCH",
            cert_signer_authority="TM. BAN THƯỜNG TRỰC", cert_signer_title="CHỦ TỊCH",
            recipients=[f"Ban Thường trực Ủy ban MTTQ Việt Nam {province_kind.lower()} {province_bare},",
                        f"Đảng ủy {unit_words},", "Lưu: VT."])
    if code == "huyen":
        district = nfc(district) or "…"
        return OfficeProfile(
            **base, parent_body_1=_caps(f"ĐẢNG BỘ {province_kind} {province_bare}"),
            parent_body_2=_caps(f"HUYỆN ỦY {district}"), issuing_body="BAN DÂN VẬN",
            doc_code="BDVHU", place=district, district_name=f"Huyện {district}",
            standing_body=_caps(f"BAN THƯỜNG VỤ HUYỆN ỦY {district}"),
            signer_authority="T/M BAN DÂN VẬN", signer_title="TRƯỞNG BAN",
            cert_signer_authority="T/M BAN THƯỜNG VỤ", cert_signer_title="PHÓ BÍ THƯ",
            recipients=[f"Ban Dân vận {committee.capitalize()},", "Thường trực Huyện ủy,", "Lưu."])
    raise KeyError(code)
