"""Validation before writing: every problem found at once, each named in Vietnamese with
the field it belongs to, so a form can show it beside the field and the command line can
print it. Validators also normalise (NFC text, ISO dates) the record they are given."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import vocab
from .entities import (
    REGISTRATION_NUMBERS,
    REGISTRATION_TEXTS,
    Area,
    Campaign,
    CommendationRound,
    Contribution,
    Initiative,
    Organization,
)
from .lifecycle import check_lifecycle
from .text import nfc, parse_date

MIN_YEAR = 1990
MAX_YEAR = 2100
MAX_NAME = 500
MAX_TEXT = 20_000
# What an office can mean: any figure above is a typing slip (or a hostile file), and a
# bound keeps every stored number and every sum of them far inside SQLite's integers.
MAX_MONEY = 10**15  # đồng
MAX_COUNT = 10_000_000  # households, jobs
MAX_WORKDAYS = 10_000_000
MAX_LAND_M2 = 100_000_000
MAX_LENGTH_M = 1_000_000
MAX_WIDTH_M = 1_000
# A typing error in one of these is reported alone, not again as a contradiction.
_LIFECYCLE_FIELDS = {"status", "level", "registered_on", "recognized_on", "commended_on"}
# C0 control characters (and DEL) have no place in a record and break the exports;
# tab, line feed and carriage return are kept (long texts have lines).
_CONTROL = frozenset(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))


def _format_bound(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


CONTROL_REASON = "chứa ký tự điều khiển không in được ({}); hãy gõ lại hoặc xóa ký tự đó."


_CONTROL_SEARCH = re.compile("[" + "".join(sorted(_CONTROL)) + "]")


def control_character(text: str) -> str | None:
    """The first control character of ``text`` as the user can name it (U+0000), or None."""
    found = _CONTROL_SEARCH.search(text)  # in C: every text cell of an import is checked
    return None if found is None else f"U+{ord(found.group()):04X}"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(ValueError):
    """Raised with every problem of a record; nothing has been written."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]


class _Checker:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def text(self, field: str, value: str | None, label: str, required: bool = False,
             limit: int = MAX_NAME) -> str:
        if value is None or value == "":  # most of a form's texts: nothing to normalise
            if required:
                self.add(field, f"Chưa nhập {label}.")
            return ""
        text = nfc(value)
        bad = control_character(text)
        if required and not text:
            self.add(field, f"Chưa nhập {label}.")
        elif len(text) > limit:
            self.add(field, f"{label.capitalize()} quá dài (tối đa {limit} ký tự).")
        elif bad:
            self.add(field, f"{label.capitalize()} chứa ký tự điều khiển không in được ({bad}); "
                            "hãy gõ lại hoặc xóa ký tự đó.")
        return text

    def code(self, field: str, value: str | None, vocabulary: vocab.Vocabulary, label: str,
             required: bool = True) -> str | None:
        if value in (None, ""):
            if required:
                self.add(field, f"Chưa chọn {label}.")
            return None
        if value in vocabulary:
            return value
        matched = vocabulary.match(value)
        if matched is None:
            allowed = ", ".join(t.label for t in vocabulary)
            self.add(field, f"{label.capitalize()} “{value}” không hợp lệ; chọn một trong: {allowed}.")
        return matched

    def date(self, field: str, value: str | dt.date | None, label: str,
             required: bool = False) -> str | None:
        try:
            parsed = parse_date(value)
        except ValueError:
            self.add(field, f"{label.capitalize()} “{value}” không đúng dạng ngày/tháng/năm.")
            return None
        if parsed is None:
            if required:
                self.add(field, f"Chưa nhập {label}.")
            return None
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            self.add(field, f"{label.capitalize()} {parsed:%d/%m/%Y} nằm ngoài khoảng hợp lý.")
            return None
        return parsed.isoformat()

    def whole(self, field: str, value: object, label: str, minimum: int = 0,
              maximum: int = MAX_COUNT) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).replace(".", "").strip())
            except ValueError:
                self.add(field, f"{label.capitalize()} phải là số nguyên.")
                return None
        if value < minimum:
            self.add(field, f"{label.capitalize()} không được âm.")
            return None
        if value > maximum:
            self.add(field, f"{label.capitalize()} {_format_bound(value)} quá lớn "
                            f"(tối đa {_format_bound(maximum)}).")
            return None
        return value

    def money(self, field: str, value: object, label: str) -> int | None:
        return self.whole(field, value, label, maximum=MAX_MONEY)

    def measure(self, field: str, value: object, label: str,
                maximum: float = MAX_LAND_M2) -> float | None:
        if value in (None, ""):
            return None
        try:
            number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            self.add(field, f"{label.capitalize()} phải là một số.")
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.add(field, f"{label.capitalize()} phải là một số.")
            return None
        if number < 0:
            self.add(field, f"{label.capitalize()} không được âm.")
            return None
        if number > maximum:
            self.add(field, f"{label.capitalize()} {_format_bound(number)} quá lớn "
                            f"(tối đa {_format_bound(maximum)}).")
            return None
        return number

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def validate_initiative(item: Initiative) -> Initiative:
    c = _Checker()
    item.name = c.text("name", item.name, "tên mô hình, điển hình", required=True)
    item.kind = c.code("kind", item.kind, vocab.KINDS, "loại (tập thể / cá nhân)") or item.kind
    item.field = c.code("field", item.field, vocab.FIELDS, "lĩnh vực") or item.field
    item.status = c.code("status", item.status or "dang_ky", vocab.STATUSES, "trạng thái") or "dang_ky"
    item.level = c.code("level", item.level, vocab.LEVELS, "cấp công nhận", required=False)
    item.owner_name = c.text("owner_name", item.owner_name,
                             "chủ thể (đơn vị hoặc người thực hiện)", required=True)
    item.position = c.text("position", item.position, "chức vụ")
    item.themed_year = c.text("themed_year", item.themed_year, "năm chủ đề")
    for name, label in (("method", "cách làm"), ("results", "hiệu quả"), ("notes", "ghi chú")):
        setattr(item, name, c.text(name, getattr(item, name), label, limit=MAX_TEXT))
    if item.commune_id is None:
        c.add("commune_id", "Chưa chọn xã, phường, thị trấn.")
    item.registered_on = c.date("registered_on", item.registered_on, "ngày đăng ký")
    year = c.whole("year", item.year, "năm đăng ký", maximum=10**6)
    if item.registered_on and not year:
        year = int(item.registered_on[:4])
    if not year:
        c.add("year", "Chưa nhập năm đăng ký.")
    elif not MIN_YEAR <= year <= MAX_YEAR:
        c.add("year", f"Năm đăng ký {year} không hợp lệ (phải có 4 chữ số, từ {MIN_YEAR}).")
    elif item.registered_on and int(item.registered_on[:4]) != year:
        c.add("registered_on", "Ngày đăng ký không thuộc năm đăng ký.")
    item.year = year or 0
    item.recognized_on = c.date("recognized_on", item.recognized_on, "ngày công nhận")
    item.commended_on = c.date("commended_on", item.commended_on, "ngày khen thưởng")
    if not any(e.field in _LIFECYCLE_FIELDS for e in c.errors):
        for field, message in check_lifecycle(item.status, item.level, item.registered_on,
                                              item.recognized_on, item.commended_on):
            c.add(field, message)
    item.money_vnd = c.money("money_vnd", item.money_vnd, "số tiền")
    item.jobs = c.whole("jobs", item.jobs, "số việc làm")
    item.income_vnd = c.money("income_vnd", item.income_vnd, "thu nhập")
    item.households = c.whole("households", item.households, "số hộ hưởng lợi")
    item.notable = bool(item.notable)
    _registration(c, item)
    c.done()
    return item


def _registration(c: _Checker, item: Initiative) -> None:
    for name, label in REGISTRATION_TEXTS.items():
        setattr(item, name, c.text(name, getattr(item, name), label.lower(), limit=MAX_TEXT))
    for name, label in REGISTRATION_NUMBERS.items():
        if name == "workdays":
            item.workdays = c.measure(name, item.workdays, label.lower(), MAX_WORKDAYS)
        else:
            setattr(item, name, c.money(name, getattr(item, name), label.lower()))


def validate_campaign(item: Campaign) -> Campaign:
    c = _Checker()
    item.title = c.text("title", item.title, "tên cuộc vận động, công trình", required=True)
    item.type = c.code("type", item.type, vocab.CAMPAIGN_TYPES, "loại công trình") or item.type
    item.status = c.code("status", item.status or "ke_hoach", vocab.CAMPAIGN_STATUSES,
                         "tình trạng") or "ke_hoach"
    if item.commune_id is None:
        c.add("commune_id", "Chưa chọn xã, phường, thị trấn.")
    item.started_on = c.date("started_on", item.started_on, "ngày bắt đầu")
    item.finished_on = c.date("finished_on", item.finished_on, "ngày hoàn thành")
    if item.started_on and item.finished_on and item.finished_on < item.started_on:
        c.add("finished_on", "Ngày hoàn thành không được trước ngày bắt đầu.")
    if item.status == "hoan_thanh" and not item.finished_on:
        c.add("finished_on", "Công trình đã hoàn thành cần có ngày hoàn thành.")
    item.estimate_vnd = c.money("estimate_vnd", item.estimate_vnd, "dự toán")
    item.length_m = c.measure("length_m", item.length_m, "chiều dài", MAX_LENGTH_M)
    item.width_before_m = c.measure("width_before_m", item.width_before_m, "chiều rộng cũ", MAX_WIDTH_M)
    item.width_after_m = c.measure("width_after_m", item.width_after_m, "chiều rộng mới", MAX_WIDTH_M)
    for name, label in (
        ("households_benefited", "số hộ hưởng lợi"),
        ("households_poor", "số hộ nghèo"),
        ("households_near_poor", "số hộ cận nghèo"),
        ("households_asked", "số hộ được lấy ý kiến"),
        ("households_agreed", "số hộ đồng ý"),
    ):
        setattr(item, name, c.whole(name, getattr(item, name), label))
    if (item.households_asked is not None and item.households_agreed is not None
            and item.households_agreed > item.households_asked):
        c.add("households_agreed", "Số hộ đồng ý không được lớn hơn số hộ được lấy ý kiến.")
    item.notes = c.text("notes", item.notes, "ghi chú", limit=MAX_TEXT)
    c.done()
    return item


def validate_contribution(item: Contribution) -> Contribution:
    c = _Checker()
    if item.campaign_id is None:
        c.add("campaign_id", "Khoản đóng góp phải thuộc một cuộc vận động.")
    item.on_date = c.date("on_date", item.on_date, "ngày đóng góp", required=True)
    item.source = c.code("source", item.source, vocab.SOURCES, "nguồn đóng góp") or item.source
    item.kind = c.code("kind", item.kind, vocab.CONTRIBUTION_KINDS, "hình thức đóng góp") or item.kind
    item.contributor = c.text("contributor", item.contributor, "người, đơn vị đóng góp")
    item.note = c.text("note", item.note, "ghi chú", limit=MAX_TEXT)
    if item.kind in vocab.MONEY_KINDS:
        item.amount_vnd = c.money("amount_vnd", item.amount_vnd, "số tiền")
        item.quantity = None
        if not item.amount_vnd:
            c.add("amount_vnd", "Chưa nhập số tiền (đồng).")
    else:
        item.quantity = c.measure("quantity", item.quantity, "số lượng",
                                  MAX_WORKDAYS if item.kind == "ngay_cong" else MAX_LAND_M2)
        item.amount_vnd = None
        if not item.quantity:
            unit = "số ngày công" if item.kind == "ngay_cong" else "diện tích đất hiến (m²)"
            c.add("quantity", f"Chưa nhập {unit}.")
    c.done()
    return item


def validate_area(item: Area) -> Area:
    c = _Checker()
    item.name = c.text("name", item.name, "tên địa bàn", required=True)
    item.level = c.code("level", item.level, vocab.AREA_LEVELS, "cấp địa bàn") or item.level
    c.done()
    return item


def validate_organization(item: Organization) -> Organization:
    c = _Checker()
    item.name = c.text("name", item.name, "tên đơn vị", required=True)
    item.kind = c.code("kind", item.kind or "khac", vocab.ORG_KINDS, "loại đơn vị") or "khac"
    c.done()
    return item


def validate_round(item: CommendationRound) -> CommendationRound:
    c = _Checker()
    item.number = c.text("number", item.number, "số quyết định", required=True)
    item.decided_on = c.date("decided_on", item.decided_on, "ngày quyết định", required=True)
    item.issuer = c.text("issuer", item.issuer, "cơ quan ban hành", required=True)
    item.form = c.code("form", item.form, vocab.ROUND_FORMS, "hình thức khen thưởng") or item.form
    item.level = c.code("level", item.level, vocab.LEVELS, "cấp khen thưởng") or item.level
    year = c.whole("year", item.year, "năm", maximum=10**6)
    item.year = year or (int(item.decided_on[:4]) if item.decided_on else 0)
    item.title = c.text("title", item.title, "trích yếu")
    item.achievement_template = c.text("achievement_template", item.achievement_template,
                                       "mẫu thành tích", limit=MAX_TEXT)
    c.done()
    return item
