"""Criteria sets (bộ tiêu chí đánh giá), evaluators' score sheets, averages, rankings and
the shortlist: plain data and rules, no SQL and no Qt.

An office writes its own set each year (often one for collectives, one for individuals):
criteria in groups, each with a wording and its maximum points, and thresholds such as
“Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50” read against an initiative's average total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import fold, format_number, nfc
from .validation import MAX_NAME, MAX_TEXT, FieldError, ValidationError

MAX_CRITERIA = 200  # a set longer than this is a mistake (a pasted sheet), not a set
MAX_POINTS = 1000.0
KIND_LABELS = {"": "Chung (tập thể và cá nhân)", "tap_the": "Tập thể", "ca_nhan": "Cá nhân"}


@dataclass
class Criterion:
    wording: str = ""
    max_points: float = 0.0
    group: str = ""
    code: str = ""  # “1.1”, as the office numbers it
    id: int | None = None


@dataclass
class Threshold:
    label: str
    minimum: float


@dataclass
class CriteriaSet:
    year: int = 0
    kind: str = ""  # '' both kinds, or tap_the / ca_nhan
    title: str = ""
    criteria: list[Criterion] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    version: int = 1
    id: int | None = None

    @property
    def total_points(self) -> float:
        return sum(c.max_points for c in self.criteria)

    def same_content(self, other: CriteriaSet) -> bool:
        """Nothing a score depends on or a document prints differs."""

        def key(s: CriteriaSet) -> tuple:
            return (
                s.title,
                tuple((c.group, c.code, c.wording, float(c.max_points)) for c in s.criteria),
                tuple((t.label, float(t.minimum)) for t in s.thresholds),
            )

        return key(self) == key(other)


def points_text(value: float | None) -> str:
    """Points as offices write them: 7, 7,5, 87,25."""
    if value is None:
        return ""
    return format_number(round(float(value), 2), 2)


def parse_points(value: object) -> float | None:
    """A typed or read number of points (7 / 7,5 / 7.5); None when blank; ValueError when
    it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if not re.fullmatch(r"\d+([.,]\d+)?", text):
            raise ValueError(value)
        number = float(text.replace(",", "."))
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return number


_THRESHOLD = re.compile(r"^\s*(.+?)\s*(?:≥|>=|=>|:|từ)\s*(\d+(?:[.,]\d+)?)\s*(?:điểm)?\s*$")


def parse_thresholds(text: str) -> list[Threshold]:
    """“Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50” (also >= or a colon; ; or new lines between),
    highest first. ValueError with a Vietnamese message on a part it cannot read."""
    result = []
    for part in re.split(r"[;\n]|,(?!\d)", nfc(text)):
        if not part.strip():
            continue
        match = _THRESHOLD.match(part)
        if not match:
            raise ValueError(f"Không đọc được mức xếp loại “{part.strip()}” (ghi dạng “Xuất sắc ≥ 90”).")
        result.append(Threshold(match.group(1), float(match.group(2).replace(",", "."))))
    labels = [fold(t.label) for t in result]
    if len(set(labels)) != len(labels):
        raise ValueError("Có mức xếp loại bị ghi hai lần.")
    return sorted(result, key=lambda t: -t.minimum)


def thresholds_text(thresholds: list[Threshold]) -> str:
    return ", ".join(f"{t.label} ≥ {points_text(t.minimum)}" for t in thresholds)


def grade(total: float | None, thresholds: list[Threshold]) -> str:
    """The label of the highest threshold reached; '' when none is (or nothing scored)."""
    if total is None:
        return ""
    for threshold in sorted(thresholds, key=lambda t: -t.minimum):
        if total + 1e-9 >= threshold.minimum:
            return threshold.label
    return ""


def validate_set(item: CriteriaSet) -> CriteriaSet:
    """Check and normalise a set; every problem at once, criteria named by their line."""
    errors: list[FieldError] = []
    item.title = nfc(item.title)
    if len(item.title) > MAX_NAME:
        errors.append(FieldError("title", f"Tên bộ tiêu chí quá dài (tối đa {MAX_NAME} ký tự)."))
    if item.kind not in KIND_LABELS:
        errors.append(FieldError("kind", "Loại bộ tiêu chí phải là chung, tập thể hoặc cá nhân."))
    if not 1990 <= int(item.year or 0) <= 2100:
        errors.append(FieldError("year", f"Năm “{item.year}” không hợp lệ."))
    if not item.criteria:
        errors.append(FieldError("criteria", "Bộ tiêu chí chưa có tiêu chí nào."))
    if len(item.criteria) > MAX_CRITERIA:
        errors.append(FieldError("criteria", f"Bộ tiêu chí quá dài (tối đa {MAX_CRITERIA} tiêu chí)."))
    for number, criterion in enumerate(item.criteria, 1):
        criterion.wording = nfc(criterion.wording)
        criterion.group, criterion.code = nfc(criterion.group), nfc(criterion.code)
        where = f"Tiêu chí thứ {number}"
        if not criterion.wording:
            errors.append(FieldError("criteria", f"{where}: chưa ghi nội dung."))
        elif len(criterion.wording) > MAX_TEXT or len(criterion.group) > MAX_NAME:
            errors.append(FieldError("criteria", f"{where}: nội dung quá dài."))
        if not criterion.max_points or not 0 < criterion.max_points <= MAX_POINTS:
            errors.append(
                FieldError(
                    "criteria", f"{where}: điểm tối đa phải lớn hơn 0 và không quá {points_text(MAX_POINTS)}."
                )
            )
    if item.criteria and any(t.minimum > item.total_points for t in item.thresholds):
        errors.append(
            FieldError(
                "thresholds", f"Mức xếp loại vượt tổng điểm tối đa ({points_text(item.total_points)})."
            )
        )
    if errors:
        raise ValidationError(errors)
    return item


# --- Scores ---------------------------------------------------------------------------------


@dataclass
class ScoreSheet:
    """One evaluator's points for one initiative against one set (criterion id → points)."""

    initiative_id: int
    evaluator_id: int
    points: dict[int, float] = field(default_factory=dict)
    remark: str = ""
    scored_on: str | None = None
    id: int | None = None

    @property
    def total(self) -> float:
        return sum(self.points.values())


def check_points(criterion: Criterion, value: float | None) -> str:
    """Why these points cannot stand for this criterion ('' when they can)."""
    if value is None:
        return ""
    if value < 0:
        return "Điểm không được âm."
    if value > criterion.max_points + 1e-9:
        return f"Điểm {points_text(value)} vượt điểm tối đa {points_text(criterion.max_points)}."
    if round(value * 100) != value * 100 and abs(round(value * 100) - value * 100) > 1e-6:
        return "Điểm chỉ ghi tối đa hai chữ số thập phân."
    return ""


@dataclass
class Ranked:
    """An initiative's place: its average over the evaluators who scored it in full."""

    initiative_id: int
    field: str
    kind: str
    average: float | None
    sheets: int  # complete sheets counted
    grade: str = ""
    rank: int | None = None  # within its field and kind
    missing: list[str] = field(default_factory=list)  # what keeps the score from being whole


def average(sheets: list[ScoreSheet], criteria: list[Criterion]) -> tuple[float | None, int]:
    """The mean total of the complete sheets (every criterion scored), and how many."""
    ids = {c.id for c in criteria}
    complete = [s for s in sheets if ids <= set(s.points)]
    if not complete:
        return None, 0
    return round(sum(s.total for s in complete) / len(complete), 2), len(complete)


def missing(sheets: list[ScoreSheet], criteria: list[Criterion], evaluators: dict[int, str]) -> list[str]:
    """What is missing for one initiative, in words: evaluators without a sheet, and the
    criteria a sheet left blank."""
    notes = []
    by_evaluator = {s.evaluator_id: s for s in sheets}
    absent = [name for eid, name in evaluators.items() if eid not in by_evaluator]
    if absent:
        notes.append("Chưa chấm: " + ", ".join(absent))
    for sheet in sheets:
        blank = [c.code or str(n) for n, c in enumerate(criteria, 1) if c.id not in sheet.points]
        if blank:
            who = evaluators.get(sheet.evaluator_id, "người chấm")
            notes.append(f"{who} chưa chấm tiêu chí " + ", ".join(blank))
    return notes


def rank(items: list[Ranked]) -> list[Ranked]:
    """Order by field, kind, then average (highest first); equal averages share a rank;
    unscored initiatives come last in their group without a rank."""
    order = {"kinh_te": 0, "van_hoa_xa_hoi": 1, "quoc_phong_an_ninh": 2, "xay_dung_dang": 3}
    groups: dict[tuple[int, bool], list[Ranked]] = {}
    for item in items:
        groups.setdefault((order.get(item.field, 9), item.kind != "tap_the"), []).append(item)
    # Each group sorted on its own (the same order as one sort on the whole key): a sort's
    # comparisons keep Python's lock, and one sort of a year's 100k initiatives held the
    # window's thread ~40 ms while the ranking was read beside it.
    items = []
    for key in sorted(groups):
        items += sorted(groups[key], key=lambda r: (r.average is None, -(r.average or 0), r.initiative_id))
    group, seen, last, place = None, 0, None, 0
    for item in items:
        if (item.field, item.kind) != group:
            group, seen, last, place = (item.field, item.kind), 0, None, 0
        seen += 1
        if item.average is None:
            continue
        if item.average != last:
            place, last = seen, item.average
        item.rank = place
    return items


# --- Shortlist ------------------------------------------------------------------------------

PROPOSALS = {"cong_nhan": "Công nhận", "khen_thuong": "Biểu dương, khen thưởng"}


@dataclass
class Cutoff:
    """Who is proposed: by points (average at least) or by number per field and kind (the
    best N). Both may be given: then both must hold."""

    min_points: float | None = None
    top: int | None = None

    def admits(self, item: Ranked) -> bool:
        if item.average is None or (self.min_points is None and self.top is None):
            return False
        if self.min_points is not None and item.average + 1e-9 < self.min_points:
            return False
        return self.top is None or (item.rank is not None and item.rank <= self.top)


def shortlist(ranked: list[Ranked], recognise: Cutoff, commend: Cutoff) -> dict[int, str]:
    """initiative id → proposal: commendation for those the commendation cut-off admits,
    recognition for the others the recognition cut-off admits."""
    proposals = {}
    for item in ranked:
        if commend.admits(item):
            proposals[item.initiative_id] = "khen_thuong"
        elif recognise.admits(item):
            proposals[item.initiative_id] = "cong_nhan"
    return proposals
