"""Is a file sound? ``PRAGMA quick_check`` (or ``integrity_check``) through a read-only
connection, so that checking a file, a backup or a damaged file never changes it; what
a backup holds (its record counts); and the newest backups that pass the check."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..store import audit
from ..store.connection import Database
from ..store.db import Store, StoreError, connect_reading, describe_sqlite, inspect, quick_check
from .backup import BackupInfo, list_backups


def _read_only(path: Path) -> sqlite3.Connection:
    conn = connect_reading(Path(path))
    conn.row_factory = sqlite3.Row
    return conn


class CheckStopped(Exception):
    """``check_file`` was asked to stop before it finished (the window is closing)."""


def check_file(path: str | Path, full: bool = False,
               stop: Callable[[], bool] | None = None) -> list[str]:
    """The problems of a data file (empty when sound), each a line of Vietnamese or
    SQLite's own description. Nothing on disk changes, whatever the file holds.
    ``stop``, asked now and then while SQLite reads, ends the check (``CheckStopped``)."""
    path = Path(path)
    try:
        inspect(path)
        conn = _read_only(path)
    except StoreError as exc:
        return [str(exc)]
    except sqlite3.Error as exc:
        return [f"Không mở được tệp “{path}”: {describe_sqlite(exc)}."]
    if stop is not None:
        conn.set_progress_handler(lambda: 1 if stop() else 0, 100_000)
    try:
        problems = quick_check(Store(path=path, db=Database(conn), read_only=True), full=full)
    finally:
        conn.close()
    if stop is not None and stop():
        raise CheckStopped()
    return problems


def writes_since(store: Store) -> Callable[[], list[str]]:
    """From now on, what is written to ``store``: the returned function lists the changes
    made since this call, one line each (from the audit log), or says that some were made
    when the log cannot be read (a damaged file)."""
    mark = store.write_mark()
    try:
        start: int | None = audit.last_id(store)
    except sqlite3.Error:
        start = None

    def written() -> list[str]:
        try:
            if store.write_mark() == mark:
                return []
            if start is None:
                raise sqlite3.DatabaseError("no audit log")
            entries = audit.rows(store, audit.ids_after(store, start))
        except sqlite3.Error:
            return ["có thay đổi đã được ghi (không đọc được nhật ký thay đổi của tệp hỏng)"]
        return [_entry_line(entries[i]) for i in sorted(entries)]

    return written


def _entry_line(entry: dict) -> str:
    what = entry["record_name"] or audit.describe(entry["record_kind"], entry["changes"],
                                                  entry["action"], limit=60)
    return (f"{audit.local_time(entry['at'])} {audit.action_label(entry['action'])} "
            f"{audit.kind_label(entry['record_kind']).lower()}: {what}")


@dataclass(frozen=True)
class Contents:
    """What a copy holds: counts of the records in use (not in the bin)."""

    version: int
    initiatives: int
    campaigns: int


def contents(path: str | Path) -> Contents | None:
    """Record counts of a data file or a backup; None when it cannot be read."""
    try:
        info = inspect(Path(path))
        if not info.has_tables:
            return Contents(info.version, 0, 0)
        conn = _read_only(Path(path))
    except (StoreError, sqlite3.Error):
        return None
    try:
        counts = []
        for table in ("initiatives", "campaigns"):
            counts.append(conn.execute(
                f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0])
        return Contents(info.version, *counts)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def good_backups(db_path: str | Path, folder: str | Path | None = None,
                 limit: int = 5) -> Iterator[tuple[BackupInfo, Contents]]:
    """The newest copies of this file that pass ``quick_check``, newest first, at most
    ``limit``. Another file's copies (by identity) are never offered; copies whose
    identity is unknown (made before identities, or the damaged file's own cannot be
    read) are, marked ``ours is None``."""
    found = 0
    for copy in list_backups(db_path, folder):
        if found >= limit:
            return
        if copy.ours is False:
            continue
        if check_file(copy.path):
            continue
        held = contents(copy.path)
        if held is None:
            continue
        found += 1
        yield copy, held
