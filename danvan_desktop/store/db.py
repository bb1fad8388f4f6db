"""Opening the data file: checks before touching it, pragmas on every connection,
upgrades with a copy taken first, and clear Vietnamese refusals.

A file that cannot be used is never modified: it is inspected through a read-only
connection before anything opens it for writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .connection import Database
from .migrations import APPLICATION_ID, LATEST_VERSION, migrate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The database cannot be used (CLI exit code 3). The message is Vietnamese, one line."""

    exit_code = 3


class DatabaseMissing(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class DatabaseDamaged(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


def _is_read_only(path: Path) -> bool:
    # Root ignores permission bits, so look at the bits themselves as well as access():
    # a file marked read-only (or on read-only media) is one the user asked us not to change.
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rwc")
    # isolation_level=None: we open transactions ourselves (BEGIN … COMMIT), one per action.
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _display(path: Path) -> str:
    return str(path)


@dataclass
class Inspection:
    version: int
    application_id: int
    has_tables: bool


def inspect(path: Path) -> Inspection:
    """Look at a file without changing it; raise a StoreError if it cannot be ours."""
    if not path.parent.exists():
        raise DatabaseMissing(f"Thư mục “{_display(path.parent)}” không tồn tại.")
    if not path.exists():
        raise DatabaseMissing(f"Không tìm thấy tệp dữ liệu “{_display(path)}”.")
    if path.is_dir():
        raise NotADatabase(f"“{_display(path)}” là một thư mục, không phải tệp dữ liệu.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"Không đọc được tệp “{_display(path)}”: {exc.strerror}.") from exc
    if not header:  # a 0-byte file is an empty database to SQLite
        return Inspection(version=0, application_id=0, has_tables=False)
    if not header.startswith(SQLITE_HEADER):
        raise NotADatabase(
            f"Tệp “{_display(path)}” không phải tệp dữ liệu của chương trình (không phải SQLite)."
        )
    try:
        conn = _connect(path, read_only=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            count = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(
            f"Tệp dữ liệu “{_display(path)}” bị hỏng, không đọc được ({exc}). "
            "Hãy khôi phục từ bản sao lưu."
        ) from exc
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and count > 0):
        raise NotADatabase(
            f"Tệp “{_display(path)}” là cơ sở dữ liệu SQLite của chương trình khác, "
            "không phải dữ liệu Dân vận khéo."
        )
    if version > LATEST_VERSION:
        raise DatabaseTooNew(
            f"Tệp dữ liệu “{_display(path)}” được tạo bởi phiên bản mới hơn của chương trình "
            f"(lược đồ {version}, chương trình này hiểu đến {LATEST_VERSION}). "
            "Hãy cập nhật chương trình."
        )
    return Inspection(version=version, application_id=app_id, has_tables=count > 0)


@dataclass
class Store:
    """An open data file. ``db`` holds its connection; ``user`` is who writes
    (recorded in the audit log)."""

    path: Path
    db: Database
    read_only: bool = False
    user: str = ""
    upgraded_from: int | None = None
    _closed: bool = field(default=False, repr=False)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def execute(self, sql: str, params: tuple | dict | list = ()) -> sqlite3.Cursor:
        return self.db.conn.execute(sql, params)

    def query(self, sql: str, params: tuple | dict | list = ()) -> list[dict]:
        return [dict(r) for r in self.db.conn.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: tuple | dict | list = ()):
        row = self.db.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def atomic(self):
        """One transaction for one user action: all of it is written, or none. Inside a
        transaction already open, it joins it (no savepoint): an error anywhere rolls the
        whole action back, which is what every caller wants, and bulk work stays fast."""
        if self.read_only:
            raise DatabaseReadOnly(f"Tệp dữ liệu “{self.path}” chỉ đọc, không thể ghi.")
        if self.db.conn.in_transaction:
            return contextlib.nullcontext(self.db)
        return self._immediate()

    @contextlib.contextmanager
    def _immediate(self):
        # IMMEDIATE takes the write lock at the start: a second process waits (busy
        # timeout) instead of failing later with SQLITE_BUSY_SNAPSHOT after it has read.
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            raise
        else:
            self.db.conn.execute("COMMIT")

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _pre_upgrade_copy(path: Path, version: int) -> Path:
    """A byte copy of the file as it was, taken before any upgrade touches it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target_dir = path.parent / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{path.stem}-truoc-nang-cap-v{version}-{stamp}{path.suffix}"
    source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


def _finish_connection(conn: sqlite3.Connection) -> Database:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return Database(conn)


def open_store(path: str | os.PathLike, *, read_only: bool = False, user: str = "") -> Store:
    """Open an existing data file, upgrading its schema if it is older than the program.

    ``read_only`` opens for reading (figures, checks, copies): nothing on disk changes,
    unless the file's schema is older and must be upgraded first.
    """
    path = Path(path)
    info = inspect(path)
    needs_upgrade = info.version < LATEST_VERSION
    if read_only and not info.has_tables:
        raise DatabaseMissing(f"Tệp “{path}” trống, chưa có dữ liệu.")
    if read_only and not needs_upgrade:
        conn = _connect(path, read_only=True)
        return Store(path=path, db=Database(conn), read_only=True, user=user)
    if _is_read_only(path):
        raise DatabaseReadOnly(
            f"Tệp dữ liệu “{path}” chỉ đọc (read-only): không thể ghi hay nâng cấp. "
            "Hãy bỏ thuộc tính chỉ đọc hoặc chép tệp sang thư mục khác."
        )
    upgraded_from = None
    if needs_upgrade and info.has_tables:
        _pre_upgrade_copy(path, info.version)
        upgraded_from = info.version
    conn = _connect(path, read_only=False)
    try:
        db = _finish_connection(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseDamaged(f"Không mở được tệp dữ liệu “{path}”: {exc}.") from exc
    store = Store(path=path, db=db, read_only=False, user=user, upgraded_from=upgraded_from)
    if read_only:
        store.read_only = True
    return store


def create_store(path: str | os.PathLike, *, user: str = "") -> Store:
    """Create a new, empty data file at the latest schema. The file must not exist."""
    path = Path(path)
    if not path.parent.exists():
        raise DatabaseMissing(f"Thư mục “{path.parent}” không tồn tại.")
    if path.exists():
        raise StoreError(f"Tệp “{path}” đã có; chọn một tên tệp mới.")
    try:
        conn = _connect(path, read_only=False)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"Không tạo được tệp “{path}”: {exc}.") from exc
    try:
        db = _finish_connection(conn)
        migrate(db)
    except Exception:
        conn.close()
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return Store(path=path, db=db, user=user)


def open_or_create(path: str | os.PathLike, *, user: str = "") -> Store:
    """The window's default data file: created on first start."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return create_store(path, user=user)
    return open_store(path, user=user)


def quick_check(store: Store, full: bool = False) -> list[str]:
    """``PRAGMA quick_check`` (or ``integrity_check``): an empty list when sound."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in store.execute(f"PRAGMA {pragma}").fetchall()]
        problems = [r for r in rows if r != "ok"]
        problems += [
            f"khóa ngoại hỏng: bảng {r[0]}, dòng {r[1]}"
            for r in store.execute("PRAGMA foreign_key_check").fetchall()
        ]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return problems
