"""Criteria sets per year and kind (versioned), evaluators, their score sheets, and the
ranking they give. Every write goes through records (audit log); a set that has been
scored against is never edited: saving it makes the next version."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from ..domain.criteria import (
    CriteriaSet,
    Criterion,
    Ranked,
    ScoreSheet,
    Threshold,
    average,
    check_points,
    grade,
    missing,
    points_text,
    rank,
    validate_set,
)
from ..domain.text import nfc
from ..domain.validation import FieldError, ValidationError
from . import records
from .db import Store
from .profile import recognition_level

SETS, CRITERIA, EVALUATORS, SHEETS = "criteria_sets", "criteria", "evaluators", "score_sheets"


# --- Sets ------------------------------------------------------------------------------------


def _load(store: Store, row: dict) -> CriteriaSet:
    criteria = [
        Criterion(r["wording"], r["max_points"], r["grp"], r["code"], r["id"])
        for r in store.query(
            "SELECT * FROM criteria WHERE set_id = ? AND deleted_at IS NULL ORDER BY position, id",
            (row["id"],),
        )
    ]
    thresholds = [Threshold(label, minimum) for label, minimum in json.loads(row["thresholds"] or "[]")]
    return CriteriaSet(
        row["year"], row["kind"], row["title"], criteria, thresholds, row["version"], row["id"]
    )


def get_set(store: Store, set_id: int) -> CriteriaSet:
    row = records.get(store, SETS, set_id)
    if row is None or row["deleted_at"]:
        raise KeyError(f"Không tìm thấy bộ tiêu chí số {set_id}.")
    return _load(store, row)


def current_set(store: Store, year: int, kind: str = "") -> CriteriaSet | None:
    """The newest version of the year's set of that kind ('' the set for both kinds)."""
    rows = store.query(
        "SELECT * FROM criteria_sets WHERE year = ? AND kind = ? AND deleted_at IS NULL"
        " ORDER BY version DESC LIMIT 1",
        (year, kind),
    )
    return _load(store, rows[0]) if rows else None


def set_for_kind(store: Store, year: int, kind: str) -> CriteriaSet | None:
    """The set an initiative of this kind is scored on: its kind's own, else the common one."""
    return current_set(store, year, kind) or current_set(store, year, "")


def sets_of_year(store: Store, year: int) -> list[CriteriaSet]:
    """The current set of each kind the year has."""
    found = [current_set(store, year, kind) for kind in ("", "tap_the", "ca_nhan")]
    return [s for s in found if s is not None]


def list_sets(store: Store) -> list[dict]:
    """Every current set with its size and how many sheets scored on it (newest year first)."""
    return store.query(
        "SELECT s.id, s.year, s.kind, s.version, s.title,"
        " (SELECT count(*) FROM criteria c WHERE c.set_id = s.id AND c.deleted_at IS NULL) AS criteria,"
        " (SELECT coalesce(sum(c.max_points), 0) FROM criteria c WHERE c.set_id = s.id"
        "  AND c.deleted_at IS NULL) AS total,"
        " (SELECT count(*) FROM score_sheets h WHERE h.set_id = s.id AND h.deleted_at IS NULL) AS sheets"
        " FROM criteria_sets s WHERE s.deleted_at IS NULL AND s.replaced_by_id IS NULL"
        " ORDER BY s.year DESC, s.kind"
    )


def in_use(store: Store, set_id: int) -> bool:
    return bool(
        store.scalar("SELECT count(*) FROM score_sheets WHERE set_id = ? AND deleted_at IS NULL", (set_id,))
    )


def _write_criteria(store: Store, set_id: int, criteria: list[Criterion]) -> None:
    for position, criterion in enumerate(criteria, 1):
        criterion.id = records.insert(
            store,
            CRITERIA,
            {
                "set_id": set_id,
                "position": position,
                "grp": criterion.group,
                "code": criterion.code,
                "wording": criterion.wording,
                "max_points": float(criterion.max_points),
            },
        )


def save_set(store: Store, item: CriteriaSet) -> CriteriaSet:
    """Save the year's set of this kind. Unused: changed in place. Already scored against:
    left as it is and the new content becomes the next version. Unchanged: nothing written."""
    item = validate_set(item)
    thresholds = json.dumps([[t.label, t.minimum] for t in item.thresholds], ensure_ascii=False)
    data = {"year": item.year, "kind": item.kind, "title": item.title, "thresholds": thresholds}
    with store.atomic():
        current = current_set(store, item.year, item.kind)
        if current is not None and current.same_content(item):
            return current
        if current is not None and not in_use(store, current.id):
            records.update(store, SETS, current.id, data)
            records.soft_delete(store, CRITERIA, [c.id for c in current.criteria])
            _write_criteria(store, current.id, item.criteria)
            return get_set(store, current.id)
        data["version"] = current.version + 1 if current else 1
        set_id = records.insert(store, SETS, data)
        _write_criteria(store, set_id, item.criteria)
        if current is not None:
            records.update(store, SETS, current.id, {"replaced_by_id": set_id})
    return get_set(store, set_id)


def copy_year(store: Store, from_year: int, to_year: int) -> list[CriteriaSet]:
    """Last year's sets as this year's (kinds the new year has already are left alone)."""
    copied = []
    with store.atomic():
        for source in sets_of_year(store, from_year):
            if current_set(store, to_year, source.kind) is not None:
                continue
            copy = CriteriaSet(
                to_year,
                source.kind,
                _retitle(source.title, from_year, to_year),
                [Criterion(c.wording, c.max_points, c.group, c.code) for c in source.criteria],
                list(source.thresholds),
            )
            copied.append(save_set(store, copy))
    return copied


def _retitle(title: str, old: int, new: int) -> str:
    return title.replace(str(old), str(new))


# --- Evaluators ------------------------------------------------------------------------------


def evaluators(store: Store, year: int) -> dict[int, str]:
    """The year's evaluators, id → name, in the order they were added."""
    return {
        r["id"]: r["name"]
        for r in store.query(
            "SELECT id, name FROM evaluators WHERE year = ? AND deleted_at IS NULL ORDER BY id", (year,)
        )
    }


def evaluator_rows(store: Store, year: int) -> list[dict]:
    return store.query(
        "SELECT e.id, e.name, e.position, (SELECT count(*) FROM score_sheets s WHERE s.evaluator_id = e.id"
        " AND s.deleted_at IS NULL) AS sheets FROM evaluators e WHERE e.year = ? AND e.deleted_at IS NULL"
        " ORDER BY e.id",
        (year,),
    )


def add_evaluator(store: Store, year: int, name: str, position: str = "") -> int:
    name, position = nfc(name), nfc(position)
    if not name:
        raise ValidationError([FieldError("name", "Chưa nhập tên người chấm.")])
    if len(name) > 200 or len(position) > 200:
        raise ValidationError([FieldError("name", "Tên hoặc chức vụ người chấm quá dài (tối đa 200 ký tự).")])
    if find_evaluator(store, year, name) is not None:
        raise ValidationError([FieldError("name", f"Người chấm “{name}” đã có trong năm {year}.")])
    return records.insert(store, EVALUATORS, {"year": year, "name": name, "position": position})


def find_evaluator(store: Store, year: int, name: str) -> int | None:
    from ..domain.text import fold

    for evaluator_id, known in evaluators(store, year).items():
        if fold(known) == fold(name):
            return evaluator_id
    return None


def remove_evaluator(store: Store, evaluator_id: int) -> None:
    """Out of the year's panel; the sheets already scored stay (and are still counted)."""
    records.soft_delete(store, EVALUATORS, [evaluator_id])


# --- Sheets ----------------------------------------------------------------------------------


def sheets_of_set(store: Store, set_id: int) -> dict[int, list[ScoreSheet]]:
    """Every live sheet scored on the set, by initiative."""
    sheets: dict[int, ScoreSheet] = {}
    for r in store.query(
        "SELECT id, initiative_id, evaluator_id, remark, scored_on FROM score_sheets"
        " WHERE set_id = ? AND deleted_at IS NULL",
        (set_id,),
    ):
        sheets[r["id"]] = ScoreSheet(
            r["initiative_id"], r["evaluator_id"], {}, r["remark"], r["scored_on"], r["id"]
        )
    cursor = store.conn.cursor()
    cursor.row_factory = None
    for sheet_id, criterion_id, points in cursor.execute(
        "SELECT p.sheet_id, p.criterion_id, p.points FROM scores p JOIN score_sheets s ON s.id = p.sheet_id"
        " WHERE s.set_id = ? AND s.deleted_at IS NULL",
        (set_id,),
    ):
        sheets[sheet_id].points[criterion_id] = points
    grouped: dict[int, list[ScoreSheet]] = {}
    for sheet in sheets.values():
        grouped.setdefault(sheet.initiative_id, []).append(sheet)
    return grouped


def evaluator_sheets(store: Store, set_id: int, evaluator_id: int) -> dict[int, ScoreSheet]:
    """One evaluator's sheets on a set, by initiative (the scoring table's contents)."""
    sheets = {
        r["id"]: ScoreSheet(r["initiative_id"], evaluator_id, {}, r["remark"], r["scored_on"], r["id"])
        for r in store.query(
            "SELECT id, initiative_id, remark, scored_on FROM score_sheets"
            " WHERE set_id = ? AND evaluator_id = ? AND deleted_at IS NULL",
            (set_id, evaluator_id),
        )
    }
    for sheet_id, criterion_id, points in store.execute(
        "SELECT p.sheet_id, p.criterion_id, p.points FROM scores p JOIN score_sheets s ON s.id = p.sheet_id"
        " WHERE s.set_id = ? AND s.evaluator_id = ? AND s.deleted_at IS NULL",
        (set_id, evaluator_id),
    ):
        sheets[sheet_id].points[criterion_id] = points
    return {sheet.initiative_id: sheet for sheet in sheets.values()}


def sheet_of(store: Store, set_id: int, initiative_id: int, evaluator_id: int) -> ScoreSheet | None:
    """One evaluator's sheet for one initiative (through the unique index: what a cell's
    save reads costs the same whatever the year holds)."""
    rows = store.query(
        "SELECT id, remark, scored_on FROM score_sheets WHERE set_id = ? AND initiative_id = ?"
        " AND evaluator_id = ? AND deleted_at IS NULL",
        (set_id, initiative_id, evaluator_id),
    )
    if not rows:
        return None
    points = {
        c: p
        for c, p in store.execute(
            "SELECT criterion_id, points FROM scores WHERE sheet_id = ?", (rows[0]["id"],)
        )
    }
    return ScoreSheet(
        initiative_id, evaluator_id, points, rows[0]["remark"], rows[0]["scored_on"], rows[0]["id"]
    )


def check_sheet(criteria_set: CriteriaSet, sheet: ScoreSheet) -> list[str]:
    """Every reason the sheet's points cannot be kept, naming the criterion."""
    known = {c.id: c for c in criteria_set.criteria}
    problems = []
    for criterion_id, points in sheet.points.items():
        criterion = known.get(criterion_id)
        if criterion is None:
            problems.append("Có điểm cho một tiêu chí không thuộc bộ tiêu chí này.")
            continue
        reason = check_points(criterion, points)
        if reason:
            problems.append(f"Tiêu chí {criterion.code or criterion.wording[:40]}: {reason}")
    if len(sheet.remark) > 20_000:
        problems.append("Nhận xét quá dài.")
    return problems


def save_sheet(store: Store, set_id: int, sheet: ScoreSheet) -> int:
    """Keep one evaluator's points for one initiative (blank criteria stay unscored); the
    changed points go to the audit log by criterion. Returns the sheet's id."""
    criteria_set = get_set(store, set_id)
    sheet.remark = nfc(sheet.remark)
    problems = check_sheet(criteria_set, sheet)
    if problems:
        raise ValidationError([FieldError("points", p) for p in problems])
    label = {c.id: (c.code or str(n)) for n, c in enumerate(criteria_set.criteria, 1)}
    with store.atomic():
        old = sheet_of(store, set_id, sheet.initiative_id, sheet.evaluator_id)
        data = {
            "set_id": set_id,
            "initiative_id": sheet.initiative_id,
            "evaluator_id": sheet.evaluator_id,
            "remark": sheet.remark,
            "scored_on": sheet.scored_on or dt.date.today().isoformat(),
        }
        if old is None:
            sheet_id = records.insert(store, SHEETS, data)
            before: dict[int, float] = {}
        else:
            sheet_id, before = old.id, old.points
            records.update(store, SHEETS, sheet_id, {k: data[k] for k in ("remark", "scored_on")})
        changes = {
            f"điểm {label[c]}": [points_text(before.get(c)), points_text(sheet.points.get(c))]
            for c in label
            if before.get(c) != sheet.points.get(c)
        }
        store.execute("DELETE FROM scores WHERE sheet_id = ?", (sheet_id,))
        store.conn.executemany(
            "INSERT INTO scores (sheet_id, criterion_id, points) VALUES (?, ?, ?)",
            [(sheet_id, c, float(p)) for c, p in sheet.points.items() if p is not None],
        )
        if changes:
            uuid = store.scalar("SELECT uuid FROM score_sheets WHERE id = ?", (sheet_id,))
            records.audit(store, "update", SHEETS, sheet_id, uuid, changes)
    return sheet_id


# --- Ranking ---------------------------------------------------------------------------------


def year_initiatives(store: Store, year: int, kind: str | None = None) -> list[dict]:
    """The year's registrations (not in the bin), in Vietnamese order of name."""
    clauses, params = ["i.deleted_at IS NULL", "i.year = ?"], [year]
    if kind:
        clauses.append("i.kind = ?")
        params.append(kind)
    return store.query(
        "SELECT i.id, i.name, i.kind, i.field, i.owner_name, i.position, i.status, c.name AS commune"
        " FROM initiatives i LEFT JOIN areas c ON c.id = i.commune_id"
        f" WHERE {' AND '.join(clauses)} ORDER BY i.name_sort, i.id",
        params,
    )


def _outdated_sheets(store: Store, year: int) -> dict[int, list[str]]:
    """Sheets scored on a version of the year's set that has since been replaced: kept,
    not counted, and named so that the evaluator scores again on the new version."""
    return {
        r["initiative_id"]: [f"{r['sheets']} phiếu chấm theo phiên bản cũ của bộ tiêu chí (chưa tính)"]
        for r in store.query(
            "SELECT s.initiative_id, count(*) AS sheets FROM score_sheets s"
            " JOIN criteria_sets c ON c.id = s.set_id WHERE c.year = ? AND c.replaced_by_id IS NOT NULL"
            " AND s.deleted_at IS NULL GROUP BY s.initiative_id",
            (year,),
        )
    }


def _ranked(row: dict, criteria_set: CriteriaSet | None, own: list, panel: dict[int, str],
            outdated: list[str], year: int) -> Ranked:
    """One registration's place in the ranking: its average over complete sheets, its grade
    and what is missing."""
    if criteria_set is None:
        return Ranked(row["id"], row["field"], row["kind"], None, 0,
                      missing=[f"Chưa có bộ tiêu chí năm {year} cho loại này"])
    mean, count = average(own, criteria_set.criteria)
    return Ranked(row["id"], row["field"], row["kind"], mean, count,
                  grade(mean, criteria_set.thresholds),
                  missing=missing(own, criteria_set.criteria, panel) + outdated)


def ranking(
    store: Store,
    year: int,
    field: str | None = None,
    kind: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[dict]:
    """The year's registrations ranked by field and kind on the average of their complete
    sheets, each with its grade and what is missing (one line each). Rows are dicts of the
    list's columns."""
    panel = evaluators(store, year)
    ranked: list[Ranked] = []
    info: dict[int, dict] = {}
    by_kind = {k: set_for_kind(store, year, k) for k in ("tap_the", "ca_nhan")}
    sheets = {s.id: sheets_of_set(store, s.id) for s in by_kind.values() if s is not None}
    outdated = _outdated_sheets(store, year)
    rows = [r for r in year_initiatives(store, year, kind) if not field or r["field"] == field]
    for count, row in enumerate(rows, 1):
        if progress and count % 1000 == 0:
            progress(count, len(rows), f"Đã xếp {count}/{len(rows)} mô hình")
        criteria_set = by_kind[row["kind"]]
        info[row["id"]] = row
        own = sheets[criteria_set.id].get(row["id"], []) if criteria_set is not None else []
        ranked.append(_ranked(row, criteria_set, own, panel, outdated.get(row["id"], []), year))
    return [
        {
            **info[r.initiative_id],
            "average": r.average,
            "sheets": r.sheets,
            "grade": r.grade,
            "rank": r.rank,
            # One line each, in one string: a row of plain values is never tracked by
            # Python's cycle collector (a year's 100k rows holding lists made every later
            # full collection walk them: 200–330 ms holding the window at 1M).
            "missing": "\n".join(r.missing),
        }
        for r in rank(ranked)
    ]


# --- Shortlist into a commendation round ------------------------------------------------------


def apply_shortlist(
    store: Store, proposals: dict[int, str], scores: dict[int, float | None], round_id: int | None = None
) -> tuple[int, int]:
    """The proposal in one step: those proposed for recognition become recognised (with
    their score in the status history); those proposed for commendation become the round's
    candidates, each award carrying its score. Returns (recognised, added to the round)."""
    from .initiatives import get_initiative, save_initiative
    from .rounds import add_awards_from_initiatives

    commend = [i for i, p in proposals.items() if p == "khen_thuong"]
    if commend and round_id is None:
        raise ValidationError([FieldError("round", "Chưa chọn đợt biểu dương, khen thưởng.")])
    recognised = 0
    rnd = (records.get(store, "commendation_rounds", round_id) or {}) if round_id else {}
    on = rnd.get("decided_on") or dt.date.today().isoformat()
    # A recognition has a level (domain/lifecycle.py): the round's, else the office's own.
    level = rnd.get("level") or recognition_level(store)
    with store.atomic():
        for initiative_id in proposals:
            item = get_initiative(store, initiative_id)
            if item.status in ("dang_ky", "dang_thuc_hien", "khong_dat"):
                item.status = "cong_nhan"
                # recognised on the decision's date, so that commending on it stays in order
                item.recognized_on = max(on, item.registered_on or on)
                item.level = item.level or level
                save_initiative(
                    store,
                    item,
                    reload=False,
                    status_note=(f"Theo kết quả chấm điểm: {points_text(scores.get(initiative_id))} điểm"),
                )
                recognised += 1
        added = add_awards_from_initiatives(store, round_id, commend) if commend else []
        for award_id in added:
            initiative_id = store.scalar("SELECT initiative_id FROM awards WHERE id = ?", (award_id,))
            records.update(store, "awards", award_id, {"score": scores.get(initiative_id)})
    return recognised, len(added)


def field_progress(store: Store, first_year: int, last_year: int) -> dict[str, dict[str, int]]:
    """Per field, of the registrations of these years: how many have at least one complete
    sheet on the set they are scored on, how many were recognised, how many commended
    (the dashboard's evidence line). Counted in SQL: nothing per record in Python."""
    from ..domain import vocab

    counts = {t.code: {"registered": 0, "scored": 0, "recognised": 0, "commended": 0} for t in vocab.FIELDS}
    cursor = store.conn.cursor()
    cursor.row_factory = None
    # From the monthly counts of live initiatives (store/aggregates.py): at a million
    # initiatives, reading ten years of them took seconds of CPU beside the window.
    for field_code, registered, recognised, commended in cursor.execute(
        "SELECT field, sum(n), sum(CASE WHEN status IN ('cong_nhan', 'khen_thuong', 'nhan_rong')"
        " THEN n END), sum(CASE WHEN status IN ('khen_thuong', 'nhan_rong') THEN n END)"
        " FROM stats_registered_kinds WHERE year BETWEEN ? AND ? GROUP BY field",
        (first_year, last_year),
    ):
        counts[field_code].update(registered=registered, recognised=recognised or 0, commended=commended or 0)
    current = [s.id for year in range(first_year, last_year + 1) for s in sets_of_year(store, year)]
    if current:
        marks = ",".join("?" for _ in current)
        for field_code, scored in cursor.execute(
            "SELECT i.field, count(DISTINCT i.id) FROM score_sheets s"
            " JOIN initiatives i ON i.id = s.initiative_id"
            f" WHERE s.deleted_at IS NULL AND s.set_id IN ({marks}) AND i.deleted_at IS NULL"
            " AND i.year BETWEEN ? AND ?"
            " AND (SELECT count(*) FROM scores p WHERE p.sheet_id = s.id) ="
            " (SELECT count(*) FROM criteria c WHERE c.set_id = s.set_id AND c.deleted_at IS NULL)"
            " GROUP BY i.field",
            (*current, first_year, last_year),
        ):
            counts[field_code]["scored"] = scored
    return counts
