"""Shared fixtures: every test builds its own temporary data file; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from danvan_desktop.store.db import create_store  # noqa: E402


@pytest.fixture
def store(tmp_path):
    """An empty data file at the latest schema."""
    s = create_store(tmp_path / "data.sqlite3", user="Người kiểm thử")
    yield s
    s.close()


@pytest.fixture
def commune(store):
    from danvan_desktop.store import catalog

    province = catalog.add_area(store, "Tỉnh Thái Bình", "tinh")
    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen", province)
    return catalog.add_area(store, "Xã Đông Cường", "xa", district)
