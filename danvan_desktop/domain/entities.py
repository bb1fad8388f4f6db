"""The records of the domain as plain dataclasses (no Qt, no SQL).

Field names match the database columns so that the store can move them in and out
without a mapping layer. Money is whole đồng (int); measures may be fractional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Record:
    id: int | None = None
    uuid: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict) -> Record:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in row.items() if k in names})


@dataclass
class Area(Record):
    """A place in the tree tỉnh → huyện → xã → thôn. ``name`` is the full current name
    (``Xã Đông Cường``); earlier names are kept in the area's name history."""

    name: str = ""
    level: str = "xa"
    parent_id: int | None = None
    retired_on: str | None = None
    merged_into_id: int | None = None


@dataclass
class Organization(Record):
    name: str = ""
    kind: str = "khac"
    area_id: int | None = None


@dataclass
class Person(Record):
    full_name: str = ""
    position: str = ""
    organization_id: int | None = None
    area_id: int | None = None


@dataclass
class Initiative(Record):
    name: str = ""
    kind: str = "tap_the"
    field: str = "kinh_te"
    organization_id: int | None = None
    person_id: int | None = None
    owner_name: str = ""  # the organisation's or the person's name as shown in lists
    position: str = ""  # a person's position and unit
    commune_id: int | None = None
    village_id: int | None = None
    year: int = 0
    registered_on: str | None = None
    themed_year: str = ""
    status: str = "dang_ky"
    level: str | None = None
    recognized_on: str | None = None
    commended_on: str | None = None
    method: str = ""  # cách làm
    results: str = ""  # hiệu quả
    money_vnd: int | None = None
    jobs: int | None = None
    income_vnd: int | None = None
    households: int | None = None
    notes: str = ""
    notable: bool = False
    # The registration (phiếu đăng ký), every part optional: see REGISTRATION_TEXTS.
    situation: str = ""
    goals: str = ""
    content: str = ""
    scope: str = ""
    executors: str = ""
    budget_vnd: int | None = None
    materials_vnd: int | None = None
    workdays: float | None = None
    donations_vnd: int | None = None
    timeframe: str = ""
    expected_results: str = ""
    sustainability: str = ""


# The parts of a registration, in the order the form, the page and the template show them.
REGISTRATION_TEXTS = {
    "situation": "Sự cần thiết, lý do",
    "goals": "Mục tiêu",
    "content": "Nội dung, cách thức thực hiện",
    "scope": "Phạm vi, đối tượng hưởng lợi",
    "executors": "Lực lượng thực hiện",
    "timeframe": "Thời gian thực hiện",
    "expected_results": "Kết quả dự kiến",
    "sustainability": "Khả năng duy trì, nhân rộng",
}
REGISTRATION_NUMBERS = {  # resources: whole đồng, or days
    "budget_vnd": "Kinh phí (đồng)",
    "materials_vnd": "Vật tư quy ra tiền (đồng)",
    "workdays": "Ngày công",
    "donations_vnd": "Tài trợ, ủng hộ (đồng)",
}


@dataclass
class Campaign(Record):
    title: str = ""
    type: str = "duong"
    commune_id: int | None = None
    village_id: int | None = None
    status: str = "ke_hoach"
    started_on: str | None = None
    finished_on: str | None = None
    estimate_vnd: int | None = None
    length_m: float | None = None
    width_before_m: float | None = None
    width_after_m: float | None = None
    households_benefited: int | None = None
    households_poor: int | None = None
    households_near_poor: int | None = None
    households_asked: int | None = None
    households_agreed: int | None = None
    initiative_id: int | None = None
    notes: str = ""


@dataclass
class Contribution(Record):
    campaign_id: int | None = None
    on_date: str | None = None
    source: str = "nhan_dan"
    contributor: str = ""
    kind: str = "tien"
    amount_vnd: int | None = None  # tiền, vật tư (valued)
    quantity: float | None = None  # ngày công, m² đất
    note: str = ""


@dataclass
class CommendationRound(Record):
    number: str = ""
    decided_on: str | None = None
    issuer: str = ""
    form: str = "bieu_duong"
    level: str = "huyen"
    year: int = 0
    title: str = ""
    achievement_template: str = ""
    notes: str = ""


@dataclass
class Award(Record):
    round_id: int | None = None
    initiative_id: int | None = None
    kind: str = "tap_the"
    recipient_name: str = ""
    position_unit: str = ""
    field: str | None = None
    initiative_name: str = ""
    achievement: str = ""
    serial: str = ""
    note: str = ""
    score: float | None = None  # the average it was shortlisted with (criteria and scoring)


@dataclass
class OfficeProfile:
    """What the letterhead, the date line and the signature block print. Data the user
    edits, never constants: units are merged and renamed. A new data file starts with
    the words every Ban Dân vận shares and leaves its own names blank until Cài đặt."""

    parent_body_1: str = ""  # ĐẢNG BỘ TỈNH …
    parent_body_2: str = ""  # HUYỆN ỦY …
    issuing_body: str = "BAN DÂN VẬN"
    doc_code: str = ""  # BDVHU, BDVTU…
    place: str = ""  # the place on the date line
    district_name: str = ""  # Huyện …, as the report's text names it
    standing_body: str = ""  # BAN THƯỜNG VỤ HUYỆN ỦY … (issues the certificates)
    signer_authority: str = "T/M BAN DÂN VẬN"
    signer_title: str = "TRƯỞNG BAN"
    signer_name: str = ""
    # Certificates are issued by the standing committee and signed on its behalf.
    cert_signer_authority: str = "T/M BAN THƯỜNG VỤ"
    cert_signer_title: str = "PHÓ BÍ THƯ"
    cert_signer_name: str = ""
    recipients: list[str] = field(
        default_factory=lambda: ["Ban Dân vận Tỉnh ủy,", "Thường trực Huyện ủy,", "Lưu."]
    )

    @property
    def is_complete(self) -> bool:
        """The names a letterhead cannot do without have been given."""
        return all(x.strip() for x in (self.parent_body_1, self.issuing_body, self.doc_code, self.place))


def today_iso() -> str:
    return dt.date.today().isoformat()
