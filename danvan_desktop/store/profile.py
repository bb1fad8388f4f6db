"""The office profile (names on letterheads) and stored settings of the data file."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from ..domain.entities import OfficeProfile
from ..domain.text import nfc
from . import records
from .db import Store


def get_profile(store: Store) -> OfficeProfile:
    raw = store.scalar("SELECT data FROM office_profile WHERE id = 1")
    if not raw:
        return OfficeProfile()
    data = json.loads(raw)
    names = {f.name for f in fields(OfficeProfile)}
    return OfficeProfile(**{k: v for k, v in data.items() if k in names})


def save_profile(store: Store, profile: OfficeProfile) -> None:
    old = asdict(get_profile(store))
    data = {k: ([nfc(x) for x in v if nfc(x)] if isinstance(v, list) else nfc(v))
            for k, v in asdict(profile).items()}
    with store.atomic():
        store.execute(
            "INSERT INTO office_profile (id, data, updated_at) VALUES (1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (json.dumps(data, ensure_ascii=False), records.now_iso()))
        changes = {k: [old.get(k), v] for k, v in data.items() if old.get(k) != v}
        if changes:
            records.audit(store, "update", "office_profile", 1, None, changes)


def get_setting(store: Store, key: str, default=None):
    raw = store.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    return default if raw is None else json.loads(raw)


def set_setting(store: Store, key: str, value) -> None:
    with store.atomic():
        store.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)))
