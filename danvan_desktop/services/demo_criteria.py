"""Demo data for criteria and scoring: the newest registration year gets the example set
(the template's), a panel of three evaluators and their points for part of the year's
registrations (some left unscored, so that the ranking shows what is missing)."""

from __future__ import annotations

import random

from ..domain.criteria import CriteriaSet, Criterion, ScoreSheet, parse_thresholds
from ..store import criteria as sc
from ..store.db import Store
from .criteria.sets_xlsx import EXAMPLE, EXAMPLE_THRESHOLDS

EVALUATORS = (
    ("Nguyễn Văn Thành", "Trưởng ban"),
    ("Trần Thị Lan", "Phó Trưởng ban"),
    ("Phạm Quang Huy", "Chuyên viên"),
)
SCORED = 120  # registrations scored at most: enough to rank, quick at any demo size


def add_demo_scoring(store: Store, rng: random.Random) -> None:
    year = store.scalar("SELECT max(year) FROM initiatives WHERE deleted_at IS NULL")
    if year is None:
        return
    criteria_set = sc.save_set(
        store,
        CriteriaSet(
            year,
            "",
            f"Bộ tiêu chí đánh giá mô hình, điển hình “Dân vận khéo” năm {year}",
            [Criterion(wording, points, group, code) for group, code, wording, points in EXAMPLE],
            parse_thresholds(EXAMPLE_THRESHOLDS),
        ),
    )
    panel = [sc.add_evaluator(store, year, name, position) for name, position in EVALUATORS]
    rows = sc.year_initiatives(store, year)
    for row in rng.sample(rows, min(SCORED, len(rows) * 3 // 4)):
        quality = rng.uniform(0.45, 0.98)  # one initiative's level, each evaluator near it
        for evaluator in panel[: rng.choice((2, 3, 3, 3))]:
            points = {c.id: _near(rng, quality, c.max_points) for c in criteria_set.criteria}
            sc.save_sheet(
                store, criteria_set.id, ScoreSheet(row["id"], evaluator, points, scored_on=f"{year}-11-20")
            )


def _near(rng: random.Random, quality: float, maximum: float) -> float:
    return max(0.0, min(maximum, round(rng.gauss(quality, 0.06) * maximum * 2) / 2))
