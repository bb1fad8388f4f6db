"""The ranking's order, read in groups (so that no single sort holds the window's thread
long), is exactly the order of one sort on the whole key."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from danvan_desktop.domain.criteria import Ranked, rank

FIELDS = ["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_dang", "khac", ""]
ORDER = {"kinh_te": 0, "van_hoa_xa_hoi": 1, "quoc_phong_an_ninh": 2, "xay_dung_dang": 3}

ranked = st.builds(
    Ranked, initiative_id=st.integers(1, 10**6), field=st.sampled_from(FIELDS),
    kind=st.sampled_from(["tap_the", "ca_nhan"]),
    average=st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))),
    sheets=st.integers(0, 3))


@given(st.lists(ranked, max_size=60, unique_by=lambda r: r.initiative_id))
def test_grouped_order_is_the_one_sort_order(items):
    expected = [r.initiative_id for r in sorted(items, key=lambda r: (
        ORDER.get(r.field, 9), r.kind != "tap_the", r.average is None, -(r.average or 0),
        r.initiative_id))]
    assert [r.initiative_id for r in rank(items)] == expected
