"""A year with a criteria set, two evaluators and initiatives in two fields."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.criteria import CriteriaSet, Criterion, parse_thresholds
from danvan_desktop.domain.entities import Initiative
from danvan_desktop.store import criteria as store_criteria
from danvan_desktop.store.initiatives import save_initiative


def make_set(year: int = 2023, kind: str = "") -> CriteriaSet:
    return CriteriaSet(
        year,
        kind,
        f"Bộ tiêu chí đánh giá mô hình “Dân vận khéo” năm {year}",
        [
            Criterion("Mô hình xuất phát từ nhu cầu thực tế của nhân dân", 20, "I. Sự cần thiết", "1.1"),
            Criterion("Cách làm sáng tạo, phát huy quyền làm chủ của nhân dân", 30, "II. Cách làm", "2.1"),
            Criterion("Hiệu quả kinh tế - xã hội rõ rệt, đo đếm được", 30, "III. Hiệu quả", "3.1"),
            Criterion("Có khả năng duy trì, nhân rộng", 20, "III. Hiệu quả", "3.2"),
        ],
        parse_thresholds("Xuất sắc ≥ 90, Tốt ≥ 75, Đạt ≥ 50"),
    )


@pytest.fixture
def scored_year(store, commune):
    return build_scored_year(store, commune)


def build_scored_year(store, commune) -> dict:
    """2023: one common set of four criteria (100 points), evaluators An and Bình, and
    four initiatives (three Kinh tế collectives, one VH–XH individual)."""
    criteria_set = store_criteria.save_set(store, make_set())
    an = store_criteria.add_evaluator(store, 2023, "Nguyễn Văn An", "Phó Trưởng ban")
    binh = store_criteria.add_evaluator(store, 2023, "Trần Thị Bình")
    ids = []
    for name, kind, field, owner in (
        ("Nuôi ong lấy mật, nuôi dê thương phẩm", "tap_the", "kinh_te", "Hội Nông dân xã Đông Cường"),
        ("Cánh đồng mẫu lớn", "tap_the", "kinh_te", "Hợp tác xã Đông Cường"),
        ("Rau quả tập trung, an toàn", "tap_the", "kinh_te", "Chi hội Nông dân thôn Hoành Từ"),
        ("Bồn rửa tay cho em", "ca_nhan", "van_hoa_xa_hoi", "Nguyễn Thị Thu Hằng"),
    ):
        ids.append(
            save_initiative(
                store,
                Initiative(
                    name=name, kind=kind, field=field, owner_name=owner, commune_id=commune, year=2023
                ),
            ).id
        )
    return {"set": criteria_set, "evaluators": (an, binh), "ids": ids}
