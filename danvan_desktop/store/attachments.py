"""Attachments: files (photos, scanned decisions) copied into the data folder and
listed with the record they belong to."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..domain.text import nfc
from ..paths import attachments_dir_for
from . import records
from .db import Store


def folder(store: Store) -> Path:
    return attachments_dir_for(store.path)


def attach(store: Store, record_kind: str, record_id: int, source: str | Path) -> int:
    """Copy ``source`` into the attachments folder and record it. The copy is made
    before the row is written; if writing fails the copy is removed."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"Không tìm thấy tệp “{source}”.")
    target_dir = folder(store)
    target_dir.mkdir(parents=True, exist_ok=True)
    uuid = records.new_uuid()
    stored = f"{uuid}{source.suffix.lower()}"
    target = target_dir / stored
    shutil.copy2(source, target)
    try:
        return records.insert(store, "attachments", {
            "uuid": uuid, "record_kind": record_kind, "record_id": record_id,
            "file_name": nfc(source.name), "stored_name": stored,
            "size_bytes": target.stat().st_size,
        })
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def list_for(store: Store, record_kind: str, record_id: int) -> list[dict]:
    return store.query(
        "SELECT id, file_name, stored_name, size_bytes, created_at FROM attachments"
        " WHERE record_kind = ? AND record_id = ? AND deleted_at IS NULL ORDER BY id",
        (record_kind, record_id))


def path_of(store: Store, attachment: dict) -> Path:
    return folder(store) / attachment["stored_name"]


def remove(store: Store, attachment_id: int) -> None:
    """To the bin: the file stays in the folder so that restoring brings it back."""
    records.soft_delete(store, "attachments", [attachment_id])
