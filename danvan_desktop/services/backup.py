"""Consistent copies of the data file, made with SQLite's online backup API (safe while
the program is writing), and checks that a copy is sound."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..paths import backup_dir_for
from ..store.db import StoreError, inspect


class BackupError(StoreError):
    pass


def default_backup_path(db_path: Path, when: dt.datetime | None = None) -> Path:
    stamp = (when or dt.datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    return backup_dir_for(db_path) / f"{db_path.stem}-{stamp}.sqlite3"


def make_backup(db_path: str | Path, target: str | Path | None = None,
                progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy ``db_path`` to ``target`` (default: the backups folder beside it). The copy is
    written to a temporary name and renamed when complete, so a cut-off copy never
    looks like a good one."""
    db_path = Path(db_path)
    inspect(db_path)
    target = Path(target) if target else default_backup_path(db_path)
    if target.exists():
        raise BackupError(f"Tệp “{target}” đã có; chọn tên khác cho bản sao lưu.")
    if target.resolve() == db_path.resolve():
        raise BackupError("Bản sao lưu không được ghi đè lên chính tệp dữ liệu.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Không tạo được thư mục “{target.parent}”: {exc.strerror}.") from exc
    partial = target.with_name(target.name + ".dang-chep")
    source = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(partial)
        try:
            def report(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(dest, pages=1024, progress=report)
            dest.execute("PRAGMA journal_mode = DELETE")
            ok = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Sao lưu không thành công: {exc}.") from exc
    except BaseException:  # cancelled: no half copy is left behind
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    if ok != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"Bản sao lưu không đọc lại được ({ok}); tệp dữ liệu có thể đã hỏng.")
    partial.replace(target)
    return target
