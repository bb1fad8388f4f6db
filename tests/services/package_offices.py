"""Offices built from scratch for the package tests: a province and two communes, each its own
data file with its own catalogue (the same places typed independently)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.store import catalog
from danvan_desktop.store.db import Store, create_store
from danvan_desktop.store.initiatives import save_initiative
from danvan_desktop.store.profile import set_setting

COMMUNES = {"dong_cuong": ("Xã Đông Cường", "10001"), "me_linh": ("Xã Mê Linh", "10002")}


def make_office(folder: Path, name: str, level: str, code: str, communes: list[str]) -> Store:
    store = create_store(folder / f"{code}.sqlite3", user=f"Cán bộ {name}")
    set_setting(store, "office_name", name)
    set_setting(store, "office_level", level)
    set_setting(store, "office_unit_code", code)
    province = catalog.add_area(store, "Tỉnh Thái Bình", "tinh")
    for commune in communes:
        commune_id = catalog.add_area(store, commune, "xa", province)
        catalog.add_area(store, "Thôn Hoành Từ" if "Cường" in commune else "Thôn Đầm", "thon",
                         commune_id)
    return store


def province(folder: Path) -> Store:
    return make_office(folder, "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Bình", "tinh", "34",
                       [c[0] for c in COMMUNES.values()])


def commune(folder: Path, key: str) -> Store:
    name, code = COMMUNES[key]
    return make_office(folder, f"Đảng ủy {name}", "xa", code, [name])


def add_initiative(store: Store, name: str, owner: str = "Hội Nông dân", **extra) -> int:
    commune_id = store.scalar("SELECT id FROM areas WHERE level = 'xa' LIMIT 1")
    item = Initiative(name=name, kind="tap_the", field="kinh_te", owner_name=owner,
                      commune_id=commune_id, year=2026, registered_on="2026-02-10", **extra)
    return save_initiative(store, item).id


def file_digest(store: Store) -> str:
    """The data file's bytes as a reader would find them (WAL folded in first)."""
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = Path(str(store.path) + "-wal")
    data = store.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(data).hexdigest()
