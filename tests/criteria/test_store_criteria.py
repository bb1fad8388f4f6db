"""Criteria sets (versions), sheets, averages, ranking, missing flags and the shortlist."""

from __future__ import annotations

import gc

import pytest

from danvan_desktop.domain.criteria import Criterion, Cutoff, ScoreSheet, shortlist
from danvan_desktop.domain.entities import CommendationRound
from danvan_desktop.domain.validation import ValidationError
from danvan_desktop.store import criteria as sc
from danvan_desktop.store.initiatives import get_initiative, status_history
from danvan_desktop.store.rounds import award_rows, save_round

from .conftest import make_set


def _score(store, data, initiative, evaluator, points):
    criteria = data["set"].criteria
    sheet = ScoreSheet(
        initiative, evaluator, {c.id: p for c, p in zip(criteria, points, strict=True) if p is not None}
    )
    return sc.save_sheet(store, data["set"].id, sheet)


def test_an_unused_set_is_edited_in_place_a_used_one_gets_a_new_version(store, scored_year):
    data = scored_year
    edited = make_set()
    edited.criteria[0].wording = "Xuất phát từ nhu cầu thực tế, được nhân dân đồng tình"
    same = sc.save_set(store, edited)
    assert same.id == data["set"].id and same.version == 1
    assert same.criteria[0].wording.startswith("Xuất phát")
    data["set"] = same
    _score(store, data, data["ids"][0], data["evaluators"][0], [18, 25, 27, 17])
    edited.criteria.append(Criterion("Được cấp ủy đánh giá cao", 10, "IV. Khác", "4.1"))
    newer = sc.save_set(store, edited)
    assert newer.version == 2 and newer.id != same.id
    old = sc.get_set(store, same.id)
    assert len(old.criteria) == 4 and old.criteria[0].wording == same.criteria[0].wording
    assert sc.sheet_of(store, same.id, data["ids"][0], data["evaluators"][0]).total == 87
    assert sc.current_set(store, 2023).id == newer.id
    row = next(r for r in sc.ranking(store, 2023) if r["id"] == data["ids"][0])
    assert row["average"] is None
    assert "1 phiếu chấm theo phiên bản cũ của bộ tiêu chí (chưa tính)" in row["missing"]


def test_points_above_the_maximum_are_refused_naming_the_criterion(store, scored_year):
    with pytest.raises(ValidationError) as caught:
        _score(store, scored_year, scored_year["ids"][0], scored_year["evaluators"][0], [25, 10, 10, 10])
    assert "1.1" in str(caught.value) and "vượt điểm tối đa 20" in str(caught.value)
    assert store.scalar("SELECT count(*) FROM score_sheets") == 0


def test_ranking_averages_complete_sheets_and_flags_what_is_missing(store, scored_year):
    d = scored_year
    an, binh = d["evaluators"]
    _score(store, d, d["ids"][0], an, [18, 28, 28, 18])  # 92
    _score(store, d, d["ids"][0], binh, [16, 26, 26, 18])  # 86 → 89
    _score(store, d, d["ids"][1], an, [20, 29, 28, 18])  # 95
    _score(store, d, d["ids"][1], binh, [19, 27, 27, None])  # criterion 3.2 blank: not counted
    _score(store, d, d["ids"][3], an, [10, 15, 15, 10])  # 50
    rows = {r["id"]: r for r in sc.ranking(store, 2023)}
    assert rows[d["ids"][0]]["average"] == 89 and rows[d["ids"][0]]["grade"] == "Tốt"
    assert rows[d["ids"][1]]["average"] == 95 and rows[d["ids"][1]]["rank"] == 1
    assert rows[d["ids"][0]]["rank"] == 2
    assert "Trần Thị Bình chưa chấm tiêu chí 3.2" in rows[d["ids"][1]]["missing"]
    assert rows[d["ids"][2]]["average"] is None and rows[d["ids"][2]]["rank"] is None
    assert "Chưa chấm: Nguyễn Văn An, Trần Thị Bình" in rows[d["ids"][2]]["missing"]
    assert rows[d["ids"][3]]["rank"] == 1 and rows[d["ids"][3]]["grade"] == "Đạt"
    # Each missing item on a line of its own; the rows hold plain values only, which Python's
    # cycle collector never walks (a year's 100k rows are kept while Xếp hạng is shown).
    assert rows[d["ids"][2]]["missing"].splitlines()[0] == "Chưa chấm: Nguyễn Văn An, Trần Thị Bình"
    assert not any(gc.is_tracked(r) for r in rows.values())
    only = sc.ranking(store, 2023, field="van_hoa_xa_hoi")
    assert [r["id"] for r in only] == [d["ids"][3]]


def test_changes_to_points_are_audited_by_criterion(store, scored_year):
    d = scored_year
    _score(store, d, d["ids"][0], d["evaluators"][0], [18, 28, 28, 18])
    _score(store, d, d["ids"][0], d["evaluators"][0], [18, 28, 27.5, 18])
    import json

    last = json.loads(
        store.scalar(
            "SELECT changes FROM audit_log WHERE record_kind = 'score_sheets' ORDER BY id DESC LIMIT 1"
        )
    )
    assert last == {"điểm 3.1": ["28", "27,5"]}


def test_shortlist_turns_into_round_candidates_with_their_score(store, scored_year):
    d = scored_year
    an, binh = d["evaluators"]
    for initiative, points in (
        (d["ids"][0], [18, 28, 28, 18]),
        (d["ids"][1], [20, 29, 28, 18]),
        (d["ids"][2], [12, 20, 20, 10]),
    ):
        _score(store, d, initiative, an, points)
        _score(store, d, initiative, binh, points)
    ranked = sc.ranking(store, 2023)
    from danvan_desktop.domain.criteria import Ranked

    items = [
        Ranked(r["id"], r["field"], r["kind"], r["average"], r["sheets"], rank=r["rank"]) for r in ranked
    ]
    proposals = shortlist(items, Cutoff(min_points=50), Cutoff(top=1))
    assert proposals == {d["ids"][1]: "khen_thuong", d["ids"][0]: "cong_nhan", d["ids"][2]: "cong_nhan"}
    rnd = save_round(
        store,
        CommendationRound(
            number="125-QĐ/HU", decided_on="2023-12-20", issuer="Ban Thường vụ Huyện ủy", year=2023
        ),
    )
    scores = {r["id"]: r["average"] for r in ranked}
    recognised, added = sc.apply_shortlist(store, proposals, scores, rnd.id)
    assert (recognised, added) == (3, 1)
    awards = award_rows(store, rnd.id)
    assert [a["initiative_name"] for a in awards] == ["Cánh đồng mẫu lớn"]
    assert store.scalar("SELECT score FROM awards WHERE id = ?", (awards[0]["id"],)) == 95
    assert get_initiative(store, d["ids"][0]).status == "cong_nhan"
    assert get_initiative(store, d["ids"][1]).status == "khen_thuong"
    notes = [h["note"] for h in status_history(store, d["ids"][0])]
    assert "Theo kết quả chấm điểm: 92 điểm" in notes


def test_copy_from_last_year(store, scored_year):
    copied = sc.copy_year(store, 2023, 2024)
    assert len(copied) == 1 and copied[0].year == 2024 and "2024" in copied[0].title
    assert [c.wording for c in copied[0].criteria] == [c.wording for c in scored_year["set"].criteria]
    assert sc.copy_year(store, 2023, 2024) == []  # the year has its own already


def test_field_progress_counts_complete_sheets_recognition_and_commendation(store, scored_year):
    d = scored_year
    _score(store, d, d["ids"][0], d["evaluators"][0], [18, 28, 28, 18])
    _score(store, d, d["ids"][1], d["evaluators"][0], [18, 28, 28, None])  # incomplete: not scored
    _score(store, d, d["ids"][3], d["evaluators"][1], [10, 10, 10, 10])
    sc.apply_shortlist(store, {d["ids"][0]: "cong_nhan"}, {d["ids"][0]: 92})
    counts = sc.field_progress(store, 2023, 2023)
    assert counts["kinh_te"] == {"registered": 3, "scored": 1, "recognised": 1, "commended": 0}
    assert counts["van_hoa_xa_hoi"] == {"registered": 1, "scored": 1, "recognised": 0, "commended": 0}
    assert counts["xay_dung_dang"]["registered"] == 0


@pytest.mark.parametrize(("office_level", "expected"), [("tinh", "tinh"), ("xa", "xa"),
                                                       ("mttq_xa", "xa"), ("dac_khu", "xa"),
                                                       ("", "xa")])
def test_recognised_from_the_shortlist_at_the_offices_own_level_not_a_district(
        store, scored_year, office_level, expected):
    """Since the 2025 reform there are no districts: with no round chosen, the shortlist
    recognises at the level of the office that decides (Cài đặt → cấp cơ quan)."""
    from danvan_desktop.domain import office
    from danvan_desktop.store.profile import save_profile

    if office_level:  # "": an office that has not chosen yet
        unit = "" if office_level == "tinh" else "Xã Đông Hưng"
        save_profile(store, office.defaults(office_level, "Tỉnh Hưng Yên", unit))
    first = scored_year["ids"][0]
    sc.apply_shortlist(store, {first: "cong_nhan"}, {first: 92})
    item = get_initiative(store, first)
    assert (item.status, item.level) == ("cong_nhan", expected)
