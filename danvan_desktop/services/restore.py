"""Putting a backup back. The current file is never lost:

* when it is sound, a copy of it is taken first (``…-truoc-khoi-phuc.sqlite3``), then the
  backup is written over it through SQLite's backup API, in one transaction of the data
  file (a power cut in the middle leaves the file as it was);
* when it is damaged, it is kept as it is under a new name (``…-hong-YYYYmmdd-HHMMSS``,
  with its ``-wal``) and the backup, restored and checked under a temporary name,
  takes its place by an atomic rename;
* or the backup is restored into a new file, and the current one is not touched at all.

The window closes nothing before a restore: other connections see the restored data.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..store.db import BUSY_TIMEOUT_MS, describe_sqlite, inspect
from .backup import (
    BEFORE_RESTORE,
    BackupError,
    Progress,
    backup_before,
    copy_database,
    read_identity,
    same_file,
)
from .integrity import check_file


class RestoreError(BackupError):
    pass


@dataclass(frozen=True)
class RestoreResult:
    path: Path  # the data file, now holding the backup's records
    kept_copy: Path  # the file as it was: a safety copy, or the damaged file set aside
    was_damaged: bool


def _sound_backup(backup: Path) -> None:
    problems = check_file(backup)
    if problems:
        raise RestoreError(f"Bản sao lưu “{backup.name}” không dùng được: {problems[0]}")


def _write_over(backup: Path, db_path: Path, progress: Progress | None) -> None:
    """The backup API into the existing file: the destination is written in one
    transaction, so an interruption leaves it unchanged."""
    source = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            def report(_status: int, remaining: int, total: int) -> None:
                # After the last step the copy is committed: too late to cancel.
                if progress and remaining:
                    progress(total - remaining, total)

            source.backup(dest, pages=1024, progress=report)
            dest.execute("PRAGMA journal_mode = WAL")
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise RestoreError(f"Khôi phục không thành công: {describe_sqlite(exc)}. "
                           "Tệp dữ liệu không thay đổi.") from exc
    finally:
        source.close()


def damaged_name(db_path: Path, when: dt.datetime | None = None) -> Path:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}-hong-{stamp}{db_path.suffix}")


def set_aside(db_path: Path, when: dt.datetime | None = None) -> Path:
    """Keep a damaged file under a new name, with its ``-wal`` and ``-shm`` (moved, so
    that they are never applied to another file). The main file is hard-linked (or
    copied) rather than moved, so the data file's name is never left empty."""
    aside = damaged_name(db_path, when)
    if aside.exists():
        raise RestoreError(f"Tệp “{aside}” đã có.")
    try:
        try:
            os.link(db_path, aside)
        except OSError:  # FAT32 sticks, some shares: a copy instead
            shutil.copy2(db_path, aside)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                side.replace(Path(f"{aside}{suffix}"))
    except OSError as exc:
        raise RestoreError(f"Không giữ lại được tệp hỏng “{db_path}”: {exc.strerror}. "
                           "Chưa có gì thay đổi.") from exc
    return aside


def restore_backup(db_path: str | Path, backup: str | Path, folder: str | Path | None = None,
                   progress: Progress | None = None) -> RestoreResult:
    """Put ``backup`` in place of ``db_path``, keeping the current file (see the module)."""
    db_path, backup = Path(db_path), Path(backup)
    if backup.resolve() == db_path.resolve():
        raise RestoreError("Không thể khôi phục một tệp từ chính nó.")
    _sound_backup(backup)
    if db_path.exists() and same_file(read_identity(db_path), read_identity(backup)) is False:
        raise RestoreError(f"Bản sao lưu “{backup.name}” là của một tệp dữ liệu khác (cùng tên tệp, "
                           f"khác mã nhận diện), không phải của “{db_path.name}” này: không khôi phục "
                           "đè lên. Nếu thật sự cần, hãy khôi phục vào tệp mới.")
    if db_path.exists() and not check_file(db_path):
        # Not thinned now: thinning could remove the very copy being restored.
        kept = backup_before(db_path, BEFORE_RESTORE, folder, thin=False)
        _write_over(backup, db_path, progress)
        return RestoreResult(db_path, kept, was_damaged=False)
    # Damaged, or not there at all: restore beside it, then swap the names.
    temp = db_path.with_name(db_path.name + ".dang-khoi-phuc")
    temp.unlink(missing_ok=True)
    with temp.open("xb"):
        pass
    copy_database(backup, temp, progress, reserved=True)
    try:
        kept = set_aside(db_path) if db_path.exists() else None
        for suffix in ("-wal", "-shm"):  # a missing file's leftovers must not join the new one
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        temp.replace(db_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return RestoreResult(db_path, kept or backup, was_damaged=kept is not None)


def restore_to_new_file(backup: str | Path, new_path: str | Path,
                        progress: Progress | None = None) -> Path:
    """The backup copied into a new file (which must not exist); nothing else changes."""
    backup, new_path = Path(backup), Path(new_path)
    _sound_backup(backup)
    inspect(backup)
    if not new_path.parent.is_dir():
        raise RestoreError(f"Thư mục “{new_path.parent}” không tồn tại.")
    try:
        with new_path.open("xb"):  # taken exclusively
            pass
    except FileExistsError as exc:
        raise RestoreError(f"Tệp “{new_path}” đã có; chọn một tên tệp mới.") from exc
    return copy_database(backup, new_path, progress, reserved=True)
